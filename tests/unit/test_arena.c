#include "lp_test.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/arena.h"

static int aligned(const void *p) { return (uintptr_t)p % _Alignof(max_align_t) == 0; }

/* Strings pack at byte alignment; what lp_arena_alloc returns after them is still aligned for any type. */
static void test_arena__strings_pack_and_blocks_stay_aligned(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	char *s1, *s2;
	void *blk;
	(void)state;
	s1 = lp_arena_strdup(&a, "ab");
	s2 = lp_arena_strdup(&a, "cd");
	assert_ptr_equal(s2, s1 + 3);
	assert_string_equal(s1, "ab");
	blk = lp_arena_alloc(&a, 24);
	assert_true(aligned(blk));
	assert_memory_equal(blk, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 24);
	assert_string_equal(s2, "cd");
	lp_arena_release(&a);
	assert_int_equal(a.used, 0);
}

/* Rewinding gives back what was allocated since the mark, in the same chunk and in chunks added since. */
static void test_arena__rewind_frees_what_came_after_the_mark(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_arena_pos pos;
	char *keep, *again;
	size_t used, i;
	(void)state;
	keep = lp_arena_strdup(&a, "kept");
	lp_arena_mark(&pos, &a);
	used = a.used;
	again = lp_arena_alloc(&a, 16);
	for (i = 0; i < 100; i++)
		(void)lp_arena_alloc(&a, 1000); /* several chunks */
	lp_arena_rewind(&a, &pos);
	assert_int_equal(a.used, used);
	assert_ptr_equal(lp_arena_alloc(&a, 16), again);
	assert_string_equal(keep, "kept");
	lp_arena_release(&a);
}

/* A parse-and-rewind loop reuses the chunks it gave back, and still hands out zeroed memory. */
static void test_arena__rewind_keeps_chunks_for_the_next_parse(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_arena_pos pos;
	unsigned char *first, *again;
	size_t i;
	(void)state;
	lp_arena_mark(&pos, &a);
	first = lp_arena_alloc(&a, 3000);
	memset(first, 0xAB, 3000);
	for (i = 0; i < 64; i++)
		lp_arena_alloc(&a, 1000); /* more chunks than the first */
	lp_arena_rewind(&a, &pos);
	assert_int_equal(a.used, 0);
	assert_non_null(a.spare);
	again = lp_arena_alloc(&a, 3000);
	assert_ptr_equal(again, first);
	for (i = 0; i < 3000; i++)
		assert_int_equal(again[i], 0);
	/* a huge allocation's chunk is not kept beyond the bound */
	lp_arena_mark(&pos, &a);
	lp_arena_alloc(&a, 64u * 1024 * 1024);
	lp_arena_rewind(&a, &pos);
	lp_arena_release(&a);
	assert_null(a.head);
	assert_null(a.spare);
}

static void test_arena__reserve_sizes_the_first_chunk(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	char *p, *q;
	size_t al = _Alignof(max_align_t), step = (16 + al - 1) / al * al;
	(void)state;
	lp_arena_reserve(&a, 100000);
	p = lp_arena_alloc(&a, 16);
	q = lp_arena_alloc(&a, 90000);
	assert_ptr_equal(q, p + step); /* one chunk holds both */
	lp_arena_reserve(&a, 10); /* the arena has a chunk: no-op */
	assert_int_equal(a.used, step + (90000 + al - 1) / al * al);
	lp_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena__strings_pack_and_blocks_stay_aligned),
		cmocka_unit_test(test_arena__rewind_frees_what_came_after_the_mark),
		cmocka_unit_test(test_arena__rewind_keeps_chunks_for_the_next_parse),
		cmocka_unit_test(test_arena__reserve_sizes_the_first_chunk),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
