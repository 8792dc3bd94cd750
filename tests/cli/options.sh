#!/usr/bin/env bash
# Command-line conventions: getopt_long parsing in every command, -q, --color
# with NO_COLOR/FORCE_COLOR/TERM=dumb, which stream carries what, and totals.
# Usage: options.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CASES=$ROOT/tests/lint/cases
SPEC=$ROOT/examples/hybrid/logpipe.yaml
ESC=$(printf '\033')

lacks() { # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $2"; sed 's/^/  | /' "$2" | head -5; else ok "$1"; fi
}
empty() { # empty NAME FILE
  if [ ! -s "$2" ]; then ok "$1"; else ko "$1: $2 is not empty"; sed 's/^/  | /' "$2" | head -5; fi
}

# --opt=value, bundled short flags, operands after options, '--'.
expect "lint --format=json" 1 "$LP" lint --format=json "$CASES/log-groups.json"
contains "--format=json gives JSON" "$TMP/out" '"diagnostics"'
expect "lint -fjson" 1 "$LP" lint -fjson "$CASES/log-groups.json"
contains "-fjson gives JSON" "$TMP/out" '"diagnostics"'
expect "lint -qf json (bundled)" 1 "$LP" lint -qf json "$CASES/log-groups.json"
contains "-qf json gives JSON" "$TMP/out" '"diagnostics"'
expect "options after operands" 1 "$LP" lint "$CASES/log-groups.json" --format json
contains "options after operands are options" "$TMP/out" '"diagnostics"'
cp "$CASES/log-groups.json" "$TMP/-dash.json"
expect "'--' ends the options" 1 sh -c "cd '$TMP' && '$LP' lint -- -dash.json"
contains "a file named like an option is linted after --" "$TMP/out" "-dash.json:"
expect "build --output=DIR" 0 "$LP" build --output="$TMP/gen" "$SPEC"
if [ -f "$TMP/gen/logpipe.lock.json" ]; then ok "--output=DIR writes there"; else ko "--output=DIR writes there"; fi
expect "build -qo DIR --check" 0 "$LP" build -qo "$TMP/gen" --check "$SPEC"
lacks "build -q prints no totals" "$TMP/err" " files ("
expect "rules --format=json" 0 "$LP" rules --format=json
expect "explain -- RULE" 0 "$LP" explain -- LP-CW-RETENTION
expect "init --example=alb -o -" 0 "$LP" init --example=alb -o -
expect "samples --max-report=0" 1 "$LP" samples --max-report=0 --table="$ROOT/tests/resources/alb/alb_logs_2023.sql" \
  "$ROOT/tests/resources/alb/tid_2024.log"

# Usage errors name the option as typed.
expect "a missing value" 2 "$LP" lint --format
contains "a missing value is named" "$TMP/err" "option '--format' needs a value"
expect "a short option's missing value" 2 "$LP" build -o
contains "a short option's missing value is named" "$TMP/err" "option '-o' needs a value"
expect "a value for a flag" 2 "$LP" build --check=yes "$SPEC"
contains "a value for a flag is refused" "$TMP/err" "option '--check' takes no value"
expect "an unknown long option" 2 "$LP" lint --bogus=1
contains "an unknown long option is named" "$TMP/err" "unknown or ambiguous option '--bogus'"
expect "an unknown short option" 2 "$LP" schema -Z
contains "an unknown short option is named" "$TMP/err" "unknown option '-Z'"
contains "usage errors point at --help" "$TMP/err" "run 'logpipe schema --help'"
for c in build lint check samples fix rules explain schema init; do
  expect "$c -h" 0 "$LP" "$c" -h
  contains "$c -h shows usage" "$TMP/out" "usage: logpipe $c"
  expect "$c --color=sometimes" 2 "$LP" "$c" --color=sometimes
done
contains "--color names the choices" "$TMP/err" "--color must be auto, always or never"

# Where things go: lint and check findings on stdout, problems of the run on stderr.
expect "lint findings" 1 "$LP" lint "$CASES/log-groups.json"
contains "lint findings are on stdout" "$TMP/out" "[LP-CW-RETENTION]"
empty "lint findings leave stderr empty" "$TMP/err"
contains "lint ends with totals" "$TMP/out" "errors, "
tail -n 1 "$TMP/out" >"$TMP/last"
if grep -qE '^[0-9]+ errors?, [0-9]+ warnings?(, [0-9]+ notes?)? in 1 file( \([0-9]+ suppressed\))?$' "$TMP/last"; then
  ok "the totals line is the last line"; else ko "the totals line is the last line"; sed 's/^/  | /' "$TMP/last"; fi
