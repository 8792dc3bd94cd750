/*
 * Regression tests for hostile inputs the fuzzers found, one case per fix,
 * named after the module the fix is in. The crashing inputs themselves are
 * in tests/fuzz/corpora/<target>/ and replayed by the fuzz suite.
 */
#include "lp_test.h"

#include "diag/diag.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "spec/yaml.h"

/* The first finding whose message contains `needle`, or NULL. */
static const lp_diag_entry *find(lp_diag *d, const char *needle)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (strstr(e->message, needle))
			return e;
	}
	return NULL;
}

/*
 * Builds and plans the model without the schema in front, as a library user
 * (or a schema that loses a `required`) would: the planner must not lean on it.
 */
static lp_model *build_unchecked(lp_diag *d, lp_arena *tree, const char *spec)
{
	lp_node *root = NULL;
	lp_model *m = NULL;
	assert_lp_ok(lp_yaml_load(&root, tree, "logpipe.yaml", spec, strlen(spec), NULL, d));
	assert_non_null(root);
	assert_lp_ok(lp_model_build(&m, root, "logpipe.yaml", spec, strlen(spec), d));
	assert_lp_ok(lp_plan(m, d));
	return m;
}

/* fuzz_spec: without a name nothing was derived and the Fluent Bit renderer read a NULL match. */
static void test_hostile__plan_refuses_a_spec_without_name(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_arena tree = LP_ARENA_INIT;
	lp_model *m = build_unchecked(d, &tree,
		"version: 1\n"
		"region: ap-northeast-1\n"
		"services:\n"
		"  api:\n"
		"    containers:\n"
		"      app:\n"
		"        image: app:1.0\n"
		"        logs: {to: [cloudwatch], format: json}\n");
	const lp_diag_entry *e;
	(void)state;
	e = find(d, "no 'name'");
	assert_non_null(e);
	assert_string_equal(e->rule, "LP-SPEC-NAME");
	assert_int_equal(e->severity, LP_SEV_ERROR);
	assert_int_equal(e->span.line, 1);
	assert_non_null(e->help);
	lp_model_free(m);
	lp_arena_release(&tree);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile__plan_refuses_a_spec_without_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
