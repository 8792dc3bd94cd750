#!/usr/bin/env bash
# A large organisation's monorepo spec is not a hostile input: 10,000
# services (6.8 MB in flow style, under the 8 MiB document limit) must build,
# lint in memory and lint with --spec. No timing assertion: meson's timeout
# bounds the run, and the CPU and memory it took are printed for the record
# (bench/run.sh measures them against their floors).
# Usage: scale.sh LOGPIPE SRCROOT [SERVICES]
set -u

LP=$1
ROOT=$2
N=${3:-10000}
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# timed NAME CMD...: runs CMD like expect (exit 0 wanted), printing CPU and peak RSS when /usr/bin/time exists
timed() {
  local name=$1
  shift
  if [ -x /usr/bin/time ]; then
    expect "$name" 0 /usr/bin/time -o "$TMP/time" -f "%U %S %M" "$@"
    read -r u s kb <"$TMP/time"
    echo "# $name: ${u}s user, ${s}s system, peak RSS $((kb / 1024)) MiB"
  else
    expect "$name" 0 "$@"
  fi
}

"$PY" "$ROOT/bench/gen_spec.py" "$N" --flow >"$TMP/logpipe.yaml"
size=$(stat -c %s "$TMP/logpipe.yaml")
if [ "$size" -lt $((8 << 20)) ]; then ok "the $N-service spec is under the 8 MiB limit ($size bytes)"; else
  ko "the $N-service spec is $size bytes, over the limit this test is about"; fi

timed "build of $N services" "$LP" build "$TMP/logpipe.yaml" -o "$TMP/generated"
contains "build reports what it wrote" "$TMP/err" "wrote $((N * 12 + 5)) files"
files=$(find "$TMP/generated" -type f | wc -l)
if [ "$files" -eq $((N * 12 + 5)) ]; then ok "$files files on disk"; else ko "$files files on disk, wanted $((N * 12 + 5))"; fi
contains "the lock lists the last service" "$TMP/generated/logpipe.lock.json" "svc$((N - 1)).task-definition.json"
# The lock holds the SHA-256 of every file, so its own hash (without the generator's
# version) pins every byte of the output: an optimisation must leave it as it is.
want=$(awk -v n="$N" '$1 == n { print $2 }' "$ROOT/tests/cli/scale.lock-sha256")
got=$(grep -v '"generator"' "$TMP/generated/logpipe.lock.json" | sha256sum | cut -d' ' -f1)
if [ -z "$want" ]; then ok "no recorded lock hash for $N services (got $got)"; elif [ "$got" = "$want" ]; then
  ok "the output of $N services is byte for byte the recorded one"; else
  ko "the output of $N services changed: lock hash $got, recorded $want (tests/cli/scale.lock-sha256)"; fi

timed "lint --spec of $N services" "$LP" lint --spec "$TMP/logpipe.yaml"
contains "lint --spec finds no error" "$TMP/out" "0 errors, 1 warning in $((N * 12 + 4)) files"
contains "the one warning is the Firehose quota" "$TMP/out" "[LP-FH-QUOTA]"

finish
