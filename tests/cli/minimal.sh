#!/usr/bin/env bash
# Whole-process cases for a new user's first runs: the minimal spec of
# docs/spec.md builds as documented, a missing decision is one positioned
# error, and every finding on generated output is reported in the spec with
# the generated place beside it. Usage: minimal.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The spec under "## A minimal spec" in docs/spec.md, so the docs cannot drift from what builds.
mkdir -p "$TMP/min"
"$PY" - "$ROOT/docs/spec.md" "$TMP/min/logpipe.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## A minimal spec", 1)[1]
block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
open(sys.argv[2], "w", encoding="utf-8").write(block)
PY
(cd "$TMP/min" && "$LP" build >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ "$rc" -eq 0 ]; then ok "the minimal spec of docs/spec.md builds"; else ko "minimal spec: exit $rc"; sed 's/^/  | /' "$TMP/err"; fi
contains "its container gets the no-fields warning" "$TMP/err" "[LP-LAKE-NO-FIELDS]"
contains "its table keeps the whole record" "$TMP/min/generated/athena/acme_logs.web_app.sql" "\`log\` string"

# A default two services share is one finding at its one place.
sed -e '/^defaults:$/a\  router: { image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4 }' "$TMP/min/logpipe.yaml" |
  sed -e 's/^  web:$/  api:\n    cpu: 256\n    memory: 512\n    task_role: arn:aws:iam::123456789012:role\/t\n    execution_role: arn:aws:iam::123456789012:role\/e\n    containers: { c: { image: a:1, logs: { fields: { m: string } } } }\n  web:/' \
  >"$TMP/min/eol.yaml"
(cd "$TMP/min" && "$LP" build eol.yaml -o eol-out >/dev/null 2>"$TMP/err")
n=$(grep -c 'LP-ECS-ROUTER-EOL' "$TMP/err")
if [ "$n" -eq 1 ]; then ok "a shared router default is reported once"; else ko "LP-ECS-ROUTER-EOL reported $n times"; sed 's/^/  | /' "$TMP/err" | head; fi

# A generated file edited by hand is called edited, not out of date.
echo "-- local change" >>"$TMP/min/generated/athena/acme_logs.web_app.sql"
(cd "$TMP/min" && "$LP" build --check >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ "$rc" -eq 1 ]; then ok "build --check: a hand edit is drift"; else ko "build --check: exit $rc"; fi
contains "build --check: the edit is named" "$TMP/err" "edited: generated/athena/acme_logs.web_app.sql (changed since logpipe wrote it"

# Without the key: one error, at the spec, naming the key to add; nothing written.
grep -v -e '^defaults:' -e '^  cloudwatch:' -e 'kms_key:' "$TMP/min/logpipe.yaml" >"$TMP/min/nokey.yaml"
(cd "$TMP/min" && "$LP" build nokey.yaml -o out --format json >"$TMP/out" 2>"$TMP/err")
rc=$?
if [ "$rc" -eq 1 ]; then ok "no KMS key: exit 1"; else ko "no KMS key: exit $rc"; fi
if "$PY" - "$TMP/out" <<'PY'
import json, sys
errs = [e for e in json.load(open(sys.argv[1]))["diagnostics"] if e["severity"] == "error"]
assert len(errs) == 1, errs
e = errs[0]
assert e["rule"] == "LP-CW-ENCRYPTED" and e["file"] == "nokey.yaml" and e["line"] >= 1, e
assert e["related"]["file"] == "out/cloudwatch/log-groups.json", e
assert "defaults.cloudwatch.kms_key" in e["help"], e
PY
then ok "no KMS key: one error at the spec"; else ko "no KMS key: not one error at the spec"; fi
if [ -e "$TMP/min/out" ]; then ko "no KMS key: something was written"; else ok "no KMS key: nothing written"; fi

# Without task_role: a positioned error at the service; without execution_role on EC2: a warning.
grep -v 'task_role:' "$TMP/min/logpipe.yaml" >"$TMP/min/norole.yaml"
expect "no task_role: exit 2" 2 "$LP" build "$TMP/min/norole.yaml" -o "$TMP/min/out2"
contains "no task_role: positioned at the service" "$TMP/err" "norole.yaml:15:3: error: service 'web' has no task_role"
sed -e 's/^    cpu: 256$/    launch_type: ec2/' -e '/execution_role:/d' "$TMP/min/logpipe.yaml" >"$TMP/min/ec2.yaml"
expect "no execution_role on EC2 builds" 0 "$LP" build "$TMP/min/ec2.yaml" -o "$TMP/min/out3"
contains "no execution_role on EC2 is a warning" "$TMP/err" "warning: service 'web' has no execution_role"

