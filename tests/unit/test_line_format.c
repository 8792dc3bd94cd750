#include "lp_test.h"

#include <stdlib.h>

#include "diag/diag.h"
#include "plan/line_format.h"
#include "read/serde_regex.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"

/*
 * Each column of a line format holds the value the documented field order
 * says. The expected values come from a tokenizer written here from the
 * field tables of the AWS guides (space-separated, some fields in double
 * quotes), not from the regex, so a group that captures the wrong field is
 * caught.
 */

typedef struct tok {
	size_t start, end; /* the value, without quotes */
	size_t raw_start;  /* where the token starts, quote included */
} tok;

/* tokenize() on tabs, nothing quoted (W3C lines). */
#define LP_TEST_TABS 3

/*
 * Space-separated tokens; with `quotes`, a token that starts with '"' runs to
 * the next '"', and with quotes == 2 one that starts with '[' to the next ']';
 * with LP_TEST_TABS, tab-separated tokens.
 */
static size_t tokenize(tok *out, size_t max, const char *line, int quotes)
{
	size_t n = 0, i = 0, len = strlen(line);
	char sep = quotes == LP_TEST_TABS ? '\t' : ' ';
	if (sep == '\t')
		quotes = 0;
	while (i < len && n < max) {
		out[n].raw_start = i;
		if ((quotes && line[i] == '"') || (quotes == 2 && line[i] == '[')) {
			const char *q = strchr(line + i + 1, line[i] == '[' ? ']' : '"');
			assert_non_null(q);
			out[n].start = i + 1;
			out[n].end = (size_t)(q - line);
			i = out[n].end + 1;
		} else {
			out[n].start = i;
			while (i < len && line[i] != sep)
				i++;
			out[n].end = i;
		}
		n++;
		if (i < len)
			i++; /* the separating space */
	}
	/* a separator at the very end starts one more, empty, token */
	if (n < max && len > 0 && line[len - 1] == sep && out[n - 1].end < len) {
		out[n].raw_start = out[n].start = out[n].end = len;
		n++;
	}
	return n;
}

typedef struct cols {
	const char *line;
	char *v[64];
	int set[64];
} cols;

static void put(cols *c, size_t col, const char *s, size_t n)
{
	c->v[col] = strndup(s, n);
	c->set[col] = 1;
}

static void put_tok(cols *c, size_t col, const tok *t)
{
	put(c, col, c->line + t->start, t->end - t->start);
}

/* "ip:port" at the last colon; "-" (no target) leaves both empty, as AWS's pattern does. */
static void put_addr(cols *c, size_t col, const tok *t)
{
	const char *s = c->line + t->start;
	size_t n = t->end - t->start, k = n;
	if (n == 1 && *s == '-') {
		put(c, col, "", 0);
		put(c, col + 1, "", 0);
		return;
	}
	while (k > 0 && s[k - 1] != ':')
		k--;
	assert_true(k > 0);
	put(c, col, s, k - 1);
	put(c, col + 1, s + k, n - k);
}

/* "METHOD URL PROTOCOL"; a TCP listener's "- - - " is read as AWS's pattern reads it: -, -, "- ". */
static void put_request(cols *c, size_t col, const tok *t)
{
	const char *req = c->line + t->start;
	size_t rn = t->end - t->start, sp1, sp2;
	if (rn == 6 && !memcmp(req, "- - - ", 6)) {
		put(c, col, "-", 1);
		put(c, col + 1, "-", 1);
		put(c, col + 2, "- ", 2);
		return;
	}
	for (sp1 = 0; sp1 < rn && req[sp1] != ' '; sp1++)
		;
	for (sp2 = rn; sp2 > sp1 && req[sp2 - 1] != ' '; sp2--)
		;
	put(c, col, req, sp1);
	put(c, col + 1, req + sp1 + 1, sp2 - sp1 - 2);
	put(c, col + 2, req + sp2, rn - sp2);
}

/* Whatever follows the last known field, as written, goes to the tail column. */
static void put_tail(cols *c, size_t col, const tok *t, size_t n, size_t first)
{
	if (n > first)
		put(c, col, c->line + t[first].raw_start, strlen(c->line) - t[first].raw_start);
}

