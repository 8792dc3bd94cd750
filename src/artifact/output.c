#include "artifact/output.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/sha256.h"

#define LOCK_MAX (16u << 20)

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
	lp_buf_printf(&path, "%s/%s", dir, LP_LOCK_FILE);
	if (lp_fs_read(&data, path.ptr, LOCK_MAX) == 0)
		lock = cJSON_ParseWithLength(data.ptr, data.size);
	lp_buf_release(&path);
	lp_buf_release(&data);
	return lock;
}

static void remove_tree(const char *path)
{
	DIR *dh = opendir(path);
	struct dirent *e;
	if (dh) {
		while ((e = readdir(dh)) != NULL) {
			lp_buf child = LP_BUF_INIT;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			lp_buf_printf(&child, "%s/%s", path, e->d_name);
			remove_tree(child.ptr);
			lp_buf_release(&child);
		}
		closedir(dh);
		rmdir(path);
	} else {
		unlink(path);
	}
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

int lp_output_write(const char *dir, const lp_artifact_set *set)
{
	lp_buf staging = LP_BUF_INIT, from = LP_BUF_INIT, to = LP_BUF_INIT, made = LP_BUF_INIT;
	cJSON *old = NULL, *files, *f;
	size_t i;
	int error;

	for (i = 0; i < set->n; i++) {
		if (!safe_relpath(set->v[i].path)) {
			lp_error_set(LP_ERROR_INTERNAL, "refusing to write outside the output directory: '%s'", set->v[i].path);
			return LP_ERROR;
		}
		if (through_symlink(dir, set->v[i].path)) {
			lp_error_set(LP_ERROR_IO, "refusing to write '%s/%s' through a symbolic link; remove the link",
				dir, set->v[i].path);
			return LP_ERROR;
		}
	}
	if ((error = lp_fs_mkdir_p(dir)) < 0)
		return error;
	old = read_old_lock(dir);
	lp_buf_printf(&staging, "%s/.logpipe-staging-XXXXXX", dir);
	if (!mkdtemp(staging.ptr)) {
		lp_error_set(LP_ERROR_IO, "cannot create a staging directory in '%s': %s", dir, strerror(errno));
		error = LP_ERROR;
		goto done;
	}
	for (i = 0; i < set->n; i++) {
		lp_buf_clear(&from);
		lp_buf_printf(&from, "%s/%s", staging.ptr, set->v[i].path);
		if ((error = parent_dirs(&made, from.ptr)) < 0 ||
		    (error = lp_fs_write_new(from.ptr, set->v[i].content.ptr, set->v[i].content.size)) < 0)
			goto cleanup;
	}
	/*
	 * One flush for the whole staging tree (not an fsync per file, which cost
	 * seconds on large specs); after it everything is on disk and can move
	 * into place.
	 */
	if ((error = lp_fs_sync(staging.ptr)) < 0)
		goto cleanup;
	for (i = 0; i < set->n; i++) {
		lp_buf_clear(&from);
		lp_buf_clear(&to);
		lp_buf_printf(&from, "%s/%s", staging.ptr, set->v[i].path);
		lp_buf_printf(&to, "%s/%s", dir, set->v[i].path);
		if ((error = parent_dirs(&made, to.ptr)) < 0)
			goto cleanup;
		if (rename(from.ptr, to.ptr) < 0) {
			lp_error_set(LP_ERROR_IO, "cannot move '%s' into place: %s", to.ptr, strerror(errno));
			error = LP_ERROR;
			goto cleanup;
		}
	}
	files = cJSON_GetObjectItemCaseSensitive(old, "files");
	cJSON_ArrayForEach(f, files) {
		if (!f->string || !safe_relpath(f->string) || lp_artifact_find(set, f->string) ||
		    through_symlink(dir, f->string))
			continue;
		lp_buf_clear(&to);
		lp_buf_printf(&to, "%s/%s", dir, f->string);
		if (!unchanged_since_lock(to.ptr, f))
			continue;
		unlink(to.ptr);
		prune_empty_parents(dir, f->string);
	}
	error = 0;
cleanup:
	remove_tree(staging.ptr);
done:
	cJSON_Delete(old);
	lp_buf_release(&staging);
	lp_buf_release(&made);
	lp_buf_release(&from);
	lp_buf_release(&to);
	return error;
}

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
