#include "edits.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"

void lp_edits_add(lp_edits *e, size_t start, size_t end, const char *text, size_t len)
{
	lp_edit *x;
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->v = lp_realloc(e->v, e->cap * sizeof(*e->v));
	}
	x = &e->v[e->n++];
	x->start = start;
	x->end = end < start ? start : end;
	x->text = lp_malloc(len + 1);
	if (len)
		memcpy(x->text, text, len);
	x->text[len] = '\0';
	x->len = len;
}

void lp_edits_extend(lp_edits *e, const lp_edits *src)
{
	size_t i;
	for (i = 0; i < src->n; i++)
		lp_edits_add(e, src->v[i].start, src->v[i].end, src->v[i].text, src->v[i].len);
}

void lp_edits_release(lp_edits *e)
{
	size_t i;
	for (i = 0; i < e->n; i++)
		lp_free(e->v[i].text);
	lp_free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

typedef struct keyed {
	lp_edit e;
	size_t seq;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->e.start != y->e.start)
		return x->e.start < y->e.start ? -1 : 1;
	if ((x->e.end == x->e.start) != (y->e.end == y->e.start))
		return x->e.end == x->e.start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void lp_edits_sort(lp_edits *e)
{
	keyed *k;
	size_t i;
	if (e->n < 2)
		return;
	k = lp_malloc(e->n * sizeof(*k));
	for (i = 0; i < e->n; i++) {
		k[i].e = e->v[i];
		k[i].seq = i;
	}
	qsort(k, e->n, sizeof(*k), cmp_keyed);
	for (i = 0; i < e->n; i++)
		e->v[i] = k[i].e;
	lp_free(k);
}

static int touch(const lp_edit *x, const lp_edit *y)
{
	if (x->start == x->end && y->start == y->end)
		return x->start == y->start;
	if (x->start == x->end)
		return x->start > y->start && x->start < y->end;
	if (y->start == y->end)
		return y->start > x->start && y->start < x->end;
	return x->start < y->end && y->start < x->end;
}

int lp_edits_conflict(const lp_edits *a, const lp_edits *b)
{
	size_t i, j;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (touch(&a->v[i], &b->v[j]))
				return 1;
	return 0;
}

int lp_edits_apply(lp_buf *out, const char *text, size_t len, const lp_edits *e)
{
	size_t at = 0, i;
	for (i = 0; i < e->n; i++) {
		const lp_edit *x = &e->v[i];
		if (x->start < at || x->end > len) {
			lp_error_set(LP_ERROR_INTERNAL, "edit %zu..%zu overlaps another or lies outside the text", x->start,
				x->end);
			return LP_ERROR;
		}
		lp_buf_put(out, text + at, x->start - at);
		lp_buf_put(out, x->text, x->len);
		at = x->end;
	}
	lp_buf_put(out, text + at, len - at);
	return 0;
}

/* ---- unified diff ------------------------------------------------------ */

/* Offsets of the start of every line of `t`, plus `len` at the end. */
typedef struct lines {
	size_t *at;
	size_t n; /* lines; at[n] == len */
} lines;

static void split_lines(lines *l, const char *t, size_t len)
{
	size_t i, cap = 16;
	l->at = lp_malloc(cap * sizeof(*l->at));
	l->n = 0;
	l->at[0] = 0;
	for (i = 0; i < len; i++) {
		if (t[i] != '\n' && i + 1 != len)
			continue;
		if (l->n + 2 >= cap) {
			cap *= 2;
			l->at = lp_realloc(l->at, cap * sizeof(*l->at));
		}
		l->at[++l->n] = i + 1;
	}
}

/* Index of the line holding byte `off` (off == len: one past the last line). */
static size_t line_of(const lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->at[mid + 1] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void put_lines(lp_buf *out, char mark, const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) + 1 : len;
		lp_buf_putc(out, mark);
		lp_buf_put(out, t + i, e - i);
		if (!nl)
			lp_buf_puts(out, "\n\\ No newline at end of file\n");
		i = e;
	}
}

static size_t count_lines(const char *t, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	return n + (len && t[len - 1] != '\n');
}

#define CONTEXT 3

