#ifndef LP_UTIL_BUF_H
#define LP_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer (git's strbuf). Invariants: `ptr` is never NULL and
 * always NUL-terminated, so it can be handed to C string functions; `size`
 * excludes the terminator. A buffer refuses to grow past `LP_BUF_MAX` so that
 * hostile templates or inputs cannot exhaust memory: the append functions
 * return -1 and set `toobig` instead, and later appends are no-ops.
 */
typedef struct lp_buf {
	char *ptr;
	size_t asize;
	size_t size;
	int toobig;
} lp_buf;

#define LP_BUF_MAX ((size_t)256 << 20)

extern char lp_buf__initbuf[];
#define LP_BUF_INIT { lp_buf__initbuf, 0, 0, 0 }

void lp_buf_init(lp_buf *b);
/* Frees the storage and resets to LP_BUF_INIT. */
void lp_buf_release(lp_buf *b);
/* Empties without freeing. */
void lp_buf_clear(lp_buf *b);
/* Gives back the capacity beyond the contents (a buffer that is done growing and will be kept). */
void lp_buf_fit(lp_buf *b);
/* Caller owns the returned string (free with lp_free); `b` is reset. */
char *lp_buf_detach(lp_buf *b, size_t *len);

int lp_buf_grow(lp_buf *b, size_t extra);
int lp_buf_put(lp_buf *b, const char *data, size_t len);
int lp_buf_puts(lp_buf *b, const char *s);
int lp_buf_putc(lp_buf *b, char c);
int lp_buf_printf(lp_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int lp_buf_vprintf(lp_buf *b, const char *fmt, va_list ap);
/* Appends `n` copies of `c`. */
int lp_buf_putcn(lp_buf *b, char c, size_t n);
void lp_buf_truncate(lp_buf *b, size_t len);

#endif
