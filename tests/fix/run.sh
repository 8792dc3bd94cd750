#!/usr/bin/env bash
# logpipe fix over tests/fix/cases: each fixed file must equal its golden in
# tests/fix/expected (LP_GOLDEN_UPDATE=1 rewrites them), a second run must
# change nothing, --check and --diff must write nothing, every byte outside
# the edits that `lint --format=json` reports must stay (one-pass cases), the
# fixed rules must be gone on a re-lint with no new error, and a fixed
# CloudFormation template must pass cfn-lint when it is installed, and its
# API Gateway stages must be created after the Account (tests/fix/deploy_order.py,
# when aws-sam-translator is installed). A case NAME runs with the spec
# tests/fix/specs/NAME.yaml (NAME without its extension) when there is one (KMS key, lint.params).
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
  spec=()
  if [ -f "$root/tests/fix/specs/${name%.*}.yaml" ]; then spec=(--spec "$root/tests/fix/specs/${name%.*}.yaml"); fi

  # --check and --diff write nothing
  "$lp" fix "${spec[@]}" --check "$f" >"$tmp/check.out" 2>&1
  rc=$?
  if cmp -s "$src" "$f"; then ok "$name: --check writes nothing"; else bad "$name: --check wrote"; fi
  changes=0
  cmp -s "$src" "$expected/$name" || changes=1
  if [ "$rc" = "$changes" ]; then ok "$name: --check exits $changes"; else bad "$name: --check exit $rc, want $changes"; fi
  "$lp" fix "${spec[@]}" --diff "$f" >"$tmp/diff.out" 2>&1
  if cmp -s "$src" "$f"; then ok "$name: --diff writes nothing"; else bad "$name: --diff wrote"; fi
  if [ $changes = 1 ]; then
    if grep -q "^+++ b/" "$tmp/diff.out"; then ok "$name: --diff shows the change"; else bad "$name: --diff shows nothing"; fi
  fi

  # the fix and its golden
  "$lp" lint "${spec[@]}" --format=json "$f" >"$tmp/before.json" 2>/dev/null
  "$lp" fix "${spec[@]}" "$f" >"$tmp/fix.out" 2>&1 || bad "$name: fix failed: $(cat "$tmp/fix.out")"
  if [ "${LP_GOLDEN_UPDATE:-}" = 1 ]; then cp "$f" "$expected/$name"; fi
  if cmp -s "$f" "$expected/$name"; then ok "$name: matches the golden"; else
    bad "$name: differs from the golden"; diff -u "$expected/$name" "$f" | head -40; fi
  # --diff is a real diff: patch turns the original into the fixed file, hunk by hunk
  if [ $changes = 1 ] && command -v patch >/dev/null; then
    cp "$src" "$tmp/patched"
    sed -n '/^--- a\//,$p' "$tmp/diff.out" | grep -v '^[0-9]* findings\? can be fixed' >"$tmp/only.diff"
    if patch -s "$tmp/patched" <"$tmp/only.diff" >/dev/null 2>&1 && cmp -s "$tmp/patched" "$f"; then
      ok "$name: --diff applies with patch ($(grep -c '^@@' "$tmp/only.diff") hunks)"; else bad "$name: --diff does not patch"; head -20 "$tmp/only.diff"; fi
  fi
  if [ "$(stat -c %a "$f")" = "$(stat -c %a "$src")" ]; then ok "$name: keeps its mode"; else bad "$name: mode changed"; fi

  # idempotent
  cp "$f" "$tmp/once"
  "$lp" fix "${spec[@]}" "$f" >"$tmp/fix2.out" 2>&1
  if cmp -s "$f" "$tmp/once" && grep -q "^0 findings fixed" "$tmp/fix2.out"; then ok "$name: a second fix changes nothing"; else
    bad "$name: a second fix changed something"; cat "$tmp/fix2.out"; fi

  # re-lint: the fixed rules are gone, and no rule reports more errors than before
  "$lp" lint "${spec[@]}" --format=json "$f" >"$tmp/after.json" 2>/dev/null
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
# the first pass, as fix makes it: each finding's edits in order, unless they touch edits already taken
# (those wait for the next pass); applied byte for byte they give the fixed file, so all else is unchanged
def touch(x, y):
    if x[0] == x[1] and y[0] == y[1]:
        return x[0] == y[0]
    if x[0] == x[1]:
        return y[0] < x[0] < y[1]
    if y[0] == y[1]:
        return x[0] < y[0] < x[1]
    return x[0] < y[1] and y[0] < x[1]
src = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "rb").read()
taken, deferred = [], False
for d in before["diagnostics"]:
    fx = d.get("fix") or {}
    if fx.get("manual") is not False or not fx.get("edits"):
        continue
    mine = [(e["start"], e["end"], e["text"]) for e in fx["edits"]]
    if any(touch(a, b) for a in mine for b in taken):
        deferred = True
        continue
    taken += mine
taken.sort(key=lambda e: (e[0], e[1] != e[0]))
buf, at = b"", 0
for s, e, t in taken:
    buf += src[at:s] + t.encode()
    at = e
buf += src[at:]
# a later pass edits the first pass's text: only the first pass can be checked against the original bytes
if buf != out and not deferred:
    print("bytes outside the edits changed")
    sys.exit(1)
PY
  then ok "$name: fixed rules gone, no new error, nothing outside the edits changed"; else bad "$name: re-lint"; fi

  # cfn-lint accepts a fixed template
  if command -v cfn-lint >/dev/null && { grep -q "^Resources:" "$f" || grep -q "\"AWSTemplateFormatVersion\"" "$f"; }; then
    if cfn-lint --ignore-checks W -- "$f" >"$tmp/cfn.out" 2>&1; then ok "$name: cfn-lint accepts it"; else
      bad "$name: cfn-lint"; head -20 "$tmp/cfn.out"; fi
  fi

  # a first deploy works: logging stages wait for the Account, no hidden stage without logging
  if grep -q "^Resources:" "$f" && grep -q "AWS::ApiGateway::Account" "$f"; then
    AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} "$py" "$root/tests/fix/deploy_order.py" "$f" >"$tmp/order.out" 2>&1
    case $? in
      0) ok "$name: stages are created after the Account" ;;
      77) ;;
      *) bad "$name: deploy order"; grep -v "Feature Toggle" "$tmp/order.out" | head -10 ;;
    esac
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
