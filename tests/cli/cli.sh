#!/usr/bin/env bash
# Whole-process cases for the logpipe binary: exit codes, messages, and what
# lands on disk. Usage: cli.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

expect "--version" 0 "$LP" --version
contains "--version prints the name" "$TMP/out" "logpipe "
expect "--help" 0 "$LP" --help
contains "--help lists build" "$TMP/out" "build"
expect "no command is a usage error" 2 "$LP"
expect "unknown command" 2 "$LP" frobnicate
contains "unknown command names it" "$TMP/err" "unknown command 'frobnicate'"
for c in build lint check samples fix rules explain schema init; do
  expect "$c --help" 0 "$LP" "$c" --help
  contains "$c --help shows usage" "$TMP/out" "usage: logpipe $c"
done
expect "build: unknown option" 2 "$LP" build --bogus

expect "schema prints JSON" 0 "$LP" schema
if "$PY" -m json.tool "$TMP/out" >/dev/null 2>&1; then ok "schema is valid JSON"; else ko "schema is valid JSON"; fi

# A spec with a schema error: exit 2, file:line:col, and nothing written.
mkdir -p "$TMP/bad"
cat >"$TMP/bad/logpipe.yaml" <<'YAML'
version: 1
name: shop
region: ap-northeast-1
account: "123456789012"
defaults:
  firehose:
    bufer_mib: 64
YAML
expect "invalid spec exits 2" 2 "$LP" build "$TMP/bad/logpipe.yaml" -o "$TMP/bad/out"
contains "invalid spec error has file:line:col" "$TMP/err" "logpipe.yaml:7:5: error:"
contains "invalid spec suggests the key" "$TMP/err" "buffer_mib"
if [ ! -e "$TMP/bad/out" ]; then ok "invalid spec writes nothing"; else ko "invalid spec writes nothing"; fi

expect "missing spec exits 2" 2 "$LP" build "$TMP/nope.yaml" -o "$TMP/nope"
contains "missing spec names the file" "$TMP/err" "nope.yaml"

