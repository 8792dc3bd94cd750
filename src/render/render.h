#ifndef LP_RENDER_RENDER_H
#define LP_RENDER_RENDER_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "artifact/artifact.h"
#include "diag/diag.h"
#include "spec/model.h"
#include "util/buf.h"

/*
 * Every artifact is a pure function of the model (design §2). A renderer adds
 * files to an lp_artifact_set (artifact/artifact.h); the CLI decides whether
 * they go to disk (all or nothing, atomically), to a --check comparison, or to lint.
 */

/*
 * Reads a file the spec refers to (a SAM template; `path` is relative to the
 * cwd or absolute) into `out`, refusing more than `max_size` bytes. Returns
 * 0, LP_ENOTFOUND when it does not exist, or < 0 after lp_error_set.
 */
typedef int (*lp_render_read_fn)(lp_buf *out, const char *path, size_t max_size, void *payload);

typedef struct lp_render_opts {
	int version;
	const char *templates_dir; /* NULL: the templates embedded in the binary */
	/* NULL: the file system. `check` reads from git, so the work tree cannot decide what is judged. */
	lp_render_read_fn read;
	void *read_payload;
	/*
	 * 1: only the artifacts lint reads. Terraform JSON repeats the API files
	 * (rendered by the same functions, so it finds nothing they do not) and
	 * is the largest file and tree at scale; `lint --spec` leaves it out.
	 */
	int for_lint;
	/*
	 * With `read` NULL: the project directory every file the spec names
	 * must be inside (lp_fs_read_in: no "..", absolute path or symbolic
	 * link out of it, nothing but a regular file). NULL: the spec's own
	 * directory. The CLI passes the git work tree holding the spec.
	 */
	const char *root;
} lp_render_opts;

#define LP_RENDER_OPTS_VERSION 4
#define LP_RENDER_OPTS_INIT { LP_RENDER_OPTS_VERSION, NULL, NULL, NULL, 0, NULL }

/* Runs every renderer; on findings in `d` the set may be partial and must not be written. */
int lp_render_all(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d);

/*
 * JSON artifacts are built with cJSON and printed here: two-space indent, keys
 * in insertion order, trailing newline, so output is stable and diff-friendly.
 */
int lp_render_json_print(lp_buf *out, const cJSON *root);

/*
 * Adds LP_LOCK_FILE describing every artifact already in `set` (call it last).
 * `spec_name` is recorded as given; pass the spec's base name so the lock does
 * not depend on where the repository is checked out.
 */
int lp_render_lock(lp_artifact_set *set, const lp_model *m, const char *spec_name);

#endif
