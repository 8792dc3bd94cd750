#include "read/ddl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/mem.h"

/* Nesting of array/map/struct types; deeper input is a finding, not a stack overflow. */
#define DDL_MAX_TYPE_DEPTH 64

typedef enum {
	TK_EOF,
	TK_WORD,   /* bare identifier or keyword */
	TK_QIDENT, /* `back-quoted` */
	TK_STRING, /* '...' or "..." */
	TK_NUMBER,
	TK_PUNCT,
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *text; /* decoded, NUL-terminated, in the arena */
	char punct;
	lp_span span;
	size_t off;       /* byte offset of the first character */
	size_t end;       /* byte offset one past the last character */
} tok;

typedef struct parser {
	lp_ddl_file *f;
	lp_diag *d;
	const char *src;
	size_t len, pos;
	unsigned line, col;
	tok *toks;
	size_t ntoks, atoks, at;
	size_t tok_start;     /* offset of the token being lexed */
	size_t ignores_cap;
} parser;

/* ---- lexer ---- */

static void advance(parser *p)
{
	if (p->src[p->pos] == '\n') {
		p->line++;
		p->col = 1;
	} else if (((unsigned char)p->src[p->pos] & 0xC0) != 0x80) {
		p->col++; /* columns count code points, like the YAML loader's (UTF-8 continuation bytes add none) */
	}
	p->pos++;
}

static lp_span here(const parser *p)
{
	lp_span s = { p->f->path, p->line, p->col, p->line, p->col };
	return s;
}

