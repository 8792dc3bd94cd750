#ifndef LP_READ_TEXT_H
#define LP_READ_TEXT_H

#include <stddef.h>

#include "diag/diag.h"
#include "util/arena.h"

/* Shared pieces of the text-format readers (Athena DDL, Fluent Bit). */

/*
 * Grows an arena-backed array by one zeroed element and returns the (maybe
 * moved) array; the old storage stays in the arena. Arrays here are small:
 * the first capacity is 8 elements, fewer for large ones (one table of a
 * DDL file, not eight), and each growth doubles it.
 */
void *lp_text_vec_push(lp_arena *a, void *arr, size_t *n, size_t *cap, size_t elsize);

/*
 * The capacity lp_text_vec_push has given an array of `n` elements of
 * `elsize` bytes grown only by it. Lets a caller that keeps just the count
 * append across calls without copying the whole array on every call.
 */
size_t lp_text_vec_cap(size_t n, size_t elsize);

/*
 * An inline suppression written as a comment in a text format (DDL line and block
 * comments, `#`; Fluent Bit `#`): `logpipe:ignore RULE-ID reason`. The
 * readers collect them; the lint engine decides what they suppress.
 */
typedef struct lp_text_ignore {
	const char *rule;   /* e.g. "LP-ATHENA-RESERVED" */
	const char *reason; /* "" when none was given (the engine reports that) */
	lp_span span;       /* the comment */
} lp_text_ignore;

/*
 * Parses the body of one comment (without the comment marker). Returns 1 and
 * fills *out (strings copied into `a`) when it is an ignore comment, else 0.
 */
int lp_text_ignore_parse(lp_text_ignore *out, lp_arena *a, const char *text, size_t len, const lp_span *sp);

#endif
