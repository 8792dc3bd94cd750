#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "cli.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/error.h"

/*
 * `check` is for hooks and CI: it reads the spec and the committed output from
 * the git index (or a revision) through libgit2, never from the work tree, so
 * what is judged is exactly what will be committed.
 */

typedef struct source {
	git_repository *repo;
	git_index *index; /* --staged */
	git_tree *tree;   /* --rev */
	const char *prefix; /* cwd relative to the work tree root, with trailing '/', or "" */
	const char *workdir; /* absolute, with trailing '/' */
} source;

/*
 * The index and trees know only canonical paths ("a/b", never "./a//b/" or
 * "x/../a/b"), so a path spelled the way shells and users spell them would
 * look absent and every generated file would count as missing.
 */
static int repo_path(lp_buf *out, const source *s, const char *path)
{
	lp_buf in = LP_BUF_INIT;
	const char *p;
	int error = 0;
	size_t wdlen = strlen(s->workdir);
	if (path[0] == '/') {
		if (strncmp(path, s->workdir, wdlen) != 0) {
			lp_error_set(LP_ERROR_IO, "'%s' is outside the repository", path);
			return LP_ERROR;
		}
		lp_buf_puts(&in, path + wdlen);
	} else {
		lp_buf_printf(&in, "%s%s", s->prefix, path);
	}
	lp_buf_clear(out);
	for (p = in.ptr; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;
			if (!out->size) {
				lp_error_set(LP_ERROR_IO, "'%s' is outside the repository", path);
				error = LP_ERROR;
				break;
			}
			slash = strrchr(out->ptr, '/');
			lp_buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (out->size)
				lp_buf_putc(out, '/');
			lp_buf_put(out, p, n);
		}
		p += n + (e ? 1 : 0);
	}
	lp_buf_release(&in);
	return error;
}

/* The spec limit of lp_model_load, for the spec read from git. */
#define SPEC_MAX ((size_t)8 << 20)

/*
 * Reads `path` (relative to cwd) from the index or tree; LP_ENOTFOUND when
 * absent, LP_ETOOBIG when the blob is larger than `max_size`. The size comes
 * from the object header first: a commit can hold a blob that inflates to
 * gigabytes, and libgit2 would inflate all of it.
 */
