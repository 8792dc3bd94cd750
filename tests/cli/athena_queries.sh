#!/usr/bin/env bash
# `logpipe samples --athena`: the query per source is byte-for-byte its golden
# (tests/golden/athena-queries), and its shape holds offline: one read-only
# SELECT, balanced quotes and parentheses, a not-converted verdict for every
# typed column of the table and an all-NULL verdict.
# Usage: athena_queries.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SPEC=$ROOT/examples/alb/logpipe.yaml
GOLD=$ROOT/tests/golden/athena-queries

"$LP" build "$SPEC" -o "$TMP/gen" >/dev/null 2>&1
for case in "alb.public alb_public" "nlb.edge nlb_edge" "alb.internal alb_internal --from 2024-05-01 --to 2024-05-31" \
  "clb.legacy clb_legacy --from 2024-05-01 --to 2024-05-31" "alb_connection.public alb_connection_public" \
  "s3_access.assets s3_access_assets --from 2024-05-01 --to 2024-05-31" "vpc_flow.main vpc_flow_main" \
  "vpc_flow.traffic vpc_flow_traffic --from 2024-05-01 --to 2024-05-31" \
  "vpc_flow.hourly vpc_flow_hourly --from 2024-05-01 --to 2024-05-31" "cloudfront.www cloudfront_www" \
  "waf.shop waf_shop --from 2024-05-01 --to 2024-05-31" "cloudtrail.main cloudtrail_main --from 2024-05-01 --to 2024-05-31" \
  "vpc_flow.columnar vpc_flow_columnar" "cloudfront.edge cloudfront_edge --from 2024-05-01 --to 2024-05-31" \
  "cloudfront.edge_json cloudfront_edge_json"; do
  read -r source table range <<<"$case"
  # shellcheck disable=SC2086 # the range is two options or none
  expect "$table: query" 0 "$LP" samples --athena --spec "$SPEC" --source "$source" $range
  if [ "${LP_GOLDEN_UPDATE:-}" = 1 ]; then
    cp "$TMP/out" "$GOLD/$table.sql"
  elif cmp -s "$TMP/out" "$GOLD/$table.sql"; then
    ok "$table: golden"
  else
    ko "$table: differs from its golden"; diff -u "$GOLD/$table.sql" "$TMP/out" | head -20
  fi
  if python3 - "$TMP/out" "$TMP/gen/glue/shop_logs.$table.json" <<'PY'
import json, re, sys
q = open(sys.argv[1]).read()
cols = json.load(open(sys.argv[2]))["TableInput"]["StorageDescriptor"]["Columns"]
body = "\n".join(l for l in q.splitlines() if not l.startswith("--"))
# outside quoted identifiers and literals
bare = re.sub(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'', "", body)
assert bare.count("(") == bare.count(")"), "parentheses"
assert ";" not in bare, "one statement"
words = set(re.findall(r"[A-Za-z_]+", bare.upper()))
for w in ("INSERT", "CREATE", "DROP", "ALTER", "DELETE", "UPDATE", "MERGE", "MSCK", "UNLOAD", "VACUUM", "OPTIMIZE"):
    assert w not in words, w
assert body.lstrip().startswith("WITH r AS (") and "\nSELECT\n" in body
assert '"all_null"' in body
for c in cols:
    if c["Type"] not in ("string", "boolean"):
        assert '"%s_not_converted"' % c["Name"] in body, c["Name"]
PY
  then ok "$table: read-only, one statement, a verdict per typed column"; else ko "$table: shape"; fi
done

expect "a range over a table without partitions is an input error" 2 "$LP" samples --athena --spec "$SPEC" --source cloudfront.www --from 2024-05-01 --to 2024-05-31
contains "a range over a table without partitions says why" "$TMP/err" "has no date-projected partition column"
expect "--athena with log files is a usage error" 2 "$LP" samples --athena --spec "$SPEC" --source alb.public x.log
expect "--from without --to is a usage error" 2 "$LP" samples --athena --spec "$SPEC" --source alb.public --from 2024-01-01
expect "a bad date is an input error" 2 "$LP" samples --athena --spec "$SPEC" --source alb.public --from 2024-13-01 --to 2024-12-31
contains "a bad date says why" "$TMP/err" "'2024-13-01' is not a date written YYYY-MM-DD"

finish
