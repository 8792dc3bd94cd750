#!/usr/bin/env bash
# lint -j N reads, parses and checks files on N threads; whatever N is, every
# report format must be byte-for-byte what one thread writes, with the same
# exit code. The corpus mixes every kind of file the repository holds:
# real-world files, the lint cases, the examples' generated and hand-written
# files, and the output of a generated 200-service spec. The same holds for
# lint --spec and for the lint build runs over what it generates.
# Usage: parallel.sh LOGPIPE SRCROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT" || exit 1
"$PY" bench/gen_spec.py 200 >"$TMP/logpipe.yaml"
expect "build a 200-service spec" 0 "$LP" build -j 1 "$TMP/logpipe.yaml" -o "$TMP/generated"

CORPUS=(tests/realworld tests/lint examples/hybrid/generated examples/hybrid/hand-written
  examples/alb/generated examples/sam/generated "$TMP/generated")

# same NAME CMD...: runs CMD with -j 1, -j 2 and -j 8 (inserted after the command
# word) and compares stdout, stderr and the exit code with the -j 1 run
same() {
  local name=$1 cmd=$2 j rc1 rc
  shift 2
  "$LP" "$cmd" -j 1 "$@" >"$TMP/out.1" 2>"$TMP/err.1"
  rc1=$?
  for j in 2 8; do
    "$LP" "$cmd" -j "$j" "$@" >"$TMP/out.$j" 2>"$TMP/err.$j"
    rc=$?
    if [ "$rc" -eq "$rc1" ] && cmp -s "$TMP/out.1" "$TMP/out.$j" && cmp -s "$TMP/err.1" "$TMP/err.$j"; then
      ok "$name: -j $j is -j 1 (exit $rc)"
    else
      ko "$name: -j $j differs from -j 1 (exit $rc, $rc1)"
      diff "$TMP/out.1" "$TMP/out.$j" | head -10 | sed 's/^/  | /'
      diff "$TMP/err.1" "$TMP/err.$j" | head -10 | sed 's/^/  | /'
    fi
  done
  echo "$rc1" >"$TMP/rc"
}

for f in text json sarif gitlab junit; do
  same "lint --format=$f" lint --format="$f" "${CORPUS[@]}"
  # a run with findings, so the comparison is over something
  if [ "$(cat "$TMP/rc")" -eq 1 ] && [ -s "$TMP/out.1" ]; then ok "lint --format=$f has findings"; else ko "lint --format=$f found nothing"; fi
done
same "lint text totals" lint "${CORPUS[@]}"
if grep -qE 'in [0-9]{4,} files' "$TMP/out.1"; then ok "thousands of files"; else ko "fewer files than expected: $(tail -1 "$TMP/out.1")"; fi
same "lint --rule" lint --rule LP-ECS-MEMORY --format=json "${CORPUS[@]}"
same "lint --fail-on=note" lint --fail-on=note --format=sarif examples/hybrid/hand-written examples/hybrid/generated
same "lint --spec" lint --spec "$TMP/logpipe.yaml" --format=json
same "lint --spec, example" lint --spec examples/hybrid/logpipe.yaml --format=sarif
same "lint a generated folder with its lock" lint --format=json examples/hybrid/generated
same "lint one file" lint --format=json examples/hybrid/hand-written
same "lint nothing lintable" lint --format=json docs

# build: the same files, the same diagnostics
for j in 1 2 8; do
  expect "build -j $j" 0 "$LP" build -j "$j" "$TMP/logpipe.yaml" -o "$TMP/b$j"
  sed "s#$TMP/b$j#DIR#g" "$TMP/err" >"$TMP/build-err.$j" # the note names the directory
done
for j in 2 8; do
  if diff -r "$TMP/b1" "$TMP/b$j" >/dev/null && cmp -s "$TMP/build-err.1" "$TMP/build-err.$j"; then
    ok "build -j $j writes what -j 1 writes"
  else
    ko "build -j $j differs from -j 1"
  fi
done
same "build --check --format=json" build --check --format=json examples/hybrid/logpipe.yaml -o examples/hybrid/generated

# bad -j values are usage errors on every command that takes it
for cmd in lint build check; do
  for bad in 0 -1 abc 2x "" 99999999999999999999 1025; do
    expect "$cmd -j '$bad' is a usage error" 2 "$LP" "$cmd" -j "$bad"
    contains "$cmd -j '$bad' says why" "$TMP/err" "-j must be a number of threads from 1 to 1024, not '$bad'"
  done
  expect "$cmd --jobs=1024 is accepted" 0 "$LP" "$cmd" --jobs=1024 --help
done
expect "--jobs=N is -j N" 1 "$LP" lint --jobs=3 examples/hybrid/hand-written
# more threads than files: capped, same result
same "-j over the number of files" lint --format=json examples/hybrid/hand-written/legacy-worker.task-definition.json
contains "-j in lint --help" <("$LP" lint --help) "-j, --jobs=N"

finish