static void syntax(parser *p, const lp_span *sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void syntax(parser *p, const lp_span *sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lp_diag_vadd(p->d, LP_SEV_ERROR, "LP-DDL-SYNTAX", sp, NULL, fmt, ap);
	va_end(ap);
}

static void read_ignore(parser *p, const char *text, size_t n, lp_span sp)
{
	lp_text_ignore ig;
	if (!lp_text_ignore_parse(&ig, &p->f->arena, text, n, &sp))
		return;
	p->f->ignores = lp_text_vec_push(&p->f->arena, p->f->ignores, &p->f->nignores, &p->ignores_cap,
		sizeof(lp_text_ignore));
	p->f->ignores[p->f->nignores - 1] = ig;
}

static tok *new_tok(parser *p, tok_kind k, lp_span sp)
{
	tok *t;
	if (p->ntoks == p->atoks) {
		p->atoks = p->atoks ? p->atoks * 2 : 64;
		p->toks = lp_realloc(p->toks, p->atoks * sizeof(tok));
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->span = sp;
	t->off = p->tok_start;
	return t;
}

static void finish(parser *p, tok *t)
{
	t->span.end_line = p->line;
	t->span.end_col = p->col; /* one past the token, as lp_span says */
	t->end = p->pos;
}

static void lex_string(parser *p, lp_span sp)
{
	char q = p->src[p->pos];
	lp_buf b = LP_BUF_INIT;
	tok *t;
	advance(p);
	while (p->pos < p->len && p->src[p->pos] != q) {
		char c = p->src[p->pos];
		if (c == '\\' && p->pos + 1 < p->len) {
			char e = p->src[p->pos + 1];
			const char *rep = NULL;
			switch (e) {
			case '\'': rep = "'"; break;
			case '"': rep = "\""; break;
			case '\\': rep = "\\"; break;
			case 'n': rep = "\n"; break;
			case 't': rep = "\t"; break;
			case 'r': rep = "\r"; break;
			case 'b': rep = "\b"; break;
			case 'Z': rep = "\032"; break;
			case '0': lp_buf_putc(&b, '\0'); break;
			default: break;
			}
			if (rep)
				lp_buf_puts(&b, rep);
			else if (e != '0')
				lp_buf_put(&b, p->src + p->pos, 2);
			advance(p);
			advance(p);
			continue;
		}
		lp_buf_putc(&b, c);
		advance(p);
	}
	if (p->pos >= p->len)
		syntax(p, &sp, "unterminated string literal"); /* still a string, so the parser does not report it twice */
	else
		advance(p);
	t = new_tok(p, TK_STRING, sp);
	/* An embedded NUL from \0 truncates the C string; the value is kept up to it. */
	t->text = lp_arena_strndup(&p->f->arena, b.ptr, b.size);
	finish(p, t);
	lp_buf_release(&b);
}

static void lex_qident(parser *p, lp_span sp)
{
	lp_buf b = LP_BUF_INIT;
	tok *t;
	advance(p);
	for (;;) {
		if (p->pos >= p->len) {
			syntax(p, &sp, "unterminated back-quoted identifier");
			lp_buf_release(&b);
			return;
		}
		if (p->src[p->pos] == '`') {
			if (p->pos + 1 < p->len && p->src[p->pos + 1] == '`') {
				lp_buf_putc(&b, '`');
				advance(p);
				advance(p);
				continue;
			}
			advance(p);
			break;
		}
		lp_buf_putc(&b, p->src[p->pos]);
		advance(p);
	}
	t = new_tok(p, TK_QIDENT, sp);
	t->text = lp_arena_strndup(&p->f->arena, b.ptr, b.size);
	finish(p, t);
	lp_buf_release(&b);
}

static int lex(parser *p)
{
	while (p->pos < p->len) {
		char c = p->src[p->pos];
		lp_span sp = here(p);
		p->tok_start = p->pos;
		if (isspace((unsigned char)c)) {
			advance(p);
		} else if ((c == '-' && p->pos + 1 < p->len && p->src[p->pos + 1] == '-') || c == '#') {
			size_t start = p->pos + (c == '#' ? 1 : 2);
			while (p->pos < p->len && p->src[p->pos] != '\n')
				advance(p);
			sp.end_col = p->col;
			read_ignore(p, p->src + start, p->pos - start, sp);
		} else if (c == '/' && p->pos + 1 < p->len && p->src[p->pos + 1] == '*') {
			size_t start = p->pos + 2;
			advance(p);
			advance(p);
			while (p->pos < p->len && !(p->src[p->pos] == '*' && p->pos + 1 < p->len && p->src[p->pos + 1] == '/'))
				advance(p);
			if (p->pos >= p->len) {
				syntax(p, &sp, "unterminated /* comment");
				break;
			}
			read_ignore(p, p->src + start, p->pos - start, sp);
			advance(p);
			advance(p);
		} else if (c == '\'' || c == '"') {
			lex_string(p, sp);
		} else if (c == '`') {
			lex_qident(p, sp);
		} else if (isalpha((unsigned char)c) || c == '_') {
			size_t start = p->pos;
			tok *t;
			while (p->pos < p->len && (isalnum((unsigned char)p->src[p->pos]) || p->src[p->pos] == '_'))
				advance(p);
			t = new_tok(p, TK_WORD, sp);
			t->text = lp_arena_strndup(&p->f->arena, p->src + start, p->pos - start);
			finish(p, t);
		} else if (isdigit((unsigned char)c)) {
			size_t start = p->pos;
			tok *t;
			while (p->pos < p->len && (isalnum((unsigned char)p->src[p->pos]) || p->src[p->pos] == '_'))
				advance(p);
			t = new_tok(p, TK_NUMBER, sp);
			t->text = lp_arena_strndup(&p->f->arena, p->src + start, p->pos - start);
			finish(p, t);
		} else if (c != '\0' && strchr("(),<>:;=.[]*+-/%|!&^~?{}@$\\", c)) {
			/* every SQL operator is a token of its own: queries of CTAS and views are skipped token by token */
			tok *t = new_tok(p, TK_PUNCT, sp);
			t->punct = c;
			t->text = lp_arena_strndup(&p->f->arena, &c, 1);
			advance(p);
			finish(p, t);
		} else {
			char ch[2] = { c, 0 };
			if (c == '\0' || !isprint((unsigned char)c))
				lp_diag_error(p->d, "LP-DDL-SYNTAX", &sp, NULL, "unexpected byte 0x%02x", (unsigned)(unsigned char)c);
			else
				syntax(p, &sp, "unexpected character '%s'", ch);
			advance(p);
		}
	}
	p->tok_start = p->pos;
	new_tok(p, TK_EOF, here(p))->text = "";
	return 0;
}

/* ---- parser ---- */

static tok *peek(parser *p)
{
	return &p->toks[p->at];
}

static tok *peek2(parser *p)
{
	return p->at + 1 < p->ntoks ? &p->toks[p->at + 1] : &p->toks[p->ntoks - 1];
}

static tok *next(parser *p)
{
	tok *t = &p->toks[p->at];
	if (t->kind != TK_EOF)
		p->at++;
	return t;
}

static int is_kw(const tok *t, const char *kw)
{
	return t->kind == TK_WORD && !strcasecmp(t->text, kw);
}

static int is_punct(const tok *t, char c)
{
	return t->kind == TK_PUNCT && t->punct == c;
}

static const char *describe(const tok *t)
{
	return t->kind == TK_EOF ? "end of input" : t->text;
}

static int expected(parser *p, const char *what)
{
	tok *t = peek(p);
	lp_diag_error(p->d, "LP-DDL-SYNTAX", &t->span, NULL, "expected %s, found '%s'", what, describe(t));
	return -1;
}

static int expect_kw(parser *p, const char *kw)
{
	if (!is_kw(peek(p), kw))
		return expected(p, kw);
	next(p);
	return 0;
}

static int expect_punct(parser *p, char c)
{
	char what[4] = { '\'', c, '\'', 0 };
	if (!is_punct(peek(p), c))
		return expected(p, what);
	next(p);
	return 0;
}

static int expect_string(parser *p, tok **out)
{
	if (peek(p)->kind != TK_STRING)
		return expected(p, "a string literal");
	*out = next(p);
	return 0;
}

/* An optional `kw 'string'`: the string at *out when `kw` is next, else *out NULL. */
static int accept_kw_string(parser *p, const char *kw, tok **out)
{
	*out = NULL;
	if (!is_kw(peek(p), kw))
		return 0;
	next(p);
	return expect_string(p, out);
}

static int parse_name(parser *p, tok **out, int *quoted)
{
	tok *t = peek(p);
	if (t->kind != TK_WORD && t->kind != TK_QIDENT)
		return expected(p, "a name");
	*quoted = t->kind == TK_QIDENT;
	*out = next(p);
	return 0;
}

static int parse_type(parser *p, lp_ddl_type **out, unsigned depth);

static int parse_long(parser *p, long *out)
{
	tok *t = peek(p);
	char *end;
	if (t->kind != TK_NUMBER)
		return expected(p, "a number");
	*out = strtol(t->text, &end, 10);
	if (*end)
		return expected(p, "a decimal number");
	next(p);
	return 0;
}

static int parse_struct_fields(parser *p, lp_ddl_type *ty, unsigned depth)
{
	size_t cap = 0;
	if (is_punct(peek(p), '>'))
		return expected(p, "a struct field");
	for (;;) {
		tok *name, *s;
		int quoted;
		lp_ddl_column *c;
		if (parse_name(p, &name, &quoted) < 0 || expect_punct(p, ':') < 0)
			return -1;
		ty->fields = lp_text_vec_push(&p->f->arena, ty->fields, &ty->nfields, &cap, sizeof(lp_ddl_column));
		c = &ty->fields[ty->nfields - 1];
		c->name = name->text;
		c->quoted = quoted;
		c->span = name->span;
		if (parse_type(p, &c->type, depth + 1) < 0)
			return -1;
		if (accept_kw_string(p, "COMMENT", &s) < 0)
			return -1;
		if (s)
			c->comment = s->text;
		if (!is_punct(peek(p), ','))
			break;
		next(p);
	}
	return 0;
}

static int parse_type(parser *p, lp_ddl_type **out, unsigned depth)
{
	tok *t = peek(p);
	lp_ddl_type *ty;
	char *lower;
	size_t i;
	if (depth >= DDL_MAX_TYPE_DEPTH) {
		lp_diag_error(p->d, "LP-DDL-SYNTAX", &t->span, NULL, "type nested deeper than %d levels", DDL_MAX_TYPE_DEPTH);
		return -1;
	}
	if (t->kind != TK_WORD)
		return expected(p, "a type");
	next(p);
	ty = lp_arena_alloc(&p->f->arena, sizeof(*ty));
	*out = ty;
	ty->span = t->span;
	lower = lp_arena_strdup(&p->f->arena, t->text);
	for (i = 0; lower[i]; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	ty->name = lower;
	if (!strcmp(lower, "array")) {
		ty->kind = LP_DDL_TYPE_ARRAY;
		if (expect_punct(p, '<') < 0 || parse_type(p, &ty->elem, depth + 1) < 0)
			return -1;
	} else if (!strcmp(lower, "map")) {
		ty->kind = LP_DDL_TYPE_MAP;
		if (expect_punct(p, '<') < 0 || parse_type(p, &ty->key, depth + 1) < 0 ||
		    expect_punct(p, ',') < 0 || parse_type(p, &ty->value, depth + 1) < 0)
			return -1;
	} else if (!strcmp(lower, "struct")) {
		ty->kind = LP_DDL_TYPE_STRUCT;
		if (expect_punct(p, '<') < 0 || parse_struct_fields(p, ty, depth) < 0)
			return -1;
	} else {
		ty->kind = LP_DDL_TYPE_PRIMITIVE;
		if (is_punct(peek(p), '(')) {
			next(p);
			if (parse_long(p, &ty->params[0]) < 0)
				return -1;
			ty->nparams = 1;
			if (is_punct(peek(p), ',')) {
				next(p);
				if (parse_long(p, &ty->params[1]) < 0)
					return -1;
				ty->nparams = 2;
			}
			if (expect_punct(p, ')') < 0)
				return -1;
		}
		goto done;
	}
	if (expect_punct(p, '>') < 0)
		return -1;
done:
	ty->span.end_line = p->toks[p->at - 1].span.end_line;
	ty->span.end_col = p->toks[p->at - 1].span.end_col;
	return 0;
}

/* `(name type [COMMENT '...'], ...)`; with `types_optional`, Iceberg's bare partition names pass. */
static int parse_columns(parser *p, lp_ddl_column **arr, size_t *n, int types_optional)
{
	size_t cap = 0;
	if (expect_punct(p, '(') < 0)
		return -1;
	for (;;) {
		tok *name, *s;
		int quoted;
		lp_ddl_column *c;
		if (parse_name(p, &name, &quoted) < 0)
			return -1;
		*arr = lp_text_vec_push(&p->f->arena, *arr, n, &cap, sizeof(lp_ddl_column));
		c = &(*arr)[*n - 1];
		c->name = name->text;
		c->quoted = quoted;
		c->span = name->span;
		if (types_optional && (is_punct(peek(p), ',') || is_punct(peek(p), ')') || is_punct(peek(p), '('))) {
			/* a transform such as bucket(16, id): skip its arguments */
			if (is_punct(peek(p), '(')) {
				int level = 0;
				do {
					tok *t = next(p);
					if (is_punct(t, '('))
						level++;
					else if (is_punct(t, ')'))
						level--;
					else if (t->kind == TK_EOF)
						return expected(p, "')'");
				} while (level > 0);
			}
		} else if (parse_type(p, &c->type, 0) < 0) {
			return -1;
		}
		if (accept_kw_string(p, "COMMENT", &s) < 0)
			return -1;
		if (s)
			c->comment = s->text;
		if (is_punct(peek(p), ')'))
			break;
		if (expect_punct(p, ',') < 0)
			return -1;
	}
	next(p);
	return 0;
}

/* Appends key = value with their spans; the value's offset lets a check map regex offsets to columns. */
static lp_ddl_prop *push_prop(parser *p, lp_ddl_prop **arr, size_t *n, size_t *cap, const tok *k, const tok *v)
{
	lp_ddl_prop *pr;
	*arr = lp_text_vec_push(&p->f->arena, *arr, n, cap, sizeof(lp_ddl_prop));
	pr = &(*arr)[*n - 1];
	pr->key = k->text;
	pr->value = v->text;
	pr->key_span = k->span;
	pr->value_span = v->span;
	pr->value_offset = v->off;
	pr->value_end = v->end;
	return pr;
}

static int parse_props(parser *p, lp_ddl_prop **arr, size_t *n)
{
	size_t cap = *n;
	if (expect_punct(p, '(') < 0)
		return -1;
	if (is_punct(peek(p), ')')) {
		next(p);
		return 0;
	}
	for (;;) {
		tok *k, *v;
		if (expect_string(p, &k) < 0 || expect_punct(p, '=') < 0 || expect_string(p, &v) < 0)
			return -1;
		push_prop(p, arr, n, &cap, k, v);
		if (is_punct(peek(p), ')'))
			break;
		if (expect_punct(p, ',') < 0)
			return -1;
	}
	next(p);
	return 0;
}

/* The clauses of ROW FORMAT DELIMITED: keywords, then one string literal. FIELDS comes first. */
static const char *const delimited_clauses[][5] = {
	{ "FIELDS", "TERMINATED", "BY", NULL },
	{ "COLLECTION", "ITEMS", "TERMINATED", "BY", NULL },
	{ "MAP", "KEYS", "TERMINATED", "BY", NULL },
	{ "LINES", "TERMINATED", "BY", NULL },
	{ "NULL", "DEFINED", "AS", NULL },
};
static const char *const escaped_by[] = { "ESCAPED", "BY", NULL };

/* Expects the NULL-terminated keywords `kw` in order, then a string literal into *out. */
static int expect_keywords_string(parser *p, const char *const *kw, tok **out)
{
	for (; *kw; kw++)
		if (expect_kw(p, *kw) < 0)
			return -1;
	return expect_string(p, out);
}

static int parse_row_format(parser *p, lp_ddl_table *t)
{
	tok *s;
	if (expect_kw(p, "FORMAT") < 0)
		return -1;
	if (accept_kw_string(p, "SERDE", &s) < 0)
		return -1;
	if (s) {
		t->serde = s->text;
		t->serde_span = s->span;
		return 0;
	}
	if (expect_kw(p, "DELIMITED") < 0)
		return -1;
	t->delimited = 1;
	for (;;) {
		const char *const *kw = NULL;
		size_t i;
		for (i = 0; i < sizeof(delimited_clauses) / sizeof(delimited_clauses[0]) && !kw; i++)
			if (is_kw(peek(p), delimited_clauses[i][0]))
				kw = delimited_clauses[i];
		if (!kw)
			return 0;
		if (expect_keywords_string(p, kw, &s) < 0)
			return -1;
		if (kw == delimited_clauses[0]) {
			t->field_delim = s->text;
			if (is_kw(peek(p), "ESCAPED") && expect_keywords_string(p, escaped_by, &s) < 0)
				return -1;
		}
	}
}

static int parse_stored_as(parser *p, lp_ddl_table *t)
{
	tok *s;
	if (expect_kw(p, "AS") < 0)
		return -1;
	if (accept_kw_string(p, "INPUTFORMAT", &s) < 0)
		return -1;
	if (s) {
		t->input_format = s->text;
		if (expect_kw(p, "OUTPUTFORMAT") < 0 || expect_string(p, &s) < 0)
			return -1;
		t->output_format = s->text;
		return 0;
	}
	if (peek(p)->kind != TK_WORD)
		return expected(p, "a file format or INPUTFORMAT");
	s = next(p);
	{
		char *lower = lp_arena_strdup(&p->f->arena, s->text);
		size_t i;
		for (i = 0; lower[i]; i++)
			lower[i] = (char)tolower((unsigned char)lower[i]);
		t->stored_as = lower;
	}
	return 0;
}

static int skip_parens(parser *p)
{
	int level = 0;
	if (expect_punct(p, '(') < 0)
		return -1;
	level = 1;
	while (level > 0) {
		tok *t = next(p);
		if (t->kind == TK_EOF)
			return expected(p, "')'");
		if (is_punct(t, '('))
			level++;
		else if (is_punct(t, ')'))
			level--;
	}
	return 0;
}

static int parse_clauses(parser *p, lp_ddl_table *t)
{
	for (;;) {
		tok *k = peek(p);
		tok *s;
		if (k->kind == TK_EOF || is_punct(k, ';'))
			return 0;
		if (is_kw(k, "COMMENT")) {
			next(p);
			if (expect_string(p, &s) < 0)
				return -1;
			t->comment = s->text;
		} else if (is_kw(k, "PARTITIONED")) {
			next(p);
			if (expect_kw(p, "BY") < 0 || parse_columns(p, &t->partitions, &t->npartitions, 1) < 0)
				return -1;
		} else if (is_kw(k, "CLUSTERED")) {
			next(p);
			if (expect_kw(p, "BY") < 0 || skip_parens(p) < 0)
				return -1;
			if (is_kw(peek(p), "SORTED")) {
				next(p);
				if (expect_kw(p, "BY") < 0 || skip_parens(p) < 0)
					return -1;
			}
			if (expect_kw(p, "INTO") < 0)
				return -1;
			if (peek(p)->kind != TK_NUMBER)
				return expected(p, "a number of buckets");
			next(p);
			if (expect_kw(p, "BUCKETS") < 0)
				return -1;
		} else if (is_kw(k, "ROW")) {
			next(p);
			if (parse_row_format(p, t) < 0)
				return -1;
		} else if (is_kw(k, "WITH")) {
			next(p);
			if (expect_kw(p, "SERDEPROPERTIES") < 0 || parse_props(p, &t->serde_props, &t->nserde_props) < 0)
				return -1;
		} else if (is_kw(k, "STORED")) {
			next(p);
			if (parse_stored_as(p, t) < 0)
				return -1;
		} else if (is_kw(k, "LOCATION")) {
			next(p);
			if (expect_string(p, &s) < 0)
				return -1;
			t->location = s->text;
			t->location_span = s->span;
		} else if (is_kw(k, "TBLPROPERTIES")) {
			next(p);
			if (parse_props(p, &t->tbl_props, &t->ntbl_props) < 0)
				return -1;
		} else {
			return expected(p, "a table clause (COMMENT, PARTITIONED BY, ROW FORMAT, WITH SERDEPROPERTIES, "
				"STORED AS, LOCATION, TBLPROPERTIES) or ';'");
		}
	}
}

/* The span from token `first` to the token before the current one. */
static lp_span span_from(const parser *p, const tok *first)
{
	lp_span sp = first->span;
	const tok *last = p->at > 0 ? &p->toks[p->at - 1] : first;
	sp.end_line = last->span.end_line;
	sp.end_col = last->span.end_col;
	return sp;
}

/* A query runs to the ';' that ends the statement; parentheses must balance on the way. */
static int skip_query(parser *p)
{
	int level = 0;
	tok *t = peek(p);
	if (t->kind == TK_EOF || is_punct(t, ';'))
		return expected(p, "a query");
	while (!(t->kind == TK_EOF || (level == 0 && is_punct(t, ';')))) {
		if (is_punct(t, '('))
			level++;
		else if (is_punct(t, ')') && --level < 0)
			return expected(p, "';' (this ')' closes nothing)");
		next(p);
		t = peek(p);
	}
	if (level > 0)
		return expected(p, "')'");
	return 0;
}

/*
 * CTAS properties: `(key = value, ...)` where a key is a bare word and a value
 * is a string, a number, a word (true, false) or ARRAY['a', ...]. Non-string
 * values keep their source text.
 */
static int parse_with_props(parser *p, lp_ddl_prop **arr, size_t *n)
{
	size_t cap = *n;
	if (expect_punct(p, '(') < 0)
		return -1;
	for (;;) {
		tok *k, *v;
		lp_ddl_prop *pr;
		if (peek(p)->kind != TK_WORD && peek(p)->kind != TK_QIDENT)
			return expected(p, "a property name");
		k = next(p);
		if (expect_punct(p, '=') < 0)
			return -1;
		v = peek(p);
		pr = push_prop(p, arr, n, &cap, k, v);
		if (v->kind == TK_STRING || v->kind == TK_NUMBER || v->kind == TK_WORD) {
			next(p);
			if (v->kind == TK_WORD && is_kw(v, "ARRAY")) {
				int level = 0;
				if (!is_punct(peek(p), '['))
					return expected(p, "'[' after ARRAY");
				do {
					tok *t = next(p);
					if (t->kind == TK_EOF)
						return expected(p, "']'");
					level += is_punct(t, '[') - is_punct(t, ']');
				} while (level > 0);
			}
		} else {
			return expected(p, "a string, a number or ARRAY[...]");
		}
		pr->value_span = span_from(p, v);
		pr->value = v->kind == TK_STRING ? v->text
			: lp_arena_strndup(&p->f->arena, p->src + v->off, p->toks[p->at - 1].end - v->off);
		if (is_punct(peek(p), ')'))
			break;
		if (expect_punct(p, ',') < 0)
			return -1;
	}
	next(p);
	return 0;
}

static int parse_create_table(parser *p, lp_ddl_table *t)
{
	tok *name;
	int quoted;
	t->span = next(p)->span; /* CREATE */
	if (is_kw(peek(p), "EXTERNAL")) {
		next(p);
		t->external = 1;
	}
	if (expect_kw(p, "TABLE") < 0)
		return -1;
	if (is_kw(peek(p), "IF")) {
		next(p);
		if (expect_kw(p, "NOT") < 0 || expect_kw(p, "EXISTS") < 0)
			return -1;
		t->if_not_exists = 1;
	}
	if (parse_name(p, &name, &quoted) < 0)
		return -1;
	if (is_punct(peek(p), '.')) {
		t->db = name->text;
		next(p);
		if (parse_name(p, &name, &quoted) < 0)
			return -1;
	}
	t->name = name->text;
	t->name_quoted = quoted;
	t->name_span = name->span;
	if (is_kw(peek(p), "WITH") || is_kw(peek(p), "AS")) {
		t->ctas = 1;
		if (is_kw(peek(p), "WITH")) {
			next(p);
			if (parse_with_props(p, &t->with_props, &t->nwith_props) < 0)
				return -1;
		}
		if (expect_kw(p, "AS") < 0)
			return -1;
		return skip_query(p);
	}
	if (is_punct(peek(p), '(')) {
		t->columns_start = peek(p)->off;
		if (parse_columns(p, &t->columns, &t->ncolumns, 0) < 0)
			return -1;
		t->columns_end = p->toks[p->at - 1].end;
	}
	return parse_clauses(p, t);
}

static void skip_statement(parser *p)
{
	while (peek(p)->kind != TK_EOF && !is_punct(peek(p), ';'))
		next(p);
}

/* [db.]name of ALTER TABLE, MSCK REPAIR TABLE and CREATE VIEW. */
static int parse_qualified(parser *p, lp_ddl_stmt *st)
{
	tok *name;
	int quoted;
	if (parse_name(p, &name, &quoted) < 0)
		return -1;
	if (is_punct(peek(p), '.')) {
		st->db = name->text;
		next(p);
		if (parse_name(p, &name, &quoted) < 0)
			return -1;
	}
	st->name = name->text;
	st->name_span = name->span;
	return 0;
}

/* Consumes the keywords `a b ...` when all are next, else nothing; 1 when consumed. */
static int accept_kws(parser *p, const char *a, const char *b)
{
	if (!is_kw(peek(p), a) || (b && !is_kw(peek2(p), b)))
		return 0;
	next(p);
	if (b)
		next(p);
	return 1;
}

/* PARTITION (k = 'v', ...): keys are names, values string or number literals. */
static int parse_partition_spec(parser *p, lp_ddl_stmt *st, size_t *cap, int with_location)
{
	lp_ddl_partition_spec *ps;
	tok *s;
	size_t kcap = 0;
	st->parts = lp_text_vec_push(&p->f->arena, st->parts, &st->nparts, cap, sizeof(*st->parts));
	ps = &st->parts[st->nparts - 1];
	ps->span = next(p)->span; /* PARTITION */
	if (expect_punct(p, '(') < 0)
		return -1;
	for (;;) {
		tok *k, *v;
		int quoted;
		if (parse_name(p, &k, &quoted) < 0 || expect_punct(p, '=') < 0)
			return -1;
		v = peek(p);
		if (v->kind != TK_STRING && v->kind != TK_NUMBER)
			return expected(p, "a partition value (a string or a number)");
		next(p);
		push_prop(p, &ps->keys, &ps->nkeys, &kcap, k, v);
		if (is_punct(peek(p), ')'))
			break;
		if (expect_punct(p, ',') < 0)
			return -1;
	}
	next(p);
	if (!with_location)
		return 0;
	if (accept_kw_string(p, "LOCATION", &s) < 0)
		return -1;
	if (s) {
		ps->location = s->text;
		ps->location_span = s->span;
	}
	return 0;
}

static int parse_alter_table(parser *p, lp_ddl_stmt *st)
{
	size_t cap = 0;
	next(p); /* TABLE */
	if (parse_qualified(p, st) < 0)
		return -1;
	if (accept_kws(p, "ADD", NULL)) {
		st->kind = LP_DDL_STMT_ADD_PARTITION;
		if (accept_kws(p, "IF", "NOT") && expect_kw(p, "EXISTS") < 0)
			return -1;
		if (!is_kw(peek(p), "PARTITION"))
			return expected(p, "PARTITION (ADD COLUMNS is not read)");
		while (is_kw(peek(p), "PARTITION"))
			if (parse_partition_spec(p, st, &cap, 1) < 0)
				return -1;
		return 0;
	}
	if (accept_kws(p, "DROP", NULL)) {
		st->kind = LP_DDL_STMT_DROP_PARTITION;
		(void)accept_kws(p, "IF", "EXISTS");
		for (;;) {
			if (!is_kw(peek(p), "PARTITION"))
				return expected(p, "PARTITION");
			if (parse_partition_spec(p, st, &cap, 0) < 0)
				return -1;
			if (!is_punct(peek(p), ','))
				return 0;
			next(p);
		}
	}
	if (accept_kws(p, "SET", "TBLPROPERTIES")) {
		st->kind = LP_DDL_STMT_SET_TBLPROPERTIES;
		return parse_props(p, &st->props, &st->nprops);
	}
	/* RENAME TO, REPLACE COLUMNS, SET LOCATION ...: Athena statements logpipe does not judge */
	st->kind = LP_DDL_STMT_OTHER;
	skip_statement(p);
	return 0;
}

static int parse_view(parser *p, lp_ddl_stmt *st)
{
	tok *comment;
	if (parse_qualified(p, st) < 0 || accept_kw_string(p, "COMMENT", &comment) < 0)
		return -1;
	if (expect_kw(p, "AS") < 0)
		return -1;
	return skip_query(p);
}

/* One statement from its first keyword; the table (when it is one) goes to f->tables. */
static int parse_statement(parser *p, lp_ddl_stmt *st, size_t *tcap)
{
	tok *t = peek(p), *t2 = peek2(p);
	st->span = t->span;
	st->table = (size_t)-1;
	st->kind = LP_DDL_STMT_OTHER;
	if (is_kw(t, "CREATE") && (is_kw(t2, "EXTERNAL") || is_kw(t2, "TABLE"))) {
		lp_ddl_table *tb;
		int error;
		p->f->tables = lp_text_vec_push(&p->f->arena, p->f->tables, &p->f->ntables, tcap, sizeof(lp_ddl_table));
		st->table = p->f->ntables - 1;
		tb = &p->f->tables[st->table];
		error = parse_create_table(p, tb);
		tb->end_span = peek(p)->span;
		st->kind = tb->ctas ? LP_DDL_STMT_CTAS : LP_DDL_STMT_CREATE_TABLE;
		st->db = tb->db;
		st->name = tb->name;
		st->name_span = tb->name_span;
		return error;
	}
	if (is_kw(t, "CREATE") && (is_kw(t2, "VIEW") || is_kw(t2, "OR"))) {
		next(p);
		if (accept_kws(p, "OR", NULL) && expect_kw(p, "REPLACE") < 0)
			return -1;
		if (expect_kw(p, "VIEW") < 0)
			return -1;
		st->kind = LP_DDL_STMT_CREATE_VIEW;
		return parse_view(p, st);
	}
	if (is_kw(t, "ALTER") && is_kw(t2, "TABLE")) {
		next(p);
		return parse_alter_table(p, st);
	}
	if (is_kw(t, "MSCK")) {
		next(p);
		st->kind = LP_DDL_STMT_MSCK_REPAIR;
		if (expect_kw(p, "REPAIR") < 0 || expect_kw(p, "TABLE") < 0)
			return -1;
		return parse_qualified(p, st);
	}
	/* CREATE DATABASE, DROP, SELECT, INSERT ...: not ours to judge */
	skip_statement(p);
	return 0;
}

static void parse_file(parser *p)
{
	size_t tcap = 0, scap = 0;
	while (peek(p)->kind != TK_EOF) {
		lp_ddl_stmt *st;
		if (is_punct(peek(p), ';')) {
			next(p);
			continue;
		}
		p->f->stmts = lp_text_vec_push(&p->f->arena, p->f->stmts, &p->f->nstmts, &scap, sizeof(*p->f->stmts));
		st = &p->f->stmts[p->f->nstmts - 1];
		memset(st, 0, sizeof(*st));
		if (parse_statement(p, st, &tcap) < 0) {
			skip_statement(p);
			continue;
		}
		if (peek(p)->kind != TK_EOF && !is_punct(peek(p), ';')) {
			expected(p, "';'");
			skip_statement(p);
			continue;
		}
		st->complete = 1;
	}
}

int lp_ddl_parse(lp_ddl_file **out, const char *path, const char *text, size_t len, lp_diag *d)
{
	parser p;
	lp_ddl_file *f = lp_calloc(1, sizeof(*f));
	memset(&p, 0, sizeof(p));
	f->path = lp_diag_add_source(d, path, text, len);
	/* about 6 bytes of arena per byte of DDL: one chunk instead of a 4 KiB and a mostly empty 8 KiB one */
	lp_arena_reserve(&f->arena, len * 6 + 1024);
	p.f = f;
	p.d = d;
	p.src = text;
	p.len = len;
	p.line = 1;
	p.col = 1;
	lex(&p);
	parse_file(&p);
	lp_free(p.toks);
	*out = f;
	return 0;
}

void lp_ddl_free(lp_ddl_file *f)
{
	if (!f)
		return;
	lp_arena_release(&f->arena);
	lp_free(f);
}

static const lp_ddl_prop *find_prop(const lp_ddl_prop *arr, size_t n, const char *key)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcasecmp(arr[i].key, key))
			return &arr[i];
	return NULL;
}

const lp_ddl_prop *lp_ddl_tbl_prop(const lp_ddl_table *t, const char *key)
{
	return find_prop(t->tbl_props, t->ntbl_props, key);
}

const lp_ddl_prop *lp_ddl_serde_prop(const lp_ddl_table *t, const char *key)
{
	return find_prop(t->serde_props, t->nserde_props, key);
}

const lp_ddl_prop *lp_ddl_json_mapping(const lp_ddl_table *t, const char *column)
{
	lp_buf key = LP_BUF_INIT;
	const lp_ddl_prop *p;
	lp_buf_printf(&key, "mapping.%s", column);
	p = lp_ddl_serde_prop(t, key.ptr);
	lp_buf_release(&key);
	return p;
}

const lp_ddl_column *lp_ddl_find_column(const lp_ddl_table *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->ncolumns; i++)
		if (!strcasecmp(t->columns[i].name, name))
			return &t->columns[i];
	for (i = 0; i < t->npartitions; i++)
		if (!strcasecmp(t->partitions[i].name, name))
			return &t->partitions[i];
	return NULL;
}

