#include "lp_test.h"

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "lint/lint.h"
#include "render/render.h"
#include "render/render_terraform.h"
#include "plan/plan.h"
#include "spec/model.h"

/* Two services listed out of name order, one of them with a lake container. */
#define SPEC \
	"version: 1\n" \
	"name: shop\n" \
	"region: ap-northeast-1\n" \
	"account: \"123456789012\"\n" \
	"lake: {bucket: shop-logs, database: shop_logs}\n" \
	"services:\n" \
	"  zeta:\n" \
	"    launch_type: fargate\n" \
	"    cpu: 256\n" \
	"    memory: 512\n" \
	"    task_role: arn:aws:iam::123456789012:role/t\n" \
	"    execution_role: arn:aws:iam::123456789012:role/e\n" \
	"    router: {image: \"public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1\", memory: 128}\n" \
	"    containers:\n" \
	"      app:\n" \
	"        image: app:1.0\n" \
	"        memory: 256\n" \
	"        logs:\n" \
	"          to: [cloudwatch, lake]\n" \
	"          cloudwatch: {only: {key: level, regex: \"%s\"}}\n" \
	"          fields: {level: string}\n" \
	"  alpha:\n" \
	"    launch_type: fargate\n" \
	"    cpu: 256\n" \
	"    memory: 512\n" \
	"    task_role: arn:aws:iam::123456789012:role/t\n" \
	"    execution_role: arn:aws:iam::123456789012:role/e\n" \
	"    router: {image: \"public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1\", memory: 128}\n" \
	"    containers:\n" \
	"      app:\n" \
	"        image: app:1.0\n" \
	"        memory: 256\n" \
	"        logs: {to: [cloudwatch]}\n"

static void snake_is(const char *key, const char *want)
{
	lp_buf b = LP_BUF_INIT;
	lp_render_terraform__snake(&b, key);
	assert_string_equal(b.ptr, want);
	lp_buf_release(&b);
}

static void ident_is(const char *name, const char *want)
{
	lp_buf b = LP_BUF_INIT;
	lp_render_terraform__ident(&b, name);
	assert_string_equal(b.ptr, want);
	lp_buf_release(&b);
}

static void test_terraform__snake_case_follows_the_provider(void **state)
{
	(void)state;
	snake_is("KeyARN", "key_arn");
	snake_is("RoleARN", "role_arn");
	snake_is("OpenXJsonSerDe", "open_x_json_ser_de");
	snake_is("ParquetSerDe", "parquet_ser_de");
	snake_is("taskRoleArn", "task_role_arn");
	snake_is("requiresCompatibilities", "requires_compatibilities");
	snake_is("RetentionInDays", "retention_in_days");
	snake_is("KmsKeyId", "kms_key_id");
	snake_is("VersionId", "version_id");
	snake_is("cpu", "cpu");
}

static void test_terraform__names_are_identifiers(void **state)
{
	(void)state;
	ident_is("/ecs/shop/api/log-router", "ecs_shop_api_log_router");
	ident_is("shop_logs.api_app", "shop_logs_api_app");
	ident_is("a..b//", "a_b");
	ident_is("123abc", "_123abc");
	ident_is("-x", "x");
	ident_is("9-x", "_9_x");
	ident_is("", "_");
	ident_is("///", "_");
	/* snake_case, as terraform-aws-modules names resources */
	ident_is("Shop-API_1", "shop_api_1");
}

typedef struct built {
	lp_diag *d;
	lp_model *m;
	lp_artifact_set set;
	cJSON *tf;
} built;

static void build(built *b, const char *regex)
{
	lp_buf spec = LP_BUF_INIT;
	lp_render_opts o = LP_RENDER_OPTS_INIT;
	const lp_artifact *a;
	b->d = lp_diag_new();
	b->m = NULL;
	b->tf = NULL;
	memset(&b->set, 0, sizeof(b->set));
	lp_buf_printf(&spec, SPEC, regex);
	assert_lp_ok(lp_plan_load_buffer(&b->m, "logpipe.yaml", spec.ptr, spec.size, b->d));
	lp_buf_release(&spec);
	assert_non_null(b->m);
	assert_lp_ok(lp_render_all(&b->set, b->m, &o, b->d));
	if ((a = lp_artifact_find(&b->set, LP_TERRAFORM_PATH)))
		b->tf = cJSON_Parse(a->content.ptr);
}

