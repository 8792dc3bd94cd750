#include "lp_test.h"

#include "diag/diag.h"
#include "plan/names.h"
#include "plan/plan.h"
#include "spec/model.h"

static const char *base_spec =
	"version: 1\n"
	"name: shop\n"
	"region: ap-northeast-1\n"
	"account: \"123456789012\"\n"
	"lake: {bucket: shop-logs, database: shop_logs}\n"
	"services:\n"
	"  api:\n"
	"    cluster: prod\n"
	"    cpu: 512\n"
	"    memory: 1024\n"
	"    task_role: arn:aws:iam::123456789012:role/t\n"
	"    execution_role: arn:aws:iam::123456789012:role/e\n"
	"    containers:\n"
	"      app:\n"
	"        image: app:1.0\n";

static lp_model *load(lp_diag *d, const char *extra)
{
	lp_buf spec = LP_BUF_INIT;
	lp_model *m = NULL;
	lp_buf_puts(&spec, base_spec);
	lp_buf_puts(&spec, extra);
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	lp_buf_release(&spec);
	return m;
}

static void test_model__defaults_are_hybrid_hourly_parquet(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "");
	const lp_container *c;
	(void)state;
	assert_non_null(m);
	c = &m->services[0].containers[0];
	assert_int_equal(c->to, LP_DEST_CLOUDWATCH | LP_DEST_LAKE);
	assert_int_equal(c->firehose.format, LP_LAKE_PARQUET);
	assert_int_equal(c->firehose.partition, LP_PART_HOURLY);
	assert_int_equal(c->firehose.buffer_mib, 64);
	assert_int_equal(c->firehose.buffer_seconds, 300);
	/* Config's default MinRetentionTime, so the default lint passes */
	assert_int_equal(c->cloudwatch.retention_days, 365);
	assert_true(c->essential);
	assert_int_equal(m->services[0].launch_type, LP_LAUNCH_FARGATE);
	assert_int_equal(m->services[0].network_mode, LP_NET_AWSVPC);
	assert_string_equal(m->lake.prefix, "logs");
	lp_model_free(m);
	lp_diag_free(d);
}

static void test_model__planner_derives_names_once(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "");
	const lp_service *s;
	const lp_container *c;
	(void)state;
	assert_non_null(m);
	s = &m->services[0];
	c = &s->containers[0];
	assert_string_equal(s->family, "shop-api");
	assert_string_equal(s->derived.router_log_group, "/ecs/shop/api/log-router");
	assert_string_equal(s->derived.config_path, LP_ROUTER_CONFIG_PATH);
	assert_string_not_equal(s->derived.config_path, "/fluent-bit/etc/fluent-bit.conf");
	assert_string_equal(c->derived.log_group, "/ecs/shop/api/app");
	assert_string_equal(c->derived.stream, "shop-api-app");
	assert_string_equal(c->derived.table, "api_app");
	assert_string_equal(c->derived.match, "^app-firelens-[0-9a-fA-F-]+$");
	assert_string_equal(c->derived.subset_match, "^cw\\.app-firelens-[0-9a-fA-F-]+$");
	assert_string_equal(c->derived.prefix, "logs/api/app/!{timestamp:yyyy/MM/dd/HH}/");
	assert_string_equal(c->derived.location, "s3://shop-logs/logs/api/app/");
	assert_string_equal(c->derived.location_template, "s3://shop-logs/logs/api/app/${datehour}/");
	assert_non_null(strstr(c->derived.error_prefix, "!{firehose:error-output-type}"));
	assert_string_equal(m->lake.firehose_role, "arn:aws:iam::123456789012:role/shop-firehose-delivery");
	lp_model_free(m);
	lp_diag_free(d);
}

static void test_model__daily_partition_layout(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "        logs: {firehose: {partition: daily}}\n");
	const lp_container *c;
	(void)state;
	assert_non_null(m);
	c = &m->services[0].containers[0];
	assert_string_equal(c->derived.partition_col, "dt");
	assert_string_equal(c->derived.prefix, "logs/api/app/!{timestamp:yyyy/MM/dd}/");
	assert_string_equal(c->derived.location_template, "s3://shop-logs/logs/api/app/${dt}/");
	lp_model_free(m);
	lp_diag_free(d);
}

static void test_model__rds_destination_explains_the_anti_pattern(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "        logs: {to: [cloudwatch, rds]}\n");
	const lp_diag_entry *e;
	(void)state;
	assert_null(m);
	lp_diag_sort(d);
	e = lp_diag_get(d, 0);
	assert_non_null(e);
	assert_int_equal(e->severity, LP_SEV_ERROR);
	assert_int_equal(e->span.line, 16);
	assert_non_null(strstr(e->message, "database"));
	assert_non_null(strstr(e->help, "lake"));
	lp_diag_free(d);
}

static void test_model__empty_destinations_is_an_error(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "        logs: {to: []}\n");
	(void)state;
	assert_null(m);
	assert_true(lp_diag_count_at_least(d, LP_SEV_ERROR) >= 1);
	lp_diag_free(d);
}

