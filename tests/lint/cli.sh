#!/usr/bin/env bash
# Whole-process lint cases: exit codes (design §3), --rule/--fail-on/--kind, rules/explain,
# and SARIF output validated against the official SARIF 2.1.0 schema.
set -u
bin=$1
root=$2
py=${LP_PYTHON:-python3}
cd "$root" || exit 2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2 got
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, want $want"; sed 's/^/  /' "$tmp/err" | head -20
    fails=$((fails + 1))
  fi
}

cases=tests/lint/cases
expect 1 "findings at error" -- "$bin" lint "$cases"
expect 0 "generated hybrid output is clean" -- "$bin" lint tests/golden/ecs-hybrid/expected
expect 0 "--fail-on error ignores warnings" -- "$bin" lint --rule LP-ECS-NONROOT "$cases/taskdef-firelens.json"
expect 1 "--fail-on warning counts warnings" -- "$bin" lint --fail-on warning --rule LP-ECS-NONROOT "$cases/taskdef-firelens.json"
expect 0 "--rule selects by Config rule name" -- "$bin" lint --rule ecs-containers-nonprivileged "$cases/taskdef-firelens.json"
expect 2 "unknown rule" -- "$bin" lint --rule LP-NOPE "$cases"
expect 2 "bad --fail-on" -- "$bin" lint --fail-on loud "$cases"
expect 2 "bad --format" -- "$bin" lint --format xml "$cases"
expect 2 "bad --kind" -- "$bin" lint --kind nope "$cases"
expect 2 "missing file" -- "$bin" lint "$cases/does-not-exist.json"
printf '{"containerDefinitions": [' >"$tmp/broken.json"
expect 2 "malformed JSON is an input error" -- "$bin" lint "$tmp/broken.json"
printf '{"LogGroups": [{"LogGroupName": "/a", "RetentionInDays": 30}]}' >"$tmp/lg.txt"
expect 1 "--kind forces the kind" -- "$bin" lint --kind log-groups "$tmp/lg.txt"
expect 0 "rules table" -- "$bin" rules
grep -q 'cw-loggroup-retention-period-check' "$tmp/out" || { echo "FAIL: rules lacks Config names"; fails=$((fails + 1)); }
expect 0 "rules json" -- "$bin" rules --format json
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["rules"]) >= 30' "$tmp/out" ||
  { echo "FAIL: rules json"; fails=$((fails + 1)); }
expect 0 "explain by Config name" -- "$bin" explain api-gw-execution-logging-enabled
grep -q 'Guard Rules Registry' "$tmp/out" || { echo "FAIL: explain lacks the Guard note"; fails=$((fails + 1)); }
expect 2 "explain unknown" -- "$bin" explain LP-NOPE

# Directory walk: .gitignore'd (libgit2), binary and logpipe.lock.json files are skipped.
if command -v git >/dev/null; then
  mkdir -p "$tmp/repo/sub"
  git init -q "$tmp/repo"
  cp "$cases/log-groups.json" "$tmp/repo/sub/ignored.json"
  cp "$cases/log-groups.json" "$tmp/repo/logpipe.lock.json"
  cp "$cases/firehose-conversion.json" "$tmp/repo/sub/kept.json"
  printf 'sub/ignored.json\n' >"$tmp/repo/.gitignore"
  printf '{"LogGroups": [\0]}' >"$tmp/repo/sub/binary.json"
  (cd "$tmp/repo" && "$bin" lint --format json .) >"$tmp/walk.json" 2>/dev/null
  "$py" -c 'import json,sys; f={e["file"] for e in json.load(open(sys.argv[1]))["diagnostics"]}; assert f == {"sub/kept.json"}, f' \
    "$tmp/walk.json" || { echo "FAIL: directory walk"; fails=$((fails + 1)); }
  # A directory named on the command line is linted even when git ignores it
  # (generated output usually is); ignores still prune below other roots.
  mkdir -p "$tmp/repo/out"
  cp "$cases/log-groups.json" "$tmp/repo/out/groups.json"
  printf 'sub/ignored.json\nout/\n' >"$tmp/repo/.gitignore"
  (cd "$tmp/repo" && "$bin" lint --format json out) >"$tmp/walk2.json" 2>/dev/null
  "$py" -c 'import json,sys; f={e["file"] for e in json.load(open(sys.argv[1]))["diagnostics"]}; assert f == {"out/groups.json"}, f' \
    "$tmp/walk2.json" || { echo "FAIL: an ignored directory named explicitly is linted"; fails=$((fails + 1)); }
  (cd "$tmp/repo" && "$bin" lint --format json .) >"$tmp/walk3.json" 2>/dev/null
  "$py" -c 'import json,sys; f={e["file"] for e in json.load(open(sys.argv[1]))["diagnostics"]}; assert f == {"sub/kept.json"}, f' \
    "$tmp/walk3.json" || { echo "FAIL: an ignored directory is pruned below '.'"; fails=$((fails + 1)); }
