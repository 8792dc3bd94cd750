#include "lp_test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
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

/* Writes `text` to dir/name. */
static void put(const lp_buf *dir, const char *name, const char *text)
{
	lp_buf p = LP_BUF_INIT;
	lp_buf_printf(&p, "%s/%s", dir->ptr, name);
	assert_lp_ok(lp_fs_write_atomic(p.ptr, text, strlen(text)));
	lp_buf_release(&p);
}

static void at(lp_buf *out, const lp_buf *dir, const char *name)
{
	lp_buf_clear(out);
	lp_buf_printf(out, "%s/%s", dir->ptr, name);
}

static void test_fs__read_beneath_stays_inside_the_root(void **state)
{
	lp_buf dir = LP_BUF_INIT, root = LP_BUF_INIT, p = LP_BUF_INIT, q = LP_BUF_INIT, data = LP_BUF_INIT;
	int fd, rootfd;
	(void)state;
	temp_dir(&dir);
	put(&dir, "secret", "s3cret");
	at(&root, &dir, "root");
	assert_int_equal(mkdir(root.ptr, 0700), 0);
	put(&root, "t.yaml", "ok");
	at(&p, &root, "sub");
	assert_int_equal(mkdir(p.ptr, 0700), 0);
	at(&p, &root, "out");
	assert_int_equal(symlink("../secret", p.ptr), 0);
	at(&p, &root, "abs");
	at(&q, &dir, "secret");
	assert_int_equal(symlink(q.ptr, p.ptr), 0);
	at(&p, &root, "in");
	assert_int_equal(symlink("t.yaml", p.ptr), 0);
	at(&p, &root, "fifo");
	assert_int_equal(mkfifo(p.ptr, 0600), 0);

	assert_lp_ok(lp_fs_read_beneath(&data, root.ptr, "t.yaml", 100));
	assert_string_equal(data.ptr, "ok");
	lp_buf_clear(&data);
	assert_lp_ok(lp_fs_read_beneath(&data, root.ptr, "sub/../in", 100)); /* a link that stays inside */
	assert_string_equal(data.ptr, "ok");
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "../secret", 100), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "is outside"));
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "/etc/passwd", 100), LP_ERROR);
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "out", 100), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "symbolic link that leads outside"));
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "abs", 100), LP_ERROR);
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "fifo", 100), LP_ERROR); /* without blocking */
	assert_non_null(strstr(lp_error_last(), "is a FIFO"));
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "missing", 100), LP_ENOTFOUND);
	assert_int_equal(lp_fs_read_beneath(&data, root.ptr, "t.yaml", 1), LP_ETOOBIG);
	assert_int_equal(lp_fs_read(&data, p.ptr, 100), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "is a FIFO"));

	/* relative to a base below the root, and absolute */
	lp_buf_clear(&data);
	at(&p, &root, "sub");
	assert_lp_ok(lp_fs_read_in(&data, root.ptr, p.ptr, "../t.yaml", 100));
	assert_string_equal(data.ptr, "ok");
	assert_int_equal(lp_fs_read_in(&data, root.ptr, p.ptr, "../../secret", 100), LP_ERROR);
	assert_non_null(strstr(lp_error_last(), "outside the project directory"));
	at(&p, &root, "t.yaml");
	lp_buf_clear(&data);
	assert_lp_ok(lp_fs_read_in(&data, root.ptr, NULL, p.ptr, 100));
	assert_int_equal(lp_fs_read_in(&data, root.ptr, NULL, "/dev/stdin", 100), LP_ERROR);

	/* the fallback without openat2 follows no link at all */
	rootfd = open(root.ptr, O_RDONLY | O_DIRECTORY);
	assert_true(rootfd >= 0);
	fd = lp_fs__open_walk(rootfd, "t.yaml");
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(lp_fs__open_walk(rootfd, "out"), -1);
	assert_int_equal(lp_fs__open_walk(rootfd, "in"), -1);
	assert_int_equal(lp_fs__open_walk(rootfd, "out/x"), -1);
	fd = lp_fs__open_walk(rootfd, "fifo"); /* opens at once (O_NONBLOCK); the reader then refuses it */
	assert_true(fd >= 0);
	close(fd);
	close(rootfd);

	{
		static const char *const names[] = { "root/t.yaml", "root/out", "root/abs", "root/in", "root/fifo", "secret" };
		size_t i;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			at(&p, &dir, names[i]);
			assert_int_equal(unlink(p.ptr), 0);
		}
		at(&p, &root, "sub");
		assert_int_equal(rmdir(p.ptr), 0);
		assert_int_equal(rmdir(root.ptr), 0);
		assert_int_equal(rmdir(dir.ptr), 0);
	}
	lp_buf_release(&p);
	lp_buf_release(&q);
	lp_buf_release(&data);
	lp_buf_release(&root);
	lp_buf_release(&dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs__mkdir_p_refuses_an_empty_path),
		cmocka_unit_test(test_fs__read_beneath_stays_inside_the_root),
		cmocka_unit_test(test_fs__mkdir_p_creates_parents_and_refuses_a_file),
		cmocka_unit_test(test_fs__read_refuses_directories_and_big_files),
	};
	return cmocka_run_group_tests_name("fs", tests, NULL, NULL);
}
