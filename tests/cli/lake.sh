#!/usr/bin/env bash
# Whole-process cases for the lake side of `logpipe build`: the same spec gives
# the same bytes twice; a spec with a lake error is reported with its position,
# with the fix, and writes nothing. Usage: lake.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }

spec=$ROOT/tests/golden/lake-hourly-parquet-kms/logpipe.yaml

"$LP" build "$spec" -o "$TMP/a" >/dev/null 2>&1 && "$LP" build "$spec" -o "$TMP/b" >/dev/null 2>&1
if diff -r "$TMP/a" "$TMP/b" >"$TMP/diff"; then ok "build twice gives identical bytes"; else ko "build twice differs"; head -20 "$TMP/diff"; fi
for f in firehose/shop-api-app.json glue/shop_logs.api_app.json athena/shop_logs.api_app.sql athena/shop_logs.alb_public.sql; do
  if [ -f "$TMP/a/$f" ]; then ok "build writes $f"; else ko "no $f"; fi
done
"$LP" lint "$TMP/a" >"$TMP/lint" 2>&1
if grep -qE '(firehose|glue|athena)/[^:]*:[0-9]+:[0-9]+: (error|warning)' "$TMP/lint"; then
  ko "lint finds problems in the lake files"; sed 's/^/  | /' "$TMP/lint"
else
  ok "lint finds nothing in the lake files"
fi
# ... and it did read them: the same ALB table without its tolerant tail is reported.
mkdir -p "$TMP/c/athena"
sed 's|(?: (\.\*))?'"'"'$|'"'"'|' "$TMP/a/athena/shop_logs.alb_public.sql" >"$TMP/c/athena/shop_logs.alb_public.sql"
"$LP" lint "$TMP/c" >"$TMP/lint2" 2>&1
if grep -q 'LP-ALB-APPENDED-FIELDS' "$TMP/lint2"; then ok "lint reads the ALB table"; else ko "lint missed a broken ALB tail"; sed 's/^/  | /' "$TMP/lint2"; fi

# Parquet conversion with a 32 MiB buffer: an error at the buffer_mib line, with the fix, nothing written.
mkdir -p "$TMP/bad/out"
echo keep >"$TMP/bad/out/marker"
sed 's|^          format: json$|          format: json\n          firehose:\n            buffer_mib: 32|' "$spec" >"$TMP/bad/logpipe.yaml"
"$LP" build "$TMP/bad/logpipe.yaml" -o "$TMP/bad/out" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ] || [ "$rc" -eq 1 ]; then ok "small buffer with parquet fails the build (exit $rc)"; else ko "small buffer exit $rc"; fi
line=$(grep -n 'buffer_mib: 32' "$TMP/bad/logpipe.yaml" | cut -d: -f1)
if grep -q "logpipe.yaml:$line:[0-9]*: error: buffer_mib must be >= 64 when format is parquet.*LP-FH-003" "$TMP/err"; then
  ok "error names the buffer_mib line"
else
  ko "no positioned LP-FH-003"; sed 's/^/  | /' "$TMP/err"
fi
if grep -q "help: set 'buffer_mib: 64'" "$TMP/err"; then ok "error gives the exact fix"; else ko "no fix hint"; fi
if [ "$(cd "$TMP/bad/out" && find . -type f | sort | tr '\n' ' ')" = "./marker " ]; then
  ok "invalid spec leaves the output folder untouched"
else
  ko "invalid spec wrote into the output folder"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
