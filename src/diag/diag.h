#ifndef LP_DIAG_DIAG_H
#define LP_DIAG_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/edits.h"

/*
 * Diagnostics are data: every finding about the user's input (spec errors,
 * lint hits) is an lp_diag_entry in one sink. Stages keep going after a
 * finding so that everything gets reported; printers (text, JSON, SARIF) run
 * over the sorted list at the end.
 */

typedef enum {
	LP_SEV_NOTE = 0,
	LP_SEV_WARNING = 1,
	LP_SEV_ERROR = 2,
} lp_severity;

/*
 * A region of a source file; lines and columns are 1-based, 0 = unknown.
 * Columns count Unicode code points (SARIF's columnKind); end_col is one past
 * the last character, like libyaml's end mark and SARIF's endColumn.
 */
typedef struct lp_span {
	const char *file; /* borrowed; interned by the sink (lp_diag_intern) or static */
	unsigned line, col;
	unsigned end_line, end_col;
} lp_span;

/*
 * How a finding is fixed: byte replacements in the file of the finding (what
 * `logpipe fix` applies, SARIF's fixes and JSON's "fix" carry), or, when no
 * edit can do it safely, the steps to take by hand.
 */
typedef struct lp_diag_fix {
	char *description; /* one line: what the edit does, or the manual steps */
	lp_edits edits;    /* empty when manual */
	int manual;
} lp_diag_fix;

typedef struct lp_diag_entry {
	lp_severity severity;
	const char *rule;    /* e.g. "LP-SPEC-TYPE", "LP-ECS-LOGCONF"; static or interned */
	lp_span span;
	char *message;       /* owned by the sink */
	char *help;          /* owned by the sink; NULL when there is no fix hint */
	const char *target;  /* logical location (e.g. "services.api.containers.app"); interned; may be NULL */
	char *suppressed;    /* justification when suppressed (SARIF suppression); owned; NULL otherwise */
	/*
	 * Secondary location (SARIF relatedLocations): where in a generated file
	 * a finding relocated to the spec was seen. file NULL = none.
	 */
	lp_span related;
	lp_diag_fix *fix;    /* owned by the sink; NULL when the rule has no fix here */
	size_t seq;          /* insertion order, the last sort key */
} lp_diag_entry;

typedef struct lp_diag lp_diag;

/* Caller owns; free with lp_diag_free. */
lp_diag *lp_diag_new(void);
/*
 * A sink that also finds names and sources in `shared`, as if registered in
 * it: interning a name `shared` holds, or registering a file whose text
 * `shared` holds, copies nothing and returns `shared`'s pointer. `shared`
 * must outlive the new sink and not change while the sink is used (threads
 * may then share it). Caller owns; free with lp_diag_free.
 */
lp_diag *lp_diag_new_sharing(const lp_diag *shared);
void lp_diag_free(lp_diag *d);

/*
 * Registers a source file's text so printers can show the offending line.
 * The sink copies `name` and `text`. Returns the interned name, valid while
 * `d` lives, for use in lp_span.file.
 */
const char *lp_diag_add_source(lp_diag *d, const char *name, const char *text, size_t len);
/*
 * The same without the copy of `text` (NUL-terminated at `len`), which stays
 * the caller's and must outlive every use of `d` (printing included): a lint
 * of 100,000 generated
 * files held in memory would otherwise hold each of them twice.
 */
const char *lp_diag_add_source_borrowed(lp_diag *d, const char *name, const char *text, size_t len);
/* Interns any string for the lifetime of `d`. */
const char *lp_diag_intern(lp_diag *d, const char *s);

/* Adds a finding; `help` may be NULL. Returns the entry (borrowed; valid until the next add). */
lp_diag_entry *lp_diag_add(lp_diag *d, lp_severity sev, const char *rule, const lp_span *span,
	const char *help, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
lp_diag_entry *lp_diag_vadd(lp_diag *d, lp_severity sev, const char *rule, const lp_span *span,
	const char *help, const char *fmt, va_list ap);

/* Shorthands for the common case. */
#define lp_diag_error(d, rule, span, help, ...) lp_diag_add((d), LP_SEV_ERROR, (rule), (span), (help), __VA_ARGS__)
#define lp_diag_warning(d, rule, span, help, ...) lp_diag_add((d), LP_SEV_WARNING, (rule), (span), (help), __VA_ARGS__)

/*
 * Moves a finding to `primary` (the spec node that caused what was found) and
 * keeps its old span as the related location. `help`, when not NULL,
 * replaces the fix hint (copied). `e` must come from `d`.
 */
void lp_diag_relocate(lp_diag *d, lp_diag_entry *e, const lp_span *primary, const char *help);

/*
 * Attaches a fix to `e` (from `d`): the edits (copied; may be NULL for a
 * manual fix) and a description. Replaces an earlier fix of `e`.
 */
void lp_diag_set_fix(lp_diag *d, lp_diag_entry *e, const char *description, const lp_edits *edits, int manual);

/*
 * Moves entry `i` of `src` to the end of `dst`, as if it had been added
 * there now: its strings are interned in `dst`, its message, help,
 * suppression and fix become `dst`'s, and it takes `dst`'s next insertion
 * order. What stays in `src` is an empty entry (drop it with
 * lp_diag_truncate). Returns the new entry (borrowed; valid until the next add).
 */
lp_diag_entry *lp_diag_take(lp_diag *dst, lp_diag *src, size_t i);
/* Registers in `dst`, copying the text, every source of `src` that `dst` has no text for. */
void lp_diag_take_sources(lp_diag *dst, const lp_diag *src);

/* Removes entry `i` (later entries move down by one). */
void lp_diag_drop(lp_diag *d, size_t i);

/*
 * Sorts by file, line, column, severity (errors first), rule, insertion
 * order, and keeps one of findings that are the same in place, rule and message.
 */
void lp_diag_sort(lp_diag *d);
size_t lp_diag_count(const lp_diag *d);
/* Borrowed; index < lp_diag_count. */
lp_diag_entry *lp_diag_get(lp_diag *d, size_t i);
/* Unsuppressed entries with severity >= `min`. */
size_t lp_diag_count_at_least(const lp_diag *d, lp_severity min);
/* Drops entries from index `n` on (used to roll back speculative checks). */
void lp_diag_truncate(lp_diag *d, size_t n);

/* The source text registered under `file`, or NULL. Borrowed. */
const char *lp_diag_source_text(const lp_diag *d, const char *file, size_t *len);
/*
 * Line `line` (1-based) of `text`, without its line break; NULL past the end.
 * Borrowed from `text`. `c` (may be NULL; zero it before the first call)
 * remembers where the last line was, so looking up the lines of sorted
 * findings one after another reads each text once.
 */
typedef struct lp_source_cursor {
	const char *text, *at;
	unsigned line;
} lp_source_cursor;
const char *lp_diag_source_line(lp_source_cursor *c, const char *text, size_t len, unsigned line, size_t *linelen);

const char *lp_severity_name(lp_severity s);
/* Parses "error" | "warning" | "note"; returns -1 otherwise. */
int lp_severity_parse(lp_severity *out, const char *s);

/* Printers. `color` adds ANSI colours (the CLI decides: TTY and no NO_COLOR). */
int lp_diag_print_text(lp_buf *out, lp_diag *d, int color);
int lp_diag_print_json(lp_buf *out, lp_diag *d);

#endif
