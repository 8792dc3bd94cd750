#!/usr/bin/env bash
# The output directory after failures (issue 13, items 1-4): a killed build,
# a rename that fails, something in the way, leftover staging, two builds at
# once. Each case leaves the directory holding the complete previous output
# or the complete new one, and the next command recovers.
# Usage: output.sh LOGPIPE SOURCE_ROOT FAULT_SHIM
set -u

LP=$1
ROOT=$2
SHIM=$3
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# specs SERVICES DIR: an old and a new spec whose outputs differ in every way a rebuild can
specs() {
  mkdir -p "$2/old" "$2/new"
  "$PY" "$ROOT/bench/gen_spec.py" "$1" >"$2/old/logpipe.yaml"
  "$PY" "$ROOT/bench/gen_spec.py" "$(($1 + 3))" |
    sed -e 's/side:2\.0/side:2.1/' -e 's/^  svc1\([0-9]\):/  web1\1:/' >"$2/new/logpipe.yaml"
}
manifest() {
  (cd "$1" && find . \( -name '.logpipe-staging-*' -o -name .logpipe-build.lock \) -prune -o -type d -printf 'dir %p\n' \
    -o -type l -printf 'link %p\n' -o -type f -exec sha256sum {} +) | LC_ALL=C sort
}
staging() { find "$1" -maxdepth 1 -name '.logpipe-staging-*' | wc -l; }
# refs DIR: DIR/ref-old and DIR/ref-new, complete outputs with files of the user's beside them
refs() {
  "$LP" build "$1/old/logpipe.yaml" -o "$1/ref-old" >/dev/null 2>&1
  echo notes >"$1/ref-old/NOTES.md"
  echo local >"$1/ref-old/ecs/local.txt"
  cp -a "$1/ref-old" "$1/ref-new"
  "$LP" build "$1/new/logpipe.yaml" -o "$1/ref-new" >/dev/null 2>&1
  manifest "$1/ref-old" >"$1/m-old"
  manifest "$1/ref-new" >"$1/m-new"
}
# state DIR REFS: old, new or mixed
state() {
  manifest "$1" >"$TMP/m-got"
  if cmp -s "$TMP/m-got" "$2/m-old"; then echo old; elif cmp -s "$TMP/m-got" "$2/m-new"; then echo new; else echo mixed; fi
}
printf 'version: 1\nname: [\n' >"$TMP/broken.yaml"
# Any later build rolls back or finishes an interrupted one, even when its spec does not compile.
recover() { "$LP" build "$TMP/broken.yaml" -o "$1" >"$TMP/recover.err" 2>&1; }

S=$TMP/s
specs 40 "$S"
refs "$S"
OLD=$S/old/logpipe.yaml NEW=$S/new/logpipe.yaml OUT=$TMP/w/out
reset_out() { rm -rf "$TMP/w" && mkdir -p "$TMP/w" && cp -a "$S/ref-${1:-old}" "$OUT"; }
shim() { env LD_PRELOAD="$SHIM" LP_FAULT_MATCH="${MATCH:-$OUT}" "$@"; }

# ---- 1. a killed build ------------------------------------------------------
reset_out
shim LP_FAULT_OPS=rename LP_FAULT_COUNT="$TMP/renames" "$LP" build "$NEW" -o "$OUT" >/dev/null 2>&1
reset_out
(shim LP_FAULT_OPS=rename LP_FAULT_AT=$(($(cat "$TMP/renames") / 2)) LP_FAULT_ACTION=kill \
  "$LP" build "$NEW" -o "$OUT" >/dev/null 2>&1) 2>/dev/null
recover "$OUT"
st=$(state "$OUT" "$S")
if [ "$st" != mixed ]; then ok "killed half-way through moving files in: $st output after recovery"; else
  ko "killed half-way through moving files in: a mix of old and new files"; fi
contains "the recovering build says what it did" "$TMP/recover.err" "rolled back an interrupted build"
if [ "$(staging "$OUT")" -eq 0 ] && [ ! -e "$OUT/.logpipe-build.lock" ]; then ok "recovery leaves no staging or lock"; else
  ko "recovery leaves staging or its lock"; fi

