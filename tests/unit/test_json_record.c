#include "lp_test.h"

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/json_record.h"

/*
 * A JSON line read against a table's columns as a JSON SerDe maps it: keys
 * to columns in any case, struct fields to object keys, arrays element by
 * element; never a crash on hostile input.
 */

static const char *const ddl = "CREATE EXTERNAL TABLE t (`timestamp` bigint, action string, "
			       "httprequest struct<clientip:string,headers:array<struct<name:string,value:string>>>, "
			       "labels array<struct<name:string>>, ok boolean, ratio double) "
			       "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/p/'";

static lp_ddl_file *table(lp_diag **d)
{
	lp_ddl_file *f = NULL;
	*d = lp_diag_new();
	assert_lp_ok(lp_ddl_parse(&f, "t.sql", ddl, strlen(ddl), *d));
	assert_int_equal(f->ntables, 1);
	return f;
}

static void check(lp_json_record *r, const lp_ddl_file *f, const char *line)
{
	lp_json_record_check(r, line, strlen(line), f->tables[0].columns, f->tables[0].ncolumns);
}

static void test_json_record__fits(void **state)
{
	lp_diag *d;
	lp_ddl_file *f = table(&d);
	lp_json_record r;
	(void)state;
	check(&r, f, "{\"timestamp\":1576280412771,\"Action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"1.1.1.1\","
		     "\"headers\":[{\"name\":\"Host\",\"value\":\"x\"}],\"uri\":\"/\"},\"labels\":[],\"ok\":\"true\","
		     "\"ratio\":\"1.5e3\",\"extra\":null}");
	assert_int_equal(r.verdict, LP_JSON_RECORD_OK);
	assert_int_equal(r.nmismatches, 0);
	assert_int_equal(r.nunknown, 1);
	assert_int_equal(r.unknown_len, strlen("\"extra\""));
	/* null fits anything; a string column takes any value */
	check(&r, f, " {\"timestamp\":null,\"action\":{\"a\":[1,2]},\"httpRequest\":null} ");
	assert_int_equal(r.verdict, LP_JSON_RECORD_OK);
	assert_int_equal(r.nmismatches, 0);
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_json_record__mismatches(void **state)
{
	lp_diag *d;
	lp_ddl_file *f = table(&d);
	lp_json_record r;
	const char *line = "{\"timestamp\":\"soon\",\"httpRequest\":{\"headers\":[{\"name\":\"a\"},\"b\"]},\"labels\":{},"
			   "\"ok\":1,\"ratio\":[]}";
	(void)state;
	check(&r, f, line);
	assert_int_equal(r.verdict, LP_JSON_RECORD_OK);
	assert_int_equal(r.nmismatches, 5);
	assert_int_equal(r.mismatches[0].column, 0);
	assert_string_equal(r.mismatches[0].found, "a string");
	assert_string_equal(r.mismatches[0].want, "bigint");
	assert_memory_equal(line + r.mismatches[0].off, "\"soon\"", r.mismatches[0].len);
	assert_string_equal(r.mismatches[1].path, "httpRequest.headers[1]");
	assert_string_equal(r.mismatches[1].want, "struct");
	assert_string_equal(r.mismatches[2].found, "an object");
	assert_string_equal(r.mismatches[2].want, "array");
	assert_string_equal(r.mismatches[3].want, "boolean");
	assert_string_equal(r.mismatches[4].want, "double");
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_json_record__not_objects(void **state)
{
	static const struct {
		const char *line;
		lp_json_record_verdict v;
		size_t off;
	} cases[] = {
		{ "[1,2]", LP_JSON_RECORD_NOT_OBJECT, 0 },
		{ "\"x\"", LP_JSON_RECORD_NOT_OBJECT, 0 },
		{ "{\"a\":1}{\"b\":2}", LP_JSON_RECORD_NOT_JSON, 7 },
		{ "    \"httpSourceName\": \"-\",", LP_JSON_RECORD_NOT_JSON, 20 },
		{ "{", LP_JSON_RECORD_NOT_JSON, 1 },
		{ "{\"a\":}", LP_JSON_RECORD_NOT_JSON, 5 },
		{ "{\"a\":tru}", LP_JSON_RECORD_NOT_JSON, 5 },
		{ "{\"a\":\"x\ny\"}", LP_JSON_RECORD_NOT_JSON, 7 },
		{ "", LP_JSON_RECORD_NOT_JSON, 0 },
	};
	lp_diag *d;
	lp_ddl_file *f = table(&d);
	lp_json_record r;
	size_t i;
	char deep[400];
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check(&r, f, cases[i].line);
		if (r.verdict != cases[i].v || r.error_off != cases[i].off)
			fail_msg("'%s': verdict %d at %zu, want %d at %zu", cases[i].line, r.verdict, r.error_off,
				cases[i].v, cases[i].off);
	}
	/* nesting past the bound is refused, not recursed into */
	memset(deep, '[', sizeof(deep) - 1);
	deep[0] = '{';
	memcpy(deep + 1, "\"a\":", 4);
	deep[sizeof(deep) - 1] = '\0';
	check(&r, f, deep);
	assert_int_equal(r.verdict, LP_JSON_RECORD_NOT_JSON);
	lp_ddl_free(f);
	lp_diag_free(d);
}

/* CloudTrail files wrap their events: every element of "Records" is a record, and nothing else is one. */
static void test_json_record__wrapped(void **state)
{
	lp_diag *d;
	lp_ddl_file *f = table(&d);
	lp_json_record r;
	const char *two = "{\"Records\":[{\"action\":\"a\",\"ok\":true},{\"timestamp\":\"x\",\"new\":1}]}";
	(void)state;
	lp_json_record_check_wrapped(&r, two, strlen(two), "Records", f->tables[0].columns, f->tables[0].ncolumns);
	assert_int_equal(r.verdict, LP_JSON_RECORD_OK);
	assert_int_equal(r.nmismatches, 1);
	assert_string_equal(r.mismatches[0].path, "timestamp");
	assert_int_equal(r.nunknown, 1);
	lp_json_record_check_wrapped(&r, "{\"action\":\"a\"}", 14, "Records", f->tables[0].columns, f->tables[0].ncolumns);
	assert_int_equal(r.verdict, LP_JSON_RECORD_NOT_OBJECT);
	lp_json_record_check_wrapped(&r, "{\"Records\":[1]}", 15, "Records", f->tables[0].columns, f->tables[0].ncolumns);
	assert_int_equal(r.verdict, LP_JSON_RECORD_NOT_OBJECT);
	assert_int_equal(r.error_off, 12);
	lp_json_record_check_wrapped(&r, "{\"Records\":[{}", 14, "Records", f->tables[0].columns, f->tables[0].ncolumns);
	assert_int_equal(r.verdict, LP_JSON_RECORD_NOT_JSON);
	lp_json_record_check_wrapped(&r, "{\"Records\":[]} x", 17, "Records", f->tables[0].columns, f->tables[0].ncolumns);
	assert_int_equal(r.verdict, LP_JSON_RECORD_NOT_JSON);
	lp_ddl_free(f);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_record__fits),
		cmocka_unit_test(test_json_record__mismatches),
		cmocka_unit_test(test_json_record__not_objects),
		cmocka_unit_test(test_json_record__wrapped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
