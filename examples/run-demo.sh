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
trap 'rm -f "$findings"' EXIT
"$txnlint" -p "$out" | tee "$findings"
rc=${PIPESTATUS[0]}
echo

# The functions marked '// txnlint finds:' (name from the first line after the
# comment), and whether txnlint's warnings are exactly one for each of them.
marked=$(awk '/\/\/ txnlint finds:/ { want = 1; next }
              want && !/^[[:space:]]*\/\// { if (match($0, /[A-Za-z_0-9]+\(/))
                                                 print substr($0, RSTART, RLENGTH - 1)
                                               want = 0 }' "$here"/src/*.cpp)
warnings=$(grep -c ': warning: .*\[txn-' "$findings")
as_expected=yes
[ "$warnings" -eq "$(echo "$marked" | grep -c .)" ] || as_expected=no
for f in $marked; do
  grep -Eq ": warning: .* out of '([A-Za-z_0-9]+::)*$f'" "$findings" || as_expected=no
done

case $rc in
  1)
    if [ "$as_expected" = yes ]; then
      echo "== txnlint reported $warnings open-transaction bugs, one in each function marked"
      echo "   '// txnlint finds:' in examples/src ($(echo $marked | sed 's/ /, /g'))."
      echo "   The correct code next to them (rollback on every error path, checked BEGIN,"
      echo "   catch-rollback-rethrow, a commit per batch) produced no warning."
    else
      echo "== txnlint reported $warnings warning(s). The bugs in examples/src are in the"
      echo "   functions marked '// txnlint finds:' ($(echo $marked | sed 's/ /, /g'));"
      echo "   everything else there handles its transactions correctly."
    fi
    exit 0 ;;
  0)
    echo "== txnlint found nothing, but examples/src contains transaction bugs" \
         "(see the '// txnlint finds:' comments)." >&2
    exit 1 ;;
  *)
    echo "== txnlint failed (exit status $rc)." >&2
    exit "$rc" ;;
esac
