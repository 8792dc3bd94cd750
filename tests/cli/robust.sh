#!/usr/bin/env bash
# Whole-process cases for odd invocations: where the spec and the output
# directory are, how their paths are spelled, and what the exit code says
# (design §3: 2 for usage or input errors, never 3, which means a bug).
# Usage: robust.sh LOGPIPE SOURCE_ROOT
set -u

# Absolute, because several cases run from other folders.
LP=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SPEC=$ROOT/examples/hybrid/logpipe.yaml

# -o naming an existing file: a usage error, and the file is left alone.
echo keep >"$TMP/afile"
expect "build -o FILE exits 2" 2 "$LP" build "$SPEC" -o "$TMP/afile"
contains "build -o FILE says why" "$TMP/err" "is not a directory"
contains "build -o FILE leaves the file alone" "$TMP/afile" "keep"
expect "build --check -o FILE exits 2, not drift" 2 "$LP" build "$SPEC" --check -o "$TMP/afile"
contains "build --check -o FILE says why" "$TMP/err" "is not a directory"

# The starter spec builds as 'init' says it will, for every example.
for ex in hybrid alb sam; do
  mkdir -p "$TMP/init-$ex"
  expect "init --example $ex" 0 sh -c "cd '$TMP/init-$ex' && '$LP' init --example $ex"
  expect "init --example $ex then build" 0 sh -c "cd '$TMP/init-$ex' && '$LP' build"
done
echo "# mine" >"$TMP/init-sam/template.yaml"
expect "init --force keeps a template that exists" 0 sh -c "cd '$TMP/init-sam' && '$LP' init --example sam --force"
contains "init --force leaves the existing template alone" "$TMP/init-sam/template.yaml" "# mine"

# samples --max-report takes a count; a typo is refused rather than read as 0 or as 2^64-1.
for v in x -1; do
  expect "samples --max-report $v exits 2" 2 "$LP" samples --table "$ROOT/tests/resources/alb/alb_logs_2023.sql" \
    --max-report "$v" "$ROOT/tests/resources/alb/tid_2024.log"
  contains "samples --max-report $v says so" "$TMP/err" "--max-report needs a number of lines, not '$v'"
done

# Output that cannot be written is not success, whichever command printed it.
if [ -w /dev/full ]; then
  for c in --version --help rules; do
    expect "$c to a full disk fails" 3 sh -c "'$LP' $c >/dev/full"
    contains "$c to a full disk says so" "$TMP/err" "cannot write to standard output"
  done
  expect "samples summary to a full disk fails" 3 sh -c "'$LP' samples --table '$ROOT/tests/resources/alb/alb_logs_2023.sql' '$ROOT/tests/resources/alb/aws_docs_2023.log' >/dev/full"
fi

# lint names the reason a path cannot be read.
expect "lint of a missing path exits 2" 2 "$LP" lint "$TMP/no-such.json"
contains "lint of a missing path says why" "$TMP/err" "cannot open '$TMP/no-such.json': No such file or directory"

# A wrong --templates is the caller's mistake (exit 2) and says which one.
expect "build --templates MISSING exits 2" 2 "$LP" build "$SPEC" -o "$TMP/tpl-out" --templates "$TMP/no-such-dir"
contains "build --templates MISSING says so" "$TMP/err" "templates directory '$TMP/no-such-dir' does not exist"
expect "build --templates FILE exits 2" 2 "$LP" build "$SPEC" -o "$TMP/tpl-out" --templates "$TMP/afile"
contains "build --templates FILE says so" "$TMP/err" "templates directory '$TMP/afile' is not a directory"
if [ ! -e "$TMP/tpl-out" ]; then ok "a wrong --templates writes nothing"; else ko "a wrong --templates writes nothing"; fi

# Two spellings that derive one stream and table: a finding, not an abort on a doubled file.
cat >"$TMP/collide.yaml" <<'YAML'
version: 1
name: shop
region: ap-northeast-1
account: "123456789012"
lake: { bucket: shop-logs-123456789012, database: shop_logs }
services:
  a-b:
    cpu: 256
    memory: 512
    containers:
      c: { image: "nginx:1.25", logs: { to: [lake] } }
  a:
    cpu: 256
    memory: 512
    containers:
      b-c: { image: "nginx:1.25", logs: { to: [lake] } }