static void test_model__ignore_targets_resolve_spec_paths(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "lint:\n  ignore:\n"
		"    - {rule: LP-ECS-NONROOT, target: services.api.containers.app, reason: r}\n"
		"    - {rule: LP-ECS-NONROOT, target: services.api, reason: r}\n"
		"    - {rule: LP-ECS-NONROOT, target: \"ecs/*\", reason: r}\n");
	(void)state;
	assert_non_null(m);
	assert_string_equal(m->ignores[0].resolved_target, "shop-api.app");
	assert_string_equal(m->ignores[1].resolved_target, "shop-api");
	assert_null(m->ignores[2].resolved_target);
	lp_model_free(m);
	lp_diag_free(d);
}

static void test_model__ignore_target_naming_no_container_is_an_error(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "lint:\n  ignore:\n"
		"    - {rule: LP-ECS-NONROOT, target: services.api.containers.ap, reason: r}\n"
		"    - {rule: LP-ECS-NONROOT, target: services.nope, reason: r}\n");
	(void)state;
	assert_null(m);
	lp_diag_sort(d);
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 2);
	/* the first two entries are the app's warnings (no fields) */
	while (lp_diag_count(d) && lp_diag_get(d, 0)->severity != LP_SEV_ERROR)
		lp_diag_drop(d, 0);
	assert_string_equal(lp_diag_get(d, 0)->rule, "LP-SPEC-REF");
	assert_int_equal(lp_diag_get(d, 0)->span.line, 18);
	assert_non_null(strstr(lp_diag_get(d, 0)->message, "names no container of service 'api'"));
	assert_non_null(strstr(lp_diag_get(d, 1)->message, "names no service"));
	lp_diag_free(d);
}

static int has_finding(lp_diag *d, const char *rule, const char *text, unsigned line);

static void test_model__ignore_target_naming_no_source_is_an_error(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d, "        logs: {fields: {msg: string}}\n"
		"sources:\n  api_gateway:\n    orders: {stage: prod}\n"
		"lint:\n  ignore:\n"
		"    - {rule: LP-CW-RETENTION, target: sources.api_gateway.orders, reason: r}\n"
		"    - {rule: LP-CW-RETENTION, target: sources.api_gateway.order, reason: r}\n");
	(void)state;
	assert_null(m);
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 1);
	assert_true(has_finding(d, "LP-SPEC-REF", "target 'sources.api_gateway.order' names no source", 23));
	lp_diag_free(d);
}

static void test_model__name_checks(void **state)
{
	(void)state;
	assert_true(lp_names_valid_family("shop-api_1"));
	assert_false(lp_names_valid_family("shop api"));
	assert_false(lp_names_valid_family(""));
	assert_true(lp_names_valid_stream("a.b-c_d"));
	assert_false(lp_names_valid_stream("12345678901234567890123456789012345678901234567890123456789012345"));
	assert_true(lp_names_valid_log_group("/ecs/shop/api#1"));
	assert_false(lp_names_valid_log_group("/ecs/shop\napi"));
	assert_true(lp_names_valid_glue_name("api_app"));
	assert_false(lp_names_valid_glue_name("Api_app"));
}

static int has_finding(lp_diag *d, const char *rule, const char *text, unsigned line)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!strcmp(e->rule, rule) && strstr(e->message, text) && e->span.line == line)
			return 1;
	}
	return 0;
}

/* "api" + "a-b" and "api-a" + "b" both derive shop-api-a-b; this used to abort on a doubled artifact path. */
static void test_model__colliding_derived_names_are_findings(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = load(d,
		"      a-b: {image: app:1.0}\n"
		"  api-a:\n"
		"    family: shop-api\n"
		"    cpu: 256\n"
		"    memory: 512\n"
		"    containers:\n"
		"      b: {image: app:1.0}\n"
		"    task_role: arn:aws:iam::123456789012:role/t\n"
		"    execution_role: arn:aws:iam::123456789012:role/e\n");
	(void)state;
	assert_null(m);
	assert_true(has_finding(d, "LP-SPEC-NAME", "Firehose stream 'shop-api-a-b' is derived twice: here and on line 16", 22));
	assert_true(has_finding(d, "LP-SPEC-NAME", "Glue table 'api_a_b' is derived twice", 22));
	assert_true(has_finding(d, "LP-SPEC-NAME", "task definition family 'shop-api' is derived twice", 17));
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 3);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model__defaults_are_hybrid_hourly_parquet),
		cmocka_unit_test(test_model__planner_derives_names_once),
		cmocka_unit_test(test_model__daily_partition_layout),
		cmocka_unit_test(test_model__rds_destination_explains_the_anti_pattern),
		cmocka_unit_test(test_model__empty_destinations_is_an_error),
		cmocka_unit_test(test_model__ignore_targets_resolve_spec_paths),
		cmocka_unit_test(test_model__ignore_target_naming_no_container_is_an_error),
		cmocka_unit_test(test_model__ignore_target_naming_no_source_is_an_error),
		cmocka_unit_test(test_model__name_checks),
		cmocka_unit_test(test_model__colliding_derived_names_are_findings),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
