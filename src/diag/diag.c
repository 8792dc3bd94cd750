#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/mem.h"

typedef struct source {
	const char *name;
	const char *text;
	size_t len;
} source;

#define NO_SOURCE ((size_t)-1)

/* One interned string; `src` indexes d->src when the string names a registered source. */
typedef struct interned {
	const char *s;
	size_t src;
} interned;

struct lp_diag {
	lp_diag_entry *v;
	size_t n, cap;
	source *src;
	size_t nsrc, capsrc;
	/*
	 * Open-addressing index of every interned string (file names, rule ids,
	 * targets). Each finding interns its file and rule, and a lint run
	 * registers every file it reads, so a linear scan made a run over
	 * thousands of files quadratic. Lookup only: nothing iterates it, so its
	 * order never reaches the output.
	 */
	interned *tab;
	size_t ntab, captab; /* captab is 0 or a power of two */
	lp_arena strings;
	size_t seq;
	const lp_diag *shared; /* lp_diag_new_sharing */
};

lp_diag *lp_diag_new(void) { return lp_calloc(1, sizeof(lp_diag)); }

lp_diag *lp_diag_new_sharing(const lp_diag *shared)
{
	lp_diag *d = lp_diag_new();
	d->shared = shared;
	return d;
}

static void entry_release(lp_diag_entry *e)
{
	lp_free(e->message);
	lp_free(e->help);
	lp_free(e->suppressed);
	if (e->fix) {
		lp_free(e->fix->description);
		lp_edits_release(&e->fix->edits);
		lp_free(e->fix);
		e->fix = NULL;
	}
}

void lp_diag_set_fix(lp_diag *d, lp_diag_entry *e, const char *description, const lp_edits *edits, int manual)
{
	lp_diag_fix *f = lp_calloc(1, sizeof(*f));
	size_t len = strlen(description);
	(void)d;
	f->description = lp_malloc(len + 1);
	memcpy(f->description, description, len + 1);
	if (edits)
		lp_edits_extend(&f->edits, edits);
	f->manual = manual;
	if (e->fix) {
		lp_free(e->fix->description);
		lp_edits_release(&e->fix->edits);
		lp_free(e->fix);
	}
	e->fix = f;
}

void lp_diag_free(lp_diag *d)
{
	size_t i;
	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		entry_release(&d->v[i]);
	lp_free(d->v);
	lp_free(d->src);
	lp_free(d->tab);
	lp_arena_release(&d->strings);
	lp_free(d);
}

static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot of `s`: its entry, or the empty slot where it belongs. d->captab must be > 0. */
static interned *slot(const lp_diag *d, const char *s)
{
	size_t mask = d->captab - 1, i = hash_str(s) & mask;
	while (d->tab[i].s && strcmp(d->tab[i].s, s) != 0)
		i = (i + 1) & mask;
	return &d->tab[i];
}

static interned *lookup(const lp_diag *d, const char *s)
{
	interned *e;
	if (!d->captab)
		return NULL;
	e = slot(d, s);
	return e->s ? e : NULL;
}

/* Adds `s` (already copied into d->strings), growing the table to stay at most half full. */
static interned *insert(lp_diag *d, const char *s, size_t src)
{
	interned *e;
	if (2 * (d->ntab + 1) > d->captab) {
		interned *old = d->tab;
		size_t oldcap = d->captab, i;
		d->captab = d->captab ? d->captab * 2 : 64;
		d->tab = lp_calloc(d->captab, sizeof(*d->tab));
		for (i = 0; i < oldcap; i++)
			if (old[i].s)
				*slot(d, old[i].s) = old[i];
		lp_free(old);
	}
	e = slot(d, s);
	e->s = s;
	e->src = src;
	d->ntab++;
	return e;
}

const char *lp_diag_intern(lp_diag *d, const char *s)
{
	interned *e;
	if (!s)
		return NULL;
	if ((e = lookup(d, s)) != NULL || (d->shared && (e = lookup(d->shared, s)) != NULL))
		return e->s;
	return insert(d, lp_arena_strdup(&d->strings, s), NO_SOURCE)->s;
}

