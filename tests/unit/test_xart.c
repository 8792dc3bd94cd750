#include "lp_test.h"

#include "diag/diag.h"
#include "read/ddl.h"
#include "lint/checks.h"
#include "read/flb.h"
#include "lint/lint.h"
#include "lint/xart.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

static size_t count_rule(lp_diag *d, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			n++;
	return n;
}

static const lp_xart_part datehour = { "datehour", "date", "yyyy/MM/dd/HH", NULL, 0 };

static void test_xart__firehose_hourly_prefix_matches_datehour_template(void **state)
{
	lp_buf why = LP_BUF_INIT;
	(void)state;
	assert_true(lp_prefix_matches_template(&why, "b", "logs/app/!{timestamp:yyyy/MM/dd/HH}/",
		"s3://b/logs/app/${datehour}/", &datehour, 1));
	/* split expressions and a template without the trailing slash say the same */
	assert_true(lp_prefix_matches_template(&why, NULL, "logs/app/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/",
		"s3://any/logs/app/${datehour}", &datehour, 1));
	/* no expression: Firehose appends yyyy/MM/dd/HH/ itself */
	assert_true(lp_prefix_matches_template(&why, "b", "logs/app/", "s3://b/logs/app/${datehour}/", &datehour, 1));
	assert_int_equal(why.size, 0);
	lp_buf_release(&why);
}

static void test_xart__mismatches_say_where(void **state)
{
	lp_buf why = LP_BUF_INIT;
	static const lp_xart_part dt = { "dt", "date", "yyyy-MM-dd-HH", NULL, 0 };
	(void)state;
	assert_false(lp_prefix_matches_template(&why, "b", "logs/app/!{timestamp:yyyy/MM/dd/HH}/",
		"s3://b/logs/app/dt=${dt}/", &dt, 1));
	assert_string_equal(why.ptr, "the prefix lays objects out as 'logs/app/yyyy/MM/dd/HH' but the template with its "
		"projection reads 'logs/app/dt=yyyy-MM-dd-HH'; they part after 'logs/app/'");
	lp_buf_clear(&why);
	assert_false(lp_prefix_matches_template(&why, "b", "x/!{timestamp:yyyy/MM/dd/HH}/", "s3://other/x/${datehour}/",
		&datehour, 1));
	assert_non_null(strstr(why.ptr, "bucket 'other'"));
	lp_buf_clear(&why);
	assert_false(lp_prefix_matches_template(&why, "b", "x/", "s3://b/x/${nope}/", &datehour, 1));
	assert_non_null(strstr(why.ptr, "'${nope}', which is not a partition column"));
	lp_buf_clear(&why);
	/* daily table over an hourly prefix: objects sit one level deeper than Athena looks */
	{
		static const lp_xart_part day = { "day", "date", "yyyy/MM/dd", NULL, 0 };
		assert_false(lp_prefix_matches_template(&why, "b", "x/!{timestamp:yyyy/MM/dd/HH}/", "s3://b/x/${day}/", &day, 1));
	}
	lp_buf_release(&why);
}

static void test_xart__integer_and_enum_columns(void **state)
{
	static const lp_xart_part ymd[] = {
		{ "year", "integer", NULL, NULL, 4 },
		{ "month", "integer", NULL, NULL, 2 },
		{ "day", "integer", NULL, NULL, 2 },
	};
	static const lp_xart_part svc[] = {
		{ "service", "enum", NULL, "api,web", 0 },
		{ "datehour", "date", "yyyy/MM/dd/HH", NULL, 0 },
	};
	(void)state;
	assert_true(lp_prefix_matches_template(NULL, "b", "alb/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
		"s3://b/alb/year=${year}/month=${month}/day=${day}/", ymd, 3));
	assert_true(lp_prefix_matches_template(NULL, "b", "svc=api/!{timestamp:yyyy/MM/dd/HH}/",
		"s3://b/svc=${service}/${datehour}/", svc, 2));
	assert_false(lp_prefix_matches_template(NULL, "b", "svc=batch/!{timestamp:yyyy/MM/dd/HH}/",
		"s3://b/svc=${service}/${datehour}/", svc, 2));
	assert_true(lp_prefix_matches_template(NULL, "b", "svc=!{partitionKeyFromQuery:service}/!{timestamp:yyyy/MM/dd/HH}/",
		"s3://b/svc=${service}/${datehour}/", svc, 2));
}

