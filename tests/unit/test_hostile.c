/*
 * Regression tests for hostile inputs the fuzzers found, one case per fix,
 * named after the module the fix is in. The crashing inputs themselves are
 * in tests/fuzz/corpora/<target>/ and replayed by the fuzz suite.
 */
#include "lp_test.h"

#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "lint/checks.h"
#include "read/ddl.h"
#include "read/flb.h"
#include "plan/plan.h"
#include "render/mustache.h"
#include "render/render.h"
#include "render/value.h"
#include "spec/model.h"
#include "spec/yaml.h"
#include "util/arena.h"

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

static lp_diag *check_ddl(const char *sql, size_t len)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = NULL;
	assert_lp_ok(lp_ddl_parse(&f, "t.sql", sql, len, d));
	assert_non_null(f);
	lp_check_ddl(f, d);
	lp_ddl_free(f);
	return d;
}

/* Repeats are still reported against the first column of the name, after the sorted index replaced the pair loop. */
static void test_hostile__athena_repeated_columns_name_the_first(void **state)
{
	const char *sql = "CREATE EXTERNAL TABLE t (`A` string, b int, a string, B string, a int)\n"
			  "PARTITIONED BY (b string, dt string) STORED AS PARQUET LOCATION 's3://x/y/';\n";
	lp_diag *d = check_ddl(sql, strlen(sql));
	size_t i, repeats = 0;
	(void)state;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!strcmp(e->rule, "LP-ATHENA-IDENT-CASE"))
			repeats++;
	}
	assert_int_equal(repeats, 3);
	assert_non_null(find(d, "column 'a' repeats column 'A'"));
	assert_non_null(find(d, "column 'B' repeats column 'b'"));
	assert_non_null(find(d, "partition column 'b' repeats data column 'b'"));
	assert_null(find(d, "'dt' repeats"));
	lp_diag_free(d);
}

/* pathological: 100,000 columns took minutes when every pair was compared. */
static void test_hostile__athena_100k_columns_check_in_linear_time(void **state)
{
	lp_buf sql = LP_BUF_INIT;
	lp_diag *d;
	size_t i;
	(void)state;
	lp_buf_puts(&sql, "CREATE EXTERNAL TABLE t (\n");
	for (i = 0; i < 100000; i++)
		lp_buf_printf(&sql, "%s  c%06zu string", i ? ",\n" : "", i);
	lp_buf_puts(&sql, "\n) PARTITIONED BY (c099999 string) STORED AS PARQUET LOCATION 's3://b/p/';\n");
	d = check_ddl(sql.ptr, sql.size);
	assert_non_null(find(d, "partition column 'c099999' repeats data column 'c099999'"));
	assert_null(find(d, "once lowercased"));
	lp_diag_free(d);
	lp_buf_release(&sql);
}

/* pathological: a million plain keys were blamed on aliases the file does not have. */
static void test_hostile__yaml_node_limit_without_aliases_says_so(void **state)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_node *root = NULL;
	const lp_diag_entry *e;
	const char *text = "k1:\nk2:\nk3:\nk4:\nk5:\n";
	(void)state;
	lim.max_nodes = 6;
	assert_lp_ok(lp_yaml_load(&root, &a, "keys.yaml", text, strlen(text), &lim, d));
	assert_null(root);
	e = find(d, "document has more than 6 nodes");
	assert_non_null(e);
	assert_int_equal(e->span.line, 3);
	assert_null(find(d, "aliases"));
	assert_string_equal(e->help, "split the file or remove generated bulk");
	lp_diag_free(d);
	lp_arena_release(&a);
}

/* injection: a control character in a spec value reached the Fluent Bit conf raw. */
static void test_hostile__fluentbit_refuses_control_characters(void **state)
{
	const char *spec =
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
		"        image: app:1.0\n"
		"        logs: {to: [lake], format: text, time_key: ingested_at, time_format: \"%Y\\e[2J\"}\n";
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts o = LP_RENDER_OPTS_INIT;
	const lp_diag_entry *e;
	size_t i;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, strlen(spec), d));
	assert_non_null(m);
	assert_lp_ok(lp_render_all(&set, m, &o, d));
	e = find(d, "cannot be written as a Fluent Bit value for 'time_key_format'");
	assert_non_null(e);
	assert_string_equal(e->rule, "LP-FB-VALUE");
	/* at the time_format value itself, not at the container's key */
	assert_int_equal(e->span.line, 16);
	assert_int_equal(e->span.col, 78);
	assert_non_null(strstr(e->message, "control characters"));
	for (i = 0; i < set.n; i++)
		assert_null(memchr(set.v[i].content.ptr, '\033', set.v[i].content.size));
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

