#ifndef LP_UTIL_FS_H
#define LP_UTIL_FS_H

#include <stddef.h>

#include "buf.h"

/*
 * Reads a whole file into `out` (appending). Refuses files larger than
 * `max_size` with LP_ETOOBIG before reading them whole. "-" reads stdin.
 */
int lp_fs_read(lp_buf *out, const char *path, size_t max_size);

/* Creates `path` and its parents (mode 0777 & ~umask); existing dirs are fine. */
int lp_fs_mkdir_p(const char *path);

/*
 * Writes `data` to `path` atomically: a temp file in the same directory,
 * fsync, then rename(2). Readers see either the old file or the new one.
 */
int lp_fs_write_atomic(const char *path, const char *data, size_t len);

/* As lp_fs_write_atomic, for a file being edited in place: the new file keeps the old one's permissions. */
int lp_fs_replace(const char *path, const char *data, size_t len);

/*
 * Creates `path` (which must not exist; symlinks are not followed) with
 * `data`, without syncing: for many files written into a staging directory
 * and flushed once with lp_fs_sync before they are renamed into place.
 */
int lp_fs_write_new(const char *path, const char *data, size_t len);

/* Flushes the file system holding `path` to disk (syncfs on Linux, one call for a whole staging tree). */
int lp_fs_sync(const char *path);

/* 1 if `path` exists (any type), 0 otherwise. */
int lp_fs_exists(const char *path);
int lp_fs_is_dir(const char *path);

#endif