/*
 * A guide's field table as a plan, one letter per field in log order: T one
 * column, A "ip:port" into two, R the request line into three, Q a quoted
 * value that a bare '-' leaves NULL (as the S3 table reads them). Fields past
 * the end of a shorter (older) line leave their columns NULL; tokens past
 * the end of the plan go, as written, to the tail column that follows.
 */
static void expect_plan(cols *c, const char *line, const char *plan, int quotes, size_t min_fields)
{
	tok t[64];
	size_t n = tokenize(t, 64, line, quotes), i, col = 0;
	memset(c, 0, sizeof(*c));
	c->line = line;
	assert_true(n >= min_fields);
	for (i = 0; plan[i]; i++) {
		int width = plan[i] == 'A' ? 2 : plan[i] == 'R' ? 3 : 1;
		if (i < n) {
			if (plan[i] == 'A')
				put_addr(c, col, &t[i]);
			else if (plan[i] == 'R')
				put_request(c, col, &t[i]);
			else if (plan[i] == 'Q' && t[i].start == t[i].raw_start &&
				 t[i].end - t[i].start == 1 && line[t[i].start] == '-')
				; /* NULL */
			else
				put_tok(c, col, &t[i]);
		}
		col += (size_t)width;
	}
	put_tail(c, col, t, n, i);
}

/* ALB (aws-facts-2026-12 §1.1, columns as AWS's DDL splits them, §1.5): 29 fields, TID, 3 transform fields. */
static void alb_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTTAATTTTTTTRTTTTTTTTTTTTTTTTTTTT", 1, 29);
}

/* NLB (§2.1): 21 fields, nothing quoted, then tls_connection_creation_time. */
static void nlb_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTTTTAATTTTTTTTTTTTTTT", 0, 21);
}

/* Classic (§2.2): 15 fields. */
static void clb_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTAATTTTTTTRTTT", 1, 15);
}

/* ALB connection logs (§1.6): 11 fields, the certificate subject quoted, then conn_trace_id. */
static void alb_conn_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTTTTTTTTTTT", 1, 11);
}

/* S3 server access logs (§4): the time in brackets, 24 fields in 2019 lines, 26 in the current table. */
static void s3_access_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTTTTTTTQTTTTTTQQTTTTTTTTT", 2, 24);
}

/* CloudFront standard logs (§3.1): 26 fields, then the 7 appended later, tab-separated. */
static void cloudfront_expected(cols *c, const char *line)
{
	expect_plan(c, line, "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT", LP_TEST_TABS, 26);
}

typedef void (*expect_fn)(cols *c, const char *line);

static void check_line(const pcre2_code *code, const lp_line_format *f, const cols *want)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	PCRE2_SIZE *ov;
	size_t i, ncol = lp_line_format_ncolumns(f);
	if (lp_serde_regex_match(code, want->line, strlen(want->line), md) != 1)
		fail_msg("line does not match: %s", want->line);
	ov = pcre2_get_ovector_pointer(md);
	for (i = 0; i < ncol; i++) {
		const char *name = i < f->nfields ? f->fields[i].column : f->tail_column;
		size_t s = ov[2 * (i + 1)], e = ov[2 * (i + 1) + 1];
		if (!want->set[i]) {
			if (s != PCRE2_UNSET)
				fail_msg("column %s should be NULL, holds '%.*s' in: %s", name, (int)(e - s),
					want->line + s, want->line);
			continue;
		}
		if (s == PCRE2_UNSET)
			fail_msg("column %s is NULL, should hold '%s' in: %s", name, want->v[i], want->line);
		if (e - s != strlen(want->v[i]) || memcmp(want->line + s, want->v[i], e - s))
			fail_msg("column %s holds '%.*s', should hold '%s' in: %s", name, (int)(e - s), want->line + s,
				want->v[i], want->line);
	}
	pcre2_match_data_free(md);
}

static void release(cols *c)
{
	size_t i;
	for (i = 0; i < 64; i++)
		free(c->v[i]);
}

