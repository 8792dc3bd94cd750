#include "mustache.h"

#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/strmap.h"

/*
 * Two passes, as the spec's reference implementations do: the template is
 * parsed into a flat token list (standalone-line rules and delimiter changes
 * are settled there, so rendering never looks at whitespace), then the list
 * is walked against a context stack. A section token records where its body
 * ends, so the walker skips or repeats a range without a tree.
 */

typedef enum {
	TOK_TEXT,
	TOK_VAR,     /* {{name}}: escaped */
	TOK_RAW,     /* {{{name}}}, {{& name}} */
	TOK_SECTION, /* {{#name}} ... {{/name}} */
	TOK_INVERTED,
	TOK_PARTIAL,
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *s; /* text, or the tag's name; points into the template */
	size_t len;
	unsigned line, col; /* of the opening delimiter */
	size_t end;         /* sections: index of the first token after the body */
	const char *indent; /* standalone partials: the whitespace before the tag */
	size_t indent_len;
	lp_escaper esc;     /* {{name}}: the escaper for this tag's context */
	char quote;         /* ATHENA_DDL: the quote of the literal the tag is in, or 0 */
} tok;

typedef struct tmpl {
	tok *v;
	size_t n, cap;
	const char *name; /* for findings */
	const char *src;
	size_t len;
} tmpl;

typedef struct seen {
	const char *file;
	unsigned line, col;
	const void *value;
} seen;

typedef struct partial_entry {
	char *name, *indent;
	size_t indent_len;
	lp_buf src; /* the loaded text, indented; `t` points into it */
	tmpl t;
	int missing;
	/*
	 * Loaded and parsed without error, or missing: later renders reuse it.
	 * An entry whose load or parse failed is loaded again by the next
	 * render that uses it, so that render reports the same finding.
	 */
	int ready;
	unsigned long used_in; /* the last render (lp_mustache_template.renders) that used it */
} partial_entry;

/*
 * Everything a render needs that does not depend on the context: the
 * options, the main template's tokens, and the partials loaded so far.
 */
struct lp_mustache_template {
	lp_mustache_opts o; /* o.name and o.payload borrowed */
	tmpl t;
	partial_entry **partials; /* pointers, so a tmpl being rendered never moves */
	size_t npartials, cappartials;
	lp_strmap partial_index;  /* "name\0indent" -> entry: a recursive partial makes many */
	unsigned long renders;
};

typedef struct renderer {
	lp_buf *out;
	size_t out_start, max_output;
	size_t steps, max_steps;
	unsigned depth, max_depth;
	const lp_mustache_opts *o;
	lp_diag *d;
	const lp_value **stack;
	size_t n, cap;
	seen *seen;
	size_t nseen, capseen;
	lp_mustache_template *tpl;
	unsigned long seq; /* this render's number in tpl->renders */
	size_t nused;      /* entries of tpl->partials this render used */
	int findings;
	int stop; /* a syntax error: the output is unusable, stop walking */
} renderer;

/* More findings than this from one render are noise (a template run in a loop). */
#define MAX_FINDINGS 100

/* Distinct (partial, indentation) pairs one render may load; real templates use a handful. */
#define MAX_PARTIAL_ENTRIES 256

static const char *tmpl_file(renderer *r, const tmpl *t)
{
	return lp_diag_add_source(r->d, t->name, t->src, t->len);
}

/*
 * Adds a finding unless the sink already holds the same one: a template used
 * for several artifacts (one DDL per table) fails the same way in each render,
 * and one finding says it. The render counts as failed either way.
 */
