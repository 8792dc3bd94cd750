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
contains "shared ELB folder: says why" "$TMP/err" "sources.nlb.edge and sources.alb.public (line 19) share bucket"
if [ ! -e "$TMP/shared" ]; then ok "shared ELB folder: nothing written"; else ko "shared ELB folder: output written"; fi
# ALB connection logs under the access logs' prefix: ELB writes both into the same folders.
sed 's/prefix: public-connections/prefix: public/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/conn.yaml"
expect "connection logs in the access logs' folder: build refuses" 2 "$LP" build "$TMP/conn.yaml" -o "$TMP/conn"
contains "connection logs in the access logs' folder: says why" "$TMP/err" \
  "sources.alb_connection.public and sources.alb.public (line 19) share bucket"

# ALB connection logs and S3 server access logs: their lines, their mutations.
R=$ROOT/tests/resources
expect "ALB connection table reads the field-table lines" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source alb_connection.public "$R/alb_connection/field_table.log"
contains "ALB connection: 4 of 4, the '-' latency noted" "$TMP/out" "4 match, 0 would be all-NULL rows; 1 hold values that convert to NULL"
contains "ALB connection: the conversion names its column" "$TMP/err" "column 'tls_handshake_latency' (double): 1 value Athena turns into NULL by conversion, e.g. '-'"
expect "S3 access table reads the S3 guide's lines" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source assets "$R/s3access/aws_docs_2019.log"
contains "S3 access: 5 of 5" "$TMP/out" "5 lines in 1 file against table 's3_access_assets' (27 capture groups, 27 columns): 5 match, 0 would be all-NULL rows; 5 hold values that convert to NULL"
contains "S3 access: a '-' byte count is a NULL, said per column" "$TMP/err" "column 'objectsize' (bigint): 4 values Athena turns into NULL by conversion, e.g. '-'"
sed 's/$/ arn:aws:s3:us-west-1:123456789012:accesspoint\/example-AP Yes us-west-1/' "$R/s3access/aws_docs_2019.log" >"$TMP/s3_current.log"
expect "S3 access: lines with the Region the current examples end with still match" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source s3_access.assets "$TMP/s3_current.log"
contains "S3 access: the Region shows in the tail" "$TMP/out" "5 carry fields the table does not have yet"
expect "the S3 access table does not read ALB lines" 1 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source s3_access.assets "$ALB/tid_2024.log"
for t in alb_connection_public s3_access_assets; do
  mkdir -p "$TMP/$t/athena"
  sed -e 's|(?: (\.\*))?'"'"'$|'"'"'|' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t without tail: lint warns" 1 "$LP" lint --fail-on warning "$TMP/$t"
  contains "$t without tail: appended-fields finding" "$TMP/out" "LP-ALB-APPENDED-FIELDS"
  sed -e "s|'yyyy/MM/dd'|'yyyy-MM-dd'|" "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a foreign date format: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a foreign date format: layout finding" "$TMP/out" "LP-SOURCE-LAYOUT"
  # shellcheck disable=SC2016 # back-quotes of the DDL, not a command
  grep -v '^  `tls_cipher` string,$\|^  `operation` string,$' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a column dropped: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a column dropped: groups vs columns" "$TMP/out" "LP-ATHENA-REGEX-GROUPS"
done
# S3: a template over the simple key format (no account/Region/bucket folders) projects nothing.
sed -e "s|/123456789012/ap-northeast-1/shop-assets-123456789012/\${day}|/\${day}|" "$TMP/gen/athena/shop_logs.s3_access_assets.sql" \
  >"$TMP/s3_access_assets/athena/t.sql"
