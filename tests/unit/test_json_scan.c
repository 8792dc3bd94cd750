/*
 * The JSON fast path of the YAML loader (src/spec/json_scan.c) against
 * libyaml: on every input the two must give the same tree, positions and
 * findings, and the fast path must really be taken where it claims to fit.
 */
#define _XOPEN_SOURCE 700
#include "lp_test.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "spec/json_scan.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"

/* Loads `text` both ways; fails the test when trees or findings differ. Returns lp_json_scan_fits. */
static int both_ways(const char *name, const char *text, size_t len, const lp_yaml_limits *lim)
{
	lp_buf why = LP_BUF_INIT;
	if (lp_yaml__paths_differ(&why, name, text, len, lim))
		fail_msg("%s", why.ptr);
	lp_buf_release(&why);
	return lp_json_scan_fits(text, len);
}

static int fits_str(const char *text) { return both_ways("t.json", text, strlen(text), NULL); }

static void test_json_scan__takes_the_fast_path(void **state)
{
	(void)state;
	assert_true(fits_str("{}"));
	assert_true(fits_str("[]"));
	assert_true(fits_str("{\"a\": 1, \"b\": [true, false, null, -0, 0.5, -1.5e+10, 2E-3, 7e9], \"c\": {}}\n"));
	assert_true(fits_str("{\n  \"k\": \"v\",\n  \"list\": [\n    \"x\",\n    {\"y\": []}\n  ]\n}\n"));
	assert_true(fits_str("{\"a\":1,\"b\":\"2\"}"));
	assert_true(fits_str("{\"a\" : 1 , \"b\" :[ 1 ,2 ] }"));
	/* escapes, including what only JSON writes (\/) and \u below and above the surrogates */
	assert_true(fits_str("{\"e\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC\\uFFFD\\u0041\"}"));
	assert_true(fits_str("{\"\\u0085\": \"\\u2028\\u2029\"}")); /* escaped line breaks are values, not breaks */
	/* characters count once whatever their bytes, on every later mark */
	assert_true(fits_str("{\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\": [\"\xe4\xb8\xad\", 1]}"));
	assert_true(fits_str("{\r\n  \"crlf\": [1,\r\n 2]\r\n}\r\n"));
	assert_true(fits_str("{\n\t\"tabs\":\t[1,\t2],\n\t\t\"b\" :\t{}\t}\n"));
	/* findings come from the shared loader either way */
	assert_true(fits_str("{\"a\": 1, \"a\": 2}"));
	assert_true(fits_str("{\"nul\": \"x\\u0000y\"}"));
	assert_true(fits_str("{\"big\": 1e400, \"int\": 123456789012345678901234567890}"));
}

static void test_json_scan__leaves_the_rest_to_libyaml(void **state)
{
	static const char *const cases[] = {
		"", "  \n", "1", "\"root scalar\"", "null",
		"{\"a\": 1,}", "[1,]", "{\"a\" 1}", "{\"a\": }", "[1 2]", "{1: 2}", "{\"a\": 1}}", "{\"a\": 1} x",
		"{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": -}", "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": tru}",
		"{\"a\": True}", "{\"a\": nullx}", "{\"a\": 1x}", "{\"a\": 'x'}", "{a: 1}", "[1, [2, {\"b\": [3}]]",
		"\t{}", "{}\t", "{\"a\": 1}\r", "{\"a\":\r1}", "{\"a\": \"tab\there\"}", "{\"a\": \"del\x7f\"}",
		"{\"a\": \"nel\xc2\x85\"}", "{\"a\": \"c1\xc2\x9f\"}", "{\"a\": \"ls\xe2\x80\xa8\"}", "{\"a\": \"\xef\xbf\xbe\"}",
		"{\"a\": \"\\ud83d\\ude00\"}", "{\"a\": \"\\x41\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\\'\"}", "{\"a\": \"open",
		"{\"key\"\n: 1}", "\xef\xbb\xbf{}", "{\"a\": 1} # c", "--- {}", "{\"a\": 1}\n---\n{}", "[*x]", "&a {}",
		"{\"a\": !t 1}", "{\"<<\": {}}",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int fits = fits_str(cases[i]);
		/* the merge key and duplicate checks are the loader's; everything else here is out of the subset */
		if (strcmp(cases[i], "{\"<<\": {}}"))
			assert_int_equal(fits, 0);
	}
}

static void test_json_scan__simple_key_limits(void **state)
{
	lp_buf b = LP_BUF_INIT;
	size_t n;
	(void)state;
	/* libyaml forgets a simple key 1,024 characters on; at the edge the paths still agree */
	for (n = 1018; n <= 1026; n++) {
		lp_buf_clear(&b);
		lp_buf_puts(&b, "{\"");
		lp_buf_putcn(&b, 'k', n);
		lp_buf_puts(&b, "\": 1}");
		assert_int_equal(both_ways("long-key.json", b.ptr, b.size, NULL), n + 2 < 1024);
		lp_buf_clear(&b);
		lp_buf_puts(&b, "{\"k\": \"");
		lp_buf_putcn(&b, 'v', n * 8); /* long values are no keys */
		lp_buf_puts(&b, "\"}");
		assert_true(both_ways("long-value.json", b.ptr, b.size, NULL));
	}
	lp_buf_release(&b);
}

static void test_json_scan__limits_are_the_loaders(void **state)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_buf b = LP_BUF_INIT;
	(void)state;
	lim.max_depth = 8;
	lim.max_scalar = 4;
	lim.max_nodes = 6;
	lp_buf_putcn(&b, '[', 20);
	lp_buf_putcn(&b, ']', 20);
	assert_true(both_ways("deep.json", b.ptr, b.size, &lim));
	assert_true(both_ways("scalar.json", "[\"12345\"]", 9, &lim));
	assert_true(both_ways("nodes.json", "[1, 2, 3, 4, 5, 6, 7]", 21, &lim));
	lp_buf_release(&b);
}

/* Every JSON file of the repository's tests and examples, both ways. */
static size_t corpus_files, corpus_fast;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t len = strlen(path);
	lp_buf text = LP_BUF_INIT;
	(void)st;
	(void)ftw;
	if (type != FTW_F || len < 5 || strcmp(path + len - 5, ".json"))
		return 0;
	if (lp_fs_read(&text, path, 64u << 20) == 0 && memchr(text.ptr, '\0', text.size) == NULL) {
		corpus_files++;
		corpus_fast += (size_t)both_ways(path, text.ptr, text.size, NULL);
	}
	lp_buf_release(&text);
	return 0;
}

static void test_json_scan__same_on_every_json_file(void **state)
{
	static const char *const roots[] = { "tests", "examples", "schemas" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(roots) / sizeof(*roots); i++)
		nftw(roots[i], visit, 16, FTW_PHYS);
	print_message("%zu JSON files, %zu through the fast path\n", corpus_files, corpus_fast);
	assert_true(corpus_files >= 100);
	assert_true(corpus_fast * 10 >= corpus_files * 8); /* generated and AWS JSON is in the subset */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_scan__takes_the_fast_path),
		cmocka_unit_test(test_json_scan__leaves_the_rest_to_libyaml),
		cmocka_unit_test(test_json_scan__simple_key_limits),
		cmocka_unit_test(test_json_scan__limits_are_the_loaders),
		cmocka_unit_test(test_json_scan__same_on_every_json_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
