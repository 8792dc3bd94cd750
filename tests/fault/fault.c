/*
 * A fault-injection shim for tests, loaded with LD_PRELOAD: it counts the
 * file-system calls that change or flush files and makes the N-th one fail
 * or kills the process there, so a test can prove the output directory
 * survives a failure at every point rather than at the few it happens to hit.
 *
 *   LP_FAULT_AT=N        the N-th counted call (1-based) is hit; unset or 0: none
 *   LP_FAULT_ACTION=A    eio | enospc | eacces | exdev | kill (SIGKILL) | abort, or stall:
 *                        sleep LP_FAULT_STALL_MS (default 2000) and carry on; default eio
 *   LP_FAULT_OPS=a,b     count only these: open (for writing), write, fsync (also
 *                        fdatasync, syncfs), rename, unlink (also rmdir), mkdir; default all
 *   LP_FAULT_MATCH=S     count only calls on a path containing S (fd calls: on a
 *                        file opened by such a path; rename: either name); default every path
 *   LP_FAULT_STICKY=1    every counted call from the N-th on fails, not only the N-th
 *   LP_FAULT_COUNT=FILE  at exit, write the number of counted calls to FILE
 *
 * Test-only: built by tests/fault/meson.build, never installed or linked.
 */
#define _GNU_SOURCE
/* Both the plain and the *64 entry points are defined below: the build asks for 64-bit offsets. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { OP_OPEN = 1, OP_WRITE = 2, OP_FSYNC = 4, OP_RENAME = 8, OP_UNLINK = 16, OP_MKDIR = 32, OP_ALL = 63 };
#define MAX_FD 65536

static int ready, ops = OP_ALL, sticky, action_errno = EIO, action_kill, action_abort, action_stall;
static long at_n, count;
static const char *match, *count_file;
static unsigned char tracked[MAX_FD];

static void setup(void)
{
	const char *s;
	if (ready)
		return;
	ready = 1;
	at_n = (s = getenv("LP_FAULT_AT")) ? atol(s) : 0;
	match = getenv("LP_FAULT_MATCH");
	if (match && !*match)
		match = NULL;
	count_file = getenv("LP_FAULT_COUNT");
	sticky = (s = getenv("LP_FAULT_STICKY")) && *s == '1';
	if ((s = getenv("LP_FAULT_OPS")) && *s && strcmp(s, "all")) {
		ops = 0;
		if (strstr(s, "open"))
			ops |= OP_OPEN;
		if (strstr(s, "write"))
			ops |= OP_WRITE;
		if (strstr(s, "fsync"))
			ops |= OP_FSYNC;
		if (strstr(s, "rename"))
			ops |= OP_RENAME;
		if (strstr(s, "unlink"))
			ops |= OP_UNLINK;
		if (strstr(s, "mkdir"))
			ops |= OP_MKDIR;
	}
	if ((s = getenv("LP_FAULT_ACTION")) != NULL) {
		if (!strcmp(s, "enospc"))
			action_errno = ENOSPC;
		else if (!strcmp(s, "eacces"))
			action_errno = EACCES;
		else if (!strcmp(s, "exdev"))
			action_errno = EXDEV;
		else if (!strcmp(s, "kill"))
			action_kill = 1;
		else if (!strcmp(s, "abort"))
			action_abort = 1;
		else if (!strcmp(s, "stall"))
			action_stall = 1;
	}
}

__attribute__((destructor)) static void report(void)
{
	FILE *f;
	if (count_file && (f = fopen(count_file, "w")) != NULL) {
		fprintf(f, "%ld\n", count);
		fclose(f);
	}
}

static int matches(const char *path)
{
	return !match || (path && strstr(path, match));
}

/* 1: the call must fail with errno set; it may also not return at all. */
static int hit(int op)
{
	setup();
	if (!(ops & op))
		return 0;
	count++;
	if (!at_n || (sticky ? count < at_n : count != at_n))
		return 0;
	if (action_kill)
		raise(SIGKILL);
	if (action_abort)
		abort();
	if (action_stall) {
		const char *ms = getenv("LP_FAULT_STALL_MS");
		long t = ms ? atol(ms) : 2000;
		struct timespec ts = { t / 1000, (t % 1000) * 1000000L };
		nanosleep(&ts, NULL);
		return 0;
	}
	errno = action_errno;
	return 1;
}

