#!/usr/bin/env python3
"""Checks that a --dump-model output reads back as the same model.

Usage: dump-model-check.py <first-dump.json> <dump-after-reloading.json>

<first-dump.json> is `txnlint --dump-model --model=X`; the second is
`txnlint --model=<first-dump.json> --dump-model`. Whatever txnlint does with
profiles that are loaded twice, the profiles read back from the first dump
must print exactly as they were dumped: the second dump must end with every
profile of the first, unchanged and in order.
"""

import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        first = json.load(f)["profiles"]
    with open(sys.argv[2], encoding="utf-8") as f:
        second = json.load(f)["profiles"]
    if not first:
        print("the first dump has no profiles")
        return 1
    tail = second[len(second) - len(first):]
    if len(second) < len(first) or tail != first:
        names = [p.get("name") for p in first]
        print("profiles read back from the dump print differently: %s" % names)
        for a, b in zip(first, tail):
            if a != b:
                print("  first:  %s\n  second: %s" % (json.dumps(a), json.dumps(b)))
                break
        return 1
    print("%d profiles read back unchanged" % len(first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
