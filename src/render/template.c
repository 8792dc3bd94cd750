#include "template.h"

#include <string.h>

#include "render/mustache.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strmap.h"

/* Templates are small text files; anything bigger is not one of ours. */
#define TEMPLATE_MAX ((size_t)1 << 20)

#define SUFFIX ".mustache"

/*
 * A template name is a plain file name, so that neither code nor a partial tag
 * in a user's template can reach outside the templates directory.
 */
static int name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && !strchr(name, '\\') && strcmp(name, ".") != 0 &&
		strcmp(name, "..") != 0;
}

int lp_template_get(lp_buf *out, char **path, const char *name, const char *templates_dir)
{
	lp_buf p = LP_BUF_INIT;
	const lp_embedded_file *f;
	int rc;
	if (path)
		*path = NULL;
	if (!name_ok(name)) {
		lp_error_set(LP_ERROR_INVALID, "invalid template name '%s': expected a plain file name",
			name ? name : "");
		return -1;
	}
	if (templates_dir) {
		/* A mistyped --templates must not quietly fall back to the built-in templates. */
		if (!lp_fs_is_dir(templates_dir)) {
			lp_error_set(LP_ERROR_IO, "templates directory '%s' %s", templates_dir,
				lp_fs_exists(templates_dir) ? "is not a directory" : "does not exist");
			return -1;
		}
		/*
		 * Confined to the directory: a symbolic link in it that leads
		 * elsewhere would copy any file into the output (a Dockerfile,
		 * a Fluent Bit configuration), and a FIFO would hang the build.
		 */
		lp_buf_printf(&p, "%s/%s", templates_dir, name);
		rc = lp_fs_read_beneath(out, templates_dir, name, TEMPLATE_MAX);
		if (rc != LP_ENOTFOUND) {
			if (rc == 0 && path)
				*path = lp_buf_detach(&p, NULL);
			lp_buf_release(&p);
			return rc;
		}
		lp_buf_clear(&p);
	}
	lp_buf_printf(&p, "templates/%s", name);
	f = lp_embedded_find(p.ptr);
	if (!f) {
		/* Every template name is fixed in the source, so a missing one is a build defect. */
		lp_error_set(LP_ERROR_INTERNAL, "no template '%s'", name);
		lp_buf_release(&p);
		return LP_ENOTFOUND;
	}
	if (lp_buf_put(out, f->data, f->len) < 0) {
		lp_buf_release(&p);
		return LP_ETOOBIG;
	}
	if (path)
		*path = lp_buf_detach(&p, NULL);
	lp_buf_release(&p);
	return 0;
}

static size_t suffix_at(const char *name)
{
	size_t n = strlen(name), s = strlen(SUFFIX);
	return n >= s && strcmp(name + n - s, SUFFIX) == 0 ? n - s : n;
}

static int load_partial(lp_buf *out, const char *name, void *payload)
{
	const char *dir = payload;
	lp_buf file = LP_BUF_INIT;
	int rc;
	lp_buf_puts(&file, name);
	if (suffix_at(name) == strlen(name))
		lp_buf_puts(&file, SUFFIX);
	rc = lp_template_get(out, NULL, file.ptr, dir);
	lp_buf_release(&file);
	return rc;
}

/* A template as parsed for one escaper (the DDL escaper settles each tag's escaper while parsing). */
typedef struct cached {
	lp_buf text; /* `t` points into it */
	char *path;  /* where the text came from, for findings; `t` borrows it */
	lp_mustache_template *t;
} cached;

struct lp_template_cache {
	char *dir;       /* NULL: the embedded templates only; the partial loader borrows it */
	lp_strmap index; /* "name\0<escaper>" -> entry of v */
	cached **v;
	size_t n, cap;
};

static void cached_free(cached *t)
{
	lp_mustache_template_free(t->t);
	lp_free(t->path);
	lp_buf_release(&t->text);
	lp_free(t);
}

lp_template_cache *lp_template_cache_new(const char *templates_dir)
{
	lp_template_cache *c = lp_calloc(1, sizeof(*c));
	c->dir = templates_dir ? lp_strdup(templates_dir) : NULL;
	return c;
}

void lp_template_cache_free(lp_template_cache *c)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		cached_free(c->v[i]);
	lp_free(c->v);
	lp_strmap_release(&c->index);
	lp_free(c->dir);
	lp_free(c);
}

/* Reads and parses template `name`: 0 and *out (caller owns), or what lp_template_render returns. */
static int load(cached **out, const lp_template_cache *c, const char *name, lp_escaper e, lp_diag *d)
{
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	cached *t = lp_calloc(1, sizeof(*t));
	int rc;
	*out = NULL;
	lp_buf_init(&t->text);
	if ((rc = lp_template_get(&t->text, &t->path, name, c->dir)) < 0)
		goto fail;
	o.escaper = e;
	o.strict = 1;
	o.name = t->path;
	o.partial = load_partial;
	o.payload = c->dir;
	if ((rc = lp_mustache_parse(&t->t, t->text.ptr, t->text.size, &o, d)) != 0)
		goto fail;
	*out = t;
	return 0;
fail:
	cached_free(t);
	return rc;
}

int lp_template_cache_render(lp_buf *out, lp_template_cache *c, const char *name, const lp_value *ctx,
	lp_escaper e, lp_diag *d)
{
	lp_buf key = LP_BUF_INIT;
	cached *t;
	size_t start = out->size;
	int rc;
	lp_buf_puts(&key, name ? name : "");
	lp_buf_putc(&key, '\0');
	lp_buf_put(&key, (const char *)&e, sizeof(e));
	t = lp_strmap_get(&c->index, key.ptr, key.size);
	if (!t) {
		/* Not kept when it fails: the next render reports the same as this one. */
		if ((rc = load(&t, c, name, e, d)) != 0)
			goto done;
		lp_strmap_set(&c->index, key.ptr, key.size, t);
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 8;
			c->v = lp_realloc(c->v, c->cap * sizeof(*c->v));
		}
		c->v[c->n++] = t;
	}
	rc = lp_mustache_template_render(out, t->t, ctx, d);
	/* Output rendered around a refused value is never handed on, not even partly. */
	if (rc != 0)
		lp_buf_truncate(out, start);
done:
	lp_buf_release(&key);
	return rc;
}

int lp_template_render(lp_buf *out, const char *name, const lp_value *ctx, lp_escaper e,
	const char *templates_dir, lp_diag *d)
{
	lp_template_cache *c = lp_template_cache_new(templates_dir);
	int rc = lp_template_cache_render(out, c, name, ctx, e, d);
	lp_template_cache_free(c);
	return rc;
}
