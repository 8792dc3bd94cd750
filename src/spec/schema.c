#include "schema.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/buf.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/mem.h"

/*
 * A direct interpreter over the cJSON schema: no compilation step, because
 * the schema is small and validated once per run. Errors are reported as they
 * are found; anyOf/oneOf run their alternatives speculatively and roll the
 * sink back (lp_diag_truncate) to keep only the closest one's errors.
 */

/* Guards $ref chains that do not descend into the instance ("#" -> "#"). */
#define MAX_SCHEMA_DEPTH 256
#define MAX_QUOTED 48

typedef struct vctx {
	lp_diag *d;
	const cJSON *root;
	lp_buf path; /* dotted path of the current node */
	size_t seg;  /* offset in `path` of the current key (its [i] suffixes included) */
	const lp_node *owner; /* key of the pair holding the current node, or NULL */
	/* the `properties` last applied to `props_of`, for examples when an if/then requires a key */
	const cJSON *props;
	const lp_node *props_of;
	unsigned depth;
	struct kw_cache *kws; /* lp_schema_validate's, for kw() */
} vctx;

/* ---- keyword lookups ------------------------------------------------- */

/*
 * Validating a node asks its schema object for some twenty keywords, most
 * of them absent, and cJSON finds each by a scan of the object's members:
 * a spec of thousands of services asked millions of times. The answer for
 * (schema object, keyword) cannot change during a validation, so it is
 * remembered. Keywords are the string literals of the call sites (and one
 * static table), so their addresses are stable keys.
 */
typedef struct kw_entry {
	const cJSON *obj;
	const char *name;
	const cJSON *found; /* NULL: absent */
} kw_entry;

typedef struct kw_cache {
	kw_entry *v;
	size_t n, cap; /* cap is 0 or a power of two */
} kw_cache;

static size_t kw_slot(const kw_cache *c, const cJSON *obj, const char *name)
{
	size_t h = ((uintptr_t)obj >> 4) * 0x9E3779B97F4A7C15u ^ ((uintptr_t)name >> 3) * 0xC2B2AE3D27D4EB4Fu;
	size_t mask = c->cap - 1, i = (h ^ (h >> 29)) & mask;
	while (c->v[i].obj && (c->v[i].obj != obj || c->v[i].name != name))
		i = (i + 1) & mask;
	return i;
}

/* `obj`'s member `name` (cJSON_GetObjectItemCaseSensitive), remembered. */
static const cJSON *kw(const vctx *v, const cJSON *obj, const char *name)
{
	kw_cache *c = v->kws;
	size_t i;
	if (!c || !obj)
		return cJSON_GetObjectItemCaseSensitive(obj, name);
	if (2 * (c->n + 1) > c->cap) {
		kw_cache old = *c;
		size_t k;
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = lp_calloc(c->cap, sizeof(*c->v));
		for (k = 0; k < old.cap; k++)
			if (old.v[k].obj)
				c->v[kw_slot(c, old.v[k].obj, old.v[k].name)] = old.v[k];
		lp_free(old.v);
	}
	i = kw_slot(c, obj, name);
	if (!c->v[i].obj) {
		c->v[i].obj = obj;
		c->v[i].name = name;
		c->v[i].found = cJSON_GetObjectItemCaseSensitive(obj, name);
		c->n++;
	}
	return c->v[i].found;
}

/* ---- pattern cache ---------------------------------------------------- */

typedef struct regex_entry {
	struct regex_entry *next;
	char *pattern;
	pcre2_code *code;
	pcre2_match_data *md;
} regex_entry;

/* Process lifetime: the schema is parsed once and its patterns never change. */
static regex_entry *regex_cache;

static int regex_get(regex_entry **out, const char *pattern)
{
	regex_entry *e;
	int err;
	PCRE2_SIZE off;
	for (e = regex_cache; e; e = e->next)
		if (!strcmp(e->pattern, pattern)) {
			*out = e;
			return 0;
		}
	/*
	 * UTF so that '.' and classes see code points, as ECMA-262 and Python do;
	 * DOLLAR_ENDONLY because ECMA-262's '$' does not match before a final
	 * newline (a name with a trailing newline is not a name).
	 */
	e = lp_calloc(1, sizeof(*e));
	e->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_DOLLAR_ENDONLY,
		&err, &off, NULL);
	if (!e->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof(msg));
		lp_error_set(LP_ERROR_INVALID, "schema pattern '%s' does not compile at offset %zu: %s", pattern,
			(size_t)off, (const char *)msg);
		lp_free(e);
		return -1;
	}
	(void)pcre2_jit_compile(e->code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	e->md = pcre2_match_data_create_from_pattern(e->code, NULL);
	e->pattern = lp_strdup(pattern);
	e->next = regex_cache;
	regex_cache = e;
	*out = e;
	return 0;
}

/* 1 match, 0 no match, -1 broken pattern. JSON Schema patterns are unanchored. */
static int regex_search(const char *pattern, const char *s, size_t len)
{
	regex_entry *e;
	int rc;
	if (regex_get(&e, pattern) < 0)
		return -1;
	rc = pcre2_match(e->code, (PCRE2_SPTR)s, len, 0, 0, e->md, NULL);
	return rc >= 0;
}

/* ---- small helpers ---------------------------------------------------- */

