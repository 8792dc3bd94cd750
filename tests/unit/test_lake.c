#include "lp_test.h"

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/serde_regex.h"
#include "lint/xart.h"
#include "plan/check_lake.h"
#include "plan/firehose_prefix.h"
#include "plan/lake_table.h"
#include "plan/line_format.h"
#include "render/render_lake.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/fs.h"

/*
 * A spec with one lake container; cases fill in the lake extras, the
 * container's logs options, its fields and any extra top-level keys.
 */
#define SPEC \
	"version: 1\n" \
	"name: shop\n" \
	"region: ap-northeast-1\n" \
	"account: \"123456789012\"\n" \
	"lake:\n" \
	"  bucket: shop-logs\n" \
	"  database: shop_logs\n" \
	"  since: \"2024-02-03\"\n" \
	"%s" \
	"services:\n" \
	"  api:\n" \
	"    launch_type: fargate\n" \
	"    cpu: 512\n" \
	"    memory: 1024\n" \
	"    task_role: arn:aws:iam::123456789012:role/t\n" \
	"    execution_role: arn:aws:iam::123456789012:role/e\n" \
	"    router:\n" \
	"      image: public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1\n" \
	"      memory: 128\n" \
	"    containers:\n" \
	"      app:\n" \
	"        image: app:1.0\n" \
	"        memory: 256\n" \
	"        logs:\n" \
	"          to: [lake]\n" \
	"%s" \
	"          fields:\n" \
	"%s" \
	"%s"

typedef struct run {
	lp_diag *d;
	lp_model *m;
} run;

static run load(const char *lake_extra, const char *logs_extra, const char *fields, const char *tail)
{
	lp_buf spec = LP_BUF_INIT;
	run r;
	r.d = lp_diag_new();
	r.m = NULL;
	lp_buf_printf(&spec, SPEC, lake_extra, logs_extra, fields, tail);
	assert_lp_ok(lp_plan_load_buffer(&r.m, "logpipe.yaml", spec.ptr, spec.size, r.d));
	lp_buf_release(&spec);
	return r;
}

static const char *default_fields = "            level: string\n            status: int\n";

static void done(run *r)
{
	lp_model_free(r->m);
	lp_diag_free(r->d);
}

static const lp_diag_entry *find(run *r, const char *rule)
{
	size_t i;
	for (i = 0; i < lp_diag_count(r->d); i++)
		if (!strcmp(lp_diag_get(r->d, i)->rule, rule))
			return lp_diag_get(r->d, i);
	return NULL;
}

static void print_diags(run *r)
{
	lp_buf b = LP_BUF_INIT;
	lp_diag_print_text(&b, r->d, 0);
	print_message("%s", b.ptr);
	lp_buf_release(&b);
}

static const lp_container *app(const lp_model *m)
{
	return &m->services[0].containers[0];
}

/* ---- Hive types ------------------------------------------------------- */

static void type_is(const char *in, const char *want)
{
	lp_buf b = LP_BUF_INIT;
	const char *why = NULL;
	size_t at = 0;
	if (lp_lake_hive_type(&b, in, &why, &at) < 0)
		fail_msg("'%s' refused: %s at %zu", in, why, at);
	assert_string_equal(b.ptr, want);
	lp_buf_release(&b);
}

static void type_refused(const char *in, size_t want_at)
{
	lp_buf b = LP_BUF_INIT;
	const char *why = NULL;
	size_t at = 0;
	if (lp_lake_hive_type(&b, in, &why, &at) == 0)
		fail_msg("'%s' accepted as '%s'", in, b.ptr);
	assert_non_null(why);
	assert_int_equal(at, want_at);
	lp_buf_release(&b);
}

