#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* 2^53: integers up to this magnitude are exact in a double. */
#define EXACT_INT_MAX 9007199254740992.0

static int exact_int(double n)
{
	return n >= -EXACT_INT_MAX && n <= EXACT_INT_MAX && n == (double)(long long)n;
}

static lp_value *value_new(lp_arena *a, lp_value_kind kind)
{
	lp_value *v = lp_arena_alloc(a, sizeof(*v));
	v->kind = kind;
	return v;
}

lp_value *lp_value_null(lp_arena *a)
{
	return value_new(a, LP_VALUE_NULL);
}

lp_value *lp_value_bool(lp_arena *a, int b)
{
	lp_value *v = value_new(a, LP_VALUE_BOOL);
	v->u.boolean = !!b;
	return v;
}

lp_value *lp_value_number(lp_arena *a, double n)
{
	lp_value *v = value_new(a, LP_VALUE_NUMBER);
	v->u.number = n;
	return v;
}

lp_value *lp_value_stringn(lp_arena *a, const char *s, size_t len, const lp_span *span)
{
	lp_value *v = value_new(a, LP_VALUE_STRING);
	v->u.str.ptr = lp_arena_strndup(a, s, len);
	v->u.str.len = len; /* an embedded NUL is kept, so escapers can refuse it */
	if (span)
		v->span = *span;
	return v;
}

lp_value *lp_value_string(lp_arena *a, const char *s, const lp_span *span)
{
	return lp_value_stringn(a, s, strlen(s), span);
}

lp_value *lp_value_list(lp_arena *a)
{
	return value_new(a, LP_VALUE_LIST);
}

lp_value *lp_value_map(lp_arena *a)
{
	return value_new(a, LP_VALUE_MAP);
}

/*
 * Arrays grow by doubling inside the arena; the old block stays allocated
 * until the arena goes, which costs at most as much again as the final size.
 */
static void *grow(lp_arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
	void *nv;
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 4;
	nv = lp_arena_alloc(a, *cap * elem);
	if (n)
		memcpy(nv, v, n * elem);
	return nv;
}

void lp_value_list_push(lp_arena *a, lp_value *list, lp_value *item)
{
	LP_ASSERT_ARG(list && list->kind == LP_VALUE_LIST && item);
	list->u.list.v = grow(a, list->u.list.v, list->u.list.n, &list->u.list.cap, sizeof(lp_value *));
	list->u.list.v[list->u.list.n++] = item;
}

/*
 * `key` is `keylen` bytes that may hold a NUL (a tag name in a hostile
 * template): compared by length and bytes, since strncmp stops at the NUL and
 * the check after it read past a shorter member's key.
 */
static lp_value_member *member_find(const lp_value *map, const char *key, size_t keylen)
{
	size_t i;
	for (i = 0; i < map->u.map.n; i++) {
		lp_value_member *m = &map->u.map.v[i];
		if (strlen(m->key) == keylen && memcmp(m->key, key, keylen) == 0)
			return m;
	}
	return NULL;
}

lp_value *lp_value_map_set(lp_arena *a, lp_value *map, const char *key, lp_value *v)
{
	lp_value_member *m;
	LP_ASSERT_ARG(map && map->kind == LP_VALUE_MAP && key && v);
	m = member_find(map, key, strlen(key));
	if (!m) {
		map->u.map.v = grow(a, map->u.map.v, map->u.map.n, &map->u.map.cap, sizeof(lp_value_member));
		m = &map->u.map.v[map->u.map.n++];
		m->key = lp_arena_strdup(a, key);
	}
	m->value = v;
	return v;
}

lp_value *lp_value_map_set_string(lp_arena *a, lp_value *map, const char *key, const char *s,
	const lp_span *span)
{
	return lp_value_map_set(a, map, key, lp_value_string(a, s, span));
}

lp_value *lp_value_map_set_number(lp_arena *a, lp_value *map, const char *key, double n)
{
	return lp_value_map_set(a, map, key, lp_value_number(a, n));
}

lp_value *lp_value_map_set_bool(lp_arena *a, lp_value *map, const char *key, int b)
{
	return lp_value_map_set(a, map, key, lp_value_bool(a, b));
}

const lp_value *lp_value_map_getn(const lp_value *map, const char *key, size_t keylen)
{
	const lp_value_member *m;
	if (!map || map->kind != LP_VALUE_MAP)
		return NULL;
	m = member_find(map, key, keylen);
	return m ? m->value : NULL;
}

const lp_value *lp_value_map_get(const lp_value *map, const char *key)
{
	return lp_value_map_getn(map, key, strlen(key));
}

