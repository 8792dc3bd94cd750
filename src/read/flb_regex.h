#ifndef LP_READ_FLB_REGEX_H
#define LP_READ_FLB_REGEX_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/*
 * Fluent Bit compiles every regex it is given (Match_Regex, rewrite_tag rules,
 * grep, parsers) with flb_regex_create: Onigmo, Ruby syntax, UTF-8, options
 * from a /pattern/imx wrapper, and runs it with onig_search, so it matches
 * anywhere in the subject and '^' / '$' are line anchors. A pattern Onigmo
 * refuses stops Fluent Bit at start-up, which takes an essential router and
 * with it the whole task down.
 *
 * logpipe has PCRE2, not Onigmo. lp_flb_regex_check compiles a pattern with
 * PCRE2 set up to read it as Onigmo does, and first refuses the constructs
 * the two engines read differently (or that only one of them has), so a
 * pattern that passes here means the same thing in Fluent Bit.
 */

typedef enum {
	LP_FLB_REGEX_OK = 0,
	LP_FLB_REGEX_INVALID, /* neither engine compiles it (PCRE2's message) */
	LP_FLB_REGEX_DIFFERS, /* Onigmo reads it differently, or only one engine has it */
} lp_flb_regex_status;

typedef struct lp_flb_regex_result {
	lp_flb_regex_status status;
	size_t offset;   /* byte offset in the pattern of the problem */
	char why[160];   /* lowercase, no full stop */
	char help[120];  /* how to write it instead; "" when there is nothing to add */
	/* Catastrophic backtracking: a quantified group that holds a quantifier. */
	int backtracking;
	size_t backtracking_offset; /* the group's '(' */
} lp_flb_regex_result;

/*
 * Checks `re` (`len` bytes) as Fluent Bit would compile it. Fills *out; when
 * `code` is not NULL and the status is LP_FLB_REGEX_OK, *code is the compiled
 * pattern, matching as onig_search does (caller owns it: pcre2_code_free),
 * else NULL. Returns 0, or -1 when PCRE2 could not allocate (lp_error_set).
 */
int lp_flb_regex_check(lp_flb_regex_result *out, pcre2_code **code, const char *re, size_t len);

/*
 * 1 when `subject` matches `code` as onig_search would (anywhere, line
 * anchors), 0 when not, -1 on a matching error (lp_error_set).
 */
int lp_flb_regex_search(const pcre2_code *code, const char *subject, size_t len);

#endif
