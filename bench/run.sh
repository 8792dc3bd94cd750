#!/usr/bin/env bash
# Benchmarks, each measured side by side with a baseline in the same hyperfine
# run, so the figure that matters is the ratio, not the absolute time.
set -euo pipefail
cd "$(dirname "$0")/.."
LP=${LP:-./build/logpipe}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PY=python3
if ! python3 -c 'import yaml' 2>/dev/null; then PY=/usr/bin/python3; fi

"$PY" bench/gen_spec.py 200 >"$W/spec.yaml"
echo "spec: $(wc -l <"$W/spec.yaml") lines, 200 services, 600 containers"

# 1. Compile: logpipe's whole build (parse, validate, plan, render, lint, write),
#    the same without writing files, against only parsing the same YAML with
#    PyYAML's C loader.
hyperfine --warmup 2 --runs 10 --export-markdown "$W/build.md" \
  -n "logpipe build (2,400 files written)" "$LP build $W/spec.yaml -o $W/out" \
  -n "logpipe lint --spec (compile + lint in memory)" "$LP lint --spec $W/spec.yaml" \
  -n "PyYAML CSafeLoader parse only" "$PY -c 'import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)' $W/spec.yaml"
cat "$W/build.md"

# 2. Samples: checking ALB log lines against a table regex, logpipe (PCRE2 JIT)
#    (--output=pipe: GNU grep stops at the first match when stdout is /dev/null)
#    against grep -P counting matches of the same regex.
if "$LP" samples --help >/dev/null 2>&1 && [ -f tests/resources/alb/alb_logs_2023.sql ]; then
  "$PY" bench/gen_alb_log.py 200000 >"$W/alb.log"
  # The same regex for both: decoded from the DDL's Hive string literal.
  "$PY" - tests/resources/alb/alb_logs_2023.sql >"$W/regex" <<'PYEOF'
import re, sys
text = open(sys.argv[1]).read()
lit = re.search(r"'input\.regex'\s*=\s*'((?:[^'\\]|\\.)*)'", text, re.S).group(1)
print(re.sub(r"\\(['\"\\])", r"\1", lit))
PYEOF
  hyperfine --warmup 1 --runs 5 -i --output=pipe --export-markdown "$W/samples.md" \
    -n "logpipe samples" "$LP samples --table tests/resources/alb/alb_logs_2023.sql $W/alb.log" \
    -n "grep -cxP (same regex)" "grep -cxP -f $W/regex $W/alb.log"
  echo "lines matched by grep: $(grep -cxP -f "$W/regex" "$W/alb.log" || true) of $(wc -l <"$W/alb.log")"
  cat "$W/samples.md"
fi
