#!/usr/bin/env bash
# The layering check (tools/layers.sh) passes on the tree as it is and fails
# on each kind of include that looks up: a renderer including lint, lint
# including a renderer, libgit2 outside src/git, a cycle among renderers and
# between the planner and its checks.
# Usage: layers.sh SOURCE_ROOT
set -u

ROOT=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHECK=$ROOT/tools/layers.sh

expect "the tree as it is passes" 0 "$CHECK" "$ROOT/src"

# mutate NAME FILE LINE: a copy of src/ with LINE appended to FILE
mutate() {
  rm -rf "$TMP/src"
  cp -r "$ROOT/src" "$TMP/src"
  printf '%s\n' "$3" >>"$TMP/src/$2"
}

mutate renderer-lint render/render_sam.c '#include "lint/lint.h"'
expect "a renderer including lint fails" 1 "$CHECK" "$TMP/src"
contains "it names the file and the layers" "$TMP/err" 'render/render_sam.c:'
contains "it says which way is allowed" "$TMP/err" 'render may include only lower layers, not lint'

mutate lint-renderer lint/lint.c '#include "render/render.h"'
expect "lint including a renderer fails" 1 "$CHECK" "$TMP/src"

mutate spec-plan spec/model.c '#include "plan/plan.h"'
expect "the model including the planner fails" 1 "$CHECK" "$TMP/src"

mutate reader-lint read/ddl.h '#include "lint/rules.h"'
expect "a reader including lint fails" 1 "$CHECK" "$TMP/src"

mutate git-outside cli/cmd_check.c '#include <git2.h>'
expect "git2.h outside src/git fails" 1 "$CHECK" "$TMP/src"
contains "it says where libgit2 belongs" "$TMP/err" 'only src/git may use libgit2'

mutate render-cycle render/render_iam.h '#include "render/render_lake.h"'
printf '%s\n' '#include "render/render_iam.h"' >>"$TMP/src/render/render_lake.c"
expect "a cycle among renderers fails" 1 "$CHECK" "$TMP/src"
contains "it names the cycle" "$TMP/err" 'includes form a cycle'

mutate plan-cycle plan/names.c '#include "plan/plan.h"'
printf '%s\n' '#include "plan/names.h"' >>"$TMP/src/plan/plan.c"
expect "a cycle between the planner and its name rules fails" 1 "$CHECK" "$TMP/src"

mutate unknown-layer util/buf.c ''
mkdir -p "$TMP/src/extra" && echo 'int x;' >"$TMP/src/extra/x.c"
expect "a folder that is no layer fails" 1 "$CHECK" "$TMP/src"

finish