static int source_read(lp_buf *out, source *s, const char *path, size_t max_size)
{
	lp_buf full = LP_BUF_INIT;
	git_blob *blob = NULL;
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;
	git_oid oid;
	int error = LP_ENOTFOUND;
	if (repo_path(&full, s, path) < 0) {
		lp_buf_release(&full);
		return LP_ERROR;
	}
	if (s->index) {
		const git_index_entry *e = git_index_get_bypath(s->index, full.ptr, 0);
		if (!e)
			goto done;
		oid = e->id;
	} else {
		git_tree_entry *e = NULL;
		if (git_tree_entry_bypath(&e, s->tree, full.ptr) < 0)
			goto done;
		oid = *git_tree_entry_id(e);
		git_tree_entry_free(e);
	}
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

/* lp_render_read_fn over the index or tree, for files the spec refers to. */
static int source_read_capped(lp_buf *out, const char *path, size_t max_size, void *payload)
{
	return source_read(out, payload, path, max_size);
}

static int open_source(source *s, const char *rev, lp_buf *prefix)
{
	git_object *obj = NULL;
	const char *wd;
	char cwd[4096];
	if (git_repository_open_ext(&s->repo, ".", 0, NULL) < 0) {
		lp_error_set(LP_ERROR_LIB, "not in a git repository: %s", git_error_last()->message);
		return LP_ERROR;
	}
	wd = git_repository_workdir(s->repo);
	if (!wd || !getcwd(cwd, sizeof(cwd))) {
		lp_error_set(LP_ERROR_LIB, "the repository has no work tree");
		return LP_ERROR;
	}
	s->workdir = wd;
	/* Paths on the command line are relative to cwd; git paths to the root. */
	if (strncmp(cwd, wd, strlen(wd) - 1) == 0 && strlen(cwd) >= strlen(wd))
		lp_buf_printf(prefix, "%s/", cwd + strlen(wd));
	s->prefix = prefix->ptr;
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

int lp_cli_check(int argc, char **argv)
{
	const char *spec = "logpipe.yaml", *rev = NULL, *dir = "generated", *format = "text";
	source s = { NULL, NULL, NULL, "", "" };
	lp_buf prefix = LP_BUF_INIT, data = LP_BUF_INIT, committed = LP_BUF_INIT, path = LP_BUF_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_model *m = NULL;
	lp_diag *d = lp_diag_new();
	size_t i, drift = 0;
	int rc = LP_EXIT_OK, err, have_spec = 0;

	if (lp_cli_wants_help(argc, argv)) {
		lp_diag_free(d);
		return lp_cli_print_help("check");
	}
	for (i = 1; i < (size_t)argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--staged"))
			rev = NULL;
		else if (!strcmp(a, "--rev") && i + 1 < (size_t)argc)
			rev = argv[++i];
		else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < (size_t)argc)
			dir = argv[++i];
		else if (!strcmp(a, "--format") && i + 1 < (size_t)argc)
			format = argv[++i];
		else if (a[0] == '-' && a[1]) {
			lp_diag_free(d);
			return lp_cli_usage_error("check", "unknown or incomplete option '%s'", a);
		} else if (!have_spec) {
			spec = a;
			have_spec = 1;
		} else {
			lp_diag_free(d);
			return lp_cli_usage_error("check", "unexpected argument '%s'", a);
		}
	}

	if (!*dir) {
		lp_diag_free(d);
		return lp_cli_usage_error("check", "-o needs a directory name");
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		lp_diag_free(d);
		return lp_cli_usage_error("check", "--format must be text or json, not '%s'", format);
	}

	git_libgit2_init();
	if (open_source(&s, rev, &prefix) < 0 || (err = source_read(&data, &s, spec, SPEC_MAX)) < 0) {
		rc = lp_cli_fail(LP_EXIT_USAGE);
		goto done;
	}
	ro.read = source_read_capped;
	ro.read_payload = &s;
	rc = lp_cli_compile(&set, &m, spec, &data, &ro, d);
	if (rc != LP_EXIT_OK && rc != LP_EXIT_FINDINGS)
		goto report;
	for (i = 0; i < set.n; i++) {
		lp_buf_clear(&committed);
		lp_buf_clear(&path);
		lp_buf_printf(&path, "%s/%s", dir, set.v[i].path);
		/* a committed file larger than the generated one differs without being read */
		err = source_read(&committed, &s, path.ptr, set.v[i].content.size);
		if (err == LP_ENOTFOUND) {
			fprintf(stderr, "missing: %s\n", path.ptr);
			drift++;
		} else if (err == LP_ETOOBIG) {
			fprintf(stderr, "differs: %s\n", path.ptr);
			drift++;
		} else if (err < 0) {
			rc = lp_cli_fail(LP_EXIT_INTERNAL);
			goto report;
		} else if (committed.size != set.v[i].content.size ||
			   memcmp(committed.ptr, set.v[i].content.ptr, committed.size) != 0) {
			fprintf(stderr, "differs: %s\n", path.ptr);
			drift++;
		}
	}
	if (drift) {
		fprintf(stderr, "logpipe: %zu generated file(s) %s are out of date with %s; run 'logpipe build %s -o %s' and stage the result\n",
			drift, rev ? "at that revision" : "in the index", spec, spec, dir);
		rc = LP_EXIT_FINDINGS;
	}
report:
	if (lp_cli_emit_diag(d, format) != LP_EXIT_OK && rc == LP_EXIT_OK)
		rc = LP_EXIT_INTERNAL;
done:
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	lp_buf_release(&prefix);
	lp_buf_release(&data);
	lp_buf_release(&committed);
	lp_buf_release(&path);
	git_index_free(s.index);
	git_tree_free(s.tree);
	git_repository_free(s.repo);
	git_libgit2_shutdown();
	return rc;
}