expect "S3 template without the partitioned folders: lint fails" 1 "$LP" lint "$TMP/s3_access_assets"
contains "S3 template without the partitioned folders: says which folders" "$TMP/out" "does not render the <account>/<region>/<source bucket>/yyyy/mm/dd/ folders"
# VPC Flow Logs: the default format and a custom LogFormat (Hive-compatible, per hour).
V=$R/vpc_flow
expect "VPC default table reads the guide's default-format records" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source vpc_flow.main "$V/default_2023.log"
contains "VPC default: the header line is skipped, 7 of 7 rows" "$TMP/out" "7 lines in 1 file against table 'vpc_flow_main' (15 capture groups, 15 columns): 7 match"
contains "VPC default: NODATA's '-' ports are NULLs, said per column" "$TMP/err" "default_2023.log:4:1: note: column 'srcport' (int): 2 values Athena turns into NULL by conversion, e.g. '-'"
expect "VPC custom table reads the guide's version 5 records" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source vpc_flow.traffic "$V/v5_2023.log"
contains "VPC custom: 2 of 2" "$TMP/out" "2 match, 0 would be all-NULL rows"
expect "VPC custom table does not read default-format records" 1 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source vpc_flow.traffic "$V/default_2023.log"
contains "VPC Hive-compatible per-hour template" "$TMP/gen/athena/shop_logs.vpc_flow_traffic.sql" \
  "aws-service=vpcflowlogs/aws-region=ap-northeast-1/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}'"
expect "AWS's VPC projection table lints clean" 0 "$LP" lint "$V/aws_ddl"
for t in vpc_flow_main vpc_flow_traffic; do
  mkdir -p "$TMP/$t/athena"
  # shellcheck disable=SC2016 # ${day} of the template, not a shell variable
  sed -e 's|/${day}|/dt=${day}|; s|/day=${day}|/dt=${day}|' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a foreign layout: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a foreign layout: layout finding" "$TMP/out" "does not render the folders VPC Flow Logs writes"
  # shellcheck disable=SC2016 # back-quotes of the DDL, not a command
  grep -v '^  `dstaddr` string,$' "$TMP/gen/athena/shop_logs.$t.sql" >"$TMP/$t/athena/t.sql"
  expect "$t with a column dropped: lint fails" 1 "$LP" lint "$TMP/$t"
  contains "$t with a column dropped: groups vs columns" "$TMP/out" "LP-ATHENA-REGEX-GROUPS"
done
# Parquet flow logs: read by column name, so the names are what lint checks; samples points at --athena.
contains "VPC Parquet table: ParquetHiveSerDe, no tail, no header line" "$TMP/gen/athena/shop_logs.vpc_flow_columnar.sql" "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'"
if grep -q 'appended_fields\|skip.header' "$TMP/gen/athena/shop_logs.vpc_flow_columnar.sql"; then ko "VPC Parquet table has a tail or skips a header"; else ok "VPC Parquet table: neither tail nor header skip"; fi
expect "VPC Parquet table: samples has no lines to read" 2 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source vpc_flow.columnar "$V/default_2023.log"
contains "VPC Parquet table: samples says to use --athena" "$TMP/err" "reads Parquet or ORC files, which have no lines to check here; run 'logpipe samples --athena'"
mkdir -p "$TMP/vpcpq/athena"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed -e 's/^  `srcaddr` string,$/  `srcip` string,/' -e 's/^  `log_status` string$/  `logstatus` string/' \
  "$TMP/gen/athena/shop_logs.vpc_flow_columnar.sql" >"$TMP/vpcpq/athena/t.sql"
expect "VPC Parquet table with columns no field names: lint fails" 1 "$LP" lint "$TMP/vpcpq"
contains "VPC Parquet table: a column no field names" "$TMP/out" "column 'srcip' of VPC Flow Logs table 'vpc_flow_columnar' names no flow log field; Parquet columns are read by name"
contains "VPC Parquet table: did you mean" "$TMP/out" "help: did you mean 'log_status'?"

# A regex that wants digits in the ports reads NODATA records as NULL rows.
mkdir -p "$TMP/vpcdigits/athena"
sed 's|^\(  .input.regex. = .\)(\[^ \]\*) (\[^ \]\*) (\[^ \]\*) (\[^ \]\*) (\[^ \]\*) (\[^ \]\*)|\1([0-9]+) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([0-9]+)|' \
  "$TMP/gen/athena/shop_logs.vpc_flow_main.sql" >"$TMP/vpcdigits/athena/t.sql"
