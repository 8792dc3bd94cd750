/*
 * Every AWS name limit at its boundary: the limit is accepted, one more is
 * refused, with the finding at the spec key to change.
 */
#include "lp_test.h"

#include <stdlib.h>

#include "plan/names.h"
#include "plan/plan.h"
#include "util/buf.h"

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = 0;
	return s;
}

static void test_names__every_kind_at_its_limit(void **state)
{
	static const struct {
		lp_name_kind k;
		char c;
	} kinds[] = { { LP_NAME_FIREHOSE_STREAM, 'a' }, { LP_NAME_LOG_GROUP, 'a' }, { LP_NAME_LOG_STREAM, 'a' },
		{ LP_NAME_IAM_ROLE, 'a' }, { LP_NAME_IAM_POLICY, 'a' }, { LP_NAME_GLUE, 'a' }, { LP_NAME_ECS_FAMILY, 'a' },
		{ LP_NAME_ECS_CONTAINER, 'a' }, { LP_NAME_APIGW_STAGE, 'a' }, { LP_NAME_ECR_REPOSITORY, 'a' },
		{ LP_NAME_IMAGE_TAG, 'a' }, { LP_NAME_S3_PREFIX, 'a' }, { LP_NAME_FILE, 'a' } };
	size_t i;
	char why[200];
	(void)state;
	assert_int_equal(sizeof(kinds) / sizeof(kinds[0]), LP_NAME_KINDS);
	for (i = 0; i < LP_NAME_KINDS; i++) {
		size_t max = lp_names_max(kinds[i].k);
		char *ok = repeat(kinds[i].c, max), *over = repeat(kinds[i].c, max + 1);
		if (lp_names_check(why, sizeof(why), kinds[i].k, ok))
			fail_msg("%s of %zu refused: %s", lp_names_what(kinds[i].k), max, why);
		assert_int_equal(lp_names_check(why, sizeof(why), kinds[i].k, over), 1);
		assert_non_null(strstr(why, "the limit is"));
		free(ok);
		free(over);
	}
	assert_int_equal(lp_names_max(LP_NAME_FIREHOSE_STREAM), 64);
	assert_int_equal(lp_names_max(LP_NAME_IAM_ROLE), 64);
	assert_int_equal(lp_names_max(LP_NAME_IAM_POLICY), 128);
	assert_int_equal(lp_names_max(LP_NAME_LOG_GROUP), 512);
	assert_int_equal(lp_names_max(LP_NAME_GLUE), 255);
	assert_int_equal(lp_names_max(LP_NAME_FILE), 255);
}

static void test_names__characters(void **state)
{
	char why[200];
	(void)state;
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_GLUE, "Api_app"), 1);
	assert_non_null(strstr(why, "'A' at character 1"));
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_LOG_STREAM, "ecs-a:b"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_LOG_GROUP, "/ecs/shop api"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_APIGW_STAGE, "$default"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_ECR_REPOSITORY, "Shop-api-log-router"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_ECR_REPOSITORY, "shop__api-log-router"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_ECR_REPOSITORY, "shop-api-log-router"), 0);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_IAM_POLICY, "a+b=c,d.e@f-g_h"), 0);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_FILE, "a/b"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_IMAGE_TAG, "-x"), 1);
	assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_FIREHOSE_STREAM, ""), 1);
}

typedef struct names {
	const char *name, *family, *service, *container, *database, *source, *stage;
} names;

/* A spec with the given names; builds it and returns the findings. */
static lp_diag *plan_spec(const names *n)
{
	lp_buf spec = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_buf_printf(&spec,
		"version: 1\n"
		"name: %s\n"
		"region: ap-northeast-1\n"
		"account: \"123456789012\"\n"
		"lake: {bucket: shop-logs, database: %s}\n"
		"services:\n"
		"  %s:\n"
		"    family: %s\n"
		"    cpu: 256\n"
		"    memory: 512\n"
		"    task_role: arn:aws:iam::123456789012:role/t\n"
		"    execution_role: arn:aws:iam::123456789012:role/e\n"
		"    containers:\n"
		"      %s:\n"
		"        image: app:1.0\n"
		"        logs: {fields: {level: string}}\n"
		"sources:\n"
		"  api_gateway:\n"
		"    %s:\n"
		"      access_log: firehose\n"
		"      stage: %s\n",
		n->name, n->database, n->service, n->family, n->container, n->source, n->stage);
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	lp_model_free(m);
	lp_buf_release(&spec);
	return d;
}

