#include "yaml.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "json_scan.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/utf8.h"

#define RULE "LP-YAML"

/*
 * One open collection. Its children gather in `items` or `pairs`, which the
 * frame keeps for the next collection at the same depth: a generated file
 * of thousands of small maps made two allocations per map otherwise.
 */
typedef struct frame {
	lp_node *node;
	const char *anchor; /* registered when the collection completes */
	lp_node **items;
	size_t icap;
	lp_pair *pairs;
	size_t pcap;
	size_t n;
	lp_node *key; /* pending key in a map */
} frame;

typedef struct anchor {
	const char *name;
	lp_node *node;
} anchor;

typedef struct loader {
	lp_arena *a;
	lp_diag *d;
	const char *file;
	const char *data; /* the text, for positions libyaml gives as offsets */
	size_t len;
	const lp_yaml_limits *lim;
	frame *stack;       /* [0, cap) initialised; [0, depth) open */
	size_t depth, cap;
	const lp_pair **sorted; /* check_duplicates' scratch */
	size_t capsorted;
	anchor *anchors;
	size_t nanchors, capanchors;
	size_t nodes;       /* written in the text */
	size_t alias_nodes; /* added by expanding aliases */
	int failed;
	int unfit;          /* the JSON scanner found the text outside its subset: libyaml reads it instead */
	lp_node *root;
	lp_json_scan *json; /* the events come from here, not libyaml (json_scan.h) */
	/* libyaml marks count characters after the BOM; this cursor turns them into bytes */
	size_t bom, cur_char, cur_byte;
} loader;

/* Byte offset of the character index libyaml reports (marks mostly move forward). */
static size_t byte_of(loader *l, size_t index)
{
	if (index < l->cur_char) {
		l->cur_char = 0;
		l->cur_byte = l->bom;
	}
	while (l->cur_char < index && l->cur_byte < l->len) {
		l->cur_byte++;
		while (l->cur_byte < l->len && ((unsigned char)l->data[l->cur_byte] & 0xC0) == 0x80)
			l->cur_byte++;
		l->cur_char++;
	}
	return l->cur_byte;
}

static lp_span span_of(loader *l, yaml_mark_t s, yaml_mark_t e)
{
	lp_span sp;
	sp.file = l->file;
	sp.line = (unsigned)s.line + 1;
	sp.col = (unsigned)s.column + 1;
	sp.end_line = (unsigned)e.line + 1;
	sp.end_col = (unsigned)e.column + 1;
	return sp;
}

/* Line and column (in characters) of byte `off`. */
static lp_span span_at(const char *file, const char *data, size_t off)
{
	lp_span sp = { file, 1, 1, 0, 0 };
	size_t i;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			sp.line++;
			sp.col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			sp.col++;
		}
	}
	sp.end_line = sp.line;
	sp.end_col = sp.col + 1;
	return sp;
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