/* injection: values quoted in findings carried raw newlines and terminal escapes to stderr. */
static void test_hostile__diag_text_escapes_control_characters(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_span sp = { NULL, 2, 3, 2, 4 };
	lp_buf out = LP_BUF_INIT;
	(void)state;
	sp.file = lp_diag_intern(d, "a\nb.yaml");
	lp_diag_error(d, "LP-TEST", &sp, "drop \"\t\"", "value 'x\n[OUTPUT]\033[2J\177'");
	assert_int_equal(lp_diag_print_text(&out, d, 0), 0);
	assert_string_equal(out.ptr, "a\\nb.yaml:2:3: error: value 'x\\n[OUTPUT]\\x1b[2J\\x7f' [LP-TEST]\n"
				     "  help: drop \"\\t\"\n");
	lp_buf_release(&out);
	lp_diag_free(d);
}

/* injection: JSON allows a raw DEL, C1 controls and U+2028, libyaml does not, so a build linting its own output refused them. */
static void test_hostile__render_json_escapes_what_yaml_readers_reject(void **state)
{
	const char *value = "q\"b\\\x01\x7f|\xc2\x85|\xe2\x80\xa8|\xef\xbf\xbe|\xc3\xa9";
	cJSON *root = cJSON_CreateObject(), *back;
	lp_buf out = LP_BUF_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_node *tree = NULL;
	(void)state;
	cJSON_AddStringToObject(root, value, value);
	assert_lp_ok(lp_render_json_print(&out, root));
	assert_non_null(strstr(out.ptr, "\\\"b\\\\\\u0001\\u007f|\\u0085|\\u2028|\\ufffe|\xc3\xa9"));
	back = cJSON_Parse(out.ptr);
	assert_non_null(back);
	assert_string_equal(back->child->string, value);
	assert_string_equal(back->child->valuestring, value);
	assert_lp_ok(lp_yaml_load(&tree, &a, "out.json", out.ptr, out.size, NULL, d));
	assert_int_equal(lp_diag_count(d), 0);
	assert_non_null(tree);
	assert_string_equal(tree->pairs[0].value->str, value);
	cJSON_Delete(back);
	cJSON_Delete(root);
	lp_buf_release(&out);
	lp_arena_release(&a);
	lp_diag_free(d);
}

/* libyaml's reader errors (control characters) had no position at all. */
static void test_hostile__yaml_reader_error_is_positioned(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_node *tree = NULL;
	const lp_diag_entry *e;
	const char *text = "{\"a\": 1,\n \"b\": \"x\x7fy\"}\n";
	(void)state;
	assert_lp_ok(lp_yaml_load(&tree, &a, "in.json", text, strlen(text), NULL, d));
	assert_null(tree);
	e = find(d, "control characters");
	assert_non_null(e);
	assert_int_equal(e->span.line, 2);
	assert_int_equal(e->span.col, 9);
	lp_arena_release(&a);
	lp_diag_free(d);
}

/* DDL context: a " in a value ended a "..." literal, as sql-string only escapes '. */
static void test_hostile__mustache_ddl_double_quoted_literal_takes_bare_words(void **state)
{
	static const lp_span sp = { "logpipe.yaml", 7, 3, 7, 9 };
	const char *evil = "x\", 'evil'=\"y";
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_value *ctx = lp_value_map(&a);
	lp_buf out = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = NULL;
	const char *dq = "TBLPROPERTIES (\"k\"=\"{{v}}\")", *sq = "CREATE EXTERNAL TABLE t (a string) TBLPROPERTIES ('k'='{{v}}');\n";
	(void)state;
	o.escaper = LP_ESCAPE_ATHENA_DDL;
	lp_value_map_set_string(&a, ctx, "v", evil, &sp);
	assert_int_equal(lp_mustache_render(&out, dq, strlen(dq), ctx, &o, d), 1);
	assert_null(strstr(out.ptr, "evil"));
	assert_non_null(find(d, "a double quote would end"));
	lp_diag_free(d);
	/* inside '...' the same value is escaped and reads back equal */
	d = lp_diag_new();
	lp_buf_clear(&out);
	assert_int_equal(lp_mustache_render(&out, sq, strlen(sq), ctx, &o, d), 0);
	assert_lp_ok(lp_ddl_parse(&f, "t.sql", out.ptr, out.size, d));
	assert_int_equal(lp_diag_count(d), 0);
	assert_string_equal(lp_ddl_tbl_prop(&f->tables[0], "k")->value, evil);
	lp_ddl_free(f);
	lp_diag_free(d);
	lp_buf_release(&out);
	lp_arena_release(&a);
}