static size_t utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t lp_schema_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, r;
	size_t *d = lp_malloc((la + 1) * (lb + 1) * sizeof(*d));
#define D(x, y) d[(x) * (lb + 1) + (y)]
	for (i = 0; i <= la; i++)
		D(i, 0) = i;
	for (j = 0; j <= lb; j++)
		D(0, j) = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + cost < best)
				best = D(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	r = D(la, lb);
#undef D
	lp_free(d);
	return r;
}

const char *lp_schema_closest(const char *word, const char *const *cands, size_t n)
{
	size_t i, best = SIZE_MAX, len = strlen(word), limit = len < 3 ? 0 : len < 6 ? 1 : len / 3;
	const char *hit = NULL;
	if (len > 64)
		return NULL; /* no typo is that long, and the distance table would be huge */
	for (i = 0; i < n; i++) {
		size_t dist = lp_schema_distance(word, cands[i]);
		if (dist < best) {
			best = dist;
			hit = cands[i];
		}
	}
	return best <= limit ? hit : NULL;
}

static const char *json_type_of(const lp_node *n)
{
	if (!n)
		return "null";
	switch (n->kind) {
	case LP_NODE_MAP: return "object";
	case LP_NODE_SEQ: return "array";
	case LP_NODE_SCALAR: break;
	}
	switch (n->stype) {
	case LP_SCALAR_NULL: return "null";
	case LP_SCALAR_BOOL: return "boolean";
	case LP_SCALAR_INT: return "integer";
	case LP_SCALAR_FLOAT: return "number";
	case LP_SCALAR_STR: break;
	}
	return "string";
}

/* No libm: integral within the int64 range is all a spec ever needs. */
static int is_integral(double v)
{
	return isfinite(v) && v > -9.2e18 && v < 9.2e18 && v == (double)(int64_t)v;
}

static int node_number(double *out, const lp_node *n)
{
	if (!n || n->kind != LP_NODE_SCALAR || (n->stype != LP_SCALAR_INT && n->stype != LP_SCALAR_FLOAT))
		return 0;
	return lp_node_double(out, n) == 0;
}

static int node_is_string(const lp_node *n)
{
	return n && n->kind == LP_NODE_SCALAR && n->stype == LP_SCALAR_STR;
}

static int type_matches(const lp_node *n, const char *type)
{
	const char *t = json_type_of(n);
	double v;
	if (!strcmp(type, t))
		return 1;
	if (!strcmp(type, "number"))
		return !strcmp(t, "integer");
	if (!strcmp(type, "integer") && !strcmp(t, "number"))
		return node_number(&v, n) && is_integral(v);
	return 0;
}

static const char *type_phrase(const char *type)
{
	static const struct { const char *json, *phrase; } names[] = {
		{ "object", "a mapping" }, { "array", "a list" }, { "string", "a string" },
		{ "integer", "an integer" }, { "number", "a number" }, { "boolean", "a boolean" },
		{ "null", "null" },
	};
	size_t i;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].json, type))
			return names[i].phrase;
	return type;
}

static const char *node_phrase(const lp_node *n)
{
	if (n && n->kind == LP_NODE_SCALAR && n->stype == LP_SCALAR_NULL)
		return n->len ? "null" : "an empty value";
	return type_phrase(json_type_of(n));
}

/* 'value' for messages, cut short so one line stays one line. */
static void put_value(lp_buf *b, const lp_node *n)
{
	size_t i, len;
	if (!n || n->kind != LP_NODE_SCALAR) {
		lp_buf_puts(b, n && n->kind == LP_NODE_SEQ ? "the list" : "the mapping");
		return;
	}
	len = n->len;
	lp_buf_putc(b, '\'');
	for (i = 0; i < len && i < MAX_QUOTED; i++) {
		unsigned char c = (unsigned char)n->str[i];
		if (c == '\n')
			lp_buf_puts(b, "\\n");
		else if (c < 0x20)
			lp_buf_printf(b, "\\x%02x", c);
		else
			lp_buf_putc(b, (char)c);
	}
	/* don't cut a UTF-8 sequence in half */
	while (i < len && ((unsigned char)n->str[i] & 0xC0) == 0x80)
		lp_buf_putc(b, n->str[i++]);
	if (i < len)
		lp_buf_puts(b, "...");
	lp_buf_putc(b, '\'');
}

static void put_number(lp_buf *b, double v)
{
	if (is_integral(v) && v < 1e15 && v > -1e15)
		lp_buf_printf(b, "%.0f", v);
	else
		lp_buf_printf(b, "%g", v);
}

static void put_json_scalar(lp_buf *b, const cJSON *j)
{
	if (cJSON_IsString(j))
		lp_buf_puts(b, j->valuestring);
	else if (cJSON_IsNumber(j))
		put_number(b, j->valuedouble);
	else if (cJSON_IsBool(j))
		lp_buf_puts(b, cJSON_IsTrue(j) ? "true" : "false");
	else if (cJSON_IsNull(j))
		lp_buf_puts(b, "null");
	else
		lp_buf_puts(b, "...");
}