static int all_digits(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

static int is_core_float(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") || !strcmp(s, "-.inf") ||
	    !strcmp(s, "+.inf") || !strcmp(s, "-.Inf") || !strcmp(s, "+.Inf") || !strcmp(s, ".nan") ||
	    !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
		return 1;
	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static lp_scalar_type resolve(const char *s, const char *tag, int quoted)
{
	if (tag) {
		if (!strcmp(tag, YAML_STR_TAG))
			return LP_SCALAR_STR;
		if (!strcmp(tag, YAML_INT_TAG))
			return LP_SCALAR_INT;
		if (!strcmp(tag, YAML_FLOAT_TAG))
			return LP_SCALAR_FLOAT;
		if (!strcmp(tag, YAML_BOOL_TAG))
			return LP_SCALAR_BOOL;
		if (!strcmp(tag, YAML_NULL_TAG))
			return LP_SCALAR_NULL;
		if (strcmp(tag, "!") != 0 && tag[0] == '!')
			return LP_SCALAR_STR; /* application tags (!Ref, !Sub) take strings */
	}
	if (quoted)
		return LP_SCALAR_STR;
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return LP_SCALAR_NULL;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") || !strcmp(s, "false") ||
	    !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return LP_SCALAR_BOOL;
	if (all_digits(s + (s[0] == '-' || s[0] == '+'), "0123456789"))
		return LP_SCALAR_INT;
	if ((s[0] == '0' && s[1] == 'o' && all_digits(s + 2, "01234567")) ||
	    (s[0] == '0' && s[1] == 'x' && all_digits(s + 2, "0123456789abcdefABCDEF")))
		return LP_SCALAR_INT;
	if (is_core_float(s))
		return LP_SCALAR_FLOAT;
	return LP_SCALAR_STR;
}

static void fail(loader *l, const lp_span *sp, const char *help, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(loader *l, const lp_span *sp, const char *help, const char *fmt, ...)
{
	va_list ap;
	if (!l->failed) {
		va_start(ap, fmt);
		lp_diag_vadd(l->d, LP_SEV_ERROR, RULE, sp, help, fmt, ap);
		va_end(ap);
	}
	l->failed = 1;
}

#define CORE_PREFIX "tag:yaml.org,2002:"

/* A tag as its author wrote it: "!!binary" for the core schema's, "!<...>" for a verbatim URI. */
static void tag_shown(lp_buf *out, const char *tag)
{
	if (!strncmp(tag, CORE_PREFIX, strlen(CORE_PREFIX)))
		lp_buf_printf(out, "!!%s", tag + strlen(CORE_PREFIX));
	else if (tag[0] == '!')
		lp_buf_puts(out, tag);
	else
		lp_buf_printf(out, "!<%s>", tag);
}

/* 1 when `tag` on node `n` (scalar text `str`) changes nothing about how the node is read. */
static int tag_is_noop(const char *tag, lp_node_kind kind, const char *str, int quoted)
{
	if (kind == LP_NODE_MAP)
		return !strcmp(tag, YAML_MAP_TAG);
	if (kind == LP_NODE_SEQ)
		return !strcmp(tag, YAML_SEQ_TAG);
	if (!strcmp(tag, YAML_STR_TAG))
		return 1;
	if (quoted) /* "12" is a string; a tag that makes it a number is not a no-op */
		return 0;
	if (!strcmp(tag, YAML_INT_TAG))
		return resolve(str, NULL, 0) == LP_SCALAR_INT;
	if (!strcmp(tag, YAML_FLOAT_TAG))
		return resolve(str, NULL, 0) == LP_SCALAR_FLOAT;
	if (!strcmp(tag, YAML_BOOL_TAG))
		return resolve(str, NULL, 0) == LP_SCALAR_BOOL;
	if (!strcmp(tag, YAML_NULL_TAG))
		return resolve(str, NULL, 0) == LP_SCALAR_NULL;
	return 0;
}

static void refuse_tag(loader *l, const lp_span *sp, const char *tag)
{
	lp_buf shown = LP_BUF_INIT;
	tag_shown(&shown, tag);
	fail(l, sp,
		!strcmp(tag, CORE_PREFIX "binary")
			? "write the decoded text instead; the spec is plain YAML, and a tag logpipe does not apply would "
			  "leave the value as written"
			: "remove the tag (quote the value to keep it a string); the spec is plain YAML, and a tag logpipe "
			  "does not apply would change what the value means",
		"YAML tag '%s' is not allowed in the spec", shown.ptr);
	lp_buf_release(&shown);
}

/*
 * A decimal number's digits without leading or trailing zeros, and the
 * power of ten of the first one, into `digits` and *exp10; the sign into
 * *neg. Returns 0, or -1 when `s` is not a plain decimal (hex, octal, inf).
 */
static int decimal_norm(lp_buf *digits, long *exp10, int *neg, const char *s)
{
	long point = 0, e = 0;
	int seen_point = 0, any = 0;
	lp_buf_clear(digits);
	*neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.') {
			seen_point = 1;
			continue;
		}
		any = 1;
		if (!digits->size && *s == '0') {
			if (seen_point)
				point--;
			continue;
		}
		lp_buf_putc(digits, *s);
		if (!seen_point)
			point++;
	}
	if (!any)
		return -1;
	if (*s == 'e' || *s == 'E') {
		char *end;
		errno = 0;
		e = strtol(s + 1, &end, 10);
		if (errno || *end || e > 100000 || e < -100000)
			return -1;
	} else if (*s) {
		return -1;
	}
	while (digits->size && digits->ptr[digits->size - 1] == '0')
		lp_buf_truncate(digits, digits->size - 1);
	*exp10 = digits->size ? point + e : 0;
	if (!digits->size)
		*neg = 0;
	return 0;
}

/* 1 when the plain decimal `s` is exactly the number its double prints back as. */
static int float_exact(const char *s)
{
	lp_buf a = LP_BUF_INIT, b = LP_BUF_INIT;
	char back[64];
	long ea, eb;
	int na, nb, prec, ok = 0;
	double v;
	/* not errno: ERANGE also flags subnormals, which print back exactly; underflow to 0 fails below */
	v = strtod(s, NULL);
	if (!isfinite(v) || decimal_norm(&a, &ea, &na, s) < 0)
		goto done;
	/* the shortest text that reads back as the same double: what every JSON writer prints */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(back, sizeof(back), "%.*e", prec - 1, v);
		if (strtod(back, NULL) == v)
			break;
	}
	if (decimal_norm(&b, &eb, &nb, back) < 0)
		goto done;
	ok = na == nb && ea == eb && a.size == b.size && !memcmp(a.ptr, b.ptr, a.size);
done:
	lp_buf_release(&a);
	lp_buf_release(&b);
	return ok;
}