static int hit_path(int op, const char *path)
{
	setup();
	return matches(path) && hit(op);
}

/* A rename counts when either name matches: a file moved into or out of the place under test. */
static int hit_rename(const char *from, const char *to)
{
	setup();
	return (matches(from) || matches(to)) && hit(OP_RENAME);
}

static int hit_fd(int op, int fd)
{
	setup();
	return fd >= 0 && fd < MAX_FD && tracked[fd] && hit(op);
}

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int writes(int flags)
{
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static int track(int fd, const char *path)
{
	if (fd >= 0 && fd < MAX_FD)
		tracked[fd] = (unsigned char)matches(path);
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	REAL(open);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (writes(flags) && hit_path(OP_OPEN, path))
		return -1;
	return track(real_open(path, flags, mode), path);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	REAL(open64);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (writes(flags) && hit_path(OP_OPEN, path))
		return -1;
	return track(real_open64(path, flags, mode), path);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	REAL(openat);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (writes(flags) && hit_path(OP_OPEN, path))
		return -1;
	return track(real_openat(dirfd, path, flags, mode), path);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	REAL(openat64);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (writes(flags) && hit_path(OP_OPEN, path))
		return -1;
	return track(real_openat64(dirfd, path, flags, mode), path);
}

int close(int fd)
{
	REAL(close);
	if (fd >= 0 && fd < MAX_FD)
		tracked[fd] = 0;
	return real_close(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (hit_fd(OP_WRITE, fd))
		return -1;
	return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	if (hit_fd(OP_WRITE, fd))
		return -1;
	return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	if (hit_fd(OP_WRITE, fd))
		return -1;
	return real_pwrite64(fd, buf, n, off);
}

int fsync(int fd)
{
	REAL(fsync);
	if (hit_fd(OP_FSYNC, fd))
		return -1;
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	if (hit_fd(OP_FSYNC, fd))
		return -1;
	return real_fdatasync(fd);
}

int syncfs(int fd)
{
	REAL(syncfs);
	if (hit_fd(OP_FSYNC, fd))
		return -1;
	return real_syncfs(fd);
}

int rename(const char *from, const char *to)
{
	REAL(rename);
	if (hit_rename(from, to))
		return -1;
	return real_rename(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	REAL(renameat);
	if (hit_rename(from, to))
		return -1;
	return real_renameat(fd1, from, fd2, to);
}

int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned int flags)
{
	REAL(renameat2);
	if (hit_rename(from, to))
		return -1;
	return real_renameat2(fd1, from, fd2, to, flags);
}

int unlink(const char *path)
{
	REAL(unlink);
	if (hit_path(OP_UNLINK, path))
		return -1;
	return real_unlink(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	REAL(unlinkat);
	if (hit_path(OP_UNLINK, path))
		return -1;
	return real_unlinkat(dirfd, path, flags);
}

int rmdir(const char *path)
{
	REAL(rmdir);
	if (hit_path(OP_UNLINK, path))
		return -1;
	return real_rmdir(path);
}

int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	if (hit_path(OP_MKDIR, path))
		return -1;
	return real_mkdir(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	REAL(mkdirat);
	if (hit_path(OP_MKDIR, path))
		return -1;
	return real_mkdirat(dirfd, path, mode);
}

/* glibc creates the folder with an internal mkdir this shim cannot see. */
char *mkdtemp(char *tmpl)
{
	REAL(mkdtemp);
	if (hit_path(OP_MKDIR, tmpl))
		return NULL;
	return real_mkdtemp(tmpl);
}
