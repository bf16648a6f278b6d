"""Writes broken variants of a valid report.json into a directory."""
import copy
import json
import os
import sys

report = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)


def variant(name, change):
    doc = copy.deepcopy(report)
    change(doc)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(doc, f)


variant("extra-field", lambda d: d.update(extra=1))
variant("no-summary", lambda d: d.pop("summary"))
variant("line-string", lambda d: d["findings"][0].update(line="7"))
variant("bad-kind", lambda d: d["scopes"][0].update(kind="implicit"))
variant("scope-no-begin", lambda d: d["scopes"][0].pop("begin"))
variant("finding-no-snippet", lambda d: d["findings"][0].pop("snippet"))
