#!/usr/bin/env bash
# Whole-process cases for names AWS would reject and regexes Fluent Bit would
# refuse: each spec passes the schema, and `logpipe build` must stop with a
# positioned finding (exit 2, an input error) and write nothing, never fail on
# the file system without a position or write a configuration Fluent Bit
# cannot start with.
# Usage: limits.sh LOGPIPE
set -u

LP=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

long() { printf "%${2}s" "" | tr ' ' "$1"; }

# spec NAME SERVICE_EXTRA CONTAINER_LOGS SOURCES: writes $TMP/NAME.yaml
spec() {
  cat >"$TMP/$1.yaml" <<YAML
version: 1
name: shop
region: ap-northeast-1
account: "123456789012"
lake: {bucket: shop-logs, database: ${5:-shop_logs}}
defaults:
  cloudwatch: {retention_days: 365, kms_key: "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
services:
  api:
    cpu: 256
    memory: 512
    task_role: arn:aws:iam::123456789012:role/t
    execution_role: arn:aws:iam::123456789012:role/e
$2
    containers:
      app:
        image: app:1.0
        logs: {$3}
$4
YAML
}

# build NAME RULE LINE: exit 2, the finding at LINE, nothing written
build() {
  mkdir -p "$TMP/out-$1"
  expect "$1: build stops with findings" 2 "$LP" build "$TMP/$1.yaml" -o "$TMP/out-$1"
  contains "$1: $2 at line $3" "$TMP/err" "$1.yaml:$3:"
  contains "$1: rule $2" "$TMP/err" "[$2]"
  if [ -z "$(find "$TMP/out-$1" -type f)" ]; then ok "$1: nothing written"; else ko "$1: files written"; fi
}

spec apigw "" "" "sources:
  api_gateway:
    $(long o 46):
      access_log: firehose"
build apigw LP-SPEC-NAME 21

spec family "    family: $(long f 200)" "" ""
build family LP-SPEC-NAME 14

spec database "" "" "" "$(long d 255)"
build database LP-SPEC-NAME 16

i=0
for re in '^(WARN' '[z-a]' '*a' '(a)\2' '/error/i' '^\h+$'; do
  i=$((i + 1))
  n=regex$i
  spec "$n" "" "cloudwatch: {only: {key: level, regex: '$re'}}" ""
  build "$n" LP-FB-REGEX 18
done

spec timekey "" "time_key: \"@timestamp\"" ""
expect "time_key @timestamp builds" 0 "$LP" build "$TMP/timekey.yaml" -o "$TMP/out-timekey"
contains "time_key @timestamp reaches the conf" "$TMP/out-timekey/ecs/shop-api.fluent-bit.conf" "time_key           @timestamp"

finish
