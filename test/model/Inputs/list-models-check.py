#!/usr/bin/env python3
"""Checks `txnlint --list-models` output against the built-in profile files.

Usage: list-models-check.py <profiles-dir> <list-models-output>

Every profile of every checks/model/profiles/*.json must be listed exactly
once, as `<name> - <description>`, in the order the files are embedded
(file names sorted, profiles in file order), and nothing else may be listed.
"""

import glob
import json
import os
import sys


def main():
    profiles_dir, output_file = sys.argv[1], sys.argv[2]
    expected = []
    for path in sorted(glob.glob(os.path.join(profiles_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            for profile in json.load(f)["profiles"]:
                expected.append("%s - %s" % (profile["name"],
                                             profile.get("description", "")))
    with open(output_file, encoding="utf-8") as f:
        listed = [line.rstrip("\n") for line in f]
    if not expected:
        print("no profiles found in %s" % profiles_dir)
        return 1
    if listed != expected:
        print("--list-models does not match %s/*.json" % profiles_dir)
        for line in expected:
            if line not in listed:
                print("  missing:    %s" % line)
        for line in listed:
            if line not in expected:
                print("  unexpected: %s" % line)
        if sorted(listed) == sorted(expected):
            print("  (same lines, different order)")
        return 1
    print("%d built-in profiles listed" % len(expected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
