#ifndef LP_READ_FLB_H
#define LP_READ_FLB_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/text.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * A reader for Fluent Bit's classic configuration format:
 *
 *   @SET name=value
 *   @INCLUDE other.conf          (relative to the including file; wildcards allowed)
 *   [OUTPUT]
 *       Name  cloudwatch_logs
 *       Match app-firelens*
 *
 * Sections, keys and values keep their spans, in the file they were read from,
 * so findings about an included file point into that file. Problems with the
 * text (bad indentation, a key outside a section, a missing include, an
 * include cycle, too deep nesting, too many files) are findings (LP-FLB-SYNTAX,
 * LP-FLB-INCLUDE), never failures. An absolute @INCLUDE that is not on this
 * machine names a file inside the image (/fluent-bit/etc/...): it cannot be
 * checked, which is a note (LP-FLB-INCLUDE-IMAGE), not an error.
 */

typedef enum {
	LP_FLB_SERVICE,
	LP_FLB_INPUT,
	LP_FLB_FILTER,
	LP_FLB_OUTPUT,
	LP_FLB_PARSER,
	LP_FLB_MULTILINE_PARSER,
	LP_FLB_STREAM_TASK, /* a stream processor task (Streams_File) */
	LP_FLB_OTHER, /* [PLUGINS], [UPSTREAM], [NODE], ... */
} lp_flb_section_kind;

typedef struct lp_flb_entry {
	const char *key;
	const char *value; /* with ${name} from @SET expanded; environment references are kept */
	const char *raw;   /* as written */
	lp_span key_span;
	lp_span value_span;
} lp_flb_entry;

typedef struct lp_flb_section {
	lp_flb_section_kind kind;
	const char *name; /* as written between the brackets */
	lp_span span;
	lp_flb_entry *entries;
	size_t nentries;
} lp_flb_section;

typedef struct lp_flb_var {
	const char *name;
	const char *value;
	lp_span span;
} lp_flb_var;

typedef struct lp_flb_conf {
	lp_arena arena;          /* owns everything below */
	const char *path;        /* the top file, interned in the sink */
	lp_flb_section *sections; /* in reading order, includes spliced in where they appear */
	size_t nsections;
	lp_flb_var *vars;
	size_t nvars;
	const char **files;      /* every file read, the top one first (interned) */
	size_t nfiles;
	lp_text_ignore *ignores; /* `# logpipe:ignore RULE reason` */
	size_t nignores;
} lp_flb_conf;

/* Reads an included file; returns LP_ENOTFOUND when it does not exist. */
typedef int (*lp_flb_read_fn)(lp_buf *out, const char *path, void *payload);

typedef struct lp_flb_opts {
	int version;
	unsigned max_include_depth;
	size_t max_file_bytes;
	lp_flb_read_fn read;    /* NULL: the file system (lp_fs_read) */
	void *payload;
	size_t max_files;       /* included files in all, so includes cannot fan out exponentially */
	int glob;               /* expand wildcards in @INCLUDE on the file system (then read through `read`) */
} lp_flb_opts;

#define LP_FLB_OPTS_VERSION 1
#define LP_FLB_OPTS_INIT { LP_FLB_OPTS_VERSION, 8, 4u << 20, NULL, NULL, 256, 1 }

/*
 * Parses `text` named `path`; includes are resolved relative to the
 * directory of `path`. `o` may be NULL. Caller owns *out; free with
 * lp_flb_free. Returns 0 unless an operational failure happened.
 */
int lp_flb_parse(lp_flb_conf **out, const char *path, const char *text, size_t len, const lp_flb_opts *o,
	lp_diag *d);
/* Reads `path` and parses it (LP_ENOTFOUND and friends when the top file cannot be read). */
int lp_flb_load(lp_flb_conf **out, const char *path, const lp_flb_opts *o, lp_diag *d);
void lp_flb_free(lp_flb_conf *c);

/* Case-insensitive key lookup (the first occurrence); NULL when absent. Borrowed. */
const lp_flb_entry *lp_flb_get(const lp_flb_section *s, const char *key);
/* The value of `key`, or NULL. */
const char *lp_flb_value(const lp_flb_section *s, const char *key);

#endif
