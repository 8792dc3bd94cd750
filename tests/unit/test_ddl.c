#include "lp_test.h"

#include "diag/diag.h"
#include "lint/checks.h"
#include "read/ddl.h"
#include "read/serde_regex.h"
#include "util/buf.h"
#include "util/fs.h"

static size_t count_rule(lp_diag *d, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			n++;
	return n;
}

static const lp_diag_entry *first_rule(lp_diag *d, const char *rule)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			return lp_diag_get(d, i);
	return NULL;
}

static lp_ddl_file *parse(lp_diag *d, const char *text)
{
	lp_ddl_file *f = NULL;
	assert_lp_ok(lp_ddl_parse(&f, "t.sql", text, strlen(text), d));
	assert_non_null(f);
	return f;
}

static lp_ddl_file *parse_path(lp_diag *d, const char *path)
{
	lp_buf b = LP_BUF_INIT;
	lp_ddl_file *f = NULL;
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	assert_lp_ok(lp_ddl_parse(&f, path, b.ptr, b.size, d));
	lp_buf_release(&b);
	return f;
}

static void test_ddl__positions_of_names_and_properties(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE IF NOT EXISTS logs.`app` (\n"
		"  `ts` timestamp COMMENT 'when',\n"
		"  level string\n"
		")\n"
		"PARTITIONED BY (`dt` string)\n"
		"STORED AS PARQUET\n"
		"LOCATION 's3://b/p/'\n"
		"TBLPROPERTIES ('projection.enabled'='true', \"a\" = \"b\")\n");
	const lp_ddl_table *t;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(f->ntables, 1);
	t = &f->tables[0];
	assert_string_equal(t->db, "logs");
	assert_string_equal(t->name, "app");
	assert_true(t->external && t->if_not_exists && t->name_quoted);
	assert_int_equal(t->name_span.line, 1);
	assert_int_equal(t->name_span.col, 42);
	assert_int_equal(t->ncolumns, 2);
	assert_string_equal(t->columns[0].name, "ts");
	assert_string_equal(t->columns[0].comment, "when");
	assert_int_equal(t->columns[1].span.line, 3);
	assert_int_equal(t->columns[1].span.col, 3);
	assert_int_equal(t->npartitions, 1);
	assert_string_equal(t->stored_as, "parquet");
	assert_string_equal(t->location, "s3://b/p/");
	assert_int_equal(t->location_span.line, 7);
	assert_int_equal(t->location_span.col, 10);
	assert_int_equal(t->ntbl_props, 2);
	assert_string_equal(lp_ddl_tbl_prop(t, "PROJECTION.ENABLED")->value, "true");
	assert_int_equal(t->tbl_props[1].value_span.line, 8);
	assert_int_equal(t->tbl_props[1].value_span.col, 51);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__nested_types(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf b = LP_BUF_INIT;
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE t (\n"
		"  m MAP<string, ARRAY<struct<a:int, `b c`:decimal(10,2) COMMENT 'x', d:varchar(20)>>>,\n"
		"  s struct<inner:struct<x:array<bigint>>>\n"
		") LOCATION 's3://b/'");
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	lp_ddl_type_format(&b, f->tables[0].columns[0].type);
	assert_string_equal(b.ptr, "map<string,array<struct<a:int,b c:decimal(10,2),d:varchar(20)>>>");
	lp_buf_clear(&b);
	lp_ddl_type_format(&b, f->tables[0].columns[1].type);
	assert_string_equal(b.ptr, "struct<inner:struct<x:array<bigint>>>");
	assert_int_equal(f->tables[0].columns[0].type->value->elem->fields[1].span.col, 37);
	lp_buf_release(&b);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__string_and_identifier_escapes(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE `we``ird` (a string)\n"
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
		"WITH SERDEPROPERTIES ('input.regex'='it\\'s \\\"q\\\" \\\\ [^\\s]+\\t', 'k'=\"a\\\"b\")");
	const lp_ddl_table *t;
	(void)state;
	t = &f->tables[0];
	assert_string_equal(t->name, "we`ird");
	assert_string_equal(lp_ddl_serde_prop(t, "input.regex")->value, "it's \"q\" \\ [^\\s]+\t");
	assert_string_equal(lp_ddl_serde_prop(t, "k")->value, "a\"b");
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__statements_comments_and_ignores(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"-- logpipe:ignore LP-ATHENA-RESERVED time is what AWS calls it\n"
		"CREATE DATABASE x;\n"
		"/* block\n comment */ CREATE EXTERNAL TABLE a (x int) LOCATION 's3://a/';\n"
		"# logpipe:ignore LP-ATHENA-EXTERNAL\n"
		"CREATE TABLE b (y int);");
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(f->ntables, 2);
	assert_string_equal(f->tables[1].name, "b");
	assert_false(f->tables[1].external);
	assert_int_equal(f->tables[1].span.line, 6);
	assert_int_equal(f->nignores, 2);
	assert_string_equal(f->ignores[0].rule, "LP-ATHENA-RESERVED");
	assert_string_equal(f->ignores[0].reason, "time is what AWS calls it");
	assert_string_equal(f->ignores[1].rule, "LP-ATHENA-EXTERNAL");
	assert_string_equal(f->ignores[1].reason, "");
	assert_int_equal(f->ignores[1].span.line, 5);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__syntax_error_is_positioned_and_parsing_resumes(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE a (x int,, y int);\n"
		"CREATE EXTERNAL TABLE b (x array<int) LOCATION 's3://b/';\n"
		"CREATE EXTERNAL TABLE c (x int) LOCATION 'unterminated");
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(f->ntables, 3);
	assert_int_equal(count_rule(d, "LP-DDL-SYNTAX"), 3);
	lp_diag_sort(d);
	e = lp_diag_get(d, 0);
	assert_int_equal(e->span.line, 1);
	assert_int_equal(e->span.col, 32);
	assert_string_equal(e->message, "expected a name, found ','");
	e = lp_diag_get(d, 1);
	assert_int_equal(e->span.line, 2);
	assert_int_equal(e->span.col, 37);
	assert_string_equal(lp_diag_get(d, 2)->message, "unterminated string literal");
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__reserved_words_lookup(void **state)
{
	(void)state;
	assert_true(lp_ddl_is_reserved("time"));
	assert_true(lp_ddl_is_reserved("CURRENT_DATE"));
	assert_true(lp_ddl_is_reserved("utc_timestamp"));
	assert_true(lp_ddl_is_reserved("all"));
	assert_true(lp_ddl_is_reserved("with"));
	assert_true(lp_ddl_is_reserved("Date"));
	assert_false(lp_ddl_is_reserved("type"));
	assert_false(lp_ddl_is_reserved("elb"));
}

/* The seed's fix: two columns added, one group added. */
static void test_ddl__seed_alb_groups_differ_from_columns(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse_path(d, "tests/lint/seed/alb_seed_conn_trace_id.sql");
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(count_rule(d, "LP-DDL-SYNTAX"), 0);
	assert_int_equal(f->ntables, 1);
	assert_int_equal(f->tables[0].ncolumns, 35);
	assert_int_equal(f->tables[0].npartitions, 3);
	lp_check_ddl(f, d);
	e = first_rule(d, "LP-ATHENA-REGEX-GROUPS");
	assert_non_null(e);
	assert_non_null(strstr(e->message, "34 capture groups but table '<table name>' has 35 columns"));
	assert_int_equal(e->span.line, 52);
	assert_int_equal(count_rule(d, "LP-ALB-APPENDED-FIELDS"), 1);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-JAVA"), 0);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-COMPILE"), 0);
	assert_int_equal(count_rule(d, "LP-ATHENA-PROJ-TYPE"), 0);
	assert_int_equal(count_rule(d, "LP-ATHENA-TEMPLATE"), 0);
	assert_int_equal(count_rule(d, "LP-ATHENA-IDENT"), 1); /* the placeholder name */
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__aws_2023_regex_has_no_tolerant_tail(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse_path(d, "tests/resources/alb/alb_logs_2023.sql");
	(void)state;
	assert_int_equal(f->tables[0].ncolumns, 33);
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-GROUPS"), 0);
	assert_int_equal(count_rule(d, "LP-ALB-APPENDED-FIELDS"), 1);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-JAVA"), 0);
	/* AWS's own DDL writes `time` bare and Athena takes it: the reserved-word list is wider than what fails */
	assert_int_equal(count_rule(d, "LP-ATHENA-RESERVED"), 0);
	/* the only error: a target:port_list with two targets, as the guide documents, fails the regex */
	assert_int_equal(count_rule(d, "LP-SOURCE-DOC-LINE"), 1);
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 1);
	lp_ddl_free(f);
	f = NULL;
	lp_diag_free(d);
	d = lp_diag_new();
	f = parse_path(d, "tests/resources/alb/alb_logs_tolerant.sql");
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ALB-APPENDED-FIELDS"), 0);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-GROUPS"), 0);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__projection_checks_fire(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf values = LP_BUF_INIT;
	lp_buf sql = LP_BUF_INIT;
	lp_ddl_file *f;
	int i;
	(void)state;
	for (i = 0; i < 45; i++)
		lp_buf_printf(&values, "%sv%d", i ? "," : "", i);
	lp_buf_printf(&sql,
		"CREATE TABLE t (`date` string, _x int, region string)\n"
		"PARTITIONED BY (datehour string, region string, kind string, n int, tenant int)\n"
		"LOCATION 's3://b/p/'\n"
		"TBLPROPERTIES (\n"
		" 'projection.enabled'='true',\n"
		" 'projection.datehour.type'='date',\n"
		" 'projection.datehour.range'='2024/01/01/00,NOW',\n"
		" 'projection.datehour.format'='yyyy/MM/dd/HH',\n"
		" 'projection.kind.type'='enum',\n"
		" 'projection.kind.values'='%s',\n"
		" 'projection.n.type'='integer',\n"
		" 'projection.n.range'='1-9',\n"
		" 'projection.tenant.type'='injected',\n"
		" 'storage.location.template'='s3://b/p/${datehour}/${kind}/')", values.ptr);
	f = parse(d, sql.ptr);
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ATHENA-EXTERNAL"), 1);
	assert_int_equal(count_rule(d, "LP-ATHENA-IDENT"), 1);     /* _x unquoted */
	assert_int_equal(count_rule(d, "LP-ATHENA-PART-DUP"), 1);  /* region */
	assert_int_equal(count_rule(d, "LP-ATHENA-PROJ-TYPE"), 1); /* region */
	/* datehour: interval + interval.unit; n: bad range; tenant: injected int */
	assert_int_equal(count_rule(d, "LP-ATHENA-PROJ-KEYS"), 4);
	assert_int_equal(count_rule(d, "LP-ATHENA-PROJ-ENUM"), 1);
	assert_int_equal(count_rule(d, "LP-ATHENA-TEMPLATE"), 3);  /* region, n, tenant */
	/* the help names the column, not a printf directive */
	assert_non_null(strstr(first_rule(d, "LP-ATHENA-TEMPLATE")->help, "add '${"));
	assert_null(strstr(first_rule(d, "LP-ATHENA-TEMPLATE")->help, "%s"));
	assert_int_equal(count_rule(d, "LP-ATHENA-RESERVED"), 0);  /* `date` is quoted */
	assert_int_equal(first_rule(d, "LP-ATHENA-PROJ-TYPE")->span.line, 2);
	assert_int_equal(first_rule(d, "LP-ATHENA-PROJ-TYPE")->span.col, 34);
	lp_ddl_free(f);
	lp_buf_release(&values);
	lp_buf_release(&sql);
	lp_diag_free(d);
}