# Hostile inputs are refused quickly.
"$PY" - "$TMP" <<'PYEOF'
import sys
d = sys.argv[1]
with open(d + "/laughs.yaml", "w") as f:
    f.write("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
    for i in range(1, 30):
        f.write("a%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
with open(d + "/deep.yaml", "w") as f:
    f.write("[" * 10000 + "]" * 10000 + "\n")
with open(d + "/huge.yaml", "w") as f:
    f.write("name: " + "x" * (100 * 1024 * 1024) + "\n")
PYEOF
for f in laughs deep huge; do
  start=$(date +%s%N)
  expect "hostile $f.yaml is refused" 2 "$LP" build "$TMP/$f.yaml" -o "$TMP/$f-out"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ "$ms" -lt 5000 ]; then ok "hostile $f.yaml refused promptly (${ms} ms)"; else ko "hostile $f.yaml took ${ms} ms"; fi
  if [ ! -e "$TMP/$f-out" ]; then ok "hostile $f.yaml writes nothing"; else ko "hostile $f.yaml writes nothing"; fi
done

# The bundled example builds, deterministically, and --check sees drift.
expect "build example" 0 "$LP" build "$ROOT/examples/hybrid/logpipe.yaml" -o "$TMP/gen1"
expect "build example again" 0 "$LP" build "$ROOT/examples/hybrid/logpipe.yaml" -o "$TMP/gen2"
if diff -r "$TMP/gen1" "$TMP/gen2" >/dev/null; then ok "two builds are byte-identical"; else ko "two builds are byte-identical"; fi
if [ -f "$TMP/gen1/logpipe.lock.json" ]; then ok "lock file written"; else ko "lock file written"; fi
expect "--check on fresh output" 0 "$LP" build "$ROOT/examples/hybrid/logpipe.yaml" -o "$TMP/gen1" --check
echo tampered >>"$TMP/gen1/logpipe.lock.json"
expect "--check detects drift" 1 "$LP" build "$ROOT/examples/hybrid/logpipe.yaml" -o "$TMP/gen1" --check
contains "--check names the file" "$TMP/err" "differs:"
if [ -z "$(find "$TMP/gen2" -maxdepth 1 -name '.logpipe-staging-*')" ]; then ok "no staging directory left behind"; else ko "staging directory left behind"; fi

# Generated output is compliant by construction: retention 365 passes Config's
# default MinRetentionTime; 30 without a lint.params override is refused.
expect "hybrid example builds clean" 0 "$LP" build "$ROOT/examples/hybrid/logpipe.yaml" -o "$TMP/ret365"
if ! grep -q "LP-CW-RETENTION" "$TMP/err"; then ok "no retention finding at 365"; else ko "no retention finding at 365"; fi
mkdir -p "$TMP/ret30"
sed -e 's/retention_days: 365/retention_days: 30/' -e '/^  params:/,$d' \
  "$ROOT/examples/hybrid/logpipe.yaml" >"$TMP/ret30/logpipe.yaml"
cp -r "$ROOT/examples/hybrid/infra" "$TMP/ret30/"
expect "retention 30 without override fails the build" 1 "$LP" build "$TMP/ret30/logpipe.yaml" -o "$TMP/ret30/out"
contains "retention finding is reported" "$TMP/err" "[LP-CW-RETENTION]"
contains "retention finding names Config's default" "$TMP/err" "less than MinRetentionTime 365"
if [ ! -e "$TMP/ret30/out" ]; then ok "lint errors write nothing"; else ko "lint errors write nothing"; fi
printf '  params:\n    cw-loggroup-retention-period-check: {MinRetentionTime: 30}\n' >>"$TMP/ret30/logpipe.yaml"
expect "retention 30 with a lint.params override builds" 0 "$LP" build "$TMP/ret30/logpipe.yaml" -o "$TMP/ret30/out"

# init writes a starter spec that builds, and refuses to overwrite.
( cd "$TMP" && "$LP" init >/dev/null 2>&1 )
if [ -f "$TMP/logpipe.yaml" ]; then ok "init writes logpipe.yaml"; else ko "init writes logpipe.yaml"; fi
expect "init refuses to overwrite" 2 sh -c "cd '$TMP' && '$LP' init"
for ex in hybrid alb sam; do
  expect "init --example $ex to stdout" 0 "$LP" init --example "$ex" -o -
done
expect "init unknown example" 2 "$LP" init --example nope -o -
# The starter's modeline resolves where the spec is written.
mkdir -p "$TMP/modeline/infra"
expect "init into a folder" 0 "$LP" init -o "$TMP/modeline/infra/logpipe.yaml"
first=$(head -n 1 "$TMP/modeline/infra/logpipe.yaml")
schema_ref=${first#"# yaml-language-server: \$schema="}
case $schema_ref in /*) schema_file=$schema_ref ;; *) schema_file=$TMP/modeline/infra/$schema_ref ;; esac
if [ "$schema_ref" != "$first" ] && [ -f "$schema_file" ]; then ok "init's modeline names a schema that exists"
else ko "init's modeline names a schema that exists: '$first'"; fi
if "$PY" -c 'import json, sys, yaml, jsonschema; jsonschema.validate(yaml.safe_load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
  "$TMP/modeline/infra/logpipe.yaml" "$schema_file" 2>"$TMP/err"; then ok "the starter is valid against that schema"
else ko "the starter is valid against that schema"; sed 's/^/  | /' "$TMP/err" | tail -3; fi

# check: compile from the git index, compare with the committed output.
if command -v git >/dev/null; then
  R=$TMP/repo
  mkdir -p "$R"
  cp "$ROOT/examples/hybrid/logpipe.yaml" "$R/"
  cp -r "$ROOT/examples/hybrid/infra" "$R/"
  ( cd "$R" && git init -q && git config user.email t@example.invalid && git config user.name t &&
    "$LP" build logpipe.yaml -o generated >/dev/null 2>&1 && git add -A && git commit -qm init )
  expect "check --staged on a fresh build" 0 sh -c "cd '$R' && '$LP' check --staged logpipe.yaml"
  sed -i 's/buffer_seconds: 300/buffer_seconds: 120/' "$R/logpipe.yaml"
  expect "check ignores unstaged spec edits" 0 sh -c "cd '$R' && '$LP' check --staged logpipe.yaml"
  ( cd "$R" && git add logpipe.yaml )
  expect "check --staged sees stale output" 1 sh -c "cd '$R' && '$LP' check --staged logpipe.yaml"
  contains "check names the stale file on stdout" "$TMP/out" "differs: generated/"
  expect "check --rev HEAD is clean" 0 sh -c "cd '$R' && '$LP' check --rev HEAD logpipe.yaml"
  expect "check outside a repository" 2 sh -c "cd '$TMP' && '$LP' check --staged logpipe.yaml"
fi

finish