static void check_number(loader *l, const lp_node *n)
{
	if (n->stype == LP_SCALAR_INT) {
		int64_t v;
		if (lp_node_int(&v, n) < 0)
			fail(l, &n->span, "write an integer between -9223372036854775808 and 9223372036854775807",
				"integer '%s' does not fit in 64 bits", n->str);
		return;
	}
	if (n->stype != LP_SCALAR_FLOAT || strchr(n->str, 'n') || strchr(n->str, 'N'))
		return; /* .inf and .nan are what they say; the schema judges them */
	if (!float_exact(n->str)) {
		double v = strtod(n->str, NULL);
		lp_buf help = LP_BUF_INIT;
		if (isfinite(v))
			lp_buf_printf(&help, "write the value that is meant: this one would be used as %.17g", v);
		else
			lp_buf_puts(&help, "write a number within the range of a double");
		fail(l, &n->span, help.ptr, "number '%s' cannot be represented exactly", n->str);
		lp_buf_release(&help);
	}
}

static size_t max_nodes(const lp_yaml_limits *lim)
{
	return lim->max_nodes ? lim->max_nodes : lim->max_bytes / LP_YAML_BYTES_PER_NODE;
}

/* `alias`: the nodes come from expanding an alias rather than from the text. */
static int count_nodes(loader *l, size_t n, int alias, const lp_span *sp)
{
	if (alias) {
		l->alias_nodes += n;
		if (l->alias_nodes <= l->lim->max_alias_nodes)
			return 0;
		lp_diag_add(l->d, LP_SEV_ERROR, RULE, sp,
			"use fewer aliases; aliases that expand to aliases grow exponentially (billion laughs)",
			"document expands to more than %zu nodes through aliases", l->lim->max_alias_nodes);
	} else {
		l->nodes += n;
		if (l->nodes <= max_nodes(l->lim))
			return 0;
		lp_diag_add(l->d, LP_SEV_ERROR, RULE, sp, "split the file or remove generated bulk",
			"document has more than %zu nodes", max_nodes(l->lim));
	}
	l->failed = 1;
	return -1;
}

static void add_child(loader *l, lp_node *child)
{
	frame *f;
	if (!l->depth) {
		l->root = child;
		return;
	}
	f = &l->stack[l->depth - 1];
	f->node->weight = child->weight > UINT32_MAX - f->node->weight ? UINT32_MAX : f->node->weight + child->weight;
	if (f->node->kind == LP_NODE_SEQ) {
		if (f->n == f->icap) {
			f->icap = f->icap ? f->icap * 2 : 8;
			f->items = lp_realloc(f->items, f->icap * sizeof(*f->items));
		}
		f->items[f->n++] = child;
		return;
	}
	if (!f->key) {
		if (child->kind != LP_NODE_SCALAR) {
			fail(l, &child->span, "use a plain string as the key", "%s", "mapping keys must be scalars");
			return;
		}
		if (!child->quoted && !child->tag && !strcmp(child->str, "<<")) {
			fail(l, &child->span, "write the keys out, or anchor and alias a whole value instead",
				"%s", "merge keys ('<<') are not supported");
			return;
		}
		f->key = child;
		return;
	}
	if (f->n == f->pcap) {
		f->pcap = f->pcap ? f->pcap * 2 : 8;
		f->pairs = lp_realloc(f->pairs, f->pcap * sizeof(*f->pairs));
	}
	f->pairs[f->n].key = f->key;
	f->pairs[f->n].value = child;
	f->n++;
	f->key = NULL;
}