void lp_ddl_type_format(lp_buf *out, const lp_ddl_type *t)
{
	size_t i;
	if (!t) {
		lp_buf_puts(out, "?");
		return;
	}
	lp_buf_puts(out, t->name);
	switch (t->kind) {
	case LP_DDL_TYPE_PRIMITIVE:
		if (t->nparams == 1)
			lp_buf_printf(out, "(%ld)", t->params[0]);
		else if (t->nparams == 2)
			lp_buf_printf(out, "(%ld,%ld)", t->params[0], t->params[1]);
		break;
	case LP_DDL_TYPE_ARRAY:
		lp_buf_putc(out, '<');
		lp_ddl_type_format(out, t->elem);
		lp_buf_putc(out, '>');
		break;
	case LP_DDL_TYPE_MAP:
		lp_buf_putc(out, '<');
		lp_ddl_type_format(out, t->key);
		lp_buf_putc(out, ',');
		lp_ddl_type_format(out, t->value);
		lp_buf_putc(out, '>');
		break;
	case LP_DDL_TYPE_STRUCT:
		lp_buf_putc(out, '<');
		for (i = 0; i < t->nfields; i++) {
			if (i)
				lp_buf_putc(out, ',');
			lp_buf_printf(out, "%s:", t->fields[i].name);
			lp_ddl_type_format(out, t->fields[i].type);
		}
		lp_buf_putc(out, '>');
		break;
	}
}