/* The entry of `name` in `d`'s shared sink when that sink holds its text, else NULL. */
static const interned *shared_source(const lp_diag *d, const char *name)
{
	const interned *e = d->shared ? lookup(d->shared, name) : NULL;
	return e && e->src != NO_SOURCE ? e : NULL;
}

static const char *add_source(lp_diag *d, const char *name, const char *text, size_t len, int copy)
{
	interned *e = lookup(d, name);
	const interned *se;
	source *s;
	if (e && e->src != NO_SOURCE)
		return e->s;
	if (!e && (se = shared_source(d, name)) != NULL)
		return se->s;
	if (d->nsrc == d->capsrc) {
		d->capsrc = d->capsrc ? d->capsrc * 2 : 8;
		d->src = lp_realloc(d->src, d->capsrc * sizeof(*d->src));
	}
	if (!e)
		e = insert(d, lp_arena_strdup(&d->strings, name), NO_SOURCE);
	/* A name interned before its text arrived keeps its pointer, so earlier spans still match. */
	e->src = d->nsrc;
	s = &d->src[d->nsrc++];
	s->name = e->s;
	s->text = text && copy ? lp_arena_strndup(&d->strings, text, len) : text;
	s->len = text ? len : 0;
	return s->name;
}

const char *lp_diag_add_source(lp_diag *d, const char *name, const char *text, size_t len)
{
	return add_source(d, name, text, len, 1);
}

const char *lp_diag_add_source_borrowed(lp_diag *d, const char *name, const char *text, size_t len)
{
	return add_source(d, name, text, len, 0);
}

const char *lp_diag_source_text(const lp_diag *d, const char *file, size_t *len)
{
	const interned *e;
	if (!file)
		return NULL;
	if (!(e = lookup(d, file)) || e->src == NO_SOURCE) {
		if (!(e = shared_source(d, file)))
			return NULL;
		d = d->shared;
	}
	if (len)
		*len = d->src[e->src].len;
	return d->src[e->src].text;
}

/*
 * A new entry at the end of `d`: a copy of `from` (NULL: zeroed) that takes the
 * next sequence number, which keeps equal findings in the order they were added.
 */
static lp_diag_entry *append(lp_diag *d, const lp_diag_entry *from)
{
	lp_diag_entry *e;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = lp_realloc(d->v, d->cap * sizeof(*d->v));
	}
	e = &d->v[d->n++];
	if (from)
		*e = *from;
	else
		memset(e, 0, sizeof(*e));
	e->seq = d->seq++;
	return e;
}

lp_diag_entry *lp_diag_vadd(lp_diag *d, lp_severity sev, const char *rule, const lp_span *span,
	const char *help, const char *fmt, va_list ap)
{
	lp_buf msg = LP_BUF_INIT;
	lp_diag_entry *e = append(d, NULL);
	e->severity = sev;
	e->rule = rule ? lp_diag_intern(d, rule) : NULL;
	if (span) {
		e->span = *span;
		e->span.file = lp_diag_intern(d, span->file);
	}
	lp_buf_vprintf(&msg, fmt, ap);
	e->message = lp_buf_detach(&msg, NULL);
	e->help = help ? lp_strdup(help) : NULL;
	return e;
}

lp_diag_entry *lp_diag_add(lp_diag *d, lp_severity sev, const char *rule, const lp_span *span,
	const char *help, const char *fmt, ...)
{
	lp_diag_entry *e;
	va_list ap;
	va_start(ap, fmt);
	e = lp_diag_vadd(d, sev, rule, span, help, fmt, ap);
	va_end(ap);
	return e;
}

void lp_diag_relocate(lp_diag *d, lp_diag_entry *e, const lp_span *primary, const char *help)
{
	e->related = e->span;
	e->span = *primary;
	e->span.file = lp_diag_intern(d, primary->file);
	if (help) {
		lp_free(e->help);
		e->help = lp_strdup(help);
	}
}

lp_diag_entry *lp_diag_take(lp_diag *dst, lp_diag *src, size_t i)
{
	lp_diag_entry *from = &src->v[i], *e = append(dst, from);
	e->rule = lp_diag_intern(dst, from->rule);
	e->span.file = lp_diag_intern(dst, from->span.file);
	e->related.file = lp_diag_intern(dst, from->related.file);
	e->target = lp_diag_intern(dst, from->target);
	/* now owned by `dst` */
	from->message = from->help = from->suppressed = NULL;
	from->fix = NULL;
	return e;
}

