#include "lp_test.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/strmap.h"

static void test_strmap__empty_map_finds_nothing(void **state)
{
	lp_strmap m = LP_STRMAP_INIT;
	(void)state;
	assert_null(lp_strmap_get(&m, "a", 1));
	lp_strmap_release(&m);
}

/* Keys with NUL bytes inside: a composite "type\0name" must not collide with "type". */
static void test_strmap__keys_are_bytes_not_strings(void **state)
{
	lp_strmap m = LP_STRMAP_INIT;
	int a = 1, b = 2;
	(void)state;
	lp_strmap_set(&m, "aws_iam_role\0x", 14, &a);
	lp_strmap_set(&m, "aws_iam_role", 12, &b);
	assert_ptr_equal(lp_strmap_get(&m, "aws_iam_role\0x", 14), &a);
	assert_ptr_equal(lp_strmap_get(&m, "aws_iam_role", 12), &b);
	assert_null(lp_strmap_get(&m, "aws_iam_role\0y", 14));
	assert_null(lp_strmap_get(&m, "", 0));
	lp_strmap_release(&m);
}

static void test_strmap__set_replaces_and_survives_growth(void **state)
{
	lp_strmap m = LP_STRMAP_INIT;
	char key[32];
	size_t i;
	(void)state;
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%zu", i);
		lp_strmap_set(&m, key, (size_t)n, (void *)(uintptr_t)(i + 1));
	}
	lp_strmap_set(&m, "k7", 2, (void *)(uintptr_t)42);
	assert_int_equal(m.n, 10000);
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%zu", i);
		assert_int_equal((uintptr_t)lp_strmap_get(&m, key, (size_t)n), i == 7 ? 42 : i + 1);
	}
	lp_strmap_release(&m);
	assert_int_equal(m.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap__empty_map_finds_nothing),
		cmocka_unit_test(test_strmap__keys_are_bytes_not_strings),
		cmocka_unit_test(test_strmap__set_replaces_and_survives_growth),
	};
	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
