#ifndef LP_TEST_H
#define LP_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/error.h"

/* Asserts an lp_ call succeeded, printing lp_error_last() when it did not (clar's cl_git_pass). */
#define assert_lp_ok(expr) do { \
	int lp__rc = (expr); \
	if (lp__rc < 0) \
		fail_msg("%s failed (%d): %s", #expr, lp__rc, lp_error_last()); \
} while (0)

#endif
