#ifndef LP_SAMPLES_SAMPLES_H
#define LP_SAMPLES_SAMPLES_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/ddl.h"

/*
 * Runs real log lines through a table's RegexSerDe regex the way Athena
 * does (or, for a JSON SerDe table, reads each line as the one JSON object
 * it must be, lp_json_record_check): rows end at a newline, a carriage return or both (Trino's and
 * Hadoop's line readers); the whole row must match with DOTALL, else every
 * column is NULL; a matched value its column's type cannot parse is NULL.
 * The first 'skip.header.line.count' lines of each file are skipped, as
 * Athena skips them. For each row that would lose data it says where and why. Files may be
 * plain or gzip; lines are bounded so a runaway file cannot exhaust memory.
 */

#define LP_SAMPLES_MAX_LINE ((size_t)1 << 20)

typedef struct lp_samples lp_samples;

/* After this many lines on which the regex gave up, the run stops with an error. */
#define LP_SAMPLES_MAX_GAVE_UP 10

typedef struct lp_samples_result {
	size_t lines;     /* rows Athena reads */
	size_t matched;
	size_t failed;    /* would be all-NULL rows (includes too_long) */
	size_t too_long;  /* longer than LP_SAMPLES_MAX_LINE: not matched, reported as failed */
	size_t extended;  /* failed, but match once a trailing catch-all is added: appended fields */
	size_t gave_up;   /* failed because the regex backtracked past PCRE2's limits on the line */
	size_t appended;  /* matched, with text in the table's capturing tail column: fields it does not have */
	size_t converted; /* matched, with at least one value Athena turns into NULL by conversion */
	size_t cr_split;  /* rows that end at a carriage return not followed by a newline */
} lp_samples_result;

typedef enum {
	LP_SAMPLES_MATCH,
	LP_SAMPLES_NOMATCH,
	LP_SAMPLES_TOO_LONG,
	LP_SAMPLES_GAVE_UP,
} lp_samples_verdict;

/* A value that matched but that the column's type turns into NULL ('-' in an int). */
typedef struct lp_samples_conv {
	unsigned column;   /* 0-based */
	size_t off, len;   /* the value in the line */
	/* JSON tables: the value's JSON type disagrees with the column's, as this says ("httpRequest.headers: an object, not array"). */
	const char *json_detail;
} lp_samples_conv;

#define LP_SAMPLES_MAX_CONV 64

/* What one row would be in Athena, and why. Everything is borrowed for the callback. */
typedef struct lp_samples_line {
	lp_samples *samples; /* the matcher, for lp_samples_explain */
	const char *file;
	size_t lineno;
	const char *text;
	size_t len;
	lp_samples_verdict verdict;
	int extended;       /* NOMATCH, but the line matches with a catch-all tail: fields appended */
	/*
	 * NOMATCH, once lp_samples_explain ran (JSON tables: always): the 0-based column whose part of the regex could not match, at
	 * byte `stop_off` of the line; ncolumns when every column matched and the
	 * line goes on after them; -1 when the regex cannot be split per column.
	 */
	long stop_column;
	size_t stop_off;
	char expected[96];  /* what that part of the regex reads, in words */
	int explained;
	/* MATCH */
	int appended;       /* the capturing tail column holds text */
	size_t tail_off, tail_len;
	const lp_samples_conv *conv;
	size_t nconv;
	int cr;             /* the row ends at a lone carriage return; the rest of the line is another row */
} lp_samples_line;

/*
 * Called for every row that is not a clean match (verdict, appended,
 * conversions or cr). The line is the callback's to explain.
 */
typedef void (*lp_samples_line_fn)(lp_samples_line *line, void *payload);

/*
 * Fills stop_column, stop_off and expected of a NOMATCH line of a regex
 * table: where the line stops matching. It matches prefixes of the regex,
 * several times the cost of the match itself, so it runs only for the lines
 * a caller shows; a no-op when it ran or there is nothing to explain.
 */
void lp_samples_explain(lp_samples_line *l);

/*
 * Prepares the regex of table `t` (its RegexSerDe `input.regex`). Findings
 * about the regex (missing, Java-only constructs, does not compile) go to
 * `d`; when it cannot be used *out is NULL and 0 is returned. Caller owns
 * *out; free with lp_samples_free.
 */
int lp_samples_new(lp_samples **out, const lp_ddl_table *t, lp_diag *d);
void lp_samples_free(lp_samples *s);
unsigned lp_samples_groups(const lp_samples *s);

/* Whether the table reads JSON lines (a JSON SerDe) rather than a regex. */
int lp_samples_json(const lp_samples *s);

/* Whether the table reads columnar files (Parquet, ORC): no lines to match, only lp_athena_query. */
int lp_samples_columnar(const lp_samples *s);

/* The 0-based column a capturing catch-all tail fills, or -1 when the regex has none. */
long lp_samples_tail_column(const lp_samples *s);

/* Matches one line (without its newline): 1 match, 0 no match, -1 matching error. */
int lp_samples_match(lp_samples *s, const char *line, size_t len);

/*
 * Tests: with `on` 0 every line is matched in UTF mode, else ASCII lines in
 * byte mode when the regex allows it (the default). Returns whether the
 * regex has a byte-mode compilation at all.
 */
int lp_samples__byte_mode(lp_samples *s, int on);

/* Tests: the first `n` ovector entries of the last regex match ((size_t)-1 past the ovector). */
void lp_samples__captures(size_t *out, size_t n, const lp_samples *s);

/*
 * Reads `path` (plain or .gz; "-" is standard input) and adds its counts to `res`. Returns -1 with
 * lp_error_set when the file cannot be read or a match fails operationally.
 */
int lp_samples_run_file(lp_samples_result *res, lp_samples *s, const char *path, lp_samples_line_fn fn,
	void *payload);

/* The first table of `f` that uses RegexSerDe or a JSON SerDe, or NULL. Borrowed. */
const lp_ddl_table *lp_samples_find_table(const lp_ddl_file *f);

#endif
