#!/usr/bin/env bash
# Whole-process cases for the ECS side of `logpipe build`: the same spec gives
# the same bytes twice, a spec with an ECS error is reported with its position
# and writes nothing, a --templates override changes the Fluent Bit conf, and a
# template naming an undefined value is a positioned error that writes nothing.
# Usage: ecs.sh LOGPIPE SOURCE_ROOT
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

# --templates DIR: a template there replaces the built-in one; the others still come from the binary.
tpl=$ROOT/templates
mkdir -p "$TMP/tpl"
sed 's/^    retry_limit        2$/    retry_limit        5/' "$tpl/fluent-bit-firehose.mustache" >"$TMP/tpl/fluent-bit-firehose.mustache"
if "$LP" build "$spec" -o "$TMP/c" --templates "$TMP/tpl" >/dev/null 2>"$TMP/err"; then ok "build with an override partial"; else ko "override build failed"; sed 's/^/  | /' "$TMP/err"; fi
conf=ecs/shop-api.fluent-bit.conf
if [ "$(grep -c 'retry_limit        5' "$TMP/c/$conf")" = "$(grep -c kinesis_firehose "$TMP/a/$conf")" ] &&
  [ "$(grep -c 'retry_limit        2' "$TMP/c/$conf")" = "$(grep -c cloudwatch_logs "$TMP/a/$conf")" ]; then
  ok "the override changes the Firehose outputs only"
else
  ko "override output unexpected"; diff "$TMP/a/$conf" "$TMP/c/$conf" | head -20
fi
# The image tag hashes the configuration, so the task definition runs the new one.
img() { grep -o '"image": "[^"]*log-router[^"]*"' "$1/ecs/shop-api.task-definition.json"; }
if [ -n "$(img "$TMP/a")" ] && [ "$(img "$TMP/a")" != "$(img "$TMP/c")" ]; then ok "changed configuration gets a new router image tag"; else ko "router image tag did not change"; fi

# A template naming a value the context lacks: an error at the template's line and column, nothing written.
mkdir -p "$TMP/tpl2" "$TMP/bad2/out"
echo keep >"$TMP/bad2/out/marker"
sed 's/^    Grace              30$/    Grace              {{grace_seconds}}/' "$tpl/fluent-bit.conf.mustache" >"$TMP/tpl2/fluent-bit.conf.mustache"
line=$(grep -n 'grace_seconds' "$TMP/tpl2/fluent-bit.conf.mustache" | cut -d: -f1)
"$LP" build "$spec" -o "$TMP/bad2/out" --templates "$TMP/tpl2" >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok "undefined template variable fails the build (exit 2)"; else ko "undefined template variable exit $rc"; fi
if grep -q "tpl2/fluent-bit.conf.mustache:$line:24: error: 'grace_seconds' is not defined \[LP-TEMPLATE\]" "$TMP/err"; then
  ok "error names the template line and column"
else
  ko "no positioned LP-TEMPLATE error"; sed 's/^/  | /' "$TMP/err"
fi
if [ "$(cd "$TMP/bad2/out" && find . -type f | sort | tr '\n' ' ')" = "./marker " ]; then
  ok "template error leaves the output folder untouched"
else
  ko "template error wrote into the output folder"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
