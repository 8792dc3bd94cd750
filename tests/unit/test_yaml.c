#include "lp_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

typedef struct fixture {
	lp_arena a;
	lp_diag *d;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->d = lp_diag_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lp_arena_release(&f->a);
	lp_diag_free(f->d);
	free(f);
	return 0;
}

static lp_node *load(fixture *f, const char *text, size_t len)
{
	lp_node *root = NULL;
	assert_lp_ok(lp_yaml_load(&root, &f->a, "t.yaml", text, len, NULL, f->d));
	return root;
}

static const char *first_message(fixture *f)
{
	assert_true(lp_diag_count(f->d) > 0);
	return lp_diag_get(f->d, 0)->message;
}

static void test_yaml__positions_and_types(void **state)
{
	fixture *f = *state;
	const char *src = "name: shop\nport: 8080\nratio: 1.5\non: true\nq: \"8080\"\nnone: ~\nlist: [a, b]\n";
	lp_node *root = load(f, src, strlen(src)), *port;
	int64_t v;
	assert_non_null(root);
	assert_int_equal(root->n, 7);
	port = lp_node_get(root, "port");
	assert_int_equal(port->span.line, 2);
	assert_int_equal(port->span.col, 7);
	assert_int_equal(lp_node_int(&v, port), 0);
	assert_int_equal(v, 8080);
	assert_int_equal(lp_node_get(root, "ratio")->stype, LP_SCALAR_FLOAT);
	assert_int_equal(lp_node_get(root, "on")->stype, LP_SCALAR_BOOL);
	assert_int_equal(lp_node_get(root, "q")->stype, LP_SCALAR_STR);
	assert_true(lp_node_is_null(lp_node_get(root, "none")));
	assert_int_equal(lp_node_get(root, "list")->n, 2);
	assert_non_null(lp_node_get_ci(root, "NAME"));
}

static void test_yaml__cloudformation_tags_are_kept(void **state)
{
	fixture *f = *state;
	const char *src = "Value: !Ref MyBucket\nArn: !GetAtt [Role, Arn]\n";
	lp_node *root = load(f, src, strlen(src));
	assert_non_null(root);
	assert_string_equal(lp_node_get(root, "Value")->tag, "!Ref");
	assert_string_equal(lp_node_get(root, "Value")->str, "MyBucket");
	assert_string_equal(lp_node_get(root, "Arn")->tag, "!GetAtt");
}

/* An alias is a copy of the anchored node that keeps its own bytes [start, end) and names its anchor. */
static void test_yaml__alias_names_its_anchor(void **state)
{
	fixture *f = *state;
	const char *src = "base: &b {x: 1}\nuse: *b\n";
	lp_node *root = load(f, src, strlen(src));
	const lp_node *base, *use;
	assert_non_null(root);
	base = lp_node_get(root, "base");
	use = lp_node_get(root, "use");
	assert_string_equal(base->anchor, "b");
	assert_int_equal(base->alias, 0);
	assert_string_equal(use->anchor, "b");
	assert_int_equal(use->alias, 1);
	assert_int_equal(use->kind, LP_NODE_MAP);
	assert_int_equal(use->n, 1);
	assert_int_equal(use->start, 21);
	assert_int_equal(use->end, 23);
}

static void test_yaml__json_is_read_with_positions(void **state)
{
	fixture *f = *state;
	const char *src = "{\n  \"family\": \"api\",\n  \"cpu\": \"512\"\n}\n";
	lp_node *root = load(f, src, strlen(src));
	assert_non_null(root);
	assert_int_equal(lp_node_get(root, "cpu")->span.line, 3);
	assert_int_equal(lp_node_get(root, "cpu")->stype, LP_SCALAR_STR);
}

static void test_yaml__duplicate_key_is_an_error(void **state)
{
	fixture *f = *state;
	const char *src = "a: 1\nb: 2\na: 3\n";
	assert_null(load(f, src, strlen(src)));
	assert_string_equal(first_message(f), "duplicate key 'a'");
	assert_int_equal(lp_diag_get(f->d, 0)->span.line, 3);
}