static const lp_diag_entry *find(lp_diag *d, const char *what)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++)
		if (strstr(lp_diag_get(d, i)->message, what))
			return lp_diag_get(d, i);
	return NULL;
}

static void assert_clean(lp_diag *d)
{
	if (lp_diag_count(d))
		fail_msg("unexpected finding: %s", lp_diag_get(d, 0)->message);
	lp_diag_free(d);
}

/* The finding about `what`, at line:col, is an LP-SPEC-NAME error that says the limit. */
static void assert_refused_by(lp_diag *d, const char *rule, const char *what, unsigned line, unsigned col,
	const char *limit)
{
	const lp_diag_entry *e = find(d, what);
	if (!e)
		fail_msg("no finding about '%s' (%zu findings; first: %s)", what, lp_diag_count(d),
			lp_diag_count(d) ? lp_diag_get(d, 0)->message : "-");
	assert_string_equal(e->rule, rule);
	assert_int_equal(e->span.line, line);
	assert_int_equal(e->span.col, col);
	if (!strstr(e->message, limit))
		fail_msg("'%s' does not say '%s'", e->message, limit);
	lp_diag_free(d);
}

static names base(void)
{
	names n = { "shop", "shop-api", "api", "app", "shop_logs", "orders", "prod" };
	return n;
}

/*
 * Sets `*field` (a member of `n`) to `ok` copies of `c`: the spec builds
 * clean; with one more, `rule` refuses it at line:col, saying `msg`.
 */
static void boundary(names *n, const char **field, char c, size_t ok, const char *rule, const char *what,
	unsigned line, unsigned col, const char *msg)
{
	char *at = repeat(c, ok), *over = repeat(c, ok + 1);
	*field = at;
	assert_clean(plan_spec(n));
	*field = over;
	assert_refused_by(plan_spec(n), rule, what, line, col, msg);
	free(at);
	free(over);
}

/* IAM policy <family>-execution-policy: 128, so a family of 111, reported at the 'family' value. */
static void test_names__family_and_its_policy_names(void **state)
{
	names n = base();
	(void)state;
	boundary(&n, &n.family, 'f', 111, "LP-SPEC-NAME", "IAM policy name", 8, 13, "is 129 characters; the limit is 128");
}

/* API Gateway's stream amazon-apigateway-<name>-<source>: 64 with the prefix, at the source. */
static void test_names__api_gateway_stream_counts_its_prefix(void **state)
{
	names n = base();
	(void)state;
	boundary(&n, &n.source, 's', 64 - 18 - 5, "LP-SPEC-NAME", "Firehose stream name 'amazon-apigateway-shop-", 19, 5,
		"is 65 characters; the limit is 64");
}

/*
 * The delivery role <name>-firehose-delivery allows a name of 46; the schema
 * stops 'name' at 32, so the longest name gives valid role and policy names.
 */
static void test_names__delivery_role(void **state)
{
	names n = base();
	(void)state;
	n.source = "o";
	n.family = "fam";
	boundary(&n, &n.name, 'n', 32, "LP-SPEC-SCHEMA", "'name'", 2, 7, "not a valid value");
}

/* <name>-<service>-<container> within Firehose's 64, at the container. */
static void test_names__container_stream(void **state)
{
	names n = base();
	(void)state;
	boundary(&n, &n.container, 'c', 64 - 9, "LP-SPEC-NAME", "Firehose stream name 'shop-api-", 14, 7,
		"is 65 characters; the limit is 64");
}

/* glue/<database>.<table>.json within NAME_MAX: a long database is a finding, not a failed write. */
static void test_names__file_names_within_name_max(void **state)
{
	names n = base();
	(void)state;
	/* 242 + ".api_app.json" = 255 */
	boundary(&n, &n.database, 'd', 255 - 13, "LP-SPEC-NAME", "file name", 14, 7, "is 256 bytes; the limit is 255");
}

/* The schema's stage pattern says it first, at the value. */
static void test_names__stage(void **state)
{
	names n = base();
	(void)state;
	boundary(&n, &n.stage, 's', 128, "LP-SPEC-SCHEMA", "'stage'", 21, 14, "not a valid value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names__every_kind_at_its_limit),
		cmocka_unit_test(test_names__characters),
		cmocka_unit_test(test_names__family_and_its_policy_names),
		cmocka_unit_test(test_names__api_gateway_stream_counts_its_prefix),
		cmocka_unit_test(test_names__delivery_role),
		cmocka_unit_test(test_names__container_stream),
		cmocka_unit_test(test_names__file_names_within_name_max),
		cmocka_unit_test(test_names__stage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
