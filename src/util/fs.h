#ifndef LP_UTIL_FS_H
#define LP_UTIL_FS_H

#include <stddef.h>

#include "buf.h"

/*
 * Reads a whole file into `out` (appending). Refuses files larger than
 * `max_size` with LP_ETOOBIG before reading them whole. "-" reads stdin.
 * Anything but a regular file (a directory, a FIFO, a device, a socket) is
 * refused with LP_ERROR, without blocking: a FIFO with no writer would
 * otherwise hang the command.
 */
int lp_fs_read(lp_buf *out, const char *path, size_t max_size);

/*
 * `out` := `path` spelled by name only, as git spells paths in a tree: empty
 * and "." components dropped, ".." resolved by name. Returns -1 when a ".."
 * would climb above the start (out then holds what was resolved so far).
 */
int lp_fs_path_by_name(lp_buf *out, const char *path);

/*
 * lp_fs_read of `rel` inside the directory `root`, confined to it: `rel`
 * may not be absolute or climb out with "..", and is resolved without
 * following a symbolic link out of `root` (openat2 RESOLVE_BENEATH; where
 * that is missing, no symbolic link is followed at all). Returns 0;
 * LP_ENOTFOUND when it does not exist; LP_ETOOBIG; LP_ERROR (class
 * LP_ERROR_IO, as for any file that cannot be read).
 */
int lp_fs_read_beneath(lp_buf *out, const char *root, const char *rel, size_t max_size);

/*
 * Reads `path`, relative to the directory `base` (NULL: the current one) or
 * absolute, confined to the directory `root` as lp_fs_read_beneath is: the
 * path is made absolute from the real `base`, its ".." resolved by name,
 * and it must then lie inside the real `root`. For files a configuration
 * names relative to itself, where the project is a directory above it.
 */
int lp_fs_read_in(lp_buf *out, const char *root, const char *base, const char *path, size_t max_size);

/*
 * What lp_fs_read_beneath falls back to without openat2(2): opens `rel`
 * (normalised: no "." or "..") below the directory `rootfd` one component
 * at a time, following no symbolic link at all. Returns a descriptor or -1
 * with errno. Semi-private, for the tests.
 */
int lp_fs__open_walk(int rootfd, const char *rel);

/* "a FIFO", "a character device", ... for a st_mode that is not a regular file; NULL for one. Static. */
const char *lp_fs_special_kind(unsigned mode);

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