static void test_ddl__clean_generated_table_has_no_findings(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE IF NOT EXISTS `shop_logs`.`api_app` (\n"
		"  `time` timestamp, `level` string, `status` int, `tags` map<string,string>\n"
		")\n"
		"PARTITIONED BY (`datehour` string)\n"
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n"
		"STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'\n"
		"  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'\n"
		"LOCATION 's3://shop-logs/api/app/'\n"
		"TBLPROPERTIES ('projection.enabled'='true', 'projection.datehour.type'='date',\n"
		"  'projection.datehour.range'='2024/01/01/00,NOW', 'projection.datehour.format'='yyyy/MM/dd/HH',\n"
		"  'projection.datehour.interval'='1', 'projection.datehour.interval.unit'='HOURS',\n"
		"  'storage.location.template'='s3://shop-logs/api/app/${datehour}/');");
	(void)state;
	lp_check_ddl(f, d);
	assert_int_equal(lp_diag_count(d), 0);
	assert_string_equal(f->tables[0].input_format, "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__java_regex_constructs_are_flagged(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE t (a string, b string, c string)\n"
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
		"WITH SERDEPROPERTIES ('input.regex'='(\\p{javaLowerCase}+) ([a-z&&[^aeiou]]+) (?U)(\\p{Alpha}*+)(?>x)?')");
	const lp_diag_entry *e;
	(void)state;
	lp_check_ddl(f, d);
	/* javaLowerCase, &&, nested class, (?U), \p{Alpha}; possessive and atomic pass */
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-JAVA"), 5);
	e = first_rule(d, "LP-ATHENA-REGEX-JAVA");
	assert_int_equal(e->span.line, 3);
	assert_int_equal(e->span.col, 39);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-GROUPS"), 0);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__regex_compile_error_and_missing_regex(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE t (a string)\n"
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
		"WITH SERDEPROPERTIES ('input.regex'='(a');\n"
		"CREATE EXTERNAL TABLE u (a string)\n"
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe';\n");
	(void)state;
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-COMPILE"), 1);
	assert_int_equal(count_rule(d, "LP-ATHENA-REGEX-MISSING"), 1);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__tolerant_tail_forms(void **state)
{
	(void)state;
	assert_true(lp_serde_regex_tolerant_tail("([^ ]*) ([^ ]*)(?: .*)?"));
	assert_true(lp_serde_regex_tolerant_tail("([^ ]*) ?([^ ]*)?( .*)?"));
	assert_true(lp_serde_regex_tolerant_tail("([^ ]*) (.*)$"));
	assert_false(lp_serde_regex_tolerant_tail("([^ ]*) ?([^ ]*)?"));
	assert_false(lp_serde_regex_tolerant_tail("\"([^ ]*)\""));
	assert_false(lp_serde_regex_tolerant_tail("a\\.*"));
}

static void test_ddl__deep_nesting_is_a_finding(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf sql = LP_BUF_INIT;
	lp_ddl_file *f;
	int i;
	(void)state;
	lp_buf_puts(&sql, "CREATE EXTERNAL TABLE t (a ");
	for (i = 0; i < 200; i++)
		lp_buf_puts(&sql, "array<");
	f = parse(d, sql.ptr);
	assert_int_equal(count_rule(d, "LP-DDL-SYNTAX"), 1);
	assert_non_null(strstr(lp_diag_get(d, 0)->message, "nested deeper"));
	lp_ddl_free(f);
	lp_buf_release(&sql);
	lp_diag_free(d);
}

static void test_ddl__row_format_delimited_clauses(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE t (a string, b map<string,string>)\n"
		"ROW FORMAT DELIMITED\n"
		"  FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'\n"
		"  COLLECTION ITEMS TERMINATED BY ','\n"
		"  MAP KEYS TERMINATED BY ':'\n"
		"  LINES TERMINATED BY '\\n'\n"
		"  NULL DEFINED AS ''\n"
		"STORED AS TEXTFILE\n"
		"LOCATION 's3://b/p/';\n");
	lp_ddl_file *g;
	const lp_diag_entry *e;
	(void)state;
	assert_int_equal(count_rule(d, "LP-DDL-SYNTAX"), 0);
	assert_int_equal(f->ntables, 1);
	assert_true(f->tables[0].delimited);
	assert_non_null(f->tables[0].field_delim);
	assert_string_equal(f->tables[0].field_delim, "\t"); /* the literal's escape is decoded */
	assert_non_null(f->tables[0].location);
	lp_ddl_free(f);

	/* A clause missing a keyword is a finding at the token that is there instead. */
	g = parse(d,
		"CREATE EXTERNAL TABLE t (a string)\n"
		"ROW FORMAT DELIMITED COLLECTION ITEMS TERMINATED ','\n"
		"LOCATION 's3://b/p/';\n");
	e = first_rule(d, "LP-DDL-SYNTAX");
	assert_non_null(e);
	assert_int_equal(e->span.line, 2);
	assert_int_equal(e->span.col, 50);
	assert_non_null(strstr(e->message, "expected BY"));
	lp_ddl_free(g);
	lp_diag_free(d);
}

