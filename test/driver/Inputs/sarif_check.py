#!/usr/bin/env python3
"""Checks txnlint's --format=sarif output.

    sarif_check.py validate --multitool=PATH --out=LOG FILE
    sarif_check.py facts FILE

validate: runs the official SARIF validator with its SARIF and GitHub rule
sets (`sarif-multitool validate FILE --output LOG --rule-kind "Gh;Sarif"`;
PATH is the native executable, which takes the ';' list unquoted by a
shell). The validator exits 0 whatever it finds; its findings are
the results of the SARIF log it writes. Any result of level "error" (given
on the result, or by its rule's default), any error notification, or a run
that did not complete makes this exit 1 and print them; warnings and notes
(SARIF1001, SARIF2xxx advice) are printed on stderr but do not fail. On
success it prints `sarif-multitool: no errors`.

facts: checks the invariants of txnlint's SARIF (one run; every result's
ruleId is a rule of the driver and its ruleIndex points at that rule;
relatedLocations numbered from 1, each linked from the message as
"[...](id)", and no other link; one code flow with one thread flow whose
steps include the result's location and every related location; a
txnlintFingerprint/v1 partial fingerprint of the form <16 hex digits>:<n>,
unique in the run; uris under the source root are relative with uriBaseId
SRCROOT, others are absolute file:// uris; regions end on their line, and
their snippet is the line's text between the columns; columnKind
utf16CodeUnits; every rule has help text, and every txn-* rule help in
Markdown too, with the sections "Why it matters", "Example" and "How to
fix"; a helpUri, when there is one, ends in docs/checks/<rule id>.md) and
prints one fact a line for FileCheck:

  version <sarif version>
  tool <name> <version>
  srcroot <originalUriBaseIds.SRCROOT.uri>            (or "srcroot none")
  category <automationDetails.id>                     (or "category none")
  rule <id> level=<default level> severity=<problem.severity or none>
       precision=<precision or none> tags=<tag,...>
       help=<tail>                                   (tail: the helpUri from
                                                       "docs/checks/" on, or
                                                       "none")
  invocation successful=<true|false>
  notification <level> <descriptor id or -> <location>: <message>
  result <ruleId> <level> <location>: <message>
  region <startColumn>-<endColumn> <snippet>
  related <id> <location>: <message>
  step <location>: <message>                         (the code flow's steps)
  fingerprint <value>
  total <number of results>

where <location> is <uriBaseId>:<uri>:<line>:<column> (uriBaseId "-" when
absent; line and column "-" without a region), columns in UTF-16 code
units.
Exit status 1, with a message, when an invariant does not hold.
"""

import argparse
import json
import os
import re
import subprocess
import sys

FINGERPRINT_RE = re.compile(r"^[0-9A-F]{16}:[0-9]+$", re.IGNORECASE)


