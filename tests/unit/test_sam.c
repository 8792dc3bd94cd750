#include "lp_test.h"

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "plan/check_sam.h"
#include "read/sam.h"
#include "render/render_sam.h"
#include "render/render_yaml.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "spec/yaml.h"

/* A loaded template, its scan and the findings lp_sam_report made of it. */
typedef struct scan {
	lp_arena a;
	lp_diag *d;
	lp_node *root;
	lp_sam_info info;
} scan;

static void scan_text(scan *s, const char *yaml)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	memset(s, 0, sizeof(*s));
	s->d = lp_diag_new();
	assert_lp_ok(lp_yaml_load(&s->root, &s->a, "template.yaml", yaml, strlen(yaml), &lim, s->d));
	assert_int_equal(lp_diag_count(s->d), 0);
	lp_sam_scan(&s->info, &s->a, s->root);
	lp_sam_report(&s->info, "sam/orders.yaml", s->d);
}

static void scan_done(scan *s)
{
	lp_arena_release(&s->a);
	lp_diag_free(s->d);
}

static size_t count_rule(lp_diag *d, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			n++;
	return n;
}

#define SAM_HEAD "Transform: AWS::Serverless-2016-10-31\n"

#define FUNCTION(events) \
	"  Fn:\n" \
	"    Type: AWS::Serverless::Function\n" \
	"    Properties:\n" \
	"      Handler: app.handler\n" \
	"      Events:\n" events

static void test_sam__implicit_rest_api_is_found_at_its_type(void **state)
{
	scan s;
	const lp_diag_entry *e;
	(void)state;
	scan_text(&s, SAM_HEAD "Resources:\n" FUNCTION(
		"        Get:\n"
		"          Type: Api\n"
		"          Properties: {Path: /orders, Method: get}\n"
		"        Tick:\n"
		"          Type: Schedule\n"));
	assert_true(s.info.is_sam);
	assert_int_equal(s.info.nimplicit, 1);
	assert_int_equal(s.info.nimplicit_rest, 1);
	assert_string_equal(s.info.implicit[0].function, "Fn");
	assert_string_equal(s.info.implicit[0].event, "Get");
	assert_true(lp_sam_needs_globals(&s.info));
	assert_int_equal(lp_render_sam_placement(&s.info), LP_SAM_GLOBALS);
	assert_int_equal(lp_diag_count(s.d), 1);
	e = lp_diag_get(s.d, 0);
	assert_string_equal(e->rule, "LP-SAM-IMPLICIT-API");
	/* no MethodSettings: api-gw-execution-logging-enabled marks the stage NON_COMPLIANT */
	assert_int_equal(e->severity, LP_SEV_ERROR);
	assert_int_equal(e->span.line, 9);
	assert_int_equal(e->span.col, 17);
	assert_non_null(strstr(e->help, "Globals.Api"));
	assert_non_null(strstr(e->help, "sam/orders.yaml"));
	scan_done(&s);
}

static void test_sam__event_with_rest_api_id_is_not_implicit(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, SAM_HEAD "Resources:\n"
		"  MyApi:\n"
		"    Type: AWS::Serverless::Api\n"
		"    Properties:\n"
		"      StageName: prod\n" FUNCTION(
		"        Get:\n"
		"          Type: Api\n"
		"          Properties: {RestApiId: !Ref MyApi, Path: /, Method: get}\n"));
	assert_int_equal(s.info.nimplicit, 0);
	assert_int_equal(s.info.napis, 1);
	assert_string_equal(s.info.apis[0].logical_id, "MyApi");
	assert_false(s.info.apis[0].has_access_log);
	assert_false(s.info.apis[0].has_method_settings);
	assert_string_equal(lp_node_str(s.info.apis[0].stage_name), "prod");
	assert_int_equal(lp_render_sam_placement(&s.info), LP_SAM_EXPLICIT);
	assert_int_equal(count_rule(s.d, "LP-SAM-API-ACCESS-LOG"), 1);
	assert_int_equal(count_rule(s.d, "LP-SAM-API-EXECUTION-LOG"), 1);
	assert_int_equal(lp_diag_get(s.d, 0)->span.line, 3); /* the MyApi key */
	scan_done(&s);
}

