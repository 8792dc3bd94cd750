#ifndef LP_GIT_GIT_H
#define LP_GIT_GIT_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Everything logpipe reads through libgit2, and the only place that includes
 * git2.h: a spec and its output read from the index or a revision (so `check`
 * judges what will be committed, never the work tree), and .gitignore for the
 * lint walk. Paths are confined to the repository.
 */

typedef struct lp_git_source lp_git_source;

/*
 * Opens the repository that holds the current directory and reads from its
 * index (`rev` NULL) or from the tree of revision `rev` (a bare repository
 * has no index: only a revision). Caller owns *out;
 * free with lp_git_source_free. Returns 0 or < 0 after lp_error_set.
 */
int lp_git_source_open(lp_git_source **out, const char *rev);
void lp_git_source_free(lp_git_source *s);

/* lp_git_source_read's return when the path is conflicted in the index (a merge in progress). */
#define LP_GIT_ECONFLICT (-20)

/*
 * Appends the blob at `path` (relative to the current directory, or absolute
 * inside the work tree; in a bare repository, which only a revision can be
 * read from, relative to the repository's root) to `out`. Returns 0;
 * LP_ENOTFOUND when absent; LP_GIT_ECONFLICT when it is at merge stages 1-3
 * of the index; LP_ETOOBIG when the blob is larger than `max_size`, decided
 * from the object header before anything is inflated; < 0 otherwise (a
 * symbolic link, a submodule or a directory is refused: its blob is not the
 * file). Every failure has set lp_error with the path as git knows it.
 */
int lp_git_source_read(lp_buf *out, lp_git_source *s, const char *path, size_t max_size);

/* lp_git_source_read in the shape of lp_render_read_fn; `payload` is the source. */
int lp_git_source_read_fn(lp_buf *out, const char *path, size_t max_size, void *payload);

/* 1 when the source reads from the index, 0 for a revision. */
int lp_git_source_is_index(const lp_git_source *s);

/*
 * Appends the work tree of the repository holding directory `start`
 * (absolute, '/'-terminated) to `out`: where CI reports resolve paths.
 * Returns 0; LP_ENOTFOUND outside a work tree (a bare repository too).
 */
int lp_git_workdir(lp_buf *out, const char *start);

typedef struct lp_git_ignore lp_git_ignore;

/*
 * Opens the .gitignore rules of the repository holding `start` (a directory).
 * *out is NULL, and 0 returned, when `start` is not in a work tree: nothing
 * is ignored then. Caller owns *out; free with lp_git_ignore_free.
 */
int lp_git_ignore_open(lp_git_ignore **out, const char *start);
/* 1 when git ignores `path` (a file or directory); 0 when not, or outside the work tree. */
int lp_git_ignore_has(const lp_git_ignore *g, const char *path);
void lp_git_ignore_free(lp_git_ignore *g);

#endif