# Every kind of finding on generated output: primary location in the spec, generated file related.
cat >"$TMP/min/many.yaml" <<'EOF'
version: 1
name: acme
region: us-east-1
account: "123456789012"
lake: { bucket: acme-logs-123456789012, database: acme_logs }
defaults:
  cloudwatch: { retention_days: 30 }
  firehose: { buffer_seconds: 900 }
services:
  web:
    cpu: 256
    memory: 512
    task_role: arn:aws:iam::123456789012:role/t
    execution_role: arn:aws:iam::123456789012:role/e
    containers:
      app:
        image: acme/web:1.0
        readonly_root: false
        logs: { fields: { level: string } }
  batch:
    launch_type: ec2
    memory: 512
    task_role: arn:aws:iam::123456789012:role/t
    execution_role: arn:aws:iam::123456789012:role/e
    containers:
      job: { image: acme/job:1.0, memory: 256, logs: { format: text, to: [lake] } }
sources:
  api_gateway:
    orders: { stage: prod }
lint:
  realtime_budget_seconds: 60
EOF
for how in build lint; do
  if [ "$how" = build ]; then
    (cd "$TMP/min" && "$LP" build many.yaml -o gen --format json >"$TMP/out" 2>/dev/null)
    dir=gen
  else
    (cd "$TMP/min" && "$LP" lint --spec many.yaml --format json --fail-on note >"$TMP/out" 2>/dev/null)
    dir=generated
  fi
  if "$PY" - "$TMP/out" "$dir" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
want = {"LP-CW-ENCRYPTED": "defaults.cloudwatch.kms_key", "LP-CW-RETENTION": "defaults.cloudwatch.retention_days",
        "LP-ECS-READONLY-ROOT": "services.web.containers.app.readonly_root",
        "LP-ECS-NONROOT": "services.batch.containers.job.user", "LP-XART-REALTIME": None}
seen = set()
for e in d:
    assert not e["file"].startswith(sys.argv[2] + "/"), ("left in a generated file", e)
    if "related" in e:
        assert e["file"] == "many.yaml" and e["line"] > 0, e
        assert e["related"]["file"].startswith(sys.argv[2] + "/") and e["related"]["line"] > 0, e
        seen.add(e["rule"])
for rule, key in want.items():
    assert rule in seen, (rule, "not reported")
    if key:
        assert any(e["rule"] == rule and key in e.get("help", "") for e in d), (rule, key)
PY
  then ok "$how: every finding on generated output is located in the spec"; else ko "$how: findings on generated output"; fi
done
(cd "$TMP/min" && "$LP" build many.yaml -o gen >"$TMP/out" 2>"$TMP/err")
contains "text: the generated place follows the message" "$TMP/err" "  in gen/ecs/acme-web.task-definition.json:"
(cd "$TMP/min" && "$LP" lint --spec many.yaml --format sarif >"$TMP/out" 2>/dev/null)
if "$PY" - "$TMP/out" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
rel = [r for r in res if "relatedLocations" in r]
assert rel, "no relatedLocations"
for r in rel:
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "many.yaml", r
    assert r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("generated/"), r
PY
then ok "sarif: locations in the spec, relatedLocations in generated files"; else ko "sarif locations"; fi