static void add_anchor(loader *l, const char *name, lp_node *node)
{
	if (l->nanchors == l->capanchors) {
		l->capanchors = l->capanchors ? l->capanchors * 2 : 8;
		l->anchors = lp_realloc(l->anchors, l->capanchors * sizeof(*l->anchors));
	}
	/* A later anchor of the same name shadows the earlier one (YAML spec). */
	l->anchors[l->nanchors].name = name;
	l->anchors[l->nanchors].node = node;
	l->nanchors++;
}

static lp_node *find_anchor(loader *l, const char *name)
{
	size_t i = l->nanchors;
	while (i-- > 0)
		if (!strcmp(l->anchors[i].name, name))
			return l->anchors[i].node;
	return NULL;
}

static int cmp_pair_key(const void *a, const void *b)
{
	const lp_pair *x = *(const lp_pair *const *)a, *y = *(const lp_pair *const *)b;
	int c = strcmp(x->key->str, y->key->str);
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* Whether a small map has two equal keys, without sorting: most maps are small and have none. */
static int small_has_duplicate(const lp_node *map)
{
	size_t i, j;
	for (i = 1; i < map->n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(map->pairs[i].key->str, map->pairs[j].key->str))
				return 1;
	return 0;
}

/* Duplicate keys are an error (the YAML spec says keys are unique; libyaml doesn't check). */
static void check_duplicates(loader *l, lp_node *map)
{
	const lp_pair **v;
	size_t i;
	if (map->n < 2 || (map->n <= 16 && !small_has_duplicate(map)))
		return;
	if (map->n > l->capsorted) {
		l->capsorted = map->n;
		l->sorted = lp_realloc(l->sorted, l->capsorted * sizeof(*l->sorted));
	}
	v = l->sorted;
	for (i = 0; i < map->n; i++)
		v[i] = &map->pairs[i];
	qsort(v, map->n, sizeof(*v), cmp_pair_key);
	for (i = 1; i < map->n; i++) {
		if (!strcmp(v[i - 1]->key->str, v[i]->key->str)) {
			lp_buf help = LP_BUF_INIT;
			lp_buf_printf(&help, "the first '%s' is at line %u; keep one of them",
				v[i]->key->str, v[i - 1]->key->span.line);
			lp_diag_add(l->d, LP_SEV_ERROR, RULE, &v[i]->key->span, help.ptr,
				"duplicate key '%s'", v[i]->key->str);
			lp_buf_release(&help);
			l->failed = 1;
		}
	}
}

static lp_node *new_node(loader *l, lp_node_kind kind, yaml_mark_t s, yaml_mark_t e, const yaml_char_t *tag)
{
	lp_node *n = lp_arena_alloc(l->a, sizeof(*n));
	n->kind = kind;
	n->span = span_of(l, s, e);
	n->tag = tag ? lp_arena_strdup(l->a, (const char *)tag) : NULL;
	n->weight = 1;
	n->start = (uint32_t)byte_of(l, s.index);
	n->end = (uint32_t)byte_of(l, e.index);
	return n;
}

static void push(loader *l, lp_node *n, const yaml_char_t *anchor_name)
{
	frame *f;
	if (l->depth == l->cap) {
		size_t old = l->cap;
		l->cap = l->cap ? l->cap * 2 : 16;
		l->stack = lp_realloc(l->stack, l->cap * sizeof(*l->stack));
		memset(l->stack + old, 0, (l->cap - old) * sizeof(*l->stack));
	}
	f = &l->stack[l->depth++];
	f->n = 0;
	f->key = NULL;
	f->node = n;
	f->anchor = anchor_name ? lp_arena_strdup(l->a, (const char *)anchor_name) : NULL;
	n->anchor = f->anchor;
}

static void pop(loader *l, yaml_mark_t end)
{
	frame *f = &l->stack[--l->depth];
	lp_node *n = f->node;
	n->span.end_line = (unsigned)end.line + 1;
	n->span.end_col = (unsigned)end.column + 1;
	n->n = (uint32_t)f->n;
	if (n->flow)
		n->end = (uint32_t)byte_of(l, end.index);
	else if (f->n)
		n->end = n->kind == LP_NODE_SEQ ? f->items[f->n - 1]->end : f->pairs[f->n - 1].value->end;
	if (n->kind == LP_NODE_SEQ) {
		n->items = lp_arena_alloc(l->a, (f->n ? f->n : 1) * sizeof(*n->items));
		if (f->n)
			memcpy(n->items, f->items, f->n * sizeof(*n->items));
	} else {
		n->pairs = lp_arena_alloc(l->a, (f->n ? f->n : 1) * sizeof(*n->pairs));
		if (f->n)
			memcpy(n->pairs, f->pairs, f->n * sizeof(*n->pairs));
		check_duplicates(l, n);
	}
	if (f->anchor)
		add_anchor(l, f->anchor, n);
	add_child(l, n);
}

static void parser_error(loader *l, yaml_parser_t *p)
{
	lp_span sp;
	lp_buf msg = LP_BUF_INIT;
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_MEMORY_ERROR) {
		lp_buf_puts(&msg, "out of memory while parsing");
	} else {
		lp_buf_puts(&msg, p->problem ? p->problem : "malformed document");
		if (p->context)
			lp_buf_printf(&msg, " %s", p->context);
	}
	if (p->error == YAML_READER_ERROR) {
		/* the reader reports a byte offset, not a mark */
		sp = span_at(l->file, l->data, p->problem_offset < l->len ? p->problem_offset : l->len);
	} else {
		sp = span_of(l, m, m);
		sp.end_col = sp.col + 1;
	}
	fail(l, &sp, "check indentation, quoting and that every ':' is followed by a space",
		"invalid YAML: %s", msg.ptr);
	lp_buf_release(&msg);
}