static void vreport(renderer *r, const char *rule, const lp_span *sp, const char *fmt, va_list ap)
{
	lp_buf msg = LP_BUF_INIT;
	size_t i, n = lp_diag_count(r->d);
	int dup = 0;
	lp_buf_vprintf(&msg, fmt, ap);
	for (i = 0; i < n && !dup; i++) {
		const lp_diag_entry *e = lp_diag_get(r->d, i);
		dup = e->span.line == sp->line && e->span.col == sp->col && e->span.file && sp->file &&
			strcmp(e->span.file, sp->file) == 0 && strcmp(e->rule, rule) == 0 && strcmp(e->message, msg.ptr) == 0;
	}
	if (!dup)
		lp_diag_add(r->d, LP_SEV_ERROR, rule, sp, NULL, "%s", msg.ptr);
	lp_buf_release(&msg);
	r->findings++;
}

static void report(renderer *r, const char *rule, const lp_span *sp, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void report(renderer *r, const char *rule, const lp_span *sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(r, rule, sp, fmt, ap);
	va_end(ap);
}

/*
 * Reports a finding once per template position and value, so a missing name
 * inside a loop is one finding, not one per item.
 */
static void finding(renderer *r, const tmpl *t, const tok *k, const lp_value *v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void finding(renderer *r, const tmpl *t, const tok *k, const lp_value *v, const char *fmt, ...)
{
	lp_span sp = { NULL, 0, 0, 0, 0 };
	va_list ap;
	size_t i;
	if (v && v->span.line) {
		sp = v->span;
	} else {
		sp.file = tmpl_file(r, t);
		sp.line = sp.end_line = k->line;
		sp.col = k->col;
		sp.end_col = k->col;
	}
	for (i = 0; i < r->nseen; i++)
		if (r->seen[i].file == sp.file && r->seen[i].line == k->line && r->seen[i].col == k->col &&
			r->seen[i].value == (const void *)v)
			return;
	if (r->nseen == r->capseen) {
		r->capseen = r->capseen ? r->capseen * 2 : 8;
		r->seen = lp_realloc(r->seen, r->capseen * sizeof(*r->seen));
	}
	r->seen[r->nseen].file = sp.file;
	r->seen[r->nseen].line = k->line;
	r->seen[r->nseen].col = k->col;
	r->seen[r->nseen].value = v;
	r->nseen++;
	va_start(ap, fmt);
	vreport(r, v && v->span.line ? LP_MUSTACHE_RULE_ESCAPE : LP_MUSTACHE_RULE, &sp, fmt, ap);
	va_end(ap);
	if (r->findings >= MAX_FINDINGS)
		r->stop = 1;
}

/* ---- parsing ---- */

typedef struct parser {
	renderer *r;
	tmpl *t;
	size_t *open; /* indices of the open sections */
	size_t nopen, capopen;
	size_t cur_off; /* line/column cursor: offsets only move forward */
	unsigned cur_line, cur_col;
} parser;

static void locate(parser *p, size_t off, unsigned *line, unsigned *col)
{
	for (; p->cur_off < off; p->cur_off++) {
		if (p->t->src[p->cur_off] == '\n') {
			p->cur_line++;
			p->cur_col = 1;
		} else if (((unsigned char)p->t->src[p->cur_off] & 0xC0) != 0x80) {
			p->cur_col++; /* code points, as everywhere else */
		}
	}
	*line = p->cur_line;
	*col = p->cur_col;
}

static tok *tok_add(parser *p, tok_kind kind, const char *s, size_t len)
{
	tmpl *t = p->t;
	tok *k;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = lp_realloc(t->v, t->cap * sizeof(*t->v));
	}
	k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->s = s;
	k->len = len;
	return k;
}

static void text_add(parser *p, size_t from, size_t to)
{
	if (to > from)
		tok_add(p, TOK_TEXT, p->t->src + from, to - from);
}

static void syntax_error(parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void syntax_error(parser *p, size_t off, const char *fmt, ...)
{
	lp_span sp = { NULL, 0, 0, 0, 0 };
	va_list ap;
	sp.file = tmpl_file(p->r, p->t);
	locate(p, off, &sp.line, &sp.col);
	sp.end_line = sp.line;
	sp.end_col = sp.col;
	va_start(ap, fmt);
	vreport(p->r, LP_MUSTACHE_RULE, &sp, fmt, ap);
	va_end(ap);
	p->r->stop = 1;
}

static const char *find(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	size_t i;
	if (nlen == 0 || haylen < nlen)
		return NULL;
	for (i = 0; i + nlen <= haylen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s))
		(*s)++, (*len)--;
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

/* Longer delimiters buy nothing and make the naive search quadratic. */
#define DELIM_MAX 16

/* {{=<% %>=}}: two non-empty delimiters without whitespace or '='. */
static int parse_delims(const char *s, size_t len, const char **o, size_t *olen, const char **c, size_t *clen)
{
	size_t i = 0, j;
	trim(&s, &len);
	while (i < len && !is_space(s[i]))
		i++;
	*o = s;
	*olen = i;
	j = i;
	while (j < len && is_space(s[j]))
		j++;
	*c = s + j;
	*clen = len - j;
	if (!*olen || !*clen || j == i || *olen > DELIM_MAX || *clen > DELIM_MAX)
		return -1;
	for (i = 0; i < *clen; i++)
		if (is_space((*c)[i]))
			return -1;
	if (memchr(*o, '=', *olen) || memchr(*c, '=', *clen))
		return -1;
	return 0;
}

/*
 * LP_ESCAPE_ATHENA_DDL reads the context of each tag from the template text
 * before it, as Hive's lexer would: inside '...' or "..." (where a backslash
 * escapes the next character) a value is a string literal, inside `...` an
 * identifier, elsewhere (a -- comment included) it must be a bare word.
 */
typedef enum { SQL_OUT, SQL_STRING, SQL_IDENT, SQL_COMMENT } sql_state;

typedef struct sql_scan {
	sql_state state;
	char close;      /* the quote that ends SQL_STRING */
	int escaped;     /* SQL_STRING: the previous character was a backslash */
} sql_scan;

static void sql_scan_text(sql_scan *q, const char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char c = p[i];
		switch (q->state) {
		case SQL_OUT:
			if (c == '\'' || c == '"') {
				q->state = SQL_STRING;
				q->close = c;
			} else if (c == '`') {
				q->state = SQL_IDENT;
			} else if (c == '-' && i + 1 < n && p[i + 1] == '-') {
				q->state = SQL_COMMENT;
				i++;
			}
			break;
		case SQL_STRING:
			if (q->escaped)
				q->escaped = 0;
			else if (c == '\\')
				q->escaped = 1;
			else if (c == q->close)
				q->state = SQL_OUT;
			break;
		case SQL_IDENT:
			if (c == '`')
				q->state = SQL_OUT;
			break;
		case SQL_COMMENT:
			if (c == '\n')
				q->state = SQL_OUT;
			break;
		}
	}
}

static lp_escaper tag_escaper(const renderer *r, const sql_scan *q)
{
	if (r->o->escaper != LP_ESCAPE_ATHENA_DDL)
		return r->o->escaper;
	return q->state == SQL_STRING ? LP_ESCAPE_SQL_STRING : LP_ESCAPE_SQL_IDENT;
}

/* Parses t->src into t->v. Syntax errors are findings and set r->stop. */
static void parse(renderer *r, tmpl *t)
{
	parser p;
	const char *src = t->src;
	size_t len = t->len, pos = 0;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	int at_line_start = 1;
	sql_scan q = { SQL_OUT, 0, 0 };
	memset(&p, 0, sizeof(p));
	p.r = r;
	p.t = t;
	p.cur_line = 1;
	p.cur_col = 1;

	while (pos < len && !r->stop) {
		const char *o = find(src + pos, len - pos, otag, olen);
		size_t tag, body, close, tag_end, ls, te, next;
		const char *name;
		size_t nlen;
		char type = 0;
		int standalone;
		if (!o) {
			text_add(&p, pos, len);
			break;
		}
		tag = (size_t)(o - src);
		sql_scan_text(&q, src + pos, tag - pos);
		body = tag + olen;
		if (body < len && src[body] && strchr("#^/!>={&", src[body]))
			type = src[body];
		{
			/* {{{x}}} and {{=a b=}} close with their own character before the delimiter. */
			char want = type == '{' ? '}' : type == '=' ? '=' : 0;
			size_t from = body + (type ? 1 : 0);
			const char *c = NULL;
			while (from <= len) {
				c = find(src + from, len - from, ctag, clen);
				if (!c || !want)
					break;
				if ((size_t)(c - src) > body + 1 && c[-1] == want)
					break;
				from = (size_t)(c - src) + 1;
				c = NULL;
			}
			if (!c) {
				syntax_error(&p, tag, "unclosed tag: no '%.*s' after '%.*s'", (int)clen, ctag,
					(int)olen, otag);
				break;
			}
			close = (size_t)(c - src);
			tag_end = close + clen;
			if (want)
				close--;
		}
		name = src + body + (type ? 1 : 0);
		nlen = close - (size_t)(name - src);
		trim(&name, &nlen);

		/* Standalone: only blanks around the tag on its line (spec "Standalone" cases). */
		ls = tag;
		while (ls > pos && is_blank(src[ls - 1]))
			ls--;
		te = tag_end;
		while (te < len && is_blank(src[te]))
			te++;
		standalone = type && type != '{' && type != '&' &&
			((ls > pos && src[ls - 1] == '\n') || (ls == pos && at_line_start)) &&
			(te == len || src[te] == '\n' || (src[te] == '\r' && te + 1 < len && src[te + 1] == '\n'));
		if (standalone) {
			text_add(&p, pos, ls);
			next = te == len ? len : te + (src[te] == '\r' ? 2 : 1);
		} else {
			text_add(&p, pos, tag);
			next = tag_end;
		}
		at_line_start = standalone;

		switch (type) {
		case '!':
			break;
		case '=':
			if (parse_delims(name, nlen, &otag, &olen, &ctag, &clen) < 0)
				syntax_error(&p, tag, "bad delimiter tag: expected two delimiters of at most 16 characters, without spaces or '='");
			break;
		case '/':
			if (!p.nopen) {
				syntax_error(&p, tag, "closing tag '%.*s' has no open section", (int)nlen, name);
			} else {
				tok *open = &t->v[p.open[p.nopen - 1]];
				if (open->len != nlen || memcmp(open->s, name, nlen) != 0) {
					syntax_error(&p, tag, "closing tag '%.*s' does not match section '%.*s' opened at %u:%u",
						(int)nlen, name, (int)open->len, open->s, open->line, open->col);
				} else {
					open->end = t->n;
					p.nopen--;
				}
			}
			break;
		default: {
			tok *k;
			tok_kind kind = type == '#' ? TOK_SECTION : type == '^' ? TOK_INVERTED : type == '>' ? TOK_PARTIAL
				: (type == '{' || type == '&') ? TOK_RAW : TOK_VAR;
			if (!nlen) {
				syntax_error(&p, tag, "empty tag name");
				break;
			}
			if ((kind == TOK_SECTION || kind == TOK_INVERTED) && p.nopen >= r->max_depth) {
				syntax_error(&p, tag, "sections nested deeper than %u", r->max_depth);
				break;
			}
			k = tok_add(&p, kind, name, nlen);
			locate(&p, tag, &k->line, &k->col);
			k->esc = tag_escaper(r, &q);
			k->quote = r->o->escaper == LP_ESCAPE_ATHENA_DDL && q.state == SQL_STRING ? q.close : 0;
			if (kind == TOK_PARTIAL && standalone) {
				k->indent = src + ls;
				k->indent_len = tag - ls;
			}
			if (kind == TOK_SECTION || kind == TOK_INVERTED) {
				if (p.nopen == p.capopen) {
					p.capopen = p.capopen ? p.capopen * 2 : 8;
					p.open = lp_realloc(p.open, p.capopen * sizeof(*p.open));
				}
				p.open[p.nopen++] = t->n - 1;
			}
			break;
		}
		}
		pos = next;
	}
	if (!r->stop && p.nopen) {
		tok *open = &t->v[p.open[p.nopen - 1]];
		lp_span sp = { NULL, 0, 0, 0, 0 };
		sp.file = tmpl_file(r, t);
		sp.line = sp.end_line = open->line;
		sp.col = sp.end_col = open->col;
		report(r, LP_MUSTACHE_RULE, &sp, "section '%.*s' is never closed", (int)open->len, open->s);
		r->stop = 1;
	}
	lp_free(p.open);
}

/* ---- rendering ---- */

static int too_big(renderer *r)
{
	if (r->out->toobig || r->out->size - r->out_start > r->max_output) {
		lp_error_set(LP_ERROR_INVALID, "template output exceeds %zu bytes", r->max_output);
		return LP_ETOOBIG;
	}
	return 0;
}

static void push(renderer *r, const lp_value *v)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->stack = lp_realloc(r->stack, r->cap * sizeof(*r->stack));
	}
	r->stack[r->n++] = v;
}

