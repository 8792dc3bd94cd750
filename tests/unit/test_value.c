#include "lp_test.h"

#include "diag/diag.h"
#include "render/mustache.h"
#include "render/value.h"
#include "spec/yaml.h"
#include "util/arena.h"

static const char spec[] =
	"name: shop\n"
	"retention: 30\n"
	"ratio: 0.25\n"
	"big: 123456789012345678901\n"
	"enabled: true\n"
	"nothing: null\n"
	"quoted: \"30\"\n"
	"groups:\n"
	"  - /ecs/shop/api\n"
	"  - \"/ecs/shop/${HOME}\"\n"
	"fields: { z: string, a: int }\n";

static lp_value *load(lp_arena *a, lp_diag *d)
{
	lp_node *root = NULL;
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	assert_lp_ok(lp_yaml_load(&root, a, "logpipe.yaml", spec, sizeof(spec) - 1, &lim, d));
	assert_non_null(root);
	return lp_value_from_node(a, root);
}

static void test_value__from_node_keeps_types_order_and_spans(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_value *v;
	const lp_value *g, *f;
	(void)state;
	v = load(&a, d);
	assert_int_equal(v->kind, LP_VALUE_MAP);
	assert_int_equal(lp_value_map_get(v, "retention")->kind, LP_VALUE_NUMBER);
	assert_int_equal(lp_value_map_get(v, "enabled")->kind, LP_VALUE_BOOL);
	assert_int_equal(lp_value_map_get(v, "nothing")->kind, LP_VALUE_NULL);
	assert_int_equal(lp_value_map_get(v, "quoted")->kind, LP_VALUE_STRING);
	/* Too big for a double: kept as written rather than rounded. */
	assert_int_equal(lp_value_map_get(v, "big")->kind, LP_VALUE_STRING);
	assert_string_equal(lp_value_map_get(v, "big")->u.str.ptr, "123456789012345678901");
	g = lp_value_map_get(v, "groups");
	assert_int_equal(g->kind, LP_VALUE_LIST);
	assert_int_equal(g->u.list.n, 2);
	assert_int_equal(g->u.list.v[1]->span.line, 10);
	assert_int_equal(g->u.list.v[1]->span.col, 5);
	f = lp_value_map_get(v, "fields");
	assert_string_equal(f->u.map.v[0].key, "z");
	assert_string_equal(f->u.map.v[1].key, "a");
	lp_diag_free(d);
	lp_arena_release(&a);
}

static void test_value__spec_value_refused_at_its_line(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_buf out = LP_BUF_INIT;
	const char *t = "{{#groups}}\n    log_group_name {{.}}\n{{/groups}}retention={{retention}} ratio={{ratio}} {{big}}\n";
	lp_diag_entry *e;
	(void)state;
	o.escaper = LP_ESCAPE_FLB_VALUE;
	o.strict = 1;
	assert_int_equal(lp_mustache_render(&out, t, strlen(t), load(&a, d), &o, d), 1);
	assert_int_equal(lp_diag_count(d), 1);
	e = lp_diag_get(d, 0);
	assert_string_equal(e->span.file, "logpipe.yaml");
	assert_int_equal(e->span.line, 10);
	assert_string_equal(e->rule, LP_MUSTACHE_RULE_ESCAPE);
	assert_string_equal(out.ptr, "    log_group_name /ecs/shop/api\n    log_group_name \n"
		"retention=30 ratio=0.25 123456789012345678901\n");
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
}

static void test_value__from_json_and_text(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf b = LP_BUF_INIT;
	cJSON *j = cJSON_Parse("{\"b\": [1, 2.5, true, null, \"s\"], \"a\": {}}");
	lp_value *v;
	size_t i;
	(void)state;
	v = lp_value_from_json(&a, j);
	assert_string_equal(v->u.map.v[0].key, "b");
	for (i = 0; i < 5; i++) {
		assert_lp_ok(lp_value_to_text(&b, lp_value_map_get(v, "b")->u.list.v[i]));
		lp_buf_putc(&b, '|');
	}
	assert_string_equal(b.ptr, "1|2.5|true||s|");
	assert_int_equal(lp_value_to_text(&b, lp_value_map_get(v, "a")), -1);
	assert_false(lp_value_truthy(lp_value_string(&a, "", NULL)));
	assert_true(lp_value_truthy(lp_value_number(&a, 0)));
	assert_false(lp_value_truthy(lp_value_list(&a)));
	assert_true(lp_value_truthy(lp_value_map(&a)));
	cJSON_Delete(j);
	lp_buf_release(&b);
	lp_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value__from_node_keeps_types_order_and_spans),
		cmocka_unit_test(test_value__spec_value_refused_at_its_line),
		cmocka_unit_test(test_value__from_json_and_text),
	};
	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