YAML
expect "colliding derived names exit 2" 2 "$LP" build "$TMP/collide.yaml" -o "$TMP/collide-out"
contains "colliding stream is named at its position" "$TMP/err" \
  "collide.yaml:16:7: error: Firehose stream 'shop-a-b-c' is derived twice: here and on line 11 [LP-SPEC-NAME]"
if [ ! -e "$TMP/collide-out" ]; then ok "colliding names write nothing"; else ko "colliding names write nothing"; fi

# An empty -o is refused before anything is read or written ("" would mean "/<path>").
expect "build -o '' exits 2" 2 "$LP" build "$SPEC" -o ""
contains "build -o '' says so" "$TMP/err" "-o needs a directory name"
expect "build --check -o '' exits 2" 2 "$LP" build "$SPEC" --check -o ""
expect "init -o '' exits 2" 2 "$LP" init -o ""

# The same spec reached by other spellings gives the same bytes.
expect "build by absolute path" 0 "$LP" build "$SPEC" -o "$TMP/abs"
expect "build by relative path from the spec's folder" 0 \
  sh -c "cd '$ROOT/examples/hybrid' && '$LP' build ./logpipe.yaml -o '$TMP/rel'"
expect "build from another cwd" 0 sh -c "cd / && '$LP' build '$SPEC' -o '$TMP/cwd'"
expect "build with LC_ALL and LC_NUMERIC set" 0 \
  env LC_ALL=de_DE.UTF-8 LC_NUMERIC=de_DE.UTF-8 "$LP" build "$SPEC" -o "$TMP/locale"
for d in rel cwd locale; do
  if diff -r "$TMP/abs" "$TMP/$d" >/dev/null; then ok "$d output is byte-identical"; else ko "$d output differs"; fi
done

# check: paths are spelled as users type them; the index only knows canonical ones.
if command -v git >/dev/null; then
  R=$TMP/repo
  mkdir -p "$R/sub"
  cp "$SPEC" "$R/"
  cp -r "$ROOT/examples/hybrid/infra" "$R/"
  ( cd "$R" && git init -q && git config user.email t@example.invalid && git config user.name t &&
    "$LP" build logpipe.yaml -o generated >/dev/null 2>&1 && git add -A && git commit -qm init )
  expect "check ./SPEC" 0 sh -c "cd '$R' && '$LP' check ./logpipe.yaml"
  expect "check -o DIR/" 0 sh -c "cd '$R' && '$LP' check -o generated/"
  expect "check -o ./DIR" 0 sh -c "cd '$R' && '$LP' check -o ./generated"
  expect "check -o x/../DIR" 0 sh -c "cd '$R' && '$LP' check -o x/../generated"
  expect "check with absolute paths" 0 sh -c "cd '$R' && '$LP' check '$R/logpipe.yaml' -o '$R/generated'"
  expect "check from a subfolder with ../" 0 sh -c "cd '$R/sub' && '$LP' check ../logpipe.yaml -o ../generated"
  expect "check of a path above the repository" 2 sh -c "cd '$R' && '$LP' check ../logpipe.yaml"
  contains "above the repository says so" "$TMP/err" "outside the repository"
  # Files the spec refers to (the SAM template) come from the index too.
  mv "$R/infra/orders/template.yaml" "$TMP/template.yaml"
  expect "check reads the SAM template from the index, not the work tree" 0 sh -c "cd '$R' && '$LP' check"
  mv "$TMP/template.yaml" "$R/infra/orders/template.yaml"
  ( cd "$R" && git rm -q --cached infra/orders/template.yaml )
  expect "check sees a SAM template removed from the index" 2 sh -c "cd '$R' && '$LP' check"
  contains "a template missing from the index is named" "$TMP/out" "template 'infra/orders/template.yaml' does not exist"
  ( cd "$R" && git add infra/orders/template.yaml )
  expect "check --format is validated before any work" 2 sh -c "cd '$R' && '$LP' check --format xml"
  contains "check --format names the choices" "$TMP/err" "--format must be text, json, sarif, gitlab or junit"
fi

finish
