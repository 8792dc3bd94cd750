#!/usr/bin/env bash
# Benchmarks. Each figure is a ratio against a floor measured in the same
# run: small C programs (bench/floors/) that do only the unavoidable part of
# the work (parse the YAML, write the same files plus one syncfs, run the
# same regex over the same lines), so the ratio says how close logpipe is to
# what the machine allows, whatever the machine.
#   BENCH_SERVICES   spec sizes, smallest first (default "1000 4000 10000")
#   BENCH_ALB_LINES  ALB log lines for samples (default 400000, about 200 MB;
#                    2000000 is about 1 GB)
#   BENCH_RUNS       hyperfine runs per command (default 3)
#   BENCH_LINT_SERVICES  services whose output `lint -j` is timed on (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
LP=$(realpath "${LP:-./build/logpipe}")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PY=python3
if ! python3 -c 'import yaml' 2>/dev/null; then PY=/usr/bin/python3; fi
SIZES=${BENCH_SERVICES:-"1000 4000 10000"}
LINES=${BENCH_ALB_LINES:-400000}
RUNS=${BENCH_RUNS:-3}

# shellcheck disable=SC2046 # pkg-config prints several words on purpose
{
  cc -O2 -o "$W/yaml_parse" bench/floors/yaml_parse.c $(pkg-config --cflags --libs yaml-0.1)
  cc -O2 -o "$W/write_tree" bench/floors/write_tree.c
  cc -O2 -o "$W/pcre2_lines" bench/floors/pcre2_lines.c $(pkg-config --cflags --libs libpcre2-8)
}

# cpu JSON NAME: mean user+system seconds of one command in a hyperfine export
cpu() {
  "$PY" -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["command"]==sys.argv[2]][0]
print("%.4f" % (r["user"]+r["system"]))' "$1" "$2"
}
ratio() { "$PY" -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
rss_mib() { /usr/bin/time -f %M "$@" >/dev/null 2>"$W/rss" || true; echo $(( $(tail -1 "$W/rss") / 1024 )); }

echo "| services | spec MB | files | build CPU s | write floor s | build/floor | lint --spec CPU s | parse floor s | lint/parse | check CPU s | build peak RSS MiB | lint peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
declare -A BUILD_CPU LINT_CPU CHECK_CPU
for n in $SIZES; do
  spec=$W/spec-$n.yaml
  "$PY" bench/gen_spec.py "$n" --flow >"$spec"
  "$LP" build "$spec" -o "$W/out-$n" >/dev/null 2>&1 || { echo "bench: build of $n services failed" >&2; exit 1; }
  files=$(find "$W/out-$n" -type f | wc -l)
  # check reads the spec and the output from the index: a repository with both committed
  repo=$W/repo-$n
  mkdir "$repo"
  cp "$spec" "$repo/logpipe.yaml"
  # built there: the lock names the spec it was built from
  "$LP" build "$repo/logpipe.yaml" -o "$repo/generated" >/dev/null 2>&1
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm spec
  hyperfine --style none --runs "$RUNS" --export-json "$W/h-$n.json" \
    --prepare "rm -rf $W/b-$n $W/f-$n" \
    -n build "$LP build $spec -o $W/b-$n" \
    -n floor-write "$W/write_tree $W/out-$n $W/f-$n" \
    -n lint "$LP lint --spec $spec" \
    -n floor-parse "$W/yaml_parse $spec" \
    -n check "cd $repo && $LP check logpipe.yaml" >/dev/null 2>&1 || true
  b=$(cpu "$W/h-$n.json" build); fw=$(cpu "$W/h-$n.json" floor-write)
  l=$(cpu "$W/h-$n.json" lint); fp=$(cpu "$W/h-$n.json" floor-parse)
  k=$(cpu "$W/h-$n.json" check)
  BUILD_CPU[$n]=$b; LINT_CPU[$n]=$l; CHECK_CPU[$n]=$k
  rb=$(rss_mib "$LP" build "$spec" -o "$W/r-$n"); rl=$(rss_mib "$LP" lint --spec "$spec")
  mb=$("$PY" -c 'import os,sys; print("%.1f" % (os.path.getsize(sys.argv[1]) / 1048576))' "$spec")
  echo "| $n | $mb | $files | $b | $fw | $(ratio "$b" "$fw") | $l | $fp | $(ratio "$l" "$fp") | $k | $rb | $rl |"
  rm -rf "$W/out-$n" "$W/r-$n" "$W/b-$n" "$W/f-$n" "$repo"
done

# Marginal CPU per service between consecutive sizes: flat means linear.
prev=""
for n in $SIZES; do
  if [ -n "$prev" ]; then
    "$PY" -c 'import sys
a,b=int(sys.argv[1]),int(sys.argv[2]); ba,bb,la,lb,ka,kb=map(float,sys.argv[3:9])
print("marginal CPU per service %d->%d: build %.3f ms, lint --spec %.3f ms, check %.3f ms" % (a,b,(bb-ba)/(b-a)*1e3,(lb-la)/(b-a)*1e3,(kb-ka)/(b-a)*1e3))' \
      "$prev" "$n" "${BUILD_CPU[$prev]}" "${BUILD_CPU[$n]}" "${LINT_CPU[$prev]}" "${LINT_CPU[$n]}" \
      "${CHECK_CPU[$prev]}" "${CHECK_CPU[$n]}"
  fi
  prev=$n
done

# lint over many files: wall time at -j 1 against -j N (every CPU this process may use).
# The files are a build's output without its lock, so lint judges them as files, not
# as the spec's output (nothing is rendered again).
LN=${BENCH_LINT_SERVICES:-1000}
JOBS=$(nproc)
"$PY" bench/gen_spec.py "$LN" --flow >"$W/lint-spec.yaml"
"$LP" build "$W/lint-spec.yaml" -o "$W/lint-files" >/dev/null 2>&1 || { echo "bench: build of $LN services failed" >&2; exit 1; }
rm -f "$W/lint-files/logpipe.lock.json"
lfiles=$(find "$W/lint-files" -type f | wc -l)
hyperfine --style none --runs "$RUNS" -i --export-json "$W/l.json" \
  -n lint-j1 "$LP lint -j 1 $W/lint-files" \
  -n lint-jN "$LP lint -j $JOBS $W/lint-files" >/dev/null 2>&1 || true
wall() {
  "$PY" -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["command"]==sys.argv[2]][0]
print("%.3f" % r["mean"])' "$1" "$2"
}
l1=$(wall "$W/l.json" lint-j1); lj=$(wall "$W/l.json" lint-jN)
echo
echo "lint of $lfiles files: -j 1 $l1 s, -j $JOBS $lj s wall; speed-up $(ratio "$l1" "$lj")x on $JOBS CPUs"

