#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("logpipe: fatal: out of memory\n", stderr);
	abort();
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		oom();
	return q;
}

static lp_mem default_mem = { xcalloc, xrealloc, free };
lp_mem *lp_mem_default = &default_mem;

void *lp_calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		oom();
	return lp_mem_default->calloc(n, size);
}

void *lp_malloc(size_t size) { return lp_mem_default->calloc(1, size); }

void *lp_realloc(void *p, size_t size) { return lp_mem_default->realloc(p, size); }

void lp_free(void *p) { lp_mem_default->free(p); }

char *lp_strndup(const char *s, size_t n)
{
	char *p = lp_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lp_strdup(const char *s) { return lp_strndup(s, strlen(s)); }
