#!/usr/bin/env python3
"""Validates txnlint's --format=json output and prints it one fact a line.

    json_diags.py [--relative-to DIR] [FILE]      (FILE defaults to stdin)

The schema is checked exactly (no missing, extra or mistyped fields):

  {"version": "0.1.0",
   "diagnostics": [
     {"check": str, "severity": "warning"|"error",
      "check_severity": "high"|"medium"|"low", "file": str,
      "line": int >= 1, "column": int >= 1, "message": str,
      "notes": [{"file": str, "line": int, "column": int, "message": str}],
      "fixes": []}]}

Then it prints, for FileCheck:

  version 0.1.0
  diag <severity> <file>:<line>:<column>: <message> [<check>]
  note <file>:<line>:<column>: <message>
  fixes <count>
  total <count>

File names are printed relative to --relative-to when they are inside it.
Exit status 1 (with a message) if the input is not JSON or breaks the schema.
"""

import argparse
import json
import os
import sys

DIAG_KEYS = {"check", "severity", "check_severity", "file", "line", "column", "message", "notes", "fixes"}
NOTE_KEYS = {"file", "line", "column", "message"}


class SchemaError(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise SchemaError(what)


def check_keys(obj, keys, where):
    expect(isinstance(obj, dict), "%s is not an object" % where)
    missing = sorted(keys - set(obj))
    extra = sorted(set(obj) - keys)
    expect(not missing, "%s lacks %s" % (where, ", ".join(missing)))
    expect(not extra, "%s has unexpected %s" % (where, ", ".join(extra)))


def check_location(obj, where):
    expect(isinstance(obj["file"], str) and obj["file"], "%s.file is not a non-empty string" % where)
    for key in ("line", "column"):
        value = obj[key]
        expect(isinstance(value, int) and not isinstance(value, bool) and value >= 1,
               "%s.%s is not a positive integer: %r" % (where, key, value))
    expect(isinstance(obj["message"], str) and obj["message"],
           "%s.message is not a non-empty string" % where)


def show_path(path, base):
    if base is None:
        return path
    full = os.path.normpath(os.path.join(os.getcwd(), path))
    base = os.path.normpath(os.path.abspath(base))
    if full == base or full.startswith(base + os.sep):
        return os.path.relpath(full, base)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--relative-to", dest="base")
    parser.add_argument("file", nargs="?")
    args = parser.parse_args()

    text = open(args.file, encoding="utf-8").read() if args.file else sys.stdin.read()
    try:
        doc = json.loads(text)
    except ValueError as err:
        print("json_diags: invalid JSON (%s) in:\n%s" % (err, text))
        return 1

    lines = []
    try:
        check_keys(doc, {"version", "diagnostics"}, "the document")
        expect(doc["version"] == "0.1.0", "version is %r, not '0.1.0'" % (doc["version"],))
        expect(isinstance(doc["diagnostics"], list), "diagnostics is not an array")
        lines.append("version %s" % doc["version"])
        for i, diag in enumerate(doc["diagnostics"]):
            where = "diagnostics[%d]" % i
            check_keys(diag, DIAG_KEYS, where)
            check_location(diag, where)
            expect(isinstance(diag["check"], str) and diag["check"],
                   "%s.check is not a non-empty string" % where)
            expect(diag["severity"] in ("warning", "error"),
                   "%s.severity is %r" % (where, diag["severity"]))
            expect(diag["check_severity"] in ("high", "medium", "low"),
                   "%s.check_severity is %r" % (where, diag["check_severity"]))
            expect(isinstance(diag["notes"], list), "%s.notes is not an array" % where)
            expect(isinstance(diag["fixes"], list), "%s.fixes is not an array" % where)
            lines.append("diag %s %s:%d:%d: %s [%s]" % (
                diag["severity"], show_path(diag["file"], args.base), diag["line"],
                diag["column"], diag["message"], diag["check"]))
            for j, note in enumerate(diag["notes"]):
                nwhere = "%s.notes[%d]" % (where, j)
                check_keys(note, NOTE_KEYS, nwhere)
                check_location(note, nwhere)
                lines.append("note %s:%d:%d: %s" % (
                    show_path(note["file"], args.base), note["line"], note["column"],
                    note["message"]))
            lines.append("fixes %d" % len(diag["fixes"]))
        lines.append("total %d" % len(doc["diagnostics"]))
    except SchemaError as err:
        print("json_diags: schema error: %s in:\n%s" % (err, text))
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