/* "'cpu' in services.api", or "the spec" at the root. */
static void put_subject(lp_buf *b, const vctx *v)
{
	if (!v->path.size) {
		lp_buf_puts(b, "the spec");
		return;
	}
	lp_buf_printf(b, "'%s'", v->path.ptr + v->seg);
	if (v->seg > 1)
		lp_buf_printf(b, " in %.*s", (int)(v->seg - 1), v->path.ptr);
}

static void report(vctx *v, const lp_span *span, const char *help, const lp_buf *msg)
{
	lp_diag_entry *e = lp_diag_add(v->d, LP_SEV_ERROR, LP_SCHEMA_RULE, span, help, "%s", msg->ptr);
	if (e && v->path.size)
		e->target = lp_diag_intern(v->d, v->path.ptr);
}

static const char *str_kw(const cJSON *s, const char *kw)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(s, kw);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

static int resolve_ref(const cJSON **out, const cJSON *root, const char *ref);

/* An annotation of `s` or, failing that, of the schemas its $ref chain leads to. */
static const char *str_kw_ref(const vctx *v, const cJSON *s, const char *kw)
{
	int hops;
	for (hops = 0; s && hops < 8; hops++) {
		const char *r = str_kw(s, kw), *ref = str_kw(s, "$ref");
		if (r || !ref || resolve_ref(&s, v->root, ref) < 0)
			return r;
	}
	return NULL;
}

/* ---- paths ------------------------------------------------------------ */

typedef struct saved_path {
	size_t size, seg;
	const lp_node *owner;
} saved_path;

static saved_path push_key(vctx *v, const lp_node *key)
{
	saved_path s = { v->path.size, v->seg, v->owner };
	if (v->path.size)
		lp_buf_putc(&v->path, '.');
	v->seg = v->path.size;
	lp_buf_put(&v->path, key->str, key->len);
	v->owner = key;
	return s;
}

static saved_path push_index(vctx *v, size_t i)
{
	saved_path s = { v->path.size, v->seg, v->owner };
	lp_buf_printf(&v->path, "[%zu]", i);
	v->owner = NULL; /* an item has no key: findings about it point at the item */
	return s;
}

static void pop(vctx *v, saved_path s)
{
	lp_buf_truncate(&v->path, s.size);
	v->seg = s.seg;
	v->owner = s.owner;
}

/* ---- equality (enum, const, uniqueItems) ------------------------------ */

static int node_equals_json(const lp_node *n, const cJSON *j)
{
	const char *t = json_type_of(n);
	double a;
	if (cJSON_IsString(j))
		return !strcmp(t, "string") && strlen(j->valuestring) == n->len && !memcmp(j->valuestring, n->str, n->len);
	if (cJSON_IsNumber(j))
		return node_number(&a, n) && a == j->valuedouble;
	if (cJSON_IsBool(j)) {
		int b;
		return !strcmp(t, "boolean") && lp_node_bool(&b, n) == 0 && b == cJSON_IsTrue(j);
	}
	if (cJSON_IsNull(j))
		return !strcmp(t, "null");
	if (cJSON_IsArray(j)) {
		const cJSON *c;
		size_t i = 0;
		if (n->kind != LP_NODE_SEQ || (size_t)cJSON_GetArraySize(j) != n->n)
			return 0;
		cJSON_ArrayForEach(c, j)
			if (!node_equals_json(n->items[i++], c))
				return 0;
		return 1;
	}
	if (cJSON_IsObject(j)) {
		size_t i;
		if (n->kind != LP_NODE_MAP || (size_t)cJSON_GetArraySize(j) != n->n)
			return 0;
		for (i = 0; i < n->n; i++) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, n->pairs[i].key->str);
			if (!c || !node_equals_json(n->pairs[i].value, c))
				return 0;
		}
		return 1;
	}
	return 0;
}

static int nodes_equal(const lp_node *a, const lp_node *b)
{
	const char *ta = json_type_of(a), *tb = json_type_of(b);
	size_t i;
	double x, y;
	if (node_number(&x, a) && node_number(&y, b))
		return x == y;
	if (strcmp(ta, tb))
		return 0;
	switch (a->kind) {
	case LP_NODE_SCALAR:
		if (a->stype == LP_SCALAR_BOOL) {
			int p, q;
			return lp_node_bool(&p, a) == 0 && lp_node_bool(&q, b) == 0 && p == q;
		}
		if (a->stype == LP_SCALAR_NULL)
			return 1;
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	case LP_NODE_SEQ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!nodes_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case LP_NODE_MAP:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++) {
			const lp_node *o = lp_node_get(b, a->pairs[i].key->str);
			if (!o || !nodes_equal(a->pairs[i].value, o))
				return 0;
		}
		return 1;
	}
	return 0;
}

/* ---- $ref ------------------------------------------------------------- */

