#ifndef LP_RENDER_ESCAPE_H
#define LP_RENDER_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Escapers for the text artifacts (cmark's houdini): pure functions from a
 * string to its representation inside one output context. The template
 * renderer picks one per output kind, so a template author cannot forget it.
 *
 * Each escaper writes only the inside of the construct; the template supplies
 * the quotes around it:
 *
 *   LOCATION 's3://{{bucket}}/{{prefix}}/'      with LP_ESCAPE_SQL_STRING
 *   `{{column}}` {{type}}                        with LP_ESCAPE_SQL_IDENT
 *   log_group_name {{log_group}}                 with LP_ESCAPE_FLB_VALUE
 *   FROM {{image}}                               with LP_ESCAPE_DOCKER_WORD
 *
 * A string that has no faithful representation in the context is refused,
 * never altered: the function appends nothing, returns LP_ESCAPE_REFUSED and
 * sets `*why` (static text, lowercase, no full stop) so the caller can report
 * a finding at the value's spec position. Returns 0 when escaped, -1 when the
 * output buffer hit its size cap. `why` may be NULL.
 */

#define LP_ESCAPE_REFUSED 1

typedef enum {
	LP_ESCAPE_NONE = 0,   /* raw text (Dockerfile lines, README snippets) */
	LP_ESCAPE_HTML,       /* mustache's default: & < > " */
	LP_ESCAPE_SQL_STRING, /* inside a Hive/Athena '...' literal */
	LP_ESCAPE_SQL_IDENT,  /* inside an Athena `...` identifier */
	LP_ESCAPE_FLB_VALUE,  /* a Fluent Bit classic-config value */
	/*
	 * Athena DDL with the context read from the template: the renderer uses
	 * SQL_STRING for a tag inside '...' or "...", SQL_IDENT inside `...`, and
	 * SQL_IDENT (a bare word) anywhere else, including in -- comments. Called
	 * directly, lp_escape treats it as SQL_IDENT.
	 */
	LP_ESCAPE_ATHENA_DDL,
	LP_ESCAPE_DOCKER_WORD, /* one argument of a Dockerfile instruction (an image, a path) */
} lp_escaper;

int lp_escape_none(lp_buf *out, const char *s, size_t len, const char **why);
int lp_escape_html(lp_buf *out, const char *s, size_t len, const char **why);
int lp_escape_sql_string(lp_buf *out, const char *s, size_t len, const char **why);
int lp_escape_sql_ident(lp_buf *out, const char *s, size_t len, const char **why);
int lp_escape_flb_value(lp_buf *out, const char *s, size_t len, const char **why);
int lp_escape_docker_word(lp_buf *out, const char *s, size_t len, const char **why);

/* Dispatches on `e`. */
int lp_escape(lp_buf *out, lp_escaper e, const char *s, size_t len, const char **why);

/* "html", "sql-string", ... for messages. Static. */
const char *lp_escaper_name(lp_escaper e);
/* What the escaper produces, for messages: "a Fluent Bit value". Static. */
const char *lp_escaper_context(lp_escaper e);

#endif
