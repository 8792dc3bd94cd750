#!/usr/bin/env bash
# Every generated cloudwatch/log-groups.json, and every generated
# sam/<name>.yaml deep-merged into the template its spec names (merge.py),
# must pass cfn-lint; for the latter it runs the SAM translator and so
# checks Globals.Api as the AWS::ApiGateway::Stage it becomes. A broken copy
# must fail, proving the merged settings are really checked.
#
# Skips (exit 77) when cfn-lint or a python3 with PyYAML is missing.
set -u

logpipe=$1
root=$2
py=${LP_PYTHON:-python3}
command -v cfn-lint >/dev/null || { echo "skip: cfn-lint not on PATH"; exit 77; }
"$py" -c 'import yaml' 2>/dev/null || { echo "skip: $py has no yaml module"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# The template each api_gateway source names, resolved against the spec's directory ('-' for none).
templates() {
  "$py" - "$1" <<'PY'
import os, sys, yaml
spec = sys.argv[1]
doc = yaml.safe_load(open(spec))
for name, src in ((doc.get("sources") or {}).get("api_gateway") or {}).items():
    t = (src or {}).get("template")
    print(name, os.path.join(os.path.dirname(spec), t) if t else "-")
PY
}

check() { # name file expect(0|1)
  local out rc
  out=$(cfn-lint -- "$2" 2>&1)
  rc=$?
  if { [ "$3" = 0 ] && [ $rc = 0 ]; } || { [ "$3" = 1 ] && [ $rc != 0 ]; }; then
    echo "ok - $1"
    pass=$((pass + 1))
  else
    echo "FAIL - $1 (cfn-lint exit $rc)"
    printf '%s\n' "$out" | sed 's/^/  | /'
    fail=$((fail + 1))
  fi
}

n=0
for spec in "$root"/examples/sam/logpipe.yaml "$root"/examples/hybrid/logpipe.yaml "$root"/tests/golden/sam-*/logpipe.yaml; do
  n=$((n + 1))
  out=$tmp/out$n
  if ! "$logpipe" build "$spec" -o "$out" >"$tmp/build$n.log" 2>&1; then
    echo "FAIL - ${spec#"$root"/}: build failed"
    sed 's/^/  | /' "$tmp/build$n.log"
    fail=$((fail + 1))
    continue
  fi
  # cloudwatch/log-groups.json is the template 'aws cloudformation deploy' takes.
  if [ -f "$out/cloudwatch/log-groups.json" ]; then
    check "${spec#"$root"/} cloudwatch/log-groups.json" "$out/cloudwatch/log-groups.json" 0
  fi
  while read -r name template; do
    merged=$tmp/merged$n-$name.yaml
    if ! "$py" "$root/tests/sam/merge.py" "$out/sam/$name.yaml" "$template" "$merged"; then
      echo "FAIL - ${spec#"$root"/} $name: merge failed"
      fail=$((fail + 1))
      continue
    fi
    check "${spec#"$root"/} $name" "$merged" 0
  done < <(templates "$spec")
done

# Negative control: a ResourcePath that is not '/...' must be caught in the merged Globals.Api.
sed 's|ResourcePath: /\*|ResourcePath: orders|' "$tmp/merged1-orders.yaml" >"$tmp/broken.yaml"
check "broken MethodSettings is rejected" "$tmp/broken.yaml" 1

echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -ge 5 ]