static void test_lake__hive_types_follow_the_grammar(void **state)
{
	lp_buf deep = LP_BUF_INIT;
	int i;
	(void)state;
	type_is("string", "string");
	type_is("INTEGER", "int");
	type_is("long", "bigint");
	type_is("bool", "boolean");
	type_is("decimal", "decimal");
	type_is("decimal( 10 , 2 )", "decimal(10,2)");
	type_is("varchar(20)", "varchar(20)");
	type_is("array< string >", "array<string>");
	type_is("map<string,array<bigint>>", "map<string,array<bigint>>");
	type_is("struct<a:int, B:map<string,double>>", "struct<a:int,b:map<string,double>>");

	type_refused("text", 0);
	type_refused("decimal(40,2)", 8);
	type_refused("decimal(5,6)", 10);
	type_refused("map<array<int>,int>", 4);
	type_refused("array<int", 9);
	type_refused("struct<:int>", 7);
	type_refused("int extra", 4);
	type_refused("char", 4);
	for (i = 0; i < 40; i++)
		lp_buf_puts(&deep, "array<");
	type_refused(deep.ptr, 6 * 32);
	lp_buf_release(&deep);
}

/* ---- prefix and template evaluation ------------------------------------ */

static void test_lake__datetime_format_subset(void **state)
{
	lp_instant t = { 2024, 3, 5, 7, 42, 9 };
	lp_buf b = LP_BUF_INIT;
	(void)state;
	assert_lp_ok(lp_datetime_format(&b, "yyyy/MM/dd/HH", &t));
	assert_string_equal(b.ptr, "2024/03/05/07");
	lp_buf_clear(&b);
	assert_lp_ok(lp_datetime_format(&b, "'dt='yyyy-MM-dd'T'HH:mm:ss 'it''s'", &t));
	assert_string_equal(b.ptr, "dt=2024-03-05T07:42:09 it's");
	lp_buf_clear(&b);
	assert_int_equal(lp_datetime_format(&b, "YYYY", &t), -1); /* week-based year: not ours to guess */
	assert_int_equal(lp_datetime_format(&b, "yyy", &t), -1);
	assert_int_equal(lp_datetime_format(&b, "'open", &t), -1);
	lp_buf_release(&b);
}

static void test_lake__prefix_eval_refuses_what_has_no_value(void **state)
{
	lp_instant t = { 2024, 12, 31, 23, 0, 0 };
	lp_buf b = LP_BUF_INIT;
	const char *cols[] = { "a" }, *vals[] = { "x" };
	(void)state;
	assert_lp_ok(lp_firehose_prefix_eval(&b, "p/!{timestamp:yyyy}/!{firehose:random-string}/", &t, "R"));
	assert_string_equal(b.ptr, "p/2024/R/");
	assert_int_equal(lp_firehose_prefix_eval(&b, "!{firehose:error-output-type}/", &t, NULL), -1);
	assert_int_equal(lp_firehose_prefix_eval(&b, "!{partitionKeyFromQuery:k}/", &t, NULL), -1);
	assert_int_equal(lp_firehose_prefix_eval(&b, "p/!{timestamp:yyyy", &t, NULL), -1);
	lp_buf_clear(&b);
	assert_lp_ok(lp_location_template_eval(&b, "s3://b/${a}/", cols, vals, 1));
	assert_string_equal(b.ptr, "s3://b/x/");
	assert_int_equal(lp_location_template_eval(&b, "s3://b/${z}/", cols, vals, 1), -1);
	lp_buf_release(&b);
}

/*
 * Issue 6: for each partitioning, an object Firehose writes at an instant
 * lies under the location Athena's template yields for that instant's
 * partition value, and not under the neighbouring partition's.
 */