# Samples: logpipe against the PCRE2 floor and grep -cxP with the same regex.
"$PY" bench/gen_alb_log.py "$LINES" >"$W/alb.log"
gzip -1 -k "$W/alb.log"
"$PY" - tests/resources/alb/alb_logs_2023.sql >"$W/regex" <<'PYEOF'
import re, sys
text = open(sys.argv[1]).read()
lit = re.search(r"'input\.regex'\s*=\s*'((?:[^'\\]|\\.)*)'", text, re.S).group(1)
print(re.sub(r"\\(['\"\\])", r"\1", lit))
PYEOF
hyperfine --style none --runs "$RUNS" --warmup 1 -i --output=pipe --export-json "$W/s.json" \
  -n samples "$LP samples --table tests/resources/alb/alb_logs_2023.sql $W/alb.log" \
  -n samples-gz "$LP samples --table tests/resources/alb/alb_logs_2023.sql $W/alb.log.gz" \
  -n grep "env LC_ALL=C grep -cxP -f $W/regex $W/alb.log" \
  -n grep-gz "zcat $W/alb.log.gz | LC_ALL=C grep -cxP -f $W/regex" \
  -n floor-zlib "zcat $W/alb.log.gz" \
  -n floor-pcre2 "$W/pcre2_lines $W/regex $W/alb.log" >/dev/null 2>&1 || true
s=$(cpu "$W/s.json" samples); sg=$(cpu "$W/s.json" samples-gz); g=$(cpu "$W/s.json" grep); p=$(cpu "$W/s.json" floor-pcre2)
# .gz is judged on wall time: decompression runs on a thread of its own, so CPU adds up
# while the wait does not (zcat | grep overlaps the same way, through the pipe).
ws=$(wall "$W/s.json" samples); wsg=$(wall "$W/s.json" samples-gz); wgg=$(wall "$W/s.json" grep-gz); wz=$(wall "$W/s.json" floor-zlib)
echo
echo "samples over $LINES ALB lines ($(( $(stat -c %s "$W/alb.log") / 1048576 )) MB): logpipe $s s (.gz $sg s), LC_ALL=C grep -cxP $g s, PCRE2 floor $p s (CPU)"
echo "samples speed vs grep: $(ratio "$g" "$s")x (>= 1.00 is as fast as grep); vs PCRE2 floor: $(ratio "$p" "$s")x"
echo "samples .gz wall: logpipe $wsg s, zcat | grep -cxP $wgg s, zcat alone $wz s, plain $ws s; vs zcat | grep: $(ratio "$wgg" "$wsg")x; .gz/plain: $(ratio "$wsg" "$ws") (1.00: decompression fully hidden)"
