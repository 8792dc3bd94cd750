#!/usr/bin/env bash
# Whole-process cases for what logpipe agrees to read and how it reports it:
# files the spec names stay inside the project, special files are refused
# without blocking, the spec's YAML is plain data, reports are valid UTF-8,
# and check says what is wrong with a spec it reads from git.
# Usage: confine.sh LOGPIPE SOURCE_ROOT
set -u

LP=$(realpath "$1")
ROOT=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
git config --global user.email t@example.invalid
git config --global user.name t
git config --global init.defaultBranch main

# A command that would wait forever on a FIFO is stopped (exit 124), which no case expects.
T="timeout 30"
lim() { timeout 30 "$@"; }

lacks() { # lacks NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $2"; sed 's/^/  | /' "$2" | head -20; else ok "$1"; fi
}

# --- files the spec names are read inside the project only ---
P=$TMP/proj
mkdir -p "$P" "$TMP/secret"
echo "aws_access_key_id = AKIAEXAMPLESECRET" >"$TMP/secret/credentials"
( cd "$P" && "$LP" init --example sam >/dev/null 2>&1 )
set_template() { sed -i "s|^\( *template:\).*|\1 $1|" "$P/logpipe.yaml"; }

set_template ../secret/credentials
expect "build refuses a template outside the project" 2 lim "$LP" build "$P/logpipe.yaml" -o "$TMP/o"
contains "and says it is outside" "$TMP/err" "is outside the project directory"
lacks "and never quotes the file" "$TMP/err" "AKIAEXAMPLESECRET"
set_template /etc/passwd
expect "build refuses an absolute template outside the project" 2 lim "$LP" build "$P/logpipe.yaml" -o "$TMP/o"
lacks "and never quotes /etc/passwd" "$TMP/err" "root:x:"
ln -s ../secret/credentials "$P/creds.yaml"
set_template creds.yaml
expect "build refuses a symbolic link that leads out" 2 lim "$LP" build "$P/logpipe.yaml" -o "$TMP/o"
contains "and says where it leads" "$TMP/err" "symbolic link that leads outside"
lacks "and never quotes its target" "$TMP/err" "AKIAEXAMPLESECRET"
ln -s template.yaml "$P/inner.yaml"
set_template inner.yaml
expect "a symbolic link inside the project is fine" 0 lim "$LP" build "$P/logpipe.yaml" -o "$TMP/o"

# In git the project is the work tree: a template in a sibling folder is inside it, for build and check alike.
G=$TMP/repo
mkdir -p "$G/shared"
cp -r "$P" "$G/app"
rm -f "$G/app/creds.yaml" "$G/app/inner.yaml"
mv "$G/app/template.yaml" "$G/shared/template.yaml"
sed -i "s|^\( *template:\).*|\1 ../shared/template.yaml|" "$G/app/logpipe.yaml"
( cd "$G" && git init -q && "$LP" build app/logpipe.yaml -o app/generated >/dev/null 2>&1 && git add -A && git commit -qm init )
expect "build reads a template elsewhere in the work tree" 0 lim "$LP" build "$G/app/logpipe.yaml" -o "$TMP/o"
expect "check reads the same template" 0 sh -c "cd '$G' && $T '$LP' check --staged app/logpipe.yaml -o app/generated"
cp "$TMP/secret/credentials" "$TMP/credentials.yaml"
sed -i "s|^\( *template:\).*|\1 ../../credentials.yaml|" "$G/app/logpipe.yaml"
expect "build refuses a template above the work tree" 2 lim "$LP" build "$G/app/logpipe.yaml" -o "$TMP/o"
( cd "$G" && git add -A )
expect "check refuses it too" 2 sh -c "cd '$G' && $T '$LP' check --staged app/logpipe.yaml -o app/generated"
contains "check says it is outside" "$TMP/out" "outside the repository"
( cd "$G" && git reset -q --hard )

