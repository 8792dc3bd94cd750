#define _GNU_SOURCE /* syncfs */
#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "mem.h"

static int read_fd(lp_buf *out, int fd, const char *path, size_t max_size)
{
	char chunk[65536];
	size_t start = out->size;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			lp_error_set(LP_ERROR_IO, "cannot read '%s': %s", path, strerror(errno));
			return LP_ERROR;
		}
		if (n == 0)
			return 0;
		if (out->size - start + (size_t)n > max_size) {
			lp_error_set(LP_ERROR_IO, "'%s' is larger than the limit of %zu bytes", path, max_size);
			return LP_ETOOBIG;
		}
		if (lp_buf_put(out, chunk, (size_t)n) < 0) {
			lp_error_set(LP_ERROR_IO, "'%s' is too large", path);
			return LP_ETOOBIG;
		}
	}
}

int lp_fs_read(lp_buf *out, const char *path, size_t max_size)
{
	struct stat st;
	int fd, error;
	if (strcmp(path, "-") == 0)
		return read_fd(out, 0, "<stdin>", max_size);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, strerror(errno));
		return errno == ENOENT ? LP_ENOTFOUND : LP_ERROR;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			lp_error_set(LP_ERROR_IO, "'%s' is a directory", path);
			return LP_ERROR;
		}
		if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_size) {
			close(fd);
			lp_error_set(LP_ERROR_IO, "'%s' is %lld bytes, larger than the limit of %zu bytes",
				path, (long long)st.st_size, max_size);
			return LP_ETOOBIG;
		}
	}
	error = read_fd(out, fd, path, max_size);
	close(fd);
	return error;
}

int lp_fs_mkdir_p(const char *path)
{
	char *p, *s;
	int error = 0;
	/* The walk below starts after the first byte: an empty path would read past its end. */
	if (!*path) {
		lp_error_set(LP_ERROR_IO, "cannot create a directory with an empty name");
		return LP_ERROR;
	}
	p = lp_strdup(path);
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				lp_error_set(LP_ERROR_IO, "cannot create directory '%s': %s", p, strerror(errno));
				error = LP_ERROR;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	lp_free(p);
	if (!error && !lp_fs_is_dir(path)) {
		lp_error_set(LP_ERROR_IO, "'%s' exists and is not a directory", path);
		error = LP_ERROR;
	}
	return error;
}

static int write_all(int fd, const char *path, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			lp_error_set(LP_ERROR_IO, "cannot write '%s': %s", path, strerror(errno));
			return LP_ERROR;
		}
		off += (size_t)n;
	}
	return 0;
}

static int write_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	lp_buf tmp = LP_BUF_INIT;
	int fd, error = LP_ERROR;
	lp_buf_printf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot create a temporary file for '%s': %s", path, strerror(errno));
		goto done;
	}
	if (write_all(fd, tmp.ptr, data, len) < 0) {
		close(fd);
		unlink(tmp.ptr);
		goto done;
	}
	/* Generated files are ordinary source files: 0644 regardless of mkstemp's 0600. */
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0 || close(fd) < 0) {
		lp_error_set(LP_ERROR_IO, "cannot finish '%s': %s", tmp.ptr, strerror(errno));
		unlink(tmp.ptr);
		goto done;
	}
	if (rename(tmp.ptr, path) < 0) {
		lp_error_set(LP_ERROR_IO, "cannot rename onto '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
		goto done;
	}
	error = 0;
done:
	lp_buf_release(&tmp);
	return error;
}

int lp_fs_write_atomic(const char *path, const char *data, size_t len) { return write_atomic(path, data, len, 0644); }

int lp_fs_replace(const char *path, const char *data, size_t len)
{
	struct stat st;
	return write_atomic(path, data, len, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644);
}

int lp_fs_write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644), error;
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot create '%s': %s", path, strerror(errno));
		return LP_ERROR;
	}
	error = write_all(fd, path, data, len);
	if (close(fd) < 0 && !error) {
		lp_error_set(LP_ERROR_IO, "cannot finish '%s': %s", path, strerror(errno));
		error = LP_ERROR;
	}
	if (error)
		unlink(path);
	return error;
}

int lp_fs_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, strerror(errno));
		return LP_ERROR;
	}
#ifdef __linux__
	rc = syncfs(fd);
#else
	sync();
	rc = 0;
#endif
	close(fd);
	if (rc < 0) {
		lp_error_set(LP_ERROR_IO, "cannot flush '%s' to disk: %s", path, strerror(errno));
		return LP_ERROR;
	}
	return 0;
}

int lp_fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int lp_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