expect "VPC regex with digit-only ports: lint fails" 1 "$LP" lint "$TMP/vpcdigits"
contains "VPC regex with digit-only ports: NODATA finding" "$TMP/out" "does not match a NODATA record"
# A LogFormat that cannot be read: refused at the token, nothing written.
# shellcheck disable=SC2016 # ${field} tokens of the LogFormat, not shell variables
sed 's/\${tcp-flags} \${pkt-srcaddr}/${tcp-flags} ${pkt-srcip}/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/badfmt.yaml"
expect "VPC LogFormat with an unknown field: build refuses" 2 "$LP" build "$TMP/badfmt.yaml" -o "$TMP/badfmt"
contains "VPC LogFormat with an unknown field: says which, where" "$TMP/err" "error: 'pkt-srcip' in sources.vpc_flow.traffic.log_format is not a VPC Flow Logs field [LP-SPEC-VPC-FORMAT]"
if [ ! -e "$TMP/badfmt" ]; then ok "VPC bad LogFormat: nothing written"; else ko "VPC bad LogFormat: output written"; fi
# shellcheck disable=SC2016 # ${field} tokens of the LogFormat, not shell variables
sed 's/\${tcp-flags} \${pkt-srcaddr}/${tcp-flags} ${pkt-srcadr}/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/typofmt.yaml"
expect "VPC LogFormat with a misspelled field: build refuses" 2 "$LP" build "$TMP/typofmt.yaml" -o "$TMP/typofmt"
contains "VPC LogFormat with a misspelled field: did you mean" "$TMP/err" "help: did you mean '\${pkt-srcaddr}'?"

# CloudFront standard logs (legacy): the guide's example file, header lines and all.
CF=$R/cloudfront
expect "CloudFront table reads the guide's example file" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.www "$CF/aws_docs_2019.log"
contains "CloudFront: the two header lines are skipped, 6 of 6 rows" "$TMP/out" "6 lines in 1 file against table 'cloudfront_www' (34 capture groups, 34 columns): 6 match"
contains "CloudFront: '-' in a typed column is a NULL, said per column" "$TMP/err" "column 'sc_range_start' (bigint): 6 values Athena turns into NULL by conversion, e.g. '-'"
cut -f1-26 "$CF/aws_docs_2019.log" >"$TMP/cf_old.log"
expect "CloudFront: records from before c-port still match" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.www "$TMP/cf_old.log"
sed '3,$s/$/\tnew-field/' "$CF/aws_docs_2019.log" >"$TMP/cf_new.log"
expect "CloudFront: an appended field still matches" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.www "$TMP/cf_new.log"
contains "CloudFront: the appended field shows in the tail" "$TMP/out" "6 carry fields the table does not have yet"
expect "AWS's CloudFront legacy table lints clean" 0 "$LP" lint "$CF/aws_ddl"
mkdir -p "$TMP/cfm/athena"
grep -v "skip.header.line.count" "$TMP/gen/athena/shop_logs.cloudfront_www.sql" | sed 's/^TBLPROPERTIES ($/TBLPROPERTIES ('"'"'has_encrypted_data'"'"' = '"'"'false'"'"'/' >"$TMP/cfm/athena/t.sql"
expect "CloudFront table without skip.header.line.count: lint fails" 1 "$LP" lint "$TMP/cfm"
contains "CloudFront table without skip.header.line.count: header finding" "$TMP/out" "lacks 'skip.header.line.count' = '2': each file starts with 2 header lines"
sed -e 's|(?:\\\\t(\.\*))?'"'"'$|'"'"'|' "$TMP/gen/athena/shop_logs.cloudfront_www.sql" >"$TMP/cfm/athena/t.sql"
expect "CloudFront table without tail: lint warns" 1 "$LP" lint --fail-on warning "$TMP/cfm"
contains "CloudFront table without tail: appended-fields finding" "$TMP/out" "LP-ALB-APPENDED-FIELDS"
sed -e 's|(?:\\\\t(\[^\\\\t\]\*))?|\\\\t([^\\\\t]*)|g' "$TMP/gen/athena/shop_logs.cloudfront_www.sql" >"$TMP/cfm/athena/t.sql"
expect "CloudFront regex requiring all 33 fields: lint fails" 1 "$LP" lint "$TMP/cfm"
contains "CloudFront regex requiring all 33 fields: documented-line finding" "$TMP/out" "does not match a record written before c-port"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
grep -v '^  `cs_cookie` string,$' "$TMP/gen/athena/shop_logs.cloudfront_www.sql" >"$TMP/cfm/athena/t.sql"
expect "CloudFront with a column dropped: lint fails" 1 "$LP" lint "$TMP/cfm"
contains "CloudFront with a column dropped: groups vs columns" "$TMP/out" "LP-ATHENA-REGEX-GROUPS"
# A CloudFront table over a whole bucket would read every other service's folders in it.
sed 's|      prefix: www/|      prefix: www/\n    all:\n      bucket: shop-alb-logs-123456789012|' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/cfall.yaml"
expect "CloudFront over a bucket other logs share: build refuses" 2 "$LP" build "$TMP/cfall.yaml" -o "$TMP/cfall"
contains "CloudFront over a bucket other logs share: says why" "$TMP/err" "sources.cloudfront.all and sources.alb.public (line 19) share bucket 'shop-alb-logs-123456789012'"