/* Athena's DDL reserved words (aws-facts §3.2), sorted for bsearch. */
static const char *const reserved[] = {
	"ALL", "ALTER", "AND", "ARRAY", "AS", "AUTHORIZATION", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN",
	"BOTH", "BY", "CASE", "CASHE", "CAST", "CHAR", "COLUMN", "COMMIT", "CONF", "CONSTRAINT", "CREATE",
	"CROSS", "CUBE", "CURRENT", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURSOR", "DATABASE", "DATE",
	"DAYOFWEEK", "DECIMAL", "DELETE", "DESCRIBE", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END",
	"EXCHANGE", "EXISTS", "EXTENDED", "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FLOAT", "FLOOR",
	"FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION", "GRANT", "GROUP", "GROUPING", "HAVING",
	"IF", "IMPORT", "IN", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS",
	"JOIN", "LATERAL", "LEFT", "LESS", "LIKE", "LOCAL", "MACRO", "MAP", "MORE", "NONE", "NOT", "NULL",
	"NUMERIC", "OF", "ON", "ONLY", "OR", "ORDER", "OUT", "OUTER", "OVER", "PARTIALSCAN", "PARTITION",
	"PERCENT", "PRECEDING", "PRECISION", "PRESERVE", "PRIMARY", "PROCEDURE", "RANGE", "READS",
	"REDUCE", "REFERENCES", "REGEXP", "REVOKE", "RIGHT", "RLIKE", "ROLLBACK", "ROLLUP", "ROW", "ROWS",
	"SELECT", "SET", "SMALLINT", "START", "TABLE", "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TO",
	"TRANSFORM", "TRIGGER", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION", "UNIQUEJOIN", "UPDATE", "USER",
	"USING", "UTC_TIMESTAMP", "VALUES", "VARCHAR", "VIEWS", "WHEN", "WHERE", "WINDOW", "WITH",
};

