#ifndef LP_RENDER_VALUE_H
#define LP_RENDER_VALUE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * The data a template is rendered against (jq's one value type): null, bool,
 * number, string, list, or map with keys in insertion order. A renderer
 * converts the part of the model it needs into an lp_value tree and hands it
 * to the template renderer; keys are never sorted, so output follows the order
 * the converter chose.
 *
 * Every value lives in the lp_arena passed to its constructor and is freed
 * with that arena; nothing is freed on its own. Strings are copied in.
 *
 * A string may carry the span of the spec text it came from. When an escaper
 * refuses the string (say, a newline in a log group name going into a Fluent
 * Bit value), the finding points at that span instead of at the template.
 */

typedef enum {
	LP_VALUE_NULL = 0,
	LP_VALUE_BOOL,
	LP_VALUE_NUMBER,
	LP_VALUE_STRING,
	LP_VALUE_LIST,
	LP_VALUE_MAP,
} lp_value_kind;

typedef struct lp_value lp_value;

typedef struct lp_value_member {
	const char *key; /* arena copy */
	lp_value *value;
} lp_value_member;

struct lp_value {
	lp_value_kind kind;
	lp_span span; /* where the value came from; line 0 = unknown */
	union {
		int boolean;
		double number;
		struct {
			const char *ptr; /* NUL-terminated arena copy of `len` bytes (which may include NUL) */
			size_t len;
		} str;
		struct {
			lp_value **v;
			size_t n, cap;
		} list;
		struct {
			lp_value_member *v;
			size_t n, cap;
		} map;
	} u;
};

/* Constructors: the result is owned by `a`. `span` may be NULL (unknown). */
lp_value *lp_value_null(lp_arena *a);
lp_value *lp_value_bool(lp_arena *a, int b);
lp_value *lp_value_number(lp_arena *a, double n);
lp_value *lp_value_string(lp_arena *a, const char *s, const lp_span *span);
lp_value *lp_value_stringn(lp_arena *a, const char *s, size_t len, const lp_span *span);
lp_value *lp_value_list(lp_arena *a);
lp_value *lp_value_map(lp_arena *a);

/* Appends `item` (owned by the same arena) to `list`. */
void lp_value_list_push(lp_arena *a, lp_value *list, lp_value *item);

/*
 * Sets `key` in `map`: replaces the value in place when the key exists (its
 * position is kept), appends otherwise. Returns `v` for chaining.
 */
lp_value *lp_value_map_set(lp_arena *a, lp_value *map, const char *key, lp_value *v);

/* Shorthands for map_set with a freshly made scalar; return the new value. */
lp_value *lp_value_map_set_string(lp_arena *a, lp_value *map, const char *key, const char *s,
	const lp_span *span);
lp_value *lp_value_map_set_number(lp_arena *a, lp_value *map, const char *key, double n);
lp_value *lp_value_map_set_bool(lp_arena *a, lp_value *map, const char *key, int b);

/* Borrowed; NULL when `map` is not a map or has no such key. */
const lp_value *lp_value_map_get(const lp_value *map, const char *key);
const lp_value *lp_value_map_getn(const lp_value *map, const char *key, size_t keylen);

/*
 * Mustache truthiness: null, false, the empty list and the empty string are
 * false; everything else (including 0) is true.
 */
int lp_value_truthy(const lp_value *v);

/*
 * Appends the canonical text of a scalar: strings as they are, numbers in the
 * shortest form that reads back to the same double ("85", "1.21"), booleans
 * as "true"/"false", null as nothing. Returns -1 for lists and maps (they
 * have no text) and on lp_buf overflow.
 */
int lp_value_to_text(lp_buf *out, const lp_value *v);

/*
 * Converts a cJSON tree (objects keep their member order). Strings with an
 * embedded NUL cannot occur in cJSON. Owned by `a`.
 */
lp_value *lp_value_from_json(lp_arena *a, const cJSON *json);

/*
 * Converts a positioned YAML (or JSON) subtree, keeping every node's span so
 * a refused value points at the spec. Scalars become numbers, booleans and
 * nulls as the YAML 1.2 core schema resolved them; an integer too large for a
 * double keeps its text as a string rather than being rounded. Tags are
 * ignored. Owned by `a`; NULL `n` gives null.
 */
lp_value *lp_value_from_node(lp_arena *a, const lp_node *n);

#endif
