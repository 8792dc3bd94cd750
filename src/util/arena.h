#ifndef LP_UTIL_ARENA_H
#define LP_UTIL_ARENA_H

#include <stddef.h>

/*
 * A bump allocator for trees and models: everything allocated from an arena
 * lives until lp_arena_release, so nodes can point at each other freely and
 * no node is freed on its own.
 */
typedef struct lp_arena_chunk lp_arena_chunk;
typedef struct lp_arena {
	lp_arena_chunk *head;
	size_t used; /* bytes handed out, for limits and tests */
	lp_arena_chunk *spare; /* chunks lp_arena_rewind gave back, for the next ones needed */
} lp_arena;

#define LP_ARENA_INIT { NULL, 0, NULL }

/* Zeroed memory, aligned for any type; valid until lp_arena_release. Strings are copied unaligned. */
void *lp_arena_alloc(lp_arena *a, size_t size);
char *lp_arena_strdup(lp_arena *a, const char *s);
char *lp_arena_strndup(lp_arena *a, const char *s, size_t n);
char *lp_arena_printf(lp_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void lp_arena_release(lp_arena *a);
/*
 * Makes the first chunk `size` bytes (at most the largest chunk) instead of
 * the default, for an arena whose use its input foretells; no-op once the
 * arena has a chunk.
 */
void lp_arena_reserve(lp_arena *a, size_t size);

/*
 * A point to go back to: lp_arena_rewind gives back everything allocated
 * after lp_arena_mark took `pos`, for a caller that parsed something it
 * turned out not to keep, or that parses one file after another. The arena
 * keeps the chunks for its next allocations (until lp_arena_release), so a
 * loop of parse and rewind reuses the same memory. Nothing allocated since
 * may still be in use.
 */
typedef struct lp_arena_pos {
	lp_arena_chunk *head;
	size_t off, used;
} lp_arena_pos;
void lp_arena_mark(lp_arena_pos *out, const lp_arena *a);
void lp_arena_rewind(lp_arena *a, const lp_arena_pos *pos);

#endif