static int cmp_word(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

int lp_ddl_is_reserved(const char *word)
{
	return bsearch(&word, reserved, sizeof(reserved) / sizeof(reserved[0]), sizeof(reserved[0]), cmp_word) != NULL;
}

/* Athena's SELECT/DML reserved words (the second list of the reserved-words page), sorted. */
static const char *const dml_reserved[] = {
	"ALTER", "AND", "AS", "BETWEEN", "BY", "CASE", "CAST", "CONSTRAINT", "CREATE", "CROSS", "CUBE",
	"CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME",
	"CURRENT_TIMESTAMP", "CURRENT_USER", "DEALLOCATE", "DELETE", "DESCRIBE", "DISTINCT", "DROP", "ELSE",
	"END", "ESCAPE", "EXCEPT", "EXECUTE", "EXISTS", "EXTRACT", "FALSE", "FIRST", "FOR", "FROM", "FULL",
	"GROUP", "GROUPING", "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "JSON_ARRAY",
	"JSON_EXISTS", "JSON_OBJECT", "JSON_QUERY", "JSON_TABLE", "JSON_VALUE", "LAST", "LEFT", "LIKE",
	"LISTAGG", "LOCALTIME", "LOCALTIMESTAMP", "NATURAL", "NORMALIZE", "NOT", "NULL", "OF", "ON", "OR",
	"ORDER", "OUTER", "PREPARE", "RECURSIVE", "RIGHT", "ROLLUP", "SELECT", "SKIP", "TABLE", "THEN", "TRIM",
	"TRUE", "UESCAPE", "UNION", "UNNEST", "USING", "VALUES", "WHEN", "WHERE", "WITH",
};

int lp_ddl_is_dml_reserved(const char *word)
{
	return bsearch(&word, dml_reserved, sizeof(dml_reserved) / sizeof(dml_reserved[0]), sizeof(dml_reserved[0]),
		cmp_word) != NULL;
}

const char *lp_ddl_stmt_kind_name(lp_ddl_stmt_kind k)
{
	static const char *const names[] = { "CREATE TABLE", "CREATE TABLE AS", "CREATE VIEW",
		"ALTER TABLE ADD PARTITION", "ALTER TABLE DROP PARTITION", "ALTER TABLE SET TBLPROPERTIES",
		"MSCK REPAIR TABLE", "statement" };
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "statement";
}

void lp_ddl_quote(lp_buf *out, const char *s)
{
	lp_buf_putc(out, '\'');
	for (; *s; s++) {
		switch (*s) {
		case '\\': lp_buf_puts(out, "\\\\"); break;
		case '\'': lp_buf_puts(out, "\\'"); break;
		case '\n': lp_buf_puts(out, "\\n"); break;
		case '\r': lp_buf_puts(out, "\\r"); break;
		case '\t': lp_buf_puts(out, "\\t"); break;
		default: lp_buf_putc(out, *s);
		}
	}
	lp_buf_putc(out, '\'');
}

/* 1 when `hay` holds the lowercase `needle`, compared case-insensitively. */
static int holds_lower(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i]; i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

int lp_ddl_columnar(const lp_ddl_table *t)
{
	const char *v[3];
	size_t i;
	v[0] = t->serde;
	v[1] = t->stored_as;
	v[2] = t->input_format;
	for (i = 0; i < 3; i++)
		if (v[i] && (holds_lower(v[i], "parquet") || holds_lower(v[i], "orc")))
			return 1;
	return 0;
}
