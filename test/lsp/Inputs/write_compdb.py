"""Writes <out>/compile_commands.json for the .cpp files of <src>, as the
example's CMake build would (C++17, <src> on the include path).

    write_compdb.py <src> <out>
"""
import glob
import json
import os
import sys

src, out = (os.path.realpath(p) for p in sys.argv[1:3])
with open(os.path.join(out, "compile_commands.json"), "w") as f:
    json.dump([{"directory": src, "file": path,
                "arguments": ["clang++", "-std=c++17", "-I" + src, "-c", path]}
               for path in sorted(glob.glob(os.path.join(src, "*.cpp")))], f,
              indent=1)
