#include "git/git.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"

struct lp_git_source {
	git_repository *repo;
	git_index *index; /* rev NULL */
	git_tree *tree;   /* rev given */
	lp_buf prefix;    /* cwd relative to the work tree root, with trailing '/', or "" */
	const char *workdir; /* absolute, with trailing '/'; borrowed from repo */
};

/*
 * The index and trees know only canonical paths ("a/b", never "./a//b/" or
 * "x/../a/b"), so a path spelled the way shells and users spell them would
 * look absent and every generated file would count as missing.
 */
static int repo_path(lp_buf *out, const lp_git_source *s, const char *path)
{
	lp_buf in = LP_BUF_INIT;
	int error = 0;
	size_t wdlen = strlen(s->workdir);
	if (path[0] == '/') {
		if (!wdlen) {
			lp_error_set(LP_ERROR_IO, "'%s' is an absolute path, and a bare repository has no work tree it "
				"could be in; name it relative to the repository's root", path);
			return LP_ERROR;
		}
		if (strncmp(path, s->workdir, wdlen) != 0) {
			lp_error_set(LP_ERROR_IO, "'%s' is outside the repository", path);
			return LP_ERROR;
		}
		lp_buf_puts(&in, path + wdlen);
	} else {
		lp_buf_printf(&in, "%s%s", s->prefix.ptr, path);
	}
	if (lp_fs_path_by_name(out, in.ptr) < 0) {
		lp_error_set(LP_ERROR_IO, "'%s' is outside the repository", path);
		error = LP_ERROR;
	}
	lp_buf_release(&in);
	return error;
}

int lp_git_source_read(lp_buf *out, lp_git_source *s, const char *path, size_t max_size)
{
	lp_buf full = LP_BUF_INIT;
	git_blob *blob = NULL;
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;
	unsigned mode;
	git_oid oid;
	int error = LP_ENOTFOUND;
	if (repo_path(&full, s, path) < 0) {
		lp_buf_release(&full);
		return LP_ERROR;
	}
	if (s->index) {
		const git_index_entry *e = git_index_get_bypath(s->index, full.ptr, 0);
		if (!e) {
			/* during a merge the path is in the index, at stages 1-3 (base, ours, theirs), not 0 */
			if (git_index_get_bypath(s->index, full.ptr, 1) || git_index_get_bypath(s->index, full.ptr, 2) ||
			    git_index_get_bypath(s->index, full.ptr, 3)) {
				lp_error_set(LP_ERROR_IO, "'%s' is conflicted in the index (an unfinished merge left it at "
					"stages 1-3); resolve the conflict and 'git add' it", full.ptr);
				error = LP_GIT_ECONFLICT;
			}
			goto done;
		}
		mode = e->mode;
		oid = e->id;
	} else {
		git_tree_entry *e = NULL;
		if (git_tree_entry_bypath(&e, s->tree, full.ptr) < 0)
			goto done;
		mode = (unsigned)git_tree_entry_filemode(e);
		oid = *git_tree_entry_id(e);
		git_tree_entry_free(e);
	}
	/* a link's blob is its target's name, and a submodule's entry is a commit: neither is the file */
	if (mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT || mode == GIT_FILEMODE_TREE) {
		lp_error_set(LP_ERROR_IO, "'%s' is %s in %s, not a file; commit the file itself", full.ptr,
			mode == GIT_FILEMODE_LINK ? "a symbolic link" : mode == GIT_FILEMODE_COMMIT ? "a submodule" : "a directory",
			s->index ? "the index" : "that revision");
		error = LP_ERROR;
		goto done;
	}
	/* A commit can hold a blob that inflates to gigabytes, and libgit2 would inflate all of it. */
	if (git_repository_odb(&odb, s->repo) == 0 && git_odb_read_header(&size, &type, odb, &oid) == 0 &&
	    size > max_size) {
		lp_error_set(LP_ERROR_IO, "'%s' is %zu bytes in git, larger than the limit of %zu bytes", full.ptr, size,
			max_size);
		error = LP_ETOOBIG;
		goto done;
	}
	if (git_blob_lookup(&blob, s->repo, &oid) < 0) {
		lp_error_set(LP_ERROR_LIB, "cannot read '%s' from git: %s", full.ptr, git_error_last()->message);
		error = LP_ERROR;
		goto done;
	}
	if ((size_t)git_blob_rawsize(blob) > max_size) { /* the header could not be read */
		lp_error_set(LP_ERROR_IO, "'%s' is larger than the limit of %zu bytes", full.ptr, max_size);
		error = LP_ETOOBIG;
		goto done;
	}
	lp_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	error = 0;
done:
	if (error == LP_ENOTFOUND)
		lp_error_set(LP_ERROR_IO, "'%s' is not in %s", full.ptr, s->index ? "the index" : "that revision");
	git_blob_free(blob);
	git_odb_free(odb);
	lp_buf_release(&full);
	return error;
}