static void test_sam__complete_globals_api_silences_the_finding(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, SAM_HEAD
		"Globals:\n"
		"  Api:\n"
		"    AccessLogSetting: {DestinationArn: !Sub 'arn:x', Format: '$context.requestId'}\n"
		"    MethodSettings:\n"
		"      - {HttpMethod: '*', ResourcePath: '/*', LoggingLevel: !Ref Level}\n"
		"Resources:\n" FUNCTION(
		"        Get:\n"
		"          Type: Api\n"));
	assert_non_null(s.info.globals_api);
	assert_true(s.info.globals_access_log);
	assert_true(s.info.globals_method_settings);
	assert_null(s.info.globals_logging_off); /* an intrinsic cannot be judged */
	assert_int_equal(s.info.nimplicit_rest, 1);
	assert_int_equal(lp_diag_count(s.d), 0);
	scan_done(&s);
}

/* Execution logging on but no access logs: no Config rule fails the REST stage, so a warning. */
static void test_sam__implicit_api_without_access_logs_only_is_a_warning(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, SAM_HEAD
		"Globals:\n"
		"  Api:\n"
		"    MethodSettings:\n"
		"      - {HttpMethod: '*', ResourcePath: '/*', LoggingLevel: ERROR}\n"
		"Resources:\n" FUNCTION(
		"        Get:\n"
		"          Type: Api\n"));
	assert_int_equal(lp_diag_count(s.d), 1);
	assert_int_equal(lp_diag_get(s.d, 0)->severity, LP_SEV_WARNING);
	assert_non_null(strstr(lp_diag_get(s.d, 0)->message, "writes no access logs"));
	scan_done(&s);
}

static void test_sam__logging_level_off_in_globals_is_reported(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, SAM_HEAD
		"Globals:\n"
		"  Api:\n"
		"    AccessLogSetting: {DestinationArn: arn, Format: f}\n"
		"    MethodSettings:\n"
		"      - {HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'OFF'}\n"
		"Resources:\n" FUNCTION(
		"        Get:\n"
		"          Type: Api\n"));
	assert_non_null(s.info.globals_logging_off);
	assert_int_equal(s.info.globals_logging_off->span.line, 6);
	assert_int_equal(count_rule(s.d, "LP-SAM-IMPLICIT-API"), 1);
	assert_non_null(strstr(lp_diag_get(s.d, 0)->message, "turns execution logging off"));
	scan_done(&s);
}

static void test_sam__http_api_events_are_not_rest(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources:\n" FUNCTION(
		"        Get:\n"
		"          Type: HttpApi\n"));
	assert_true(s.info.is_sam);
	assert_int_equal(s.info.nimplicit, 1);
	assert_int_equal(s.info.nimplicit_rest, 0);
	assert_true(s.info.implicit[0].http);
	assert_false(lp_sam_needs_globals(&s.info));
	/* an HTTP API is never given a REST API to fix it */
	assert_int_equal(lp_render_sam_placement(&s.info), LP_SAM_HTTP_ONLY);
	assert_non_null(strstr(lp_diag_get(s.d, 0)->message, "HTTP API"));
	scan_done(&s);
}

static void test_sam__globals_http_api_access_logs_satisfy_the_implicit_http_api(void **state)
{
	scan s;
	(void)state;
	/* Globals.Api is the REST APIs' section: it does not configure the implicit HTTP API */
	scan_text(&s, "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    AccessLogSettings: {DestinationArn: a, Format: b}\n"
		      "Resources:\n" FUNCTION("        Get:\n          Type: HttpApi\n"));
	assert_int_equal(count_rule(s.d, "LP-SAM-IMPLICIT-API"), 1);
	scan_done(&s);
	scan_text(&s, "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  HttpApi:\n    AccessLogSettings: {DestinationArn: a, Format: b}\n"
		      "Resources:\n" FUNCTION("        Get:\n          Type: HttpApi\n"));
	assert_true(s.info.globals_http_access_log);
	assert_int_equal(count_rule(s.d, "LP-SAM-IMPLICIT-API"), 0);
	scan_done(&s);
}

