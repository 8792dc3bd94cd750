#!/usr/bin/env bash
# Fails when a source file includes a header from a layer above its own or
# from a peer layer, when includes form a cycle, and when anything but src/git
# includes git2.h. The layers are drawn in docs/architecture.md.
#   usage: tools/layers.sh [SRC_DIR]   (default: src)
set -euo pipefail
src=${1:-"$(dirname "$0")/../src"}
cd "$src"

edges=$(mktemp)
trap 'rm -f "$edges" "$edges.err"' EXIT

# A file may include its own layer and lower ranks only.
status=0
find . -name '*.[ch]' | sed 's|^\./||' | sort | xargs grep -Hn '^[[:space:]]*#[[:space:]]*include' /dev/null |
awk -v edges="$edges" '
BEGIN {
  n = split("util:0 diag:1 spec:2 read:3 git:3 plan:4 artifact:4 render:5 lint:5 samples:5 fix:6 cli:7", kv, " ")
  for (i = 1; i <= n; i++) { split(kv[i], p, ":"); rank[p[1]] = p[2] }
  bad = 0
}
{
  # file:line:#include ...
  file = $0; sub(/:.*/, "", file)
  rest = substr($0, length(file) + 2)
  line = rest; sub(/:.*/, "", line)
  text = substr(rest, length(line) + 2)
  layer = file; sub(/\/.*/, "", layer)
  if (!(layer in rank)) {
    if (!(layer in unknown)) {
      print "layers: " file ": \047" layer "\047 is not a known layer; add it to tools/layers.sh and docs/architecture.md" > "/dev/stderr"
      unknown[layer] = 1; bad = 1
    }
    next
  }
  if (text ~ /<git2\.h>/ && layer != "git") {
    print "layers: " file ":" line " includes <git2.h>: only src/git may use libgit2" > "/dev/stderr"
    bad = 1
  }
  if (text !~ /"/) next
  inc = text; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
  target = (inc ~ /\//) ? inc : layer "/" inc
  tl = target; sub(/\/.*/, "", tl)
  if (!(tl in rank)) next # generated or system headers
  if (tl != layer && rank[tl] >= rank[layer]) {
    print "layers: " file ":" line " includes \"" inc "\": " layer " may include only lower layers, not " tl > "/dev/stderr"
    bad = 1
  }
  a = file; sub(/\.[ch]$/, "", a)
  b = target; sub(/\.[ch]$/, "", b)
  if (a != b) print a, b > edges
}
END { exit bad }' || status=1

# The files found but never including anything still have to be in a layer.
for f in $(find . -name '*.[ch]' | sed 's|^\./||;s|/.*||' | sort -u); do
  case "$f" in
    util|diag|spec|read|git|plan|artifact|render|lint|fix|samples|cli) ;;
    *) grep -rlq '#[[:space:]]*include' "$f" 2>/dev/null ||
         { echo "layers: $f/: '$f' is not a known layer; add it to tools/layers.sh and docs/architecture.md" >&2; status=1; } ;;
  esac
done

# A file and its header are one node; a loop between nodes is a cycle.
if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
  echo "layers: includes form a cycle:" >&2
  grep -v 'input contains a loop:$' "$edges.err" | sed 's/^tsort: /  /' >&2
  status=1
fi
exit "$status"