static void key_lies_under_partition(const char *partition, const char *want_col)
{
	static const lp_instant instants[] = { { 2024, 2, 3, 0, 0, 0 }, { 2024, 3, 5, 7, 42, 9 },
		{ 2024, 12, 31, 23, 59, 59 } };
	lp_buf logs = LP_BUF_INIT;
	run r;
	size_t i;
	lp_buf_printf(&logs, "          firehose: {partition: %s}\n", partition);
	r = load("", logs.ptr, default_fields, "");
	assert_non_null(r.m);
	{
		/* The linter's cross check agrees with the planner on the same three strings. */
		const lp_container *c = app(r.m);
		lp_xart_part part = { c->derived.partition_col, "date", c->derived.partition_format, NULL, 0 };
		lp_buf why = LP_BUF_INIT;
		if (!lp_prefix_matches_template(&why, r.m->lake.bucket, c->derived.prefix, c->derived.location_template,
				&part, 1))
			fail_msg("lint disagrees: %s", why.ptr);
		lp_buf_release(&why);
	}
	for (i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
		const lp_container *c = app(r.m);
		lp_instant next = instants[i];
		lp_buf key = LP_BUF_INIT, value = LP_BUF_INIT, loc = LP_BUF_INIT, other = LP_BUF_INIT;
		const char *col = c->derived.partition_col, *v;
		assert_string_equal(col, want_col);
		/* Object key = s3://bucket/<evaluated prefix><stream>-<version>-<date>-<uuid> (aws-facts §2.3). */
		lp_buf_printf(&key, "s3://%s/", r.m->lake.bucket);
		assert_lp_ok(lp_firehose_prefix_eval(&key, c->derived.prefix, &instants[i], NULL));
		lp_buf_printf(&key, "%s-1-2024-03-05-07-42-09-0a1b2c3d.parquet", c->derived.stream);
		assert_lp_ok(lp_datetime_format(&value, c->derived.partition_format, &instants[i]));
		v = value.ptr;
		assert_lp_ok(lp_location_template_eval(&loc, c->derived.location_template, &col, &v, 1));
		if (strncmp(key.ptr, loc.ptr, loc.size) != 0)
			fail_msg("key '%s' is not under '%s'", key.ptr, loc.ptr);
		assert_true(loc.ptr[loc.size - 1] == '/');
		assert_int_equal(strncmp(loc.ptr, c->derived.location, strlen(c->derived.location)), 0);
		/* The next hour (or day) is a different partition that must not contain the key. */
		next.hour = (next.hour + 1) % 24;
		if (!strcmp(partition, "daily"))
			next.day = next.day % 28 + 1;
		lp_buf_clear(&value);
		assert_lp_ok(lp_datetime_format(&value, c->derived.partition_format, &next));
		v = value.ptr;
		assert_lp_ok(lp_location_template_eval(&other, c->derived.location_template, &col, &v, 1));
		assert_int_not_equal(strncmp(key.ptr, other.ptr, other.size), 0);
		lp_buf_release(&key);
		lp_buf_release(&value);
		lp_buf_release(&loc);
		lp_buf_release(&other);
	}
	done(&r);
	lp_buf_release(&logs);
}

static void test_lake__hourly_key_lies_under_its_partition(void **state)
{
	(void)state;
	key_lies_under_partition("hourly", "datehour");
}

static void test_lake__daily_key_lies_under_its_partition(void **state)
{
	(void)state;
	key_lies_under_partition("daily", "dt");
}

/* ---- findings ---------------------------------------------------------- */

/* Loads a spec that must fail with `rule` at `line`; the model is not built. */
static void refused(const char *lake_extra, const char *logs_extra, const char *fields, const char *tail,
	const char *rule, unsigned line, const char *msg_part)
{
	run r = load(lake_extra, logs_extra, fields, tail);
	const lp_diag_entry *e = find(&r, rule);
	if (!e || r.m) {
		print_diags(&r);
		fail_msg("expected %s", rule);
	}
	assert_int_equal(e->span.line, line);
	if (msg_part && !strstr(e->message, msg_part))
		fail_msg("message '%s' lacks '%s'", e->message, msg_part);
	done(&r);
}