static void run(loader *l, yaml_parser_t *p)
{
	yaml_event_t ev;
	int docs = 0, done = 0;
	while (!done && !l->failed) {
		if (l->json) {
			if (lp_json_scan_next(l->json, &ev) < 0) {
				l->unfit = 1;
				return;
			}
		} else if (!yaml_parser_parse(p, &ev)) {
			parser_error(l, p);
			return;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (l->lim->refuse_tags && ev.data.document_start.tag_directives.start !=
							  ev.data.document_start.tag_directives.end) {
				const yaml_tag_directive_t *t = ev.data.document_start.tag_directives.start;
				lp_span sp = span_of(l, ev.start_mark, ev.end_mark);
				fail(l, &sp, "remove the directive and every tag that uses it; the spec is plain YAML",
					"%%TAG directive '%s %s' is not allowed in the spec", (const char *)t->handle,
					(const char *)t->prefix);
				break;
			}
			if (++docs > 1 && !l->lim->allow_multi_doc) {
				lp_span sp = span_of(l, ev.start_mark, ev.end_mark);
				fail(l, &sp, "put one document in the file; remove the second '---'",
					"%s", "a second YAML document is not allowed here");
			}
			break;
		case YAML_SCALAR_EVENT: {
			lp_node *n;
			lp_span sp = span_of(l, ev.start_mark, ev.end_mark);
			if (ev.data.scalar.length > l->lim->max_scalar) {
				lp_diag_add(l->d, LP_SEV_ERROR, RULE, &sp, "keep values short; this is a configuration file",
					"scalar of %zu bytes exceeds the limit of %zu bytes", ev.data.scalar.length,
					l->lim->max_scalar);
				l->failed = 1;
				break;
			}
			/* A "\0" escape would smuggle a NUL past every C string consumer. */
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
				fail(l, &sp, "remove the \\0 escape; values cannot contain NUL",
					"%s", "NUL character in a scalar");
				break;
			}
			if (count_nodes(l, 1, 0, &sp) < 0)
				break;
			n = new_node(l, LP_NODE_SCALAR, ev.start_mark, ev.end_mark, ev.data.scalar.tag);
			n->str = lp_arena_strndup(l->a, (const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = (uint32_t)ev.data.scalar.length;
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
				    ev.data.scalar.style != YAML_ANY_SCALAR_STYLE;
			n->stype = resolve(n->str, n->tag, n->quoted);
			switch (ev.data.scalar.style) {
			case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = LP_STYLE_SINGLE; break;
			case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = LP_STYLE_DOUBLE; break;
			case YAML_LITERAL_SCALAR_STYLE: n->style = LP_STYLE_LITERAL; break;
			case YAML_FOLDED_SCALAR_STYLE: n->style = LP_STYLE_FOLDED; break;
			default: n->style = LP_STYLE_PLAIN; break;
			}
			if (l->lim->refuse_tags && n->tag && !tag_is_noop(n->tag, LP_NODE_SCALAR, n->str, n->quoted)) {
				refuse_tag(l, &sp, n->tag);
				break;
			}
			if (l->lim->exact_numbers && !n->quoted)
				check_number(l, n);
			if (ev.data.scalar.anchor) {
				n->anchor = lp_arena_strdup(l->a, (const char *)ev.data.scalar.anchor);
				add_anchor(l, n->anchor, n);
			}
			add_child(l, n);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int seq = ev.type == YAML_SEQUENCE_START_EVENT;
			lp_span sp = span_of(l, ev.start_mark, ev.end_mark);
			lp_node *n;
			if (l->depth >= l->lim->max_depth) {
				lp_diag_add(l->d, LP_SEV_ERROR, RULE, &sp, "flatten the structure",
					"nesting deeper than %zu levels", l->lim->max_depth);
				l->failed = 1;
				break;
			}
			if (count_nodes(l, 1, 0, &sp) < 0)
				break;
			n = new_node(l, seq ? LP_NODE_SEQ : LP_NODE_MAP, ev.start_mark, ev.end_mark,
				seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag);
			n->flow = seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
				      : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
			if (l->lim->refuse_tags && n->tag && !tag_is_noop(n->tag, n->kind, NULL, 0)) {
				refuse_tag(l, &sp, n->tag);
				break;
			}
			push(l, n, seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor);
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			pop(l, ev.end_mark);
			break;
		case YAML_ALIAS_EVENT: {
			lp_span sp = span_of(l, ev.start_mark, ev.end_mark);
			lp_node *target = find_anchor(l, (const char *)ev.data.alias.anchor), *n;
			if (!target) {
				fail(l, &sp, "define the anchor ('&name') before using it, and not around its own alias",
					"undefined or recursive alias '*%s'", (const char *)ev.data.alias.anchor);
				break;
			}
			if (count_nodes(l, target->weight, 1, &sp) < 0)
				break;
			/* The alias shares the anchored subtree; a copy of the node keeps the alias's own position. */
			n = lp_arena_alloc(l->a, sizeof(*n));
			*n = *target;
			n->anchor = lp_arena_strdup(l->a, (const char *)ev.data.alias.anchor);
			n->alias = 1;
			n->start = (uint32_t)byte_of(l, ev.start_mark.index);
			n->end = (uint32_t)byte_of(l, ev.end_mark.index);
			add_child(l, n);
			break;
		}
		default:
			break;
		}
		if (!l->json)
			yaml_event_delete(&ev);
	}
}

/* Back to `fresh`, the loader before a read, keeping the buffers the read grew for the next. */
static void restart(loader *l, const loader *fresh)
{
	loader used = *l;
	*l = *fresh;
	l->stack = used.stack;
	l->cap = used.cap;
	l->sorted = used.sorted;
	l->capsorted = used.capsorted;
	l->anchors = used.anchors;
	l->capanchors = used.capanchors;
}

int lp_yaml__load(lp_node **out, lp_arena *a, const char *file, const char *data, size_t len,
	const lp_yaml_limits *limits, int fast_json, lp_diag *d)
{
	static const lp_yaml_limits defaults = LP_YAML_LIMITS_INIT;
	yaml_parser_t parser;
	loader l;
	const char *nul;
	size_t bad, max_bytes, i;
	int scanned = 0;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.d = d;
	l.lim = limits ? limits : &defaults;
	l.data = data;
	l.len = len;
	l.bom = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	l.cur_byte = l.bom;
	max_bytes = l.lim->max_bytes < LP_YAML_MAX_BYTES ? l.lim->max_bytes : LP_YAML_MAX_BYTES;
	l.file = lp_diag_add_source(d, file, data, len > max_bytes ? 0 : len);

	if (len > max_bytes) {
		lp_span sp = { l.file, 1, 1, 1, 2 };
		lp_diag_add(d, LP_SEV_ERROR, RULE, &sp, "split the file or remove generated bulk",
			"document is %zu bytes, larger than the limit of %zu bytes", len, max_bytes);
		return 0;
	}
	if ((nul = memchr(data, '\0', len)) != NULL) {
		lp_span sp = span_at(l.file, data, (size_t)(nul - data));
		lp_diag_add(d, LP_SEV_ERROR, RULE, &sp, "remove the NUL byte; YAML text cannot contain it",
			"%s", "NUL byte in input");
		return 0;
	}
	if ((bad = lp_utf8_invalid_at(data, len)) != len) {
		lp_span sp = span_at(l.file, data, bad);
		lp_diag_add(d, LP_SEV_ERROR, RULE, &sp, "save the file as UTF-8",
			"invalid UTF-8 byte 0x%02x", (unsigned char)data[bad]);
		return 0;
	}

	/*
	 * JSON in the scanner's subset is read by the scanner, which checks the
	 * subset as it goes (one pass, not a check first and a read after). A
	 * text that turns out not to fit is read again by libyaml, as if the
	 * scanner had not tried: the tree it began and its findings are dropped.
	 */
	if (fast_json && !l.bom) {
		lp_json_scan js;
		lp_arena_pos before;
		size_t found = lp_diag_count(d);
		loader fresh = l;
		lp_arena_mark(&before, a);
		lp_json_scan_init(&js, data, len);
		l.json = &js;
		run(&l, NULL);
		lp_json_scan_release(&js);
		l.json = NULL;
		scanned = 1;
		/* a loader error stopped the read early: the rest decides, as it did before the read */
		if (!l.unfit && l.failed && !lp_json_scan_fits(data, len))
			l.unfit = 1;
		if (l.unfit) {
			lp_arena_rewind(a, &before);
			lp_diag_truncate(d, found);
			restart(&l, &fresh);
			scanned = 0;
		}
	}
	if (!scanned) {
		if (!yaml_parser_initialize(&parser)) {
			lp_error_set(LP_ERROR_LIB, "cannot initialise the YAML parser");
			return LP_ERROR;
		}
		yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
		run(&l, &parser);
		yaml_parser_delete(&parser);
	}
	for (i = 0; i < l.cap; i++) {
		lp_free(l.stack[i].items);
		lp_free(l.stack[i].pairs);
	}
	lp_free(l.stack);
	lp_free(l.sorted);
	lp_free(l.anchors);
	if (!l.failed)
		*out = l.root;
	return 0;
}

int lp_yaml_load(lp_node **out, lp_arena *a, const char *file, const char *data, size_t len,
	const lp_yaml_limits *limits, lp_diag *d)
{
	return lp_yaml__load(out, a, file, data, len, limits, 1, d);
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static int same_node(const lp_node *a, const lp_node *b)
{
	size_t i;
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || !same_str(a->span.file, b->span.file) || a->span.line != b->span.line ||
		a->span.col != b->span.col || a->span.end_line != b->span.end_line || a->span.end_col != b->span.end_col ||
		!same_str(a->tag, b->tag) || a->alias != b->alias || !same_str(a->anchor, b->anchor) ||
		a->start != b->start || a->end != b->end || a->flow != b->flow || a->style != b->style ||
		!same_str(a->str, b->str) || a->len != b->len || a->stype != b->stype || a->quoted != b->quoted ||
		a->n != b->n || a->weight != b->weight)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->kind == LP_NODE_SEQ && !same_node(a->items[i], b->items[i]))
			return 0;
		if (a->kind == LP_NODE_MAP && (!same_node(a->pairs[i].key, b->pairs[i].key) ||
						      !same_node(a->pairs[i].value, b->pairs[i].value)))
			return 0;
	}
	return 1;
}