# CloudFront standard logging v2: Parquet and JSON tables over the delivery's suffix path.
V2=$CF/v2
contains "CloudFront v2 Parquet: ParquetHiveSerDe" "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
contains "CloudFront v2 Parquet: the guide's cs_referer, a string" "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" '  `cs_referer` string,'
contains "CloudFront v2 Parquet: distribution IDs projected as an enum" "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" "'projection.distributionid.values' = 'E2EXAMPLE1ABCD,E3EXAMPLE2WXYZ'"
contains "CloudFront v2 Parquet: the template follows the suffix path" "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" "'storage.location.template' = 's3://shop-cf-logs-123456789012/AWSLogs/123456789012/CloudFront/\${distributionid}/\${year}/\${month}/\${day}/\${hour}'"
contains "CloudFront v2 JSON: Hive-compatible folders, {distributionid} spelling" "$TMP/gen/athena/shop_logs.cloudfront_edge_json.sql" "/v2-json/DistributionId=\${distributionid}/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}'"
contains "CloudFront v2 JSON: fields mapped to columns" "$TMP/gen/athena/shop_logs.cloudfront_edge_json.sql" "'mapping.cs_referer' = 'cs(Referer)'"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
if grep -q 'skip.header\|appended_fields\|`sc_bytes`' "$TMP/gen/athena/shop_logs.cloudfront_edge_json.sql"; then ko "CloudFront v2 JSON: header skip, tail or an unselected field"; else ok "CloudFront v2 JSON: only the record fields, no header skip, no tail"; fi
expect "CloudFront v2 JSON table reads the modelled records" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.edge_json "$V2/modelled.json"
contains "CloudFront v2 JSON: 3 read, every key mapped" "$TMP/out" "3 lines in 1 file against table 'cloudfront_edge_json' (JSON, 13 columns): 3 read, 0 not one JSON object"
if grep -q "carry keys" "$TMP/out"; then ko "CloudFront v2 JSON: a key left unread"; else ok "CloudFront v2 JSON: no key left unread"; fi
sed 's/"c-ip"/"c_ip"/' "$V2/modelled.json" >"$TMP/cf2_keys.json"
expect "CloudFront v2 JSON: a key spelt otherwise" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.edge_json "$TMP/cf2_keys.json"
contains "CloudFront v2 JSON: says which key no column reads" "$TMP/err" 'e.g. "c_ip"'
expect "CloudFront v2 Parquet: samples points at --athena" 2 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudfront.edge "$V2/modelled.json"
mkdir -p "$TMP/cf2/athena"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed -e 's/^  `cs_referer` string,$/  `cs_referrer` string,/' "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" >"$TMP/cf2/athena/t.sql"
expect "CloudFront v2 Parquet with the legacy cs_referrer: lint fails" 1 "$LP" lint "$TMP/cf2"
contains "CloudFront v2 Parquet: a column no field names" "$TMP/out" "column 'cs_referrer' of CloudFront standard logs (v2) table 'cloudfront_edge' names no CloudFront v2 record field"
contains "CloudFront v2 Parquet: did you mean" "$TMP/out" "help: did you mean 'cs_referer'?"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed -e 's/^  `sc_status` string,$/  `sc_status` int,/' "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" >"$TMP/cf2/athena/t.sql"
expect "CloudFront v2 Parquet with a typed column: lint fails" 1 "$LP" lint "$TMP/cf2"
contains "CloudFront v2 Parquet: the typed column" "$TMP/out" "column 'sc_status' of CloudFront standard logs (v2) table 'cloudfront_edge' is int, and CloudFront writes 'sc-status' as a string Parquet column: every query that reads it fails [LP-SOURCE-FIELD-TYPE]"
sed -e "/'projection.month.digits'/d" "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" >"$TMP/cf2/athena/t.sql"
expect "CloudFront v2 Parquet with an unpadded month: lint fails" 1 "$LP" lint "$TMP/cf2"
contains "CloudFront v2 Parquet: layout finding" "$TMP/out" "renders \${month} other than CloudFront writes it"
# Mutation: the hour partition dropped, the template still renders it.
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed -e '/^  `hour` int$/d' -e 's/^  `day` int,$/  `day` int/' "$TMP/gen/athena/shop_logs.cloudfront_edge.sql" >"$TMP/cf2/athena/t.sql"
expect "CloudFront v2 Parquet with a partition column dropped: lint fails" 1 "$LP" lint "$TMP/cf2"
contains "CloudFront v2 Parquet with a partition column dropped: finding" "$TMP/out" "renders \${hour}, which is no partition column"
# Mutation: a JSON column whose mapping is dropped reads a key CloudFront does not write.
grep -v "'mapping.c_ip' = 'c-ip'," "$TMP/gen/athena/shop_logs.cloudfront_edge_json.sql" >"$TMP/cf2/athena/t.sql"
expect "CloudFront v2 JSON without a mapping: lint fails" 1 "$LP" lint "$TMP/cf2"
contains "CloudFront v2 JSON without a mapping: says which key" "$TMP/out" "column 'c_ip' of CloudFront standard logs (v2) table 'cloudfront_edge_json' reads the JSON key 'c_ip', and CloudFront writes the field as 'c-ip'"
# Spec errors, each at its key or value, nothing written.
cf2_refuses() { # name, sed expression, expected message
  sed "$2" "$ROOT/examples/alb/logpipe.yaml" >"$TMP/cf2.yaml"
  expect "CloudFront v2 $1: build refuses" 2 "$LP" build "$TMP/cf2.yaml" -o "$TMP/cf2out"
  contains "CloudFront v2 $1: says why" "$TMP/err" "$3"
  if [ ! -e "$TMP/cf2out" ]; then ok "CloudFront v2 $1: nothing written"; else ko "CloudFront v2 $1: output written"; fi
}
cf2_refuses "w3c output" '/^  cloudfront:$/,/^    edge_json:$/s/      file_format: parquet$/      file_format: w3c/' \
  "error: sources.cloudfront.edge.file_format 'w3c' is not generated: logpipe writes CloudFront v2 tables for parquet and json [LP-SPEC-CF-V2]"
