#include "artifact/artifact.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/mem.h"

lp_buf *lp_artifact_add(lp_artifact_set *set, const char *path)
{
	lp_artifact *a;
	/* No duplicate check here: a linear scan per add made large specs quadratic. */
	set->sorted = 0;
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
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), cmp_artifact);
	for (i = 1; i < set->n; i++)
		if (!strcmp(set->v[i - 1].path, set->v[i].path))
			LP_BUG("artifact path added twice");
	set->sorted = 1;
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
}