static const char firehose_json[] =
	"{\n"
	"  \"DeliveryStreamName\": \"shop-api-app\",\n"
	"  \"ExtendedS3DestinationConfiguration\": {\n"
	"    \"BucketARN\": \"arn:aws:s3:::shop-logs\",\n"
	"    \"Prefix\": \"api/app/!{timestamp:yyyy/MM/dd}/\",\n"
	"    \"BufferingHints\": {\"IntervalInSeconds\": 900, \"SizeInMBs\": 64},\n"
	"    \"DataFormatConversionConfiguration\": {\"SchemaConfiguration\": {\"DatabaseName\": \"shop_logs\", \"TableName\": \"api_app\"}}\n"
	"  }\n"
	"}\n";

static const char glue_cfn_yaml[] =
	"Resources:\n"
	"  Other:\n"
	"    Type: AWS::Glue::Table\n"
	"    Properties:\n"
	"      DatabaseName: shop_logs\n"
	"      TableInput:\n"
	"        Name: other\n"
	"        StorageDescriptor: {Columns: [{Name: A, Type: string}], Location: 's3://shop-logs/other/'}\n";

static const char ddl_text[] =
	"CREATE EXTERNAL TABLE `shop_logs`.`api_app` (`time` timestamp)\n"
	"PARTITIONED BY (`datehour` string)\n"
	"STORED AS PARQUET LOCATION 's3://shop-logs/api/app/'\n"
	"TBLPROPERTIES ('projection.enabled'='true', 'projection.datehour.type'='date',\n"
	"  'projection.datehour.format'='yyyy/MM/dd/HH', 'projection.datehour.range'='2024/01/01/00,NOW',\n"
	"  'projection.datehour.interval'='1', 'projection.datehour.interval.unit'='HOURS',\n"
	"  'storage.location.template'='s3://shop-logs/api/app/${datehour}/');\n";

static const char flb_text[] =
	"[OUTPUT]\n"
	"    Name kinesis_firehose\n"
	"    delivery_stream shop-api-typo\n"
	"    region ap-northeast-1\n"
	"[OUTPUT]\n"
	"    Name cloudwatch_logs\n"
	"    log_group_name /ecs/shop/unknown\n"
	"    log_stream_prefix app/\n"
	"[OUTPUT]\n"
	"    Name cloudwatch_logs\n"
	"    log_group_name /ecs/shop/api\n"
	"    log_stream_prefix app/\n";

static const char groups_json[] = "{\"LogGroups\": [{\"LogGroupName\": \"/ecs/shop/api\", \"RetentionInDays\": 365}]}";

typedef struct world {
	lp_diag *d;
	lp_arena a;
	lp_ddl_file *ddl;
	lp_flb_conf *flb;
	lp_xart_table *tables;
	size_t ntables;
	lp_xart_stream *streams;
	size_t nstreams;
	lp_xart_group *groups;
	size_t ngroups;
} world;

static lp_node *load(world *w, const char *name, const char *text)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	assert_lp_ok(lp_yaml_load(&root, &w->a, name, text, strlen(text), &lim, w->d));
	assert_non_null(root);
	return root;
}

static void world_init(world *w, const char *ddl)
{
	memset(w, 0, sizeof(*w));
	w->d = lp_diag_new();
	assert_int_equal(lp_xart_streams_from_json(&w->streams, &w->nstreams, &w->a, load(w, "firehose/shop-api-app.json", firehose_json)), 1);
	assert_int_equal(lp_xart_tables_from_glue(&w->tables, &w->ntables, &w->a, load(w, "glue.yaml", glue_cfn_yaml)), 1);
	assert_int_equal(lp_xart_groups_from_json(&w->groups, &w->ngroups, &w->a, load(w, "cloudwatch/log-groups.json", groups_json)), 1);
	assert_lp_ok(lp_ddl_parse(&w->ddl, "athena/api_app.sql", ddl, strlen(ddl), w->d));
	assert_int_equal(lp_xart_tables_from_ddl(&w->tables, &w->ntables, &w->a, w->ddl), 1);
	assert_lp_ok(lp_flb_parse(&w->flb, "fluent-bit.conf", flb_text, strlen(flb_text), NULL, w->d));
	assert_int_equal(lp_diag_count(w->d), 0);
}

static void world_run(world *w, long budget)
{
	lp_xart_input in;
	lp_xart_output *outputs = NULL;
	size_t noutputs = 0;
	lp_xart_outputs_from_flb(&outputs, &noutputs, &w->a, w->flb);
	memset(&in, 0, sizeof(in));
	in.tables = w->tables;
	in.ntables = w->ntables;
	in.streams = w->streams;
	in.nstreams = w->nstreams;
	in.outputs = outputs;
	in.noutputs = noutputs;
	in.groups = w->groups;
	in.ngroups = w->ngroups;
	in.have_groups = 1;
	in.realtime_budget_seconds = budget;
	lp_check_xart(&in, w->d);
}

