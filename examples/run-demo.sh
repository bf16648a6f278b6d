#!/usr/bin/env bash
# Usage: examples/run-demo.sh <build-dir>
#
# Builds the example order service in <build-dir>/examples (which also writes
# its compile_commands.json there) and runs <build-dir>/bin/txnlint over it.
# Exits 0 when txnlint ran and reported findings, non-zero otherwise.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <build-dir>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
if ! build=$(cd "$1" 2>/dev/null && pwd); then
  echo "run-demo: no build directory '$1'; run 'make build' first" >&2
  exit 2
fi
txnlint="$build/bin/txnlint"
out="$build/examples"
if [ ! -x "$txnlint" ]; then
  echo "run-demo: $txnlint not found; run 'make build' first" >&2
  exit 2
fi

# Same compiler as txnlint itself when available; Ninja when available.
config=(-S "$here" -B "$out" -DCMAKE_BUILD_TYPE=Debug)
command -v clang++-19 >/dev/null && config+=(-DCMAKE_CXX_COMPILER=clang++-19)
command -v ninja >/dev/null && [ ! -f "$out/Makefile" ] && config+=(-G Ninja)

echo "== Building the example order service in $out"
if ! log=$(cmake "${config[@]}" 2>&1 && cmake --build "$out" 2>&1); then
  echo "$log" >&2
  echo "run-demo: the example does not build" >&2
  exit 2
fi

echo "== txnlint -p $out"
echo
findings=$(mktemp)
stats=$(mktemp)
trap 'rm -f "$findings" "$stats"' EXIT
report="$build/report"
"$txnlint" -p "$out" --report="$report" >"$findings" 2>"$stats"
rc=$?
cat "$findings"
# txnlint's own messages, without clang's per-file "N warnings generated."
# lines and the progress line.
grep -Ev ' generated\.$|^txnlint: [0-9]+/[0-9]+ files, ' "$stats" >&2
echo

if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
  echo "== txnlint failed (exit status $rc)." >&2
  exit "$rc"
fi
if [ "$rc" -eq 0 ]; then
  echo "== txnlint found nothing, but examples/src contains transaction bugs" \
       "(see the '// txnlint finds:' comments)." >&2
  exit 1
fi

# Each bug in examples/src is marked by a comment '// txnlint finds: <check>'
# on the lines just above the line that txnlint reports. Compare the marked
# bugs (file:line:check) with txnlint's warnings.
expected=$(cd "$here/src" && awk '
  /\/\/ txnlint finds:/ {
    line = $0; sub(/.*txnlint finds:/, "", line); pending = ""
    while (match(line, /txn-[a-z-]*[a-z]/)) {
      pending = pending " " substr(line, RSTART, RLENGTH)
      line = substr(line, RSTART + RLENGTH)
    }
    next
  }
  pending != "" && !/^[[:space:]]*(\/\/.*)?$/ {
    n = split(pending, checks, " ")
    for (i = 1; i <= n; i++) print FILENAME ":" FNR ":" checks[i]
    pending = ""
  }' ./*.cpp ./*.h | sed 's|^\./||' | sort -u)
reported=$(sed -En 's|^(.*/)?([^/:]+):([0-9]+):[0-9]+: warning: .*\[(txn-[a-z-]+)\]$|\2:\3:\4|p' \
             "$findings" | sort -u)
warnings=$(grep -c ': warning: .*\[txn-' "$findings")
found=$(comm -12 <(echo "$expected") <(echo "$reported") | grep . || true)
missed=$(comm -23 <(echo "$expected") <(echo "$reported") | grep . || true)
unmarked=$(comm -13 <(echo "$expected") <(echo "$reported") | grep . || true)
count() { echo -n "$1" | grep -c . || true; }

echo "== Findings by check (file:line in examples/src):"
silent=()
while read -r check _; do
  case $check in txn-*) ;; *) continue ;; esac
  where=
  for f in $(echo "$reported" | grep ":$check\$" || true); do
    loc=${f%:*}
    echo "$unmarked" | grep -qx "$f" && loc="$loc (not marked)"
    where="${where:+$where, }$loc"
  done
  if [ -n "$where" ]; then
    printf '   %-32s %s\n' "$check" "$where"
  else
    silent+=("$check")
  fi