# `lint generated/` applies the lint section of the spec its lock names; `lint` alone lints the project.
mkdir -p "$TMP/proj"
sed -e 's/^  cloudwatch:$/  cloudwatch:\n    retention_days: 30/' "$TMP/min/logpipe.yaml" >"$TMP/proj/logpipe.yaml"
printf 'lint:\n  params:\n    CW_LOGGROUP_RETENTION_PERIOD_CHECK: { MinRetentionTime: 30 }\n' >>"$TMP/proj/logpipe.yaml"
(cd "$TMP/proj" && "$LP" build >/dev/null 2>&1)
expect "lint generated/ reads lint.params through the lock" 0 sh -c "cd '$TMP/proj' && '$LP' lint generated/"
(cd "$TMP/proj" && "$LP" lint generated/ --fail-on note --format json >"$TMP/out" 2>/dev/null)
if "$PY" - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
ro = [e for e in d if e["rule"] == "LP-ECS-READONLY-ROOT"]
assert ro and all(e["file"] == "logpipe.yaml" and e["related"]["file"].startswith("generated/ecs/") for e in ro), ro
PY
then ok "lint generated/: findings on unchanged files are located in the spec"; else ko "lint generated/ relocation"; fi
sed -i 's/"readonlyRootFilesystem": false/"readonlyRootFilesystem": false /' "$TMP/proj/generated/ecs/acme-web.task-definition.json"
(cd "$TMP/proj" && "$LP" lint generated/ --fail-on note --format json >"$TMP/out" 2>/dev/null)
contains "lint generated/: an edited file keeps its own positions" "$TMP/out" '"file": "generated/ecs/acme-web.task-definition.json"'
mv "$TMP/proj/logpipe.yaml" "$TMP/proj/elsewhere.yaml"
expect "without the spec, the Config default applies" 1 sh -c "cd '$TMP/proj' && '$LP' lint generated/"
mv "$TMP/proj/elsewhere.yaml" "$TMP/proj/logpipe.yaml"
sed -i 's/MinRetentionTime: 30/MinRetentionTime: 365/' "$TMP/proj/logpipe.yaml"
expect "lint with no arguments lints the project" 1 sh -c "cd '$TMP/proj' && '$LP' lint"
contains "lint with no arguments reports at the spec" "$TMP/out" "logpipe.yaml:"
contains "lint with no arguments names the generated place" "$TMP/out" "  in generated/cloudwatch/log-groups.json:"

# init writes the user's case, and it builds as written; the modeline names the schema beside it.
for to in hybrid lake cloudwatch; do
  dir=$TMP/init-$to/infra
  mkdir -p "$dir"
  expect "init --to $to" 0 "$LP" init --name acme --region eu-west-1 --account 123456789012 --to "$to" \
    --service web --service worker --kms-key arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab \
    -o "$dir/logpipe.yaml"
  expect "init --to $to, then build" 0 "$LP" build "$dir/logpipe.yaml" -o "$dir/generated"
  if grep -q 'LP-' "$TMP/err"; then ko "init --to $to builds with findings"; sed 's/^/  | /' "$TMP/err"; else ok "init --to $to builds clean"; fi
  if "$PY" - "$dir/logpipe.yaml" <<'PY'
import json, os, sys
spec = sys.argv[1]
first = open(spec, encoding="utf-8").readline()
assert first.startswith("# yaml-language-server: $schema="), first
target = os.path.join(os.path.dirname(spec), first.split("=", 1)[1].strip())
schema = json.load(open(target, encoding="utf-8"))
assert schema.get("$schema", "").startswith("https://json-schema.org/"), target
try:
    import jsonschema, yaml
except ImportError:
    sys.exit(0)
jsonschema.validate(yaml.safe_load(open(spec, encoding="utf-8")), schema)
PY
  then ok "init --to $to: the modeline resolves to the schema"; else ko "init --to $to: modeline"; fi
done
contains "init --to lake routes to the lake only" "$TMP/init-lake/infra/logpipe.yaml" "to: [lake]"
expect "init --kms-key none" 0 "$LP" init --name acme --region eu-west-1 --account 123456789012 --kms-key none -o "$TMP/none.yaml"
expect "init --kms-key none, then build" 0 "$LP" build "$TMP/none.yaml" -o "$TMP/none-out"
expect "init without --kms-key is a usage error" 2 "$LP" init --name acme --region eu-west-1 --account 123456789012 -o "$TMP/x.yaml"
contains "init without --kms-key says why" "$TMP/err" "cloudwatch-log-group-encrypted"
expect "init with a bad region" 2 "$LP" init --name acme --region nowhere --account 123456789012 --kms-key none -o "$TMP/bad.yaml"
if [ -e "$TMP/bad.yaml" ]; then ko "init with a bad region wrote the spec"; else ok "init with a bad region writes nothing"; fi
expect "init --example to stdout" 0 "$LP" init --example alb -o -
if grep -q 'yaml-language-server' "$TMP/out"; then ko "stdout spec has a modeline that cannot resolve"; else ok "stdout spec has no modeline"; fi
mkdir -p "$TMP/ex"
expect "init --example hybrid" 0 "$LP" init --example hybrid -o "$TMP/ex/logpipe.yaml"
contains "the example's modeline names the schema beside it" "$TMP/ex/logpipe.yaml" "# yaml-language-server: \$schema=logpipe.schema.json"
if [ -f "$TMP/ex/logpipe.schema.json" ]; then ok "the schema is written beside the example"; else ko "no schema beside the example"; fi

finish