static void test_lake__invalid_specs_are_refused_with_positions(void **state)
{
	(void)state;
	/* line 25 is the first line of the logs extras; `fields:` follows them */
	refused("", "          firehose:\n            buffer_mib: 32\n", default_fields, "", "LP-FH-003", 26,
		"buffer_mib must be >= 64 when format is parquet");
	refused("", "          firehose: {format: orc, buffer_mib: 63}\n", default_fields, "", "LP-FH-003", 25, "orc");
	refused("", "          firehose:\n            buffer_seconds: 901\n", default_fields, "", "LP-SPEC-SCHEMA", 26,
		"at most 900");
	refused("", "          firehose:\n            buffer_mib: 129\n", default_fields, "", "LP-SPEC-SCHEMA", 26,
		"at most 128");
	refused("", "", "            level: string\n            Level: string\n", "", "LP-LAKE-COLUMN", 27,
		"after lowercasing");
	refused("", "", "            ecs_cluster: string\n", "", "LP-LAKE-COLUMN", 26, "FireLens");
	refused("", "          firehose: {partition: daily}\n", "            DT: string\n", "", "LP-LAKE-COLUMN", 27,
		"partition column 'dt'");
	refused("", "          format: text\n", "            log: string\n", "", "LP-LAKE-COLUMN", 27, "'log'");
	refused("", "", "            level: decimal(40,2)\n", "", "LP-LAKE-TYPE", 26, "precision must be 1 to 38");
	refused("", "", "            level: map<array<int>,int>\n", "", "LP-LAKE-TYPE", 26, "primitive");
	refused("", "", "            bad-name: string\n", "", "LP-SPEC-SCHEMA", 26, "bad-name");
}

/*
 * The schema already refuses most out-of-range values; lp_check_lake must
 * still hold for a model built some other way (tests, future inputs).
 */
static void test_lake__checks_hold_without_the_schema(void **state)
{
	run r = load("", "", default_fields, "");
	lp_container *c;
	lp_diag *d = lp_diag_new();
	size_t i, buffer = 0, name = 0;
	(void)state;
	assert_non_null(r.m);
	c = &r.m->services[0].containers[0];
	c->firehose.buffer_seconds = 901;
	c->firehose.buffer_mib = 200;
	c->fields[0].name = "bad-name";
	r.m->lake.database = "Shop";
	assert_int_equal(lp_check_lake(r.m, d), 0);
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!strcmp(e->rule, "LP-FH-BUFFER"))
			buffer++;
		else if (!strcmp(e->rule, "LP-LAKE-NAME"))
			name++;
		assert_true(e->span.line > 0);
	}
	assert_int_equal(buffer, 2);
	assert_int_equal(name, 2);
	lp_diag_free(d);
	done(&r);
}

static void test_lake__since_must_be_a_date(void **state)
{
	(void)state;
	assert_true(lp_lake_parse_date("2024-02-29", NULL, NULL, NULL));
	assert_false(lp_lake_parse_date("2023-02-29", NULL, NULL, NULL));
	assert_false(lp_lake_parse_date("2024-13-01", NULL, NULL, NULL));
	assert_false(lp_lake_parse_date("2024-1-01", NULL, NULL, NULL));
	assert_false(lp_lake_parse_date("2024/01/01", NULL, NULL, NULL));
	{
		/* `since:` given twice would be a YAML error; replace it through the lake extras. */
		lp_diag *d = lp_diag_new();
		lp_model *m = NULL;
		const char *spec =
			"version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
			"lake: {bucket: bkt-logs, database: d, since: \"2023-02-29\"}\n";
		assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, strlen(spec), d));
		assert_null(m);
		assert_int_equal(lp_diag_count(d), 1);
		assert_string_equal(lp_diag_get(d, 0)->rule, "LP-SPEC-LAKE");
		assert_int_equal(lp_diag_get(d, 0)->span.line, 5);
		assert_non_null(strstr(lp_diag_get(d, 0)->message, "YYYY-MM-DD"));
		lp_diag_free(d);
	}
}