int lp_git_source_read_fn(lp_buf *out, const char *path, size_t max_size, void *payload)
{
	return lp_git_source_read(out, payload, path, max_size);
}

int lp_git_source_is_index(const lp_git_source *s)
{
	return s->index != NULL;
}

static int open_rev(lp_git_source *s, const char *rev)
{
	git_object *obj = NULL;
	if (!rev) {
		if (git_repository_index(&s->index, s->repo) < 0) {
			lp_error_set(LP_ERROR_LIB, "cannot read the index: %s", git_error_last()->message);
			return LP_ERROR;
		}
		return 0;
	}
	if (git_revparse_single(&obj, s->repo, rev) < 0 ||
	    git_object_peel((git_object **)&s->tree, obj, GIT_OBJECT_TREE) < 0) {
		lp_error_set(LP_ERROR_LIB, "cannot resolve revision '%s': %s", rev, git_error_last()->message);
		git_object_free(obj);
		return LP_ERROR;
	}
	git_object_free(obj);
	return 0;
}

int lp_git_source_open(lp_git_source **out, const char *rev)
{
	lp_git_source *s = lp_calloc(1, sizeof(*s));
	char cwd[4096];
	int error = LP_ERROR;
	git_libgit2_init();
	lp_buf_init(&s->prefix);
	*out = NULL;
	if (git_repository_open_ext(&s->repo, ".", 0, NULL) < 0) {
		lp_error_set(LP_ERROR_LIB, "not in a git repository: %s", git_error_last()->message);
		goto done;
	}
	s->workdir = git_repository_workdir(s->repo);
	if (!s->workdir) {
		/* a revision's tree needs no work tree: paths are then relative to the repository's root */
		if (!rev) {
			lp_error_set(LP_ERROR_LIB, "a bare repository has no index to check; name a revision with --rev");
			goto done;
		}
		s->workdir = "";
	} else if (!getcwd(cwd, sizeof(cwd))) {
		lp_error_set(LP_ERROR_LIB, "cannot read the current directory: %s", strerror(errno));
		goto done;
	} else if (strncmp(cwd, s->workdir, strlen(s->workdir) - 1) == 0 && strlen(cwd) >= strlen(s->workdir)) {
		/* Paths on the command line are relative to cwd; git paths to the root. */
		lp_buf_printf(&s->prefix, "%s/", cwd + strlen(s->workdir));
	}
	error = open_rev(s, rev);
done:
	if (error < 0)
		lp_git_source_free(s);
	else
		*out = s;
	return error;
}

void lp_git_source_free(lp_git_source *s)
{
	if (!s)
		return;
	git_index_free(s->index);
	git_tree_free(s->tree);
	git_repository_free(s->repo);
	lp_buf_release(&s->prefix);
	lp_free(s);
	git_libgit2_shutdown();
}

struct lp_git_ignore {
	git_repository *repo;
	const char *workdir; /* borrowed from repo */
};

int lp_git_ignore_open(lp_git_ignore **out, const char *start)
{
	char real[PATH_MAX];
	git_repository *repo = NULL;
	*out = NULL;
	if (!realpath(start, real))
		return 0;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, real, 0, NULL) < 0 || !git_repository_workdir(repo)) {
		git_repository_free(repo);
		git_libgit2_shutdown();
		return 0;
	}
	*out = lp_calloc(1, sizeof(**out));
	(*out)->repo = repo;
	(*out)->workdir = git_repository_workdir(repo);
	return 0;
}

int lp_git_ignore_has(const lp_git_ignore *g, const char *path)
{
	char real[PATH_MAX];
	lp_buf rel = LP_BUF_INIT;
	int ignored = 0;
	size_t wl;
	if (!g || !realpath(path, real))
		return 0;
	wl = strlen(g->workdir);
	if (strncmp(real, g->workdir, wl) != 0)
		return 0;
	/* libgit2 applies directory-only patterns ("build/") to paths that end in '/'. */
	lp_buf_printf(&rel, "%s%s", real + wl, lp_fs_is_dir(real) ? "/" : "");
	if (git_ignore_path_is_ignored(&ignored, g->repo, rel.ptr) < 0)
		ignored = 0;
	lp_buf_release(&rel);
	return ignored;
}

void lp_git_ignore_free(lp_git_ignore *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	lp_free(g);
	git_libgit2_shutdown();
}

int lp_git_workdir(lp_buf *out, const char *start)
{
	git_repository *repo = NULL;
	int error = LP_ENOTFOUND;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, start, 0, NULL) == 0 && git_repository_workdir(repo)) {
		lp_buf_puts(out, git_repository_workdir(repo));
		error = 0;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return error;
}
