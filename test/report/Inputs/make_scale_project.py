"""Writes a project of many directories under <dir>: directory dNN holds
NN+1 files, each with one transaction, and a compile_commands.json for all
of them (as make_compdb.py writes it)."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
directories = int(sys.argv[2])
entries = []
for d in range(directories):
    for f in range(d + 1):
        path = os.path.join(root, "src", "d%02d" % d, "f%d.cpp" % f)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write("#include <sqlite3.h>\n"
                      "void save_%d_%d(sqlite3 *db) {\n"
                      "  sqlite3_exec(db, \"BEGIN\", nullptr, nullptr, nullptr);\n"
                      "  (void)sqlite3_exec(db, \"INSERT INTO t VALUES (1)\", nullptr, nullptr, nullptr);\n"
                      "  sqlite3_exec(db, \"COMMIT\", nullptr, nullptr, nullptr);\n"
                      "}\n" % (d, f))
        entries.append({"directory": root, "file": path,
                        "arguments": ["clang++", "-std=c++17", "-c", path]})
with open(os.path.join(root, "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=2)
