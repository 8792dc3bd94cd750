#define _GNU_SOURCE /* flock, fdopendir */
#include "artifact/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/sha256.h"

#define LOCK_MAX (16u << 20)
#define JOURNAL_MAX (256u << 20)
#define JOURNAL "journal"
#define COMMITTED "committed"

/*
 * The transaction, as the journal records it: `del` are stale files moved
 * out first, `mk` the folders created next (parents first), `put` the new
 * files moved in. Live file P is parked at <staging>/old/P while it is
 * replaced; <staging>/new/P is its successor until it moves in. Which of the
 * two exist tells, per file, how far the build got, so rolling back needs no
 * more than the journal and can itself be interrupted and run again.
 */
typedef struct strv {
	char **v;
	size_t n, cap;
} strv;

typedef struct plan {
	strv del, mk, put;
} plan;

struct lp_output {
	char *dir;
	int lock_fd; /* -1 until the lock is held */
	size_t rolled_back, finished, cleared;
};

static void strv_push(strv *s, const char *p)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = lp_realloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = lp_strdup(p);
}

static int strv_has(const strv *s, const char *p)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], p))
			return 1;
	return 0;
}

static void strv_release(strv *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		lp_free(s->v[i]);
	lp_free(s->v);
	memset(s, 0, sizeof(*s));
}

static void plan_release(plan *p)
{
	strv_release(&p->del);
	strv_release(&p->mk);
	strv_release(&p->put);
}

/* `b` = base[/mid]/rel; returns b->ptr. */
static const char *at(lp_buf *b, const char *base, const char *mid, const char *rel)
{
	lp_buf_clear(b);
	lp_buf_puts(b, base);
	if (mid) {
		lp_buf_putc(b, '/');
		lp_buf_puts(b, mid);
	}
	if (rel) {
		lp_buf_putc(b, '/');
		lp_buf_puts(b, rel);
	}
	return b->ptr;
}

static int lexists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int safe_relpath(const char *p)
{
	const char *s = p;
	if (!*p || *p == '/')
		return 0;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n + (e ? 1 : 0);
	}
	return 1;
}

/*
 * The output directory is usually committed, and so is its lock: a repository
 * can plant a symlink (generated/ecs -> ~/.ssh) and list any file in the lock.
 * Nothing is written or removed through a symlinked directory below `dir`.
 */
static int through_symlink(const char *dir, const char *rel)
{
	lp_buf p = LP_BUF_INIT;
	const char *s = rel, *slash;
	struct stat st;
	int link = 0;
	lp_buf_puts(&p, dir);
	while (!link && (slash = strchr(s, '/')) != NULL) {
		lp_buf_putc(&p, '/');
		lp_buf_put(&p, s, (size_t)(slash - s));
		link = lstat(p.ptr, &st) == 0 && S_ISLNK(st.st_mode);
		s = slash + 1;
	}
	lp_buf_release(&p);
	return link;
}

/* A stale file is removed only while it is the output the lock recorded, never a file someone else put there. */
static int unchanged_since_lock(const char *path, const cJSON *hash)
{
	lp_buf data = LP_BUF_INIT;
	char hex[65];
	struct stat st;
	int same = 0;
	if (cJSON_IsString(hash) && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    lp_fs_read(&data, path, LP_BUF_MAX) == 0) {
		lp_sha256_hex(hex, data.ptr, data.size);
		same = !strcmp(hex, hash->valuestring);
	}
	lp_buf_release(&data);
	return same;
}

/*
 * Creates the folders above `path`. Artifacts arrive sorted, so siblings share
 * a parent: `made` remembers the last one created and spares a mkdir per
 * component for every file of a folder.
 */
static int parent_dirs(lp_buf *made, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	char *copy;
	int error;
	if (!slash || (made->size == len && !memcmp(made->ptr, path, len)))
		return 0;
	copy = lp_strndup(path, len);
	error = lp_fs_mkdir_p(copy);
	lp_free(copy);
	lp_buf_clear(made);
	if (!error)
		lp_buf_put(made, path, len);
	return error;
}