# --templates: a file there must be a regular file in the directory itself.
H=$TMP/hybrid
cp -r "$ROOT/examples/hybrid" "$H"
rm -rf "$H/generated"
mkdir -p "$H/tpl"
ln -s /etc/passwd "$H/tpl/Dockerfile.mustache"
expect "--templates refuses a link out of the directory" 2 lim "$LP" build "$H/logpipe.yaml" -o "$H/out" --templates "$H/tpl"
contains "and says so" "$TMP/err" "symbolic link that leads outside"
if [ -e "$H/out" ]; then ko "nothing is written"; else ok "nothing is written"; fi
rm "$H/tpl/Dockerfile.mustache"
cp "$ROOT/templates/Dockerfile.mustache" "$H/tpl/mine.mustache"
ln -s mine.mustache "$H/tpl/Dockerfile.mustache"
expect "--templates follows a link that stays inside" 0 lim "$LP" build "$H/logpipe.yaml" -o "$H/out" --templates "$H/tpl"

# --- special files: refused at once, never waited on ---
set_template fifo.yaml
mkfifo "$P/fifo.yaml"
expect "a FIFO as template is refused" 2 lim "$LP" build "$P/logpipe.yaml" -o "$TMP/o"
contains "as a FIFO" "$TMP/err" "is a FIFO; logpipe reads only regular files"
set_template /dev/stdin
expect "template: /dev/stdin on an open pipe is refused" 2 sh -c "sleep 60 | $T '$LP' build '$P/logpipe.yaml' -o '$TMP/o'"
rm "$H/tpl/Dockerfile.mustache"
mkfifo "$H/tpl/Dockerfile.mustache"
expect "a FIFO in --templates is refused" 2 lim "$LP" build "$H/logpipe.yaml" -o "$TMP/o" --templates "$H/tpl"
contains "as a FIFO" "$TMP/err" "is a FIFO"
mkfifo "$TMP/f.json"
expect "lint of a FIFO is refused" 2 lim "$LP" lint "$TMP/f.json"
contains "as a FIFO" "$TMP/err" "'$TMP/f.json' is a FIFO; logpipe reads only regular files"
mkdir -p "$TMP/lintdir"
cp "$ROOT/examples/hybrid/hand-written/legacy-worker.task-definition.json" "$TMP/lintdir/"
mkfifo "$TMP/lintdir/pipe.json"
expect "lint of a directory holding a FIFO reports it" 1 lim "$LP" lint "$TMP/lintdir"
contains "by name and rule" "$TMP/out" "pipe.json' is a FIFO; logpipe reads only regular files, so it was not linted [LP-LINT-SPECIAL-FILE]"
set_template template.yaml
"$LP" build "$P/logpipe.yaml" -o "$P/out" >/dev/null 2>&1
rm "$P/out/logpipe.lock.json"
mkfifo "$P/out/logpipe.lock.json"
lim "$LP" build "$P/logpipe.yaml" -o "$P/out" --check >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -ne 124 ] && [ "$rc" -ne 0 ]; then ok "--check with a FIFO lock returns ($rc)"; else ko "--check with a FIFO lock (exit $rc)"; fi

# --- the spec is plain YAML: tags and inexact numbers are refused, not ignored ---
S=$H/logpipe.yaml
spec_with() { # spec_with SED-EXPR: the hybrid spec edited, as $TMP/t/logpipe.yaml
  rm -rf "$TMP/t" && cp -r "$H" "$TMP/t" && sed -i "$1" "$TMP/t/logpipe.yaml"
}
rejects() { # rejects NAME SED-EXPR TEXT
  spec_with "$2"
  expect "$1 is refused" 2 "$LP" build "$TMP/t/logpipe.yaml" -o "$TMP/t/out"
  contains "$1: says why, with its place" "$TMP/err" "$3"
}
line=$(grep -n 'image: 123456789012' "$S" | head -1 | cut -d: -f1)
rejects "!!binary" "${line}s|image: .*|image: !!binary YXBwOjEuMA|" "logpipe.yaml:$line:16: error: YAML tag '!!binary' is not allowed in the spec"
rejects "!Ref" "${line}s|image: .*|image: !Ref Image|" "YAML tag '!Ref' is not allowed in the spec"
rejects "a verbatim tag" "${line}s|image: .*|image: !<tag:example.com,2000:app> x|" "YAML tag '!<tag:example.com,2000:app>'"
rejects "a %TAG directive" "1i %TAG !e! tag:example.com,2000:\n---" "logpipe.yaml:1:1: error: %TAG directive '!e! tag:example.com,2000:' is not allowed"
cpu=$(grep -n '^    cpu: 512' "$S" | head -1 | cut -d: -f1)
rejects "cpu: 512.00000000000001" "${cpu}s|cpu: 512|cpu: 512.00000000000001|" "logpipe.yaml:$cpu:10: error: number '512.00000000000001' cannot be represented exactly"
rejects "an integer past 64 bits" "${cpu}s|cpu: 512|cpu: 18446744073709551616|" "does not fit in 64 bits"
rejects "!!int on a quoted string" "${cpu}s|cpu: 512|cpu: !!int \"512\"|" "YAML tag '!!int' is not allowed"
spec_with "${cpu}s|cpu: 512|cpu: 512.0|"
expect "512.0 is exactly 512" 0 "$LP" build "$TMP/t/logpipe.yaml" -o "$TMP/t/out"
spec_with "${line}s|image: \(.*\)|image: !!str \1|"
expect "!!str changes nothing and is allowed" 0 "$LP" build "$TMP/t/logpipe.yaml" -o "$TMP/t/out"
# Templates keep their short-form intrinsics: they are CloudFormation's language.
expect "lint still reads !Ref in a SAM template" 1 "$LP" lint "$ROOT/examples/hybrid/hand-written/orders-api.template.yaml"
lacks "without a tag finding" "$TMP/out" "LP-YAML"

