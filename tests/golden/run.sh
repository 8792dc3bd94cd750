#!/usr/bin/env bash
# Golden tests: tests/golden/<case>/logpipe.yaml is built and every file under
# <case>/expected/ must match the output byte for byte. A case may list the
# artifact folders it owns in <case>/golden.dirs (one per line); generated
# files in those folders that have no expected copy fail too.
#
# Regenerate after an intended change:  LP_GOLDEN_UPDATE=1 meson test -C BUILD golden
# (then review the diff of tests/golden/*/expected before committing).
set -u

logpipe=$1
root=$2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for spec in "$root"/tests/golden/*/logpipe.yaml; do
  dir=$(dirname "$spec")
  name=$(basename "$dir")
  out=$tmp/$name
  if ! "$logpipe" build "$spec" -o "$out" >"$tmp/$name.log" 2>&1; then
    echo "FAIL - $name: build failed"
    sed 's/^/  | /' "$tmp/$name.log"
    fail=$((fail + 1))
    continue
  fi
  dirs=()
  if [ -f "$dir/golden.dirs" ]; then
    mapfile -t dirs <"$dir/golden.dirs"
  else
    dirs=(.)
  fi
  if [ "${LP_GOLDEN_UPDATE:-}" = 1 ]; then
    rm -rf "$dir/expected"
    for d in "${dirs[@]}"; do
      [ -e "$out/$d" ] || continue
      mkdir -p "$dir/expected/$d"
      cp -R "$out/$d/." "$dir/expected/$d/"
    done
    rm -f "$dir/expected/logpipe.lock.json"
    echo "updated - $name"
    continue
  fi
  ok=1
  for d in "${dirs[@]}"; do
    while IFS= read -r f; do
      rel=${f#"$out"/}
      [ "$rel" = logpipe.lock.json ] && continue
      if [ ! -f "$dir/expected/$rel" ]; then
        echo "FAIL - $name: '$rel' generated but not expected (LP_GOLDEN_UPDATE=1 to accept)"
        ok=0
      fi
    done < <(find "$out/$d" -type f 2>/dev/null | sort)
  done
  while IFS= read -r f; do
    rel=${f#"$dir/expected"/}
    if ! cmp -s "$f" "$out/$rel"; then
      echo "FAIL - $name: '$rel' differs"
      diff -u "$f" "$out/$rel" | head -40 | sed 's/^/  | /'
      ok=0
    fi
  done < <(find "$dir/expected" -type f | sort)
  if [ $ok = 1 ]; then
    echo "ok - $name"
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