static void test_lake__lake_destination_needs_a_lake_section(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	const char *spec =
		"version: 1\nname: shop\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
		"services:\n  api:\n    launch_type: fargate\n    cpu: 512\n    memory: 1024\n"
		"    task_role: arn:aws:iam::123456789012:role/t\n    execution_role: arn:aws:iam::123456789012:role/e\n"
		"    router: {image: public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1, memory: 128}\n"
		"    containers:\n      app:\n        image: app:1.0\n        memory: 256\n"
		"        logs:\n          to: [lake]\n";
	size_t i, n = 0;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, strlen(spec), d));
	assert_null(m);
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, "LP-SPEC-LAKE")) {
			assert_int_equal(lp_diag_get(d, i)->span.line, 18);
			n++;
		}
	assert_int_equal(n, 1);
	lp_diag_free(d);
}

static void test_lake__more_streams_than_the_quota_is_a_warning(void **state)
{
	lp_buf spec = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	const lp_diag_entry *e = NULL;
	size_t i, j;
	(void)state;
	lp_buf_puts(&spec, "version: 1\nname: s\nregion: ap-northeast-1\naccount: \"123456789012\"\n"
			   "lake: {bucket: bkt-logs, database: d}\nservices:\n");
	for (i = 0; i < 17; i++) {
		lp_buf_printf(&spec, "  s%zu:\n    launch_type: fargate\n    cpu: 512\n    memory: 1024\n"
				     "    task_role: arn:aws:iam::123456789012:role/t\n"
				     "    execution_role: arn:aws:iam::123456789012:role/e\n"
				     "    router: {image: public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1, memory: 128}\n"
				     "    containers:\n", i);
		for (j = 0; j < 3; j++)
			lp_buf_printf(&spec, "      c%zu: {image: app:1.0, memory: 64, logs: {to: [lake]}}\n", j);
	}
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, "LP-FH-QUOTA"))
			e = lp_diag_get(d, i);
	if (!e) {
		lp_buf b = LP_BUF_INIT;
		lp_diag_print_text(&b, d, 0);
		fail_msg("no LP-FH-QUOTA:\n%s", b.ptr);
	}
	assert_int_equal(e->severity, LP_SEV_WARNING);
	assert_int_equal(e->span.line, 5);
	assert_non_null(strstr(e->message, "51"));
	lp_model_free(m);
	lp_diag_free(d);
	lp_buf_release(&spec);
}

/* ---- rendered artifacts ------------------------------------------------ */

static const char *content(const lp_artifact_set *set, const char *path)
{
	const lp_artifact *a = lp_artifact_find(set, path);
	if (!a)
		fail_msg("'%s' was not generated", path);
	return a->content.ptr;
}

static cJSON *json_at(cJSON *root, const char *dotted)
{
	char buf[256], *tok, *save = NULL;
	cJSON *n = root;
	snprintf(buf, sizeof(buf), "%s", dotted);
	for (tok = strtok_r(buf, ".", &save); tok && n; tok = strtok_r(NULL, ".", &save))
		n = cJSON_GetObjectItemCaseSensitive(n, tok);
	return n;
}

static void render(lp_artifact_set *set, run *r)
{
	lp_template_cache *tc = lp_template_cache_new(NULL);
	if (!r->m) {
		print_diags(r);
		fail_msg("spec refused");
	}
	assert_lp_ok(lp_render_lake(set, r->m, tc, r->d));
	lp_template_cache_free(tc);
	assert_int_equal(lp_diag_count_at_least(r->d, LP_SEV_ERROR), 0);
}

