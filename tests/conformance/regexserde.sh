#!/usr/bin/env bash
# Every line format's regex, run by java.util.regex as RegexSerDe runs it
# (DOTALL, matches()) and by logpipe's PCRE2, captures the same groups on
# AWS's published lines and on the shapes the tests add (two-target lists,
# appended fields). Skips when no Java is installed.
# Usage: regexserde.sh GROUPS_EXE SOURCE_ROOT
set -u
GROUPS_EXE=$1
ROOT=$2
command -v java >/dev/null 2>&1 || { echo "skip - no java"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
R=$ROOT/tests/resources
{
  cat "$R/alb/aws_docs_2023.log"
  cat "$R/alb/tid_2024.log"
  sed -n 1p "$R/alb/aws_docs_2023.log" | sed 's/"10.0.0.1:80" "200"/"10.0.0.1:80 10.0.0.2:80" "502 200"/'
  tr -d '\n' <"$R/alb/tid_2024.log"; printf ' "h" "/u" "s" 10.0.0.9 "a b" x\n'
  tr -d '\n' <"$R/alb/tid_2024.log"; printf ' h /u s\n'
} >"$TMP/alb.log"
cp "$R/nlb/aws_docs_2023.log" "$TMP/nlb.log"
sed 's/$/ 2020-04-01T08:51:20 more fields/' "$R/nlb/aws_docs_2023.log" >>"$TMP/nlb.log"
cp "$R/clb/aws_docs_2023.log" "$TMP/clb.log"
sed 's/$/ appended/' "$R/clb/aws_docs_2023.log" >>"$TMP/clb.log"
cp "$R/alb_connection/field_table.log" "$TMP/alb_connection.log"
sed 's/$/ appended "a b"/' "$R/alb_connection/field_table.log" >>"$TMP/alb_connection.log"
cp "$R/s3access/aws_docs_2019.log" "$TMP/s3_access.log"
sed 's/$/ arn:aws:s3:us-west-1:123456789012:accesspoint\/example-AP Yes us-west-1 next/' "$R/s3access/aws_docs_2019.log" >>"$TMP/s3_access.log"
cp "$R/vpc_flow/default_2023.log" "$TMP/vpc_flow.log"
sed '1d; s/$/ 7 appended/' "$R/vpc_flow/default_2023.log" >>"$TMP/vpc_flow.log"
sed '1,2d' "$R/cloudfront/aws_docs_2019.log" >"$TMP/cloudfront.log"
sed '1,2d' "$R/cloudfront/aws_docs_2019.log" | cut -f1-26 >>"$TMP/cloudfront.log"
sed '1,2d; s/$/\tnext\tfield/' "$R/cloudfront/aws_docs_2019.log" >>"$TMP/cloudfront.log"
for kind in alb nlb clb alb_connection s3_access vpc_flow cloudfront; do
  "$GROUPS_EXE" --format "$kind" "$TMP/$kind.log" --print-regex >"$TMP/$kind.re"
  "$GROUPS_EXE" --format "$kind" "$TMP/$kind.log" >"$TMP/$kind.pcre2"
  java "$ROOT/tests/conformance/regexserde/RegexSerDeGroups.java" "$TMP/$kind.re" "$TMP/$kind.log" >"$TMP/$kind.java"
  if [ -s "$TMP/$kind.java" ] && cmp -s "$TMP/$kind.java" "$TMP/$kind.pcre2" && ! grep -q NOMATCH "$TMP/$kind.java"; then
    pass=$((pass + 1)); echo "ok - $kind: Java and PCRE2 capture the same groups on $(wc -l <"$TMP/$kind.log") lines, all matched"
  else
    fail=$((fail + 1)); echo "FAIL - $kind: engines differ or a line does not match"; diff "$TMP/$kind.java" "$TMP/$kind.pcre2" | head -10
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