/*
 * The spec's name resolution: "." is the top of the stack; otherwise the first
 * part of a dotted name is looked up from the top of the stack down, and the
 * rest only inside what it found (so a broken chain is a miss, not a lookup
 * in an outer context). NULL when the name does not resolve.
 */
static const lp_value *resolve(const renderer *r, const char *name, size_t len)
{
	const lp_value *v = NULL;
	size_t seg, i;
	if (len == 1 && name[0] == '.')
		return r->n ? r->stack[r->n - 1] : NULL;
	for (seg = 0; seg < len && name[seg] != '.'; seg++)
		;
	for (i = r->n; i-- > 0;) {
		v = lp_value_map_getn(r->stack[i], name, seg);
		if (v)
			break;
	}
	while (v && seg < len) {
		size_t start = seg + 1, end = start;
		while (end < len && name[end] != '.')
			end++;
		v = lp_value_map_getn(v, name + start, end - start);
		seg = end;
	}
	return v;
}

static const char *kind_name(lp_value_kind k)
{
	return k == LP_VALUE_LIST ? "a list" : "a map";
}

static int render_range(renderer *r, const tmpl *t, size_t from, size_t to);

/* A refused value as one readable line: control characters as \n or \xNN, cut at 120 bytes. */
static void show_value(lp_buf *out, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len && i < 120; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			lp_buf_puts(out, "\\n");
		else if (c == '\r')
			lp_buf_puts(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			lp_buf_printf(out, "\\x%02x", c);
		else
			lp_buf_putc(out, (char)c);
	}
	if (len > 120)
		lp_buf_puts(out, "...");
}

