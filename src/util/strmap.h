#ifndef LP_UTIL_STRMAP_H
#define LP_UTIL_STRMAP_H

#include <stddef.h>

/*
 * A hash map from byte-string keys to borrowed pointers, for the lookups that
 * a linear scan made quadratic on large specs. Keys are copied and may hold
 * NUL bytes, so a composite key ("type\0name") needs no escaping. Open
 * addressing, kept at most half full.
 */
typedef struct lp_strmap_entry {
	char *key; /* owned; NULL for an empty slot */
	size_t len;
	size_t hash;
	void *value;
} lp_strmap_entry;

typedef struct lp_strmap {
	lp_strmap_entry *v;
	size_t n, cap;
} lp_strmap;

#define LP_STRMAP_INIT { NULL, 0, 0 }

/* The value stored under the `len` bytes at `key`, or NULL. Borrowed. */
void *lp_strmap_get(const lp_strmap *m, const char *key, size_t len);
/* Stores `value` (not NULL; borrowed) under a copy of `key`, replacing what was there. */
void lp_strmap_set(lp_strmap *m, const char *key, size_t len, void *value);
/* Frees the keys and the table; the values are the caller's. */
void lp_strmap_release(lp_strmap *m);

#endif