int lp_value_truthy(const lp_value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case LP_VALUE_NULL:
		return 0;
	case LP_VALUE_BOOL:
		return v->u.boolean;
	case LP_VALUE_STRING:
		return v->u.str.len > 0;
	case LP_VALUE_LIST:
		return v->u.list.n > 0;
	case LP_VALUE_NUMBER:
	case LP_VALUE_MAP:
		return 1;
	}
	return 1;
}

/*
 * Integers as integers; otherwise the shortest %.*g that reads back to the
 * same double, so 1.21 prints as "1.21" and not "1.2100000000000000". The C locale is assumed (the CLI never
 * calls setlocale), which keeps the output identical on every machine.
 */
static int number_text(lp_buf *out, double n)
{
	lp_buf tmp = LP_BUF_INIT;
	int prec, rc;
	if (isnan(n))
		return lp_buf_puts(out, "nan");
	if (isinf(n))
		return lp_buf_puts(out, n < 0 ? "-inf" : "inf");
	if (n == 0)
		return lp_buf_puts(out, "0"); /* also for -0 */
	/* Whole numbers print as integers: "%.1g" would round-trip 30 as "3e+01". */
	if (exact_int(n))
		return lp_buf_printf(out, "%.0f", n);
	for (prec = 1; prec <= 17; prec++) {
		lp_buf_clear(&tmp);
		lp_buf_printf(&tmp, "%.*g", prec, n);
		if (strtod(tmp.ptr, NULL) == n)
			break;
	}
	rc = lp_buf_put(out, tmp.ptr, tmp.size);
	lp_buf_release(&tmp);
	return rc;
}

int lp_value_to_text(lp_buf *out, const lp_value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case LP_VALUE_NULL:
		return 0;
	case LP_VALUE_BOOL:
		return lp_buf_puts(out, v->u.boolean ? "true" : "false");
	case LP_VALUE_NUMBER:
		return number_text(out, v->u.number);
	case LP_VALUE_STRING:
		return lp_buf_put(out, v->u.str.ptr, v->u.str.len);
	case LP_VALUE_LIST:
	case LP_VALUE_MAP:
		return -1;
	}
	return -1;
}

lp_value *lp_value_from_json(lp_arena *a, const cJSON *json)
{
	const cJSON *c;
	lp_value *v;
	if (!json || cJSON_IsNull(json) || cJSON_IsInvalid(json))
		return lp_value_null(a);
	if (cJSON_IsBool(json))
		return lp_value_bool(a, cJSON_IsTrue(json));
	if (cJSON_IsNumber(json))
		return lp_value_number(a, json->valuedouble);
	if (cJSON_IsString(json) || cJSON_IsRaw(json))
		return lp_value_string(a, json->valuestring ? json->valuestring : "", NULL);
	if (cJSON_IsArray(json)) {
		v = lp_value_list(a);
		cJSON_ArrayForEach(c, json)
			lp_value_list_push(a, v, lp_value_from_json(a, c));
		return v;
	}
	v = lp_value_map(a);
	cJSON_ArrayForEach(c, json)
		lp_value_map_set(a, v, c->string ? c->string : "", lp_value_from_json(a, c));
	return v;
}

lp_value *lp_value_from_node(lp_arena *a, const lp_node *n)
{
	lp_value *v;
	size_t i;
	if (!n)
		return lp_value_null(a);
	switch (n->kind) {
	case LP_NODE_SEQ:
		v = lp_value_list(a);
		for (i = 0; i < n->n; i++)
			lp_value_list_push(a, v, lp_value_from_node(a, n->items[i]));
		break;
	case LP_NODE_MAP:
		v = lp_value_map(a);
		for (i = 0; i < n->n; i++)
			lp_value_map_set(a, v, n->pairs[i].key->str ? n->pairs[i].key->str : "",
				lp_value_from_node(a, n->pairs[i].value));
		break;
	case LP_NODE_SCALAR:
	default: {
		double d;
		int b;
		if (n->stype == LP_SCALAR_NULL && !n->quoted)
			v = lp_value_null(a);
		else if (n->stype == LP_SCALAR_BOOL && !n->quoted && lp_node_bool(&b, n) == 0)
			v = lp_value_bool(a, b);
		else if ((n->stype == LP_SCALAR_INT || n->stype == LP_SCALAR_FLOAT) && !n->quoted &&
			lp_node_double(&d, n) == 0 && (n->stype == LP_SCALAR_FLOAT || exact_int(d)))
			v = lp_value_number(a, d);
		else
			v = lp_value_stringn(a, n->str ? n->str : "", n->str ? n->len : 0, NULL);
		break;
	}
	}
	v->span = n->span;
	return v;
}