/* 1 when only blanks follow the last line break of `out` (or its start). */
static int at_line_start(const lp_buf *out)
{
	size_t i = out->size;
	while (i > 0 && (out->ptr[i - 1] == ' ' || out->ptr[i - 1] == '\t'))
		i--;
	return i == 0 || out->ptr[i - 1] == '\n';
}

static int interpolate(renderer *r, const tmpl *t, const tok *k)
{
	const lp_value *v = resolve(r, k->s, k->len);
	lp_buf text = LP_BUF_INIT;
	const char *why = NULL;
	int rc;
	if (!v) {
		if (r->o->strict)
			finding(r, t, k, NULL, "'%.*s' is not defined", (int)k->len, k->s);
		return 0;
	}
	if (v->kind == LP_VALUE_LIST || v->kind == LP_VALUE_MAP) {
		if (r->o->strict)
			finding(r, t, k, NULL, "'%.*s' is %s, not text", (int)k->len, k->s, kind_name(v->kind));
		return 0;
	}
	if (lp_value_to_text(&text, v) < 0) {
		lp_buf_release(&text);
		return too_big(r);
	}
	if (k->kind == TOK_RAW) {
		rc = lp_buf_put(r->out, text.ptr, text.size) < 0 ? -1 : 0;
	} else if (k->quote == '"' && memchr(text.ptr, '"', text.size)) {
		/* sql-string leaves " as written (AWS's ALB regex reads best that way) */
		why = "a double quote would end the \"...\" literal";
		rc = LP_ESCAPE_REFUSED;
	} else if (k->esc == LP_ESCAPE_FLB_VALUE && text.size && strchr("@[#", text.ptr[0]) && at_line_start(r->out)) {
		why = "at the start of a line Fluent Bit reads '@' as a directive, '[' as a section and '#' as a comment";
		rc = LP_ESCAPE_REFUSED;
	} else {
		rc = lp_escape(r->out, k->esc, text.ptr, text.size, &why);
	}
	if (rc == LP_ESCAPE_REFUSED) {
		lp_buf shown = LP_BUF_INIT;
		show_value(&shown, text.ptr, text.size);
		finding(r, t, k, v, "'%s' cannot be written as %s: %s", shown.ptr,
			lp_escaper_context(k->esc), why ? why : "refused");
		lp_buf_release(&shown);
		rc = 0;
	}
	lp_buf_release(&text);
	(void)rc; /* an escaper fails only when `out` hits its cap, which too_big reports */
	return too_big(r);
}

