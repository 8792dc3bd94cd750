#!/usr/bin/env bash
# Whole-process cases for lint precision on real-world shapes: each block is a
# reproduction of a false positive, a miss or a silence, and what lint says now.
# Usage: precision.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$ROOT/tests/cli/lib.sh"

rules_of() { # rules_of FILE: the rule ids of the JSON findings on stdout, one per line
  python3 -c 'import json,sys; [print(e["rule"]) for e in json.load(open(sys.argv[1]))["diagnostics"]]' "$1"
}
both() { cat "$TMP/out" "$TMP/err" >"$TMP/all"; }
lacks() { # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $2"; sed 's/^/  | /' "$2" | head -20; else ok "$1"; fi
}

# ---- Athena DDL: CTAS, views, back-quoted names, types ----
printf 'CREATE TABLE new_table AS SELECT * FROM old_table;\n' >"$TMP/ctas.sql"
expect "CTAS is clean" 0 "$LP" lint "$TMP/ctas.sql"
both
lacks "CTAS: no LP-DDL-SYNTAX" "$TMP/all" "LP-DDL-SYNTAX"
cat >"$TMP/ctas-iceberg.sql" <<'SQL'
CREATE TABLE events_iceberg
WITH (table_type = 'ICEBERG', location = 's3://amzn-s3-demo-bucket/events/', is_external = false,
      partitioning = ARRAY['day(event_time)'], format = 'PARQUET')
AS SELECT * FROM events WHERE event_time > current_date - interval '7' day;
SQL
expect "CTAS with WITH (table_type='ICEBERG') is clean" 0 "$LP" lint "$TMP/ctas-iceberg.sql"
printf 'CREATE VIEW v AS SELECT 1;\n' >"$TMP/view.sql"
expect "a view is read" 0 "$LP" lint --format json "$TMP/view.sql"
lacks "a view is a file logpipe lints" "$TMP/out" "LP-LINT-UNKNOWN-KIND"
lacks "a view is not silence" "$TMP/out" "LP-LINT-NO-FILES"
cat >"$TMP/vpc.sql" <<'SQL'
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs_parquet (
  `version` int, `account_id` string, `srcaddr` string, `end` bigint)
PARTITIONED BY (`aws-account-id` string, `aws-service` string, `aws-region` string, `year` string)
STORED AS PARQUET
LOCATION 's3://amzn-s3-demo-bucket/prefix/AWSLogs/';
MSCK REPAIR TABLE vpc_flow_logs_parquet;
SQL
expect "back-quoted hyphenated partitions pass" 0 "$LP" lint "$TMP/vpc.sql"
both
lacks "no LP-ATHENA-IDENT on the hyphenated names" "$TMP/all" "LP-ATHENA-IDENT"
printf 'CREATE EXTERNAL TABLE t (a sting) LOCATION '"'"'s3://b/'"'"';\n' >"$TMP/sting.sql"
expect "a column typed 'sting' fails" 1 "$LP" lint "$TMP/sting.sql"
both
contains "the nearest type is offered" "$TMP/all" "did you mean 'string'? [LP-ATHENA-TYPE]"

printf '{"TableInput": {"Name": "t", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "sting"}, {"Name": "b", "Type": "map<string"}]}}}\n' >"$TMP/glue-types.json"
expect "Glue column types are Hive types too" 1 "$LP" lint "$TMP/glue-types.json"
both
contains "Glue typo" "$TMP/all" "unknown type 'sting'; did you mean 'string'?"
contains "Glue type that does not parse" "$TMP/all" "column type 'map<string' is not a Hive type"

