#include "util/strmap.h"

#include <string.h>

#include "util/error.h"
#include "util/mem.h"

/* FNV-1a: short keys, no adversary who gains from collisions beyond time bounded by the input. */
static size_t hash_of(const char *key, size_t len)
{
	size_t h = (size_t)14695981039346656037ULL, i;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

static lp_strmap_entry *slot(lp_strmap_entry *v, size_t cap, const char *key, size_t len, size_t h)
{
	size_t i = h & (cap - 1);
	while (v[i].key && !(v[i].hash == h && v[i].len == len && !memcmp(v[i].key, key, len)))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

void *lp_strmap_get(const lp_strmap *m, const char *key, size_t len)
{
	const lp_strmap_entry *e;
	if (!m->cap)
		return NULL;
	e = slot(m->v, m->cap, key, len, hash_of(key, len));
	return e->key ? e->value : NULL;
}

static void grow(lp_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i;
	lp_strmap_entry *v = lp_calloc(cap, sizeof(*v));
	for (i = 0; i < m->cap; i++)
		if (m->v[i].key)
			*slot(v, cap, m->v[i].key, m->v[i].len, m->v[i].hash) = m->v[i];
	lp_free(m->v);
	m->v = v;
	m->cap = cap;
}

void lp_strmap_set(lp_strmap *m, const char *key, size_t len, void *value)
{
	lp_strmap_entry *e;
	size_t h = hash_of(key, len);
	if (!value)
		LP_BUG("lp_strmap_set with a NULL value");
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	e = slot(m->v, m->cap, key, len, h);
	if (!e->key) {
		e->key = lp_malloc(len ? len : 1);
		if (len)
			memcpy(e->key, key, len);
		e->len = len;
		e->hash = h;
		m->n++;
	}
	e->value = value;
}

void lp_strmap_release(lp_strmap *m)
{
	size_t i;
	for (i = 0; i < m->cap; i++)
		lp_free(m->v[i].key);
	lp_free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}