/* The previous lock's file list (caller frees with cJSON_Delete), or NULL. */
static cJSON *read_old_lock(const char *dir)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	cJSON *lock = NULL;
	struct stat st;
	lp_buf_printf(&path, "%s/%s", dir, LP_LOCK_FILE);
	/* Only a regular file: a FIFO planted as the lock would block the read forever. */
	if (lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) && lp_fs_read(&data, path.ptr, LOCK_MAX) == 0)
		lock = cJSON_ParseWithLength(data.ptr, data.size);
	lp_buf_release(&path);
	lp_buf_release(&data);
	return lock;
}

/*
 * Removes `path` and everything below it without following a symbolic link:
 * a staging folder found in a committed output directory may hold one that
 * points at the user's home.
 */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *dh;
	struct dirent *e;
	int fd;
	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	if ((dh = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(dh)) != NULL) {
		lp_buf child = LP_BUF_INIT;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		remove_tree(at(&child, path, NULL, e->d_name));
		lp_buf_release(&child);
	}
	closedir(dh);
	rmdir(path);
}

/* Removes now-empty parents of `rel` below `dir`, so stale folders disappear too. */
static void prune_empty_parents(const char *dir, const char *rel)
{
	lp_buf p = LP_BUF_INIT;
	char *slash;
	lp_buf_printf(&p, "%s/%s", dir, rel);
	while ((slash = strrchr(p.ptr, '/')) != NULL && (size_t)(slash - p.ptr) > strlen(dir)) {
		lp_buf_truncate(&p, (size_t)(slash - p.ptr));
		if (rmdir(p.ptr) < 0)
			break;
	}
	lp_buf_release(&p);
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, strerror(errno));
		return LP_ERROR;
	}
	rc = fsync(fd);
	close(fd);
	if (rc < 0) {
		lp_error_set(LP_ERROR_IO, "cannot flush '%s' to disk: %s", path, strerror(errno));
		return LP_ERROR;
	}
	return 0;
}

/* Creates `path` with `data` and flushes it: the journal and the commit marker must be on disk before what they order. */
static int write_synced(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t off = 0;
	if (fd < 0) {
		lp_error_set(LP_ERROR_IO, "cannot create '%s': %s", path, strerror(errno));
		return LP_ERROR;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	lp_error_set(LP_ERROR_IO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(path);
	return LP_ERROR;
}

static int move(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return 0;
	lp_error_set(LP_ERROR_IO, "cannot move '%s' to '%s': %s", from, to, strerror(errno));
	return LP_ERROR;
}

/* ---- the build lock ------------------------------------------------------ */

/* The pid recorded in the open lock file `fd`, or 0. */
static long lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	long pid;
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return pid > 0 && (*end == '\n' || *end == '\0') ? pid : 0;
}

/*
 * flock(2) on `<dir>/.logpipe-build.lock`: the kernel drops it when the holder
 * dies, so a killed build never leaves the directory locked. The holder
 * unlinks the file before releasing it, so a build that opened the file just
 * before that checks it still locked the name's current file, else tries again.
 */
static int take_lock(lp_output *o)
{
	lp_buf path = LP_BUF_INIT;
	int error = LP_ERROR, fd = -1, tries;
	at(&path, o->dir, NULL, LP_OUTPUT_BUILD_LOCK);
	for (tries = 0; tries < 100; tries++) {
		struct stat a, b;
		char pid[32];
		int n;
		fd = open(path.ptr, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
		if (fd < 0) {
			lp_error_set(LP_ERROR_IO, "cannot create the build lock '%s': %s", path.ptr, strerror(errno));
			goto done;
		}
		if (fstat(fd, &a) < 0 || !S_ISREG(a.st_mode)) {
			lp_error_set(LP_ERROR_IO, "'%s' is not a regular file; remove it", path.ptr);
			goto done;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			long holder = errno == EWOULDBLOCK ? lock_holder(fd) : 0;
			if (errno != EWOULDBLOCK)
				lp_error_set(LP_ERROR_IO, "cannot lock '%s': %s", path.ptr, strerror(errno));
			else if (holder)
				lp_error_set(LP_ERROR_IO, "'%s' is being written by another logpipe build (pid %ld); "
					"logpipe does not wait: run this build again when that one has finished", o->dir, holder);
			else
				lp_error_set(LP_ERROR_IO, "'%s' is being written by another logpipe build; "
					"logpipe does not wait: run this build again when that one has finished", o->dir);
			goto done;
		}
		if (lstat(path.ptr, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
			close(fd);
			fd = -1;
			continue;
		}
		n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
			lp_error_set(LP_ERROR_IO, "cannot write the build lock '%s': %s", path.ptr, strerror(errno));
			unlink(path.ptr);
			goto done;
		}
		o->lock_fd = fd;
		fd = -1;
		error = 0;
		goto done;
	}
	lp_error_set(LP_ERROR_IO, "cannot take the build lock '%s': it keeps being replaced", path.ptr);
done:
	if (fd >= 0)
		close(fd);
	lp_buf_release(&path);
	return error;
}

static void release_lock(lp_output *o)
{
	lp_buf path = LP_BUF_INIT;
	if (o->lock_fd < 0)
		return;
	unlink(at(&path, o->dir, NULL, LP_OUTPUT_BUILD_LOCK));
	close(o->lock_fd);
	o->lock_fd = -1;
	lp_buf_release(&path);
}

/* ---- the journal ---------------------------------------------------------- */

static void add_list(cJSON *j, const char *key, const strv *s)
{
	cJSON *a = cJSON_AddArrayToObject(j, key);
	size_t i;
	for (i = 0; i < s->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(s->v[i]));
}

/* Written whole under a temporary name, flushed, then renamed: a journal that exists is complete. */
static int write_journal(const char *stage, const plan *p)
{
	lp_buf tmp = LP_BUF_INIT, path = LP_BUF_INIT;
	cJSON *j = cJSON_CreateObject();
	char *text;
	int error;
	cJSON_AddNumberToObject(j, "logpipe_journal", 1);
	add_list(j, "del", &p->del);
	add_list(j, "mkdir", &p->mk);
	add_list(j, "put", &p->put);
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!text)
		LP_BUG("out of memory printing the journal");
	at(&tmp, stage, NULL, JOURNAL ".tmp");
	if ((error = write_synced(tmp.ptr, text, strlen(text))) == 0 &&
	    (error = move(tmp.ptr, at(&path, stage, NULL, JOURNAL))) == 0)
		error = fsync_dir(stage);
	cJSON_free(text);
	lp_buf_release(&tmp);
	lp_buf_release(&path);
	return error;
}

static int read_list(strv *out, const cJSON *j, const char *key, const char *dir)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, key), *e;
	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(e, a) {
		/* A journal comes from a directory anyone may have committed: confine it as a lock is. */
		if (!cJSON_IsString(e) || !safe_relpath(e->valuestring) || through_symlink(dir, e->valuestring))
			return -1;
		strv_push(out, e->valuestring);
	}
	return 0;
}