static int resolve_ref(const cJSON **out, const cJSON *root, const char *ref)
{
	const cJSON *cur = root;
	const char *p = ref;
	lp_buf tok = LP_BUF_INIT;
	if (p[0] != '#') {
		lp_error_set(LP_ERROR_INVALID, "schema $ref '%s' is not local to the document", ref);
		return -1;
	}
	p++;
	while (*p == '/') {
		p++;
		lp_buf_clear(&tok);
		for (; *p && *p != '/'; p++) {
			if (p[0] == '~' && p[1] == '0') {
				lp_buf_putc(&tok, '~');
				p++;
			} else if (p[0] == '~' && p[1] == '1') {
				lp_buf_putc(&tok, '/');
				p++;
			} else {
				lp_buf_putc(&tok, *p);
			}
		}
		if (cJSON_IsArray(cur)) {
			char *end;
			long i = strtol(tok.ptr, &end, 10);
			cur = *end ? NULL : cJSON_GetArrayItem(cur, (int)i);
		} else {
			cur = cJSON_GetObjectItemCaseSensitive(cur, tok.ptr);
		}
		if (!cur)
			break;
	}
	lp_buf_release(&tok);
	if (!cur || *p) {
		lp_error_set(LP_ERROR_INVALID, "schema $ref '%s' leads nowhere", ref);
		return -1;
	}
	*out = cur;
	return 0;
}

/* ---- the validator ---------------------------------------------------- */

static int validate(vctx *v, const lp_node *n, const cJSON *s);

static int type_includes(const cJSON *type, const char *name)
{
	const cJSON *t;
	if (cJSON_IsString(type))
		return !strcmp(type->valuestring, name);
	cJSON_ArrayForEach(t, type)
		if (cJSON_IsString(t) && !strcmp(t->valuestring, name))
			return 1;
	return 0;
}

static int check_type(vctx *v, const lp_node *n, const cJSON *type, int *ok)
{
	const cJSON *t;
	lp_buf msg = LP_BUF_INIT;
	const char *help = NULL;
	int first = 1;
	*ok = 1;
	if (cJSON_IsString(type)) {
		if (type_matches(n, type->valuestring))
			return 0;
	} else if (cJSON_IsArray(type)) {
		cJSON_ArrayForEach(t, type)
			if (cJSON_IsString(t) && type_matches(n, t->valuestring))
				return 0;
	} else {
		lp_error_set(LP_ERROR_INVALID, "schema 'type' must be a string or an array");
		return -1;
	}
	*ok = 0;
	lp_buf_puts(&msg, "expected ");
	if (cJSON_IsString(type)) {
		lp_buf_puts(&msg, type_phrase(type->valuestring));
	} else {
		cJSON_ArrayForEach(t, type) {
			if (!cJSON_IsString(t))
				continue;
			lp_buf_printf(&msg, "%s%s", first ? "" : t->next ? ", " : " or ", type_phrase(t->valuestring));
			first = 0;
		}
	}
	lp_buf_puts(&msg, " for ");
	put_subject(&msg, v);
	lp_buf_printf(&msg, ", got %s", node_phrase(n));

	/* The usual YAML surprises get a concrete fix. */
	if (n && n->kind == LP_NODE_SCALAR) {
		char *end = NULL;
		if (n->stype == LP_SCALAR_STR && n->len && (type_includes(type, "integer") || type_includes(type, "number"))) {
			(void)strtod(n->str, &end);
			if (end && !*end && n->str[0] != ' ')
				help = "remove the quotes to write a number";
		}
		if (n->stype == LP_SCALAR_STR && !n->quoted && type_includes(type, "boolean"))
			help = "YAML 1.2 booleans are only true and false";
		if (n->stype != LP_SCALAR_STR && n->stype != LP_SCALAR_NULL && type_includes(type, "string"))
			help = "quote the value to make it a string";
		if (n->stype == LP_SCALAR_NULL && !n->len)
			help = "give a value, or remove the key";
	}
	report(v, n ? &n->span : NULL, help, &msg);
	lp_buf_release(&msg);
	return 0;
}

static void put_enum_values(lp_buf *b, const cJSON *list)
{
	const cJSON *e;
	int first = 1;
	cJSON_ArrayForEach(e, list) {
		if (!first)
			lp_buf_puts(b, ", ");
		put_json_scalar(b, e);
		first = 0;
	}
}

static void check_enum(vctx *v, const lp_node *n, const cJSON *s, const cJSON *list)
{
	const cJSON *e, *shown;
	const char *words[64];
	size_t nw = 0;
	const char *hit = NULL;
	lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
	cJSON_ArrayForEach(e, list) {
		if (node_equals_json(n, e))
			return;
		if (cJSON_IsString(e) && nw < 64)
			words[nw++] = e->valuestring;
	}
	/*
	 * x-did-you-mean maps words users reach for to the value meant (s3 ->
	 * lake), and x-enum-shown lists the values worth offering when others
	 * are accepted only to be explained (a database as a destination).
	 */
	if (node_is_string(n)) {
		const cJSON *alias = cJSON_GetObjectItemCaseSensitive(kw(v, s, "x-did-you-mean"), n->str);
		hit = cJSON_IsString(alias) ? alias->valuestring : lp_schema_closest(n->str, words, nw);
	}
	shown = kw(v, s, "x-enum-shown");
	lp_buf_puts(&msg, "invalid value ");
	put_value(&msg, n);
	lp_buf_puts(&msg, " for ");
	put_subject(&msg, v);
	if (hit)
		lp_buf_printf(&help, "did you mean '%s'? ", hit);
	lp_buf_puts(&help, "allowed: ");
	put_enum_values(&help, cJSON_IsArray(shown) ? shown : list);
	report(v, &n->span, help.ptr, &msg);
	lp_buf_release(&msg);
	lp_buf_release(&help);
}