static void test_lake__firehose_follows_format_and_key(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	run r = load("  kms_key: arn:aws:kms:ap-northeast-1:123456789012:key/k\n", "          firehose: {format: orc}\n",
		default_fields, "");
	cJSON *j;
	(void)state;
	render(&set, &r);
	j = cJSON_Parse(content(&set, "firehose/shop-api-app.json"));
	assert_string_equal(json_at(j, "DeliveryStreamEncryptionConfigurationInput.KeyType")->valuestring,
		"CUSTOMER_MANAGED_CMK");
	assert_string_equal(json_at(j, "ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig."
				       "AWSKMSKeyARN")->valuestring, "arn:aws:kms:ap-northeast-1:123456789012:key/k");
	assert_string_equal(json_at(j, "ExtendedS3DestinationConfiguration.CompressionFormat")->valuestring,
		"UNCOMPRESSED");
	assert_non_null(json_at(j, "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration."
				   "OutputFormatConfiguration.Serializer.OrcSerDe"));
	assert_string_equal(json_at(j, "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration."
				       "SchemaConfiguration.TableName")->valuestring, "api_app");
	cJSON_Delete(j);
	lp_artifact_set_release(&set);
	done(&r);

	r = load("", "          firehose: {format: json, buffer_mib: 5}\n", default_fields, "");
	render(&set, &r);
	j = cJSON_Parse(content(&set, "firehose/shop-api-app.json"));
	assert_string_equal(json_at(j, "DeliveryStreamEncryptionConfigurationInput.KeyType")->valuestring, "AWS_OWNED_CMK");
	assert_null(json_at(j, "DeliveryStreamEncryptionConfigurationInput.KeyARN"));
	assert_null(json_at(j, "ExtendedS3DestinationConfiguration.EncryptionConfiguration"));
	assert_null(json_at(j, "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration"));
	assert_string_equal(json_at(j, "ExtendedS3DestinationConfiguration.CompressionFormat")->valuestring, "GZIP");
	assert_int_equal(json_at(j, "ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs")->valueint, 5);
	cJSON_Delete(j);
	j = cJSON_Parse(content(&set, "glue/shop_logs.api_app.json"));
	assert_string_equal(json_at(j, "TableInput.StorageDescriptor.SerdeInfo.SerializationLibrary")->valuestring,
		"org.openx.data.jsonserde.JsonSerDe");
	assert_string_equal(json_at(j, "TableInput.Parameters.classification")->valuestring, "json");
	cJSON_Delete(j);
	lp_artifact_set_release(&set);
	done(&r);
}

/*
 * The DDL, read back by the lint DDL reader, has the same columns, partition
 * keys, formats, SerDe and properties as the Glue JSON.
 */