static int read_journal(plan *p, const char *dir, const char *stage)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	cJSON *j = NULL;
	int error = LP_ERROR;
	struct stat st;
	at(&path, stage, NULL, JOURNAL);
	if (lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) && lp_fs_read(&data, path.ptr, JOURNAL_MAX) == 0)
		j = cJSON_ParseWithLength(data.ptr, data.size);
	if (j && cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "logpipe_journal")) == 1 &&
	    read_list(&p->del, j, "del", dir) == 0 && read_list(&p->mk, j, "mkdir", dir) == 0 &&
	    read_list(&p->put, j, "put", dir) == 0)
		error = 0;
	else
		lp_error_set(LP_ERROR_IO, "the journal '%s' of an interrupted build is damaged; move '%s' out of the "
			"output directory and check what it holds", path.ptr, stage);
	cJSON_Delete(j);
	lp_buf_release(&path);
	lp_buf_release(&data);
	return error;
}

/* ---- moving, rolling back, finishing -------------------------------------- */

static int apply(const char *dir, const char *stage, const plan *p)
{
	lp_buf live = LP_BUF_INIT, side = LP_BUF_INIT;
	size_t i;
	int error = 0;
	for (i = 0; i < p->del.n && !error; i++)
		error = move(at(&live, dir, NULL, p->del.v[i]), at(&side, stage, "old", p->del.v[i]));
	for (i = 0; i < p->mk.n && !error; i++) {
		if (mkdir(at(&live, dir, NULL, p->mk.v[i]), 0777) < 0 && errno != EEXIST) {
			lp_error_set(LP_ERROR_IO, "cannot create directory '%s': %s", live.ptr, strerror(errno));
			error = LP_ERROR;
		}
	}
	for (i = 0; i < p->put.n && !error; i++) {
		at(&live, dir, NULL, p->put.v[i]);
		if (lexists(live.ptr) && (error = move(live.ptr, at(&side, stage, "old", p->put.v[i]))) < 0)
			break;
		if (rename(at(&side, stage, "new", p->put.v[i]), live.ptr) < 0) {
			lp_error_set(LP_ERROR_IO, "cannot move '%s' into place: %s", live.ptr, strerror(errno));
			error = LP_ERROR;
		}
	}
	lp_buf_release(&live);
	lp_buf_release(&side);
	return error;
}