static void check_const(vctx *v, const lp_node *n, const cJSON *c)
{
	lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
	if (node_equals_json(n, c))
		return;
	lp_buf_puts(&msg, "invalid value ");
	put_value(&msg, n);
	lp_buf_puts(&msg, " for ");
	put_subject(&msg, v);
	lp_buf_puts(&help, "the only accepted value is ");
	put_json_scalar(&help, c);
	report(v, &n->span, help.ptr, &msg);
	lp_buf_release(&msg);
	lp_buf_release(&help);
}

static int check_string(vctx *v, const lp_node *n, const cJSON *s)
{
	const cJSON *j;
	lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
	size_t len = utf8_length(n->str, n->len);
	const char *pat = str_kw(s, "pattern");
	int rc;
	if ((j = kw(v, s, "minLength")) && cJSON_IsNumber(j) && (double)len < j->valuedouble) {
		put_value(&msg, n);
		lp_buf_puts(&msg, " is too short for ");
		put_subject(&msg, v);
		lp_buf_printf(&msg, " (%zu characters, at least ", len);
		put_number(&msg, j->valuedouble);
		lp_buf_putc(&msg, ')');
		report(v, &n->span, str_kw(s, "patternErrorMessage"), &msg);
		lp_buf_clear(&msg);
	}
	if ((j = kw(v, s, "maxLength")) && cJSON_IsNumber(j) && (double)len > j->valuedouble) {
		put_value(&msg, n);
		lp_buf_puts(&msg, " is too long for ");
		put_subject(&msg, v);
		lp_buf_printf(&msg, " (%zu characters, at most ", len);
		put_number(&msg, j->valuedouble);
		lp_buf_putc(&msg, ')');
		report(v, &n->span, NULL, &msg);
		lp_buf_clear(&msg);
	}
	if (pat) {
		if ((rc = regex_search(pat, n->str, n->len)) < 0) {
			lp_buf_release(&msg);
			return -1;
		}
		if (!rc) {
			put_value(&msg, n);
			lp_buf_puts(&msg, " is not a valid value for ");
			put_subject(&msg, v);
			if (str_kw(s, "patternErrorMessage"))
				lp_buf_puts(&help, str_kw(s, "patternErrorMessage"));
			else
				lp_buf_printf(&help, "it must match %s", pat);
			report(v, &n->span, help.ptr, &msg);
		}
	}
	lp_buf_release(&msg);
	lp_buf_release(&help);
	return 0;
}

static void check_number(vctx *v, const lp_node *n, const cJSON *s)
{
	static const struct { const char *kw, *what; int below; int strict; } bounds[] = {
		{ "minimum", "at least", 1, 0 }, { "exclusiveMinimum", "more than", 1, 1 },
		{ "maximum", "at most", 0, 0 }, { "exclusiveMaximum", "less than", 0, 1 },
	};
	double x;
	size_t i;
	if (!node_number(&x, n))
		return;
	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		const cJSON *j = kw(v, s, bounds[i].kw);
		lp_buf msg = LP_BUF_INIT;
		int bad;
		if (!cJSON_IsNumber(j))
			continue;
		if (bounds[i].below)
			bad = bounds[i].strict ? !(x > j->valuedouble) : !(x >= j->valuedouble);
		else
			bad = bounds[i].strict ? !(x < j->valuedouble) : !(x <= j->valuedouble);
		if (!bad)
			continue;
		lp_buf_printf(&msg, "%s is out of range for ", n->str);
		put_subject(&msg, v);
		lp_buf_printf(&msg, " (%s ", bounds[i].what);
		put_number(&msg, j->valuedouble);
		lp_buf_putc(&msg, ')');
		report(v, &n->span, NULL, &msg);
		lp_buf_release(&msg);
	}
	{
		const cJSON *j = kw(v, s, "multipleOf");
		if (cJSON_IsNumber(j) && j->valuedouble > 0 && !is_integral(x / j->valuedouble)) {
			lp_buf msg = LP_BUF_INIT;
			lp_buf_printf(&msg, "%s is not a multiple of ", n->str);
			put_number(&msg, j->valuedouble);
			lp_buf_puts(&msg, " for ");
			put_subject(&msg, v);
			report(v, &n->span, NULL, &msg);
			lp_buf_release(&msg);
		}
	}
}

static void report_unknown_key(vctx *v, const lp_node *key, const cJSON *props)
{
	const char *words[128];
	size_t nw = 0;
	const cJSON *p;
	const char *hit;
	lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
	cJSON_ArrayForEach(p, props)
		if (nw < 128)
			words[nw++] = p->string;
	hit = lp_schema_closest(key->str, words, nw);
	lp_buf_puts(&msg, "unknown key ");
	put_value(&msg, key);
	lp_buf_printf(&msg, " in %s", v->path.size ? v->path.ptr : "the spec");
	if (hit) {
		lp_buf_printf(&help, "did you mean '%s'?", hit);
	} else if (nw) {
		size_t i;
		lp_buf_puts(&help, "allowed keys: ");
		for (i = 0; i < nw; i++)
			lp_buf_printf(&help, "%s%s", i ? ", " : "", words[i]);
	} else {
		lp_buf_puts(&help, "no keys are allowed here");
	}
	{
		/* the finding is about the key, so its target is the key's path */
		saved_path sp = push_key(v, key);
		report(v, &key->span, help.ptr, &msg);
		pop(v, sp);
	}
	lp_buf_release(&msg);
	lp_buf_release(&help);
}