static void test_yaml__billion_laughs_is_refused(void **state)
{
	fixture *f = *state;
	lp_buf b = LP_BUF_INIT;
	int i;
	lp_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 30; i++)
		lp_buf_printf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	assert_null(load(f, b.ptr, b.size));
	assert_non_null(strstr(first_message(f), "through aliases"));
	lp_buf_release(&b);
}

static void test_yaml__deep_nesting_is_refused(void **state)
{
	fixture *f = *state;
	lp_buf b = LP_BUF_INIT;
	lp_buf_putcn(&b, '[', 10000);
	lp_buf_putcn(&b, ']', 10000);
	assert_null(load(f, b.ptr, b.size));
	assert_non_null(strstr(first_message(f), "nesting deeper than"));
	lp_buf_release(&b);
}

static void test_yaml__huge_document_is_refused_before_parsing(void **state)
{
	fixture *f = *state;
	size_t n = 100u << 20;
	char *big = malloc(n);
	memset(big, 'x', n);
	assert_null(load(f, big, n));
	assert_non_null(strstr(first_message(f), "larger than the limit"));
	free(big);
}

static void test_yaml__nul_byte_is_positioned(void **state)
{
	fixture *f = *state;
	const char src[] = "a: 1\nb: x\0y\n";
	assert_null(load(f, src, sizeof(src) - 1));
	assert_string_equal(first_message(f), "NUL byte in input");
	assert_int_equal(lp_diag_get(f->d, 0)->span.line, 2);
	assert_int_equal(lp_diag_get(f->d, 0)->span.col, 5);
}

static void test_yaml__escaped_nul_is_refused(void **state)
{
	fixture *f = *state;
	const char *src = "a: 1\nb: \"x\\0y\"\n";
	assert_null(load(f, src, strlen(src)));
	assert_string_equal(first_message(f), "NUL character in a scalar");
	assert_int_equal(lp_diag_get(f->d, 0)->span.line, 2);
}

static void test_yaml__invalid_utf8_is_positioned(void **state)
{
	fixture *f = *state;
	const char src[] = "a: \xc3\xa9t\xc3\n";
	assert_null(load(f, src, sizeof(src) - 1));
	assert_non_null(strstr(first_message(f), "invalid UTF-8"));
	assert_int_equal(lp_diag_get(f->d, 0)->span.col, 6);
}

static void test_yaml__second_document_and_merge_keys_are_refused(void **state)
{
	fixture *f = *state;
	const char *two = "a: 1\n---\nb: 2\n", *merge = "base: &b {x: 1}\nother:\n  <<: *b\n";
	assert_null(load(f, two, strlen(two)));
	assert_non_null(strstr(first_message(f), "second YAML document"));
	lp_diag_truncate(f->d, 0);
	assert_null(load(f, merge, strlen(merge)));
	assert_non_null(strstr(first_message(f), "merge keys"));
}

static void test_yaml__syntax_error_has_position(void **state)
{
	fixture *f = *state;
	const char *src = "a: [1, 2\nb: 3\n";
	assert_null(load(f, src, strlen(src)));
	assert_non_null(strstr(first_message(f), "invalid YAML"));
	assert_true(lp_diag_get(f->d, 0)->span.line >= 1);
}

static void test_yaml__recursive_alias_is_refused(void **state)
{
	fixture *f = *state;
	const char *src = "a: &x [1, *x]\n";
	assert_null(load(f, src, strlen(src)));
	assert_non_null(strstr(first_message(f), "undefined or recursive alias"));
}

/* Loads `text` as the spec is loaded: plain data, no tags, exact numbers. Returns the root or NULL. */
static lp_node *load_plain(fixture *f, const char *text)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	lim.refuse_tags = 1;
	lim.exact_numbers = 1;
	assert_lp_ok(lp_yaml_load(&root, &f->a, "t.yaml", text, strlen(text), &lim, f->d));
	return root;
}

