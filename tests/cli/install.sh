#!/usr/bin/env bash
# meson install: the binary, man pages that say what --help says, completions
# that complete, the schema and the docs. Usage: install.sh LOGPIPE SOURCE_ROOT BUILD_ROOT
set -u

LP=$1
ROOT=$2
BUILD=$3
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D=$TMP/dest
expect "meson install" 0 meson install -C "$BUILD" --no-rebuild --destdir "$D"
PREFIX=$(meson introspect "$BUILD" --buildoptions | "$PY" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
P=$D$PREFIX
for f in bin/logpipe share/man/man1/logpipe.1 share/bash-completion/completions/logpipe \
  share/zsh/site-functions/_logpipe share/fish/vendor_completions.d/logpipe.fish \
  share/logpipe/logpipe.schema.json share/doc/logpipe/LICENSE share/doc/logpipe/README.md \
  share/doc/logpipe/docs/lint.md share/doc/logpipe/docs/rules.md; do
  if [ -f "$P/$f" ]; then ok "installs $f"; else ko "installs $f"; fi
done
if cmp -s "$P/share/logpipe/logpipe.schema.json" <("$LP" schema); then ok "the installed schema is the one logpipe prints"
else ko "the installed schema is the one logpipe prints"; fi

# Every command has a page, and each page says what --help says: the same usage,
# and every option with its description.
"$LP" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}' >"$TMP/cmds"
while read -r c; do
  page=$P/share/man/man1/logpipe-$c.1
  if [ ! -f "$page" ]; then ko "logpipe-$c.1 is installed"; continue; fi
  "$PY" "$ROOT/tools/cli_docs.py" man-text "$page" >"$TMP/man.txt"
  "$LP" "$c" --help >"$TMP/help.txt"
  if "$PY" - "$TMP/help.txt" "$TMP/man.txt" <<'PY'
import re, sys
help_text, man = open(sys.argv[1]).read(), open(sys.argv[2]).read()
def words(s):
    return " ".join(s.split())
usage = help_text.splitlines()[0][len("usage: "):]
assert words(usage) in man, usage
for m in re.finditer(r"^  (?:(-\w), )?\s*(--[a-z-]+(?:=[A-Z.]+)?)\s{2,}(.*(?:\n {20,}.*)*)", help_text, re.M):
    short, flag, desc = m.groups()
    want = words(((short + ", ") if short else "") + flag + " " + desc)
    assert want in man, "man page lacks: " + want
PY
  then ok "logpipe-$c.1 says what 'logpipe $c --help' says"; else ko "logpipe-$c.1 drifted from --help"; fi
done <"$TMP/cmds"
if command -v man >/dev/null && man -l "$P/share/man/man1/logpipe-lint.1" 2>/dev/null | grep -q -- '--fail-on=SEV'; then
  ok "man renders logpipe-lint(1)"; else echo "skip - man cannot render (not installed?)"; fi

# Completions: valid scripts that complete commands and options.
if bash -n "$P/share/bash-completion/completions/logpipe"; then ok "bash completion parses"; else ko "bash completion parses"; fi
got=$(bash -c '. "$1"; COMP_WORDS=(logpipe li); COMP_CWORD=1; _logpipe; printf "%s\n" "${COMPREPLY[@]}"' sh \
  "$P/share/bash-completion/completions/logpipe")
if [ "$got" = lint ]; then ok "bash completes the command"; else ko "bash completes the command: '$got'"; fi
got=$(bash -c '. "$1"; COMP_WORDS=(logpipe lint --fa); COMP_CWORD=2; _logpipe; printf "%s\n" "${COMPREPLY[@]}"' sh \
  "$P/share/bash-completion/completions/logpipe" 2>/dev/null)
if [ "$got" = "--fail-on=" ]; then ok "bash completes an option"; else ko "bash completes an option: '$got'"; fi
if command -v zsh >/dev/null; then
  if zsh -n "$P/share/zsh/site-functions/_logpipe"; then ok "zsh completion parses"; else ko "zsh completion parses"; fi
else echo "skip - zsh not installed"; fi
if command -v fish >/dev/null; then
  if fish -n "$P/share/fish/vendor_completions.d/logpipe.fish"; then ok "fish completion parses"; else ko "fish completion parses"; fi
else echo "skip - fish not installed"; fi

# The rule reference that SARIF links to is the catalog as it is.
if "$PY" "$ROOT/tools/cli_docs.py" rules-doc "$LP" "$ROOT" --check; then ok "docs/rules.md matches the rules"
else ko "docs/rules.md matches the rules"; fi
if head -3 "$ROOT/LICENSE" | grep -q "MIT License"; then ok "LICENSE is MIT, as meson.build says"; else ko "LICENSE is MIT"; fi

finish
