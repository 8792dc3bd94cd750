#ifndef LP_UTIL_MEM_H
#define LP_UTIL_MEM_H

#include <stddef.h>

/*
 * Allocation policy: logpipe is a command-line tool, so running out of memory
 * is fatal (as in cmark and jq). The allocator is a vtable so tests can inject
 * failures; the default one aborts with "logpipe: fatal: out of memory".
 */
typedef struct lp_mem {
	void *(*calloc)(size_t n, size_t size);
	void *(*realloc)(void *p, size_t size);
	void (*free)(void *p);
} lp_mem;

/* The allocator every lp_ function uses. Never returns NULL. */
extern lp_mem *lp_mem_default;

void *lp_calloc(size_t n, size_t size);
void *lp_malloc(size_t size);
void *lp_realloc(void *p, size_t size);
void lp_free(void *p);
/* Caller owns; free with lp_free. */
char *lp_strdup(const char *s);
char *lp_strndup(const char *s, size_t n);

#endif
