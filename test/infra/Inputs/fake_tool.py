#!/usr/bin/env python3
"""Stands in for txnlint or `clang-tidy -load <module>` to test check_txnlint.py.

    fake_tool.py <txnlint|clang-tidy> <tool args> <file.cpp> -- <compiler args>

Diagnostics come from markers in the source, reported at the marker's column
in clang-tidy's format (with a source line and caret under each):
    /*W:text*/  warning: text [fake-check]
    /*E:text*/  error: text [clang-diagnostic-error]
    /*N:text*/  note: text            (attached to the previous warning)
A marker written /*W@txnlint:text*/ (or @clang-tidy) is printed by that
product only. /*EXIT@txnlint:3*/ makes that product exit with 3 instead of its
usual status (txnlint: 1 with findings, else 0; clang-tidy: 1 with errors).
"""

import re
import sys

MARKER = re.compile(r"/\*(W|E|N|EXIT)(?:@([a-z-]+))?:([^*]*)\*/")
SEVERITY = {"W": "warning", "E": "error", "N": "note"}


def main():
    product, args = sys.argv[1], sys.argv[2:]
    if "--" in args:
        args = args[: args.index("--")]
    sources = [a for a in args if a.endswith(".cpp")]
    if len(sources) != 1:
        print("fake_tool: expected one .cpp file in %r" % args)
        return 2
    path = sources[0]
    findings = 0
    errors = 0
    status = None
    with open(path) as f:
        for lineno, line in enumerate(f.read().splitlines(), 1):
            for m in MARKER.finditer(line):
                kind, only, text = m.groups()
                if only and only != product:
                    continue
                if kind == "EXIT":
                    status = int(text)
                    continue
                col = m.start() + 1
                msg = "%s:%d:%d: %s: %s" % (path, lineno, col, SEVERITY[kind], text)
                if kind == "W":
                    msg += " [fake-check]"
                    findings += 1
                elif kind == "E":
                    msg += " [clang-diagnostic-error]"
                    findings += 1
                    errors += 1
                print(msg)
                print("%5d | %s" % (lineno, line))
                print("      | %s^" % (" " * (col - 1)))
    if status is None:
        if product == "txnlint":
            status = 1 if findings else 0
        else:
            status = 1 if errors else 0
    if product == "clang-tidy" and findings:
        sys.stderr.write("%d warnings generated.\n" % findings)
    return status


if __name__ == "__main__":
    sys.exit(main())