static void test_sam__account_and_non_sam_templates(void **state)
{
	scan s;
	(void)state;
	scan_text(&s, "Resources:\n"
		"  Acct:\n"
		"    Type: AWS::ApiGateway::Account\n"
		"    Properties: {CloudWatchRoleArn: !GetAtt Role.Arn}\n");
	assert_false(s.info.is_sam);
	assert_non_null(s.info.account);
	assert_string_equal(s.info.account->str, "Acct");
	assert_int_equal(lp_diag_count(s.d), 0);
	scan_done(&s);
}

static void test_sam__odd_shapes_are_empty_not_fatal(void **state)
{
	static const char *const docs[] = {
		"- a\n- b\n",
		"Resources: [1, 2]\n",
		"Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events: [x]\n",
		"Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E: 3\n",
		"Globals: {Api: [1]}\nResources:\n  A: {Type: AWS::Serverless::Api, Properties: {MethodSettings: 7}}\n",
		"Transform: {a: b}\n",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		scan s;
		scan_text(&s, docs[i]);
		assert_int_equal(s.info.nimplicit, 0);
		assert_null(s.info.globals_api);
		scan_done(&s);
	}
	{
		lp_sam_info info;
		lp_arena a = LP_ARENA_INIT;
		lp_sam_scan(&info, &a, NULL);
		assert_int_equal(info.napis, 0);
		lp_arena_release(&a);
	}
}

/* ---- the YAML printer ------------------------------------------------------ */

static void test_sam__yaml_strings_keep_their_type_and_tags(void **state)
{
	static const char *const tricky[] = { "123456789012", "true", "OFF", "yes", "", "null", "~", "*", "/*",
		"1.5", "-1", ".5", "2024-01-01", "a: b", "#x", "{\"k\":\"$v\"}", "it's", "plain", NULL };
	lp_arena a = LP_ARENA_INIT, b = LP_ARENA_INIT;
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = lp_render_yaml_map(&a), *back = NULL, *seq;
	lp_buf out = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	size_t i;
	(void)state;
	seq = lp_render_yaml_set_seq(&a, root, "strings");
	for (i = 0; tricky[i]; i++)
		lp_render_yaml_push(&a, seq, lp_render_yaml_str(&a, tricky[i]));
	lp_render_yaml_set(&a, root, "ref", lp_render_yaml_tagged(&a, "!Sub", "arn:${AWS::Partition}:x"));
	lp_render_yaml_set(&a, root, "n", lp_render_yaml_int(&a, 365));
	lp_render_yaml_set(&a, root, "b", lp_render_yaml_bool(&a, 0));
	assert_lp_ok(lp_render_yaml_print(&out, root, "first\n\nsecond"));
	assert_true(!strncmp(out.ptr, "# first\n#\n# second\n", 19));
	assert_int_equal(out.ptr[out.size - 1], '\n');
	assert_null(strstr(out.ptr, "---"));

	assert_lp_ok(lp_yaml_load(&back, &b, "out.yaml", out.ptr, out.size, &lim, d));
	assert_int_equal(lp_diag_count(d), 0);
	seq = lp_node_get(back, "strings");
	assert_int_equal(seq->n, i);
	for (i = 0; tricky[i]; i++) {
		assert_string_equal(seq->items[i]->str, tricky[i]);
		assert_int_equal(seq->items[i]->stype, LP_SCALAR_STR);
	}
	assert_string_equal(lp_node_get(back, "ref")->tag, "!Sub");
	assert_string_equal(lp_node_get(back, "ref")->str, "arn:${AWS::Partition}:x");
	assert_int_equal(lp_node_get(back, "n")->stype, LP_SCALAR_INT);
	assert_int_equal(lp_node_get(back, "b")->stype, LP_SCALAR_BOOL);
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
	lp_arena_release(&b);
}

static void test_sam__many_keys_keep_insertion_order(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_node *root = lp_render_yaml_map(&a);
	int i;
	(void)state;
	for (i = 0; i < 100; i++)
		lp_render_yaml_set(&a, root, lp_arena_printf(&a, "k%d", i), lp_render_yaml_int(&a, i));
	assert_int_equal(root->n, 100);
	for (i = 0; i < 100; i++) {
		char key[8];
		snprintf(key, sizeof(key), "k%d", i);
		assert_string_equal(root->pairs[i].key->str, key);
		assert_string_equal(root->pairs[i].value->str, key + 1);
	}
	lp_arena_release(&a);
}

