#ifndef LP_RENDER_MUSTACHE_H
#define LP_RENDER_MUSTACHE_H

#include <stddef.h>

#include "diag/diag.h"
#include "render/escape.h"
#include "render/value.h"
#include "util/buf.h"
#include "util/error.h" /* LP_ENOTFOUND, LP_ETOOBIG */

/*
 * A mustache renderer (the spec's core modules: interpolation, sections,
 * inverted sections, comments, partials, set-delimiter; no lambdas) over
 * lp_value. Proven against the official mustache spec suite in
 * tests/conformance/mustache/.
 *
 * Errors go two ways (style §4):
 * - findings in `d`: template syntax errors (unclosed tag or section,
 *   mismatched close tag, bad delimiter) at template line:column; in strict
 *   mode, names that do not resolve; values an escaper refuses, at the value's
 *   spec span (or the tag when the value has none); partials nested too deep.
 * - negative returns for operational failures: output larger than the cap or
 *   expansion larger than the step budget (LP_ETOOBIG), a partial loader
 *   failure (its code). lp_error_last() says why.
 */

/*
 * Loads partial `name` into `out` (appending). Returns 0, LP_ENOTFOUND when
 * there is no such partial (lenient mode renders it as empty, as the spec
 * says; strict mode reports a finding), or another negative code to abort.
 * Called at most once per parsed template (lp_mustache_parse) for each partial
 * name and indentation: the parsed partial is reused for every later use, in
 * that render and the next ones. A partial that failed to load or parse is
 * loaded again by the next render that uses it.
 */
typedef int (*lp_mustache_partial_fn)(lp_buf *out, const char *name, void *payload);

typedef struct lp_mustache_opts {
	int version;
	lp_escaper escaper;             /* for {{name}}; {{{name}}} and {{& name}} never escape */
	int strict;                     /* unresolved names and partials are errors */
	const char *name;               /* template name in findings; NULL: "<template>" */
	lp_mustache_partial_fn partial; /* NULL: no partials (each is "not found") */
	void *payload;                  /* for `partial` */
	unsigned max_depth;             /* partial and section nesting; 0: LP_MUSTACHE_MAX_DEPTH */
	size_t max_output;              /* bytes this call may add to `out`; 0: LP_MUSTACHE_MAX_OUTPUT */
	size_t max_steps;               /* tags and texts rendered; 0: LP_MUSTACHE_MAX_STEPS */
} lp_mustache_opts;

#define LP_MUSTACHE_OPTS_VERSION 1
#define LP_MUSTACHE_OPTS_INIT { LP_MUSTACHE_OPTS_VERSION, LP_ESCAPE_HTML, 0, NULL, NULL, NULL, 0, 0, 0 }

/*
 * Generated artifacts are kilobytes; these budgets only bound a hostile
 * template (a --templates directory is user input): tests/pathological keeps
 * any template under a second of CPU and 200 MB of memory in an ASan build.
 */
#define LP_MUSTACHE_MAX_DEPTH 64
#define LP_MUSTACHE_MAX_OUTPUT ((size_t)16 << 20)
#define LP_MUSTACHE_MAX_STEPS ((size_t)2 << 20)

/* The rule id of every finding the renderer makes. */
#define LP_MUSTACHE_RULE "LP-TEMPLATE"
/* The rule id of a value an escaper refused (a finding about the spec). */
#define LP_MUSTACHE_RULE_ESCAPE "LP-TEMPLATE-VALUE"

/*
 * Renders `tmpl` (`len` bytes, need not be NUL-terminated) against `ctx`,
 * appending to `out`. `o` may be NULL (defaults). `ctx` may be NULL (an empty
 * context). Returns 0 when rendered without findings, 1 when findings were
 * added to `d` (then `out` holds a partial result that must not be used),
 * negative on operational failure.
 */
int lp_mustache_render(lp_buf *out, const char *tmpl, size_t len, const lp_value *ctx,
	const lp_mustache_opts *o, lp_diag *d);

/*
 * The same in two steps, for a template rendered once per artifact of a kind:
 * parsing, the partials and their parses are paid once, not per render.
 */
typedef struct lp_mustache_template lp_mustache_template;

/*
 * Parses `tmpl` (`len` bytes) with options `o` (NULL: defaults), which are
 * copied and apply to every render of it. `tmpl`, `o->name` and `o->payload`
 * are borrowed and must outlive *out. Returns 0 and sets *out (caller owns;
 * free with lp_mustache_template_free), 1 when the template has syntax errors
 * (findings in `d`, *out NULL), or negative.
 */
int lp_mustache_parse(lp_mustache_template **out, const char *tmpl, size_t len, const lp_mustache_opts *o,
	lp_diag *d);
/*
 * Renders `t` against `ctx`, appending to `out`: the same output, findings
 * and return as lp_mustache_render over the text `t` was parsed from,
 * budgets included. `t` keeps the partials it loads, so one `t` must not be
 * rendered by two threads at once.
 */
int lp_mustache_template_render(lp_buf *out, lp_mustache_template *t, const lp_value *ctx, lp_diag *d);
/* Frees `t` and its partials; NULL is a no-op. */
void lp_mustache_template_free(lp_mustache_template *t);

#endif