cf2_refuses "raw output" '/^  cloudfront:$/,/^    edge_json:$/s/      file_format: parquet$/      file_format: raw/' "raw output goes to Firehose, not S3"
cf2_refuses "no file_format" '/^  cloudfront:$/,/^    edge_json:$/{/      file_format: parquet$/d}' "sources.cloudfront.edge sets logging: v2 without file_format"
cf2_refuses "no suffix_path" '/      suffix_path: "AWSLogs/d' "sources.cloudfront.edge sets logging: v2 without suffix_path"
cf2_refuses "unknown variable" 's|{DistributionId}/{yyyy}|{Distribution}/{yyyy}|' \
  "'{Distribution}' in sources.cloudfront.edge.suffix_path is not a suffix-path variable"
cf2_refuses "unknown variable: did you mean" 's|{DistributionId}/{yyyy}|{DistributionID}/{yyyy}|' "help: did you mean '{DistributionId}'?"
cf2_refuses "variable twice" 's|{MM}/{dd}/{HH}"|{MM}/{dd}/{MM}"|' "'{MM}' in sources.cloudfront.edge.suffix_path is used twice"
cf2_refuses "unclosed variable" 's|{MM}/{dd}/{HH}"|{MM}/{dd}/{HH"|' "in sources.cloudfront.edge.suffix_path has no closing '}'"
cf2_refuses "no distribution_ids" '/      distribution_ids: \[E2EXAMPLE1ABCD, E3EXAMPLE2WXYZ\]/d' \
  "sources.cloudfront.edge.suffix_path has a {DistributionId} folder, and projecting it needs distribution_ids"
