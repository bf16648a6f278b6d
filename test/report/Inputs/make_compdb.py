"""Writes <dir>/compile_commands.json for the named sources (relative to
<dir>), as CMake would: absolute paths, an "arguments" entry each."""
import json
import os
import sys

directory = os.path.abspath(sys.argv[1])
entries = []
for source in sys.argv[2:]:
    path = os.path.join(directory, source)
    entries.append({
        "directory": directory,
        "file": path,
        "arguments": ["clang++", "-std=c++17", "-c", path],
    })
with open(os.path.join(directory, "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=2)