static void ddl_matches_glue(const char *ddl_text, const char *glue_text)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = NULL;
	const lp_ddl_table *t;
	cJSON *g = cJSON_Parse(glue_text), *in = json_at(g, "TableInput"), *it;
	lp_buf ty = LP_BUF_INIT;
	size_t i, nprops = 0;
	assert_lp_ok(lp_ddl_parse(&f, "x.sql", ddl_text, strlen(ddl_text), d));
	if (lp_diag_count(d)) {
		lp_buf b = LP_BUF_INIT;
		lp_diag_print_text(&b, d, 0);
		fail_msg("DDL findings:\n%s", b.ptr);
	}
	assert_int_equal(f->ntables, 1);
	t = &f->tables[0];
	assert_true(t->external);
	assert_string_equal(json_at(in, "Parameters.EXTERNAL")->valuestring, "TRUE");
	assert_string_equal(t->db, json_at(g, "DatabaseName")->valuestring);
	assert_string_equal(t->name, json_at(in, "Name")->valuestring);
	assert_int_equal(t->ncolumns, cJSON_GetArraySize(json_at(in, "StorageDescriptor.Columns")));
	i = 0;
	cJSON_ArrayForEach(it, json_at(in, "StorageDescriptor.Columns")) {
		assert_true(t->columns[i].quoted);
		assert_string_equal(t->columns[i].name, json_at(it, "Name")->valuestring);
		lp_buf_clear(&ty);
		lp_ddl_type_format(&ty, t->columns[i].type);
		assert_string_equal(ty.ptr, json_at(it, "Type")->valuestring);
		i++;
	}
	assert_int_equal(t->npartitions, cJSON_GetArraySize(json_at(in, "PartitionKeys")));
	i = 0;
	cJSON_ArrayForEach(it, json_at(in, "PartitionKeys")) {
		assert_string_equal(t->partitions[i].name, json_at(it, "Name")->valuestring);
		lp_buf_clear(&ty);
		lp_ddl_type_format(&ty, t->partitions[i].type);
		assert_string_equal(ty.ptr, json_at(it, "Type")->valuestring);
		i++;
	}
	assert_string_equal(t->location, json_at(in, "StorageDescriptor.Location")->valuestring);
	assert_string_equal(t->serde, json_at(in, "StorageDescriptor.SerdeInfo.SerializationLibrary")->valuestring);
	assert_string_equal(t->input_format, json_at(in, "StorageDescriptor.InputFormat")->valuestring);
	assert_string_equal(t->output_format, json_at(in, "StorageDescriptor.OutputFormat")->valuestring);
	cJSON_ArrayForEach(it, json_at(in, "Parameters")) {
		const lp_ddl_prop *p;
		if (!strcmp(it->string, "EXTERNAL"))
			continue;
		p = lp_ddl_tbl_prop(t, it->string);
		if (!p)
			fail_msg("property '%s' missing from the DDL", it->string);
		assert_string_equal(p->value, it->valuestring);
		nprops++;
	}
	assert_int_equal(nprops, t->ntbl_props);
	i = 0;
	cJSON_ArrayForEach(it, json_at(in, "StorageDescriptor.SerdeInfo.Parameters")) {
		const lp_ddl_prop *p = lp_ddl_serde_prop(t, it->string);
		assert_non_null(p);
		assert_string_equal(p->value, it->valuestring);
		i++;
	}
	assert_int_equal(i, t->nserde_props);
	lp_buf_release(&ty);
	cJSON_Delete(g);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_lake__ddl_parses_back_to_the_glue_table(void **state)
{
	static const char *const logs[] = { "", "          firehose: {partition: daily, format: json}\n",
		"          format: text\n          firehose: {format: orc}\n" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		lp_artifact_set set = LP_ARTIFACT_SET_INIT;
		run r = load("", logs[i],
			"            Level: string\n            tags: array<string>\n"
			"            req: struct<path:string,ms:decimal(10,3)>\n            attrs: map<string,bigint>\n",
			"");
		render(&set, &r);
		ddl_matches_glue(content(&set, "athena/shop_logs.api_app.sql"), content(&set, "glue/shop_logs.api_app.json"));
		lp_artifact_set_release(&set);
		done(&r);
	}
}

/* The ALB DDL reads back to the same regex, groups and projection the table description holds. */
static void test_lake__alb_ddl_reads_back(void **state)
{
	static const char *const parts[] = { "daily", "ymd" };
	size_t i;
	(void)state;
	for (i = 0; i < 2; i++) {
		lp_artifact_set set = LP_ARTIFACT_SET_INIT;
		lp_buf tail = LP_BUF_INIT, re = LP_BUF_INIT;
		lp_diag *d = lp_diag_new();
		lp_ddl_file *f = NULL;
		const lp_ddl_table *t;
		run r;
		lp_buf_printf(&tail, "sources:\n  alb:\n    public:\n      bucket: alb-logs\n      prefix: web\n"
				     "      partition: %s\n", parts[i]);
		r = load("", "", default_fields, tail.ptr);
		render(&set, &r);
		assert_lp_ok(lp_ddl_parse(&f, "alb.sql", content(&set, "athena/shop_logs.alb_public.sql"),
			strlen(content(&set, "athena/shop_logs.alb_public.sql")), d));
		assert_int_equal(lp_diag_count(d), 0);
		t = &f->tables[0];
		assert_int_equal(t->ncolumns, lp_line_format_ncolumns(lp_line_format_alb()));
		lp_line_format_regex(&re, lp_line_format_alb());
		assert_string_equal(lp_ddl_serde_prop(t, "input.regex")->value, re.ptr);
		assert_string_equal(lp_ddl_tbl_prop(t, "storage.location.template")->value,
			i == 0 ? "s3://alb-logs/web/AWSLogs/123456789012/elasticloadbalancing/ap-northeast-1/${day}"
			       : "s3://alb-logs/web/AWSLogs/123456789012/elasticloadbalancing/ap-northeast-1/${year}/${month}/${day}");
		if (i == 0) {
			assert_int_equal(t->npartitions, 1);
			assert_string_equal(lp_ddl_tbl_prop(t, "projection.day.range")->value, "2024/02/03,NOW");
		} else {
			assert_int_equal(t->npartitions, 3);
			assert_string_equal(lp_ddl_tbl_prop(t, "projection.year.range")->value, "2024,2099");
			assert_string_equal(lp_ddl_tbl_prop(t, "projection.month.type")->value, "integer");
			assert_string_equal(lp_ddl_tbl_prop(t, "projection.day.digits")->value, "2");
		}
		lp_ddl_free(f);
		lp_diag_free(d);
		lp_buf_release(&tail);
		lp_buf_release(&re);
		lp_artifact_set_release(&set);
		done(&r);
	}
}