# A table repeats a few types over many columns, and its types are judged once
# per distinct text: every column still gets its own finding at its own line,
# also past the number of texts remembered (40 distinct ones here).
{
	printf '{"TableInput": {"Name": "t", "StorageDescriptor": {"Columns": [\n'
	for i in $(seq 1 40); do printf '{"Name": "u%d", "Type": "sting%d"},\n' "$i" "$i"; done
	printf '{"Name": "a", "Type": "sting"},\n{"Name": "b", "Type": "map<string"},\n'
	printf '{"Name": "c", "Type": "sting"},\n{"Name": "d", "Type": "map<string"}\n]}}}\n'
} >"$TMP/glue-repeat.json"
expect "repeated Glue types" 1 "$LP" lint --format json "$TMP/glue-repeat.json"
if [ "$(jq -c '[.diagnostics[] | select(.rule == "LP-ATHENA-TYPE") | .line] | [length, .[-4:]]' "$TMP/out")" = '[44,[42,43,44,45]]' ]; then
	ok "each repeated Glue type is reported at its own column"
else
	ko "each repeated Glue type is reported at its own column"; cat "$TMP/out"
fi

# A regex finding points at its column inside the input.regex literal, past
# the escapes the SQL string adds, not at the literal's opening quote.
cat >"$TMP/regex-col.sql" <<'SQL'
CREATE EXTERNAL TABLE logs (a string, b string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES ('input.regex' = '([^ ]*) (\\p{javaLowerCase}*)')
LOCATION 's3://bucket/logs/';
SQL
expect "a regex that does not compile fails" 1 "$LP" lint "$TMP/regex-col.sql"
both
contains "the Java class is reported at its backslash" "$TMP/all" \
  "regex-col.sql:3:49: error: '\\p{javaLowerCase}' is a Java regex class"
contains "the compile error is reported at PCRE2's offset" "$TMP/all" \
  "regex-col.sql:3:67: error: input.regex does not compile"

# ---- lake consistency ----
cat >"$TMP/range.sql" <<'SQL'
CREATE EXTERNAL TABLE waf (action string) PARTITIONED BY (day string) LOCATION 's3://b/waf/'
TBLPROPERTIES ('projection.enabled'='true', 'projection.day.type'='date', 'projection.day.range'='2023-06-15,NOW',
  'projection.day.format'='yyyy/MM/dd', 'storage.location.template'='s3://b/waf/${day}');
SQL
expect "projection range against format fails" 1 "$LP" lint "$TMP/range.sql"
both
contains "range finding" "$TMP/all" "start '2023-06-15' of 'projection.day.range' is not written in its format 'yyyy/MM/dd'"
mkdir -p "$TMP/lake"
cat >"$TMP/lake/app.sql" <<'SQL'
CREATE EXTERNAL TABLE logs.app (`time` string, level string, msg string) STORED AS PARQUET LOCATION 's3://b/app/';
SQL
printf '{"DatabaseName": "logs", "TableInput": {"Name": "app", "StorageDescriptor": {"Columns": [{"Name": "time", "Type": "string"}, {"Name": "level", "Type": "string"}, {"Name": "message", "Type": "string"}]}}}\n' >"$TMP/lake/app.json"
expect "Glue JSON and DDL of one table with other columns fail" 1 "$LP" lint "$TMP/lake"
both
contains "the difference is named" "$TMP/all" "'message' is missing here, 'msg' is only here [LP-XART-TABLE-DIFFERS]"

# ---- S3 default encryption (Config: COMPLIANT since 2023-01-05) ----
printf 'Resources:\n  B: { Type: "AWS::S3::Bucket" }\n' >"$TMP/bucket.yaml"
expect "a plain bucket" 1 "$LP" lint --format json "$TMP/bucket.yaml"
lacks "no LP-S3-SSE on a plain bucket" "$TMP/out" "LP-S3-SSE"
expect "explain LP-S3-SSE" 0 "$LP" explain LP-S3-SSE
contains "explain says Config finds the default" "$TMP/out" "a plain bucket gets SSE-S3 by default (since 2023-01-05) -- logpipe: no finding; AWS Config: COMPLIANT"
expect "rules" 0 "$LP" rules
contains "rules says the memory rule is discontinued" "$TMP/out" "ecs-task-definition-memory-hard-limit (discontinued)"
expect "explain the memory rule" 0 "$LP" explain ecs-task-definition-memory-hard-limit
contains "explain says why it is kept" "$TMP/out" "Why logpipe keeps it:"

# ---- task definitions in every shape ----
cat >"$TMP/describe.json" <<'JSON'
{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
    "family": "web",
    "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "privileged": true}],
    "revision": 3
  },
  "tags": []
}
JSON
expect "DescribeTaskDefinition output is linted" 1 "$LP" lint --rule LP-ECS-PRIVILEGED "$TMP/describe.json"
both
contains "privileged found in the wrapper" "$TMP/all" "describe.json:5:83: error: container 'app' is privileged"
expect "--kind taskdef on the wrapper" 1 "$LP" lint --kind taskdef --rule LP-ECS-PRIVILEGED "$TMP/describe.json"
printf '{"family": "", "containerDefinitions": [{"name": "", "image": "", "privileged": true}]}\n' >"$TMP/skeleton.json"
expect "an unfilled skeleton is a note" 0 "$LP" lint "$TMP/skeleton.json"
both
contains "skeleton note" "$TMP/all" "is an unfilled CLI skeleton"
printf '{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Name": {"Ref": "ServiceName"}, "Image": "x:1", "Privileged": true}]}}}}\n' >"$TMP/ref.json"
printf 'Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: !Ref ServiceName\n          Image: x:1\n          Privileged: true\n' >"$TMP/ref.yaml"
expect "intrinsic names in JSON" 1 "$LP" lint --rule LP-ECS-PRIVILEGED "$TMP/ref.json"
both
contains "JSON shows the intrinsic" "$TMP/all" "container '!Ref ServiceName' is privileged"
expect "intrinsic names in YAML" 1 "$LP" lint --rule LP-ECS-PRIVILEGED "$TMP/ref.yaml"
both
contains "YAML shows the same" "$TMP/all" "container '!Ref ServiceName' is privileged"
printf '{"containerDefinitions": [{"name": "log_router", "image": "x:1", "firelensConfiguration": {"type": "fluentbit"}}]}\n' >"$TMP/router.json"
expect "router without logConfiguration" 1 "$LP" lint --format json "$TMP/router.json"
rules_of "$TMP/out" >"$TMP/ids"
contains "LP-ECS-LOGCONF reports it" "$TMP/ids" "LP-ECS-LOGCONF"
lacks "once, not twice" "$TMP/ids" "LP-FIRELENS-ROUTER-LOGS"

