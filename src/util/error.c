#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char last[1024];
static _Thread_local lp_error_class last_class;

void lp_error_set(lp_error_class klass, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	last_class = klass;
}

const char *lp_error_last(void) { return last_class ? last : "no error"; }

lp_error_class lp_error_last_class(void) { return last_class; }

void lp_error_clear(void)
{
	last[0] = '\0';
	last_class = LP_ERROR_NONE;
}

void lp_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "logpipe: BUG: %s:%d: %s\n", file, line, msg);
	abort();
}
