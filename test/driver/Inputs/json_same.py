#!/usr/bin/env python3
"""Compares two JSON documents as values (object key order does not matter).

    json_same.py [--part=runs.0.results] A B

--part compares only that part of each (keys and array indices separated by
dots). Exit 0 when equal; 1 with a diff of the two, keys sorted, otherwise.
"""

import argparse
import difflib
import json
import sys


def part(doc, path):
    for key in path.split(".") if path else []:
        doc = doc[int(key)] if isinstance(doc, list) else doc[key]
    return doc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", default="")
    parser.add_argument("a")
    parser.add_argument("b")
    args = parser.parse_args()
    docs = []
    for name in (args.a, args.b):
        with open(name, encoding="utf-8") as f:
            docs.append(part(json.load(f), args.part))
    if docs[0] == docs[1]:
        return 0
    a, b = (json.dumps(d, indent=2, sort_keys=True).splitlines(True) for d in docs)
    sys.stdout.writelines(difflib.unified_diff(a, b, args.a, args.b))
    return 1


if __name__ == "__main__":
    sys.exit(main())