/*
 * Undoes `apply` from whatever point it reached, by the inverse renames, in
 * the inverse order: a new file goes back to new/ before its predecessor
 * comes back from old/, so running this again after it was interrupted sees
 * a consistent state and finishes the job.
 */
static int rollback(const char *dir, const char *stage, const plan *p)
{
	lp_buf live = LP_BUF_INIT, old = LP_BUF_INIT, fresh = LP_BUF_INIT;
	size_t i;
	int error = 0;
	for (i = p->put.n; i-- > 0;) {
		const char *rel = p->put.v[i];
		int parked = lexists(at(&old, stage, "old", rel));
		if (!lexists(at(&fresh, stage, "new", rel)) && lexists(at(&live, dir, NULL, rel)) &&
		    move(live.ptr, fresh.ptr) < 0)
			error = LP_ERROR;
		else if (parked && move(old.ptr, at(&live, dir, NULL, rel)) < 0)
			error = LP_ERROR;
	}
	for (i = p->mk.n; i-- > 0;)
		rmdir(at(&live, dir, NULL, p->mk.v[i])); /* only if empty: a file someone put there since stays */
	for (i = p->del.n; i-- > 0;)
		if (lexists(at(&old, stage, "old", p->del.v[i])) && move(old.ptr, at(&live, dir, NULL, p->del.v[i])) < 0)
			error = LP_ERROR;
	lp_buf_release(&live);
	lp_buf_release(&old);
	lp_buf_release(&fresh);
	return error;
}

/* The journal goes first: a staging folder without one is known to be litter whatever else it still holds. */
static void discard(const char *stage)
{
	lp_buf path = LP_BUF_INIT;
	unlink(at(&path, stage, NULL, JOURNAL));
	remove_tree(stage);
	lp_buf_release(&path);
}

static void finish(const char *dir, const char *stage, const plan *p)
{
	size_t i;
	discard(stage);
	for (i = 0; i < p->del.n; i++)
		prune_empty_parents(dir, p->del.v[i]);
}

