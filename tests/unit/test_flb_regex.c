#include "lp_test.h"

#include "read/flb_regex.h"

static lp_flb_regex_result check(const char *re)
{
	lp_flb_regex_result r;
	assert_lp_ok(lp_flb_regex_check(&r, NULL, re, strlen(re)));
	return r;
}

static void assert_valid(const char *re)
{
	lp_flb_regex_result r = check(re);
	if (r.status != LP_FLB_REGEX_OK)
		fail_msg("'%s' refused at %zu: %s", re, r.offset, r.why);
	if (r.backtracking)
		fail_msg("'%s' reported as backtracking at %zu", re, r.backtracking_offset);
}

static void assert_status(const char *re, lp_flb_regex_status want, size_t offset, const char *why)
{
	lp_flb_regex_result r = check(re);
	if (r.status != want)
		fail_msg("'%s': status %d, want %d (%s)", re, (int)r.status, (int)want, r.why);
	assert_int_equal(r.offset, offset);
	if (!strstr(r.why, why))
		fail_msg("'%s': reason '%s' does not mention '%s'", re, r.why, why);
}

static void test_flb_regex__valid_patterns(void **state)
{
	(void)state;
	assert_valid("^(WARN|ERROR)$");
	assert_valid("ERROR");
	assert_valid("^\\d{3}$");
	assert_valid("(?i)^warn");
	assert_valid("(?i:warn)|error");
	assert_valid("^(?<level>[A-Z]+)\\s\\k<level>$");
	assert_valid("a{2,5}?b");
	assert_valid("a*+b");
	assert_valid("(?>a+)+b");
	assert_valid("[\\[\\]a-z]");
	assert_valid("[]a]");
	assert_valid("\\Afoo\\z|bar\\Z");
	assert_valid("x\\Ky");
	assert_valid("\\R");
	assert_valid("/var/log/app");
	assert_valid("a{");
	assert_valid("(a)\\1");
	assert_valid("^cw\\.api-firelens-[0-9a-fA-F-]+$");
}

/* The four patterns that used to build and then stop Fluent Bit. */
static void test_flb_regex__invalid_patterns_are_positioned(void **state)
{
	(void)state;
	assert_status("^(WARN", LP_FLB_REGEX_INVALID, 6, "missing closing parenthesis");
	assert_status("[z-a]", LP_FLB_REGEX_INVALID, 3, "range out of order");
	assert_status("*a", LP_FLB_REGEX_INVALID, 0, "quantifier does not follow a repeatable item");
	assert_status("(a)\\2", LP_FLB_REGEX_INVALID, 4, "non-existent");
	assert_status("a\\", LP_FLB_REGEX_INVALID, 2, "\\");
}

static void test_flb_regex__onigmo_differences_are_refused(void **state)
{
	(void)state;
	assert_status("^\\h+$", LP_FLB_REGEX_DIFFERS, 1, "hex digit");
	assert_status("a\\vb", LP_FLB_REGEX_DIFFERS, 1, "vertical tab");
	assert_status("\\u00e9", LP_FLB_REGEX_DIFFERS, 0, "\\u");
	assert_status("(?m)a.b", LP_FLB_REGEX_DIFFERS, 0, "(?m)");
	assert_status("(?s)a.b", LP_FLB_REGEX_DIFFERS, 0, "(?s)");
	assert_status("ab(?i)c|def", LP_FLB_REGEX_DIFFERS, 2, "inline option");
	assert_status("a{2}+", LP_FLB_REGEX_DIFFERS, 1, "possessive");
	assert_status("a{2}?", LP_FLB_REGEX_DIFFERS, 1, "optional");
	assert_status("a{,3}", LP_FLB_REGEX_DIFFERS, 1, "{0,n}");
	assert_status("[a[b]]", LP_FLB_REGEX_DIFFERS, 2, "nested class");
	assert_status("[a-z&&[^c]]", LP_FLB_REGEX_DIFFERS, 4, "intersection");
	assert_status("[[:alpha:]]", LP_FLB_REGEX_DIFFERS, 1, "POSIX");
	assert_status("(?<x>a)\\1", LP_FLB_REGEX_DIFFERS, 7, "named groups");
	assert_status("(?<x>a)(b)\\g<1>", LP_FLB_REGEX_DIFFERS, 10, "named groups");
	assert_status("(?P<x>a)", LP_FLB_REGEX_DIFFERS, 0, "Python");
	assert_status("(?|a|b)", LP_FLB_REGEX_DIFFERS, 0, "branch reset");
	assert_status("(a)(?1)", LP_FLB_REGEX_DIFFERS, 3, "recursion");
	assert_status("(?~abc)", LP_FLB_REGEX_DIFFERS, 0, "absence");
	assert_status("(?=a)*", LP_FLB_REGEX_DIFFERS, 5, "look-around");
	assert_status("\\Qa.b\\E", LP_FLB_REGEX_DIFFERS, 0, "\\Q");
	assert_status("\\g1", LP_FLB_REGEX_DIFFERS, 0, "\\g<");
	assert_status("/error/i", LP_FLB_REGEX_DIFFERS, 0, "Ruby literal");
	assert_status("/error/", LP_FLB_REGEX_DIFFERS, 0, "strips the slashes");
	assert_status("\\y", LP_FLB_REGEX_DIFFERS, 0, "not an escape");
}

static void test_flb_regex__backtracking_is_reported(void **state)
{
	static const struct {
		const char *re;
		size_t at;
	} prone[] = { { "(a+)+$", 0 }, { "^(\\w*\\s?)*$", 1 }, { "x(?:a|aa)(b*c+)*d", 9 }, { "((ab)*c)+", 0 },
		{ "(.*a){2,}", 0 } };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(prone) / sizeof(prone[0]); i++) {
		lp_flb_regex_result r = check(prone[i].re);
		assert_int_equal(r.status, LP_FLB_REGEX_OK);
		if (!r.backtracking)
			fail_msg("'%s' not reported", prone[i].re);
		assert_int_equal(r.backtracking_offset, prone[i].at);
	}
	/* Bounded, possessive and atomic repeats cannot blow up. */
	assert_valid("(a+){3}");
	assert_valid("(a++)+");
	assert_valid("(?>a+)+");
	assert_valid("(ab)+");
}

/* Searched as onig_search does: anywhere, with '^' and '$' at every line. */
static void test_flb_regex__search_reads_as_onigmo(void **state)
{
	lp_flb_regex_result r;
	pcre2_code *code = NULL;
	(void)state;
	assert_lp_ok(lp_flb_regex_check(&r, &code, "^ERROR$", 7));
	assert_non_null(code);
	assert_int_equal(lp_flb_regex_search(code, "x\nERROR\ny", 9), 1);
	assert_int_equal(lp_flb_regex_search(code, "xERROR", 6), 0);
	pcre2_code_free(code);
	assert_lp_ok(lp_flb_regex_check(&r, &code, "RR", 2));
	assert_int_equal(lp_flb_regex_search(code, "ERROR", 5), 1);
	pcre2_code_free(code);
	assert_lp_ok(lp_flb_regex_check(&r, &code, "(a", 2));
	assert_null(code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flb_regex__valid_patterns),
		cmocka_unit_test(test_flb_regex__invalid_patterns_are_positioned),
		cmocka_unit_test(test_flb_regex__onigmo_differences_are_refused),
		cmocka_unit_test(test_flb_regex__backtracking_is_reported),
		cmocka_unit_test(test_flb_regex__search_reads_as_onigmo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
