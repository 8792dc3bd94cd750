#!/usr/bin/env bash
# CI reports: SARIF as GitHub code scanning wants it (validated against the
# SARIF 2.1.0 schema), GitLab Code Quality and JUnit (validated against the
# schemas in tests/conformance written from the published formats).
# Usage: reports.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONF=$ROOT/tests/conformance
py_check() { # py_check NAME SCRIPT ARGS...: the script raises on failure
  local name=$1 script=$2
  shift 2
  if "$PY" -c "$script" "$@" >"$TMP/py" 2>&1; then ok "$name"; else ko "$name"; sed 's/^/  | /' "$TMP/py" | tail -8; fi
}

# A repository whose files live below infra/, linted from inside infra/.
R=$TMP/repo
mkdir -p "$R/infra/ecs" "$R/infra/ddl"
cp "$ROOT/tests/lint/cases/taskdef-firelens.json" "$R/infra/ecs/api.json"
cp "$ROOT/tests/lint/cases/athena-projection.sql" "$R/infra/ddl/t.sql"
cp "$ROOT/tests/lint/cases/log-groups.json" "$R/infra/groups.json"
git init -q "$R"

expect "sarif from a subdirectory" 1 sh -c "cd '$R/infra' && '$LP' lint --format sarif ."
cp "$TMP/out" "$TMP/a.sarif"
py_check "SARIF: valid against the 2.1.0 schema, with what GitHub code scanning reads" '
import json, re, sys, jsonschema
log = json.load(open(sys.argv[1]))
jsonschema.validate(log, json.load(open(sys.argv[2])))
run = log["runs"][0]
drv = run["tool"]["driver"]
assert drv["informationUri"].startswith("https://"), drv.get("informationUri")
assert run["automationDetails"]["id"].endswith("/"), run["automationDetails"]
base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
assert base.startswith("file:///") and base.endswith("/"), base
assert base.endswith(sys.argv[3].rstrip("/").split("/")[-1] + "/"), (base, sys.argv[3])
rules = drv["rules"]
assert len(rules) > 100, len(rules)
for r in rules:
    assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", r["name"]), r["name"]
    assert r["helpUri"].startswith("https://"), r["id"]
    assert r["help"]["markdown"].strip() and r["help"]["text"].strip(), r["id"]
sec = [r for r in rules if "security-severity" in r["properties"]]
assert len(sec) >= 10, len(sec)
for r in sec:
    assert 0 < float(r["properties"]["security-severity"]) <= 10 and "security" in r["properties"]["tags"], r
assert "security-severity" in next(r for r in rules if r["id"] == "LP-ECS-PRIVILEGED")["properties"]
res = run["results"]
assert res
uris = set()
for x in res:
    al = x["locations"][0]["physicalLocation"]["artifactLocation"]
    assert al["uriBaseId"] == "%SRCROOT%", al
    assert not re.search(r"(^|/)\.\.?(/|$)|^/|//", al["uri"]), al["uri"]
    uris.add(al["uri"])
    assert re.fullmatch(r"[0-9a-f]{32}:[0-9]+", x["partialFingerprints"]["primaryLocationLineHash"]), x
assert uris == {"infra/ecs/api.json", "infra/ddl/t.sql", "infra/groups.json"}, uris
fps = [x["partialFingerprints"]["primaryLocationLineHash"] for x in res]
assert len(set(fps)) == len(fps), "fingerprints must be unique"
assert run["invocations"][0]["executionSuccessful"] is True
' "$TMP/a.sarif" "$CONF/sarif/sarif-schema-2.1.0.json" "$R"

# The same run spelled differently gives the same URIs: infra/../infra, ./, //.
expect "sarif with a path that goes up and down" 1 sh -c "cd '$R/infra' && '$LP' lint --format sarif ../infra//ecs/./api.json"
py_check "SARIF: URIs are normalised" '
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in res} == {"infra/ecs/api.json"}
' "$TMP/out"
# Outside any repository the root is the current directory.
mkdir -p "$TMP/plain/sub"
cp "$ROOT/tests/lint/cases/log-groups.json" "$TMP/plain/sub/g.json"
expect "sarif outside git" 1 sh -c "cd '$TMP/plain' && GIT_CEILING_DIRECTORIES='$TMP' '$LP' lint --format sarif sub"
py_check "SARIF: outside git, URIs are relative to the current directory" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/plain/"), run["originalUriBaseIds"]
assert {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in run["results"]} == {"sub/g.json"}
' "$TMP/out"