int lp_edits_diff(lp_buf *out, const char *name, const char *text, size_t len, const lp_edits *e)
{
	lines L;
	size_t i = 0;
	long delta = 0;
	if (!e->n)
		return 0;
	split_lines(&L, text, len);
	lp_buf_printf(out, "--- a/%s\n+++ b/%s\n", name, name);
	while (i < e->n) {
		/* a hunk: edits whose changed lines are within 2*CONTEXT lines of each other */
		size_t j = i, first, last, ctx0, ctx1, k, old_lines, new_lines;
		lp_buf body = LP_BUF_INIT, minus = LP_BUF_INIT, plus = LP_BUF_INIT;
		first = line_of(&L, e->v[i].start);
		last = e->v[i].end > e->v[i].start ? line_of(&L, e->v[i].end - 1) + 1 : first;
		if (e->v[i].start == e->v[i].end && e->v[i].start != L.at[first])
			last = first + 1;
		while (j + 1 < e->n) {
			size_t f2 = line_of(&L, e->v[j + 1].start);
			if (f2 > last + 2 * CONTEXT)
				break;
			j++;
			k = e->v[j].end > e->v[j].start ? line_of(&L, e->v[j].end - 1) + 1 : f2;
			if (e->v[j].start == e->v[j].end && e->v[j].start != L.at[f2])
				k = f2 + 1;
			if (k > last)
				last = k;
			if (f2 + 1 > last && e->v[j].start != L.at[f2])
				last = f2 + 1;
		}
		if (last > L.n)
			last = L.n;
		ctx0 = first > CONTEXT ? first - CONTEXT : 0;
		ctx1 = last + CONTEXT < L.n ? last + CONTEXT : L.n;
		/* the changed region [at[first], at[last]) before and after */
		{
			size_t from = L.at[first], to = L.at[last], at = from;
			lp_buf_put(&minus, text + from, to - from);
			for (k = i; k <= j; k++) {
				lp_buf_put(&plus, text + at, e->v[k].start - at);
				lp_buf_put(&plus, e->v[k].text, e->v[k].len);
				at = e->v[k].end;
			}
			if (at < to)
				lp_buf_put(&plus, text + at, to - at);
		}
		put_lines(&body, ' ', text + L.at[ctx0], L.at[first] - L.at[ctx0]);
		put_lines(&body, '-', minus.ptr, minus.size);
		put_lines(&body, '+', plus.ptr, plus.size);
		put_lines(&body, ' ', text + L.at[last], L.at[ctx1] - L.at[last]);
		old_lines = ctx1 - ctx0;
		new_lines = (first - ctx0) + count_lines(plus.ptr, plus.size) + (ctx1 - last);
		lp_buf_printf(out, "@@ -%zu,%zu +%ld,%zu @@\n", old_lines ? ctx0 + 1 : ctx0, old_lines,
			(long)(new_lines ? (long)ctx0 + 1 + delta : (long)ctx0 + delta), new_lines);
		lp_buf_put(out, body.ptr, body.size);
		delta += (long)new_lines - (long)old_lines;
		lp_buf_release(&body);
		lp_buf_release(&minus);
		lp_buf_release(&plus);
		i = j + 1;
	}
	lp_free(L.at);
	return 0;
}

/* ---- line diff of two texts ---------------------------------------------- */

/* Beyond this many changed lines the diff is shown as one replacement: the trace would cost too much memory. */
#define MAX_D 4096

typedef struct line_ref {
	const char *p;
	size_t len;
} line_ref;

static line_ref *line_refs(size_t *n, const char *t, size_t len)
{
	lines L;
	line_ref *v;
	size_t i;
	split_lines(&L, t, len);
	v = lp_malloc((L.n + 1) * sizeof(*v));
	for (i = 0; i < L.n; i++) {
		v[i].p = t + L.at[i];
		v[i].len = L.at[i + 1] - L.at[i];
	}
	*n = L.n;
	lp_free(L.at);
	return v;
}

static int same(const line_ref *x, const line_ref *y) { return x->len == y->len && !memcmp(x->p, y->p, x->len); }

/*
 * Myers' shortest edit script: ops[i] is ' ', '-' or '+' in output order.
 * Returns the number of ops, or 0 when the texts differ in more than MAX_D
 * lines (the caller shows one replacement instead).
 */