done < <("$txnlint" --list-checks)

if [ -z "$missed" ] && [ -z "$unmarked" ] && [ ${#silent[@]} -eq 0 ]; then
  echo "== txnlint reported exactly the $(count "$expected") bugs marked '// txnlint finds:'"
  echo "   in examples/src, each at its marked line, and every check found one."
  echo "   The correct code next to them produced no warning."
else
  echo "== $warnings warning(s); $(count "$found") of the $(count "$expected") bugs marked" \
       "'// txnlint finds:' in examples/src were reported where marked."
  # "f.cpp:12:txn-x" lines -> "f.cpp:12 [txn-x], ..."
  pretty() { echo "$1" | sed -E 's/:(txn-[a-z-]+)$/ [\1]/' | paste -sd, - | sed 's/,/, /g'; }
  [ -n "$unmarked" ] &&
    echo "   Reported on lines not marked as bugs: $(pretty "$unmarked")"
  [ -n "$missed" ] &&
    echo "   Marked but not reported: $(pretty "$missed")"
  [ ${#silent[@]} -gt 0 ] && echo "   Checks with no finding: ${silent[*]}"
fi
echo
echo "== txnlint faultsim: each workflow of examples/src/workflows.cpp run once per"
echo "   database call it makes, with that call failing (docs/faultsim.md)"
workflows="$out/order-workflows"
work=$(mktemp -d)
trap 'rm -f "$findings" "$stats"; rm -rf "$work"' EXIT
db="$work/shop.db"
if ! "$workflows" "$db" setup; then
  echo "run-demo: '$workflows $db setup' failed" >&2
  exit 2
fi
confirmed=() passed=() checks=()
for workflow in place adjust pay refund events; do
  echo "-- order-workflows $workflow"
  # Paths relative to the repository; the full report of each workflow is in
  # $build/faultsim-<workflow>.json.
  (cd "$here/.." &&
   "$txnlint" faultsim --db "sqlite:$db" --ignore audit_log.at --exit-status \
     --findings "$report/report.json" -o "$build/faultsim-$workflow.json" \
     -- "$workflows" "$db" "$workflow" 2>/dev/null) |
    grep -E '^(examples/|faultsim: )|^  (confirms|also when)' >"$work/out"
  status=${PIPESTATUS[0]}
  sed 's/^/   /' "$work/out"
  case $status in
    0) passed+=("$workflow") ;;
    1) confirmed+=("$workflow")
       checks+=($(grep -o '\[txn-[a-z-]*\]$' "$work/out" | tr -d '[]' | sort -u)) ;;
    *) echo "== txnlint faultsim failed on $workflow" >&2; exit 2 ;;
  esac
done
echo "== faultsim confirmed findings of $(printf '%s\n' "${checks[@]}" | sort -u | paste -sd, - |
     sed 's/,/, /g') by partial or contradicted writes in ${confirmed[*]};"
echo "   all-or-nothing under every injected failure: ${passed[*]}"
# The audit again, with the failure simulation's results: the findings they
# confirm are marked in the report.
results=()
for workflow in "${confirmed[@]}" "${passed[@]}"; do
  results+=("--faultsim-result=$build/faultsim-$workflow.json")
done
if ! "$txnlint" -p "$out" --report="$report" --quiet --exit-zero "${results[@]}" >/dev/null; then
  echo "== txnlint --report with the faultsim results failed" >&2
  exit 2
fi

echo
echo "== The transaction audit of the example (every transaction scope, its"
echo "   writes, failure points, commits and findings, and the failure"
echo "   simulation's results) is in $report/:"
echo "   open $report/index.html in a browser, or read $report/report.md."
exit 0
