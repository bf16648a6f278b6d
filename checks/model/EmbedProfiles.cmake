# Writes the built-in profile files as C++ string literals:
#   {"qt-sql.json", R"txnlint(...)txnlint"},
file(GLOB profiles ${PROFILE_DIR}/*.json)
list(SORT profiles)
set(content "")
foreach(profile ${profiles})
  get_filename_component(name ${profile} NAME)
  file(READ ${profile} text)
  string(APPEND content "{\"${name}\", R\"txnlint(${text})txnlint\"},\n")
endforeach()
file(WRITE ${OUTPUT} "${content}")
