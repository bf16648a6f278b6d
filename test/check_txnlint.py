#!/usr/bin/env python3
"""Checks a txnlint check test through both products, like clang-tidy's
check_clang_tidy.py.

Usage:
  check_txnlint.py [--check-suffix=S | --check-suffixes=S1,S2] \\
      <source.cpp> <check-names-glob> <temp-prefix> \\
      [-- <extra txnlint/clang-tidy args> [-- <compiler args>]]

  (lit's %check_txnlint presets --txnlint, --clang-tidy, --plugin and
  --filecheck.)

What it does:
  1. Reads the expectations from <source.cpp>: `// CHECK-MESSAGES:` lines
     (warnings and errors) and `// CHECK-NOTES:` lines (warnings, errors and
     notes), or the -<S> suffixed forms with --check-suffix. Lines are matched
     with FileCheck, so write locations relative to the comment:
       // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: ... [txn-missing-rollback]
  2. Copies the source to <temp-prefix>.cpp, with the text of the CHECK
     comments removed (so they cannot show up in printed source lines; line and
     column numbers are unchanged).
  3. Runs both products on the copy:
       txnlint --checks=-*,<glob> <extra args> <tmp.cpp> -- <compiler args>
       clang-tidy-19 -load <module> -checks=-*,<glob> <extra args> <tmp.cpp> -- <compiler args>
  4. For each output runs FileCheck -input-file=<output> <source.cpp>:
       CHECK-MESSAGES over the output without its note lines,
         with -implicit-check-not={{warning|error}}:
       CHECK-NOTES over the whole output,
         with -implicit-check-not={{note|warning|error}}:
     A file with neither kind of line must produce no diagnostics at all.
  5. Checks that the two products print the same diagnostics
     (file:line:col: severity: message [check], compared as a multiset) and that
     txnlint's exit status is 1 with findings and 0 without.
Exit status 0 when everything holds, 1 otherwise (with the tool output).
"""

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

DIAG_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<severity>warning|error|fatal error|note|remark): (?P<message>.*?)\s*$"
)
CHECK_COMMENT_RE = re.compile(r"//\s*CHECK-[A-Za-z0-9-]*:[^\r\n]*")
CHECK_DIRECTIVE_SUFFIXES = r"(?:-(?:NEXT|SAME|DAG|NOT|LABEL|EMPTY|COUNT-\d+))?"


class Failure(Exception):
    pass


def quote(argv):
    return " ".join(shlex.quote(a) for a in argv)


def run(argv, cwd=None):
    try:
        proc = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd
        )
    except OSError as err:
        raise Failure("cannot run %s: %s" % (argv[0], err))
    return proc.returncode, proc.stdout.decode("utf-8", errors="replace")


def split_args(argv):
    """Splits argv at the first two '--' separators."""
    if "--" not in argv:
        return argv, [], []
    i = argv.index("--")
    own, rest = argv[:i], argv[i + 1:]
    if "--" not in rest:
        return own, rest, []
    j = rest.index("--")
    return own, rest[:j], rest[j + 1:]


def parse_args(argv):
    own, tool_args, compiler_args = split_args(argv)
    parser = argparse.ArgumentParser(
        usage="%(prog)s [--check-suffix=S] [--model=FILE] <source> <check-names-glob> "
        "<temp-prefix> [-- <extra tool args> [-- <compiler args>]]",
        description="Runs txnlint and the clang-tidy module on a test source "
        "and checks their output with FileCheck.",
    )
    parser.add_argument("source")
    parser.add_argument("checks", help="check-name glob, run as -*,<glob>")
    parser.add_argument("temp_prefix")
    parser.add_argument("--check-suffix", "--check-suffixes", dest="check_suffixes",
                        default="", help="comma-separated FileCheck prefix suffixes")
    parser.add_argument("--txnlint", default=os.environ.get("TXNLINT", "txnlint"))
    parser.add_argument("--clang-tidy", dest="clang_tidy",
                        default=os.environ.get("CLANG_TIDY", "clang-tidy-19"))
    parser.add_argument("--plugin", default=os.environ.get("TXNLINT_PLUGIN", ""),
                        help="libTxnLintModule.so for clang-tidy -load")
    parser.add_argument("--filecheck", default="FileCheck")
    parser.add_argument("--model", action="append", default=[],
                        help="user model file, given to txnlint as --model and "
                        "to clang-tidy as the TxnModelFiles check option")
    parser.add_argument("--only", choices=["txnlint", "clang-tidy"],
                        help="run one product only (debugging aid)")
    args = parser.parse_args(own)
    args.tool_args = tool_args
    args.compiler_args = compiler_args
    return args


def prefixes_for(base, suffixes):
    if not suffixes:
        return [base]
    return ["%s-%s" % (base, s) for s in suffixes]


def uses_prefix(text, prefix):
    return re.search(re.escape(prefix) + CHECK_DIRECTIVE_SUFFIXES + ":", text) is not None


def diagnostics(output):
    """The diagnostic lines of an output, as normalized comparable strings."""
    result = []
    for line in output.splitlines():
        m = DIAG_RE.match(line)
        if not m:
            continue
        path = os.path.realpath(os.path.abspath(m.group("file")))
        result.append("%s:%s:%s: %s: %s" % (path, m.group("line"), m.group("col"),
                                              m.group("severity"), m.group("message")))
    return result


def position(diag):
    """Sort key: file, then line and column as numbers, then the rest."""
    m = DIAG_RE.match(diag)
    return (m.group("file"), int(m.group("line")), int(m.group("col")), diag)