# ---- Fn::ForEach, Conditions, Fn::If ----
cat >"$TMP/foreach.yaml" <<'YAML'
Transform: AWS::LanguageExtensions
Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "123456789012"]
Resources:
  Fn::ForEach::Groups:
    - Name
    - [app, router]
    - "Group${Name}":
        Type: AWS::Logs::LogGroup
        Properties:
          LogGroupName: !Sub "/ecs/${Name}"
          RetentionInDays: 7
          KmsKeyId: !If [IsProd, "arn:aws:kms:us-east-1:123456789012:key/k", !Ref "AWS::NoValue"]
YAML
expect "generated resources are linted" 1 "$LP" lint --format json --rule LP-CW-RETENTION --rule LP-CW-ENCRYPTED "$TMP/foreach.yaml"
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
got = sorted((e["rule"], e["line"], e["target"]) for e in d)
assert got == [("LP-CW-RETENTION", 12, "Groupapp"), ("LP-CW-RETENTION", 12, "Grouprouter")], got
PY
then ok "one finding per generated group, at the loop"; else ko "Fn::ForEach findings"; fi

# ---- the seed's rejected routes ----
cat >"$TMP/routes.yaml" <<'YAML'
Resources:
  Shipper:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler, Runtime: python3.12, Role: !GetAtt R.Arn, Code: { ZipFile: "x" } }
  Filter:
    Type: AWS::Logs::SubscriptionFilter
    Properties: { LogGroupName: /ecs/app, FilterPattern: "", DestinationArn: !GetAtt Shipper.Arn }
  Imported:
    Type: AWS::Logs::SubscriptionFilter
    Properties: { LogGroupName: /ecs/app, FilterPattern: "", DestinationArn: !ImportValue log-shipper-function-arn }
  Connector:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: "arn:aws:serverlessrepo:us-east-1:292517598671:applications/AthenaCloudwatchConnector", SemanticVersion: "2025.1.1" }