static void test_yaml__plain_data_refuses_tags(void **state)
{
	static const char *const refused[] = {
		"image: !!binary YXBwOjEuMA\n", "image: !Ref Image\n", "image: !<tag:example.com,2000:x> y\n",
		"a: !!set {x: null}\n", "a: ! text\n", "a: !!int \"12\"\n", "a: !!bool yes\n", "a: !!map [1]\n",
		"%TAG !e! tag:example.com,2000:\n---\na: !e!x y\n",
	};
	static const char *const allowed[] = {
		"a: !!str 1.10\n", "a: !!int 12\n", "a: !!float 1.5\n", "a: !!bool true\n", "a: !!null ~\n",
		"a: !!map {b: 1}\n", "a: !!seq [1]\n", "%YAML 1.1\n---\na: 1\n",
	};
	fixture *f = *state;
	size_t i;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		lp_diag_free(f->d);
		f->d = lp_diag_new();
		assert_null(load_plain(f, refused[i]));
		assert_true(strstr(first_message(f), "YAML tag '") || strstr(first_message(f), "%TAG directive"));
	}
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		lp_diag_free(f->d);
		f->d = lp_diag_new();
		assert_non_null(load_plain(f, allowed[i]));
	}
	/* the same text read as CloudFormation keeps its tags */
	assert_non_null(load(f, "image: !Ref Image\n", strlen("image: !Ref Image\n")));
}

static void test_yaml__plain_data_refuses_inexact_numbers(void **state)
{
	static const char *const refused[] = {
		"cpu: 512.00000000000001\n", "a: 1e400\n", "a: 1e-400\n", "a: 9223372036854775808\n",
		"a: 0.1000000000000000000001\n", "a: -18446744073709551617\n",
	};
	static const char *const allowed[] = {
		"cpu: 512\n", "cpu: 512.0\n", "a: 5.12e2\n", "a: 0.1\n", "a: -0.0\n", "a: 9223372036854775807\n",
		"a: 0x1F\n", "a: 1.7976931348623157e308\n", "a: 5e-324\n", "a: \"512.00000000000001\"\n", "a: .inf\n",
	};
	fixture *f = *state;
	size_t i;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		lp_diag_free(f->d);
		f->d = lp_diag_new();
		assert_null(load_plain(f, refused[i]));
		assert_true(strstr(first_message(f), "cannot be represented exactly") ||
			strstr(first_message(f), "does not fit in 64 bits"));
	}
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		lp_diag_free(f->d);
		f->d = lp_diag_new();
		assert_non_null(load_plain(f, allowed[i]));
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
/* The word-at-a-time ASCII skip finds the first bad byte where decoding each byte does. */
static void test_yaml__utf8_check_matches_byte_by_byte(void **state)
{
	static const char *const pieces[] = { "a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\x80",
		"\xed\xa0\x80", "\xff", "0123456789abcdef" };
	char text[256];
	uint32_t x = 7;
	int round;
	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t n = 0, want, i, len;
		while (n < 200) {
			const char *p;
			x = x * 1103515245u + 12345u;
			/* mostly ASCII, as real files are */
			p = pieces[(x >> 16) % 16 < 8 ? 8 : (x >> 16) % 8];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		for (i = 0; i <= 9; i++) { /* every alignment of the words against the text */
			for (want = i; want < n; want += len)
				if ((len = lp_utf8_seq(text + want, n - want)) == 0)
					break;
			assert_int_equal(lp_utf8_invalid_at(text + i, n - i), (want < n ? want : n) - i);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__utf8_check_matches_byte_by_byte),
		T(test_yaml__positions_and_types),
		T(test_yaml__cloudformation_tags_are_kept),
		T(test_yaml__json_is_read_with_positions),
		T(test_yaml__duplicate_key_is_an_error),
		T(test_yaml__billion_laughs_is_refused),
		T(test_yaml__deep_nesting_is_refused),
		T(test_yaml__huge_document_is_refused_before_parsing),
		T(test_yaml__nul_byte_is_positioned),
		T(test_yaml__invalid_utf8_is_positioned),
		T(test_yaml__escaped_nul_is_refused),
		T(test_yaml__second_document_and_merge_keys_are_refused),
		T(test_yaml__syntax_error_has_position),
		T(test_yaml__recursive_alias_is_refused),
		T(test_yaml__alias_names_its_anchor),
		T(test_yaml__plain_data_refuses_tags),
		T(test_yaml__plain_data_refuses_inexact_numbers),
	};
	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