static pcre2_code *compile(const lp_line_format *f)
{
	lp_buf re = LP_BUF_INIT;
	pcre2_code *code = NULL;
	lp_diag *d = lp_diag_new();
	lp_line_format_regex(&re, f);
	assert_int_equal(lp_serde_regex_java_check(re.ptr, NULL, d), 0);
	assert_lp_ok(lp_serde_regex_compile(&code, re.ptr, NULL, d));
	assert_non_null(code);
	assert_int_equal(lp_diag_count(d), 0);
	/* RegexSerDe maps group N to column N: the counts must agree exactly. */
	assert_int_equal(lp_serde_regex_groups(code), lp_line_format_ncolumns(f));
	lp_diag_free(d);
	lp_buf_release(&re);
	return code;
}

static void check_file_lines(const pcre2_code *code, const lp_line_format *f, expect_fn expected, const char *path,
	size_t want_lines)
{
	lp_buf b = LP_BUF_INIT;
	char *line, *save = NULL;
	size_t n = 0;
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	for (line = strtok_r(b.ptr, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cols c;
		expected(&c, line);
		check_line(code, f, &c);
		release(&c);
		n++;
	}
	assert_int_equal(n, want_lines);
	lp_buf_release(&b);
}

/* The seven examples of the ALB guide (2023, 29 fields) and the May 2024 line with conn_trace_id. */
static void test_line_format__alb_published_lines(void **state)
{
	const lp_line_format *f = lp_line_format_alb();
	pcre2_code *code = compile(f);
	(void)state;
	assert_int_equal(lp_line_format_ncolumns(f), 38);
	assert_true(lp_serde_regex_tolerant_tail("(?: (.*))?"));
	check_file_lines(code, f, alb_expected, "tests/resources/alb/aws_docs_2023.log", 7);
	check_file_lines(code, f, alb_expected, "tests/resources/alb/tid_2024.log", 1);
	pcre2_code_free(code);
}

/*
 * Shapes the guide documents but does not show: list fields with two values,
 * the transform fields, fields appended after them, and transform fields
 * written without quotes (their quoting is known only from third parties),
 * which must land in the tail instead of failing the line.
 */
static void test_line_format__alb_documented_shapes(void **state)
{
	static const char *const tails[] = {
		"",
		" TID_dc57cebed65b444ebc8177bb698fe166",
		" TID_dc57cebed65b444ebc8177bb698fe166 \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\"",
		" TID_dc57cebed65b444ebc8177bb698fe166 \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\" 10.0.0.9",
		" TID_dc57cebed65b444ebc8177bb698fe166 \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\" 10.0.0.9 \"a b\" x",
	};
	const lp_line_format *f = lp_line_format_alb();
	pcre2_code *code = compile(f);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	lp_buf line = LP_BUF_INIT;
	PCRE2_SIZE *ov;
	size_t i;
	cols c;
	(void)state;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		lp_buf_clear(&line);
		lp_buf_printf(&line, "%s%s", f->probe_line, tails[i]);
		alb_expected(&c, line.ptr);
		check_line(code, f, &c);
		release(&c);
	}
	/* the probe's lists, whole */
	lp_buf_clear(&line);
	lp_buf_puts(&line, f->probe_line);
	assert_int_equal(lp_serde_regex_match(code, line.ptr, line.size, md), 1);
	ov = pcre2_get_ovector_pointer(md);
	assert_memory_equal(line.ptr + ov[2 * 30], "10.0.0.1:80 10.0.0.2:80\"", 24);

	/* unquoted transform fields after conn_trace_id: the line still matches, and the tail shows them */
	lp_buf_printf(&line, " TID_dc57cebed65b444ebc8177bb698fe166 api.example.com /v2/orders TRANSFORMED");
	assert_int_equal(lp_serde_regex_match(code, line.ptr, line.size, md), 1);
	ov = pcre2_get_ovector_pointer(md);
	assert_true(ov[2 * 35] == PCRE2_UNSET);
	assert_string_equal(line.ptr + ov[2 * 38], "api.example.com /v2/orders TRANSFORMED");
	assert_int_equal(ov[2 * 34 + 1] - ov[2 * 34], strlen("TID_dc57cebed65b444ebc8177bb698fe166"));

	pcre2_match_data_free(md);
	pcre2_code_free(code);
	lp_buf_release(&line);
}