YAML
expect "rejected routes are warnings" 0 "$LP" lint --format json --rule LP-CW-SUBSCRIPTION-LAMBDA --rule LP-ATHENA-CW-CONNECTOR "$TMP/routes.yaml"
rules_of "$TMP/out" | sort | uniq -c | tr -s ' ' >"$TMP/ids"
contains "both filters" "$TMP/ids" "2 LP-CW-SUBSCRIPTION-LAMBDA"
contains "the connector" "$TMP/ids" "1 LP-ATHENA-CW-CONNECTOR"
contains "the seed's reasoning" "$TMP/out" "payload and concurrency limits, retries and error handling at volume"
contains "the hybrid spec snippet" "$TMP/out" "logs: { to: [cloudwatch, lake] }"

# ---- FireLens fragment or standalone ----
mkdir -p "$TMP/ec2"
cat >"$TMP/ec2/fluent-bit.conf" <<'CONF'
[SERVICE]
    Flush        5
    Parsers_File parsers.conf

[INPUT]
    Name   tail
    Path   /var/log/app/*.log

[INPUT]
    Name   forward
    Listen 0.0.0.0
    Port   24224

@INCLUDE /ecs/service.conf

[OUTPUT]
    Name              cloudwatch_logs
    Match             *
    region            us-east-1
    log_group_name    /ec2/app
    log_stream_prefix host-
CONF
expect "a standalone conf is not judged as FireLens" 0 "$LP" lint --format json "$TMP/ec2/fluent-bit.conf"
rules_of "$TMP/out" >"$TMP/ids"
lacks "no LP-FLB-FIRELENS-FORWARD" "$TMP/ids" "LP-FLB-FIRELENS-FORWARD"
if grep -qx "LP-FLB-INCLUDE" "$TMP/ids"; then ko "an in-image include is no error"; else ok "an in-image include is no error"; fi
contains "an in-image include is a note" "$TMP/ids" "LP-FLB-INCLUDE-IMAGE"
expect "--kind firelens forces the fragment rules" 1 "$LP" lint --fail-on warning --kind firelens "$TMP/ec2/fluent-bit.conf"
both
contains "forward judged when forced" "$TMP/all" "[LP-FLB-FIRELENS-FORWARD]"
mkdir -p "$TMP/fl"
sed -n '9,12p' "$TMP/ec2/fluent-bit.conf" >"$TMP/fl/extra.conf"
printf '{"containerDefinitions": [{"name": "log_router", "image": "x:1", "essential": true, "firelensConfiguration": {"type": "fluentbit", "options": {"config-file-type": "file", "config-file-value": "/fluent-bit/etc/extra.conf"}}}]}\n' >"$TMP/fl/task.json"
expect "a conf a task definition names is a FireLens fragment" 1 "$LP" lint --format json "$TMP/fl"
rules_of "$TMP/out" >"$TMP/ids"
contains "forward judged in the fragment" "$TMP/ids" "LP-FLB-FIRELENS-FORWARD"
printf '[STREAM_TASK]\n    Name   errors\n    Exec   CREATE STREAM errors AS SELECT * FROM TAG:'"'"'app*'"'"' WHERE level = '"'"'ERROR'"'"';\n' >"$TMP/streams.conf"
expect "[STREAM_TASK] files are Fluent Bit" 0 "$LP" lint --format json "$TMP/streams.conf"
lacks "[STREAM_TASK] is recognised" "$TMP/out" "LP-LINT-UNKNOWN-KIND"

# ---- cross-file checks only within a project ----
if command -v git >/dev/null; then
  mkdir -p "$TMP/many/infra" "$TMP/many/agent"
  git init -q "$TMP/many/infra" && git init -q "$TMP/many/agent"
  printf 'Resources:\n  G: { Type: "AWS::Logs::LogGroup", Properties: { LogGroupName: /infra/app, RetentionInDays: 400, KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" } }\n' >"$TMP/many/infra/logs.yaml"
  cp "$TMP/ec2/fluent-bit.conf" "$TMP/many/agent/fluent-bit.conf"
  expect "unrelated repositories" 0 "$LP" lint --format json "$TMP/many"
  lacks "no LP-XART-LOG-GROUP across repositories" "$TMP/out" "LP-XART-LOG-GROUP"
  cp "$TMP/many/infra/logs.yaml" "$TMP/many/agent/logs.yaml"
  expect "one repository" 1 "$LP" lint --format json "$TMP/many/agent"
  contains "LP-XART-LOG-GROUP within it" "$TMP/out" "LP-XART-LOG-GROUP"

  # a conf a task definition names belongs with it, whichever repository holds it
  mkdir -p "$TMP/split/app" "$TMP/split/router"
  git init -q "$TMP/split/app" && git init -q "$TMP/split/router"
  printf '{"containerDefinitions": [{"name": "log_router", "image": "x:1", "essential": true, "firelensConfiguration": {"type": "fluentbit", "options": {"config-file-type": "file", "config-file-value": "/fluent-bit/etc/routes.conf"}}}]}\n' >"$TMP/split/app/task.json"
  cp "$TMP/many/infra/logs.yaml" "$TMP/split/app/logs.yaml"
  printf '[OUTPUT]\n    Name              cloudwatch_logs\n    Match             app-firelens*\n    region            us-east-1\n    log_group_name    /not/defined\n    log_stream_prefix app-\n' >"$TMP/split/router/routes.conf"
  expect "a named conf in another repository" 1 "$LP" lint --format json "$TMP/split"
  contains "joins the task definition's project" "$TMP/out" "log group '/not/defined' is not defined"

  # ---- silence ----
  mkdir -p "$TMP/repo/some/dir"
  git init -q "$TMP/repo"
  printf 'some/dir/*\n' >"$TMP/repo/.gitignore"
  cp "$TMP/describe.json" "$TMP/repo/some/dir/"
  (cd "$TMP/repo" && "$LP" lint --rule LP-ECS-PRIVILEGED some/dir) >"$TMP/out" 2>"$TMP/err"
  both
  contains "a named directory whose files git ignores is linted" "$TMP/all" "some/dir/describe.json:5:83"
fi
mkdir -p "$TMP/empty"
expect "an empty directory" 0 "$LP" lint "$TMP/empty"
both
contains "nothing linted is said" "$TMP/all" "nothing was linted: no file under"
printf 'just text\n' >"$TMP/empty/notes.txt"
expect "a directory of other files" 0 "$LP" lint "$TMP/empty"
both
contains "none of a kind is said" "$TMP/all" "none of the 1 file read is of a kind logpipe lints"

# ---- a Classic ELB table is judged as one, never called an ALB table ----
cat >"$TMP/elb.sql" <<'SQL'
CREATE EXTERNAL TABLE elb_logs (request_timestamp string, elb_name string, request_ip string, backend_ip string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES ('serialization.format' = '1', 'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*)$')
LOCATION 's3://b/AWSLogs/123456789012/elasticloadbalancing/';
SQL
"$LP" lint "$TMP/elb.sql" >"$TMP/out" 2>"$TMP/err"
both
lacks "a Classic ELB table is not called an ALB table" "$TMP/all" "of ALB access logs table"
contains "its findings name the Classic Load Balancer" "$TMP/all" "Classic Load Balancer access logs table"

finish