class Invalid(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Invalid(what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def message_text(message):
    if "text" in message:
        return message["text"]
    return "%s %s" % (message.get("id", ""), json.dumps(message.get("arguments", [])))


def validate(args):
    if os.path.exists(args.out):
        os.remove(args.out)
    proc = subprocess.run(
        [args.multitool, "validate", args.file, "--output", args.out,
         "--rule-kind", "Gh;Sarif"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    console = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0 or not os.path.exists(args.out):
        print("sarif-multitool failed (exit %d):\n%s" % (proc.returncode, console))
        return 1
    log = load(args.out)
    errors, others = [], []
    for run in log.get("runs", []):
        defaults = {}
        for rule in run.get("tool", {}).get("driver", {}).get("rules", []):
            defaults[rule.get("id")] = rule.get("defaultConfiguration", {}).get("level", "warning")
        for result in run.get("results", []):
            level = result.get("level", defaults.get(result.get("ruleId"), "warning"))
            line = "%s %s: %s" % (level, result.get("ruleId"),
                                  message_text(result.get("message", {})))
            (errors if level == "error" else others).append(line)
        for invocation in run.get("invocations", []):
            if not invocation.get("executionSuccessful", False):
                errors.append("error: the validator's run did not complete")
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for note in invocation.get(key, []):
                    if note.get("level", "warning") == "error":
                        errors.append("error %s: %s" % (key, message_text(note.get("message", {}))))
    for line in others:
        print(line, file=sys.stderr)
    if errors:
        print("sarif-multitool reports %d error(s) in %s:" % (len(errors), args.file))
        print("\n".join(errors))
        print(console)
        return 1
    print("sarif-multitool: no errors")
    return 0


def location(physical, srcroot):
    artifact = physical.get("artifactLocation", {})
    expect("uri" in artifact, "an artifactLocation has no uri")
    uri = artifact["uri"]
    base = artifact.get("uriBaseId")
    if base is not None:
        expect(base == "SRCROOT", "uriBaseId %r is not SRCROOT" % base)
        expect(srcroot is not None, "uriBaseId SRCROOT but no originalUriBaseIds.SRCROOT")
        expect(not uri.startswith("/") and "://" not in uri,
               "uri %r with uriBaseId is not relative" % uri)
    else:
        expect(uri.startswith("file:///"), "uri %r without uriBaseId is not absolute" % uri)
    region = physical.get("region")
    if region is None:
        return "%s:%s:-:-" % (base or "-", uri)
    expect(region.get("startLine", 0) >= 1 and region.get("startColumn", 0) >= 1,
           "bad region %r" % region)
    if "endColumn" in region:
        expect(region.get("endLine") == region["startLine"]
               and region["endColumn"] > region["startColumn"],
               "bad region end %r" % region)
        line = utf16(physical["contextRegion"]["snippet"]["text"])
        snippet = line[region["startColumn"] - 1:region["endColumn"] - 1]
        expect(utf16(region["snippet"]["text"]) == snippet,
               "region snippet %r is not columns %d-%d of %r" % (
                   region["snippet"]["text"], region["startColumn"],
                   region["endColumn"], physical["contextRegion"]["snippet"]["text"]))
    return "%s:%s:%d:%d" % (base or "-", uri, region["startLine"], region["startColumn"])


def utf16(text):
    """The UTF-16 code units of text (two for a character outside the BMP)."""
    data = text.encode("utf-16-le")
    return [data[i:i + 2] for i in range(0, len(data), 2)]


LINK_RE = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((\d+)\)")


def facts(args):
    log = load(args.file)
    out = []
    expect(log.get("version") == "2.1.0", "version is not 2.1.0")
    expect(isinstance(log.get("runs"), list) and len(log["runs"]) == 1, "not exactly one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    out.append("version %s" % log["version"])
    out.append("tool %s %s" % (driver["name"], driver.get("version")))
    srcroot = run.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri")
    if srcroot is not None:
        expect(srcroot.startswith("file:///") and srcroot.endswith("/"),
               "SRCROOT %r is not an absolute file:// uri ending in /" % srcroot)
    out.append("srcroot %s" % (srcroot or "none"))
    out.append("category %s" % run.get("automationDetails", {}).get("id", "none"))
    expect(run.get("columnKind") == "utf16CodeUnits", "columnKind is not utf16CodeUnits")
    rules = driver.get("rules", [])
    index = {}
    for i, rule in enumerate(rules):
        expect(rule["id"] not in index, "rule %s twice" % rule["id"])
        index[rule["id"]] = i
        expect(rule.get("shortDescription", {}).get("text"), "rule %s lacks a shortDescription" % rule["id"])
        expect(rule.get("help", {}).get("text"), "rule %s lacks help text" % rule["id"])
        if rule["id"].startswith("txn-"):
            markdown = rule["help"].get("markdown", "")
            for section in ("Why it matters", "Example", "How to fix"):
                expect("\n## %s\n" % section in markdown,
                       "rule %s: help.markdown has no section %r" % (rule["id"], section))
        help_uri = rule.get("helpUri")
        tail = "none"
        if help_uri is not None:
            at = help_uri.rfind("docs/checks/")
            tail = help_uri[at:] if at >= 0 else "BAD:" + help_uri
            expect(tail == "docs/checks/%s.md" % rule["id"],
                   "rule %s: helpUri %r does not end in docs/checks/%s.md"
                   % (rule["id"], help_uri, rule["id"]))
        props = rule.get("properties", {})
        out.append("rule %s level=%s severity=%s precision=%s tags=%s help=%s" % (
            rule["id"], rule.get("defaultConfiguration", {}).get("level"),
            props.get("problem.severity", "none"), props.get("precision", "none"),
            ",".join(props.get("tags", [])) or "none", tail))
    invocations = run.get("invocations", [])
    expect(len(invocations) == 1, "not exactly one invocation")
    out.append("invocation successful=%s" % str(invocations[0].get("executionSuccessful")).lower())
    for note in invocations[0].get("toolExecutionNotifications", []):
        where = "-"
        if note.get("locations"):
            where = location(note["locations"][0]["physicalLocation"], srcroot)
        out.append("notification %s %s %s: %s" % (
            note.get("level"), note.get("descriptor", {}).get("id", "-"), where,
            note["message"]["text"]))
    seen = set()
    results = run.get("results", [])
    for n, result in enumerate(results):
        where = "results[%d]" % n
        rule_id = result.get("ruleId")
        expect(rule_id in index, "%s: ruleId %r is not a rule of the driver" % (where, rule_id))
        expect(result.get("ruleIndex") == index[rule_id],
               "%s: ruleIndex %r, but %s is rules[%d]" % (where, result.get("ruleIndex"), rule_id, index[rule_id]))
        expect(len(result.get("locations", [])) == 1, "%s: not one location" % where)
        physical = result["locations"][0]["physicalLocation"]
        loc = location(physical, srcroot)
        text = result["message"]["text"]
        out.append("result %s %s %s: %s" % (rule_id, result.get("level"), loc, text))
        region = physical.get("region", {})
        if "endColumn" in region:
            out.append("region %d-%d %s" % (region["startColumn"], region["endColumn"],
                                            region["snippet"]["text"]))
        related = result.get("relatedLocations", [])
        links = {int(m.group(2)): m.group(1) for m in LINK_RE.finditer(text)}
        for i, rel in enumerate(related):
            expect(rel.get("id") == i + 1, "%s: relatedLocations[%d] has id %r" % (where, i, rel.get("id")))
            expect(links.get(rel["id"]) is not None, "%s: the message does not link related location %d" % (where, rel["id"]))
            out.append("related %d %s: %s" % (rel["id"], location(rel["physicalLocation"], srcroot),
                                             rel["message"]["text"]))
        expect(set(links) == {rel["id"] for rel in related},
               "%s: the message links %r, the related locations are %r" % (
                   where, sorted(links), [rel["id"] for rel in related]))
        flows = result.get("codeFlows", [])
        expect(len(flows) == 1 and len(flows[0].get("threadFlows", [])) == 1,
               "%s: not one code flow with one thread flow" % where)
        steps = [step["location"] for step in flows[0]["threadFlows"][0]["locations"]]
        step_places = [json.dumps(step["physicalLocation"], sort_keys=True) for step in steps]
        for place in [physical] + [rel["physicalLocation"] for rel in related]:
            expect(json.dumps(place, sort_keys=True) in step_places,
                   "%s: %s is not a step of the code flow" % (where, location(place, srcroot)))
        for step in steps:
            out.append("step %s: %s" % (location(step["physicalLocation"], srcroot),
                                        step["message"]["text"]))
        prints = result.get("partialFingerprints", {})
        expect(list(prints) == ["txnlintFingerprint/v1"], "%s: partialFingerprints %r" % (where, prints))
        value = prints["txnlintFingerprint/v1"]
        expect(FINGERPRINT_RE.match(value), "%s: fingerprint %r" % (where, value))
        expect(value not in seen, "%s: fingerprint %s is not unique" % (where, value))
        seen.add(value)
        out.append("fingerprint %s" % value)
    out.append("total %d" % len(results))
    print("\n".join(out))
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate")
    v.add_argument("--multitool", required=True)
    v.add_argument("--out", required=True)
    v.add_argument("file")
    f = sub.add_parser("facts")
    f.add_argument("file")
    args = parser.parse_args()
    try:
        return validate(args) if args.command == "validate" else facts(args)
    except (Invalid, KeyError, TypeError, ValueError) as err:
        print("sarif_check: %s: %s" % (args.file, err))
        return 1


if __name__ == "__main__":
    sys.exit(main())