static void built_release(built *b)
{
	cJSON_Delete(b->tf);
	lp_artifact_set_release(&b->set);
	lp_model_free(b->m);
	lp_diag_free(b->d);
}

static const cJSON *resource(const built *b, const char *type, const char *name)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(b->tf, "resource");
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, type), name);
}

static void test_terraform__resources_sorted_and_linked(void **state)
{
	built b;
	const cJSON *tds, *fh, *deps;
	(void)state;
	build(&b, "^(WARN|ERROR)$");
	assert_int_equal(lp_diag_count(b.d), 0);
	assert_non_null(b.tf);
	tds = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(b.tf, "resource"),
		"aws_ecs_task_definition");
	/* Spec order is zeta, alpha; the file is sorted. */
	assert_string_equal(tds->child->string, "shop_alpha");
	assert_string_equal(tds->child->next->string, "shop_zeta");
	fh = resource(&b, "aws_kinesis_firehose_delivery_stream", "shop_zeta_app");
	assert_non_null(fh);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fh, "destination")), "extended_s3");
	deps = cJSON_GetObjectItemCaseSensitive(fh, "depends_on");
	assert_int_equal(cJSON_GetArraySize(deps), 2);
	assert_string_equal(cJSON_GetArrayItem(deps, 0)->valuestring, "aws_glue_catalog_table.shop_logs_zeta_app");
	assert_string_equal(cJSON_GetArrayItem(deps, 1)->valuestring,
		"aws_cloudwatch_log_group.aws_kinesisfirehose_shop_zeta_app");
	built_release(&b);
}

/* Roles work after an apply: every policy is attached, and a module caller can read the ARNs. */
static void test_terraform__policies_attached_and_outputs(void **state)
{
	built b;
	const cJSON *att, *out, *arns;
	(void)state;
	build(&b, "^(WARN|ERROR)$");
	assert_non_null(b.tf);
	att = resource(&b, "aws_iam_role_policy_attachment", "shop_zeta_task_policy");
	assert_non_null(att);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(att, "policy_arn")),
		"${aws_iam_policy.shop_zeta_task_policy.arn}");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(att, "count")),
		"${var.attach_policies ? 1 : 0}");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(b.tf, "variable"), "attach_policies"));
	att = resource(&b, "aws_iam_role_policy_attachment", "shop_firehose_delivery_policy");
	assert_non_null(att);
	out = cJSON_GetObjectItemCaseSensitive(b.tf, "output");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(out, "firehose_role_arn"));
	arns = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(out, "task_definition_arns"), "value");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(arns, "shop-zeta")),
		"${aws_ecs_task_definition.shop_zeta.arn}");
	built_release(&b);
}

static void test_terraform__templates_are_escaped(void **state)
{
	built b;
	const cJSON *t, *params;
	const char *tmpl;
	(void)state;
	build(&b, "^(WARN|ERROR)$");
	t = resource(&b, "aws_glue_catalog_table", "shop_logs_zeta_app");
	assert_non_null(t);
	params = cJSON_GetObjectItemCaseSensitive(t, "parameters");
	tmpl = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(params, "storage.location.template"));
	assert_non_null(tmpl);
	/* Terraform would interpolate a bare ${datehour}. */
	assert_non_null(strstr(tmpl, "/$${datehour}/"));
	/* Map keys stay data: no snake_case on projection properties. */
	assert_non_null(cJSON_GetObjectItemCaseSensitive(params, "projection.datehour.interval.unit"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(params, "EXTERNAL"));
	built_release(&b);
}

