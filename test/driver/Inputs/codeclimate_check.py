#!/usr/bin/env python3
"""Checks a GitLab Code Quality report (txnlint --format=codeclimate).

    codeclimate_check.py FILE

Every issue must have the fields GitLab documents as required, with the
right types: description (string), check_name (string), fingerprint (a
txnlint fingerprint, <16 hex digits>:<n>, unique in the report), severity
(info, minor, major, critical or blocker), location.path (a relative path)
and location.lines.begin (a line, from 1). Prints one line an issue,

  <severity> <check_name> <path>:<line>: <description>

then `total <number of issues>`. Exit status 1, with a message, when a
field is missing or wrong.
"""

import json
import re
import sys

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
FINGERPRINT_RE = re.compile(r"^[0-9A-F]{16}:[0-9]+$", re.IGNORECASE)


def check(issue, where, seen):
    def expect(cond, what):
        if not cond:
            raise ValueError("%s: %s" % (where, what))

    expect(isinstance(issue, dict), "not an object")
    for key in ("description", "check_name", "fingerprint", "severity"):
        expect(isinstance(issue.get(key), str) and issue[key], "no %s" % key)
    expect(issue["severity"] in SEVERITIES, "severity %r" % issue["severity"])
    expect(FINGERPRINT_RE.match(issue["fingerprint"]), "fingerprint %r" % issue["fingerprint"])
    expect(issue["fingerprint"] not in seen, "fingerprint %s twice" % issue["fingerprint"])
    seen.add(issue["fingerprint"])
    location = issue.get("location")
    expect(isinstance(location, dict), "no location")
    path = location.get("path")
    expect(isinstance(path, str) and path and not path.startswith("/"),
           "location.path %r is not a relative path" % path)
    begin = location.get("lines", {}).get("begin")
    expect(isinstance(begin, int) and begin >= 1, "location.lines.begin %r" % begin)
    return "%s %s %s:%d: %s" % (issue["severity"], issue["check_name"], path, begin,
                                issue["description"])


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        issues = json.load(f)
    try:
        if not isinstance(issues, list):
            raise ValueError("not an array")
        seen = set()
        lines = [check(issue, "[%d]" % n, seen) for n, issue in enumerate(issues)]
    except ValueError as err:
        print("codeclimate_check: %s: %s" % (sys.argv[1], err))
        return 1
    print("\n".join(lines + ["total %d" % len(issues)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