# --- reports are valid UTF-8 whatever the file names hold ---
E=$TMP/enc
mkdir -p "$E"
bad=$(printf 'task\377\033[2J.json')
cp "$ROOT/examples/hybrid/hand-written/legacy-worker.task-definition.json" "$E/$bad"
utf8() { python3 -c 'import sys, json; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1" 2>/dev/null; }
for f in json sarif gitlab; do
  "$LP" lint --format "$f" "$E" >"$TMP/r.$f" 2>/dev/null
  if utf8 "$TMP/r.$f"; then ok "lint --format $f is valid UTF-8 JSON"; else ko "lint --format $f is valid UTF-8 JSON"; fi
done
"$LP" lint --format junit "$E" >"$TMP/r.xml" 2>/dev/null
if python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$TMP/r.xml" 2>/dev/null; then ok "JUnit is well-formed"; else ko "JUnit is well-formed"; fi
"$LP" lint "$E" >"$TMP/r.txt" 2>&1
contains "text escapes the byte" "$TMP/r.txt" 'task\xff\x1b[2J.json'
if LC_ALL=C grep -q "$(printf '[\377\033]')" "$TMP/r.txt"; then ko "text holds no raw 0xFF or ESC"; else ok "text holds no raw 0xFF or ESC"; fi

# --- check reads the spec from git and says what is wrong with it ---
C=$TMP/conflict
mkdir -p "$C"
cp "$P/template.yaml" "$P/logpipe.yaml" "$C/"
( cd "$C" && git init -q && "$LP" build >/dev/null 2>&1 && git add -A && git commit -qm one &&
  git checkout -qb other && sed -i '1i # theirs' logpipe.yaml && git commit -qam theirs &&
  git checkout -q main && sed -i '1i # ours' logpipe.yaml && git commit -qam ours &&
  git merge -q other >/dev/null 2>&1 )
expect "check --staged in a merge conflict exits 2" 2 sh -c "cd '$C' && '$LP' check --staged"
contains "and says the spec is conflicted" "$TMP/err" "'logpipe.yaml' is conflicted in the index (an unfinished merge left it at stages 1-3)"
( cd "$C" && git merge --abort && ln -s logpipe.yaml link.yaml && git add link.yaml )
expect "check of a spec that is a symbolic link in the index exits 2" 2 sh -c "cd '$C' && '$LP' check --staged link.yaml"
contains "and says so instead of parsing the link" "$TMP/err" "'link.yaml' is a symbolic link in the index, not a file"
( cd "$C" && git reset -q && rm link.yaml )
git clone -q --bare "$C" "$TMP/bare.git"
expect "check --rev works in a bare repository" 0 sh -c "cd '$TMP/bare.git' && '$LP' check --rev main~1"
expect "check --staged in a bare repository exits 2" 2 sh -c "cd '$TMP/bare.git' && '$LP' check --staged"
contains "and says to name a revision" "$TMP/err" "a bare repository has no index to check; name a revision with --rev"

finish
