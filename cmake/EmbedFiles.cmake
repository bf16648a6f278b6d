# Writes the files DIR/*.SUFFIX as C++ initializers of {name, text} pairs:
#   {"qt-sql.json", R"txnlint(...)txnlint"},
file(GLOB files ${DIR}/*.${SUFFIX})
list(SORT files)
set(content "")
foreach(file ${files})
  get_filename_component(name ${file} NAME)
  file(READ ${file} text)
  string(APPEND content "{\"${name}\", R\"txnlint(${text})txnlint\"},\n")
endforeach()
file(WRITE ${OUTPUT} "${content}")
