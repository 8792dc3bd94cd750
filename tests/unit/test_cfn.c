#include "lp_test.h"

#include "diag/diag.h"
#include "read/cfn.h"
#include "read/taskdef.h"
#include "util/buf.h"

static const lp_node *load(lp_arena *a, lp_diag *d, const char *name, const char *text)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	assert_lp_ok(lp_yaml_load(&root, a, name, text, strlen(text), &lim, d));
	assert_non_null(root);
	return root;
}

static void expect_display(const lp_node *v, const char *want)
{
	lp_buf b = LP_BUF_INIT;
	lp_cfn_display(&b, v);
	assert_string_equal(b.ptr, want);
	lp_buf_release(&b);
}

/* JSON and YAML spellings of one intrinsic read the same. */
static void test_cfn__display_is_the_same_in_json_and_yaml(void **state)
{
	static const char json[] = "{\"a\": {\"Ref\": \"ServiceName\"}, \"b\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]},"
		" \"c\": {\"Fn::Sub\": \"${AWS::StackName}-app\"}, \"d\": {\"Fn::ImportValue\": \"shared-arn\"},"
		" \"e\": {\"Fn::ImportValue\": {\"Fn::Sub\": \"${Env}-arn\"}}, \"f\": {\"Fn::Join\": [\"-\", [\"a\", \"b\"]]}}";
	static const char yaml[] = "a: !Ref ServiceName\nb: !GetAtt Fn.Arn\nc: !Sub '${AWS::StackName}-app'\n"
		"d: !ImportValue shared-arn\ne: !ImportValue {'Fn::Sub': '${Env}-arn'}\nf: !Join ['-', [a, b]]\n";
	static const char *const want[] = { "!Ref ServiceName", "!GetAtt Fn.Arn", "!Sub ${AWS::StackName}-app",
		"!ImportValue shared-arn", "!ImportValue !Sub ${Env}-arn", "!Join [...]" };
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	const lp_node *j = load(&a, d, "t.json", json), *y = load(&a, d, "t.yaml", yaml);
	size_t i;
	(void)state;
	for (i = 0; i < 6; i++) {
		expect_display(j->pairs[i].value, want[i]);
		expect_display(y->pairs[i].value, want[i]);
	}
	assert_string_equal(lp_cfn_target(&a, j->pairs[1].value), "Fn");
	assert_string_equal(lp_cfn_target(&a, y->pairs[1].value), "Fn");
	assert_string_equal(lp_cfn_target(&a, y->pairs[0].value), "ServiceName");
	assert_null(lp_cfn_target(&a, y->pairs[2].value));
	lp_diag_free(d);
	lp_arena_release(&a);
}

static const lp_node *resource(const lp_node *root, const char *id)
{
	return lp_node_get(lp_node_get(root, "Resources"), id);
}

static void test_cfn__foreach_nested_with_substitution(void **state)
{
	static const char yaml[] =
		"Transform: AWS::LanguageExtensions\n"
		"Parameters:\n"
		"  Envs: { Type: CommaDelimitedList, Default: 'dev, prod' }\n"
		"Resources:\n"
		"  Fn::ForEach::Outer:\n"
		"    - Env\n"
		"    - !Ref Envs\n"
		"    - Fn::ForEach::Inner:\n"
		"        - Kind\n"
		"        - [alb, waf-logs]\n"
		"        - 'Logs&{Kind}${Env}':\n"
		"            Type: AWS::S3::Bucket\n"
		"            Properties:\n"
		"              BucketName: !Sub 'logs-${Kind}-${Env}-${AWS::AccountId}'\n"
		"              Tags: [{ Key: env, Value: !Ref Env }]\n"
		"  Plain: { Type: AWS::SNS::Topic }\n";
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	const lp_node *root = load(&a, d, "t.yaml", yaml), *x, *r;
	(void)state;
	x = lp_cfn_expand(&a, root, d);
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(lp_node_get(x, "Resources")->n, 5);
	r = resource(x, "Logswaflogsprod");
	assert_non_null(r);
	assert_string_equal(lp_node_str(lp_node_get(lp_node_get(r, "Properties"), "BucketName")),
		"logs-waf-logs-prod-${AWS::AccountId}");
	x = lp_node_get(lp_node_get(r, "Properties"), "Tags")->items[0];
	assert_string_equal(lp_node_str(lp_node_get(x, "Value")), "prod");
	assert_null(lp_node_get(x, "Value")->tag);
	/* generated nodes point into the loop body */
	assert_int_equal(lp_node_get(r, "Type")->span.line, 12);
	assert_non_null(resource(lp_cfn_expand(&a, root, NULL), "Plain"));
	/* the source tree is untouched */
	assert_non_null(lp_node_get(lp_node_get(root, "Resources"), "Fn::ForEach::Outer"));
	lp_diag_free(d);
	lp_arena_release(&a);
}