static int section(renderer *r, const tmpl *t, size_t i)
{
	const tok *k = &t->v[i];
	const lp_value *v = resolve(r, k->s, k->len);
	int rc = 0;
	size_t j;
	if (!v && r->o->strict)
		finding(r, t, k, NULL, "section '%.*s' is not defined", (int)k->len, k->s);
	if (k->kind == TOK_INVERTED)
		return lp_value_truthy(v) ? 0 : render_range(r, t, i + 1, k->end);
	if (!lp_value_truthy(v))
		return 0;
	if (v->kind == LP_VALUE_LIST) {
		for (j = 0; j < v->u.list.n && rc == 0 && !r->stop; j++) {
			push(r, v->u.list.v[j]);
			rc = render_range(r, t, i + 1, k->end);
			r->n--;
		}
		return rc;
	}
	push(r, v);
	rc = render_range(r, t, i + 1, k->end);
	r->n--;
	return rc;
}

/* The spec indents every line of a standalone partial's template, not of its output. */
static void indent_lines(lp_buf *out, const char *s, size_t len, const char *indent, size_t ilen)
{
	size_t i, run = 0;
	lp_buf_put(out, indent, ilen);
	for (i = 0; i < len; i++) {
		if (s[i] == '\n' && i + 1 < len) {
			lp_buf_put(out, s + run, i + 1 - run);
			lp_buf_put(out, indent, ilen);
			run = i + 1;
		}
	}
	lp_buf_put(out, s + run, len - run);
}

