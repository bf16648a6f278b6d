#!/usr/bin/env python3
"""Runs lit and ends with one plain summary line: `N passed, N failed`.

    run-lit.py [--python PY] [--lit LIT] -- <lit arguments>

lit's own report is printed as it comes; the counts are read from the xUnit
file lit writes (--xunit-xml-output), so they do not depend on the wording of
lit's summary. Passed counts PASS and XFAIL; failed counts FAIL, XPASS,
UNRESOLVED and TIMEOUT; UNSUPPORTED and excluded tests are reported as skipped
on the line before. The exit status is lit's.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DEFAULT_LIT = "/usr/lib/llvm-19/build/utils/lit/lit.py"


def count_results(xml_path):
    passed = failed = skipped = 0
    root = ET.parse(xml_path).getroot()
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter to run lit.py with")
    parser.add_argument("--lit", default=DEFAULT_LIT, help="lit.py or a lit executable")
    parser.add_argument("lit_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    lit_args = args.lit_args
    if lit_args and lit_args[0] == "--":
        lit_args = lit_args[1:]

    if args.lit.endswith(".py"):
        command = [args.python, args.lit]
    else:
        command = [args.lit]

    fd, xml_path = tempfile.mkstemp(prefix="txnlint-lit-", suffix=".xml")
    os.close(fd)
    try:
        sys.stdout.flush()
        status = subprocess.call(command + ["--xunit-xml-output", xml_path] + lit_args)
        try:
            passed, failed, skipped = count_results(xml_path)
        except (ET.ParseError, OSError) as err:
            print("run-lit: lit wrote no results (exit status %d): %s" % (status, err))
            passed = failed = skipped = 0
            if status == 0:
                status = 1
    finally:
        try:
            os.unlink(xml_path)
        except OSError:
            pass

    if skipped:
        print("%d skipped (unsupported or filtered out)" % skipped)
    if failed and status == 0:
        status = 1
    print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
