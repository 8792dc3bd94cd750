#ifndef LP_UTIL_EDITS_H
#define LP_UTIL_EDITS_H

#include <stddef.h>

#include "buf.h"

/*
 * A list of byte-range replacements over one text: what `logpipe fix`
 * applies and what SARIF's artifactChanges carry. Every byte outside the
 * ranges stays as it was, so comments, layout, line endings and the BOM of a
 * file survive a fix.
 */

typedef struct lp_edit {
	size_t start, end; /* [start, end) of the original text; start == end inserts */
	char *text;        /* replacement, owned by the list; NUL-terminated */
	size_t len;
} lp_edit;

typedef struct lp_edits {
	lp_edit *v;
	size_t n, cap;
} lp_edits;

#define LP_EDITS_INIT { NULL, 0, 0 }

/* Appends a replacement (the text is copied). */
void lp_edits_add(lp_edits *e, size_t start, size_t end, const char *text, size_t len);
/* Appends copies of every edit of `src`. */
void lp_edits_extend(lp_edits *e, const lp_edits *src);
void lp_edits_release(lp_edits *e);

/* Sorts by position (an insertion before a replacement at the same offset; otherwise stable). */
void lp_edits_sort(lp_edits *e);

/*
 * 1 when an edit of `a` and one of `b` touch the same bytes, or insert at the
 * same offset (their order would be a guess): applying both is not safe.
 */
int lp_edits_conflict(const lp_edits *a, const lp_edits *b);

/*
 * Writes `text` with the sorted edits applied to `out`. -1 (with
 * lp_error_set) when two edits overlap or one lies outside the text.
 */
int lp_edits_apply(lp_buf *out, const char *text, size_t len, const lp_edits *e);

/*
 * A unified diff (3 lines of context, "--- a/NAME" / "+++ b/NAME") of
 * applying the sorted edits to `text`; nothing when there are none.
 */
int lp_edits_diff(lp_buf *out, const char *name, const char *text, size_t len, const lp_edits *e);

/*
 * A unified diff of two texts by lines (Myers' shortest edit script, 3 lines
 * of context, changes more than 6 unchanged lines apart in hunks of their
 * own): what several passes of edits did to a file, where no single edit list
 * describes the change. Nothing when the texts are equal.
 */
int lp_diff_texts(lp_buf *out, const char *name, const char *a, size_t alen, const char *b, size_t blen);

#endif
