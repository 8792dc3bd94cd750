#include "lp_test.h"

#include <stdlib.h>

#include "diag/diag.h"
#include "spec/schema.h"
#include "spec/yaml.h"
#include "util/buf.h"
#include "util/fs.h"

typedef struct run {
	lp_arena arena;
	lp_diag *d;
	int rc;
} run;

/* Validates `yaml` against `schema_json` (NULL: the embedded logpipe schema). */
static run check(const char *yaml, const char *schema_json)
{
	run r = { LP_ARENA_INIT, lp_diag_new(), 0 };
	lp_node *root = NULL;
	const cJSON *schema;
	cJSON *own = NULL;
	assert_lp_ok(lp_yaml_load(&root, &r.arena, "logpipe.yaml", yaml, strlen(yaml), NULL, r.d));
	assert_int_equal(lp_diag_count(r.d), 0);
	if (schema_json) {
		own = cJSON_Parse(schema_json);
		assert_non_null(own);
		schema = own;
	} else {
		assert_lp_ok(lp_schema_logpipe(&schema));
	}
	r.rc = lp_schema_validate(root, schema, r.d);
	lp_diag_sort(r.d);
	cJSON_Delete(own);
	return r;
}

static void done(run *r)
{
	lp_diag_free(r->d);
	lp_arena_release(&r->arena);
}

#define HEAD "version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
#define SVC HEAD "services:\n  api:\n    containers:\n      app:\n        image: app:1.0\n"

static void test_schema__embedded_schema_is_parsed_once(void **state)
{
	const cJSON *a, *b;
	(void)state;
	assert_lp_ok(lp_schema_logpipe(&a));
	assert_lp_ok(lp_schema_logpipe(&b));
	assert_ptr_equal(a, b);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(a, "$defs"));
}

static void test_schema__valid_spec_has_no_findings(void **state)
{
	run r = check(SVC "        port: 8080\n        logs: {to: [cloudwatch, lake], format: json}\n", NULL);
	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(lp_diag_count(r.d), 0);
	done(&r);
}

static void test_schema__examples_are_valid(void **state)
{
	static const char *const files[] = { "examples/hybrid/logpipe.yaml", "examples/alb/logpipe.yaml",
		"examples/sam/logpipe.yaml" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		lp_buf text = LP_BUF_INIT;
		run r;
		assert_lp_ok(lp_fs_read(&text, files[i], 1u << 20));
		r = check(text.ptr, NULL);
		if (lp_diag_count(r.d))
			fail_msg("%s: %s", files[i], lp_diag_get(r.d, 0)->message);
		done(&r);
		lp_buf_release(&text);
	}
}