int lp_yaml__paths_differ(lp_buf *why, const char *file, const char *data, size_t len, const lp_yaml_limits *limits)
{
	lp_arena a1 = LP_ARENA_INIT, a2 = LP_ARENA_INIT;
	lp_diag *d1 = lp_diag_new(), *d2 = lp_diag_new();
	lp_buf t1 = LP_BUF_INIT, t2 = LP_BUF_INIT;
	lp_node *fast = NULL, *slow = NULL;
	int r1 = lp_yaml__load(&fast, &a1, file, data, len, limits, 1, d1);
	int r2 = lp_yaml__load(&slow, &a2, file, data, len, limits, 0, d2);
	int differ;
	lp_diag_print_text(&t1, d1, 0);
	lp_diag_print_text(&t2, d2, 0);
	differ = r1 != r2 || !same_node(fast, slow) || strcmp(t1.ptr, t2.ptr) != 0;
	if (differ)
		lp_buf_printf(why, "%s: the JSON fast path (%s) and libyaml read it otherwise\nfast path:\n%s\nlibyaml:\n%s",
			file, lp_json_scan_fits(data, len) ? "taken" : "not taken", t1.ptr, t2.ptr);
	lp_buf_release(&t1);
	lp_buf_release(&t2);
	lp_diag_free(d1);
	lp_diag_free(d2);
	lp_arena_release(&a1);
	lp_arena_release(&a2);
	return differ;
}