expect "lint of the cases" 1 "$LP" lint "$CASES"
contains "totals count suppressed findings" "$TMP/out" "suppressed)"
expect "lint of a missing file" 2 "$LP" lint "$TMP/none.json"
contains "a run problem is on stderr" "$TMP/err" "cannot open"
empty "a run problem leaves stdout empty" "$TMP/out"
expect "lint -q" 1 "$LP" lint -q "$CASES/log-groups.json"
contains "lint -q still prints findings" "$TMP/out" "[LP-CW-RETENTION]"
lacks "lint -q drops the totals" "$TMP/out" " in 1 file"
expect "lint of a clean file" 0 "$LP" lint "$ROOT/tests/golden/ecs-hybrid/expected"
contains "a clean run still ends with totals" "$TMP/out" "0 errors, 0 warnings in "
expect "build" 0 "$LP" build "$SPEC" -o "$TMP/gen2"
contains "build says what it wrote on stderr" "$TMP/err" "wrote "
tail -n 1 "$TMP/err" >"$TMP/last"
if grep -qE '^0 errors, [0-9]+ warnings? in [0-9]+ files' "$TMP/last"; then ok "build ends with totals on stderr"
else ko "build ends with totals on stderr"; sed 's/^/  | /' "$TMP/last"; fi
empty "build prints nothing on stdout" "$TMP/out"
expect "build -q" 0 "$LP" build -q "$SPEC" -o "$TMP/gen2"
lacks "build -q does not say what it wrote" "$TMP/err" "wrote "
lacks "build -q prints no totals" "$TMP/err" " files"
mkdir -p "$TMP/bad"
printf 'version: 1\nname: shop\nregion: ap-northeast-1\naccount: "123456789012"\nbogus: 1\n' >"$TMP/bad/logpipe.yaml"
expect "build of a bad spec" 2 "$LP" build "$TMP/bad/logpipe.yaml" -o "$TMP/bad/out"
contains "build diagnostics are on stderr" "$TMP/err" "logpipe.yaml:5:1: error:"
empty "build diagnostics leave stdout empty" "$TMP/out"

# Colour: --color decides; with auto, NO_COLOR > FORCE_COLOR > TERM=dumb > terminal.
expect "--color=always" 1 "$LP" lint --color=always "$CASES/log-groups.json"
contains "--color=always colours a pipe" "$TMP/out" "${ESC}["
expect "FORCE_COLOR" 1 env FORCE_COLOR=1 "$LP" lint "$CASES/log-groups.json"
contains "FORCE_COLOR colours a pipe" "$TMP/out" "${ESC}["
expect "NO_COLOR beats FORCE_COLOR" 1 env FORCE_COLOR=1 NO_COLOR=1 "$LP" lint "$CASES/log-groups.json"
lacks "NO_COLOR beats FORCE_COLOR" "$TMP/out" "${ESC}["
expect "--color=never beats FORCE_COLOR" 1 env FORCE_COLOR=1 "$LP" lint --color=never "$CASES/log-groups.json"
lacks "--color=never beats FORCE_COLOR" "$TMP/out" "${ESC}["
expect "a pipe" 1 "$LP" lint "$CASES/log-groups.json"
lacks "no colour on a pipe" "$TMP/out" "${ESC}["
# On a terminal (script(1) gives one): coloured, except with TERM=dumb or NO_COLOR.
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
  tty_run() { script -qec "$*" /dev/null </dev/null >"$TMP/tty" 2>&1; }
  tty_run env -u NO_COLOR -u FORCE_COLOR TERM=xterm "$LP" lint "$CASES/log-groups.json"
  contains "a terminal is coloured" "$TMP/tty" "${ESC}[1;31m"
  tty_run env -u NO_COLOR -u FORCE_COLOR TERM=dumb "$LP" lint "$CASES/log-groups.json"
  lacks "TERM=dumb is not coloured" "$TMP/tty" "${ESC}[1;31m"
  tty_run env -u FORCE_COLOR NO_COLOR=1 TERM=xterm "$LP" lint "$CASES/log-groups.json"
  lacks "NO_COLOR on a terminal is not coloured" "$TMP/tty" "${ESC}[1;31m"
else
  echo "skip - no script(1) for a terminal"
fi

expect "--version" 0 "$LP" --version
if grep -qE '^logpipe [0-9]+\.[0-9]+\.[0-9]+ \(git [^)]+\)$' "$TMP/out"; then ok "--version names the git revision"
else ko "--version names the git revision"; sed 's/^/  | /' "$TMP/out"; fi

finish