/* injection: a conf from a pull request could @INCLUDE credentials and lint would quote them in findings. */
static void test_hostile__flb_include_outside_the_tree_is_not_read(void **state)
{
	char dir[] = "/tmp/lp-hostile-XXXXXX";
	lp_buf secret = LP_BUF_INIT, conf = LP_BUF_INIT, top = LP_BUF_INIT, inside = LP_BUF_INIT;
	lp_flb_conf *c = NULL;
	lp_diag *d = lp_diag_new();
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	lp_buf_printf(&secret, "%s/credentials", dir);
	f = fopen(secret.ptr, "w");
	assert_non_null(f);
	fputs("[default]\naws_secret_access_key = hunter2\n", f);
	fclose(f);
	/* a conf in the working directory (the source tree) reaching out */
	lp_buf_printf(&conf, "@INCLUDE %s\n[OUTPUT]\n    Name  stdout\n    Match *\n", secret.ptr);
	assert_lp_ok(lp_flb_parse(&c, "fluent-bit.conf", conf.ptr, conf.size, NULL, d));
	assert_non_null(find(d, "outside the working directory"));
	assert_null(lp_diag_source_text(d, secret.ptr, NULL));
	assert_int_equal(c->nfiles, 1);
	lp_flb_free(c);
	lp_diag_free(d);
	/* the same include from a conf next to it is read */
	d = lp_diag_new();
	lp_buf_printf(&top, "%s/fluent-bit.conf", dir);
	lp_buf_printf(&inside, "@INCLUDE credentials\n");
	assert_lp_ok(lp_flb_parse(&c, top.ptr, inside.ptr, inside.size, NULL, d));
	assert_null(find(d, "outside the working directory"));
	assert_int_equal(c->nfiles, 2);
	lp_flb_free(c);
	lp_diag_free(d);
	remove(secret.ptr);
	rmdir(dir);
	lp_buf_release(&secret);
	lp_buf_release(&conf);
	lp_buf_release(&top);
	lp_buf_release(&inside);
}

/*
 * fuzz_mustache: a tag name holding a NUL ("{{items\0...}}") matched a member
 * through strncmp, which stops at the NUL, and then read the member's key at
 * the full length, past its end (heap-buffer-overflow in member_find).
 */
static void test_hostile__value_lookup_with_a_nul_in_the_name(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_value *map = lp_value_map(&a);
	static const char key[] = "a\0bcdefgh";
	(void)state;
	lp_value_map_set_string(&a, map, "a", "x", NULL);
	assert_null(lp_value_map_getn(map, key, sizeof(key) - 1));
	assert_non_null(lp_value_map_getn(map, key, 1));
	lp_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile__plan_refuses_a_spec_without_name),
		cmocka_unit_test(test_hostile__value_lookup_with_a_nul_in_the_name),
		cmocka_unit_test(test_hostile__athena_repeated_columns_name_the_first),
		cmocka_unit_test(test_hostile__athena_100k_columns_check_in_linear_time),
		cmocka_unit_test(test_hostile__yaml_node_limit_without_aliases_says_so),
		cmocka_unit_test(test_hostile__fluentbit_refuses_control_characters),
		cmocka_unit_test(test_hostile__diag_text_escapes_control_characters),
		cmocka_unit_test(test_hostile__render_json_escapes_what_yaml_readers_reject),
		cmocka_unit_test(test_hostile__yaml_reader_error_is_positioned),
		cmocka_unit_test(test_hostile__mustache_ddl_double_quoted_literal_takes_bare_words),
		cmocka_unit_test(test_hostile__flb_include_outside_the_tree_is_not_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