cf2_refuses "distribution_ids without the folder" 's|v2-json/{distributionid}/|v2-json/|' \
  "sources.cloudfront.edge_json.distribution_ids project a {DistributionId} folder, and the suffix path has none"
cf2_refuses "unknown record field" 's/record_fields: \[date, time, x-edge-location, c-ip,/record_fields: [date, time, x-edge-location, c_ip,/' \
  "'c_ip' in sources.cloudfront.edge_json.record_fields is not a CloudFront standard log field"
contains "CloudFront v2 unknown record field: did you mean" "$TMP/err" "help: did you mean 'c-ip'?"
cf2_refuses "record field twice" 's/record_fields: \[date, time,/record_fields: [date, time, date,/' \
  "'date' in sources.cloudfront.edge_json.record_fields is listed twice"
cf2_refuses "prefix on a v2 source" 's|      logging: v2\n      file_format: json|&|; /^    edge_json:$/a\      prefix: cf/' \
  "sources.cloudfront.edge_json.prefix is the legacy Logging.Prefix; standard logging v2 writes under its suffix path"
cf2_refuses "v2 key on a legacy source" 's|^      prefix: www/$|      prefix: www/\n      suffix_path: "x/{yyyy}"|' \
  "sources.cloudfront.www.suffix_path applies to standard logging v2, and this source reads legacy logs"

# AWS WAF: JSON lines. The guide's records, the same records pretty-printed as the guide prints them,
# values of the wrong JSON type, keys the table does not have.
W=$R/waf
expect "WAF table reads the guide's records" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source waf.shop "$W/aws_docs_2023.log"
contains "WAF: 5 of 5 records read, no key left over" "$TMP/out" "5 lines in 1 file against table 'waf_shop' (JSON, 18 columns): 5 read, 0 not one JSON object"
python3 -c 'import json,sys; [print(json.dumps(json.loads(l), indent=4)) for l in open(sys.argv[1])]' "$W/aws_docs_2023.log" >"$TMP/waf_pretty.log"
expect "WAF: pretty-printed records are no JSON lines" 1 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source waf.shop "$TMP/waf_pretty.log"
contains "WAF: a pretty-printed line says why" "$TMP/err" "line is not one JSON object (a JSON value that is not an object); a JSON SerDe fails the query on it (HIVE_CURSOR_ERROR)"
contains "WAF: and where in the line" "$TMP/err" "waf_pretty.log:1:2: error: line is not one JSON object (not valid JSON from this byte on)"
sed -e '1s/"formatVersion":1/"formatVersion":"one"/' -e '2s/"headers":\[/"headers":{"x":[/; 2s/\],"uri"/]},"uri"/' -e '3s/^{/{"ja3Fingerprint":"abc",/' \
  "$W/aws_docs_2023.log" >"$TMP/waf_types.log"
