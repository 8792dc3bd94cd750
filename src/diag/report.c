#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/report.h"
#include "util/mem.h"
#include "util/sha256.h"

/* Appends `path` to `out` segment by segment, resolving ".", ".." and empty segments. */
static void put_segments(lp_buf *out, const char *path)
{
	const char *p = path;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out->ptr, '/');
			/* "/.." is "/": keep the leading slash of an absolute path */
			lp_buf_truncate(out, slash ? (slash == out->ptr ? 1 : (size_t)(slash - out->ptr)) : 0);
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (out->size && out->ptr[out->size - 1] != '/')
				lp_buf_putc(out, '/');
			lp_buf_put(out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
}

int lp_report_path(lp_buf *out, const lp_report_opts *o, const char *file)
{
	size_t rl;
	lp_buf_clear(out);
	if (file[0] == '/') {
		lp_buf_putc(out, '/');
	} else if (o && o->cwd && o->cwd[0] == '/') {
		lp_buf_putc(out, '/');
		put_segments(out, o->cwd);
	}
	put_segments(out, file);
	if (!o || !o->root || out->ptr[0] != '/')
		return 0;
	rl = strlen(o->root);
	/* the root itself is "/.../", the file "/.../x": compare without the root's final slash */
	if (rl > 1 && o->root[rl - 1] == '/')
		rl--;
	if (out->size > rl && !strncmp(out->ptr, o->root, rl) && (out->ptr[rl] == '/' || rl == 1)) {
		size_t skip = rl == 1 ? 1 : rl + 1;
		memmove(out->ptr, out->ptr + skip, out->size - skip + 1);
		lp_buf_truncate(out, out->size - skip);
		return 1;
	}
	return 0;
}

#define LINE_MAX_HASHED 1024

/* The text of the entry's first line without leading and trailing blanks, or NULL. */
static const char *line_text(lp_diag *d, const lp_diag_entry *e, lp_source_cursor *cur, size_t *len)
{
	size_t tl, n;
	const char *text = e->span.file ? lp_diag_source_text(d, e->span.file, &tl) : NULL, *p;
	if (!text || !e->span.line || !(p = lp_diag_source_line(cur, text, tl, e->span.line, &n)))
		return NULL;
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	/* minified JSON is one line: hashing it per finding would be quadratic and say nothing */
	if (n > LINE_MAX_HASHED)
		return NULL;
	*len = n;
	return p;
}

static void hash_str(lp_sha256 *c, const char *s)
{
	/* the NUL separates fields so ("ab","c") and ("a","bc") differ */
	lp_sha256_update(c, s ? s : "", s ? strlen(s) + 1 : 1);
}

static int by_hash_then_place(const void *a, const void *b)
{
	const lp_report_fingerprint *x = *(const lp_report_fingerprint *const *)a;
	const lp_report_fingerprint *y = *(const lp_report_fingerprint *const *)b;
	int c = strncmp(x->s, y->s, 32);
	return c ? c : (x < y ? -1 : x > y);
}

lp_report_fingerprint *lp_report_fingerprints(lp_diag *d, const lp_report_opts *o)
{
	size_t n, i, j;
	lp_report_fingerprint *v, **order;
	lp_buf path = LP_BUF_INIT;
	lp_source_cursor cur = { NULL, NULL, 0 };
	static const char hex[] = "0123456789abcdef";

	lp_diag_sort(d);
	n = lp_diag_count(d);
	v = lp_calloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		unsigned char h[32];
		const char *line;
		size_t ll = 0;
		lp_sha256 c;
		lp_sha256_init(&c);
		hash_str(&c, e->rule);
		if (e->span.file)
			lp_report_path(&path, o, e->span.file);
		hash_str(&c, e->span.file ? path.ptr : NULL);
		hash_str(&c, e->target);
		if ((line = line_text(d, e, &cur, &ll)) != NULL)
			lp_sha256_update(&c, line, ll);
		else
			hash_str(&c, e->message);
		lp_sha256_final(h, &c);
		for (j = 0; j < 16; j++) {
			v[i].s[2 * j] = hex[h[j] >> 4];
			v[i].s[2 * j + 1] = hex[h[j] & 15];
		}
		v[i].s[32] = '\0';
	}
	/*
	 * Occurrence numbers in the sink's order: two identical lines keep
	 * distinct fingerprints. Sorted by hash so a run with 25,000 results
	 * is not quadratic.
	 */
	order = lp_calloc(n + 1, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = &v[i];
	qsort(order, n, sizeof(*order), by_hash_then_place);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && !strncmp(order[j]->s, order[i]->s, 32); j++)
			snprintf(order[j]->s + 32, sizeof(order[j]->s) - 32, ":%zu", j - i + 1);
	}
	lp_free(order);
	lp_buf_release(&path);
	return v;
}