static void world_free(world *w)
{
	lp_ddl_free(w->ddl);
	lp_flb_free(w->flb);
	lp_arena_release(&w->a);
	lp_diag_free(w->d);
}

static void test_xart__builders_read_api_json_cfn_and_ddl(void **state)
{
	world w;
	(void)state;
	world_init(&w, ddl_text);
	assert_string_equal(w.streams[0].name, "shop-api-app");
	assert_string_equal(w.streams[0].bucket, "shop-logs");
	assert_int_equal(w.streams[0].interval, 900);
	assert_int_equal(w.streams[0].prefix_span.line, 5);
	assert_string_equal(w.streams[0].schema_table, "api_app");
	assert_string_equal(w.tables[0].name, "other");
	assert_string_equal(w.tables[0].columns[0], "a");
	assert_string_equal(w.tables[1].name, "api_app");
	assert_string_equal(w.tables[1].parts[0].format, "yyyy/MM/dd/HH");
	assert_string_equal(w.groups[0].name, "/ecs/shop/api");
	world_free(&w);
}

static void test_xart__joins_fire(void **state)
{
	world w;
	const lp_diag_entry *e;
	(void)state;
	world_init(&w, ddl_text);
	world_run(&w, 60);
	/* the daily prefix vs the hourly template */
	assert_int_equal(count_rule(w.d, "LP-XART-PREFIX-TEMPLATE"), 1);
	e = lp_diag_get(w.d, 0);
	assert_string_equal(e->span.file, "firehose/shop-api-app.json");
	assert_int_equal(e->span.line, 5);
	assert_int_equal(count_rule(w.d, "LP-XART-FH-STREAM"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-LOG-GROUP"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-REALTIME"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-SCHEMA-TABLE"), 0);
	world_free(&w);
}

static void test_xart__record_fields_need_columns(void **state)
{
	world w;
	lp_xart_input in;
	lp_xart_field fields[] = {
		{ "shop_logs", "api_app", "Time", { "logpipe.yaml", 30, 19, 30, 22 } },
		{ "shop_logs", "api_app", "latency_ms", { "logpipe.yaml", 30, 40, 30, 49 } },
		{ "shop_logs", "not_loaded", "x", { "logpipe.yaml", 31, 1, 31, 1 } },
	};
	(void)state;
	world_init(&w, ddl_text);
	memset(&in, 0, sizeof(in));
	in.tables = w.tables;
	in.ntables = w.ntables;
	in.fields = fields;
	in.nfields = 3;
	lp_check_xart(&in, w.d);
	assert_int_equal(count_rule(w.d, "LP-XART-FIELDS"), 1);
	assert_int_equal(lp_diag_get(w.d, 0)->span.col, 40);
	assert_non_null(strstr(lp_diag_get(w.d, 0)->message, "'latency_ms'"));
	world_free(&w);
}

static void test_xart__missing_schema_table_and_quiet_when_consistent(void **state)
{
	world w;
	(void)state;
	world_init(&w, ddl_text);
	w.streams[0].schema_table = "api_web";
	w.streams[0].prefix = "api/app/!{timestamp:yyyy/MM/dd/HH}/";
	world_run(&w, 0);
	assert_int_equal(count_rule(w.d, "LP-XART-SCHEMA-TABLE"), 1);
	/* not converted with that table, but the stream still feeds it by location: the layout agrees now */
	assert_int_equal(count_rule(w.d, "LP-XART-PREFIX-TEMPLATE"), 0);
	assert_int_equal(count_rule(w.d, "LP-XART-REALTIME"), 0);
	world_free(&w);
}

/* The engine's plug point: documents in, the same joins out. */
static void test_xart__lint_plug_point_reads_documents(void **state)
{
	world w;
	lp_lint_doc docs[4];
	lp_lint_facts facts[4];
	lp_lint_ctx ctx;
	size_t i;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	(void)state;
	world_init(&w, ddl_text);
	memset(docs, 0, sizeof(docs));
	docs[0].kind = LP_LINT_FIREHOSE_JSON;
	docs[0].tree = load(&w, "firehose/shop-api-app.json", firehose_json);
	docs[1].kind = LP_LINT_ATHENA_DDL;
	docs[1].parsed = w.ddl;
	docs[2].kind = LP_LINT_FLUENTBIT_CONF;
	docs[2].parsed = w.flb;
	docs[3].kind = LP_LINT_LOGGROUPS_JSON;
	docs[3].tree = load(&w, "cloudwatch/log-groups.json", groups_json);
	/* what the engine takes of each in the per-file phase */
	for (i = 0; i < 4; i++) {
		lp_lint__facts_take(&facts[i], &w.a, &w.a, &docs[i]);
		docs[i].facts = &facts[i];
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.docs = docs;
	ctx.ndocs = 4;
	ctx.opts = &o;
	ctx.arena = &w.a;
	lp_check_xart_docs(&ctx, w.d);
	lp_check_ddl_docs(&ctx, w.d);
	lp_check_flb_docs(&ctx, w.d);
	assert_int_equal(count_rule(w.d, "LP-XART-PREFIX-TEMPLATE"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-FH-STREAM"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-LOG-GROUP"), 1);
	assert_int_equal(count_rule(w.d, "LP-XART-REALTIME"), 0); /* no spec, no budget */
	assert_int_equal(count_rule(w.d, "LP-ATHENA-RESERVED"), 0);
	assert_int_equal(lp_diag_count(w.d), 3);
	world_free(&w);
}

static const char glue_api_json[] =
	"{\n"
	"  \"DatabaseName\": \"shop_logs\",\n"
	"  \"TableInput\": {\n"
	"    \"Name\": \"api_app\",\n"
	"    \"PartitionKeys\": [{\"Name\": \"datehour\", \"Type\": \"string\"}, {\"Name\": \"level\", \"Type\": \"string\"}],\n"
	"    \"StorageDescriptor\": {\"Columns\": [{\"Name\": \"level\", \"Type\": \"string\"}]},\n"
	"    \"Parameters\": {\n"
	"      \"projection.enabled\": \"true\",\n"
	"      \"projection.datehour.type\": \"date\",\n"
	"      \"projection.datehour.range\": \"2024/01/01/00,NOW\",\n"
	"      \"projection.datehour.format\": \"yyyy/MM/dd/HH\",\n"
	"      \"projection.datehour.interval\": \"1\",\n"
	"      \"projection.datehour.interval.unit\": \"HOURS\",\n"
	"      \"storage.location.template\": \"s3://b/api/app/${datehour}/\"\n"
	"    }\n"
	"  }\n"
	"}\n";

/* Glue tables get the same projection rules as DDL, positioned in the JSON. */
static void test_xart__glue_tables_get_projection_checks(void **state)
{
	world w;
	lp_lint_doc doc;
	lp_lint_ctx ctx;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	const lp_diag_entry *e;
	(void)state;
	world_init(&w, ddl_text);
	memset(&doc, 0, sizeof(doc));
	doc.kind = LP_LINT_GLUE_JSON;
	doc.tree = load(&w, "glue/shop_logs.api_app.json", glue_api_json);
	memset(&ctx, 0, sizeof(ctx));
	ctx.docs = &doc;
	ctx.ndocs = 1;
	ctx.opts = &o;
	ctx.arena = &w.a;
	lp_check_glue_docs(&ctx, w.d);
	assert_int_equal(count_rule(w.d, "LP-ATHENA-PART-DUP"), 1);
	assert_int_equal(count_rule(w.d, "LP-ATHENA-PROJ-TYPE"), 1);
	assert_int_equal(count_rule(w.d, "LP-ATHENA-TEMPLATE"), 1);
	assert_int_equal(lp_diag_count(w.d), 3);
	e = lp_diag_get(w.d, 1);
	assert_string_equal(e->rule, "LP-ATHENA-PROJ-TYPE");
	assert_string_equal(e->span.file, "glue/shop_logs.api_app.json");
	assert_int_equal(e->span.line, 5);
	/* and the CloudFormation form of an unprojected table is quiet */
	doc.kind = LP_LINT_CFN_TEMPLATE;
	doc.tree = load(&w, "glue.yaml", glue_cfn_yaml);
	lp_check_glue_docs(&ctx, w.d);
	assert_int_equal(lp_diag_count(w.d), 3);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xart__firehose_hourly_prefix_matches_datehour_template),
		cmocka_unit_test(test_xart__mismatches_say_where),
		cmocka_unit_test(test_xart__integer_and_enum_columns),
		cmocka_unit_test(test_xart__builders_read_api_json_cfn_and_ddl),
		cmocka_unit_test(test_xart__joins_fire),
		cmocka_unit_test(test_xart__missing_schema_table_and_quiet_when_consistent),
		cmocka_unit_test(test_xart__lint_plug_point_reads_documents),
		cmocka_unit_test(test_xart__record_fields_need_columns),
		cmocka_unit_test(test_xart__glue_tables_get_projection_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