/*
 * The example lines of the NLB and Classic guides, the probe line each format
 * carries, and each of them with fields appended, which must land in the tail.
 */
static void check_format(lp_source_kind k, expect_fn expected, const char *path, size_t want_lines, size_t ncolumns)
{
	const lp_line_format *f = lp_line_format_of(k);
	pcre2_code *code = compile(f);
	lp_buf line = LP_BUF_INIT, b = LP_BUF_INIT;
	char *l, *save = NULL;
	cols c;
	assert_int_equal(lp_line_format_ncolumns(f), ncolumns);
	check_file_lines(code, f, expected, path, want_lines);
	assert_non_null(f->probe_line);
	expected(&c, f->probe_line);
	check_line(code, f, &c);
	release(&c);
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	for (l = strtok_r(b.ptr, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lp_buf_clear(&line);
		lp_buf_printf(&line, "%s 2031-01-01T00:00:00 x y", l);
		expected(&c, line.ptr);
		check_line(code, f, &c);
		release(&c);
	}
	pcre2_code_free(code);
	lp_buf_release(&line);
	lp_buf_release(&b);
}

static void test_line_format__nlb_published_lines(void **state)
{
	(void)state;
	check_format(LP_SOURCE_NLB, nlb_expected, "tests/resources/nlb/aws_docs_2023.log", 2, 25);
}

static void test_line_format__clb_published_lines(void **state)
{
	(void)state;
	check_format(LP_SOURCE_CLB, clb_expected, "tests/resources/clb/aws_docs_2023.log", 4, 20);
}

static void test_line_format__alb_connection_lines(void **state)
{
	(void)state;
	check_format(LP_SOURCE_ALB_CONN, alb_conn_expected, "tests/resources/alb_connection/field_table.log", 4, 13);
}

static void test_line_format__s3_access_published_lines(void **state)
{
	const lp_line_format *f = lp_line_format_of(LP_SOURCE_S3_ACCESS);
	pcre2_code *code;
	cols c;
	(void)state;
	check_format(LP_SOURCE_S3_ACCESS, s3_access_expected, "tests/resources/s3access/aws_docs_2019.log", 5, 27);
	/* The probe ends with the Region the current examples carry: it is not a column yet, so the tail holds it. */
	code = compile(f);
	s3_access_expected(&c, f->probe_line);
	assert_string_equal(c.v[26], "us-west-1");
	assert_string_equal(c.v[16], "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64");
	assert_string_equal(c.v[2], "06/Feb/2019:00:00:38 +0000");
	assert_false(c.set[15] && strcmp(c.v[15], "-"));
	check_line(code, f, &c);
	release(&c);
	pcre2_code_free(code);
}

/*
 * VPC Flow Logs: each of the guide's formats, written as the LogFormat its
 * header line names, gives a table whose columns hold the fields in that
 * order (every field one token, nothing quoted); fields appended land in the
 * tail.
 */
static void check_vpc_file(const char *path, size_t want_lines)
{
	lp_buf b = LP_BUF_INIT, fmt = LP_BUF_INIT, line = LP_BUF_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_line_format f;
	char *l, *save = NULL, *hdr, *name, *tsave = NULL, plan[64];
	size_t n = 0, nf = 0, off, len;
	pcre2_code *code;
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	hdr = strtok_r(b.ptr, "\n", &save);
	assert_non_null(hdr);
	for (name = strtok_r(hdr, " ", &tsave); name; name = strtok_r(NULL, " ", &tsave), nf++)
		lp_buf_printf(&fmt, "%s${%s}", nf ? " " : "", name);
	assert_int_equal(lp_line_format_vpc(&f, &a, fmt.ptr, &off, &len), 0);
	assert_int_equal(f.nfields, nf);
	assert_true(nf < sizeof(plan));
	memset(plan, 'T', nf);
	plan[nf] = '\0';
	code = compile(&f);
	for (l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		cols c;
		expect_plan(&c, l, plan, 0, nf);
		check_line(code, &f, &c);
		release(&c);
		lp_buf_clear(&line);
		lp_buf_printf(&line, "%s 7 next", l);
		expect_plan(&c, line.ptr, plan, 0, nf);
		check_line(code, &f, &c);
		release(&c);
		n++;
	}
	assert_int_equal(n, want_lines);
	pcre2_code_free(code);
	lp_arena_release(&a);
	lp_buf_release(&b);
	lp_buf_release(&fmt);
	lp_buf_release(&line);
}

static void test_line_format__vpc_published_lines(void **state)
{
	(void)state;
	check_vpc_file("tests/resources/vpc_flow/default_2023.log", 7);
	check_vpc_file("tests/resources/vpc_flow/tcp_flags_2023.log", 7);
	check_vpc_file("tests/resources/vpc_flow/v5_2023.log", 2);
	check_vpc_file("tests/resources/vpc_flow/tgw_2023.log", 4);
}

/* A LogFormat that cannot be read is refused at the offending token, never guessed at. */
static void test_line_format__vpc_bad_formats(void **state)
{
	static const struct {
		const char *fmt;
		int rc;
		size_t off, len;
	} cases[] = {
		{ "${version} ${srcaddr} ${srcip}", LP_LINE_VPC_UNKNOWN, 24, 5 },
		{ "${version} ${srcaddr} ${version}", LP_LINE_VPC_TWICE, 24, 7 },
		{ "${version}  ${srcaddr}", LP_LINE_VPC_SEPARATOR, 10, 1 },
		{ "${version} srcaddr", LP_LINE_VPC_NOT_FIELD, 11, 7 },
		{ "${version},${srcaddr}", LP_LINE_VPC_SEPARATOR, 10, 1 },
		{ "${version} ", LP_LINE_VPC_SEPARATOR, 10, 1 },
		{ "", LP_LINE_VPC_EMPTY, 0, 0 },
		{ "${version", LP_LINE_VPC_NOT_FIELD, 0, 9 },
	};
	lp_arena a = LP_ARENA_INIT;
	lp_line_format f;
	size_t i, off, len;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = lp_line_format_vpc(&f, &a, cases[i].fmt, &off, &len);
		if (rc != cases[i].rc || off != cases[i].off || len != cases[i].len)
			fail_msg("'%s': %d at %zu+%zu, want %d at %zu+%zu", cases[i].fmt, rc, off, len, cases[i].rc,
				cases[i].off, cases[i].len);
	}
	/* the default format is the static default table, probe included */
	assert_int_equal(lp_line_format_vpc(&f, &a, lp_line_format_vpc_default(), &off, &len), 0);
	assert_int_equal(f.nfields, 14);
	assert_string_equal(f.fields[11].column, "end");
	assert_non_null(f.probe_line);
	lp_arena_release(&a);
}

