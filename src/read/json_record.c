#include "read/json_record.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * A scanner rather than a DOM: it keeps byte offsets for messages, checks
 * types as it goes and allocates nothing. Nesting is bounded so a hostile
 * line cannot exhaust the stack.
 */

#define MAX_DEPTH 64

typedef struct scan {
	const char *s;
	size_t len, pos;
	int failed;
	lp_json_record *out;
	size_t column; /* the top-level column being read */
	size_t value_off;
	const char *const *keys; /* the top-level key of each column (OpenX mapping), or NULL: its name */
} scan;

static void ws(scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' || sc->s[sc->pos] == '\t' || sc->s[sc->pos] == '\n' ||
				       sc->s[sc->pos] == '\r'))
		sc->pos++;
}

static int fail(scan *sc)
{
	if (!sc->failed) {
		sc->failed = 1;
		sc->out->error_off = sc->pos;
	}
	return -1;
}

/* A string from its opening quote; its content is [*start, *end). */
static int string(scan *sc, size_t *start, size_t *end)
{
	sc->pos++;
	*start = sc->pos;
	while (sc->pos < sc->len) {
		unsigned char c = (unsigned char)sc->s[sc->pos];
		if (c == '"') {
			*end = sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return fail(sc);
		sc->pos += c == '\\' ? 2 : 1;
	}
	return fail(sc);
}

static int literal(scan *sc, const char *word)
{
	size_t n = strlen(word);
	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n))
		return fail(sc);
	sc->pos += n;
	return 0;
}

/*
 * After a member or element: 1 past a ',' (another follows), 0 past `close`
 * (the object or array ends), else the line is no JSON.
 */
static int next_member(scan *sc, char close)
{
	ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
		sc->pos++;
		return 1;
	}
	if (sc->pos < sc->len && sc->s[sc->pos] == close) {
		sc->pos++;
		return 0;
	}
	return fail(sc);
}

/* A number; *integral when it has no fraction or exponent. */
static int number(scan *sc, int *integral)
{
	size_t start = sc->pos;
	*integral = 1;
	if (sc->s[sc->pos] == '-')
		sc->pos++;
	while (sc->pos < sc->len && ((sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9') || strchr(".eE+-", sc->s[sc->pos]))) {
		if (strchr(".eE", sc->s[sc->pos]))
			*integral = 0;
		sc->pos++;
	}
	return sc->pos > start && sc->s[sc->pos - 1] >= '0' && sc->s[sc->pos - 1] <= '9' ? 0 : fail(sc);
}

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_INTEGER, J_STRING, J_OBJECT, J_ARRAY } jkind;

static const char *const jnames[] = { "null", "a boolean", "a number", "an integer", "a string", "an object",
	"an array" };

static int is_type(const lp_ddl_type *t, const char *const *names)
{
	size_t i;
	for (i = 0; names[i]; i++)
		if (t->name && !strcmp(t->name, names[i]))
			return 1;
	return 0;
}

/* 1 when the string [s, s + n) reads as a number (a JSON SerDe parses numeric strings). */
static int numeric_text(const char *s, size_t n, int integral)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (integral || !strchr(".eE+-", s[i]))
			return 0;
	}
	return digits > 0;
}

/* Whether a JSON value of kind `k` fits Hive type `t` (string content [s, s + n) for strings). */
static int fits(const lp_ddl_type *t, jkind k, const char *s, size_t n)
{
	static const char *const ints[] = { "tinyint", "smallint", "int", "integer", "bigint", NULL };
	static const char *const reals[] = { "float", "double", "real", "decimal", NULL };
	if (!t || k == J_NULL)
		return 1;
	switch (t->kind) {
	case LP_DDL_TYPE_STRUCT:
	case LP_DDL_TYPE_MAP:
		return k == J_OBJECT;
	case LP_DDL_TYPE_ARRAY:
		return k == J_ARRAY;
	case LP_DDL_TYPE_PRIMITIVE:
		break;
	}
	if (is_type(t, ints))
		return k == J_INTEGER || (k == J_STRING && numeric_text(s, n, 1));
	if (is_type(t, reals))
		return k == J_INTEGER || k == J_NUMBER || (k == J_STRING && numeric_text(s, n, 0));
	if (t->name && !strcmp(t->name, "boolean"))
		return k == J_BOOL || (k == J_STRING && (n == 4 || n == 5) &&
						(!strncasecmp(s, "true", n) || !strncasecmp(s, "false", n)));
	return 1; /* string, varchar, char, timestamp, date, binary: the SerDe reads any value's text */
}