# Fingerprints follow a finding when lines are inserted above it.
{ printf '\n\n\n'; cat "$R/infra/ecs/api.json"; } >"$R/infra/ecs/api.json.new"
mv "$R/infra/ecs/api.json.new" "$R/infra/ecs/api.json"
expect "sarif after lines moved" 1 sh -c "cd '$R/infra' && '$LP' lint --format sarif ."
py_check "SARIF: partialFingerprints are stable when lines move" '
import json, sys
def load(p):
    res = json.load(open(p))["runs"][0]["results"]
    return {x["partialFingerprints"]["primaryLocationLineHash"]: x["locations"][0]["physicalLocation"]["region"]["startLine"]
            for x in res if x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/ecs/api.json"}
a, b = load(sys.argv[1]), load(sys.argv[2])
assert a and set(a) == set(b), (a, b)
assert all(b[k] == a[k] + 3 for k in a), (a, b)
' "$TMP/a.sarif" "$TMP/out"

# GitLab Code Quality.
expect "gitlab report" 1 sh -c "cd '$R/infra' && '$LP' lint --format=gitlab ."
py_check "GitLab: valid against the Code Quality schema, paths from the repository root" '
import json, sys, jsonschema
issues = json.load(open(sys.argv[1]))
jsonschema.validate(issues, json.load(open(sys.argv[2])))
assert issues
assert {i["location"]["path"] for i in issues} == {"infra/ecs/api.json", "infra/ddl/t.sql", "infra/groups.json"}
assert len({i["fingerprint"] for i in issues}) == len(issues)
assert {"major", "minor"} <= {i["severity"] for i in issues}
' "$TMP/out" "$CONF/gitlab/codequality.schema.json"
expect "gitlab report of a clean file" 0 "$LP" lint -f gitlab "$ROOT/tests/golden/ecs-hybrid/expected"
py_check "GitLab: no findings is an empty array" 'import json, sys; assert json.load(open(sys.argv[1])) == []' "$TMP/out"

# JUnit.
expect "junit report" 1 sh -c "cd '$R/infra' && '$LP' lint --format=junit ."
cp "$TMP/out" "$TMP/j.xml"
if command -v xmllint >/dev/null; then
  if xmllint --noout --schema "$CONF/junit/junit.xsd" "$TMP/j.xml" 2>"$TMP/xerr"; then ok "JUnit: valid against junit.xsd"
  else ko "JUnit: valid against junit.xsd"; sed 's/^/  | /' "$TMP/xerr" | head; fi
else
  echo "skip - xmllint not installed"
fi
py_check "JUnit: one suite per file, failures counted" '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = root.findall("testsuite")
assert {s.get("name") for s in suites} == {"infra/ecs/api.json", "infra/ddl/t.sql", "infra/groups.json"}
fails = sum(len(s.findall("testcase/failure")) for s in suites)
assert fails == int(root.get("failures")) and fails > 0
for s in suites:
    assert int(s.get("tests")) == len(s.findall("testcase"))
' "$TMP/j.xml"
# Hostile text stays well-formed XML.
printf '{"LogGroups": [{"LogGroupName": "/a<&\\"\\u0001>"}]}' >"$TMP/hostile.json"
expect "junit of a hostile value" 1 "$LP" lint -f junit "$TMP/hostile.json"
if command -v xmllint >/dev/null; then
  if xmllint --noout --schema "$CONF/junit/junit.xsd" "$TMP/out" 2>"$TMP/xerr"; then ok "JUnit: hostile values are escaped"
  else ko "JUnit: hostile values are escaped"; sed 's/^/  | /' "$TMP/xerr" | head; fi
fi
expect "junit of a clean file" 0 "$LP" lint -f junit "$ROOT/tests/golden/ecs-hybrid/expected"
contains "JUnit: a clean run is one passing case" "$TMP/out" 'tests="1" failures="0"'

# GitHub refuses more than 25,000 results in a run: cut, say so, exit non-zero.
"$PY" -c 'import json; print(json.dumps({"LogGroups": [{"LogGroupName": "/g/%d" % i, "RetentionInDays": 30} for i in range(25050)]}))' \
  >"$TMP/many.json"
expect "sarif over the cap exits 1 even below --fail-on" 1 "$LP" lint --format sarif --fail-on error --rule LP-CW-ENCRYPTED "$TMP/many.json"
contains "the cap is said on stderr" "$TMP/err" "results left out of the SARIF log"
py_check "SARIF: at most 25,000 results, with a notification" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert len(run["results"]) == 25000, len(run["results"])
inv = run["invocations"][0]
assert inv["executionSuccessful"] is False
assert "50 of 25050 results were left out" in inv["toolExecutionNotifications"][0]["message"]["text"], inv
' "$TMP/out"

finish
