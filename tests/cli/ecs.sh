#!/usr/bin/env bash
# Whole-process cases for the ECS side of `logpipe build`: the same spec gives
# the same bytes twice, and a spec with an ECS error is reported with its
# position and writes nothing. Usage: ecs.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }

spec=$ROOT/tests/golden/ecs-hybrid/logpipe.yaml

"$LP" build "$spec" -o "$TMP/a" >/dev/null 2>&1 && "$LP" build "$spec" -o "$TMP/b" >/dev/null 2>&1
if diff -r "$TMP/a" "$TMP/b" >"$TMP/diff"; then ok "build twice gives identical bytes"; else ko "build twice differs"; head -20 "$TMP/diff"; fi
if [ -f "$TMP/a/ecs/shop-api.task-definition.json" ]; then ok "build writes the task definition"; else ko "no task definition"; fi

# The same spec with a router pinned to 'latest': an error at its line, nothing written.
mkdir -p "$TMP/bad/out"
echo keep >"$TMP/bad/out/marker"
sed 's|aws-for-fluent-bit:3.2.1|aws-for-fluent-bit:latest|' "$spec" >"$TMP/bad/logpipe.yaml"
"$LP" build "$TMP/bad/logpipe.yaml" -o "$TMP/bad/out" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] || [ "$rc" -eq 1 ]; then ok "unpinned router fails the build (exit $rc)"; else ko "unpinned router exit $rc"; fi
line=$(grep -n 'aws-for-fluent-bit:latest' "$TMP/bad/logpipe.yaml" | cut -d: -f1)
if grep -q "logpipe.yaml:$line:[0-9]*: error: .*LP-ECS-ROUTER-PIN" "$TMP/err"; then ok "error names the image line"; else ko "no positioned LP-ECS-ROUTER-PIN"; sed 's/^/  | /' "$TMP/err"; fi
if [ "$(cd "$TMP/bad/out" && find . -type f | sort | tr '\n' ' ')" = "./marker " ]; then
  ok "invalid spec leaves the output folder untouched"
else
  ko "invalid spec wrote into the output folder"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
