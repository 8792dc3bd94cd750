#ifndef LP_UTIL_ERROR_H
#define LP_UTIL_ERROR_H

/*
 * Operational failures (I/O, library errors) travel as negative int returns;
 * the message lives in a per-thread slot set by lp_error_set (libgit2). Findings
 * about the user's input never use this channel: they go to an lp_diag sink.
 */
enum {
	LP_OK = 0,
	LP_ERROR = -1,     /* generic failure; see lp_error_last() */
	LP_ENOTFOUND = -3, /* a requested file or object does not exist */
	LP_ETOOBIG = -4,   /* input exceeds a configured limit */
};

typedef enum {
	LP_ERROR_NONE = 0,
	LP_ERROR_IO,
	LP_ERROR_INVALID,
	LP_ERROR_LIB,
	LP_ERROR_INTERNAL,
} lp_error_class;

void lp_error_set(lp_error_class klass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Borrowed; valid until the next lp_error_set. Never NULL. */
const char *lp_error_last(void);
lp_error_class lp_error_last_class(void);
void lp_error_clear(void);

#define LP_BUG(msg) lp_bug(__FILE__, __LINE__, msg)
void lp_bug(const char *file, int line, const char *msg) __attribute__((noreturn));
#define LP_ASSERT_ARG(x) do { if (!(x)) LP_BUG("invalid argument: " #x); } while (0)

#endif
