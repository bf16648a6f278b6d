#!/usr/bin/env python3
"""Adds one replacement to a YAML file written by txnlint --export-fixes.

    add_replacement.py IN OUT TEXT

txnlint's checks offer no fixes yet, so the exported diagnostics all have
`Replacements: []`. To show that clang-apply-replacements reads the rest of
the file as txnlint writes it, this gives the first diagnostic's message a
replacement that inserts TEXT at the diagnostic's own FilePath and
FileOffset, in clang-tidy's layout, leaving every other line unchanged.
(Plain text editing: the test must not depend on a YAML library.)
"""

import re
import sys


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    src, dst, text = sys.argv[1:4]
    with open(src, encoding="utf-8") as f:
        yaml = f.read()
    m = re.search(r"^(\s+)FilePath:\s+(.*)\n\s+FileOffset:\s+(\d+)\n(\s+)Replacements:\s+\[\]\n",
                  yaml, re.MULTILINE)
    if not m:
        print("add_replacement: no diagnostic with 'Replacements: []' in %s" % src)
        return 1
    path, offset, indent = m.group(2), m.group(3), m.group(4)
    block = ("%sReplacements:\n"
             "%s  - FilePath:        %s\n"
             "%s    Offset:          %s\n"
             "%s    Length:          0\n"
             "%s    ReplacementText: %s\n") % (indent, indent, path, indent, offset,
                                               indent, indent, quote(text))
    yaml = yaml[:m.start(4)] + block + yaml[m.end():]
    with open(dst, "w", encoding="utf-8") as f:
        f.write(yaml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
