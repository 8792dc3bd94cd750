#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

struct lp_arena_chunk {
	lp_arena_chunk *next;
	size_t cap, off;
	_Alignas(max_align_t) unsigned char data[];
};

/*
 * Chunks start small and double up to CHUNK_MAX: a build keeps thousands of
 * small arenas (one per Fluent Bit conf or DDL it lints) alive at once, and
 * a 64 KiB first chunk each made that most of the peak RSS, while one big
 * model still needs only a few dozen chunks.
 */
#define CHUNK_FIRST (4 * 1024)
#define CHUNK_MAX (1024 * 1024)
#define ALIGN (_Alignof(max_align_t))
/*
 * What a rewind keeps for reuse: a lint worker's parse of one generated
 * file fits many times over; the chunks of a rare huge file go back to the
 * heap, where the rest of the run can use them.
 */
#define SPARE_MAX (8 * 1024 * 1024)

/*
 * A spare chunk of at least `cap` bytes taken off the list, or NULL. The
 * list holds what one rewind gave back (a parse's worth), so it is short.
 */
static lp_arena_chunk *take_spare(lp_arena *a, size_t cap)
{
	lp_arena_chunk **p;
	for (p = &a->spare; *p; p = &(*p)->next)
		if ((*p)->cap >= cap) {
			lp_arena_chunk *c = *p;
			*p = c->next;
			return c;
		}
	return NULL;
}

/*
 * A new empty chunk of `cap` bytes (or a larger spare) in front of the
 * others. Not zeroed here: lp_arena_alloc zeroes what it hands out, and
 * calloc zeroed every chunk a second time.
 */
static lp_arena_chunk *push_chunk(lp_arena *a, size_t cap)
{
	lp_arena_chunk *c = take_spare(a, cap);
	if (!c) {
		c = lp_realloc(NULL, sizeof(*c) + cap);
		c->cap = cap;
	}
	c->off = 0;
	c->next = a->head;
	a->head = c;
	return c;
}

/* `size` bytes at a multiple of `align` (a power of two up to ALIGN); not zeroed. */
static void *take(lp_arena *a, size_t size, size_t align)
{
	lp_arena_chunk *c = a->head;
	size_t off = c ? (c->off + align - 1) & ~(align - 1) : 0;
	void *p;
	if (!c || off > c->cap || c->cap - off < size) {
		size_t cap = !c ? CHUNK_FIRST : c->cap >= CHUNK_MAX / 2 ? CHUNK_MAX : c->cap * 2;
		c = push_chunk(a, cap < size ? size : cap);
		off = 0;
	}
	p = c->data + off;
	a->used += off + size - c->off;
	c->off = off + size;
	return p;
}

void *lp_arena_alloc(lp_arena *a, size_t size)
{
	size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
	void *p;
	if (need < size)
		need = size; /* overflow guard; lp_malloc aborts on absurd sizes */
	p = take(a, need, ALIGN);
	memset(p, 0, size);
	return p;
}

/*
 * Strings are most of what a parsed document allocates besides its nodes,
 * and most are short keys: packed at byte alignment they take far less
 * than rounded up to max_align_t.
 */
char *lp_arena_strndup(lp_arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lp_arena_strdup(lp_arena *a, const char *s) { return lp_arena_strndup(a, s, strlen(s)); }

char *lp_arena_printf(lp_arena *a, const char *fmt, ...)
{
	lp_buf b = LP_BUF_INIT;
	va_list ap;
	char *p;
	va_start(ap, fmt);
	lp_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p = lp_arena_strndup(a, b.ptr, b.size);
	lp_buf_release(&b);
	return p;
}

void lp_arena_reserve(lp_arena *a, size_t size)
{
	if (a->head || size == 0)
		return;
	push_chunk(a, size > CHUNK_MAX ? CHUNK_MAX : size);
}

static void free_chunks(lp_arena_chunk *c)
{
	while (c) {
		lp_arena_chunk *n = c->next;
		lp_free(c);
		c = n;
	}
}

void lp_arena_release(lp_arena *a)
{
	free_chunks(a->head);
	free_chunks(a->spare);
	a->head = a->spare = NULL;
	a->used = 0;
}

void lp_arena_mark(lp_arena_pos *out, const lp_arena *a)
{
	out->head = a->head;
	out->off = a->head ? a->head->off : 0;
	out->used = a->used;
}

void lp_arena_rewind(lp_arena *a, const lp_arena_pos *pos)
{
	size_t kept = 0;
	lp_arena_chunk *c;
	for (c = a->spare; c; c = c->next)
		kept += c->cap;
	while (a->head != pos->head) {
		lp_arena_chunk *n = a->head->next;
		if (kept + a->head->cap <= SPARE_MAX) {
			kept += a->head->cap;
			a->head->next = a->spare;
			a->spare = a->head;
		} else {
			lp_free(a->head);
		}
		a->head = n;
	}
	if (a->head)
		a->head->off = pos->off;
	a->used = pos->used;
}
