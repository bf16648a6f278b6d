#!/usr/bin/env bash
# score.sh <probe-dir> <txnlint>: per-file verdicts and totals for one probe set.
# A bug counts as found when any finding is in its file ("any"), and as
# exact when a finding of the manifest's check is in it.
set -uo pipefail
dir=${1:?usage: score.sh <probe-dir> <txnlint>}
BIN=$(realpath "${2:?usage: score.sh <probe-dir> <txnlint>}")
cd "$dir" || exit 1
mapfile -t flags < <(grep -v '^\s*$' compile_flags.txt)
python3 - "$BIN" "${flags[@]}" <<'PY'
import json, subprocess, sys
binary, flags = sys.argv[1], sys.argv[2:]
manifest = json.load(open('manifest.json'))
found = exact = bugs = flagged = correct = 0
for e in sorted(manifest, key=lambda e: e['file']):
    r = subprocess.run([binary, '--format=json', '--quiet', '--exit-zero', e['file'], '--'] + flags,
                       capture_output=True, text=True, timeout=600)
    try:
        diags = json.loads(r.stdout)['diagnostics']
    except Exception:
        print(f"ERROR {e['file']}: rc={r.returncode} {r.stderr[:300]}")
        diags = []
    diags = [d for d in diags if d['file'].endswith(e['file'])]
    got = ', '.join(f"{d['check']}:{d['line']}" for d in diags) or '-'
    if e['kind'] == 'bug':
        bugs += 1
        hit = bool(diags); ex = any(d['check'] == e.get('check') for d in diags)
        found += hit; exact += ex
        v = 'FOUND' if ex else ('other' if hit else 'MISS')
    else:
        correct += 1
        flagged += bool(diags)
        v = 'FP' if diags else 'ok'
    print(f"{v:5} {e['file']:45} exp={e.get('check')}:{e.get('line')} got={got}")
print(f"TOTAL found {found}/{bugs} (exact {exact}) flagged {flagged}/{correct}")
PY
