#!/usr/bin/env bash
# logpipe fix over tests/fix/cases: each fixed file must equal its golden in
# tests/fix/expected (LP_GOLDEN_UPDATE=1 rewrites them), a second run must
# change nothing, --check and --diff must write nothing, every byte outside
# the edits that `lint --format=json` reports must stay (one-pass cases), the
# fixed rules must be gone on a re-lint with no new error, and a fixed
# CloudFormation template must pass cfn-lint when it is installed.
#   usage: tests/fix/run.sh LOGPIPE ROOT
set -u
lp=$1
root=$2
py=${LP_PYTHON:-python3}
cases=$root/tests/fix/cases
expected=$root/tests/fix/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }

for src in "$cases"/*; do
  name=$(basename "$src")
  work=$tmp/$name.d
  mkdir -p "$work"
  cp "$src" "$work/$name"
  f=$work/$name

  # --check and --diff write nothing
  "$lp" fix --check "$f" >"$tmp/check.out" 2>&1
  rc=$?
  if cmp -s "$src" "$f"; then ok "$name: --check writes nothing"; else bad "$name: --check wrote"; fi
  changes=0
  cmp -s "$src" "$expected/$name" || changes=1
  if [ "$rc" = "$changes" ]; then ok "$name: --check exits $changes"; else bad "$name: --check exit $rc, want $changes"; fi
  "$lp" fix --diff "$f" >"$tmp/diff.out" 2>&1
  if cmp -s "$src" "$f"; then ok "$name: --diff writes nothing"; else bad "$name: --diff wrote"; fi
  if [ $changes = 1 ]; then
    if grep -q "^+++ b/" "$tmp/diff.out"; then ok "$name: --diff shows the change"; else bad "$name: --diff shows nothing"; fi
  fi

  # the fix and its golden
  "$lp" lint --format=json "$f" >"$tmp/before.json" 2>/dev/null
  "$lp" fix "$f" >"$tmp/fix.out" 2>&1 || bad "$name: fix failed: $(cat "$tmp/fix.out")"
  if [ "${LP_GOLDEN_UPDATE:-}" = 1 ]; then cp "$f" "$expected/$name"; fi
  if cmp -s "$f" "$expected/$name"; then ok "$name: matches the golden"; else
    bad "$name: differs from the golden"; diff -u "$expected/$name" "$f" | head -40; fi
  if [ "$(stat -c %a "$f")" = "$(stat -c %a "$src")" ]; then ok "$name: keeps its mode"; else bad "$name: mode changed"; fi

  # idempotent
  cp "$f" "$tmp/once"
  "$lp" fix "$f" >"$tmp/fix2.out" 2>&1
  if cmp -s "$f" "$tmp/once" && grep -q "^0 findings fixed" "$tmp/fix2.out"; then ok "$name: a second fix changes nothing"; else
    bad "$name: a second fix changed something"; cat "$tmp/fix2.out"; fi

  # re-lint: the fixed rules are gone, and no rule reports more errors than before
  "$lp" lint --format=json "$f" >"$tmp/after.json" 2>/dev/null
  if "$py" - "$src" "$f" "$tmp/before.json" "$tmp/after.json" <<'PY'
import json, sys
before = json.load(open(sys.argv[3]))
after = json.load(open(sys.argv[4]))
fixed = {d["rule"] for d in before["diagnostics"] if (d.get("fix") or {}).get("manual") is False}
left = [d for d in after["diagnostics"] if d["rule"] in fixed]
def errors(doc):
    c = {}
    for d in doc["diagnostics"]:
        if d["severity"] == "error":
            c[d["rule"]] = c.get(d["rule"], 0) + 1
    return c
b, a = errors(before), errors(after)
new = {r: n for r, n in a.items() if n > b.get(r, 0)}
if left or new:
    print("left:", left, "new:", new)
    sys.exit(1)
# the edits of one pass, applied byte for byte, give the fixed file when no two touch: all else is unchanged
src = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "rb").read()
edits = sorted({(e["start"], e["end"], e["text"]) for d in before["diagnostics"] if (d.get("fix") or {}).get("manual") is False
               for e in d["fix"]["edits"]})
starts = [s for s, _, _ in edits]
if len(set(starts)) == len(starts) and all(edits[i][1] <= edits[i + 1][0] for i in range(len(edits) - 1)):
    buf, at = b"", 0
    for s, e, t in edits:
        buf += src[at:s] + t.encode()
        at = e
    buf += src[at:]
    if buf != out:
        print("bytes outside the edits changed")
        sys.exit(1)
PY
  then ok "$name: fixed rules gone, no new error, nothing outside the edits changed"; else bad "$name: re-lint"; fi

  # cfn-lint accepts a fixed template
  if command -v cfn-lint >/dev/null && grep -q "^Resources:" "$f"; then
    if cfn-lint --ignore-checks W -- "$f" >"$tmp/cfn.out" 2>&1; then ok "$name: cfn-lint accepts it"; else
      bad "$name: cfn-lint"; head -20 "$tmp/cfn.out"; fi
  fi
done

# a file that cannot be read as YAML is reported and left alone
printf 'Resources:\n  A: [\n' >"$tmp/broken.yaml"
cp "$tmp/broken.yaml" "$tmp/broken.orig"
"$lp" fix "$tmp/broken.yaml" >"$tmp/broken.out" 2>&1
rc=$?
if [ $rc = 2 ] && cmp -s "$tmp/broken.yaml" "$tmp/broken.orig" && grep -q "broken.yaml:3:1: error" "$tmp/broken.out"; then
  ok "bad YAML: exit 2 with file:line:col, nothing written"; else bad "bad YAML: rc=$rc $(cat "$tmp/broken.out")"; fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