/* A value with no faithful Hive literal is a finding at its span, never altered into the DDL. */
static void test_lake__unwritable_literal_is_a_finding(void **state)
{
	lp_lake_column col = { "msg", "string", { "logpipe.yaml", 7, 3, 7, 6 } };
	/* a control character: no Hive literal holds it faithfully */
	lp_lake_prop prop = { "storage.location.template", "s3://b/\001/${dt}/", { "logpipe.yaml", 9, 5, 9, 9 } };
	lp_lake_column part = { "dt", "string", { NULL, 0, 0, 0, 0 } };
	lp_lake_table t;
	lp_template_cache *tc = lp_template_cache_new(NULL);
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	(void)state;
	memset(&t, 0, sizeof(t));
	t.db = "shop_logs";
	t.name = "api_app";
	t.columns = &col;
	t.ncolumns = 1;
	t.partitions = &part;
	t.npartitions = 1;
	t.serde = "org.openx.data.jsonserde.JsonSerDe";
	t.input_format = "in";
	t.output_format = "out";
	t.location = "s3://b/";
	t.params = &prop;
	t.nparams = 1;
	assert_lp_ok(lp_render_athena(&out, &t, LP_LAKE_TEMPLATE_TABLE, tc, d));
	assert_int_equal(lp_diag_count(d), 1);
	assert_string_equal(lp_diag_get(d, 0)->rule, "LP-TEMPLATE-VALUE");
	assert_int_equal(lp_diag_get(d, 0)->span.line, 9);
	assert_int_equal(out.size, 0);

	/* A bad identifier is refused by the template's escaper, at the column's span. */
	prop.value = "s3://b/${dt}/";
	col.name = "bad`name";
	assert_lp_ok(lp_render_athena(&out, &t, LP_LAKE_TEMPLATE_TABLE, tc, d));
	assert_int_equal(lp_diag_count(d), 2);
	assert_string_equal(lp_diag_get(d, 1)->rule, "LP-TEMPLATE-VALUE");
	assert_int_equal(lp_diag_get(d, 1)->span.line, 7);
	lp_template_cache_free(tc);
	lp_buf_release(&out);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lake__hive_types_follow_the_grammar),
		cmocka_unit_test(test_lake__datetime_format_subset),
		cmocka_unit_test(test_lake__prefix_eval_refuses_what_has_no_value),
		cmocka_unit_test(test_lake__hourly_key_lies_under_its_partition),
		cmocka_unit_test(test_lake__daily_key_lies_under_its_partition),
		cmocka_unit_test(test_lake__invalid_specs_are_refused_with_positions),
		cmocka_unit_test(test_lake__checks_hold_without_the_schema),
		cmocka_unit_test(test_lake__since_must_be_a_date),
		cmocka_unit_test(test_lake__lake_destination_needs_a_lake_section),
		cmocka_unit_test(test_lake__more_streams_than_the_quota_is_a_warning),
		cmocka_unit_test(test_lake__firehose_follows_format_and_key),
		cmocka_unit_test(test_lake__ddl_parses_back_to_the_glue_table),
		cmocka_unit_test(test_lake__alb_ddl_reads_back),
		cmocka_unit_test(test_lake__unwritable_literal_is_a_finding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