/* Runs `s` on the key as a string; on failure, one finding about the name. */
static int check_property_name(vctx *v, const lp_node *key, const cJSON *s)
{
	size_t before = lp_diag_count(v->d);
	lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
	lp_node k = *key;
	int error;
	k.stype = LP_SCALAR_STR; /* names are strings whatever they look like */
	if ((error = validate(v, &k, s)) < 0)
		return error;
	if (lp_diag_count(v->d) == before)
		return 0;
	lp_diag_truncate(v->d, before);
	lp_buf_puts(&msg, "invalid name ");
	put_value(&msg, key);
	lp_buf_printf(&msg, " in %s", v->path.size ? v->path.ptr : "the spec");
	if (str_kw_ref(v, s, "patternErrorMessage"))
		lp_buf_puts(&help, str_kw_ref(v, s, "patternErrorMessage"));
	else if (str_kw_ref(v, s, "pattern"))
		lp_buf_printf(&help, "names must match %s", str_kw_ref(v, s, "pattern"));
	{
		saved_path sp = push_key(v, key);
		report(v, &key->span, help.size ? help.ptr : NULL, &msg);
		pop(v, sp);
	}
	lp_buf_release(&msg);
	lp_buf_release(&help);
	return 0;
}

static int check_object(vctx *v, const lp_node *n, const cJSON *s)
{
	const cJSON *props = kw(v, s, "properties");
	const cJSON *pprops = kw(v, s, "patternProperties");
	const cJSON *addl = kw(v, s, "additionalProperties");
	const cJSON *names = kw(v, s, "propertyNames");
	const cJSON *req = kw(v, s, "required");
	const cJSON *j;
	size_t i;
	int error = 0;

	const cJSON *ex_props = props ? props : v->props_of == n ? v->props : NULL;
	/* an if/then may name the key in properties of its own (Ajv's strictRequired) without examples */
	const cJSON *outer_props = props && v->props_of == n ? v->props : NULL;
	if (props) {
		v->props = props;
		v->props_of = n;
	}
	for (i = 0; i < n->n; i++) {
		const lp_node *key = n->pairs[i].key, *val = n->pairs[i].value;
		const cJSON *ps = props ? cJSON_GetObjectItemCaseSensitive(props, key->str) : NULL, *pp;
		int matched = ps != NULL;
		saved_path sp;
		if (names && (error = check_property_name(v, key, names)) < 0)
			return error;
		sp = push_key(v, key);
		if (ps && (error = validate(v, val, ps)) < 0)
			goto fail;
		cJSON_ArrayForEach(pp, pprops) {
			int rc = regex_search(pp->string, key->str, key->len);
			if (rc < 0) {
				error = -1;
				goto fail;
			}
			if (rc) {
				matched = 1;
				if ((error = validate(v, val, pp)) < 0)
					goto fail;
			}
		}
		if (!matched && addl && cJSON_IsObject(addl) && (error = validate(v, val, addl)) < 0)
			goto fail;
		pop(v, sp);
		if (!matched && cJSON_IsFalse(addl))
			report_unknown_key(v, key, props);
		continue;
	fail:
		pop(v, sp);
		return error;
	}

	cJSON_ArrayForEach(j, req) {
		lp_buf msg = LP_BUF_INIT, help = LP_BUF_INIT;
		const cJSON *ps, *ex;
		if (!cJSON_IsString(j) || lp_node_get(n, j->valuestring))
			continue;
		lp_buf_printf(&msg, "missing required key '%s' in %s", j->valuestring,
			v->path.size ? v->path.ptr : "the spec");
		ps = ex_props ? cJSON_GetObjectItemCaseSensitive(ex_props, j->valuestring) : NULL;
		ex = ps ? cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ps, "examples"), 0) : NULL;
		if (!ex && outer_props && (ps = cJSON_GetObjectItemCaseSensitive(outer_props, j->valuestring)) != NULL)
			ex = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ps, "examples"), 0);
		if (ex && !cJSON_IsObject(ex) && !cJSON_IsArray(ex)) {
			lp_buf_printf(&help, "add it, e.g. %s: ", j->valuestring);
			/* quote what YAML would not read back as this string */
			if (cJSON_IsString(ex) && regex_search("^[A-Za-z_/][A-Za-z0-9._/:@+=,-]*$", ex->valuestring,
				strlen(ex->valuestring)) != 1)
				lp_buf_printf(&help, "\"%s\"", ex->valuestring);
			else
				put_json_scalar(&help, ex);
		}
		report(v, v->owner ? &v->owner->span : &n->span, help.size ? help.ptr : NULL, &msg);
		lp_buf_release(&msg);
		lp_buf_release(&help);
	}

	if ((j = kw(v, s, "minProperties")) && cJSON_IsNumber(j) && (double)n->n < j->valuedouble) {
		lp_buf msg = LP_BUF_INIT;
		put_subject(&msg, v);
		lp_buf_printf(&msg, " has %zu %s, needs at least ", (size_t)n->n, n->n == 1 ? "entry" : "entries");
		put_number(&msg, j->valuedouble);
		report(v, v->owner ? &v->owner->span : &n->span, NULL, &msg);
		lp_buf_release(&msg);
	}
	if ((j = kw(v, s, "maxProperties")) && cJSON_IsNumber(j) && (double)n->n > j->valuedouble) {
		lp_buf msg = LP_BUF_INIT;
		put_subject(&msg, v);
		lp_buf_printf(&msg, " has %zu entries, at most ", (size_t)n->n);
		put_number(&msg, j->valuedouble);
		lp_buf_puts(&msg, " are allowed");
		report(v, v->owner ? &v->owner->span : &n->span, NULL, &msg);
		lp_buf_release(&msg);
	}
	return 0;
}

