#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

char lp_buf__initbuf[1];

void lp_buf_init(lp_buf *b)
{
	b->ptr = lp_buf__initbuf;
	b->asize = 0;
	b->size = 0;
	b->toobig = 0;
}

void lp_buf_release(lp_buf *b)
{
	if (b->asize)
		lp_free(b->ptr);
	lp_buf_init(b);
}

void lp_buf_clear(lp_buf *b)
{
	b->size = 0;
	b->toobig = 0;
	if (b->asize)
		b->ptr[0] = '\0';
}

void lp_buf_fit(lp_buf *b)
{
	if (b->asize > b->size + 1) {
		b->ptr = lp_realloc(b->ptr, b->size + 1);
		b->asize = b->size + 1;
	}
}

char *lp_buf_detach(lp_buf *b, size_t *len)
{
	char *p;
	if (len)
		*len = b->size;
	p = b->asize ? b->ptr : lp_strdup("");
	lp_buf_init(b);
	return p;
}

int lp_buf_grow(lp_buf *b, size_t extra)
{
	size_t want;
	if (b->toobig)
		return -1;
	if (extra > LP_BUF_MAX || b->size + extra > LP_BUF_MAX) {
		b->toobig = 1;
		return -1;
	}
	want = b->size + extra + 1;
	if (want <= b->asize)
		return 0;
	if (want < b->asize + b->asize / 2)
		want = b->asize + b->asize / 2;
	if (want < 64)
		want = 64;
	if (b->asize) {
		b->ptr = lp_realloc(b->ptr, want);
	} else {
		b->ptr = lp_malloc(want);
		b->ptr[0] = '\0';
	}
	b->asize = want;
	return 0;
}

int lp_buf_put(lp_buf *b, const char *data, size_t len)
{
	if (lp_buf_grow(b, len) < 0)
		return -1;
	if (len)
		memmove(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
	return 0;
}

int lp_buf_puts(lp_buf *b, const char *s) { return lp_buf_put(b, s, strlen(s)); }

int lp_buf_putc(lp_buf *b, char c)
{
	/* the renderers put a character at a time: skip lp_buf_grow while there is room */
	if (b->size + 1 < b->asize && !b->toobig && b->size + 1 <= LP_BUF_MAX) {
		b->ptr[b->size++] = c;
		b->ptr[b->size] = '\0';
		return 0;
	}
	return lp_buf_put(b, &c, 1);
}

int lp_buf_putcn(lp_buf *b, char c, size_t n)
{
	if (lp_buf_grow(b, n) < 0)
		return -1;
	memset(b->ptr + b->size, c, n);
	b->size += n;
	b->ptr[b->size] = '\0';
	return 0;
}

int lp_buf_vprintf(lp_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || lp_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	b->size += (size_t)n;
	return 0;
}

int lp_buf_printf(lp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = lp_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

void lp_buf_truncate(lp_buf *b, size_t len)
{
	if (len < b->size) {
		b->size = len;
		b->ptr[len] = '\0';
	}
}
