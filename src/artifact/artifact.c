#include "artifact/artifact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/mem.h"

/*
 * The last artifact added is done once another is added or the set is
 * sorted: 120,000 files kept a quarter of their size again in growth room.
 */
static void fit_last(lp_artifact_set *set)
{
	if (set->n)
		lp_buf_fit(&set->v[set->n - 1].content);
}

lp_buf *lp_artifact_add(lp_artifact_set *set, const char *path)
{
	lp_artifact *a;
	/* No duplicate check here: a linear scan per add made large specs quadratic. */
	set->sorted = 0;
	fit_last(set);
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = lp_realloc(set->v, set->cap * sizeof(*set->v));
	}
	a = &set->v[set->n++];
	a->path = lp_strdup(path);
	lp_buf_init(&a->content);
	return &a->content;
}

static int cmp_artifact(const void *a, const void *b)
{
	return strcmp(((const lp_artifact *)a)->path, ((const lp_artifact *)b)->path);
}

const lp_artifact *lp_artifact_find(const lp_artifact_set *set, const char *path)
{
	lp_artifact key;
	size_t i;
	if (set->sorted && set->n) {
		key.path = (char *)path;
		return bsearch(&key, set->v, set->n, sizeof(*set->v), cmp_artifact);
	}
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].path, path))
			return &set->v[i];
	return NULL;
}

void lp_artifact_set_sort(lp_artifact_set *set)
{
	size_t i;
	fit_last(set);
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), cmp_artifact);
	for (i = 1; i < set->n; i++)
		if (!strcmp(set->v[i - 1].path, set->v[i].path))
			LP_BUG("artifact path added twice");
	set->sorted = 1;
}

#define NO_ORIGIN ((size_t)-1)
#define ORIGIN_CHUNK 4096

static lp_artifact_origin *origin_at(const lp_artifact_set *set, size_t i)
{
	return &set->origins[i / ORIGIN_CHUNK][i % ORIGIN_CHUNK];
}

static void origin_release(lp_artifact_origin *o)
{
	o->file = o->where = o->rule = o->key = o->owner = NULL;
}

/* `s` in the set's strings: `same` when it is that string already (the previous origin's, say). */
static char *share(lp_artifact_set *set, const char *same, const char *s)
{
	if (!s)
		return NULL;
	if (same && !strcmp(same, s))
		return (char *)same;
	return lp_arena_strdup(&set->strings, s);
}

/* The first origin recorded for `file` (it may since have been forgotten), or NULL. */
static lp_artifact_origin *first_origin(const lp_artifact_set *set, const char *file)
{
	uintptr_t k = (uintptr_t)lp_strmap_get(&set->origin_files, file, strlen(file));
	return k ? origin_at(set, k - 1) : NULL;
}

/* The origin after `o` among those of its file, or NULL. */
static const lp_artifact_origin *next_origin(const lp_artifact_set *set, const lp_artifact_origin *o)
{
	return o->next__ == NO_ORIGIN ? NULL : origin_at(set, o->next__);
}

void lp_artifact_set_release(lp_artifact_set *set)
{
	size_t i;
	for (i = 0; i < set->n; i++) {
		lp_free(set->v[i].path);
		lp_buf_release(&set->v[i].content);
	}
	lp_free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
	set->sorted = 0;
	for (i = 0; i * ORIGIN_CHUNK < set->norigins; i++)
		lp_free(set->origins[i]);
	lp_free(set->origins);
	set->origins = NULL;
	set->norigins = set->corigins = 0;
	lp_strmap_release(&set->origin_files);
	lp_arena_release(&set->strings);
}

void lp_artifact_origin_add(lp_artifact_set *set, const char *file, const char *where, const char *rule,
	const lp_span *span, const char *key, int defaulted, const char *owner)
{
	lp_artifact_origin *o, *head, *prev;
	if (!span || !span->file || !span->line)
		return;
	if (set->norigins % ORIGIN_CHUNK == 0) {
		size_t c = set->norigins / ORIGIN_CHUNK;
		if (c == set->corigins) {
			set->corigins = set->corigins ? set->corigins * 2 : 8;
			set->origins = lp_realloc(set->origins, set->corigins * sizeof(*set->origins));
		}
		set->origins[c] = lp_malloc(ORIGIN_CHUNK * sizeof(**set->origins));
	}
	o = origin_at(set, set->norigins);
	o->next__ = NO_ORIGIN;
	/* a forgotten origin shares nothing: its strings are NULL */
	prev = set->norigins ? origin_at(set, set->norigins - 1) : NULL;
	if ((head = first_origin(set, file)) != NULL) {
		origin_at(set, head->last__)->next__ = set->norigins;
		head->last__ = set->norigins;
	} else {
		o->last__ = set->norigins;
		lp_strmap_set(&set->origin_files, file, strlen(file), (void *)(uintptr_t)(set->norigins + 1));
	}
	set->norigins++;
	o->file = share(set, head ? head->file : NULL, file);
	o->where = share(set, prev ? prev->where : NULL, where ? where : "");
	o->rule = share(set, prev ? prev->rule : NULL, rule);
	o->span = *span;
	o->key = share(set, prev ? prev->key : NULL, key);
	o->defaulted = defaulted;
	o->owner = share(set, prev ? prev->owner : NULL, owner);
}

/* `prefix` is `where` itself or a parent of it in JSON path syntax. */
static int path_contains(const char *prefix, const char *where)
{
	size_t n = strlen(prefix);
	if (n == 0)
		return 1;
	if (strncmp(prefix, where, n) != 0)
		return 0;
	return where[n] == '\0' || where[n] == '.' || where[n] == '[';
}

const lp_artifact_origin *lp_artifact_origin_find(const lp_artifact_set *set, const char *file, const char *where,
	const char *rule)
{
	const lp_artifact_origin *best = NULL, *o;
	size_t best_len = 0;
	for (o = first_origin(set, file); o; o = next_origin(set, o)) {
		size_t len;
		if (!o->file || !path_contains(o->where, where))
			continue;
		len = strlen(o->where);
		if (o->rule && (!rule || strcmp(o->rule, rule) != 0))
			continue;
		if (!best || len > best_len || (len == best_len && o->rule && !best->rule)) {
			best = o;
			best_len = len;
		}
	}
	return best;
}

int lp_artifact_owned_by(const lp_artifact_set *set, const char *file, const char *where, const char *spec_path)
{
	const lp_artifact_origin *o;
	size_t n = strlen(spec_path);
	for (o = first_origin(set, file); o; o = next_origin(set, o)) {
		if (!o->file || !o->owner || !path_contains(o->where, where))
			continue;
		if (!strncmp(o->owner, spec_path, n) && (o->owner[n] == '\0' || o->owner[n] == '.'))
			return 1;
	}
	return 0;
}

void lp_artifact_origin_forget(lp_artifact_set *set, const char *file)
{
	lp_artifact_origin *o = first_origin(set, file);
	/* Left in place as holes: moving the others would renumber every file's chain. */
	for (; o; o = (lp_artifact_origin *)next_origin(set, o))
		origin_release(o);
}
