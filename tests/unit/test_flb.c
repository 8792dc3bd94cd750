#include "lp_test.h"

#include "diag/diag.h"
#include "lint/checks.h"
#include "read/flb.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

/* In-memory files for @INCLUDE, so the tests need no disk layout. */
typedef struct memfile {
	const char *path;
	const char *text;
} memfile;

static int read_mem(lp_buf *out, const char *path, void *payload)
{
	const memfile *f;
	for (f = payload; f->path; f++)
		if (!strcmp(f->path, path))
			return lp_buf_puts(out, f->text);
	return LP_ENOTFOUND;
}

static size_t count_rule(lp_diag *d, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			n++;
	return n;
}

static lp_flb_conf *parse_mem(lp_diag *d, const memfile *files)
{
	lp_flb_opts o = LP_FLB_OPTS_INIT;
	lp_flb_conf *c = NULL;
	o.read = read_mem;
	o.payload = (void *)files;
	assert_lp_ok(lp_flb_load(&c, files[0].path, &o, d));
	return c;
}

static void test_flb__sections_entries_and_positions(void **state)
{
	static const memfile files[] = {
		{ "conf/fluent-bit.conf",
		  "# main\n"
		  "[SERVICE]\n"
		  "    Flush 1\n"
		  "\n"
		  "[OUTPUT]\n"
		  "    Name   cloudwatch_logs\n"
		  "    Match  app-firelens*\n"
		  "    log_group_name /ecs/app\n"
		  "    log_stream_prefix app/\n"
		  "    region ap-northeast-1\r\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	const lp_flb_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(c->nsections, 2);
	assert_int_equal(c->sections[0].kind, LP_FLB_SERVICE);
	assert_int_equal(c->sections[1].kind, LP_FLB_OUTPUT);
	assert_int_equal(c->sections[1].span.line, 5);
	assert_int_equal(c->sections[1].nentries, 5);
	e = lp_flb_get(&c->sections[1], "NAME");
	assert_string_equal(e->value, "cloudwatch_logs");
	assert_int_equal(e->key_span.line, 6);
	assert_int_equal(e->key_span.col, 5);
	assert_int_equal(e->value_span.col, 12);
	assert_string_equal(lp_flb_value(&c->sections[1], "region"), "ap-northeast-1");
	lp_check_flb(c, 1, d);
	assert_int_equal(lp_diag_count(d), 0);
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__include_and_set(void **state)
{
	static const memfile files[] = {
		{ "etc/main.conf",
		  "@SET stream=shop-api\n"
		  "@INCLUDE outputs/firehose.conf\n"
		  "# logpipe:ignore LP-FLB-GO-PLUGIN migrating in OPS-7\n" },
		{ "etc/outputs/firehose.conf",
		  "[OUTPUT]\n"
		  "  Name kinesis_firehose\n"
		  "  delivery_stream ${stream}\n"
		  "  region ${AWS_REGION}\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	const lp_flb_entry *e;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(c->nfiles, 2);
	assert_string_equal(c->files[1], "etc/outputs/firehose.conf");
	assert_int_equal(c->nsections, 1);
	e = lp_flb_get(&c->sections[0], "delivery_stream");
	assert_string_equal(e->value, "shop-api");
	assert_string_equal(e->raw, "${stream}");
	assert_string_equal(e->key_span.file, "etc/outputs/firehose.conf");
	assert_int_equal(e->key_span.line, 3);
	assert_string_equal(lp_flb_value(&c->sections[0], "region"), "${AWS_REGION}");
	assert_int_equal(c->nvars, 1);
	assert_int_equal(c->nignores, 1);
	assert_string_equal(c->ignores[0].rule, "LP-FLB-GO-PLUGIN");
	assert_string_equal(c->ignores[0].reason, "migrating in OPS-7");
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__missing_include_and_cycle_are_findings(void **state)
{
	static const memfile files[] = {
		{ "a.conf", "@INCLUDE b.conf\n@INCLUDE nope.conf\n" },
		{ "b.conf", "@INCLUDE a.conf\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	(void)state;
	assert_int_equal(count_rule(d, "LP-FLB-INCLUDE"), 2);
	lp_diag_sort(d);
	assert_string_equal(lp_diag_get(d, 0)->message, "included file 'nope.conf' does not exist");
	assert_int_equal(lp_diag_get(d, 0)->span.line, 2);
	assert_string_equal(lp_diag_get(d, 1)->span.file, "b.conf");
	assert_non_null(strstr(lp_diag_get(d, 1)->message, "includes itself"));
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__include_depth_limit(void **state)
{
	static const memfile files[] = {
		{ "1.conf", "@INCLUDE 2.conf\n" }, { "2.conf", "@INCLUDE 3.conf\n" }, { "3.conf", "@INCLUDE 4.conf\n" },
		{ "4.conf", "@INCLUDE 5.conf\n" }, { "5.conf", "@INCLUDE 6.conf\n" }, { "6.conf", "@INCLUDE 7.conf\n" },
		{ "7.conf", "@INCLUDE 8.conf\n" }, { "8.conf", "@INCLUDE 9.conf\n" }, { "9.conf", "[SERVICE]\n  Flush 1\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	(void)state;
	assert_int_equal(count_rule(d, "LP-FLB-INCLUDE"), 1);
	assert_non_null(strstr(lp_diag_get(d, 0)->message, "nested deeper than 8"));
	assert_string_equal(lp_diag_get(d, 0)->span.file, "8.conf");
	assert_int_equal(c->nsections, 0);
	lp_flb_free(c);
	lp_diag_free(d);
}

/* Every file includes two new ones: 2^8 files at depth 8 unless the file budget stops it. */
static int read_fanout(lp_buf *out, const char *path, void *payload)
{
	(void)payload;
	(void)path;
	return lp_buf_puts(out, "@INCLUDE a/x.conf\n@INCLUDE b/x.conf\n[SERVICE]\n    Flush 1\n");
}

static void test_flb__include_fan_out_is_bounded(void **state)
{
	lp_flb_opts o = LP_FLB_OPTS_INIT;
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = NULL;
	size_t i, budget = 0;
	(void)state;
	o.read = read_fanout;
	o.max_files = 20;
	assert_lp_ok(lp_flb_load(&c, "top.conf", &o, d));
	assert_true(c->nfiles <= 21);
	for (i = 0; i < lp_diag_count(d); i++)
		budget += strstr(lp_diag_get(d, i)->message, "more than 20 included files") != NULL;
	assert_int_equal(budget, 1); /* the depth limit reports the deepest branches too */
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__syntax_findings(void **state)
{
	static const memfile files[] = {
		{ "s.conf",
		  "Flush 1\n"
		  "[INPUT]\n"
		  "    Name tail\n"
		  "  Path /var/log/x\n"
		  "Tag x\n"
		  "    Lonely\n"
		  "[\n"
		  "@FOO bar\n"
		  "@SET novalue\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	(void)state;
	/* outside a section, bad indent, not indented, no value, bad header, unknown command, @SET without '=' */
	assert_int_equal(count_rule(d, "LP-FLB-SYNTAX"), 7);
	lp_diag_sort(d);
	assert_int_equal(lp_diag_get(d, 1)->span.line, 4);
	assert_non_null(strstr(lp_diag_get(d, 1)->message, "invalid indentation level"));
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__output_checks_fire(void **state)
{
	static const memfile files[] = {
		{ "o.conf",
		  "[INPUT]\n"
		  "    Name forward\n"
		  "[OUTPUT]\n"
		  "    Name cloudwatch_logs\n"
		  "    log_stream_name a\n"
		  "    log_stream_prefix b\n"
		  "    log_retention_days 10\n"
		  "    retry_limit sometimes\n"
		  "    default_log_group_name x\n"
		  "[OUTPUT]\n"
		  "    Name cloudwatch_logs\n"
		  "    log_group_name g\n"
		  "[OUTPUT]\n"
		  "    Name kinesis_firehose\n"
		  "    retry_limit no_limits\n"
		  "[OUTPUT]\n"
		  "    Name firehose\n"
		  "    delivery_stream s\n"
		  "    region r\n"
		  "    workers 2\n"
		  "[FILTER]\n"
		  "    Match *\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	lp_check_flb(c, 1, d);
	assert_int_equal(count_rule(d, "LP-FLB-FIRELENS-FORWARD"), 1);
	assert_int_equal(count_rule(d, "LP-FLB-CWL-GROUP"), 1);
	assert_int_equal(count_rule(d, "LP-FLB-CWL-STREAM"), 2); /* both, then neither */
	assert_int_equal(count_rule(d, "LP-FLB-RETENTION"), 1);
	assert_int_equal(count_rule(d, "LP-FLB-RETRY"), 1);
	assert_int_equal(count_rule(d, "LP-FLB-PLUGIN-KEY"), 2); /* default_log_group_name, workers */
	assert_int_equal(count_rule(d, "LP-FLB-FH-REQUIRED"), 2);
	assert_int_equal(count_rule(d, "LP-FLB-GO-PLUGIN"), 1);
	assert_int_equal(count_rule(d, "LP-FLB-NAME"), 1);
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__include_from_disk_with_wildcard(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = NULL;
	(void)state;
	assert_lp_ok(lp_flb_load(&c, "tests/resources/flb/main.conf", NULL, d));
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(c->nfiles, 3);
	assert_int_equal(c->nsections, 3);
	assert_string_equal(c->sections[1].name, "OUTPUT");
	assert_string_equal(lp_flb_value(&c->sections[1], "Name"), "cloudwatch_logs");
	assert_string_equal(lp_flb_value(&c->sections[2], "Name"), "kinesis_firehose");
	lp_flb_free(c);
	lp_diag_free(d);
}

static void test_flb__values_and_templates(void **state)
{
	static const memfile files[] = {
		{ "v.conf",
		  "[OUTPUT]\n"
		  "    Name cloudwatch_logs\n"
		  "    log_group_name g\n"
		  "    log_stream_prefix p\n"
		  "    log_group_class COLD\n"
		  "    auto_create_group maybe\n"
		  "    log_group_template /ecs/$cluster-$service\n"
		  "    log_stream_template $kubernetes['pod_name'].$tag\n"
		  "[OUTPUT]\n"
		  "    Name kinesis_firehose\n"
		  "    delivery_stream s\n"
		  "    region r\n"
		  "    compression lz4\n"
		  "    simple_aggregation On\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	(void)state;
	lp_check_flb(c, 1, d);
	assert_int_equal(count_rule(d, "LP-FLB-VALUE"), 3); /* COLD, maybe, lz4 */
	assert_int_equal(count_rule(d, "LP-FLB-TEMPLATE"), 1);
	assert_int_equal(lp_diag_count(d), 4);
	lp_flb_free(c);
	lp_diag_free(d);
}

static int read_counting(lp_buf *out, const char *path, void *payload)
{
	(*(int *)payload)++;
	return lp_fs_read(out, path, 1 << 20);
}

/* The lint engine reads through its own callback; wildcards still expand on disk. */
static void test_flb__wildcards_expand_with_a_custom_reader(void **state)
{
	lp_flb_opts o = LP_FLB_OPTS_INIT;
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = NULL;
	int calls = 0;
	(void)state;
	o.read = read_counting;
	o.payload = &calls;
	assert_lp_ok(lp_flb_load(&c, "tests/resources/flb/main.conf", &o, d));
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(c->nfiles, 3);
	assert_int_equal(calls, 3);
	lp_flb_free(c);
	lp_diag_free(d);
}

/* Spans count code points and end one past the last character, as the YAML loader's do. */
static void test_flb__spans_are_code_points_with_exclusive_end(void **state)
{
	static const memfile files[] = {
		{ "fluent-bit.conf",
		  "[OUTPUT]\n"
		  "    Name cloudwatch_logs\n"
		  "    log_group_name /ecs/\xe3\x83\xad\xe3\x82\xb0 x\n" },
		{ NULL, NULL },
	};
	lp_diag *d = lp_diag_new();
	lp_flb_conf *c = parse_mem(d, files);
	const lp_flb_entry *e;
	(void)state;
	e = lp_flb_get(&c->sections[0], "Name");
	assert_int_equal(e->key_span.col, 5);
	assert_int_equal(e->key_span.end_col, 9);
	assert_int_equal(e->value_span.col, 10);
	assert_int_equal(e->value_span.end_col, 25);
	e = lp_flb_get(&c->sections[0], "log_group_name");
	assert_int_equal(e->value_span.col, 20);
	assert_int_equal(e->value_span.end_col, 29); /* "/ecs/" + 2 characters (6 bytes) + " x" */
	lp_flb_free(c);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flb__sections_entries_and_positions),
		cmocka_unit_test(test_flb__spans_are_code_points_with_exclusive_end),
		cmocka_unit_test(test_flb__include_and_set),
		cmocka_unit_test(test_flb__missing_include_and_cycle_are_findings),
		cmocka_unit_test(test_flb__include_depth_limit),
		cmocka_unit_test(test_flb__include_fan_out_is_bounded),
		cmocka_unit_test(test_flb__syntax_findings),
		cmocka_unit_test(test_flb__output_checks_fire),
		cmocka_unit_test(test_flb__include_from_disk_with_wildcard),
		cmocka_unit_test(test_flb__values_and_templates),
		cmocka_unit_test(test_flb__wildcards_expand_with_a_custom_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
