#define _XOPEN_SOURCE 700 /* nftw */
#include "lp_test.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact/artifact.h"
#include "artifact/output.h"
#include "util/buf.h"
#include "util/fs.h"

/*
 * Recovery sees only what is on disk, so it is tested on every state an
 * interrupted transaction can leave: each file not yet touched, parked in
 * old/, or moved in; the new folder made or not. An interrupted rollback
 * leaves one of the same states, so this covers a kill during recovery too.
 */

static void temp_dir(lp_buf *out)
{
	const char *base = getenv("TMPDIR");
	lp_buf_printf(out, "%s/lp-test-output-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(out->ptr));
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_rf(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *at(lp_buf *b, const char *dir, const char *rel)
{
	lp_buf_clear(b);
	lp_buf_printf(b, "%s/%s", dir, rel);
	return b->ptr;
}

static void put(const char *dir, const char *rel, const char *text)
{
	lp_buf p = LP_BUF_INIT;
	assert_lp_ok(lp_fs_write_atomic(at(&p, dir, rel), text, strlen(text)));
	lp_buf_release(&p);
}

static void mv(const char *dir, const char *from, const char *to)
{
	lp_buf a = LP_BUF_INIT, b = LP_BUF_INIT;
	assert_int_equal(rename(at(&a, dir, from), at(&b, dir, to)), 0);
	lp_buf_release(&a);
	lp_buf_release(&b);
}

/* `rel` under `dir` holds `text`; NULL: it does not exist. */
static void holds(const char *dir, const char *rel, const char *text)
{
	lp_buf p = LP_BUF_INIT, data = LP_BUF_INIT;
	int rc = lp_fs_read(&data, at(&p, dir, rel), 1024);
	if (!text) {
		if (lp_fs_exists(p.ptr))
			fail_msg("'%s' exists", rel);
	} else {
		if (rc < 0)
			fail_msg("'%s': %s", rel, lp_error_last());
		assert_string_equal(data.ptr, text);
	}
	lp_buf_release(&p);
	lp_buf_release(&data);
}

#define STAGE ".logpipe-staging-unit"

/* The previous output (a/x.json, b.txt), a file of the user's, and a staged transaction towards the new one. */
static void prepare(const char *dir)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_buf p = LP_BUF_INIT;
	static const char *const dirs[] = { STAGE, STAGE "/new", STAGE "/new/a", STAGE "/new/c", STAGE "/old",
		STAGE "/old/a", STAGE "/old/c" };
	size_t i;
	lp_buf_puts(lp_artifact_add(&set, "a/x.json"), "old-x");
	lp_buf_puts(lp_artifact_add(&set, "b.txt"), "old-b");
	lp_artifact_set_sort(&set);
	assert_lp_ok(lp_output_write(dir, &set));
	lp_artifact_set_release(&set);
	put(dir, "a/mine.txt", "the user's");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		assert_int_equal(mkdir(at(&p, dir, dirs[i]), 0777), 0);
	put(dir, STAGE "/new/a/x.json", "new-x");
	put(dir, STAGE "/new/a/y.json", "new-y");
	put(dir, STAGE "/new/c/z.txt", "new-z");
	put(dir, STAGE "/journal", "{\"logpipe_journal\":1,\"del\":[\"b.txt\"],\"mkdir\":[\"c\"],"
		"\"put\":[\"a/x.json\",\"a/y.json\",\"c/z.txt\"]}");
	lp_buf_release(&p);
}

static void recover(const char *dir, size_t want_rolled, size_t want_finished)
{
	lp_output *o;
	size_t rolled, finished, cleared;
	assert_lp_ok(lp_output_open(&o, dir));
	lp_output_recovered(o, &rolled, &finished, &cleared);
	assert_int_equal(rolled, want_rolled);
	assert_int_equal(finished, want_finished);
	lp_output_close(o);
	holds(dir, STAGE, NULL);
	holds(dir, LP_OUTPUT_BUILD_LOCK, NULL);
	holds(dir, "a/mine.txt", "the user's");
}

static void test_output__every_interrupted_state_rolls_back(void **state)
{
	int b, x, y, cz;
	(void)state;
	for (b = 0; b < 2; b++)
		for (x = 0; x < 3; x++)
			for (y = 0; y < 2; y++)
				for (cz = 0; cz < 3; cz++) {
					lp_buf dir = LP_BUF_INIT;
					temp_dir(&dir);
					prepare(dir.ptr);
					if (b)
						mv(dir.ptr, "b.txt", STAGE "/old/b.txt");
					if (x >= 1)
						mv(dir.ptr, "a/x.json", STAGE "/old/a/x.json");
					if (x == 2)
						mv(dir.ptr, STAGE "/new/a/x.json", "a/x.json");
					if (y)
						mv(dir.ptr, STAGE "/new/a/y.json", "a/y.json");
					if (cz >= 1) {
						lp_buf c = LP_BUF_INIT;
						assert_int_equal(mkdir(at(&c, dir.ptr, "c"), 0777), 0);
						lp_buf_release(&c);
					}
					if (cz == 2)
						mv(dir.ptr, STAGE "/new/c/z.txt", "c/z.txt");
					recover(dir.ptr, 1, 0);
					holds(dir.ptr, "a/x.json", "old-x");
					holds(dir.ptr, "b.txt", "old-b");
					holds(dir.ptr, "a/y.json", NULL);
					holds(dir.ptr, "c", NULL);
					rm_rf(dir.ptr);
					lp_buf_release(&dir);
				}
}

static void test_output__a_committed_transaction_is_finished(void **state)
{
	lp_buf dir = LP_BUF_INIT, c = LP_BUF_INIT;
	(void)state;
	temp_dir(&dir);
	prepare(dir.ptr);
	mv(dir.ptr, "b.txt", STAGE "/old/b.txt");
	mv(dir.ptr, "a/x.json", STAGE "/old/a/x.json");
	mv(dir.ptr, STAGE "/new/a/x.json", "a/x.json");
	mv(dir.ptr, STAGE "/new/a/y.json", "a/y.json");
	assert_lp_ok(lp_fs_mkdir_p(at(&c, dir.ptr, "c")));
	mv(dir.ptr, STAGE "/new/c/z.txt", "c/z.txt");
	put(dir.ptr, STAGE "/committed", "1\n");
	recover(dir.ptr, 0, 1);
	holds(dir.ptr, "a/x.json", "new-x");
	holds(dir.ptr, "a/y.json", "new-y");
	holds(dir.ptr, "c/z.txt", "new-z");
	holds(dir.ptr, "b.txt", NULL);
	rm_rf(dir.ptr);
	lp_buf_release(&dir);
	lp_buf_release(&c);
}

static void test_output__a_second_build_is_refused_with_the_holders_pid(void **state)
{
	lp_buf dir = LP_BUF_INIT, want = LP_BUF_INIT;
	lp_output *first, *second = NULL;
	(void)state;
	temp_dir(&dir);
	assert_lp_ok(lp_output_open(&first, dir.ptr));
	assert_int_equal(lp_output_open(&second, dir.ptr), LP_ERROR);
	assert_null(second);
	lp_buf_printf(&want, "another logpipe build (pid %ld)", (long)getpid());
	assert_non_null(strstr(lp_error_last(), want.ptr));
	lp_output_close(first);
	assert_lp_ok(lp_output_open(&second, dir.ptr));
	lp_output_close(second);
	holds(dir.ptr, LP_OUTPUT_BUILD_LOCK, NULL);
	rm_rf(dir.ptr);
	lp_buf_release(&dir);
	lp_buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output__every_interrupted_state_rolls_back),
		cmocka_unit_test(test_output__a_committed_transaction_is_finished),
		cmocka_unit_test(test_output__a_second_build_is_refused_with_the_holders_pid),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
