#!/usr/bin/env bash
# Whole-process cases for the tables of AWS's own logs: the generated table
# reads AWS's published lines; mutating it the ways hand-written tables go
# wrong is found by lint (a dropped column, a lost tail) and by samples; a
# line with fields appended still matches and shows them in the tail column.
# Usage: sources.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
ALB=$ROOT/tests/resources/alb
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$LP" build "$ROOT/examples/alb/logpipe.yaml" -o "$TMP/gen" >/dev/null 2>&1
sql=$TMP/gen/athena/shop_logs.alb_public.sql

expect "generated ALB table reads the guide's and the 2024 lines" 0 \
  "$LP" samples --table "$sql" "$ALB/aws_docs_2023.log" "$ALB/tid_2024.log"
contains "all 8 match" "$TMP/out" "8 match, 0 would be all-NULL rows"

expect "generated ALB table lints clean" 0 "$LP" lint "$TMP/gen"

# Mutation: a column dropped from the list (groups now outnumber columns).
mkdir -p "$TMP/m1/athena"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
grep -v '^  `redirect_url` string,$' "$sql" >"$TMP/m1/athena/t.sql"
expect "dropped column: lint fails" 1 "$LP" lint "$TMP/m1"
contains "dropped column: groups vs columns" "$TMP/out" "input.regex has 38 capture groups but table 'alb_public' has 37 columns"

# Mutation: the tail removed (a whole-line match with nothing to take new fields).
mkdir -p "$TMP/m2/athena"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed -e 's|(?: (\.\*))?'"'"'$|'"'"'|' -e '/^  `appended_fields` string$/d' -e 's/^  `request_transform_status` string,$/  `request_transform_status` string/' \
  "$sql" >"$TMP/m2/athena/t.sql"
expect "no tail: lint warns" 1 "$LP" lint --fail-on warning "$TMP/m2"
contains "no tail: appended-fields finding" "$TMP/out" "LP-ALB-APPENDED-FIELDS"

# Mutation: a field appended to the line. It still matches, and the tail column holds it.
{ tr -d '\n' <"$ALB/tid_2024.log"; printf ' "api.example.com" "/v2/orders" "-" 10.0.0.9 next-field\n'; } >"$TMP/appended.log"
expect "appended field: still matched" 0 "$LP" samples --table "$sql" "$TMP/appended.log"
contains "appended field: 1 match" "$TMP/out" "1 match, 0 would be all-NULL rows"

# NLB and Classic: AWS's guide lines match the generated tables, by --source <kind>.<name>.
expect "NLB table reads the guide's lines" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source nlb.edge "$ROOT/tests/resources/nlb/aws_docs_2023.log"
contains "NLB: 2 of 2" "$TMP/out" "2 match, 0 would be all-NULL rows"
expect "Classic table reads the guide's lines (bare name)" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source legacy "$ROOT/tests/resources/clb/aws_docs_2023.log"
contains "Classic: 4 of 4" "$TMP/out" "4 match, 0 would be all-NULL rows"
expect "the ALB table does not read NLB lines" 1 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source alb.public "$ROOT/tests/resources/nlb/aws_docs_2023.log"

# Mutation: each kind's tail removed, and its projection turned to a layout ELB does not write.
for t in nlb_edge clb_legacy; do
  mkdir -p "$TMP/$t/athena"
  sed -e 's|(?: (\.\*))?'"'"'$|'"'"'|' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t without tail: lint warns" 1 "$LP" lint --fail-on warning "$TMP/$t"
  contains "$t without tail: appended-fields finding" "$TMP/out" "LP-ALB-APPENDED-FIELDS"
  sed -e "s|'yyyy/MM/dd'|'yyyy-MM-dd'|" -e "/'projection.month.digits'/d" "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a foreign layout: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a foreign layout: layout finding" "$TMP/out" "LP-SOURCE-LAYOUT"
  # shellcheck disable=SC2016 # back-quotes of the DDL, not a command
  grep -v '^  `received_bytes` bigint,$' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a column dropped: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a column dropped: groups vs columns" "$TMP/out" "LP-ATHENA-REGEX-GROUPS"
done

# AWS's current ALB regex ("[^\s]+" in the list fields) against the documented two-target line.
mkdir -p "$TMP/aws/athena"
sed 's|"(\[^"\]\*)" "(\[^"\]\*)" "(\[^"\]\*)" "(\[^"\]\*)"(?: (\[^ "\]\*))?|"([^ ]*)" "([^\\\\s]+?)" "([^\\\\s]+)" "([^ ]*)"(?: ([^ "]*))?|' \
  "$sql" >"$TMP/aws/athena/t.sql"
expect "list fields without spaces: lint fails" 1 "$LP" lint "$TMP/aws"
contains "list fields without spaces: documented-line finding" "$TMP/out" "does not match a line whose target:port_list holds two targets"

# Two kinds of logs in one folder: refused at build time.
sed 's/prefix: edge/prefix: public/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/shared.yaml"
expect "shared ELB folder: build refuses" 2 "$LP" build "$TMP/shared.yaml" -o "$TMP/shared"
contains "shared ELB folder: says why" "$TMP/err" "sources.nlb.edge and sources.alb.public (line 17) share bucket"
if [ ! -e "$TMP/shared" ]; then ok "shared ELB folder: nothing written"; else ko "shared ELB folder: output written"; fi

finish
