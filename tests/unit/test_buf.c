#include "lp_test.h"

#include "util/arena.h"
#include "util/buf.h"
#include "util/edits.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/sha256.h"

static void test_buf__init_is_empty_string(void **state)
{
	lp_buf b = LP_BUF_INIT;
	(void)state;
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	lp_buf_release(&b);
	assert_string_equal(b.ptr, "");
}

static void test_buf__append_and_detach(void **state)
{
	lp_buf b = LP_BUF_INIT;
	char *s;
	size_t len;
	(void)state;
	assert_lp_ok(lp_buf_puts(&b, "abc"));
	assert_lp_ok(lp_buf_printf(&b, "-%d-", 42));
	assert_lp_ok(lp_buf_putc(&b, 'z'));
	assert_lp_ok(lp_buf_putcn(&b, '.', 3));
	assert_string_equal(b.ptr, "abc-42-z...");
	s = lp_buf_detach(&b, &len);
	assert_int_equal(len, 11);
	assert_string_equal(s, "abc-42-z...");
	assert_int_equal(b.size, 0);
	lp_free(s);
}

/* A fitted buffer keeps its bytes and its terminator, and grows again when written to. */
static void test_buf__fit_gives_back_room_and_keeps_contents(void **state)
{
	lp_buf b = LP_BUF_INIT;
	(void)state;
	lp_buf_fit(&b); /* the shared empty buffer is left alone */
	assert_int_equal(b.asize, 0);
	assert_lp_ok(lp_buf_puts(&b, "taskdef"));
	assert_true(b.asize > b.size + 1);
	lp_buf_fit(&b);
	assert_int_equal(b.asize, b.size + 1);
	assert_string_equal(b.ptr, "taskdef");
	assert_lp_ok(lp_buf_puts(&b, ".json"));
	assert_string_equal(b.ptr, "taskdef.json");
	lp_buf_release(&b);
}

static void test_buf__refuses_growth_past_cap(void **state)
{
	lp_buf b = LP_BUF_INIT;
	(void)state;
	assert_int_equal(lp_buf_grow(&b, LP_BUF_MAX + 1), -1);
	assert_true(b.toobig);
	assert_int_equal(lp_buf_puts(&b, "x"), -1);
	assert_int_equal(b.size, 0);
	lp_buf_release(&b);
}

static void test_buf__arena_strings_survive_many_chunks(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	char *first = lp_arena_strdup(&a, "first");
	int i;
	(void)state;
	for (i = 0; i < 10000; i++)
		lp_arena_printf(&a, "string number %d", i);
	assert_string_equal(first, "first");
	assert_true(a.used > 10000 * 16);
	lp_arena_release(&a);
}

/* Vectors from FIPS 180-4 / NIST CSRC examples. */
static void test_buf__sha256_known_vectors(void **state)
{
	char hex[65];
	(void)state;
	lp_sha256_hex(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	lp_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	lp_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Changes far apart are hunks of their own, with 3 lines of context; a missing final newline is said. */
/* The SHA extensions and the portable rounds agree on every length, however the input is split. */
static void test_buf__sha256_accelerated_matches_portable(void **state)
{
	unsigned char data[1200];
	size_t len, i, cut;
	uint32_t x = 12345;
	int had = lp_sha256__accelerated(-1);
	(void)state;
	for (i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char)(x >> 16);
	}
	for (len = 0; len <= sizeof(data); len += len < 200 ? 1 : 67) {
		unsigned char d[2][32];
		int mode;
		for (mode = 0; mode < 2; mode++) {
			lp_sha256 c;
			lp_sha256__accelerated(mode);
			cut = len / 3;
			lp_sha256_init(&c);
			lp_sha256_update(&c, data, cut);
			for (i = cut; i < len; i += 70)
				lp_sha256_update(&c, data + i, len - i < 70 ? len - i : 70);
			lp_sha256_final(d[mode], &c);
		}
		assert_memory_equal(d[0], d[1], 32);
	}
	lp_sha256__accelerated(had);
}

static void test_buf__line_diff_has_separate_hunks(void **state)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15";
	const char *b = "1\nX\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n14\n15\nY";
	lp_buf out = LP_BUF_INIT;
	(void)state;
	assert_int_equal(lp_diff_texts(&out, "t", a, strlen(a), b, strlen(b)), 0);
	assert_string_equal(out.ptr, "--- a/t\n+++ b/t\n"
				     "@@ -1,4 +1,5 @@\n 1\n+X\n 2\n 3\n 4\n"
				     "@@ -10,6 +11,6 @@\n 10\n 11\n 12\n-13\n 14\n-15\n\\ No newline at end of file\n"
				     "+15\n+Y\n\\ No newline at end of file\n");
	lp_buf_clear(&out);
	assert_int_equal(lp_diff_texts(&out, "t", a, strlen(a), a, strlen(a)), 0);
	assert_int_equal(out.size, 0);
	lp_buf_release(&out);
}

/* `obj` at `depth` by keys, `levels` levels of non-empty objects down, and each other value printed at its depth. */
static void write_object(lp_buf *out, const cJSON *obj, int depth, int levels)
{
	const cJSON *c;
	lp_buf_putc(out, '{');
	for (c = obj->child; c; c = c->next) {
		lp_json_print_key(out, c == obj->child, depth, c->string);
		if (levels > 0 && cJSON_IsObject(c) && c->child)
			write_object(out, c, depth + 1, levels - 1);
		else
			assert_lp_ok(lp_json_print_at(out, c, depth + 1));
	}
	lp_json_print_close(out, depth, '}');
}

/*
 * A document written piece by piece reads as the document printed whole:
 * empty containers, arrays, scalars and escapes, in keys too.
 */
static void test_buf__json_printed_in_pieces_reads_as_one(void **state)
{
	const char *doc = "{\"a\":{\"b\":{\"c\":[1,{\"d\":\"x\\n\"}],\"e\":{}},\"f\":true},"
			  "\"g\":[],\"k\\\"y\":\"\\u2028\"}";
	cJSON *root = cJSON_Parse(doc);
	lp_buf want = LP_BUF_INIT, got = LP_BUF_INIT;
	(void)state;
	assert_non_null(root);
	assert_lp_ok(lp_json_print(&want, root));
	write_object(&got, root, 0, 2);
	lp_buf_putc(&got, '\n');
	assert_string_equal(got.ptr, want.ptr);
	lp_buf_release(&want);
	lp_buf_release(&got);
	cJSON_Delete(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__init_is_empty_string),
		cmocka_unit_test(test_buf__append_and_detach),
		cmocka_unit_test(test_buf__fit_gives_back_room_and_keeps_contents),
		cmocka_unit_test(test_buf__refuses_growth_past_cap),
		cmocka_unit_test(test_buf__arena_strings_survive_many_chunks),
		cmocka_unit_test(test_buf__sha256_known_vectors),
		cmocka_unit_test(test_buf__sha256_accelerated_matches_portable),
		cmocka_unit_test(test_buf__line_diff_has_separate_hunks),
		cmocka_unit_test(test_buf__json_printed_in_pieces_reads_as_one),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