static void test_cfn__foreach_that_cannot_expand_is_a_note(void **state)
{
	static const char yaml[] =
		"Resources:\n"
		"  Fn::ForEach::Azs:\n"
		"    - Az\n"
		"    - !GetAZs ''\n"
		"    - 'Subnet${Az}': { Type: AWS::EC2::Subnet }\n"
		"  Fn::ForEach::Bad: [x]\n"
		"  Keep: { Type: AWS::SNS::Topic }\n";
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	const lp_node *root = load(&a, d, "t.yaml", yaml), *x;
	(void)state;
	x = lp_cfn_expand(&a, root, d);
	assert_int_equal(lp_diag_count(d), 2);
	assert_string_equal(lp_diag_get(d, 0)->rule, "LP-CFN-FOREACH");
	assert_int_equal(lp_diag_get(d, 0)->severity, LP_SEV_NOTE);
	assert_int_equal(lp_diag_get(d, 0)->span.line, 4);
	assert_int_equal(lp_node_get(x, "Resources")->n, 1);
	lp_diag_free(d);
	lp_arena_release(&a);
}

/* A loop that multiplies beyond the budget stops instead of exhausting memory. */
static void test_cfn__foreach_blow_up_is_bounded(void **state)
{
	lp_buf y = LP_BUF_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	const lp_node *root, *x;
	int i;
	(void)state;
	lp_buf_puts(&y, "Resources:\n  ");
	for (i = 0; i < 6; i++) /* each loop's body is the next loop: 10^6 outputs if unbounded */
		lp_buf_printf(&y, "Fn::ForEach::L%d:\n%*s- I%d\n%*s- [a, b, c, d, e, f, g, h, i, j]\n%*s- ", i, 4 + 4 * i, "",
			i, 4 + 4 * i, "", 4 + 4 * i, "");
	lp_buf_puts(&y, "'R${I0}${I1}${I2}${I3}${I4}${I5}': { Type: AWS::SNS::Topic }\n");
	root = load(&a, d, "t.yaml", y.ptr);
	x = lp_cfn_expand(&a, root, d);
	assert_true(lp_node_get(x, "Resources")->n <= LP_CFN_FOREACH_MAX_OUTPUTS);
	assert_int_equal(lp_diag_count(d), 1);
	lp_buf_release(&y);
	lp_diag_free(d);
	lp_arena_release(&a);
}

static void test_cfn__taskdef_shapes(void **state)
{
	static const char describe[] = "{\n  \"taskDefinition\": {\n    \"family\": \"web\",\n"
		"    \"containerDefinitions\": [{\"name\": \"app\", \"privileged\": true}]\n  },\n  \"tags\": []\n}\n";
	static const char skeleton[] = "{\"family\": \"\", \"taskRoleArn\": \"\", \"containerDefinitions\": "
		"[{\"name\": \"\", \"image\": \"\", \"cpu\": 0, \"privileged\": true}]}";
	static const char cfn[] = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
		"      Family: web\n      ContainerDefinitions:\n        - Name: !Ref ServiceName\n          Image: x\n"
		"  Other: { Type: AWS::SNS::Topic }\n";
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_taskdef_set set;
	const lp_node *root;
	(void)state;
	root = load(&a, d, "d.json", describe);
	assert_true(lp_taskdef_is_api_shape(root));
	lp_taskdef_read(&set, &a, root, describe, strlen(describe));
	assert_int_equal(set.n, 1);
	assert_int_equal(set.v[0].shape, LP_TASKDEF_DESCRIBE);
	assert_string_equal(lp_node_str(set.v[0].family), "web");
	assert_int_equal(set.v[0].ncontainers, 1);
	assert_int_equal(set.v[0].containers[0].span.line, 4);
	assert_memory_equal(describe + set.v[0].containers[0].bytes.start, "{\"name\": \"app\"", 14);
	assert_int_equal(describe[set.v[0].containers[0].bytes.end - 1], '}');
	assert_int_equal(describe[set.v[0].bytes.start], '{');
	root = load(&a, d, "s.json", skeleton);
	lp_taskdef_read(&set, &a, root, skeleton, strlen(skeleton));
	assert_int_equal(set.v[0].shape, LP_TASKDEF_SKELETON);
	root = load(&a, d, "t.yaml", cfn);
	assert_false(lp_taskdef_is_api_shape(root));
	lp_taskdef_read(&set, &a, root, cfn, strlen(cfn));
	assert_int_equal(set.n, 1);
	assert_int_equal(set.v[0].shape, LP_TASKDEF_CFN);
	assert_string_equal(set.v[0].logical_id, "Task");
	assert_int_equal(set.v[0].span.line, 2);
	assert_string_equal(lp_node_str(set.v[0].containers[0].name), "ServiceName");
	assert_memory_equal(cfn + set.v[0].containers[0].bytes.start, "Name: !Ref", 10);
	lp_diag_free(d);
	lp_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfn__display_is_the_same_in_json_and_yaml),
		cmocka_unit_test(test_cfn__foreach_nested_with_substitution),
		cmocka_unit_test(test_cfn__foreach_that_cannot_expand_is_a_note),
		cmocka_unit_test(test_cfn__foreach_blow_up_is_bounded),
		cmocka_unit_test(test_cfn__taskdef_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
