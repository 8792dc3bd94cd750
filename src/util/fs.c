#define _GNU_SOURCE /* syncfs */
#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#if defined(SYS_openat2) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif
#endif
#endif

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

const char *lp_fs_special_kind(unsigned mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return S_ISREG(mode) ? NULL : "not a regular file";
}

static int refuse_kind(const char *path, const char *kind)
{
	lp_error_set(LP_ERROR_IO, "'%s' is %s; logpipe reads only regular files", path, kind);
	return LP_ERROR;
}

/*
 * Checks an open descriptor is a regular file within `max_size`, then reads
 * it whole. Closes `fd`. The descriptor was opened O_NONBLOCK so that opening
 * a FIFO returned at once; regular files ignore the flag.
 */
static int read_regular(lp_buf *out, int fd, const char *path, size_t max_size)
{
	struct stat st;
	const char *kind;
	int error;
	if (fstat(fd, &st) < 0) {
		lp_error_set(LP_ERROR_IO, "cannot stat '%s': %s", path, strerror(errno));
		close(fd);
		return LP_ERROR;
	}
	if ((kind = lp_fs_special_kind(st.st_mode)) != NULL) {
		close(fd);
		return refuse_kind(path, kind);
	}
	if ((size_t)st.st_size > max_size) {
		close(fd);
		lp_error_set(LP_ERROR_IO, "'%s' is %lld bytes, larger than the limit of %zu bytes",
			path, (long long)st.st_size, max_size);
		return LP_ETOOBIG;
	}
	error = read_fd(out, fd, path, max_size);
	close(fd);
	return error;
}

int lp_fs_read(lp_buf *out, const char *path, size_t max_size)
{
	struct stat st;
	const char *kind;
	int fd;
	if (strcmp(path, "-") == 0)
		return read_fd(out, 0, "<stdin>", max_size);
	/*
	 * A FIFO, a terminal or a device would block open(2) or read(2)
	 * forever, and opening some devices has effects: refuse them from
	 * stat(2) before opening, and again from fstat(2) after, in case the
	 * name was swapped in between.
	 */
	if (stat(path, &st) == 0 && (kind = lp_fs_special_kind(st.st_mode)) != NULL)
		return refuse_kind(path, kind);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, strerror(errno));
		return errno == ENOENT ? LP_ENOTFOUND : LP_ERROR;
	}
	return read_regular(out, fd, path, max_size);
}

int lp_fs_path_by_name(lp_buf *out, const char *path)
{
	const char *p = path;
	lp_buf_clear(out);
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;
			if (!out->size)
				return -1;
			slash = strrchr(out->ptr, '/');
			lp_buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (out->size)
				lp_buf_putc(out, '/');
			lp_buf_put(out, p, n);
		}
		p += n + (e ? 1 : 0);
	}
	return 0;
}

/* `rel` by name (lp_fs_path_by_name), refusing a leading '/' and an empty result. */
static int normalise_rel(lp_buf *out, const char *rel)
{
	if (*rel == '/' || lp_fs_path_by_name(out, rel) < 0)
		return -1;
	return out->size ? 0 : -1;
}

/*
 * Without openat2(2): one component at a time, never following a symbolic
 * link, so nothing outside the root can be reached (stricter than
 * RESOLVE_BENEATH, which follows links that stay inside).
 */
int lp_fs__open_walk(int rootfd, const char *rel)
{
	lp_buf comp = LP_BUF_INIT;
	const char *p = rel;
	int dirfd = rootfd, fd = -1;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		lp_buf_clear(&comp);
		lp_buf_put(&comp, p, n);
		fd = openat(dirfd, comp.ptr,
			O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | (e ? O_DIRECTORY : 0));
		if (dirfd != rootfd)
			close(dirfd);
		if (fd < 0 || !e)
			break;
		dirfd = fd;
		p = e + 1;
	}
	lp_buf_release(&comp);
	return fd;
}