static void partial_entry_free(partial_entry *e)
{
	lp_free(e->name);
	lp_free(e->indent);
	lp_buf_release(&e->src);
	lp_free(e->t.v);
	lp_free(e);
}

/* Forgets every loaded partial (no render may be using them). */
static void partials_clear(lp_mustache_template *tpl)
{
	size_t i;
	for (i = 0; i < tpl->npartials; i++)
		partial_entry_free(tpl->partials[i]);
	tpl->npartials = 0;
	lp_strmap_release(&tpl->partial_index); /* leaves it empty and usable */
}

/*
 * A partial is loaded and parsed once per template for each indentation it
 * is used with; a loop over a list, a recursive partial or the next render of
 * the same template then costs a lookup per use, and a syntax error in it is
 * reported once per render. Budgets stay those of one render: an entry counts
 * against the cap and its parse against the steps at its first use in each
 * render, as if it had been loaded then.
 */
static partial_entry *partial_get(renderer *r, const tok *k, int *rc)
{
	lp_mustache_template *tpl = r->tpl;
	partial_entry *e;
	lp_buf key = LP_BUF_INIT;
	*rc = 0;
	/*
	 * An indented partial that includes itself at another indentation
	 * makes a new entry per level and per path: found by hash, not by a
	 * scan that made a hostile template quadratic, and capped so that
	 * their copies cannot fill memory within the step limit.
	 */
	lp_buf_put(&key, k->s, k->len);
	lp_buf_putc(&key, '\0');
	lp_buf_put(&key, k->indent ? k->indent : "", k->indent_len);
	e = lp_strmap_get(&tpl->partial_index, key.ptr, key.size);
	if (e && e->used_in == r->seq) {
		lp_buf_release(&key);
		return e;
	}
	if (r->nused >= MAX_PARTIAL_ENTRIES) {
		lp_buf_release(&key);
		lp_error_set(LP_ERROR_INVALID, "template uses partials at more than %d indentations",
			MAX_PARTIAL_ENTRIES);
		*rc = LP_ETOOBIG;
		return NULL;
	}
	if (!e) {
		e = lp_calloc(1, sizeof(*e));
		lp_strmap_set(&tpl->partial_index, key.ptr, key.size, e);
		e->name = lp_strndup(k->s, k->len);
		e->indent = lp_strndup(k->indent ? k->indent : "", k->indent_len);
		e->indent_len = k->indent_len;
		lp_buf_init(&e->src);
		if (tpl->npartials == tpl->cappartials) {
			tpl->cappartials = tpl->cappartials ? tpl->cappartials * 2 : 8;
			tpl->partials = lp_realloc(tpl->partials, tpl->cappartials * sizeof(*tpl->partials));
		}
		tpl->partials[tpl->npartials++] = e;
	}
	lp_buf_release(&key);
	e->used_in = r->seq;
	r->nused++;
	if (e->ready) {
		if (!e->missing)
			r->steps += e->src.size / 16; /* what parsing it cost the render that loaded it */
		return e;
	}

	/* Never loaded, or an earlier render failed to: start again from nothing. */
	lp_buf_release(&e->src);
	lp_free(e->t.v);
	memset(&e->t, 0, sizeof(e->t));
	e->missing = 0;
	*rc = tpl->o.partial ? tpl->o.partial(&e->src, e->name, tpl->o.payload) : LP_ENOTFOUND;
	if (*rc == LP_ENOTFOUND) {
		e->missing = 1;
		e->ready = 1;
		*rc = 0;
		return e;
	}
	if (*rc < 0)
		return e;
	if (k->indent_len) {
		lp_buf ind = LP_BUF_INIT;
		indent_lines(&ind, e->src.ptr, e->src.size, k->indent, k->indent_len);
		lp_buf_release(&e->src);
		e->src = ind;
	}
	if (e->src.toobig) {
		lp_error_set(LP_ERROR_INVALID, "partial '%s' is too large", e->name);
		*rc = LP_ETOOBIG;
		return e;
	}
	e->t.name = e->name;
	e->t.src = e->src.ptr;
	e->t.len = e->src.size;
	r->steps += e->src.size / 16; /* parsing is work too */
	parse(r, &e->t);
	/* Rendering stops at any finding, so before the parse there was none: any now is a syntax error. */
	e->ready = !r->stop;
	return e;
}

