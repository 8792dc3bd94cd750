#include "lp_test.h"

#include <stdlib.h>

#include "diag/diag.h"
#include "plan/line_format.h"
#include "read/serde_regex.h"
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

static size_t tokenize(tok *out, size_t max, const char *line)
{
	size_t n = 0, i = 0, len = strlen(line);
	while (i < len && n < max) {
		out[n].raw_start = i;
		if (line[i] == '"') {
			const char *q = strchr(line + i + 1, '"');
			assert_non_null(q);
			out[n].start = i + 1;
			out[n].end = (size_t)(q - line);
			i = out[n].end + 1;
		} else {
			out[n].start = i;
			while (i < len && line[i] != ' ')
				i++;
			out[n].end = i;
		}
		n++;
		if (i < len)
			i++; /* the separating space */
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

/* The ALB guide's fields (aws-facts-2026-12 §1.1) as AWS's Athena DDL splits them into columns (§1.5). */
static void alb_expected(cols *c, const char *line)
{
	tok t[64];
	size_t n = tokenize(t, 64, line), i, col = 0;
	const char *req;
	size_t rn, sp1, sp2;
	memset(c, 0, sizeof(*c));
	c->line = line;
	assert_true(n >= 29);
	put_tok(c, col++, &t[0]); /* type */
	put_tok(c, col++, &t[1]); /* time */
	put_tok(c, col++, &t[2]); /* elb */
	put_addr(c, col, &t[3]);
	col += 2;
	put_addr(c, col, &t[4]);
	col += 2;
	for (i = 5; i <= 11; i++)
		put_tok(c, col++, &t[i]);
	/* "request": METHOD URL PROTOCOL */
	req = line + t[12].start;
	rn = t[12].end - t[12].start;
	for (sp1 = 0; sp1 < rn && req[sp1] != ' '; sp1++)
		;
	for (sp2 = rn; sp2 > sp1 && req[sp2 - 1] != ' '; sp2--)
		;
	put(c, col++, req, sp1);
	put(c, col++, req + sp1 + 1, sp2 - sp1 - 2);
	put(c, col++, req + sp2, rn - sp2);
	for (i = 13; i < n && i <= 32; i++)
		put_tok(c, col++, &t[i]);
	if (n > 33) /* whatever follows the last known field, as written */
		put(c, 37, line + t[33].raw_start, strlen(line) - t[33].raw_start);
}

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

static void check_file_lines(const pcre2_code *code, const lp_line_format *f, const char *path, size_t want_lines)
{
	lp_buf b = LP_BUF_INIT;
	char *line, *save = NULL;
	size_t n = 0;
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	for (line = strtok_r(b.ptr, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cols c;
		alb_expected(&c, line);
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
	check_file_lines(code, f, "tests/resources/alb/aws_docs_2023.log", 7);
	check_file_lines(code, f, "tests/resources/alb/tid_2024.log", 1);
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
		" \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\"",
		" \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\" 10.0.0.9",
		" \"api.example.com\" \"/v2/orders\" \"TRANSFORMED\" 10.0.0.9 \"a b\" x",
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

	/* unquoted transform fields: the line still matches, and the tail shows them */
	lp_buf_printf(&line, " api.example.com /v2/orders TRANSFORMED");
	assert_int_equal(lp_serde_regex_match(code, line.ptr, line.size, md), 1);
	ov = pcre2_get_ovector_pointer(md);
	assert_true(ov[2 * 35] == PCRE2_UNSET);
	assert_string_equal(line.ptr + ov[2 * 38], "api.example.com /v2/orders TRANSFORMED");
	assert_int_equal(ov[2 * 34 + 1] - ov[2 * 34], strlen("TID_dc57cebed65b444ebc8177bb698fe166"));

	pcre2_match_data_free(md);
	pcre2_code_free(code);
	lp_buf_release(&line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_format__alb_published_lines),
		cmocka_unit_test(test_line_format__alb_documented_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