/* Two log groups whose names sanitise alike get "_2", in a stable order, and dependencies still find each. */
static void test_terraform__alike_names_get_suffixes(void **state)
{
	const char *spec =
		"version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
		"services:\n"
		"  a:\n    launch_type: ec2\n    task_role: arn:aws:iam::123456789012:role/t\n"
		"    execution_role: arn:aws:iam::123456789012:role/e\n"
		"    containers: {b_c: {image: app:1.0, memory: 256, logs: {to: [cloudwatch]}}}\n"
		"  a_b:\n    launch_type: ec2\n    task_role: arn:aws:iam::123456789012:role/t\n"
		"    execution_role: arn:aws:iam::123456789012:role/e\n"
		"    containers: {c: {image: app:1.0, memory: 256, logs: {to: [cloudwatch]}}}\n";
	lp_render_opts o = LP_RENDER_OPTS_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	const lp_artifact *a;
	const cJSON *groups, *g;
	cJSON *tf;
	int n = 0;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, strlen(spec), d));
	assert_non_null(m);
	assert_lp_ok(lp_render_all(&set, m, &o, d));
	assert_non_null(a = lp_artifact_find(&set, LP_TERRAFORM_PATH));
	assert_non_null(tf = cJSON_Parse(a->content.ptr));
	groups = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(tf, "resource"),
		"aws_cloudwatch_log_group");
	cJSON_ArrayForEach(g, groups)
	{
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "name"));
		if (!strcmp(name, "/ecs/shop/a/b_c") || !strcmp(name, "/ecs/shop/a_b/c")) {
			/* sorted by resource name: the plain one first, then the suffixed one */
			assert_string_equal(g->string, n ? "ecs_shop_a_b_c_2" : "ecs_shop_a_b_c");
			n++;
		}
	}
	assert_int_equal(n, 2);
	cJSON_Delete(tf);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

/*
 * The Terraform renderer carries the router image lp_render_ecs recorded, or
 * renders the Fluent Bit configuration again to hash it; a finding in that
 * configuration must still be reported once.
 */
static void test_terraform__router_findings_reported_once(void **state)
{
	built b;
	size_t i, n = 0;
	(void)state;
	build(&b, "^(WARN|${X})$");
	for (i = 0; i < lp_diag_count(b.d); i++)
		if (!strcmp(lp_diag_get(b.d, i)->rule, "LP-FB-VALUE"))
			n++;
	assert_int_equal(n, 1);
	built_release(&b);
}

/* Without the images lp_render_ecs records, the Terraform renderer computes the same ones. */
static void test_terraform__alone_carries_the_same_router_images(void **state)
{
	built b;
	lp_artifact_set alone = LP_ARTIFACT_SET_INIT;
	lp_render_run *run;
	const lp_artifact *a, *want;
	(void)state;
	build(&b, "^WARN$");
	run = lp_render_run_new(b.m, NULL);
	assert_lp_ok(lp_render_terraform(&alone, b.m, run, b.d));
	lp_render_run_free(run);
	lp_artifact_set_sort(&alone);
	want = lp_artifact_find(&b.set, LP_TERRAFORM_PATH);
	a = lp_artifact_find(&alone, LP_TERRAFORM_PATH);
	assert_non_null(want);
	assert_non_null(a);
	assert_non_null(strstr(a->content.ptr, ".dkr.ecr.ap-northeast-1.amazonaws.com/"));
	assert_string_equal(a->content.ptr, want->content.ptr);
	lp_artifact_set_release(&alone);
	built_release(&b);
}

/*
 * A big spec makes a Terraform file over the JSON size limit of the linter
 * (1000 services: 12 MB); build lints what it generates, so that file must
 * be left out rather than refused.
 */
static void test_terraform__big_file_is_not_linted(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_diag *d = lp_diag_new();
	lp_buf *b = lp_artifact_add(&set, LP_TERRAFORM_PATH);
	size_t i;
	(void)state;
	lp_buf_puts(b, "{\"resource\": {\"aws_cloudwatch_log_group\": {");
	for (i = 0; i < 200000; i++)
		lp_buf_printf(b, "%s\"g%zu\": {\"name\": \"/ecs/a-rather-long-group-name/%zu\"}", i ? ", " : "", i, i);
	lp_buf_puts(b, "}}}\n");
	assert_true(b->size > 8u << 20);
	assert_lp_ok(lp_lint_artifacts(&set, NULL, &o, d));
	assert_int_equal(lp_diag_count(d), 0);
	lp_artifact_set_release(&set);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terraform__snake_case_follows_the_provider),
		cmocka_unit_test(test_terraform__names_are_identifiers),
		cmocka_unit_test(test_terraform__resources_sorted_and_linked),
		cmocka_unit_test(test_terraform__policies_attached_and_outputs),
		cmocka_unit_test(test_terraform__templates_are_escaped),
		cmocka_unit_test(test_terraform__alike_names_get_suffixes),
		cmocka_unit_test(test_terraform__router_findings_reported_once),
		cmocka_unit_test(test_terraform__alone_carries_the_same_router_images),
		cmocka_unit_test(test_terraform__big_file_is_not_linted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