static int open_beneath(int rootfd, const char *rel)
{
#ifdef HAVE_OPENAT2
	struct open_how how;
	long fd;
	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
	if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) /* EPERM: a seccomp filter that predates openat2 */
		return (int)fd;
#endif
	return lp_fs__open_walk(rootfd, rel);
}

int lp_fs_read_beneath(lp_buf *out, const char *root, const char *rel, size_t max_size)
{
	lp_buf norm = LP_BUF_INIT, shown = LP_BUF_INIT;
	int rootfd = -1, fd, error = LP_ERROR;
	lp_buf_printf(&shown, "%s%s%s", root, root[0] && root[strlen(root) - 1] == '/' ? "" : "/", rel);
	if (normalise_rel(&norm, rel) < 0) {
		lp_error_set(LP_ERROR_IO, "'%s' is outside '%s'", shown.ptr, root);
		goto done;
	}
	rootfd = open(root[0] ? root : ".", O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (rootfd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot open directory '%s': %s", root, strerror(errno));
		error = errno == ENOENT ? LP_ENOTFOUND : LP_ERROR;
		goto done;
	}
	fd = open_beneath(rootfd, norm.ptr);
	if (fd < 0) {
		if (errno == ENOENT) {
			lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", shown.ptr, strerror(errno));
			error = LP_ENOTFOUND;
		} else if (errno == EXDEV || errno == ELOOP) {
			lp_error_set(LP_ERROR_IO, "'%s' is a symbolic link that leads outside '%s'", shown.ptr, root);
		} else {
			lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", shown.ptr, strerror(errno));
		}
		goto done;
	}
	error = read_regular(out, fd, shown.ptr, max_size);
done:
	if (rootfd >= 0)
		close(rootfd);
	lp_buf_release(&norm);
	lp_buf_release(&shown);
	return error;
}

/* `path` (absolute) with ".", ".." and repeated '/' resolved by name. */
static void normalise_abs(lp_buf *out, const char *path)
{
	lp_buf rel = LP_BUF_INIT;
	const char *p = path;
	lp_buf_clear(out);
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(rel.ptr, '/');
			lp_buf_truncate(&rel, slash ? (size_t)(slash - rel.ptr) : 0);
		} else if (n && !(n == 1 && p[0] == '.')) {
			lp_buf_putc(&rel, '/');
			lp_buf_put(&rel, p, n);
		}
		p += n + (e ? 1 : 0);
	}
	lp_buf_puts(out, rel.size ? rel.ptr : "/");
	lp_buf_release(&rel);
}

int lp_fs_read_in(lp_buf *out, const char *root, const char *base, const char *path, size_t max_size)
{
	char realroot[PATH_MAX], realbase[PATH_MAX];
	lp_buf full = LP_BUF_INIT, norm = LP_BUF_INIT;
	size_t rl;
	int error = LP_ERROR;
	if (!realpath(root[0] ? root : ".", realroot)) {
		lp_error_set(LP_ERROR_IO, "cannot resolve the project directory '%s': %s", root, strerror(errno));
		return LP_ERROR;
	}
	if (path[0] == '/') {
		lp_buf_puts(&full, path);
	} else {
		if (!realpath(base && base[0] ? base : ".", realbase)) {
			lp_error_set(LP_ERROR_IO, "cannot resolve '%s': %s", base, strerror(errno));
			goto done;
		}
		lp_buf_printf(&full, "%s/%s", realbase, path);
	}
	normalise_abs(&norm, full.ptr);
	rl = strlen(realroot);
	if (rl == 1) /* the root is "/" */
		rl = 0;
	if (strncmp(norm.ptr, realroot, rl) != 0 || norm.ptr[rl] != '/' || !norm.ptr[rl + 1]) {
		lp_error_set(LP_ERROR_IO, "'%s' is outside the project directory '%s'", norm.ptr, realroot);
		goto done;
	}
	error = lp_fs_read_beneath(out, realroot, norm.ptr + rl + 1, max_size);
done:
	lp_buf_release(&full);
	lp_buf_release(&norm);
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