static int check_array(vctx *v, const lp_node *n, const cJSON *s)
{
	const cJSON *prefix = kw(v, s, "prefixItems");
	const cJSON *items = kw(v, s, "items");
	const cJSON *j;
	size_t i, np = cJSON_IsArray(prefix) ? (size_t)cJSON_GetArraySize(prefix) : 0;
	int error;
	for (i = 0; i < n->n; i++) {
		const cJSON *is = i < np ? cJSON_GetArrayItem(prefix, (int)i) : items;
		saved_path sp;
		if (!is)
			continue;
		sp = push_index(v, i);
		error = validate(v, n->items[i], is);
		pop(v, sp);
		if (error < 0)
			return error;
	}
	if ((j = kw(v, s, "minItems")) && cJSON_IsNumber(j) && (double)n->n < j->valuedouble) {
		lp_buf msg = LP_BUF_INIT;
		put_subject(&msg, v);
		lp_buf_printf(&msg, " has %zu %s, needs at least ", (size_t)n->n, n->n == 1 ? "item" : "items");
		put_number(&msg, j->valuedouble);
		report(v, &n->span, NULL, &msg);
		lp_buf_release(&msg);
	}
	if ((j = kw(v, s, "maxItems")) && cJSON_IsNumber(j) && (double)n->n > j->valuedouble) {
		lp_buf msg = LP_BUF_INIT;
		put_subject(&msg, v);
		lp_buf_printf(&msg, " has %zu items, at most ", (size_t)n->n);
		put_number(&msg, j->valuedouble);
		lp_buf_puts(&msg, " are allowed");
		report(v, &n->span, NULL, &msg);
		lp_buf_release(&msg);
	}
	if (cJSON_IsTrue(kw(v, s, "uniqueItems"))) {
		for (i = 1; i < n->n; i++) {
			size_t k;
			for (k = 0; k < i; k++)
				if (nodes_equal(n->items[k], n->items[i]))
					break;
			if (k < i) {
				lp_buf msg = LP_BUF_INIT;
				saved_path sp = push_index(v, i);
				lp_buf_puts(&msg, "duplicate item ");
				put_value(&msg, n->items[i]);
				lp_buf_puts(&msg, " in ");
				pop(v, sp);
				put_subject(&msg, v);
				sp = push_index(v, i);
				report(v, &n->items[i]->span, "each item may appear once", &msg);
				pop(v, sp);
				lp_buf_release(&msg);
			}
		}
	}
	return 0;
}

/* Runs `s` speculatively; *nerr gets its error count and the sink is rolled back. */
static int trial(vctx *v, const lp_node *n, const cJSON *s, size_t *nerr)
{
	size_t before = lp_diag_count(v->d);
	const cJSON *props = v->props;
	const lp_node *props_of = v->props_of;
	int error = validate(v, n, s);
	*nerr = lp_diag_count(v->d) - before;
	lp_diag_truncate(v->d, before);
	v->props = props;
	v->props_of = props_of;
	return error;
}

/* Does the node have the type `alt` (or what its $ref leads to) asks for? */
static int alt_type_ok(const vctx *v, const lp_node *n, const cJSON *alt)
{
	int hops;
	for (hops = 0; cJSON_IsObject(alt) && hops < 8; hops++) {
		const cJSON *type = kw(v, alt, "type"), *t;
		const char *ref = str_kw(alt, "$ref");
		if (cJSON_IsString(type))
			return type_matches(n, type->valuestring);
		if (cJSON_IsArray(type)) {
			cJSON_ArrayForEach(t, type)
				if (cJSON_IsString(t) && type_matches(n, t->valuestring))
					return 1;
			return 0;
		}
		if (!ref || resolve_ref(&alt, v->root, ref) < 0)
			break;
	}
	return 1;
}

static int check_alternatives(vctx *v, const lp_node *n, const cJSON *list, int one)
{
	const cJSON *alt, *best = NULL;
	size_t best_err = SIZE_MAX, matches = 0, nerr;
	int error;
	cJSON_ArrayForEach(alt, list) {
		if ((error = trial(v, n, alt, &nerr)) < 0)
			return error;
		if (!nerr)
			matches++;
		/* an alternative of another type is the farthest, however few its errors */
		if (nerr && !alt_type_ok(v, n, alt))
			nerr += 1u << 20;
		if (nerr < best_err) {
			best_err = nerr;
			best = alt;
		}
	}
	if (!best)
		return 0;
	if (matches == 0)
		return validate(v, n, best); /* report the closest alternative only */
	if (one && matches > 1) {
		lp_buf msg = LP_BUF_INIT;
		lp_buf_puts(&msg, "ambiguous value for ");
		put_subject(&msg, v);
		lp_buf_printf(&msg, ": it matches %zu alternatives where exactly one must match", matches);
		report(v, n ? &n->span : NULL, NULL, &msg);
		lp_buf_release(&msg);
	}
	return 0;
}