/* The guide's example file: its two header lines are no records, the rest are, and the trailing tab of one is tail. */
static void test_line_format__cloudfront_published_lines(void **state)
{
	const lp_line_format *f = lp_line_format_of(LP_SOURCE_CLOUDFRONT);
	pcre2_code *code = compile(f);
	lp_buf b = LP_BUF_INIT, line = LP_BUF_INIT;
	char *l, *save = NULL;
	size_t n = 0;
	cols c;
	(void)state;
	assert_int_equal(lp_line_format_ncolumns(f), 34);
	assert_int_equal(f->header_lines, 2);
	assert_lp_ok(lp_fs_read(&b, "tests/resources/cloudfront/aws_docs_2019.log", 1 << 20));
	for (l = strtok_r(b.ptr, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n++ < f->header_lines)
			continue;
		cloudfront_expected(&c, l);
		check_line(code, f, &c);
		release(&c);
		lp_buf_clear(&line);
		lp_buf_printf(&line, "%s\tnext\tfield", l);
		cloudfront_expected(&c, line.ptr);
		check_line(code, f, &c);
		release(&c);
	}
	assert_int_equal(n, 8);
	cloudfront_expected(&c, f->probe_line);
	check_line(code, f, &c);
	assert_false(c.set[26]);
	release(&c);
	pcre2_code_free(code);
	lp_buf_release(&b);
	lp_buf_release(&line);
}

