#include "lp_test.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "samples/line_reader.h"
#include "util/buf.h"

/* The reader's buffers are 1 MiB: rows placed around multiples of it cross chunks. */
#define MIB ((size_t)1 << 20)
#define BOUND ((size_t)300000)

typedef struct tmp_log {
	char path[64];
} tmp_log;

static void write_tmp(tmp_log *t, const char *data, size_t len, int gz)
{
	int fd;
	snprintf(t->path, sizeof(t->path), "%s", "/tmp/lp-reader-XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	if (gz) {
		gzFile g = gzdopen(fd, "wb1");
		size_t off = 0;
		while (off < len) {
			unsigned n = len - off > 1u << 20 ? 1u << 20 : (unsigned)(len - off);
			assert_int_equal(gzwrite(g, data + off, n), (int)n);
			off += n;
		}
		gzclose(g);
	} else {
		assert_int_equal(write(fd, data, len), (ssize_t)len);
		close(fd);
	}
}

/*
 * Rows as Athena cuts them, written plainly for comparison: a newline, a
 * carriage return or both end a row; a carriage return at the very end is a
 * lone one; the last row needs no terminator.
 */
static void reference_rows(lp_buf *out, const char *d, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i, len;
		int cr = 0;
		while (j < n && d[j] != '\n' && d[j] != '\r')
			j++;
		len = j - i;
		if (j < n && d[j] == '\r') {
			if (j + 1 < n && d[j + 1] == '\n')
				j++;
			else
				cr = 1;
		}
		lp_buf_printf(out, "%zu %d %d:", len > BOUND ? BOUND : len, len > BOUND, cr);
		lp_buf_put(out, d + i, len > BOUND ? BOUND : len);
		lp_buf_puts(out, "\n");
		i = j + 1;
	}
}

static int read_rows(lp_buf *out, const char *path)
{
	lp_line_reader *r;
	lp_line_row row;
	int rc;
	assert_lp_ok(lp_line_reader_open(&r, path, BOUND));
	while ((rc = lp_line_reader_next(&row, r)) > 0) {
		lp_buf_printf(out, "%zu %d %d:", row.len, row.too_long, row.cr);
		lp_buf_put(out, row.text, row.len);
		lp_buf_puts(out, "\n");
	}
	lp_line_reader_free(r);
	return rc;
}

/* Rows of every length and every terminator, up to `end`, then padding up to its last byte. */
static void rows_up_to(lp_buf *d, size_t end, size_t *i)
{
	size_t k;
	while (d->size + 800 < end) {
		size_t len = (*i * 7919) % 700;
		for (k = 0; k < len; k++)
			lp_buf_put(d, &"abc defgh\"ij"[(*i + k) % 12], 1);
		lp_buf_puts(d, *i % 5 == 0 ? "\r\n" : *i % 7 == 0 ? "\r" : "\n");
		(*i)++;
	}
	while (d->size < end - 1)
		lp_buf_puts(d, "x");
}

/* Terminators on and around the chunk boundaries, a row past the bound, a last row without a newline. */
static void boundary_data(lp_buf *d)
{
	size_t k, i = 0;
	rows_up_to(d, MIB, &i);
	lp_buf_puts(d, "\r\n"); /* CRLF split by the first boundary */
	rows_up_to(d, 2 * MIB, &i);
	lp_buf_puts(d, "\rz\n"); /* a lone CR as the chunk's last byte */
	rows_up_to(d, 3 * MIB - 1000, &i);
	for (k = 0; k < BOUND + 5000; k++)
		lp_buf_put(d, "q", 1);
	lp_buf_puts(d, "\nlast\r");
}

static void test_line_reader__rows_across_chunks_plain_and_gzip(void **state)
{
	lp_buf data = LP_BUF_INIT, want = LP_BUF_INIT;
	int gz;
	(void)state;
	boundary_data(&data);
	reference_rows(&want, data.ptr, data.size);
	for (gz = 0; gz < 2; gz++) {
		tmp_log t;
		lp_buf got = LP_BUF_INIT;
		write_tmp(&t, data.ptr, data.size, gz);
		assert_int_equal(read_rows(&got, t.path), 0);
		assert_int_equal(got.size, want.size);
		assert_memory_equal(got.ptr, want.ptr, want.size);
		unlink(t.path);
		lp_buf_release(&got);
	}
	lp_buf_release(&data);
	lp_buf_release(&want);
}

/* Stopping early, with the thread mid-stream and the ring full, frees everything (ASan). */
static void test_line_reader__early_stop_on_gzip(void **state)
{
	lp_buf data = LP_BUF_INIT;
	lp_line_reader *r;
	lp_line_row row;
	tmp_log t;
	size_t i;
	(void)state;
	for (i = 0; i < 400000; i++)
		lp_buf_printf(&data, "line %zu of a file much larger than the ring\n", i);
	write_tmp(&t, data.ptr, data.size, 1);
	assert_lp_ok(lp_line_reader_open(&r, t.path, BOUND));
	assert_int_equal(lp_line_reader_next(&row, r), 1);
	assert_int_equal(row.len, strlen("line 0 of a file much larger than the ring"));
	usleep(20000); /* let the producer fill the ring and wait */
	lp_line_reader_free(r);
	/* and right after opening, before a row was taken */
	assert_lp_ok(lp_line_reader_open(&r, t.path, BOUND));
	lp_line_reader_free(r);
	unlink(t.path);
	lp_buf_release(&data);
}

/* A cut gzip stream: the rows before the cut, then the error naming the file. */
static void test_line_reader__truncated_gzip_after_its_rows(void **state)
{
	lp_buf data = LP_BUF_INIT, got = LP_BUF_INIT;
	tmp_log t;
	FILE *f;
	long size;
	size_t i, rows = 0;
	const char *p;
	(void)state;
	for (i = 0; i < 300000; i++)
		lp_buf_printf(&data, "%zu %zu\n", i, i * 2654435761u % 1000003);
	write_tmp(&t, data.ptr, data.size, 1);
	f = fopen(t.path, "rb+");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	assert_int_equal(ftruncate(fileno(f), size / 2), 0);
	fclose(f);
	assert_int_equal(read_rows(&got, t.path), -1);
	assert_non_null(strstr(lp_error_last(), "is truncated: its gzip stream ends early"));
	assert_non_null(strstr(lp_error_last(), t.path));
	for (p = got.ptr; (p = strchr(p, '\n')); p++)
		rows++;
	assert_true(rows > 1000 && rows < 300000);
	unlink(t.path);
	lp_buf_release(&data);
	lp_buf_release(&got);
}

static void test_line_reader__missing_file(void **state)
{
	lp_line_reader *r = (lp_line_reader *)1;
	(void)state;
	assert_int_equal(lp_line_reader_open(&r, "/nonexistent/x.log", BOUND), -1);
	assert_null(r);
	assert_string_equal(lp_error_last(), "cannot open '/nonexistent/x.log': No such file or directory");
	lp_line_reader_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_reader__rows_across_chunks_plain_and_gzip),
		cmocka_unit_test(test_line_reader__early_stop_on_gzip),
		cmocka_unit_test(test_line_reader__truncated_gzip_after_its_rows),
		cmocka_unit_test(test_line_reader__missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
