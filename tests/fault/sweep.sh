#!/usr/bin/env bash
# Proves the output directory is wholly old or wholly new after a failure at
# any point of a build: rebuilds a multi-hundred-file output over its previous
# version with the fault shim (fault.c) failing or killing the N-th file-system
# call, and after each checks the directory against both complete outputs,
# then that the next build recovers and writes the new one.
# Usage: sweep.sh LOGPIPE SOURCE_ROOT SHIM
#   SWEEP_POINTS=K    points spread evenly over the build's calls (default 16), the
#                     actions taken in turn; "all": every call, once per action
#                     (bench/fault_sweep.sh: killed and failed with EIO)
#   SWEEP_SERVICES=N  services in the generated spec (default 30: about 400 files)
#   SWEEP_ACTIONS     the actions cycled through (default "kill eio enospc eacces")
#   SWEEP_TMP         where to build (default /dev/shm when writable)
set -u

LP=$1
ROOT=$2
SHIM=$3
PY=${LP_PYTHON:-python3}
POINTS=${SWEEP_POINTS:-16}
SERVICES=${SWEEP_SERVICES:-30}
read -r -a ACTIONS <<<"${SWEEP_ACTIONS:-kill eio enospc eacces}"
# tmpfs by default: the sweep proves the order of renames and the recovery,
# not the disk's flushes, and syncfs on a busy disk would cost seconds a point.
SWEEP_TMP=${SWEEP_TMP:-$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
TMP=$(mktemp -d "$SWEEP_TMP/logpipe-sweep.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$ROOT/tests/cli/lib.sh"
# The shim is preloaded ahead of the sanitizer runtime; that is all it needs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

mkdir -p "$TMP/old" "$TMP/new"
"$PY" "$ROOT/bench/gen_spec.py" "$SERVICES" >"$TMP/old/logpipe.yaml"
# The new spec changes every task definition, adds services and renames ten,
# so the build replaces files, creates files and removes stale ones.
"$PY" "$ROOT/bench/gen_spec.py" "$((SERVICES + 3))" |
  sed -e 's/side:2\.0/side:2.1/' -e 's/^  svc1\([0-9]\):/  web1\1:/' >"$TMP/new/logpipe.yaml"
printf 'version: 1\nname: [\n' >"$TMP/broken.yaml"
OLD=$TMP/old/logpipe.yaml
NEW=$TMP/new/logpipe.yaml

# Every path with each file's hash, leaving out logpipe's own staging and build lock.
manifest() {
  (cd "$1" && find . \( -name '.logpipe-staging-*' -o -name .logpipe-build.lock \) -prune -o -type d -printf 'dir %p\n' \
    -o -type l -printf 'link %p\n' -o -type f -exec sha256sum {} +) | LC_ALL=C sort
}
leftovers() { find "$1" -maxdepth 1 \( -name '.logpipe-staging-*' -o -name .logpipe-build.lock \) | wc -l; }

# The previous output, with files the user put beside it that must survive.
"$LP" build "$OLD" -o "$TMP/ref-old" >/dev/null 2>&1 || { echo "FAIL - cannot build the old spec"; exit 1; }
echo "notes" >"$TMP/ref-old/NOTES.md"
echo "local" >"$TMP/ref-old/ecs/local.txt"
cp -a "$TMP/ref-old" "$TMP/ref-new"
"$LP" build "$NEW" -o "$TMP/ref-new" >/dev/null 2>&1 || { echo "FAIL - cannot build the new spec"; exit 1; }
manifest "$TMP/ref-old" >"$TMP/m-old"
manifest "$TMP/ref-new" >"$TMP/m-new"
nfiles=$(grep -c -v '^dir ' "$TMP/m-new")
if cmp -s "$TMP/m-old" "$TMP/m-new"; then echo "FAIL - the two outputs are the same"; exit 1; fi

OUT=$TMP/work/out
reset_out() { rm -rf "$TMP/work" && mkdir -p "$TMP/work" && cp -a "$TMP/ref-old" "$OUT"; }
faulted() { # faulted N ACTION: the new build with the N-th call hit
  env LD_PRELOAD="$SHIM" LP_FAULT_MATCH="$OUT" LP_FAULT_AT="$1" LP_FAULT_ACTION="$2" \
    "$LP" build "$NEW" -o "$OUT" >"$TMP/fault.out" 2>&1
}

reset_out
env LD_PRELOAD="$SHIM" LP_FAULT_MATCH="$OUT" LP_FAULT_COUNT="$TMP/count" "$LP" build "$NEW" -o "$OUT" >/dev/null 2>&1
total=$(cat "$TMP/count" 2>/dev/null || echo 0)
if [ "$total" -gt 100 ]; then ok "the build makes $total file-system calls for $nfiles files"; else
  ko "the shim counted $total calls (is it loaded?)"; exit 1; fi

points=()
if [ "$POINTS" = all ]; then
  for ((n = 1; n <= total; n++)); do for a in "${ACTIONS[@]}"; do points+=("$n:$a"); done; done
else
  for ((i = 0; i < POINTS; i++)); do
    n=$((POINTS > 1 ? 1 + i * (total - 1) / (POINTS - 1) : total / 2))
    points+=("$n:${ACTIONS[$((i % ${#ACTIONS[@]}))]}")
  done
fi

start=$(date +%s)
bad=0 killed_old=0 killed_new=0 failed_old=0 failed_new=0
for pt in "${points[@]}"; do
  n=${pt%%:*} action=${pt#*:} why=""
  reset_out
  (faulted "$n" "$action") 2>/dev/null # bash would report the kill
  rc=$?
  if [ "$action" = kill ]; then
    # Raw, the directory may be mid-transaction: --check must not call it up to date.
    if [ "$(leftovers "$OUT")" -gt 0 ] && [ "$(find "$OUT" -maxdepth 1 -name '.logpipe-staging-*' | wc -l)" -gt 0 ]; then
      "$LP" build "$NEW" -o "$OUT" --check >/dev/null 2>&1
      [ $? -eq 1 ] || why="--check passed over an interrupted build"
    fi
    # Any later build recovers first, even one whose spec does not compile.
    "$LP" build "$TMP/broken.yaml" -o "$OUT" >"$TMP/recover.out" 2>&1
    [ $? -eq 2 ] || why="${why:+$why; }the recovering build did not exit 2"
    [ "$(leftovers "$OUT")" -eq 0 ] || why="${why:+$why; }staging or lock left after recovery"
  fi
  manifest "$OUT" >"$TMP/m-got"
  if cmp -s "$TMP/m-got" "$TMP/m-old"; then
    state=old
  elif cmp -s "$TMP/m-got" "$TMP/m-new"; then
    state=new
  else
    state=mixed
    why="${why:+$why; }$(diff "$TMP/m-old" "$TMP/m-got" | grep -c '^>') entries differ from the old output, $(diff "$TMP/m-new" "$TMP/m-got" | grep -c '^>') from the new"
  fi
  if [ "$action" != kill ]; then
    # Alive, the build itself restores: failed means old, succeeded means new.
    if [ "$rc" -ne 0 ] && [ "$state" = new ]; then why="${why:+$why; }exit $rc but the new output is live"; fi
    if [ "$rc" -eq 0 ] && [ "$state" = old ]; then why="${why:+$why; }exit 0 but the old output is live"; fi
    [ "$rc" -eq 0 ] && failed_new=$((failed_new + 1)) || failed_old=$((failed_old + 1))
  else
    [ "$state" = new ] && killed_new=$((killed_new + 1)) || killed_old=$((killed_old + 1))
  fi
  "$LP" build "$NEW" -o "$OUT" >/dev/null 2>&1 || why="${why:+$why; }the next build failed"
  manifest "$OUT" >"$TMP/m-got"
  cmp -s "$TMP/m-got" "$TMP/m-new" || why="${why:+$why; }the next build did not write the new output"
  [ "$(leftovers "$OUT")" -eq 0 ] || why="${why:+$why; }the next build left staging or its lock"
  if [ -n "$why" ]; then
    bad=$((bad + 1))
    ko "call $n/$total ($action): $why"
    sed 's/^/  | /' "$TMP/fault.out" | head -5
  fi
done
secs=$(( $(date +%s) - start ))
if [ "$bad" -eq 0 ]; then ok "${#points[@]} fault points over $total calls: every one left the old or the new output"; fi
echo "# sweep: ${#points[@]} points over $total calls ($nfiles files), $bad failed, ${secs}s;" \
  "killed: $killed_old old/$killed_new new after recovery; failed calls: $failed_old old/$failed_new new"
finish