static size_t myers(char **ops, const line_ref *a, size_t n, const line_ref *b, size_t m)
{
	size_t max = n + m, off = max, d, nops = 0, cap;
	long *v = lp_calloc(2 * max + 2, sizeof(*v));
	long **trace = lp_calloc(MAX_D + 1, sizeof(*trace));
	long x = 0, y = 0, k, found = -1;
	char *rev;
	*ops = NULL;
	for (d = 0; d <= max && d <= MAX_D && found < 0; d++) {
		trace[d] = lp_malloc((2 * max + 2) * sizeof(**trace));
		memcpy(trace[d], v, (2 * max + 2) * sizeof(*v));
		for (k = -(long)d; k <= (long)d; k += 2) {
			if (k == -(long)d || (k != (long)d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m && same(&a[x], &b[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				found = (long)d;
				break;
			}
		}
	}
	if (found >= 0) {
		/* walk back from (n, m), collecting ops in reverse */
		cap = n + m + 1;
		rev = lp_malloc(cap);
		x = (long)n;
		y = (long)m;
		for (d = (size_t)found; d > 0; d--) {
			long *pv = trace[d];
			long pk, px, py;
			k = x - y;
			if (k == -(long)d || (k != (long)d && pv[off + k - 1] < pv[off + k + 1]))
				pk = k + 1;
			else
				pk = k - 1;
			px = pv[off + pk];
			py = px - pk;
			while (x > px && y > py) {
				rev[nops++] = ' ';
				x--, y--;
			}
			rev[nops++] = x == px ? '+' : '-';
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			rev[nops++] = ' ';
			x--, y--;
		}
		*ops = lp_malloc(nops + 1);
		for (d = 0; d < nops; d++)
			(*ops)[d] = rev[nops - 1 - d];
		lp_free(rev);
	}
	for (d = 0; d <= MAX_D && trace[d]; d++)
		lp_free(trace[d]);
	lp_free(trace);
	lp_free(v);
	return found >= 0 ? nops : 0;
}

static void put_line(lp_buf *out, char mark, const line_ref *l)
{
	lp_buf_putc(out, mark);
	lp_buf_put(out, l->p, l->len);
	if (!l->len || l->p[l->len - 1] != '\n')
		lp_buf_puts(out, "\n\\ No newline at end of file\n");
}

int lp_diff_texts(lp_buf *out, const char *name, const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n, m, nops, i, ai, bi;
	line_ref *la, *lb;
	char *ops;
	if (alen == blen && !memcmp(a, b, alen))
		return 0;
	la = line_refs(&n, a, alen);
	lb = line_refs(&m, b, blen);
	nops = myers(&ops, la, n, lb, m);
	if (!nops) {
		/* too different: one hunk that replaces everything */
		lp_edits all = LP_EDITS_INIT;
		lp_edits_add(&all, 0, alen, b, blen);
		lp_edits_diff(out, name, a, alen, &all);
		lp_edits_release(&all);
		lp_free(la);
		lp_free(lb);
		return 0;
	}
	lp_buf_printf(out, "--- a/%s\n+++ b/%s\n", name, name);
	i = ai = bi = 0;
	while (i < nops) {
		size_t s, e, j, ka, kb, ha, hb, a0, b0;
		lp_buf body = LP_BUF_INIT;
		/* the next change, and the changes after it that are within 2*CONTEXT unchanged lines */
		while (i < nops && ops[i] == ' ')
			i++, ai++, bi++;
		if (i == nops)
			break;
		s = i;
		e = i;
		for (j = i; j < nops; j++) {
			size_t run = 0;
			if (ops[j] != ' ') {
				e = j + 1;
				continue;
			}
			while (j + run < nops && ops[j + run] == ' ')
				run++;
			if (j + run == nops || run > 2 * CONTEXT)
				break;
			j += run - 1;
		}
		/* context before: up to CONTEXT unchanged lines already passed */
		ka = ai < CONTEXT ? ai : CONTEXT;
		a0 = ai - ka;
		b0 = bi - ka;
		for (j = 0; j < ka; j++)
			put_line(&body, ' ', &la[a0 + j]);
		ha = hb = ka;
		for (j = s; j < e; j++) {
			if (ops[j] == ' ') {
				put_line(&body, ' ', &la[ai]);
				ai++, bi++, ha++, hb++;
			} else if (ops[j] == '-') {
				put_line(&body, '-', &la[ai++]);
				ha++;
			} else {
				put_line(&body, '+', &lb[bi++]);
				hb++;
			}
		}
		/* context after */
		for (j = e, kb = 0; j < nops && ops[j] == ' ' && kb < CONTEXT; j++, kb++) {
			put_line(&body, ' ', &la[ai + kb]);
			ha++, hb++;
		}
		lp_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ha ? a0 + 1 : a0, ha, hb ? b0 + 1 : b0, hb);
		lp_buf_put(out, body.ptr, body.size);
		lp_buf_release(&body);
		i = e;
	}
	lp_free(ops);
	lp_free(la);
	lp_free(lb);
	return 0;
}
