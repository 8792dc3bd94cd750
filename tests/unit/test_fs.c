#include "lp_test.h"

#include <stdlib.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

/* A fresh directory under the system temp dir; the caller removes it. */
static void temp_dir(lp_buf *out)
{
	const char *base = getenv("TMPDIR");
	lp_buf_printf(out, "%s/lp-test-fs-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(out->ptr));
}

static void test_fs__mkdir_p_refuses_an_empty_path(void **state)
{
	(void)state;
	/* used to read one byte past the copy of "" (heap-buffer-overflow under ASan) */
	assert_int_equal(lp_fs_mkdir_p(""), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "empty name"));
}

static void test_fs__mkdir_p_creates_parents_and_refuses_a_file(void **state)
{
	static const char *const made[] = { "/a/b/c", "/a/b", "/a", "" };
	lp_buf dir = LP_BUF_INIT, p = LP_BUF_INIT;
	size_t i;
	(void)state;
	temp_dir(&dir);
	lp_buf_printf(&p, "%s/a/b/c", dir.ptr);
	assert_lp_ok(lp_fs_mkdir_p(p.ptr));
	assert_true(lp_fs_is_dir(p.ptr));
	assert_lp_ok(lp_fs_mkdir_p(p.ptr)); /* existing directories are fine */
	lp_buf_clear(&p);
	lp_buf_printf(&p, "%s/file", dir.ptr);
	assert_lp_ok(lp_fs_write_atomic(p.ptr, "x", 1));
	assert_int_equal(lp_fs_mkdir_p(p.ptr), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "is not a directory"));
	assert_int_equal(unlink(p.ptr), 0);
	for (i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		lp_buf_clear(&p);
		lp_buf_printf(&p, "%s%s", dir.ptr, made[i]);
		assert_int_equal(rmdir(p.ptr), 0);
	}
	lp_buf_release(&p);
	lp_buf_release(&dir);
}

static void test_fs__read_refuses_directories_and_big_files(void **state)
{
	lp_buf dir = LP_BUF_INIT, p = LP_BUF_INIT, data = LP_BUF_INIT;
	(void)state;
	temp_dir(&dir);
	assert_int_equal(lp_fs_read(&data, dir.ptr, 100), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "is a directory"));
	lp_buf_printf(&p, "%s/f", dir.ptr);
	assert_lp_ok(lp_fs_write_atomic(p.ptr, "0123456789", 10));
	assert_int_equal(lp_fs_read(&data, p.ptr, 9), LP_ETOOBIG);
	lp_buf_clear(&data);
	assert_lp_ok(lp_fs_read(&data, p.ptr, 10));
	assert_int_equal(data.size, 10);
	lp_buf_clear(&p);
	lp_buf_printf(&p, "%s/missing", dir.ptr);
	assert_int_equal(lp_fs_read(&data, p.ptr, 10), LP_ENOTFOUND);
	lp_buf_clear(&p);
	lp_buf_printf(&p, "%s/f", dir.ptr);
	assert_int_equal(unlink(p.ptr), 0);
	assert_int_equal(rmdir(dir.ptr), 0);
	lp_buf_release(&p);
	lp_buf_release(&data);
	lp_buf_release(&dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs__mkdir_p_refuses_an_empty_path),
		cmocka_unit_test(test_fs__mkdir_p_creates_parents_and_refuses_a_file),
		cmocka_unit_test(test_fs__read_refuses_directories_and_big_files),
	};
	return cmocka_run_group_tests_name("fs", tests, NULL, NULL);
}