static int validate(vctx *v, const lp_node *n, const cJSON *s)
{
	const cJSON *j;
	int error = 0, ok;
	static const lp_node null_node = { .kind = LP_NODE_SCALAR, .str = "", .stype = LP_SCALAR_NULL };

	if (!n)
		n = &null_node;
	if (cJSON_IsTrue(s))
		return 0;
	if (cJSON_IsFalse(s)) {
		lp_buf msg = LP_BUF_INIT;
		put_subject(&msg, v);
		lp_buf_puts(&msg, " is not allowed here");
		report(v, &n->span, NULL, &msg);
		lp_buf_release(&msg);
		return 0;
	}
	if (!cJSON_IsObject(s)) {
		lp_error_set(LP_ERROR_INVALID, "schema at '%s' is neither an object nor a boolean", v->path.ptr);
		return -1;
	}
	if (++v->depth > MAX_SCHEMA_DEPTH) {
		lp_error_set(LP_ERROR_INVALID, "schema nests or refers to itself too deeply at '%s'", v->path.ptr);
		error = -1;
		goto done;
	}

	if ((j = kw(v, s, "$ref"))) {
		const cJSON *target;
		if (!cJSON_IsString(j) || (error = resolve_ref(&target, v->root, j->valuestring)) < 0) {
			if (!cJSON_IsString(j))
				lp_error_set(LP_ERROR_INVALID, "schema $ref must be a string");
			error = -1;
			goto done;
		}
		if ((error = validate(v, n, target)) < 0)
			goto done;
	}
	if ((j = kw(v, s, "type"))) {
		if ((error = check_type(v, n, j, &ok)) < 0)
			goto done;
		if (!ok)
			goto done; /* the other keywords would only repeat the type error */
	}
	if ((j = kw(v, s, "enum")))
		check_enum(v, n, s, j);
	if ((j = kw(v, s, "const")))
		check_const(v, n, j);
	if (node_is_string(n) && (error = check_string(v, n, s)) < 0)
		goto done;
	check_number(v, n, s);
	if (n->kind == LP_NODE_MAP && (error = check_object(v, n, s)) < 0)
		goto done;
	if (n->kind == LP_NODE_SEQ && (error = check_array(v, n, s)) < 0)
		goto done;

	if ((j = kw(v, s, "allOf"))) {
		const cJSON *a;
		cJSON_ArrayForEach(a, j)
			if ((error = validate(v, n, a)) < 0)
				goto done;
	}
	if ((j = kw(v, s, "anyOf")) && (error = check_alternatives(v, n, j, 0)) < 0)
		goto done;
	if ((j = kw(v, s, "oneOf")) && (error = check_alternatives(v, n, j, 1)) < 0)
		goto done;
	if ((j = kw(v, s, "not"))) {
		size_t nerr;
		if ((error = trial(v, n, j, &nerr)) < 0)
			goto done;
		if (!nerr) {
			lp_buf msg = LP_BUF_INIT;
			put_value(&msg, n);
			lp_buf_puts(&msg, " is not allowed for ");
			put_subject(&msg, v);
			report(v, &n->span, str_kw(j, "description"), &msg);
			lp_buf_release(&msg);
		}
	}
	if ((j = kw(v, s, "if"))) {
		const cJSON *then = kw(v, s, "then");
		const cJSON *els = kw(v, s, "else");
		size_t nerr;
		if ((error = trial(v, n, j, &nerr)) < 0)
			goto done;
		if (!nerr && then)
			error = validate(v, n, then);
		else if (nerr && els)
			error = validate(v, n, els);
	}
done:
	v->depth--;
	return error;
}

int lp_schema_validate(const lp_node *root, const cJSON *schema, lp_diag *d)
{
	vctx v;
	int error;
	LP_ASSERT_ARG(schema);
	LP_ASSERT_ARG(d);
	kw_cache kws = { NULL, 0, 0 };
	memset(&v, 0, sizeof(v));
	v.d = d;
	v.root = schema;
	v.kws = &kws;
	lp_buf_init(&v.path);
	error = validate(&v, root, schema);
	lp_buf_release(&v.path);
	lp_free(kws.v);
	return error;
}

/* Process lifetime, like the embedded text it comes from. */
static cJSON *logpipe_schema;

int lp_schema_logpipe(const cJSON **out)
{
	const lp_embedded_file *f;
	*out = NULL;
	if (!logpipe_schema) {
		if (!(f = lp_embedded_find("schemas/logpipe.schema.json"))) {
			lp_error_set(LP_ERROR_INTERNAL, "schemas/logpipe.schema.json was not embedded in this build");
			return -1;
		}
		if (!(logpipe_schema = cJSON_ParseWithLength(f->data, f->len))) {
			lp_error_set(LP_ERROR_INTERNAL, "schemas/logpipe.schema.json is not valid JSON");
			return -1;
		}
	}
	*out = logpipe_schema;
	return 0;
}