/* ---- the renderer ------------------------------------------------------------ */

static void test_sam__access_format_is_one_line_json_with_both_ids(void **state)
{
	const char *f = lp_render_sam_access_format();
	cJSON *j = cJSON_Parse(f);
	(void)state;
	assert_non_null(j);
	assert_null(strchr(f, '\n'));
	assert_string_equal(cJSON_GetObjectItem(j, "requestId")->valuestring, "$context.requestId");
	assert_string_equal(cJSON_GetObjectItem(j, "extendedRequestId")->valuestring, "$context.extendedRequestId");
	cJSON_Delete(j);
}

#define SPEC(src) \
	"version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n" \
	"sources:\n  api_gateway:\n    orders:\n" src

static void test_sam__missing_template_is_an_error_at_the_spec_value(void **state)
{
	static const char spec[] = SPEC("      template: nowhere/template.yaml\n");
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	const lp_diag_entry *e;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "specs/logpipe.yaml", spec, sizeof(spec) - 1, d));
	assert_non_null(m);
	assert_lp_ok(lp_render_sam(&set, m, NULL, d));
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 1);
	e = lp_diag_get(d, 0);
	assert_string_equal(e->rule, "LP-SAM-TEMPLATE");
	assert_string_equal(e->span.file, "specs/logpipe.yaml");
	assert_int_equal(e->span.line, 8);
	assert_int_equal(e->span.col, 17);
	assert_non_null(strstr(e->message, "'specs/nowhere/template.yaml'"));
	assert_int_equal(set.n, 0);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

static void test_sam__no_template_gives_a_new_api_with_every_setting(void **state)
{
	static const char spec[] = SPEC("      stage: v1\n      execution_log: \"off\"\n      access_log: firehose\n");
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	const lp_artifact *art;
	const char *y;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, sizeof(spec) - 1, d));
	assert_non_null(m);
	assert_lp_ok(lp_render_sam(&set, m, NULL, d));
	assert_int_equal(lp_diag_count(d), 0);
	art = lp_artifact_find(&set, "sam/orders.yaml");
	assert_non_null(art);
	y = art->content.ptr;
	assert_non_null(strstr(y, "  OrdersApi:\n    Type: AWS::Serverless::Api\n"));
	assert_non_null(strstr(y, "StageName: v1\n"));
	assert_non_null(strstr(y, "LoggingLevel: 'OFF'\n"));
	assert_non_null(strstr(y, "NON_COMPLIANT"));
	assert_non_null(strstr(y, "deliverystream/amazon-apigateway-shop-orders\n"));
	assert_null(strstr(y, "AWS::Logs::LogGroup")); /* Firehose replaces the access-log group */
	assert_non_null(strstr(y, "AmazonAPIGatewayPushToCloudWatchLogs"));
	assert_non_null(strstr(y, "CloudWatchRoleArn: !GetAtt ApiGatewayCloudWatchRole.Arn\n"));
	assert_null(strstr(y, "Globals:"));
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sam__implicit_rest_api_is_found_at_its_type),
		cmocka_unit_test(test_sam__event_with_rest_api_id_is_not_implicit),
		cmocka_unit_test(test_sam__complete_globals_api_silences_the_finding),
		cmocka_unit_test(test_sam__implicit_api_without_access_logs_only_is_a_warning),
		cmocka_unit_test(test_sam__logging_level_off_in_globals_is_reported),
		cmocka_unit_test(test_sam__http_api_events_are_not_rest),
		cmocka_unit_test(test_sam__globals_http_api_access_logs_satisfy_the_implicit_http_api),
		cmocka_unit_test(test_sam__account_and_non_sam_templates),
		cmocka_unit_test(test_sam__odd_shapes_are_empty_not_fatal),
		cmocka_unit_test(test_sam__yaml_strings_keep_their_type_and_tags),
		cmocka_unit_test(test_sam__many_keys_keep_insertion_order),
		cmocka_unit_test(test_sam__access_format_is_one_line_json_with_both_ids),
		cmocka_unit_test(test_sam__missing_template_is_an_error_at_the_spec_value),
		cmocka_unit_test(test_sam__no_template_gives_a_new_api_with_every_setting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