expect "WAF: values of another JSON type are warnings, not failures" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source waf.shop "$TMP/waf_types.log"
contains "WAF: a string in an int column" "$TMP/err" "column 'formatversion': 1 value whose JSON type the column's type cannot hold (formatVersion holds a string, where the column reads int), e.g. '\"one\"' [LP-SAMPLES-JSON-TYPE]"
contains "WAF: an object where an array is declared, by its path" "$TMP/err" "(httpRequest.headers holds an object, where the column reads array)"
contains "WAF: a key the table does not have" "$TMP/err" "1 line carries keys no column of this table reads, e.g. \"ja3Fingerprint\""
expect "WAF: the same in JSON" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source waf.shop --format json "$TMP/waf_types.log"
contains "WAF: JSON names the JSON type" "$TMP/out" '"json_type": "formatVersion holds a string, where the column reads int"'
expect "AWS's 2023 WAF table: lint says its bucket cannot receive WAF logs" 1 "$LP" lint "$W/aws_ddl"
contains "AWS's 2023 WAF table: the bucket finding" "$TMP/out" "is in a bucket whose name does not start with aws-waf-logs-"
expect "AWS's 2023 WAF table reads the guide's records, but not the CAPTCHA response" 0 \
  "$LP" samples --table "$W/aws_ddl/waf_logs_pp_2023.sql" "$W/aws_docs_2023.log"
contains "AWS's 2023 WAF table: the key it lacks" "$TMP/err" "e.g. \"captchaResponse\""
mkdir -p "$TMP/wafm/athena"
# shellcheck disable=SC2016 # ${day} of the template, not a shell variable
sed 's|/WAFLogs/ap-northeast-1/shop-web-acl/\${day}|/${day}|' "$TMP/gen/athena/shop_logs.waf_shop.sql" >"$TMP/wafm/athena/t.sql"
expect "WAF template without WAF's folders: lint fails" 1 "$LP" lint "$TMP/wafm"
contains "WAF template without WAF's folders: layout finding" "$TMP/out" "does not render the AWSLogs/<account>/WAFLogs/<region>/<web ACL>/yyyy/MM/dd/ folders"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed 's/^  `responsecodesent` int,$/  `responsecodesent` boolean,/' "$TMP/gen/athena/shop_logs.waf_shop.sql" >"$TMP/wafm/athena/t.sql"
expect "WAF column of the wrong type: lint fails" 1 "$LP" lint "$TMP/wafm"
contains "WAF column of the wrong type: documented-record finding" "$TMP/out" "column 'responsecodesent' of AWS WAF logs table 'waf_shop' cannot hold a record with the request headers WAF inserted"
sed 's/aws-waf-logs-shop-123456789012/shop-waf-123456789012/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/wafbucket.yaml"
expect "WAF source with a bucket WAF refuses: build refuses" 2 "$LP" build "$TMP/wafbucket.yaml" -o "$TMP/wafbucket"
contains "WAF source with a bucket WAF refuses: says why" "$TMP/err" "AWS WAF logs only to buckets whose name starts with aws-waf-logs-"

# CloudTrail: a file is one {"Records":[...]} object; CloudTrailInputFormat makes each event a row.
C=$R/cloudtrail
expect "CloudTrail table reads the guide's log files" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudtrail.main "$C/aws_docs_2023.log"
contains "CloudTrail: 6 of 6 files read" "$TMP/out" "6 lines in 1 file against table 'cloudtrail_main' (JSON, 24 columns): 6 read, 0 not one JSON object"
python3 -c 'import json,sys; [print(json.dumps(r)) for l in open(sys.argv[1]) for r in json.loads(l)["Records"]]' "$C/aws_docs_2023.log" >"$TMP/ct_events.log"
expect "CloudTrail: events one per line are no CloudTrail files" 1 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudtrail.main "$TMP/ct_events.log"
contains "CloudTrail: says what a file must be" "$TMP/err" "line is not one JSON object (not an object whose \"Records\" array holds objects)"
sed '1s/"eventName":"StartInstances"/"eventName":["StartInstances"],"sessionCredentialFromConsole":"true"/; 2s/"userIdentity":{/"userIdentity":"x","ignored":{/' "$C/aws_docs_2023.log" >"$TMP/ct_types.log"
expect "CloudTrail: type disagreements inside Records are warnings" 0 \
  "$LP" samples --spec "$ROOT/examples/alb/logpipe.yaml" --source cloudtrail.main "$TMP/ct_types.log"
