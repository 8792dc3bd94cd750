#ifndef LP_FIX_FIX_H
#define LP_FIX_FIX_H

#include <stddef.h>

#include "diag/diag.h"
#include "lint/lint.h"
#include "util/buf.h"

/*
 * `logpipe fix`: lint with fixes attached, apply every fix that does not
 * touch the bytes of another, lint the edited texts again, and repeat until
 * nothing changes (a fix may make room for the next one). Nothing is written
 * here: the caller writes, diffs or only checks the result.
 */

typedef struct lp_fix_file {
	char *path;
	lp_buf before, after;
	lp_edits edits;   /* the first pass's edits, which a diff of before -> after shows (later passes re-edit) */
	size_t fixes;     /* findings fixed in this file */
} lp_fix_file;

typedef struct lp_fix_result {
	lp_fix_file *v;   /* files that change, sorted by path */
	size_t n;
	size_t fixed;     /* findings fixed */
	size_t passes;
} lp_fix_result;

/*
 * Runs the loop over `paths` with the lint options `o` (its fix and overlay
 * fields are the loop's own). `report` receives the findings of the first
 * pass, each with its fix, and then every finding still there at the end
 * that has no automatic fix is counted as left. Returns 0, or < 0 with
 * lp_error_set when a file cannot be read.
 */
int lp_fix_run(lp_fix_result *out, const lp_lint_opts *o, const char **paths, size_t npaths, lp_diag *report,
	lp_diag **left);

void lp_fix_result_release(lp_fix_result *r);

#endif