lp_node *lp_node_get(const lp_node *map, const char *key)
{
	const lp_pair *p = lp_node_pair(map, key);
	return p ? p->value : NULL;
}

const lp_pair *lp_node_pair(const lp_node *map, const char *key)
{
	size_t i;
	if (!map || map->kind != LP_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (!strcmp(map->pairs[i].key->str, key))
			return &map->pairs[i];
	return NULL;
}

lp_node *lp_node_get_ci(const lp_node *map, const char *key)
{
	size_t i;
	if (!map || map->kind != LP_NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (ieq(map->pairs[i].key->str, key))
			return map->pairs[i].value;
	return NULL;
}

int lp_node_is_null(const lp_node *n) { return !n || (n->kind == LP_NODE_SCALAR && n->stype == LP_SCALAR_NULL); }

int lp_node_int(int64_t *out, const lp_node *n)
{
	char *end;
	long long v;
	if (n && n->kind == LP_NODE_SCALAR && n->stype == LP_SCALAR_FLOAT) {
		/* 1e3 and 256.0 are integers to JSON Schema, so the schema lets them through */
		double d = strtod(n->str, &end);
		if (*end || !(d > -9.2e18 && d < 9.2e18) || d != (double)(long long)d)
			return -1;
		*out = (int64_t)d;
		return 0;
	}
	if (!n || n->kind != LP_NODE_SCALAR || n->stype != LP_SCALAR_INT)
		return -1;
	errno = 0;
	if (n->str[0] == '0' && n->str[1] == 'o')
		v = strtoll(n->str + 2, &end, 8);
	else if (n->str[0] == '0' && n->str[1] == 'x')
		v = strtoll(n->str + 2, &end, 16);
	else
		v = strtoll(n->str, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int lp_node_double(double *out, const lp_node *n)
{
	int64_t i;
	if (!n || n->kind != LP_NODE_SCALAR)
		return -1;
	if (n->stype == LP_SCALAR_INT) {
		if (lp_node_int(&i, n) < 0)
			return -1;
		*out = (double)i;
		return 0;
	}
	if (n->stype != LP_SCALAR_FLOAT)
		return -1;
	if (strstr(n->str, "inf") || strstr(n->str, "Inf") || strstr(n->str, "INF"))
		*out = n->str[0] == '-' ? -HUGE_VAL : HUGE_VAL;
	else if (strstr(n->str, "nan") || strstr(n->str, "NaN") || strstr(n->str, "NAN"))
		*out = NAN;
	else
		*out = strtod(n->str, NULL);
	return 0;
}

int lp_node_bool(int *out, const lp_node *n)
{
	if (!n || n->kind != LP_NODE_SCALAR || n->stype != LP_SCALAR_BOOL)
		return -1;
	*out = n->str[0] == 't' || n->str[0] == 'T';
	return 0;
}

const char *lp_node_str(const lp_node *n) { return n && n->kind == LP_NODE_SCALAR ? n->str : NULL; }
