#include "lp_test.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "samples/samples.h"
#include "util/buf.h"

static const char table[] =
	"CREATE EXTERNAL TABLE t (a string, b string)\n"
	"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
	"WITH SERDEPROPERTIES ('input.regex'='([^ ]*) ([^ ]*)')";

typedef struct fixture {
	lp_diag *d;
	lp_ddl_file *f;
	lp_samples *s;
	char path[64];
} fixture;

static void setup_samples(fixture *fx, const char *ddl)
{
	memset(fx, 0, sizeof(*fx));
	fx->d = lp_diag_new();
	assert_lp_ok(lp_ddl_parse(&fx->f, "t.sql", ddl, strlen(ddl), fx->d));
	assert_non_null(lp_samples_find_table(fx->f));
	assert_lp_ok(lp_samples_new(&fx->s, lp_samples_find_table(fx->f), fx->d));
}

static void teardown_samples(fixture *fx)
{
	if (fx->path[0])
		unlink(fx->path);
	lp_samples_free(fx->s);
	lp_ddl_free(fx->f);
	lp_diag_free(fx->d);
}

/* Writes `data` to a temporary file, gzip-compressed when `gz`. */
static void write_tmp(fixture *fx, const char *data, size_t len, int gz)
{
	int fd;
	snprintf(fx->path, sizeof(fx->path), "%s", "/tmp/lp-samples-XXXXXX");
	fd = mkstemp(fx->path);
	assert_true(fd >= 0);
	if (gz) {
		gzFile g = gzdopen(fd, "wb");
		assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
		gzclose(g);
	} else {
		assert_int_equal(write(fd, data, len), (ssize_t)len);
		close(fd);
	}
}

static size_t fails[8], nfails;

static void record_fail(const char *file, size_t lineno, const char *line, size_t len, int extended, void *payload)
{
	(void)file;
	(void)line;
	(void)len;
	(void)extended;
	(void)payload;
	if (nfails < 8)
		fails[nfails++] = lineno;
}

static void test_samples__lines_crlf_nul_and_extended(void **state)
{
	static const char data[] = "a b\r\nc\0d e\nno-space\nx y z\nlast line";
	int gz;
	(void)state;
	for (gz = 0; gz < 2; gz++) {
		fixture fx;
		lp_samples_result res;
		setup_samples(&fx, table);
		write_tmp(&fx, data, sizeof(data) - 1, gz);
		memset(&res, 0, sizeof(res));
		nfails = 0;
		assert_lp_ok(lp_samples_run_file(&res, fx.s, fx.path, record_fail, NULL));
		assert_int_equal(res.lines, 5);
		assert_int_equal(res.matched, 3); /* CRLF stripped; NUL kept inside the line; "last line" without \n */
		assert_int_equal(res.failed, 2);
		assert_int_equal(res.extended, 1); /* "x y z": an appended field */
		assert_int_equal(nfails, 2);
		assert_int_equal(fails[0], 3);
		assert_int_equal(fails[1], 4);
		teardown_samples(&fx);
	}
}

static void test_samples__too_long_line_is_counted_not_matched(void **state)
{
	fixture fx;
	lp_samples_result res;
	size_t n = LP_SAMPLES_MAX_LINE + 10;
	char *data = malloc(n + 5);
	(void)state;
	memset(data, 'a', n);
	memcpy(data + n, "\na b\n", 5);
	setup_samples(&fx, table);
	write_tmp(&fx, data, n + 5, 0);
	memset(&res, 0, sizeof(res));
	assert_lp_ok(lp_samples_run_file(&res, fx.s, fx.path, NULL, NULL));
	assert_int_equal(res.lines, 2);
	assert_int_equal(res.too_long, 1);
	assert_int_equal(res.failed, 1);
	assert_int_equal(res.matched, 1);
	free(data);
	teardown_samples(&fx);
}

static void test_samples__java_only_regex_gives_no_verdict(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_ddl_file *f = NULL;
	lp_samples *s = NULL;
	const char *ddl = "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' "
			  "WITH SERDEPROPERTIES ('input.regex'='(\\p{javaLowerCase}+)')";
	(void)state;
	assert_lp_ok(lp_ddl_parse(&f, "t.sql", ddl, strlen(ddl), d));
	assert_lp_ok(lp_samples_new(&s, lp_samples_find_table(f), d));
	assert_null(s);
	assert_string_equal(lp_diag_get(d, 0)->rule, "LP-ATHENA-REGEX-JAVA");
	lp_ddl_free(f);
	lp_diag_free(d);
}

static void test_samples__missing_file_is_an_error(void **state)
{
	fixture fx;
	lp_samples_result res;
	(void)state;
	setup_samples(&fx, table);
	memset(&res, 0, sizeof(res));
	assert_int_equal(lp_samples_run_file(&res, fx.s, "/nonexistent/x.log", NULL, NULL), -1);
	assert_non_null(strstr(lp_error_last(), "/nonexistent/x.log"));
	teardown_samples(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples__lines_crlf_nul_and_extended),
		cmocka_unit_test(test_samples__too_long_line_is_counted_not_matched),
		cmocka_unit_test(test_samples__java_only_regex_gives_no_verdict),
		cmocka_unit_test(test_samples__missing_file_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
