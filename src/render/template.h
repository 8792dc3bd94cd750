#ifndef LP_RENDER_TEMPLATE_H
#define LP_RENDER_TEMPLATE_H

#include "diag/diag.h"
#include "render/escape.h"
#include "render/value.h"
#include "util/buf.h"

/*
 * Where templates come from: templates/<name> embedded into the binary at
 * build time (templates/meson.build), or DIR/<name> when the user passes
 * `--templates DIR` to customise output. A file missing from DIR falls back
 * to the embedded one, so DIR needs only the templates that differ. A file
 * in DIR must be a regular file reached without a symbolic link out of DIR
 * (lp_fs_read_beneath): the output must not carry files from elsewhere.
 */

/*
 * Appends the text of template `name` to `out`. `name` must be a plain file
 * name ("fluent-bit.conf.mustache"): no '/', no "..", not empty. `templates_dir`
 * may be NULL. If `path` is not NULL it receives where the text came from
 * ("templates/<name>" or "<DIR>/<name>"; caller owns, free with lp_free).
 * Returns 0, LP_ENOTFOUND, or -1 (invalid name, `templates_dir` not a
 * directory, unreadable file).
 */
int lp_template_get(lp_buf *out, char **path, const char *name, const char *templates_dir);

/*
 * Renders template `name` in strict mode with escaper `e`; partials
 * {{> part}} load "part.mustache" the same way (a name that already ends in
 * ".mustache" is taken as is). Findings name the template's path. Returns as
 * lp_mustache_render does: 0, 1 (findings in `d`; discard `out`), negative.
 */
int lp_template_render(lp_buf *out, const char *name, const lp_value *ctx, lp_escaper e,
	const char *templates_dir, lp_diag *d);

/*
 * The templates of one run of renders (lp_render_all renders a template once
 * per artifact of its kind), each read and parsed once. Opaque; used by one
 * thread at a time.
 */
typedef struct lp_template_cache lp_template_cache;

/* `templates_dir` may be NULL and is copied. Caller owns; free with lp_template_cache_free. */
lp_template_cache *lp_template_cache_new(const char *templates_dir);
/* Frees `c` and every template it holds; NULL is a no-op. */
void lp_template_cache_free(lp_template_cache *c);

/*
 * lp_template_render over the cache's directory: the same output, findings
 * and return, but template `name` is read and parsed at its first render with
 * escaper `e` and its partials at their first use, then kept. A template that
 * fails to load or has syntax errors is not kept, so every render of it
 * reports the same.
 */
int lp_template_cache_render(lp_buf *out, lp_template_cache *c, const char *name, const lp_value *ctx,
	lp_escaper e, lp_diag *d);

#endif