/* v2 record fields pick columns in the guide's order, whatever order they are listed in; bad ones are named. */
static void test_line_format__cloudfront_v2_fields(void **state)
{
	const char *pick[] = { "cs(Referer)", "c-ip", "date" }, *bad[] = { "date", "c_ip" }, *twice[] = { "date", "date" };
	lp_arena a = LP_ARENA_INIT;
	lp_line_format f;
	size_t at;
	(void)state;
	assert_int_equal(lp_line_format_cf_v2(&f, &a, NULL, 0, &at), 0);
	assert_int_equal(f.nfields, 33);
	assert_null(f.tail_column);
	assert_int_equal(lp_line_format_cf_v2(&f, &a, pick, 3, &at), 0);
	assert_int_equal(f.nfields, 3);
	assert_string_equal(f.fields[0].column, "date");
	assert_string_equal(f.fields[1].column, "c_ip");
	assert_string_equal(f.fields[2].column, "cs_referer");
	assert_string_equal(f.fields[2].type, "string");
	assert_string_equal(lp_line_format_cf_v2_field_of("CS_REFERER"), "cs(Referer)");
	assert_null(lp_line_format_cf_v2_field_of("cs_referrer"));
	assert_int_equal(lp_line_format_cf_v2(&f, &a, bad, 2, &at), LP_LINE_CF_UNKNOWN);
	assert_int_equal(at, 1);
	assert_int_equal(lp_line_format_cf_v2(&f, &a, twice, 2, &at), LP_LINE_CF_TWICE);
	assert_int_equal(at, 1);
	lp_arena_release(&a);
}

/* Suffix-path variables in path order, both spellings of the distribution ID, and each refusal at its bytes. */
static void test_line_format__cloudfront_v2_suffix(void **state)
{
	lp_cf_suffix_part p[LP_CF_SUFFIX_MAX];
	size_t n, off, len;
	(void)state;
	assert_int_equal(lp_line_format_cf_suffix(p, &n, "AWSLogs/{accountid}/CloudFront/{distributionid}/{yyyy}/{MM}", &off, &len), 0);
	assert_int_equal(n, 4);
	assert_null(p[0].column);
	assert_string_equal(p[1].column, "distributionid");
	assert_string_equal(p[1].hive, "DistributionId");
	assert_string_equal(p[3].column, "month");
	assert_int_equal(lp_line_format_cf_suffix(p, &n, "x/{DistributionId}/{distributionid}", &off, &len), LP_LINE_CF_TWICE);
	assert_int_equal(off, 19);
	assert_int_equal(lp_line_format_cf_suffix(p, &n, "x/{yyy}", &off, &len), LP_LINE_CF_UNKNOWN);
	assert_int_equal(off, 2);
	assert_int_equal(len, 5);
	assert_int_equal(lp_line_format_cf_suffix(p, &n, "x/{yyyy", &off, &len), LP_LINE_CF_UNCLOSED);
	assert_int_equal(lp_line_format_cf_suffix(p, &n, "plain/folder/", &off, &len), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_format__alb_published_lines),
		cmocka_unit_test(test_line_format__alb_documented_shapes),
		cmocka_unit_test(test_line_format__nlb_published_lines),
		cmocka_unit_test(test_line_format__clb_published_lines),
		cmocka_unit_test(test_line_format__alb_connection_lines),
		cmocka_unit_test(test_line_format__s3_access_published_lines),
		cmocka_unit_test(test_line_format__vpc_published_lines),
		cmocka_unit_test(test_line_format__vpc_bad_formats),
		cmocka_unit_test(test_line_format__cloudfront_published_lines),
		cmocka_unit_test(test_line_format__cloudfront_v2_fields),
		cmocka_unit_test(test_line_format__cloudfront_v2_suffix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
