#include "lp_test.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "diag/diag.h"
#include "plan/line_format.h"
#include "read/ddl.h"
#include "read/serde_regex.h"
#include "samples/samples.h"
#include "util/buf.h"
#include "util/fs.h"

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

static void record_fail(lp_samples_line *l, void *payload)
{
	(void)payload;
	if (l->verdict != LP_SAMPLES_MATCH && nfails < 8)
		fails[nfails++] = l->lineno;
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

/* Everything a callback saw, copied out of the borrowed line. */
typedef struct seen {
	size_t n;
	struct {
		size_t lineno;
		lp_samples_verdict verdict;
		long stop_column;
		char expected[96], found[64];
		size_t nconv;
		unsigned conv_col;
		char conv_value[32];
		int appended, cr;
		char tail[32];
	} l[8];
} seen;

static void record(lp_samples_line *l, void *payload)
{
	seen *s = payload;
	size_t i = s->n++;
	lp_samples_explain(l);
	if (i >= 8)
		return;
	s->l[i].lineno = l->lineno;
	s->l[i].verdict = l->verdict;
	s->l[i].stop_column = l->stop_column;
	snprintf(s->l[i].expected, sizeof(s->l[i].expected), "%s", l->expected);
	snprintf(s->l[i].found, sizeof(s->l[i].found), "%.*s", (int)(l->len - l->stop_off), l->text + l->stop_off);
	s->l[i].nconv = l->nconv;
	if (l->nconv) {
		s->l[i].conv_col = l->conv[0].column;
		snprintf(s->l[i].conv_value, sizeof(s->l[i].conv_value), "%.*s", (int)l->conv[0].len,
			l->text + l->conv[0].off);
	}
	s->l[i].appended = l->appended;
	s->l[i].cr = l->cr;
	snprintf(s->l[i].tail, sizeof(s->l[i].tail), "%.*s", (int)l->tail_len, l->text + l->tail_off);
}

static void run_lines(seen *out, lp_samples_result *res, const char *ddl, const char *data, size_t len)
{
	fixture fx;
	setup_samples(&fx, ddl);
	assert_non_null(fx.s);
	write_tmp(&fx, data, len, 0);
	memset(res, 0, sizeof(*res));
	memset(out, 0, sizeof(*out));
	assert_lp_ok(lp_samples_run_file(res, fx.s, fx.path, record, out));
	teardown_samples(&fx);
}

static const char typed[] =
	"CREATE EXTERNAL TABLE t (a string, n int, x double, d date, ts timestamp, q string, rest string)\n"
	"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
	"WITH SERDEPROPERTIES ('input.regex'='([^ ]*) ([-0-9]+) ([^ ]*) ([^ ]*) ([^ ]*) \"([^ ]*)\"(?: (.*))?')";

/* The column where a line stops matching, with what that part of the regex reads and what the line holds. */
static void test_samples__says_where_a_line_stops_matching(void **state)
{
	static const char data[] = "a 1 2.5 2024-01-02 2024-01-02 \"q\"\n"
				   "a 1 2.5 2024-01-02 2024-01-02 \"two words\"\n"
				   "a x\n";
	seen s;
	lp_samples_result res;
	(void)state;
	run_lines(&s, &res, typed, data, sizeof(data) - 1);
	assert_int_equal(res.matched, 1);
	assert_int_equal(res.failed, 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.l[0].lineno, 2);
	assert_int_equal(s.l[0].stop_column, 5); /* q */
	assert_string_equal(s.l[0].expected, "a quoted value without spaces");
	assert_string_equal(s.l[0].found, " \"two words\"");
	assert_int_equal(s.l[1].stop_column, 1); /* n: "x" is not [-0-9]+ */
	assert_string_equal(s.l[1].expected, "an integer or '-'");
}

/* Values Athena's conversions turn into NULL, per Trino's RegexDeserializer; the tail column's text. */
static void test_samples__conversions_and_tail(void **state)
{
	static const char data[] = "a - 2.5 2024-01-02 2024-01-02 \"q\"\n"              /* '-' in an int */
				   "a 1 1e3 2024-1-2 2024-01-02T03:04:05 \"q\"\n"      /* all convert */
				   "a 99999999999 NaN x 2024-01-02T03:04:05Z \"q\"\n"  /* int range, date, zone */
				   "a 1 .5d 2024-01-02 2024-01-02 03:04:05.123 \"q\"\n" /* hmm: ts has a space */
				   "a 1 2 2024-01-02 2024-01-02 \"q\" new field\n";
	seen s;
	lp_samples_result res;
	(void)state;
	run_lines(&s, &res, typed, data, sizeof(data) - 1);
	assert_int_equal(res.lines, 5);
	assert_int_equal(res.converted, 2);
	assert_int_equal(res.appended, 1);
	assert_int_equal(s.l[0].lineno, 1);
	assert_int_equal(s.l[0].nconv, 1);
	assert_int_equal(s.l[0].conv_col, 1);
	assert_string_equal(s.l[0].conv_value, "-");
	assert_int_equal(s.l[1].lineno, 3);
	assert_int_equal(s.l[1].nconv, 3); /* n out of range, d not a date, ts with a zone */
	assert_int_equal(s.l[1].conv_col, 1);
	/* line 4 does not match: the timestamp's space ends the column */
	assert_int_equal(s.l[2].lineno, 4);
	assert_int_equal(s.l[2].verdict, LP_SAMPLES_NOMATCH);
	assert_int_equal(s.l[3].lineno, 5);
	assert_true(s.l[3].appended);
	assert_string_equal(s.l[3].tail, "new field");
}

/* A carriage return alone ends a row in Athena; CRLF ends one row. */
static void test_samples__lone_carriage_return_splits_the_row(void **state)
{
	static const char data[] = "a b\r\nc d\re f\r";
	seen s;
	lp_samples_result res;
	(void)state;
	run_lines(&s, &res, table, data, sizeof(data) - 1);
	assert_int_equal(res.lines, 3);
	assert_int_equal(res.matched, 3);
	assert_int_equal(res.cr_split, 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.l[0].lineno, 2);
	assert_true(s.l[0].cr);
}

/* Where byte mode applies (lp_serde_regex_bytes_safe), and where it must not. */
static void test_samples__byte_mode_rule(void **state)
{
	static const char *const safe[] = {
		"([^ ]*) ([^ ]*)", "([^\"]*)", "(.*)", ".{3}(\\w+)\\b", "(?i)get (\\S+)", "[[:digit:]]+\\s\\d",
		"\\x41\\x7f\\x{7F}\\x{41}", "(a)\\1 \\077 \\0", "\\Q[x]\\E", "(\\d{1,3})\\.(?<name>x)\\k<name>",
		"\\cA\\t\\n\\r", "(?:a|b)*+c", "\\h\\v\\R",
	};
	static const char *const unsafe[] = {
		"\xc3\xa9(.*)",     /* a non-ASCII literal: one character in UTF mode, two bytes in byte mode */
		"[^\xc3\xa9]*",     /* so is a class member */
		"(?i)\xe2\x84\xaa", /* KELVIN SIGN, which folds to an ASCII 'k' in UTF mode only */
		"\\x80", "\\x{e9}", "\\x{212A}", "\\xff", "\\o{101}", "\\200", "\\101", "\\p{L}+", "\\P{Lu}", "\\X",
		"\\N{U+00E9}", "\\Q\xc3\xa9\\E", "\\x{", "a\\",
	};
	size_t i;
	pcre2_code *c;
	(void)state;
	for (i = 0; i < sizeof(safe) / sizeof(safe[0]); i++) {
		if (!lp_serde_regex_bytes_safe(safe[i]))
			fail_msg("byte mode should apply to '%s'", safe[i]);
		assert_lp_ok(lp_serde_regex_compile_bytes(&c, safe[i]));
		assert_non_null(c);
		pcre2_code_free(c);
	}
	for (i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
		if (lp_serde_regex_bytes_safe(unsafe[i]))
			fail_msg("byte mode must not apply to '%s'", unsafe[i]);
		assert_lp_ok(lp_serde_regex_compile_bytes(&c, unsafe[i]));
		assert_null(c);
	}
	/* (*UTF) and (*UCP) pass the scan but are refused when compiling in byte mode */
	assert_lp_ok(lp_serde_regex_compile_bytes(&c, "(*UTF)(.)"));
	assert_null(c);
	assert_lp_ok(lp_serde_regex_compile_bytes(&c, "(*UCP)\\w+"));
	assert_null(c);
	assert_true(lp_serde_regex_ascii("GET /x HTTP/1.1 with more than thirty-two bytes of text", 56));
	assert_false(lp_serde_regex_ascii("GET /x HTTP/1.1 with more than thirty-two bytes of t\xc3\xa9xt", 57));
	assert_false(lp_serde_regex_ascii("\xff", 1));
}

/* Why lines that are not ASCII stay in UTF mode: '.' and bounded counts read characters there, not bytes. */
static void test_samples__byte_mode_differs_on_multibyte_lines(void **state)
{
	static const char line[] = "\xc3\xa9t\xc3\xa9";
	static const char *const res[] = { "(.)(.*)", "[^ ]{3}", "(.{2})(.*)" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		pcre2_code *u, *b;
		pcre2_match_data *mu, *mb;
		int ru, rb;
		lp_serde_regex_compile(&u, res[i], NULL, NULL);
		lp_serde_regex_compile_bytes(&b, res[i]);
		assert_non_null(u);
		assert_non_null(b);
		mu = pcre2_match_data_create_from_pattern(u, NULL);
		mb = pcre2_match_data_create_from_pattern(b, NULL);
		ru = lp_serde_regex_match(u, line, sizeof(line) - 1, mu);
		rb = lp_serde_regex_match(b, line, sizeof(line) - 1, mb);
		/* a different verdict, or a group that ends inside a character */
		assert_true(ru != rb || pcre2_get_ovector_pointer(mu)[3] != pcre2_get_ovector_pointer(mb)[3]);
		pcre2_match_data_free(mu);
		pcre2_match_data_free(mb);
		pcre2_code_free(u);
		pcre2_code_free(b);
	}
}

/* A DDL for `re` with `ncols` string columns, the regex written as a Hive string literal. */
static void ddl_for(lp_buf *out, const char *re, size_t ncols)
{
	size_t i;
	lp_buf_clear(out);
	lp_buf_puts(out, "CREATE EXTERNAL TABLE t (");
	for (i = 0; i < ncols; i++)
		lp_buf_printf(out, "%sc%zu string", i ? ", " : "", i);
	lp_buf_puts(out, ") ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'='");
	for (; *re; re++) {
		if (*re == '\\' || *re == '\'')
			lp_buf_put(out, "\\", 1);
		lp_buf_put(out, re, 1);
	}
	lp_buf_puts(out, "')");
}

/* Every line of every .log under `dir` (recursively), then each with a non-ASCII and an invalid byte put in. */
static void test_lines(lp_buf *lines, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d))) {
		lp_buf path = LP_BUF_INIT, text = LP_BUF_INIT;
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		lp_buf_printf(&path, "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			test_lines(lines, path.ptr);
		else if (n > 4 && !strcmp(e->d_name + n - 4, ".log")) {
			char *l, *save = NULL;
			assert_lp_ok(lp_fs_read(&text, path.ptr, 1 << 20));
			for (l = strtok_r(text.ptr, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) {
				size_t len = strlen(l), half = len / 2;
				lp_buf_printf(lines, "%s\n", l);
				lp_buf_printf(lines, "%.*s\xc3\xa9%s\n", (int)half, l, l + half);
				lp_buf_printf(lines, "%.*s\xff%s\n", (int)half, l, l + half);
				lp_buf_printf(lines, "%.*s\n", (int)half, l);
			}
		}
		lp_buf_release(&path);
		lp_buf_release(&text);
	}
	closedir(d);
}

/*
 * The proof that byte mode changes nothing: every test line of every source,
 * and each of them made non-ASCII, invalid UTF-8 or cut short, through every
 * source's regex and every RegexSerDe table under tests/resources, in UTF
 * mode only and with byte mode: the same verdict and the same captures.
 */
static void test_samples__byte_mode_agrees_on_every_test_line(void **state)
{
	static const char *const tables[] = { "tests/resources/alb/alb_logs_2023.sql",
		"tests/resources/alb/alb_logs_tolerant.sql" };
	lp_buf lines = LP_BUF_INIT, ddl = LP_BUF_INIT, re = LP_BUF_INIT;
	size_t k, nregex = 0, through_bytes = 0, compared = 0;
	(void)state;
	test_lines(&lines, "tests/resources");
	assert_true(lines.size > 0);
	for (k = 0; k < LP_SOURCE_NKINDS + sizeof(tables) / sizeof(tables[0]); k++) {
		fixture fx;
		char *l, *save = NULL;
		lp_buf copy = LP_BUF_INIT;
		if (k < LP_SOURCE_NKINDS) {
			const lp_line_format *f = lp_line_format_of((lp_source_kind)k);
			if (!f || f->json_serde)
				continue;
			lp_buf_clear(&re);
			lp_line_format_regex(&re, f);
			ddl_for(&ddl, re.ptr, lp_line_format_ncolumns(f));
		} else {
			lp_buf_clear(&ddl);
			assert_lp_ok(lp_fs_read(&ddl, tables[k - LP_SOURCE_NKINDS], 1 << 20));
		}
		setup_samples(&fx, ddl.ptr);
		assert_non_null(fx.s);
		nregex++;
		if (!lp_samples__byte_mode(fx.s, 1))
			fail_msg("byte mode does not apply to regex %zu", k);
		lp_buf_put(&copy, lines.ptr, lines.size);
		for (l = strtok_r(copy.ptr, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			size_t len = strlen(l), n = 2 * (lp_samples_groups(fx.s) + 1), i;
			size_t want[2 * 64], got[2 * 64];
			int mu, mb;
			assert_true(n <= 2 * 64);
			lp_samples__byte_mode(fx.s, 0);
			mu = lp_samples_match(fx.s, l, len);
			lp_samples__captures(want, n, fx.s);
			lp_samples__byte_mode(fx.s, 1);
			mb = lp_samples_match(fx.s, l, len);
			lp_samples__captures(got, n, fx.s);
			if (mu != mb)
				fail_msg("regex %zu: UTF mode says %d, byte mode %d on '%s'", k, mu, mb, l);
			for (i = 0; mu == 1 && i < n; i++)
				if (want[i] != got[i])
					fail_msg("regex %zu: capture offset %zu differs (%zu, %zu) on '%s'", k, i, want[i], got[i], l);
			through_bytes += lp_serde_regex_ascii(l, len);
			compared++;
		}
		lp_buf_release(&copy);
		teardown_samples(&fx);
	}
	assert_true(nregex >= 8);
	assert_true(through_bytes > compared / 3); /* the byte path did run */
	lp_buf_release(&lines);
	lp_buf_release(&ddl);
	lp_buf_release(&re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples__lines_crlf_nul_and_extended),
		cmocka_unit_test(test_samples__too_long_line_is_counted_not_matched),
		cmocka_unit_test(test_samples__java_only_regex_gives_no_verdict),
		cmocka_unit_test(test_samples__missing_file_is_an_error),
		cmocka_unit_test(test_samples__says_where_a_line_stops_matching),
		cmocka_unit_test(test_samples__conversions_and_tail),
		cmocka_unit_test(test_samples__lone_carriage_return_splits_the_row),
		cmocka_unit_test(test_samples__byte_mode_rule),
		cmocka_unit_test(test_samples__byte_mode_differs_on_multibyte_lines),
		cmocka_unit_test(test_samples__byte_mode_agrees_on_every_test_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