void lp_diag_take_sources(lp_diag *dst, const lp_diag *src)
{
	size_t i;
	for (i = 0; i < src->nsrc; i++)
		if (!lp_diag_source_text(dst, src->src[i].name, NULL))
			add_source(dst, src->src[i].name, src->src[i].text, src->src[i].len, 1);
}

static int strcmp0(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const lp_diag_entry *a = pa, *b = pb;
	int c = strcmp0(a->span.file, b->span.file);
	if (c)
		return c;
	if (a->span.line != b->span.line)
		return a->span.line < b->span.line ? -1 : 1;
	if (a->span.col != b->span.col)
		return a->span.col < b->span.col ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp0(a->rule, b->rule)))
		return c;
	if ((c = strcmp0(a->message, b->message)))
		return c;
	if ((c = strcmp0(a->related.file, b->related.file)))
		return c;
	if (a->related.line != b->related.line)
		return a->related.line < b->related.line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The same finding twice: one place, one rule, one message (say, a default shared by two services). */
static int same_finding(const lp_diag_entry *a, const lp_diag_entry *b)
{
	return a->severity == b->severity && !strcmp0(a->rule, b->rule) && !strcmp0(a->span.file, b->span.file) &&
		a->span.line == b->span.line && a->span.col == b->span.col && !strcmp0(a->message, b->message) &&
		!strcmp0(a->related.file, b->related.file) && a->related.line == b->related.line &&
		a->related.col == b->related.col && !a->suppressed == !b->suppressed;
}

void lp_diag_sort(lp_diag *d)
{
	size_t i, n = 0;
	if (d->n < 2)
		return;
	qsort(d->v, d->n, sizeof(*d->v), cmp_entry);
	for (i = 0; i < d->n; i++) {
		if (n && same_finding(&d->v[n - 1], &d->v[i]))
			entry_release(&d->v[i]);
		else
			d->v[n++] = d->v[i];
	}
	d->n = n;
}

size_t lp_diag_count(const lp_diag *d) { return d->n; }

lp_diag_entry *lp_diag_get(lp_diag *d, size_t i) { return i < d->n ? &d->v[i] : NULL; }

size_t lp_diag_count_at_least(const lp_diag *d, lp_severity min)
{
	size_t i, k = 0;
	for (i = 0; i < d->n; i++)
		if (!d->v[i].suppressed && d->v[i].severity >= min)
			k++;
	return k;
}

void lp_diag_drop(lp_diag *d, size_t i)
{
	if (i >= d->n)
		return;
	entry_release(&d->v[i]);
	memmove(&d->v[i], &d->v[i + 1], (d->n - i - 1) * sizeof(*d->v));
	d->n--;
}

void lp_diag_truncate(lp_diag *d, size_t n)
{
	while (d->n > n)
		entry_release(&d->v[--d->n]);
}

const char *lp_diag_source_line(lp_source_cursor *c, const char *text, size_t len, unsigned line, size_t *linelen)
{
	const char *p = text, *end = text + len;
	unsigned n = 1;
	/* printers go through sorted findings: resume where the last lookup in this text stopped */
	if (c && c->text == text && c->line && c->line <= line) {
		p = c->at;
		n = c->line;
	}
	while (n < line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		n++;
	}
	if (n != line || p > end)
		return NULL;
	if (c) {
		c->text = text;
		c->at = p;
		c->line = n;
	}
	{
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		*linelen = (size_t)((nl ? nl : end) - p);
		if (*linelen && p[*linelen - 1] == '\r')
			(*linelen)--;
	}
	return p;
}

const char *lp_severity_name(lp_severity s)
{
	switch (s) {
	case LP_SEV_ERROR: return "error";
	case LP_SEV_WARNING: return "warning";
	case LP_SEV_NOTE: return "note";
	}
	return "note";
}

int lp_severity_parse(lp_severity *out, const char *s)
{
	if (!strcmp(s, "error"))
		*out = LP_SEV_ERROR;
	else if (!strcmp(s, "warning"))
		*out = LP_SEV_WARNING;
	else if (!strcmp(s, "note"))
		*out = LP_SEV_NOTE;
	else
		return -1;
	return 0;
}