contains "CloudTrail: a string where the struct is" "$TMP/err" "column 'useridentity': 1 value whose JSON type the column's type cannot hold (userIdentity holds a string, where the column reads struct)"
contains "CloudTrail: a key the table does not read" "$TMP/err" "e.g. \"sessionCredentialFromConsole\""
mkdir -p "$TMP/ctm/athena"
sed "s|'com.amazon.emr.cloudtrail.CloudTrailInputFormat'|'org.apache.hadoop.mapred.TextInputFormat'|" "$TMP/gen/athena/shop_logs.cloudtrail_main.sql" >"$TMP/ctm/athena/t.sql"
expect "CloudTrail table with the text input format: lint fails" 1 "$LP" lint "$TMP/ctm"
contains "CloudTrail table with the text input format: says why" "$TMP/out" "a CloudTrail file is one object that wraps its events in \"Records\", so every file is one row"
# shellcheck disable=SC2016 # ${region} of the template, not a shell variable
sed 's|/CloudTrail/${region}/|/${region}/|' "$TMP/gen/athena/shop_logs.cloudtrail_main.sql" >"$TMP/ctm/athena/t.sql"
expect "CloudTrail template without CloudTrail's folders: lint fails" 1 "$LP" lint "$TMP/ctm"
contains "CloudTrail template without CloudTrail's folders: layout finding" "$TMP/out" "does not render the AWSLogs/<account>/CloudTrail/<region>/yyyy/MM/dd/ folders"
# shellcheck disable=SC2016 # back-quotes of the DDL, not a command
sed 's/^  `errorcode` string,$/  `errorcode` int,/' "$TMP/gen/athena/shop_logs.cloudtrail_main.sql" >"$TMP/ctm/athena/t.sql"
expect "CloudTrail column of the wrong type: lint fails" 1 "$LP" lint "$TMP/ctm"
contains "CloudTrail column of the wrong type: documented-event finding" "$TMP/out" "'errorCode' is a string where the column reads int"
sed 's/      regions: \[ap-northeast-1, us-east-1\]/      regions: [ap-northeast-1, ap-northeast-1]/' "$ROOT/examples/alb/logpipe.yaml" >"$TMP/ctdup.yaml"
expect "CloudTrail Region listed twice: build refuses" 2 "$LP" build "$TMP/ctdup.yaml" -o "$TMP/ctdup"

# The S3 guide's own table reads user agents with spaces, but keeps no tail: each field it lacks is dropped silently.
mkdir -p "$TMP/s3aws/athena"
cat >"$TMP/s3aws/athena/t.sql" <<'SQL'
CREATE EXTERNAL TABLE s3_access_logs_db.mybucket_logs(
  bucketowner STRING, bucket_name STRING, requestdatetime STRING, remoteip STRING, requester STRING,
  requestid STRING, operation STRING, key STRING, request_uri STRING, httpstatus STRING, errorcode STRING,
  bytessent BIGINT, objectsize BIGINT, totaltime STRING, turnaroundtime STRING, referrer STRING, useragent STRING,
  versionid STRING, hostid STRING, sigv STRING, ciphersuite STRING, authtype STRING, endpoint STRING,
  tlsversion STRING, accesspointarn STRING, aclrequired STRING)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'input.regex'='([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://amzn-s3-demo-bucket1/prefix/';
SQL
expect "the S3 guide's table: lint finds no error" 0 "$LP" lint "$TMP/s3aws"
expect "the S3 guide's table reads the guide's lines" 0 "$LP" samples --table "$TMP/s3aws/athena/t.sql" "$R/s3access/aws_docs_2019.log"

finish