/* A Japanese COMMENT before a finding must not push its column right: columns count code points. */
static void test_ddl__columns_are_code_points(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d,
		"CREATE EXTERNAL TABLE t (a string COMMENT '\xe6\x99\x82\xe5\x88\xbb', user string)\n"
		"LOCATION 's3://b/p/';\n");
	const lp_diag_entry *e;
	(void)state;
	lp_check_ddl(f, d);
	e = first_rule(d, "LP-ATHENA-RESERVED");
	assert_non_null(e);
	assert_int_equal(e->span.line, 1);
	assert_int_equal(e->span.col, 49);
	assert_int_equal(e->span.end_col, 53);
	lp_ddl_free(f);
	lp_diag_free(d);
}

/* Every Athena statement form is read with its kind, name and position; nothing is a syntax error. */
static void test_ddl__every_statement_form(void **state)
{
	static const char text[] =
		"-- CTAS\n"
		"CREATE TABLE new_table AS SELECT * FROM old_table;\n"
		"CREATE TABLE ice_ctas WITH (table_type = 'ICEBERG', is_external = false,\n"
		"  partitioning = ARRAY['month(ts)', 'bucket(id, 16)'], format = 'PARQUET')\n"
		"AS SELECT a, count(*) AS n FROM t WHERE x >= 1 AND y <> 'a;b' GROUP BY 1 WITH NO DATA;\n"
		"/* views */ CREATE VIEW v AS SELECT 1;\n"
		"CREATE OR REPLACE VIEW db.v2 AS SELECT a || b, c % 2 FROM (SELECT * FROM t);\n"
		"ALTER TABLE vpc ADD IF NOT EXISTS PARTITION (`aws-region` = 'us-east-1', year = '2024')\n"
		"  LOCATION 's3://b/x/' PARTITION (year = 2025);\n"
		"ALTER TABLE vpc DROP IF EXISTS PARTITION (year = '2023'), PARTITION (year = '2022');\n"
		"ALTER TABLE vpc SET TBLPROPERTIES ('projection.enabled' = 'false');\n"
		"MSCK REPAIR TABLE db.vpc;\n"
		"CREATE DATABASE IF NOT EXISTS logs;\n"
		"CREATE TABLE ice (id bigint, ts timestamp) PARTITIONED BY (day(ts), bucket(16, id))\n"
		"  LOCATION 's3://b/i/' TBLPROPERTIES ('table_type' = 'ICEBERG');\n";
	static const lp_ddl_stmt_kind want[] = { LP_DDL_STMT_CTAS, LP_DDL_STMT_CTAS, LP_DDL_STMT_CREATE_VIEW,
		LP_DDL_STMT_CREATE_VIEW, LP_DDL_STMT_ADD_PARTITION, LP_DDL_STMT_DROP_PARTITION,
		LP_DDL_STMT_SET_TBLPROPERTIES, LP_DDL_STMT_MSCK_REPAIR, LP_DDL_STMT_OTHER, LP_DDL_STMT_CREATE_TABLE };
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d, text);
	size_t i;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_int_equal(f->nstmts, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < f->nstmts; i++) {
		assert_int_equal(f->stmts[i].kind, want[i]);
		assert_true(f->stmts[i].complete);
	}
	assert_int_equal(f->ntables, 3);
	assert_true(f->tables[1].ctas);
	assert_int_equal(f->tables[1].nwith_props, 4);
	assert_string_equal(f->tables[1].with_props[0].value, "ICEBERG");
	assert_string_equal(f->tables[1].with_props[1].value, "false");
	assert_string_equal(f->tables[1].with_props[2].value, "ARRAY['month(ts)', 'bucket(id, 16)']");
	assert_int_equal(f->tables[1].with_props[2].value_span.line, 4);
	assert_int_equal(f->tables[1].with_props[2].value_span.col, 18);
	assert_int_equal(f->tables[1].with_props[2].value_span.end_col, 54);
	assert_string_equal(f->stmts[3].db, "db");
	assert_string_equal(f->stmts[3].name, "v2");
	assert_int_equal(f->stmts[4].nparts, 2);
	assert_string_equal(f->stmts[4].parts[0].keys[0].key, "aws-region");
	assert_string_equal(f->stmts[4].parts[0].location, "s3://b/x/");
	assert_int_equal(f->stmts[4].parts[1].span.line, 9);
	assert_int_equal(f->stmts[5].nparts, 2);
	assert_string_equal(f->stmts[6].props[0].key, "projection.enabled");
	assert_string_equal(f->stmts[7].name, "vpc");
	assert_int_equal(f->stmts[7].name_span.col, 22);
	assert_int_equal(f->tables[2].npartitions, 2);
	lp_check_ddl(f, d);
	assert_int_equal(lp_diag_count(d), 0); /* CTAS, views and Iceberg are not external-table findings */
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__types_and_quoted_names(void **state)
{
	static const char text[] =
		"CREATE EXTERNAL TABLE t (a sting, b decimal(38,2), c decimal(40,1), d decimal(5,6), e varchar,\n"
		"  f char(300), g map<array<int>,string>, h array<struct<x:strng,`y`:map<string,bigint>>>,\n"
		"  i int(3), j blob)\n"
		"PARTITIONED BY (`aws-region` string, `aws-account-id` string, bad-name string)\n"
		"LOCATION 's3://b/';\n";
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d, text);
	const lp_diag_entry *e;
	(void)state;
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ATHENA-TYPE"), 9);
	e = first_rule(d, "LP-ATHENA-TYPE");
	assert_string_equal(e->message, "unknown type 'sting'; did you mean 'string'?");
	assert_int_equal(e->span.col, 28);
	/* back-quoted hyphenated partitions as AWS's VPC Parquet DDL writes them pass */
	assert_int_equal(count_rule(d, "LP-ATHENA-IDENT"), 0);
	assert_true(count_rule(d, "LP-DDL-SYNTAX") >= 1); /* bad-name unquoted does not parse */
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_ddl__ctas_and_view_names(void **state)
{
	static const char text[] = "CREATE TABLE \"select\" AS SELECT 1;\nCREATE VIEW first AS SELECT 1;\n"
		"CREATE TABLE ok_name WITH (format = 'JSON') AS SELECT 1;\nCREATE TABLE t AS;\n";
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = parse(d, text);
	(void)state;
	assert_int_equal(count_rule(d, "LP-DDL-SYNTAX"), 2);
	lp_check_ddl(f, d);
	assert_int_equal(count_rule(d, "LP-ATHENA-RESERVED"), 1); /* 'first' is a DML reserved word */
	assert_int_equal(count_rule(d, "LP-ATHENA-EXTERNAL"), 0);
	assert_true(lp_ddl_is_dml_reserved("first") && !lp_ddl_is_reserved("first"));
	lp_ddl_free(f);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ddl__positions_of_names_and_properties),
		cmocka_unit_test(test_ddl__every_statement_form),
		cmocka_unit_test(test_ddl__types_and_quoted_names),
		cmocka_unit_test(test_ddl__ctas_and_view_names),
		cmocka_unit_test(test_ddl__nested_types),
		cmocka_unit_test(test_ddl__string_and_identifier_escapes),
		cmocka_unit_test(test_ddl__statements_comments_and_ignores),
		cmocka_unit_test(test_ddl__syntax_error_is_positioned_and_parsing_resumes),
		cmocka_unit_test(test_ddl__reserved_words_lookup),
		cmocka_unit_test(test_ddl__seed_alb_groups_differ_from_columns),
		cmocka_unit_test(test_ddl__aws_2023_regex_has_no_tolerant_tail),
		cmocka_unit_test(test_ddl__projection_checks_fire),
		cmocka_unit_test(test_ddl__clean_generated_table_has_no_findings),
		cmocka_unit_test(test_ddl__java_regex_constructs_are_flagged),
		cmocka_unit_test(test_ddl__regex_compile_error_and_missing_regex),
		cmocka_unit_test(test_ddl__tolerant_tail_forms),
		cmocka_unit_test(test_ddl__deep_nesting_is_a_finding),
		cmocka_unit_test(test_ddl__row_format_delimited_clauses),
		cmocka_unit_test(test_ddl__columns_are_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