static void test_schema__unknown_key_is_at_the_key_with_did_you_mean(void **state)
{
	run r = check(HEAD "defaults:\n  firehose:\n    bufer_mib: 64\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->rule, "LP-SPEC-SCHEMA");
	assert_int_equal(e->severity, LP_SEV_ERROR);
	assert_int_equal(e->span.line, 7);
	assert_int_equal(e->span.col, 5);
	assert_string_equal(e->message, "unknown key 'bufer_mib' in defaults.firehose");
	assert_string_equal(e->help, "did you mean 'buffer_mib'?");
	assert_string_equal(e->target, "defaults.firehose.bufer_mib");
	done(&r);
}

static void test_schema__unknown_key_without_a_near_miss_lists_the_keys(void **state)
{
	run r = check(HEAD "lint: {zzz: 1}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->help, "allowed keys: ignore, params, realtime_budget_seconds");
	done(&r);
}

static void test_schema__missing_key_points_at_the_owning_key(void **state)
{
	run r = check(HEAD "services:\n  api:\n    containers:\n      app:\n        port: 8080\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "missing required key 'image' in services.api.containers.app");
	assert_int_equal(e->span.line, 8);
	assert_int_equal(e->span.col, 7);
	assert_non_null(strstr(e->help, "image:"));
	done(&r);
}

static void test_schema__missing_top_level_key(void **state)
{
	run r = check("version: 1\nname: shop\nregion: ap-northeast-1\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_string_equal(lp_diag_get(r.d, 0)->message, "missing required key 'account' in the spec");
	assert_non_null(strstr(lp_diag_get(r.d, 0)->help, "\"123456789012\""));
	done(&r);
}

static void test_schema__type_errors_name_both_types(void **state)
{
	run r = check(SVC "        cpu: \"512\"\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "expected an integer for 'cpu' in services.api.containers.app, got a string");
	assert_string_equal(e->help, "remove the quotes to write a number");
	assert_int_equal(e->span.line, 10);
	assert_int_equal(e->span.col, 14);
	done(&r);
}

static void test_schema__unquoted_account_is_an_integer(void **state)
{
	run r = check("version: 1\nname: shop\nregion: ap-northeast-1\naccount: 123456789012\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_string_equal(lp_diag_get(r.d, 0)->message, "expected a string for 'account', got an integer");
	assert_string_equal(lp_diag_get(r.d, 0)->help, "quote the value to make it a string");
	done(&r);
}

static void test_schema__yes_is_a_string_not_a_boolean(void **state)
{
	run r = check(SVC "        essential: yes\n        environment: {FLAG: yes}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_string_equal(lp_diag_get(r.d, 0)->help, "YAML 1.2 booleans are only true and false");
	done(&r);
}

static void test_schema__enum_lists_values_and_suggests(void **state)
{
	run r = check(HEAD "defaults:\n  firehose: {format: parket}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "invalid value 'parket' for 'format' in defaults.firehose");
	assert_string_equal(e->help, "did you mean 'parquet'? allowed: parquet, orc, json");
	done(&r);
}

/* to: [s3] means the lake; the database names accepted only to be explained are not offered. */
static void test_schema__destination_suggests_lake_for_s3(void **state)
{
	run r = check(HEAD "services:\n  api:\n    containers:\n      app: {image: a:1, logs: {to: [s3]}}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_string_equal(lp_diag_get(r.d, 0)->help, "did you mean 'lake'? allowed: cloudwatch, lake");
	done(&r);
	r = check(HEAD "services:\n  api:\n    containers:\n      app: {image: a:1, logs: {to: [cloudwach]}}\n", NULL);
	assert_string_equal(lp_diag_get(r.d, 0)->help, "did you mean 'cloudwatch'? allowed: cloudwatch, lake");
	done(&r);
}

/* docs/lake.md promises the long and bool spellings: the schema takes them, the planner normalises them. */
static void test_schema__field_type_aliases_are_accepted(void **state)
{
	run r = check(HEAD "services:\n  api:\n    containers:\n      app: {image: a:1, logs: {fields: {n: long, ok: bool, "
		"c: integer, xs: array<long>}}}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 0);
	done(&r);
	r = check(HEAD "services:\n  api:\n    containers:\n      app: {image: a:1, logs: {fields: {n: longer}}}\n", NULL);
	assert_int_equal(lp_diag_count(r.d), 1);
	done(&r);
}

static void test_schema__array_items_have_indexed_paths(void **state)
{
	run r = check(SVC "        logs:\n          to: [cloudwatch, 1]\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->target, "services.api.containers.app.logs.to[1]");
	assert_string_equal(e->message, "expected a string for 'to[1]' in services.api.containers.app.logs, got an integer");
	assert_int_equal(e->span.line, 11);
	assert_int_equal(e->span.col, 28);
	done(&r);
}

static void test_schema__pattern_failure_uses_the_schema_help(void **state)
{
	run r = check(HEAD "lake: {bucket: Shop-Logs, database: shop_logs}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "'Shop-Logs' is not a valid value for 'bucket' in lake");
	assert_non_null(strstr(e->help, "lowercase"));
	done(&r);
}

static void test_schema__bad_names_are_reported_at_the_key(void **state)
{
	run r = check(HEAD "services:\n  my api:\n    containers: {app: {image: 'a:1'}}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "invalid name 'my api' in services");
	assert_int_equal(e->span.line, 6);
	assert_int_equal(e->span.col, 3);
	assert_non_null(e->help);
	done(&r);
}

static void test_schema__lengths_count_code_points(void **state)
{
	const char *schema = "{\"type\": \"string\", \"maxLength\": 3}";
	run ok = check("\"\xc3\xa9\xc3\xa9\xc3\xa9\"", schema);
	run bad = check("\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", schema);
	(void)state;
	assert_int_equal(lp_diag_count(ok.d), 0);
	assert_int_equal(lp_diag_count(bad.d), 1);
	assert_non_null(strstr(lp_diag_get(bad.d, 0)->message, "4 characters, at most 3"));
	done(&ok);
	done(&bad);
}

static void test_schema__integral_numbers_are_integers(void **state)
{
	const char *schema = "{\"type\": \"integer\"}";
	run a = check("1e3", schema), b = check("1.5", schema), c = check("0x10", schema), s = check("'16'", schema);
	(void)state;
	assert_int_equal(lp_diag_count(a.d), 0);
	assert_int_equal(lp_diag_count(b.d), 1);
	assert_int_equal(lp_diag_count(c.d), 0);
	assert_int_equal(lp_diag_count(s.d), 1);
	done(&a);
	done(&b);
	done(&c);
	done(&s);
}

static void test_schema__any_of_reports_the_closest_branch_only(void **state)
{
	const char *schema = "{\"anyOf\": [{\"type\": \"string\"},"
		" {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"integer\"}}}]}";
	run r = check("{a: 1, b: x}", schema);
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_string_equal(lp_diag_get(r.d, 0)->message, "expected an integer for 'b', got a string");
	done(&r);
}

static void test_schema__one_of_refuses_two_matches(void **state)
{
	run r = check("5", "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 1}]}");
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_non_null(strstr(lp_diag_get(r.d, 0)->message, "matches 2 alternatives"));
	done(&r);
}

static void test_schema__unique_items_points_at_the_repeat(void **state)
{
	run r = check(SVC "        logs: {to: [lake, lake]}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_int_equal(e->span.col, 27);
	assert_string_equal(e->target, "services.api.containers.app.logs.to[1]");
	done(&r);
}

static void test_schema__broken_schemas_are_operational_failures(void **state)
{
	run a = check("x", "{\"pattern\": \"(\"}");
	run b = check("x", "{\"$ref\": \"#/$defs/nowhere\"}");
	run c = check("x", "{\"$ref\": \"#\"}");
	(void)state;
	assert_true(a.rc < 0);
	assert_true(b.rc < 0);
	assert_true(c.rc < 0);
	done(&a);
	done(&b);
	done(&c);
}

static void test_schema__conditional_requirement_has_an_example(void **state)
{
	run r = check(HEAD "defaults:\n  router: {config: s3}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "missing required key 'config_s3_bucket' in defaults.router");
	assert_string_equal(e->help, "add it, e.g. config_s3_bucket: shop-config-123456789012");
	assert_int_equal(e->span.line, 6);
	done(&r);
}

static void test_schema__missing_key_in_a_list_item_points_at_the_item(void **state)
{
	run r = check(HEAD "lint:\n  ignore:\n    - {rule: LP-ECS-NONROOT}\n", NULL);
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(r.d), 1);
	e = lp_diag_get(r.d, 0);
	assert_string_equal(e->message, "missing required key 'reason' in lint.ignore[0]");
	assert_int_equal(e->span.line, 7);
	assert_int_equal(e->span.col, 7);
	assert_non_null(strstr(e->help, "reason: \""));
	done(&r);
}

static void test_schema__huge_unknown_key_stays_one_short_finding(void **state)
{
	lp_buf spec = LP_BUF_INIT;
	run r;
	(void)state;
	lp_buf_puts(&spec, HEAD "? ");
	lp_buf_putcn(&spec, 'k', 200000);
	lp_buf_puts(&spec, "\n: 1\n");
	r = check(spec.ptr, NULL);
	assert_int_equal(lp_diag_count(r.d), 1);
	assert_true(strlen(lp_diag_get(r.d, 0)->message) < 120);
	assert_non_null(strstr(lp_diag_get(r.d, 0)->help, "allowed keys"));
	done(&r);
	lp_buf_release(&spec);
}

static void test_schema__distance_counts_transpositions(void **state)
{
	(void)state;
	assert_int_equal(lp_schema_distance("bufer_mib", "buffer_mib"), 1);
	assert_int_equal(lp_schema_distance("lnaguage", "language"), 1);
	assert_int_equal(lp_schema_distance("", "abc"), 3);
	assert_int_equal(lp_schema_distance("kitten", "sitting"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema__embedded_schema_is_parsed_once),
		cmocka_unit_test(test_schema__valid_spec_has_no_findings),
		cmocka_unit_test(test_schema__examples_are_valid),
		cmocka_unit_test(test_schema__unknown_key_is_at_the_key_with_did_you_mean),
		cmocka_unit_test(test_schema__unknown_key_without_a_near_miss_lists_the_keys),
		cmocka_unit_test(test_schema__missing_key_points_at_the_owning_key),
		cmocka_unit_test(test_schema__missing_top_level_key),
		cmocka_unit_test(test_schema__type_errors_name_both_types),
		cmocka_unit_test(test_schema__unquoted_account_is_an_integer),
		cmocka_unit_test(test_schema__yes_is_a_string_not_a_boolean),
		cmocka_unit_test(test_schema__enum_lists_values_and_suggests),
		cmocka_unit_test(test_schema__destination_suggests_lake_for_s3),
		cmocka_unit_test(test_schema__field_type_aliases_are_accepted),
		cmocka_unit_test(test_schema__array_items_have_indexed_paths),
		cmocka_unit_test(test_schema__pattern_failure_uses_the_schema_help),
		cmocka_unit_test(test_schema__bad_names_are_reported_at_the_key),
		cmocka_unit_test(test_schema__lengths_count_code_points),
		cmocka_unit_test(test_schema__integral_numbers_are_integers),
		cmocka_unit_test(test_schema__any_of_reports_the_closest_branch_only),
		cmocka_unit_test(test_schema__one_of_refuses_two_matches),
		cmocka_unit_test(test_schema__unique_items_points_at_the_repeat),
		cmocka_unit_test(test_schema__broken_schemas_are_operational_failures),
		cmocka_unit_test(test_schema__conditional_requirement_has_an_example),
		cmocka_unit_test(test_schema__missing_key_in_a_list_item_points_at_the_item),
		cmocka_unit_test(test_schema__huge_unknown_key_stays_one_short_finding),
		cmocka_unit_test(test_schema__distance_counts_transpositions),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
