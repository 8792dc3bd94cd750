#ifndef LP_ARTIFACT_ARTIFACT_H
#define LP_ARTIFACT_ARTIFACT_H

#include <stddef.h>

#include "util/buf.h"

/*
 * The files one build produces: path and bytes, sorted by path, each path
 * once. Renderers fill it, the output writer puts it on disk, `--check`
 * compares it and lint reads it, without any of them knowing the others.
 */

typedef struct lp_artifact {
	char *path;      /* relative to the output directory, '/'-separated; owned */
	lp_buf content;
} lp_artifact;

typedef struct lp_artifact_set {
	lp_artifact *v;
	size_t n, cap;
	int sorted; /* set by lp_artifact_set_sort, cleared by lp_artifact_add */
} lp_artifact_set;

#define LP_ARTIFACT_SET_INIT { NULL, 0, 0, 0 }

/*
 * Adds an empty artifact and returns its buffer to fill (borrowed; valid until
 * the next add). Adding the same path twice is a programming error, caught by
 * lp_artifact_set_sort, which every consumer runs before reading the set.
 */
lp_buf *lp_artifact_add(lp_artifact_set *set, const char *path);
/* Borrowed; NULL if absent. */
const lp_artifact *lp_artifact_find(const lp_artifact_set *set, const char *path);
/* Sorts by path so every consumer sees one order; a duplicate path is a bug. */
void lp_artifact_set_sort(lp_artifact_set *set);
void lp_artifact_set_release(lp_artifact_set *set);

/* The file that lists every artifact of a build with its SHA-256. */
#define LP_LOCK_FILE "logpipe.lock.json"

#endif
