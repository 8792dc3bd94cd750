#ifndef LP_SAMPLES_SAMPLES_H
#define LP_SAMPLES_SAMPLES_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/ddl.h"

/*
 * Runs real log lines through a table's RegexSerDe regex the way Athena
 * does (whole-line match), to find the lines that would come back as rows
 * of NULLs. Files may be plain or gzip; lines are bounded so a runaway file
 * cannot exhaust memory.
 */

#define LP_SAMPLES_MAX_LINE ((size_t)1 << 20)

typedef struct lp_samples lp_samples;

/* After this many lines on which the regex gave up, the run stops with an error. */
#define LP_SAMPLES_MAX_GAVE_UP 10

typedef struct lp_samples_result {
	size_t lines;     /* lines read */
	size_t matched;
	size_t failed;    /* would be all-NULL rows (includes too_long) */
	size_t too_long;  /* longer than LP_SAMPLES_MAX_LINE: not matched, reported as failed */
	size_t extended;  /* failed, but match once a trailing catch-all is added: appended fields */
	size_t gave_up;   /* failed because the regex backtracked past PCRE2's limits on the line */
} lp_samples_result;

/* Called for every failing line; `line` is borrowed for the call (truncated when too long). */
typedef void (*lp_samples_fail_fn)(const char *file, size_t lineno, const char *line, size_t len, int extended,
	void *payload);

/*
 * Prepares the regex of table `t` (its RegexSerDe `input.regex`). Findings
 * about the regex (missing, Java-only constructs, does not compile) go to
 * `d`; when it cannot be used *out is NULL and 0 is returned. Caller owns
 * *out; free with lp_samples_free.
 */
int lp_samples_new(lp_samples **out, const lp_ddl_table *t, lp_diag *d);
void lp_samples_free(lp_samples *s);
unsigned lp_samples_groups(const lp_samples *s);

/* Matches one line (without its newline): 1 match, 0 no match, -1 matching error. */
int lp_samples_match(lp_samples *s, const char *line, size_t len);

/*
 * Reads `path` (plain or .gz; "-" is standard input) and adds its counts to `res`. Returns -1 with
 * lp_error_set when the file cannot be read or a match fails operationally.
 */
int lp_samples_run_file(lp_samples_result *res, lp_samples *s, const char *path, lp_samples_fail_fn fail,
	void *payload);

/* The first table of `f` that uses RegexSerDe, or NULL. Borrowed. */
const lp_ddl_table *lp_samples_find_table(const lp_ddl_file *f);

#endif