static void mismatch(scan *sc, const char *path, jkind k, const lp_ddl_type *t)
{
	lp_json_mismatch *m;
	if (sc->out->nmismatches >= LP_JSON_RECORD_MAX_MISMATCH)
		return;
	m = &sc->out->mismatches[sc->out->nmismatches++];
	m->column = sc->column;
	m->off = sc->value_off;
	m->len = 0; /* set when the top-level value ends */
	snprintf(m->path, sizeof(m->path), "%s", path);
	snprintf(m->found, sizeof(m->found), "%s", jnames[k]);
	snprintf(m->want, sizeof(m->want), "%s", t->kind == LP_DDL_TYPE_STRUCT ? "struct" :
						 t->kind == LP_DDL_TYPE_ARRAY ? "array" :
						 t->kind == LP_DDL_TYPE_MAP ? "map" : t->name ? t->name : "?");
}

/*
 * The column whose key is `key`, in any case, as the SerDes match: its name, or
 * with `keys` (OpenX's mapping.<column>) the key of each column.
 */
static const lp_ddl_column *field_of(const lp_ddl_column *cols, const char *const *keys, size_t n, const char *key,
	size_t klen)
{
	size_t i;
	for (i = 0; i < n; i++) {
		const char *name = keys ? keys[i] : cols[i].name;
		if (strlen(name) == klen && !strncasecmp(name, key, klen))
			return &cols[i];
	}
	return NULL;
}

/*
 * A value at the cursor, checked against `t` (NULL: anything, unchecked).
 * `path` is where it is inside the top-level value, for messages.
 */
static int value(scan *sc, const lp_ddl_type *t, char *path, size_t plen, int depth)
{
	size_t a, b, keep = strlen(path), i = 0;
	int integral, more;
	jkind k;
	if (depth > MAX_DEPTH)
		return fail(sc);
	ws(sc);
	if (sc->pos >= sc->len)
		return fail(sc);
	switch (sc->s[sc->pos]) {
	case '{':
		sc->pos++;
		if (t && !fits(t, J_OBJECT, NULL, 0)) {
			mismatch(sc, path, J_OBJECT, t);
			t = NULL; /* said once for the whole value */
		}
		ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
			sc->pos++;
			return 0;
		}
		for (;;) {
			const lp_ddl_type *ft = NULL;
			ws(sc);
			if (sc->pos >= sc->len || sc->s[sc->pos] != '"' || string(sc, &a, &b) < 0)
				return fail(sc);
			if (t && t->kind == LP_DDL_TYPE_STRUCT) {
				const lp_ddl_column *f = field_of(t->fields, NULL, t->nfields, sc->s + a, b - a);
				ft = f ? f->type : NULL;
			} else if (t && t->kind == LP_DDL_TYPE_MAP) {
				ft = t->value;
			}
			ws(sc);
			if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
				return fail(sc);
			sc->pos++;
			snprintf(path + keep, plen - keep, "%s%.*s", keep ? "." : "", (int)(b - a), sc->s + a);
			if (value(sc, ft, path, plen, depth + 1) < 0)
				return -1;
			path[keep] = '\0';
			if ((more = next_member(sc, '}')) <= 0)
				return more;
		}
	case '[':
		sc->pos++;
		if (t && !fits(t, J_ARRAY, NULL, 0)) {
			mismatch(sc, path, J_ARRAY, t);
			t = NULL;
		}
		ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
			sc->pos++;
			return 0;
		}
		for (;; i++) {
			snprintf(path + keep, plen - keep, "[%zu]", i);
			if (value(sc, t ? t->elem : NULL, path, plen, depth + 1) < 0)
				return -1;
			path[keep] = '\0';
			if ((more = next_member(sc, ']')) <= 0)
				return more;
		}
	case '"':
		if (string(sc, &a, &b) < 0)
			return -1;
		k = J_STRING;
		break;
	case 't':
	case 'f':
		if (literal(sc, sc->s[sc->pos] == 't' ? "true" : "false") < 0)
			return -1;
		k = J_BOOL;
		a = b = 0;
		break;
	case 'n':
		if (literal(sc, "null") < 0)
			return -1;
		k = J_NULL;
		a = b = 0;
		break;
	default:
		if (number(sc, &integral) < 0)
			return -1;
		k = integral ? J_INTEGER : J_NUMBER;
		a = b = 0;
		break;
	}
	if (t && !fits(t, k, sc->s + a, b - a))
		mismatch(sc, path, k, t);
	return 0;
}

/* One record object at the cursor ('{'), its keys read against `cols`. */
static int record(scan *sc, const lp_ddl_column *cols, size_t ncols)
{
	lp_json_record *out = sc->out;
	const char *line = sc->s;
	size_t a, b, first, i;
	int more;
	char path[96];
	sc->pos++;
	ws(sc);
	if (sc->pos < sc->len && line[sc->pos] == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		const lp_ddl_column *c;
		ws(sc);
		if (sc->pos >= sc->len || line[sc->pos] != '"' || string(sc, &a, &b) < 0)
			return fail(sc);
		c = field_of(cols, sc->keys, ncols, line + a, b - a);
		if (!c && !out->nunknown++) {
			out->unknown_off = a - 1;
			out->unknown_len = b - a + 2;
		}
		ws(sc);
		if (sc->pos >= sc->len || line[sc->pos] != ':')
			return fail(sc);
		sc->pos++;
		ws(sc);
		sc->column = c ? (size_t)(c - cols) : 0;
		sc->value_off = sc->pos;
		snprintf(path, sizeof(path), "%.*s", (int)(b - a), line + a);
		first = out->nmismatches;
		if (value(sc, c ? c->type : NULL, path, sizeof(path), 1) < 0)
			return -1;
		for (i = first; i < out->nmismatches; i++)
			out->mismatches[i].len = sc->pos - sc->value_off;
		if ((more = next_member(sc, '}')) <= 0)
			return more;
	}
}

