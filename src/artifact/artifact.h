#ifndef LP_ARTIFACT_ARTIFACT_H
#define LP_ARTIFACT_ARTIFACT_H

#include <stddef.h>

#include "diag/diag.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"

/*
 * The files one build produces: path and bytes, sorted by path, each path
 * once. Renderers fill it, the output writer puts it on disk, `--check`
 * compares it and lint reads it, without any of them knowing the others.
 */

typedef struct lp_artifact {
	char *path;      /* relative to the output directory, '/'-separated; owned */
	lp_buf content;
} lp_artifact;

/*
 * Where something a renderer emitted came from in the spec, so that a finding
 * on a generated file can be reported where the user can change it. `where`
 * is a JSON path inside the artifact ("LogGroups[2].RetentionInDays"; ""
 * for the whole file); the longest path that contains a finding wins.
 */
typedef struct lp_artifact_origin {
	/* The strings are the set's (lp_artifact_set.strings), shared between origins that have the same one. */
	char *file;    /* artifact path */
	char *where;
	char *rule;    /* only findings of this rule (a key the rule wants absent); NULL = any */
	lp_span span;  /* the spec node, or for a default the mapping its key would go in; file borrowed from the model */
	char *key;     /* dotted spec key to change; NULL when the node itself is the answer */
	int defaulted; /* 1: `key` is not written in the spec and a default applies */
	char *owner;   /* dotted spec path of what this part is generated for ("sources.api_gateway.orders"); NULL = none */
	size_t next__; /* the next origin of the same file, in the order added; (size_t)-1 after the last */
	size_t last__; /* in a file's first origin: its last one */
} lp_artifact_origin;

typedef struct lp_artifact_set {
	lp_artifact *v;
	size_t n, cap;
	int sorted; /* set by lp_artifact_set_sort, cleared by lp_artifact_add */
	/*
	 * In chunks of 4,096 that never move: one array of
	 * half a million origins grown by doubling held twice its size at times.
	 * A forgotten one has file NULL.
	 */
	lp_artifact_origin **origins;
	size_t norigins, corigins; /* corigins: chunks */
	/*
	 * file -> 1 + index of its first origin: a finding looks up the origins of
	 * its own file, never all of them (one scan per finding was quadratic).
	 */
	lp_strmap origin_files;
	/*
	 * The origins' strings: a 10,000-service build records over half a
	 * million origins, most of whose strings repeat the previous origin's.
	 */
	lp_arena strings;
} lp_artifact_set;

#define LP_ARTIFACT_SET_INIT { NULL, 0, 0, 0, NULL, 0, 0, LP_STRMAP_INIT, LP_ARENA_INIT }

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

/*
 * Records that `where` in artifact `file` came from `span` (see
 * lp_artifact_origin). A span without a file records nothing. The set copies
 * every string but `span->file`, which must outlive it.
 */
void lp_artifact_origin_add(lp_artifact_set *set, const char *file, const char *where, const char *rule,
	const lp_span *span, const char *key, int defaulted, const char *owner);
/*
 * The origin of `where` in `file` for a finding of `rule`: the longest
 * recorded path that is `where` or one of its parents, a rule-specific one
 * before a general one of the same length. Borrowed; NULL if none.
 */
const lp_artifact_origin *lp_artifact_origin_find(const lp_artifact_set *set, const char *file, const char *where,
	const char *rule);
/* Drops the origins of `file` (its bytes on disk are not the ones rendered, so positions do not carry over). */
void lp_artifact_origin_forget(lp_artifact_set *set, const char *file);
/*
 * Whether `where` in `file` was generated for the spec node at `spec_path`
 * (a dotted path such as "services.api" or "sources.api_gateway.orders"): an
 * origin containing it has an owner at or below that path.
 */
int lp_artifact_owned_by(const lp_artifact_set *set, const char *file, const char *where, const char *spec_path);

/* The file that lists every artifact of a build with its SHA-256. */
#define LP_LOCK_FILE "logpipe.lock.json"

#endif