# SIGKILL at random moments of the rebuild.
B=$S
t0=$(date +%s%N)
cp -a "$B/ref-old" "$TMP/timing" && "$LP" build "$B/new/logpipe.yaml" -o "$TMP/timing" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
mixed=0 seen=""
for round in 1 2 3 4 5 6; do
  rm -rf "$TMP/r" && mkdir -p "$TMP/r" && cp -a "$B/ref-old" "$TMP/r/out"
  "$LP" build "$B/new/logpipe.yaml" -o "$TMP/r/out" >/dev/null 2>&1 &
  pid=$!
  # the moment: anywhere from a fifth of the build's time to its end
  delay=$(( ms / 5 + (RANDOM * 7919 + round * 104729) % (ms * 4 / 5 + 1) ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  recover "$TMP/r/out"
  st=$(state "$TMP/r/out" "$B")
  seen="$seen $st"
  [ "$st" = mixed ] && mixed=$((mixed + 1))
done
if [ "$mixed" -eq 0 ]; then ok "6 SIGKILLs at random moments (${ms} ms build): never a mix ($seen )"; else
  ko "$mixed of 6 SIGKILLs left a mix ($seen )"; fi

# ---- 2. a rename that fails, something in the way ---------------------------
reset_out
MATCH=$OUT/terraform/ shim LP_FAULT_OPS=rename LP_FAULT_AT=1 LP_FAULT_STICKY=1 LP_FAULT_ACTION=eacces \
  "$LP" build "$NEW" -o "$OUT" >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok "a folder that refuses renames fails the build"; else ko "a folder that refuses renames: exit $rc"; fi
contains "it says why" "$TMP/err" "Permission denied"
st=$(state "$OUT" "$S")
if [ "$st" = old ]; then ok "and the previous output is whole"; else ko "a refused rename left the $st output"; fi
if [ "$(staging "$OUT")" -eq 0 ]; then ok "and no staging is left"; else ko "a refused rename left staging"; fi

# A really read-only folder, as an unprivileged user (root writes anywhere).
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
  as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
fi
if [ "$(id -u)" -ne 0 ] || [ "${#as_user[@]}" -gt 0 ]; then
  RO=$(mktemp -d)
  chmod 755 "$RO"
  cp -a "$S/ref-old" "$RO/out" && cp "$NEW" "$RO/logpipe.yaml"
  [ "${#as_user[@]}" -gt 0 ] && chown -R nobody "$RO"
  chmod 555 "$RO/out/terraform"
  manifest "$RO/out" >"$TMP/m-ro"
  "${as_user[@]}" "$LP" build "$RO/logpipe.yaml" -o "$RO/out" >/dev/null 2>"$TMP/err"
  rc=$?
  manifest "$RO/out" >"$TMP/m-got"
  if [ "$rc" -eq 2 ] && cmp -s "$TMP/m-ro" "$TMP/m-got"; then ok "a read-only 'terraform/' fails the build before anything changes"; else
    ko "a read-only 'terraform/': exit $rc, $(diff "$TMP/m-ro" "$TMP/m-got" | grep -c '^>') entries changed"; fi
  contains "it names the folder" "$TMP/err" "cannot write into '$RO/out/terraform'"
  chmod 755 "$RO/out/terraform"
  rm -rf "$RO"
else
  ok "# skip a read-only folder: no unprivileged user to run as"
fi

# A directory of the user's named like a generated file; a file where a folder goes.
reset_out
rm "$OUT/terraform/logpipe.tf.json" && mkdir "$OUT/terraform/logpipe.tf.json" && echo mine >"$OUT/terraform/logpipe.tf.json/keep"
manifest "$OUT" >"$TMP/m-before"
expect "a directory named like a generated file fails the build" 2 "$LP" build "$NEW" -o "$OUT"
contains "it names the directory" "$TMP/err" "'$OUT/terraform/logpipe.tf.json' is a directory where logpipe writes a file"
manifest "$OUT" >"$TMP/m-got"
if cmp -s "$TMP/m-before" "$TMP/m-got"; then ok "and nothing changed"; else ko "a directory in the way: the output changed"; fi
reset_out
rm -r "$OUT/glue" && echo mine >"$OUT/glue"
manifest "$OUT" >"$TMP/m-before"
expect "a file where a generated folder goes fails the build" 2 "$LP" build "$NEW" -o "$OUT"
contains "it names the file" "$TMP/err" "'$OUT/glue' is in the way"
manifest "$OUT" >"$TMP/m-got"
if cmp -s "$TMP/m-before" "$TMP/m-got"; then ok "and nothing changed"; else ko "a file in the way: the output changed"; fi

# ---- 3. staging left behind -------------------------------------------------
reset_out new
(shim LP_FAULT_OPS=write LP_FAULT_AT=50 LP_FAULT_ACTION=kill "$LP" build "$NEW" -o "$OUT" >/dev/null 2>&1) 2>/dev/null
if [ "$(staging "$OUT")" -gt 0 ]; then ok "a build killed while staging leaves its staging"; else ko "no staging after a kill while staging"; fi
# What an older logpipe left: staging without a journal, holding a file lint would flag.
mkdir -p "$OUT/.logpipe-staging-older/ecs"
cp "$ROOT/examples/hybrid/hand-written/"*task* "$OUT/.logpipe-staging-older/ecs/" 2>/dev/null ||
  cp "$ROOT/examples/hybrid/hand-written/"* "$OUT/.logpipe-staging-older/ecs/"
expect "--check does not call an interrupted directory up to date" 1 "$LP" build "$NEW" -o "$OUT" --check
contains "--check says why" "$TMP/err" "interrupted: $OUT/.logpipe-staging-"
"$LP" lint --format json "$OUT" >"$TMP/lint.json" 2>"$TMP/lint.err"
if ! grep -q 'logpipe-staging-[A-Za-z0-9]*/' "$TMP/lint.json"; then ok "lint reports nothing inside logpipe's staging"; else
  ko "lint reports findings inside logpipe's staging"; grep -o '"[^"]*logpipe-staging-[A-Za-z0-9]*/[^"]*"' "$TMP/lint.json" | sort -u | head -3; fi
"$LP" lint "$OUT" >"$TMP/lint.txt" 2>&1
contains "lint notes the interrupted build" "$TMP/lint.txt" "LP-LINT-INTERRUPTED"
expect "the next build succeeds" 0 "$LP" build "$NEW" -o "$OUT"
contains "and says it cleared the staging" "$TMP/err" "removed the staging of an interrupted build"
if [ "$(staging "$OUT")" -eq 0 ]; then ok "the next build clears every staging folder"; else ko "staging survived the next build"; fi
expect "--check is clean after it" 0 "$LP" build "$NEW" -o "$OUT" --check
st=$(state "$OUT" "$S")
if [ "$st" = new ]; then ok "and the output is the new one"; else ko "after clearing staging: $st output"; fi

# ---- 4. two builds at once --------------------------------------------------
# orphans DIR: files that are neither in the lock nor the user's
orphans() {
  "$PY" - "$1" <<'PYEOF'
import json, os, sys
d = sys.argv[1]
files = json.load(open(os.path.join(d, "logpipe.lock.json")))["files"]
n = 0
for root, dirs, names in os.walk(d):
    dirs[:] = [x for x in dirs if not x.startswith(".logpipe-staging-")]
    for f in names:
        rel = os.path.relpath(os.path.join(root, f), d)
        if rel not in files and rel not in ("logpipe.lock.json", "NOTES.md", ".logpipe-build.lock"):
            n += 1
print(n)
PYEOF
}
sed 's/^name: bench$/name: other/' "$OLD" >"$S/other.yaml"
rm -rf "$TMP/c" && mkdir -p "$TMP/c/out"
# The first build stalls at its first rename; the second runs meanwhile.
(MATCH=$TMP/c/out shim LP_FAULT_OPS=rename LP_FAULT_AT=1 LP_FAULT_ACTION=stall LP_FAULT_STALL_MS=4000 \
  "$LP" build "$OLD" -o "$TMP/c/out" >/dev/null 2>&1) &
first=$!
for _ in $(seq 200); do [ "$(staging "$TMP/c/out")" -gt 0 ] && break; sleep 0.05; done
sleep 0.5
"$LP" build "$S/other.yaml" -o "$TMP/c/out" >/dev/null 2>"$TMP/err"
rc=$?
wait "$first"
if [ "$rc" -eq 2 ]; then ok "a second build into a directory being written fails at once"; else ko "a second concurrent build: exit $rc"; fi
contains "it names the build in the way" "$TMP/err" "is being written by another logpipe build (pid"
n=$(orphans "$TMP/c/out")
if [ "$n" -eq 0 ]; then ok "no file outside the lock after two builds at once"; else ko "$n files in no lock after two builds at once"; fi
bad=0
for round in 1 2 3 4 5; do
  rm -rf "$TMP/c" && mkdir -p "$TMP/c/out"
  "$LP" build "$OLD" -o "$TMP/c/out" >/dev/null 2>&1 &
  a=$!
  "$LP" build "$S/other.yaml" -o "$TMP/c/out" >/dev/null 2>&1 &
  b=$!
  wait "$a" "$b"
  n=$(orphans "$TMP/c/out")
  [ "$n" -eq 0 ] && [ "$(staging "$TMP/c/out")" -eq 0 ] && [ ! -e "$TMP/c/out/.logpipe-build.lock" ] || bad=$((bad + 1))
done
if [ "$bad" -eq 0 ]; then ok "5 rounds of two builds at once: no orphan, staging or lock left"; else ko "$bad of 5 concurrent rounds left orphans or staging"; fi

finish