def without_notes(output):
    """The output minus note diagnostics and the source/caret lines under them."""
    kept = []
    in_note = False
    for line in output.splitlines():
        m = DIAG_RE.match(line)
        if m:
            in_note = m.group("severity") == "note"
        if not in_note:
            kept.append(line)
    return "\n".join(kept) + "\n"


class Checker:
    def __init__(self, args):
        self.args = args
        self.failures = []
        self.log = []

    def fail(self, what):
        self.failures.append(what)

    def filecheck(self, product, kind, output, out_file, prefixes, implicit):
        with open(out_file, "w", encoding="utf-8") as f:
            f.write(output)
        argv = [
            self.args.filecheck,
            "-input-file=" + out_file,
            self.args.source,
            "-check-prefixes=" + ",".join(prefixes),
            "-implicit-check-not=" + implicit,
        ]
        if len(prefixes) > 1:
            argv.append("-allow-unused-prefixes")
        status, text = run(argv)
        if status != 0:
            self.log.append("---- FileCheck (%s, %s) failed: %s\n%s"
                            % (product, kind, quote(argv), text))
            self.fail("%s output does not match the %s lines" % (product, kind))

    def main(self):
        args = self.args
        with open(args.source, "rb") as f:
            source = f.read().decode("utf-8", errors="surrogateescape")

        suffixes = [s for s in args.check_suffixes.split(",") if s]
        msg_prefixes = prefixes_for("CHECK-MESSAGES", suffixes)
        note_prefixes = prefixes_for("CHECK-NOTES", suffixes)
        has_messages = any(uses_prefix(source, p) for p in msg_prefixes)
        has_notes = any(uses_prefix(source, p) for p in note_prefixes)

        ext = os.path.splitext(args.source)[1] or ".cpp"
        temp_file = args.temp_prefix
        if not temp_file.endswith(ext):
            temp_file += ext
        temp_dir = os.path.dirname(os.path.abspath(temp_file))
        os.makedirs(temp_dir, exist_ok=True)
        cleaned = CHECK_COMMENT_RE.sub("//", source)
        with open(temp_file, "wb") as f:
            f.write(cleaned.encode("utf-8", errors="surrogateescape"))

        checks = "-*," + args.checks
        txnlint_models = ["--model=" + m for m in args.model]
        tidy_models = []
        if args.model:
            tidy_models = ["-config={CheckOptions: {TxnModelFiles: '%s'}}"
                           % ";".join(args.model)]
        products = []
        if args.only in (None, "txnlint"):
            products.append(("txnlint",
                             [args.txnlint, "--checks=" + checks] + txnlint_models
                             + args.tool_args + [temp_file, "--"] + args.compiler_args))
        if args.only in (None, "clang-tidy"):
            if not args.plugin:
                raise Failure("--plugin (the clang-tidy module) is required")
            products.append(("clang-tidy",
                             [args.clang_tidy, "-load", args.plugin,
                              "-checks=" + checks] + tidy_models + args.tool_args
                             + [temp_file, "--"] + args.compiler_args))

        outputs = {}
        for product, argv in products:
            status, output = run(argv)
            outputs[product] = output
            self.log.append("---- %s (exit %d): %s\n%s" % (product, status, quote(argv),
                                                           output))
            if status < 0:
                self.fail("%s was killed by signal %d" % (product, -status))
                continue
            diags = diagnostics(output)
            findings = [d for d in diags if re.search(r": (warning|error|fatal error): ", d)]
            if product == "txnlint":
                expected = 1 if findings else 0
                if status != expected:
                    self.fail("txnlint exited with %d but should exit %d (%d findings)"
                              % (status, expected, len(findings)))
            elif status not in (0, 1):
                self.fail("clang-tidy exited with %d" % status)

            base = "%s.%s" % (temp_file, product)
            if has_messages:
                self.filecheck(product, "CHECK-MESSAGES", without_notes(output),
                               base + ".msg", msg_prefixes, "{{warning|error}}:")
            if has_notes:
                self.filecheck(product, "CHECK-NOTES", output, base + ".notes",
                               note_prefixes, "{{note|warning|error}}:")
            if not has_messages and not has_notes and diags:
                self.fail("%s printed diagnostics, but %s has no %s or %s lines "
                          "(expected none):\n  %s"
                          % (product, args.source, msg_prefixes[0], note_prefixes[0],
                             "\n  ".join(diags)))

        if "txnlint" in outputs and "clang-tidy" in outputs:
            ours = sorted(diagnostics(outputs["txnlint"]), key=position)
            theirs = sorted(diagnostics(outputs["clang-tidy"]), key=position)
            if ours != theirs:
                diff = "\n".join(difflib.unified_diff(
                    theirs, ours, fromfile="clang-tidy -load module",
                    tofile="txnlint", lineterm=""))
                self.log.append("---- diagnostics differ between the products "
                                "(- clang-tidy, + txnlint):\n" + diff)
                self.fail("txnlint and the clang-tidy module print different "
                          "diagnostics")

        if self.failures:
            sys.stdout.write("\n".join(self.log) + "\n")
            sys.stdout.write("---- check_txnlint.py: %s FAILED:\n" % args.source)
            for what in self.failures:
                sys.stdout.write("  - %s\n" % what)
            return 1
        return 0


def main():
    args = parse_args(sys.argv[1:])
    try:
        return Checker(args).main()
    except Failure as err:
        sys.stdout.write("check_txnlint.py: error: %s\n" % err)
        return 1


if __name__ == "__main__":
    sys.exit(main())