static int partial(renderer *r, const tmpl *t, const tok *k)
{
	partial_entry *e;
	int rc;
	if (r->depth >= r->max_depth) {
		finding(r, t, k, NULL, "partial '%.*s' nested deeper than %u (recursive partial?)", (int)k->len, k->s,
			r->max_depth);
		return 0;
	}
	e = partial_get(r, k, &rc);
	if (rc < 0 || r->stop)
		return rc;
	if (e->missing) {
		if (r->o->strict)
			finding(r, t, k, NULL, "partial '%s' not found", e->name);
		return 0;
	}
	r->depth++;
	rc = render_range(r, &e->t, 0, e->t.n);
	r->depth--;
	return rc;
}

static int render_range(renderer *r, const tmpl *t, size_t from, size_t to)
{
	size_t i;
	int rc = 0;
	for (i = from; i < to && rc == 0 && !r->stop; i++) {
		const tok *k = &t->v[i];
		if (++r->steps > r->max_steps) {
			lp_error_set(LP_ERROR_INVALID, "template expansion exceeds %zu steps", r->max_steps);
			return LP_ETOOBIG;
		}
		switch (k->kind) {
		case TOK_TEXT:
			lp_buf_put(r->out, k->s, k->len);
			rc = too_big(r);
			break;
		case TOK_VAR:
		case TOK_RAW:
			rc = interpolate(r, t, k);
			break;
		case TOK_SECTION:
		case TOK_INVERTED:
			rc = section(r, t, i);
			i = k->end - 1;
			break;
		case TOK_PARTIAL:
			rc = partial(r, t, k);
			break;
		}
	}
	return rc;
}