/* The verdict of a line that does not start with '{': another JSON value, or no JSON at all. */
static void not_object(lp_json_record *out, const scan *sc)
{
	lp_json_record probe;
	scan ps = *sc;
	char path[96] = "";
	memset(&probe, 0, sizeof(probe));
	ps.out = &probe;
	if (ps.pos < ps.len && value(&ps, NULL, path, sizeof(path), 0) == 0 && (ws(&ps), ps.pos == ps.len)) {
		out->verdict = LP_JSON_RECORD_NOT_OBJECT;
		out->error_off = sc->pos;
		return;
	}
	out->verdict = LP_JSON_RECORD_NOT_JSON;
	out->error_off = ps.failed ? probe.error_off : ps.pos;
}

static void finish(lp_json_record *out, scan *sc, int rc)
{
	if (rc == 0) {
		ws(sc);
		if (sc->pos == sc->len)
			return;
		fail(sc); /* a second value on the line */
	}
	if (!sc->failed)
		out->error_off = sc->pos;
	out->verdict = LP_JSON_RECORD_NOT_JSON;
	out->nmismatches = 0;
	out->nunknown = out->unknown_len = out->unknown_off = 0;
}

static void start(scan *sc, lp_json_record *out, const char *line, size_t len)
{
	memset(out, 0, sizeof(*out));
	memset(sc, 0, sizeof(*sc));
	sc->s = line;
	sc->len = len;
	sc->out = out;
	ws(sc);
}

void lp_json_record_check(lp_json_record *out, const char *line, size_t len, const lp_ddl_column *cols, size_t ncols)
{
	lp_json_record_check_keys(out, line, len, cols, NULL, ncols);
}

void lp_json_record_check_keys(lp_json_record *out, const char *line, size_t len, const lp_ddl_column *cols,
	const char *const *keys, size_t ncols)
{
	scan sc;
	start(&sc, out, line, len);
	sc.keys = keys;
	if (sc.pos >= len || line[sc.pos] != '{') {
		not_object(out, &sc);
		return;
	}
	finish(out, &sc, record(&sc, cols, ncols));
}

void lp_json_record_check_wrapped(lp_json_record *out, const char *line, size_t len, const char *key,
	const lp_ddl_column *cols, size_t ncols)
{
	scan sc;
	size_t a, b, klen = strlen(key);
	int rc = 0, found = 0;
	char path[96] = "";
	start(&sc, out, line, len);
	if (sc.pos >= len || line[sc.pos] != '{') {
		not_object(out, &sc);
		return;
	}
	sc.pos++;
	for (ws(&sc); rc == 0 && sc.pos < len && line[sc.pos] != '}';) {
		if (line[sc.pos] != '"' || string(&sc, &a, &b) < 0 || (ws(&sc), sc.pos >= len || line[sc.pos] != ':')) {
			rc = fail(&sc);
			break;
		}
		sc.pos++;
		ws(&sc);
		if (b - a == klen && !memcmp(line + a, key, klen) && sc.pos < len && line[sc.pos] == '[') {
			found = 1;
			sc.pos++;
			for (ws(&sc); rc == 0 && sc.pos < len && line[sc.pos] != ']';) {
				if (line[sc.pos] != '{') {
					out->verdict = LP_JSON_RECORD_NOT_OBJECT;
					out->error_off = sc.pos;
					return;
				}
				rc = record(&sc, cols, ncols);
				ws(&sc);
				if (rc == 0 && sc.pos < len && line[sc.pos] == ',') {
					sc.pos++;
					ws(&sc);
				}
			}
			if (rc == 0 && sc.pos < len)
				sc.pos++; /* ']' */
		} else {
			rc = value(&sc, NULL, path, sizeof(path), 1);
		}
		ws(&sc);
		if (rc == 0 && sc.pos < len && line[sc.pos] == ',') {
			sc.pos++;
			ws(&sc);
		}
	}
	if (rc == 0 && sc.pos < len)
		sc.pos++; /* '}' */
	else if (rc == 0)
		rc = fail(&sc);
	if (rc == 0 && !found) {
		out->verdict = LP_JSON_RECORD_NOT_OBJECT;
		out->error_off = 0;
		return;
	}
	finish(out, &sc, rc);
}