fi

# The spec's retention vs Config's MinRetentionTime (default 365), linting what the spec generates.
rule=cw-loggroup-retention-period-check
cp -r examples/hybrid "$tmp/hybrid"
expect 0 "hybrid at 365 days passes the retention rule" -- "$bin" lint --spec examples/hybrid/logpipe.yaml --rule "$rule"
sed -e 's/retention_days: 365/retention_days: 30/' examples/hybrid/logpipe.yaml >"$tmp/hybrid/logpipe.yaml"
expect 1 "30 days fails at MinRetentionTime 365" -- "$bin" lint --spec "$tmp/hybrid/logpipe.yaml" --rule "$rule"
grep -q 'less than MinRetentionTime 365.*\[LP-CW-RETENTION\]' "$tmp/out" || { echo "FAIL: no retention finding"; fails=$((fails + 1)); }
sed -e 's/retention_days: 365/retention_days: 30/' -e 's/MinRetentionTime: 365/MinRetentionTime: 30/' \
  examples/hybrid/logpipe.yaml >"$tmp/hybrid/logpipe.yaml"
expect 0 "lint.params lowers MinRetentionTime" -- "$bin" lint --spec "$tmp/hybrid/logpipe.yaml" --rule "$rule"
# lint.ignore: a matching entry suppresses (SARIF "external"), an entry matching nothing is reported.
sed -e 's/retention_days: 365/retention_days: 30/' examples/hybrid/logpipe.yaml >"$tmp/hybrid/logpipe.yaml"
"$py" - "$tmp/hybrid/logpipe.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
mine = ('    - { rule: cw-loggroup-retention-period-check, target: cloudwatch/log-groups.json,'
        ' reason: "archived to S3 after 30 days" }\n'
        '    - { rule: LP-ELB-LOGGING, reason: "no load balancer in this stack" }\n')
# the example may already have a lint.ignore list: add to it rather than repeat the key
s = s.replace("\n  ignore:\n", "\n  ignore:\n" + mine, 1) if "\n  ignore:\n" in s else s + "  ignore:\n" + mine
open(p, "w").write(s)
PY
(cd "$tmp/hybrid" && "$bin" lint --spec logpipe.yaml --format json) >"$tmp/ign.json" 2>/dev/null
"$py" - "$tmp/ign.json" <<'PY' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
# findings on generated files are reported in the spec, the generated position kept as "related"
ret = [e for e in d if e["rule"] == "LP-CW-RETENTION" and e.get("related", {}).get("file") == "generated/cloudwatch/log-groups.json"]
assert ret and all(e["file"] == "logpipe.yaml" for e in ret), ret
assert any(e["rule"] == "LP-CW-RETENTION" and "suppressed" not in e for e in d), "target must limit the ignore"
assert ret and all(e.get("suppressed", "").startswith("lint.ignore: archived") for e in ret), ret
unused = [e for e in d if e["rule"] == "LP-LINT-UNUSED-IGNORE"]
assert len(unused) == 1 and "LP-ELB-LOGGING" in unused[0]["message"], unused
PY

# SARIF: valid against the official schema, suppressions recorded, rules carry Config tags.
"$bin" lint --format sarif "$cases" examples/hybrid/hand-written >"$tmp/out.sarif" 2>/dev/null
"$py" - "$tmp/out.sarif" tests/conformance/sarif/sarif-schema-2.1.0.json <<'PY' || fails=$((fails + 1))
import json, sys
try:
    import jsonschema
except ImportError:
    print("SKIP: jsonschema missing; structural checks only")
    jsonschema = None
log = json.load(open(sys.argv[1]))
if jsonschema:
    jsonschema.validate(log, json.load(open(sys.argv[2])))
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert any("cw-loggroup-retention-period-check" in r["properties"]["tags"] for r in rules)
assert all("helpUri" in r for r in rules if "aws-config" in r["properties"]["tags"])
res = run["results"]
assert res, "no results"
sup = [r for r in res if r.get("suppressions")]
assert any(s["suppressions"][0]["kind"] == "inSource" for s in sup), "no inSource suppression"
for r in res:
    if "ruleIndex" in r:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    reg = r["locations"][0]["physicalLocation"]["region"]
    assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
    assert not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
print("sarif ok: %d results, %d suppressed" % (len(res), len(sup)))
PY

# Every rule file matches schemas/rule.schema.json.
"$py" - <<'PY' || fails=$((fails + 1))
import glob, json
try:
    import jsonschema, yaml
except ImportError:
    print("SKIP: jsonschema/yaml missing"); raise SystemExit(0)
schema = json.load(open("schemas/rule.schema.json"))
for f in sorted(glob.glob("rules/*.yaml")):
    jsonschema.validate(yaml.safe_load(open(f)), schema)
PY

if [ "$fails" -ne 0 ]; then echo "$fails lint CLI case(s) failed"; exit 1; fi
echo "lint CLI cases passed"