static void renderer_init(renderer *r, lp_buf *out, lp_mustache_template *tpl, lp_diag *d)
{
	const lp_mustache_opts *o = &tpl->o;
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->out_start = out ? out->size : 0;
	r->max_output = o->max_output ? o->max_output : LP_MUSTACHE_MAX_OUTPUT;
	r->max_steps = o->max_steps ? o->max_steps : LP_MUSTACHE_MAX_STEPS;
	r->max_depth = o->max_depth ? o->max_depth : LP_MUSTACHE_MAX_DEPTH;
	r->o = o;
	r->d = d;
	r->tpl = tpl;
}

int lp_mustache_parse(lp_mustache_template **out, const char *tmpl_text, size_t len, const lp_mustache_opts *o,
	lp_diag *d)
{
	static const lp_mustache_opts defaults = LP_MUSTACHE_OPTS_INIT;
	lp_mustache_template *tpl;
	renderer r;
	LP_ASSERT_ARG(out && (tmpl_text || !len) && d);
	*out = NULL;
	if (!o)
		o = &defaults;
	LP_ASSERT_ARG(o->version == LP_MUSTACHE_OPTS_VERSION);
	tpl = lp_calloc(1, sizeof(*tpl));
	tpl->o = *o;
	tpl->t.name = o->name ? o->name : "<template>";
	tpl->t.src = tmpl_text ? tmpl_text : "";
	tpl->t.len = len;
	renderer_init(&r, NULL, tpl, d);
	parse(&r, &tpl->t);
	if (r.stop) {
		lp_mustache_template_free(tpl);
		return 1;
	}
	*out = tpl;
	return 0;
}

int lp_mustache_template_render(lp_buf *out, lp_mustache_template *tpl, const lp_value *ctx, lp_diag *d)
{
	renderer r;
	int rc;
	LP_ASSERT_ARG(out && tpl && d);
	/*
	 * Entries only a few renders reached would otherwise pile up over
	 * thousands of renders of a hostile template; each render can still
	 * load its own MAX_PARTIAL_ENTRIES.
	 */
	if (tpl->npartials > MAX_PARTIAL_ENTRIES)
		partials_clear(tpl);
	renderer_init(&r, out, tpl, d);
	r.seq = ++tpl->renders;
	if (ctx)
		push(&r, ctx);
	rc = render_range(&r, &tpl->t, 0, tpl->t.n);
	lp_free(r.stack);
	lp_free(r.seen);
	if (rc < 0)
		return rc;
	return r.findings ? 1 : 0;
}

void lp_mustache_template_free(lp_mustache_template *tpl)
{
	if (!tpl)
		return;
	partials_clear(tpl);
	lp_free(tpl->partials);
	lp_free(tpl->t.v);
	lp_free(tpl);
}

int lp_mustache_render(lp_buf *out, const char *tmpl_text, size_t len, const lp_value *ctx,
	const lp_mustache_opts *o, lp_diag *d)
{
	lp_mustache_template *tpl;
	int rc;
	LP_ASSERT_ARG(out && (tmpl_text || !len) && d);
	if ((rc = lp_mustache_parse(&tpl, tmpl_text, len, o, d)) != 0)
		return rc;
	rc = lp_mustache_template_render(out, tpl, ctx, d);
	lp_mustache_template_free(tpl);
	return rc;
}