/* Rolls back an uncommitted transaction found in `stage` and discards it. */
static int roll_back_found(const char *dir, const char *stage, const plan *p)
{
	int error = rollback(dir, stage, p);
	/* What the journal ordered must be undone on disk before the journal may go. */
	if (!error)
		error = lp_fs_sync(stage);
	if (!error)
		discard(stage);
	return error;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The staging folders in `dir`, sorted (caller releases). */
static void list_staging(strv *out, const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	if (!dh)
		return;
	while ((e = readdir(dh)) != NULL)
		if (!strncmp(e->d_name, LP_OUTPUT_STAGING_PREFIX, strlen(LP_OUTPUT_STAGING_PREFIX)))
			strv_push(out, e->d_name);
	closedir(dh);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static int recover(lp_output *o)
{
	strv names = { 0 };
	lp_buf stage = LP_BUF_INIT, path = LP_BUF_INIT;
	size_t i;
	int error = 0;
	list_staging(&names, o->dir);
	for (i = 0; i < names.n && !error; i++) {
		plan p = { { 0 }, { 0 }, { 0 } };
		struct stat st;
		if (lstat(at(&stage, o->dir, NULL, names.v[i]), &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (!lexists(at(&path, stage.ptr, NULL, JOURNAL))) {
			/* stopped before the journal: nothing live was touched */
			remove_tree(stage.ptr);
			o->cleared++;
			continue;
		}
		if ((error = read_journal(&p, o->dir, stage.ptr)) == 0) {
			if (lexists(at(&path, stage.ptr, NULL, COMMITTED))) {
				finish(o->dir, stage.ptr, &p);
				o->finished++;
			} else if ((error = roll_back_found(o->dir, stage.ptr, &p)) == 0) {
				o->rolled_back++;
			} else {
				lp_error_set(LP_ERROR_IO, "cannot roll back the interrupted build in '%s': %s", stage.ptr,
					lp_error_last());
			}
		}
		plan_release(&p);
	}
	strv_release(&names);
	lp_buf_release(&stage);
	lp_buf_release(&path);
	return error;
}

/* ---- the transaction ------------------------------------------------------ */

int lp_output_open(lp_output **out, const char *dir)
{
	lp_output *o = lp_malloc(sizeof(*o));
	int error = 0;
	memset(o, 0, sizeof(*o));
	o->dir = lp_strdup(dir);
	o->lock_fd = -1;
	if (lp_fs_is_dir(dir) && ((error = take_lock(o)) < 0 || (error = recover(o)) < 0)) {
		lp_output_close(o);
		return error;
	}
	*out = o;
	return 0;
}

void lp_output_recovered(const lp_output *o, size_t *rolled_back, size_t *finished, size_t *cleared)
{
	*rolled_back = o->rolled_back;
	*finished = o->finished;
	*cleared = o->cleared;
}

void lp_output_close(lp_output *o)
{
	if (!o)
		return;
	release_lock(o);
	lp_free(o->dir);
	lp_free(o);
}

/*
 * Everything that would make a rename fail for a reason known in advance is
 * refused here, before anything live changes: a file or a symlink where a
 * folder must be, a folder where a file must be, a folder that cannot be
 * written, another file system (rename cannot cross one). `checked` is the
 * last parent verified: artifacts are sorted, so siblings are checked once.
 */
static int preflight(plan *p, lp_buf *checked, const char *dir, dev_t dev, const char *rel, int is_put)
{
	lp_buf path = LP_BUF_INIT;
	const char *slash = strrchr(rel, '/'), *s;
	size_t plen = slash ? (size_t)(slash - rel) : 0;
	struct stat st;
	size_t deepest = 0;
	int missing = 0, error = 0;

	if (!(checked->size == plen && checked->ptr && !memcmp(checked->ptr, rel, plen) && plen)) {
		for (s = rel; !error && (slash = strchr(s, '/')) != NULL; s = slash + 1) {
			char *comp = lp_strndup(rel, (size_t)(slash - rel));
			if (!missing) {
				at(&path, dir, NULL, comp);
				if (lstat(path.ptr, &st) < 0) {
					missing = 1;
				} else if (S_ISLNK(st.st_mode)) {
					lp_error_set(LP_ERROR_IO, "refusing to write '%s/%s' through a symbolic link; remove the link",
						dir, rel);
					error = LP_ERROR;
				} else if (!S_ISDIR(st.st_mode)) {
					if (!strv_has(&p->del, comp)) {
						lp_error_set(LP_ERROR_IO, "'%s' is in the way: logpipe writes files below it; "
							"move it out of the output directory", path.ptr);
						error = LP_ERROR;
					}
					missing = 1;
				} else if (st.st_dev != dev) {
					lp_error_set(LP_ERROR_IO, "'%s' is on another file system than '%s': logpipe replaces "
						"its output by renames inside one", path.ptr, dir);
					error = LP_ERROR;
				}
			}
			if (missing && !error && !strv_has(&p->mk, comp))
				strv_push(&p->mk, comp);
			if (!missing)
				deepest = (size_t)(slash - rel);
			lp_free(comp);
		}
		/* the deepest folder that exists takes the new name */
		if (!error) {
			at(&path, dir, NULL, NULL);
			if (deepest)
				lp_buf_printf(&path, "/%.*s", (int)deepest, rel);
			if (access(path.ptr, W_OK | X_OK) < 0) {
				lp_error_set(LP_ERROR_IO, "cannot write into '%s': %s", path.ptr, strerror(errno));
				error = LP_ERROR;
			}
		}
		lp_buf_clear(checked);
		if (!error)
			lp_buf_put(checked, rel, plen);
	}
	if (!error && is_put && lstat(at(&path, dir, NULL, rel), &st) == 0 && S_ISDIR(st.st_mode)) {
		lp_error_set(LP_ERROR_IO, "'%s' is a directory where logpipe writes a file; move it out of the "
			"output directory", path.ptr);
		error = LP_ERROR;
	}
	lp_buf_release(&path);
	return error;
}

/* The plan: stale files of the previous lock that still hold what logpipe wrote, then every artifact. */
static int make_plan(plan *p, const char *dir, const lp_artifact_set *set)
{
	lp_buf path = LP_BUF_INIT, checked = LP_BUF_INIT;
	cJSON *old = read_old_lock(dir), *f;
	struct stat st;
	size_t i;
	int error = 0;

	if (stat(dir, &st) < 0) {
		lp_error_set(LP_ERROR_IO, "cannot read '%s': %s", dir, strerror(errno));
		error = LP_ERROR;
		goto done;
	}
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(old, "files")) {
		if (!f->string || !safe_relpath(f->string) || lp_artifact_find(set, f->string) ||
		    through_symlink(dir, f->string) || !unchanged_since_lock(at(&path, dir, NULL, f->string), f))
			continue;
		if ((error = preflight(p, &checked, dir, st.st_dev, f->string, 0)) < 0)
			goto done;
		strv_push(&p->del, f->string);
	}
	lp_buf_clear(&checked);
	for (i = 0; i < set->n && !error; i++) {
		if ((error = preflight(p, &checked, dir, st.st_dev, set->v[i].path, 1)) == 0)
			strv_push(&p->put, set->v[i].path);
	}
done:
	cJSON_Delete(old);
	lp_buf_release(&path);
	lp_buf_release(&checked);
	return error;
}

/* Every new file under <stage>/new, and the folders to park the old ones in under <stage>/old. */
static int stage_files(const char *stage, const plan *p, const lp_artifact_set *set)
{
	lp_buf path = LP_BUF_INIT, made_new = LP_BUF_INIT, made_old = LP_BUF_INIT;
	size_t i;
	int error = 0;
	/* Git then ignores a staging folder a killed build left, so it is not committed by accident. */
	error = lp_fs_write_new(at(&path, stage, NULL, ".gitignore"), "*\n", 2);
	for (i = 0; i < set->n && !error; i++) {
		if ((error = parent_dirs(&made_new, at(&path, stage, "new", set->v[i].path))) == 0 &&
		    (error = lp_fs_write_new(path.ptr, set->v[i].content.ptr, set->v[i].content.size)) == 0)
			error = parent_dirs(&made_old, at(&path, stage, "old", set->v[i].path));
	}
	for (i = 0; i < p->del.n && !error; i++)
		error = parent_dirs(&made_old, at(&path, stage, "old", p->del.v[i]));
	/*
	 * One flush for the whole staging tree (not an fsync per file, which cost
	 * seconds on large specs): the files are on disk before the journal that
	 * will move them.
	 */
	if (!error)
		error = lp_fs_sync(stage);
	lp_buf_release(&path);
	lp_buf_release(&made_new);
	lp_buf_release(&made_old);
	return error;
}

int lp_output_commit(lp_output *o, const lp_artifact_set *set)
{
	plan p = { { 0 }, { 0 }, { 0 } };
	lp_buf stage = LP_BUF_INIT, path = LP_BUF_INIT;
	size_t i;
	int error;

	for (i = 0; i < set->n; i++) {
		if (!safe_relpath(set->v[i].path)) {
			lp_error_set(LP_ERROR_INTERNAL, "refusing to write outside the output directory: '%s'", set->v[i].path);
			return LP_ERROR;
		}
	}
	if (o->lock_fd < 0 &&
	    ((error = lp_fs_mkdir_p(o->dir)) < 0 || (error = take_lock(o)) < 0 || (error = recover(o)) < 0))
		return error;
	if ((error = make_plan(&p, o->dir, set)) < 0)
		goto done;
	lp_buf_printf(&stage, "%s/" LP_OUTPUT_STAGING_PREFIX "XXXXXX", o->dir);
	if (!mkdtemp(stage.ptr)) {
		lp_error_set(LP_ERROR_IO, "cannot create a staging directory in '%s': %s", o->dir, strerror(errno));
		error = LP_ERROR;
		goto done;
	}
	if ((error = stage_files(stage.ptr, &p, set)) < 0 || (error = write_journal(stage.ptr, &p)) < 0) {
		remove_tree(stage.ptr);
		goto done;
	}
	if ((error = apply(o->dir, stage.ptr, &p)) < 0) {
		lp_buf why = LP_BUF_INIT;
		lp_buf_puts(&why, lp_error_last());
		if (roll_back_found(o->dir, stage.ptr, &p) < 0)
			lp_error_set(LP_ERROR_IO, "%s; restoring the previous output failed too (%s): the next build "
				"finishes restoring it", why.ptr, lp_error_last());
		else
			lp_error_set(LP_ERROR_IO, "%s; the previous output is unchanged", why.ptr);
		lp_buf_release(&why);
		goto done;
	}
	/* The renames are on disk before the marker that makes them final. */
	if ((error = lp_fs_sync(stage.ptr)) < 0 ||
	    (error = write_synced(at(&path, stage.ptr, NULL, COMMITTED), "1\n", 2)) < 0 ||
	    (error = fsync_dir(stage.ptr)) < 0) {
		lp_buf why = LP_BUF_INIT;
		lp_buf_puts(&why, lp_error_last());
		if (roll_back_found(o->dir, stage.ptr, &p) == 0)
			lp_error_set(LP_ERROR_IO, "%s; the previous output is unchanged", why.ptr);
		lp_buf_release(&why);
		goto done;
	}
	finish(o->dir, stage.ptr, &p);
done:
	plan_release(&p);
	lp_buf_release(&stage);
	lp_buf_release(&path);
	return error;
}

int lp_output_write(const char *dir, const lp_artifact_set *set)
{
	lp_output *o;
	int error;
	if ((error = lp_output_open(&o, dir)) < 0)
		return error;
	error = lp_output_commit(o, set);
	lp_output_close(o);
	return error;
}

int lp_output_pending(size_t *n, lp_buf *report, const char *dir)
{
	strv names = { 0 };
	lp_buf path = LP_BUF_INIT;
	struct stat st;
	size_t i;
	int fd;
	*n = 0;
	fd = open(at(&path, dir, NULL, LP_OUTPUT_BUILD_LOCK), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		/* A killed build leaves the file, not the lock: only a live holder counts. */
		long pid = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? lock_holder(fd) : 0;
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
			lp_buf_printf(report, "busy: '%s' is being written by a logpipe build (pid %ld) now\n", dir, pid);
			(*n)++;
		}
		close(fd);
	}
	list_staging(&names, dir);
	for (i = 0; i < names.n; i++) {
		if (lstat(at(&path, dir, NULL, names.v[i]), &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		lp_buf_printf(report, "interrupted: %s (a build stopped part-way; the next 'logpipe build' rolls it back "
			"or finishes it)\n", path.ptr);
		(*n)++;
	}
	strv_release(&names);
	lp_buf_release(&path);
	return 0;
}

/* ---- drift ---------------------------------------------------------------- */

void lp_output_drift_line(lp_buf *report, const char *path, const lp_buf *data, const cJSON *locked)
{
	char hex[65];
	if (data && cJSON_IsString(locked)) {
		lp_sha256_hex(hex, data->ptr, data->size);
		if (strcmp(hex, locked->valuestring) != 0) {
			lp_buf_printf(report, "edited: %s (changed since logpipe wrote it; build overwrites it)\n", path);
			return;
		}
	}
	lp_buf_printf(report, "differs: %s\n", path);
}

int lp_output_compare(size_t *ndiff, lp_buf *report, const char *dir, const lp_artifact_set *set)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	cJSON *old = read_old_lock(dir), *f;
	size_t i;
	*ndiff = 0;
	for (i = 0; i < set->n; i++) {
		int rc;
		lp_buf_clear(&path);
		lp_buf_clear(&data);
		lp_buf_printf(&path, "%s/%s", dir, set->v[i].path);
		rc = lp_fs_read(&data, path.ptr, LP_BUF_MAX);
		if (rc == LP_ENOTFOUND) {
			lp_buf_printf(report, "missing: %s\n", path.ptr);
			(*ndiff)++;
		} else if (rc < 0 || data.size != set->v[i].content.size ||
			   memcmp(data.ptr, set->v[i].content.ptr, data.size) != 0) {
			lp_output_drift_line(report, path.ptr, rc < 0 ? NULL : &data,
				cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(old, "files"), set->v[i].path));
			(*ndiff)++;
		}
	}
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(old, "files")) {
		if (!f->string || lp_artifact_find(set, f->string))
			continue;
		lp_buf_clear(&path);
		lp_buf_printf(&path, "%s/%s", dir, f->string);
		if (lp_fs_exists(path.ptr)) {
			lp_buf_printf(report, "stale: %s (no longer generated)\n", path.ptr);
			(*ndiff)++;
		}
	}
	cJSON_Delete(old);
	lp_buf_release(&path);
	lp_buf_release(&data);
	return 0;
}
