#include <string.h>

#include "cli.h"
#include "git/git.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/error.h"

/*
 * `check` is for hooks and CI: it reads the spec and the committed output from
 * the git index (or a revision) through libgit2, never from the work tree, so
 * what is judged is exactly what will be committed.
 */

int lp_cli_check(int argc, char **argv)
{
	const char *spec = "logpipe.yaml", *rev = NULL, *dir = "generated", *format = "text";
	lp_git_source *s = NULL;
	lp_buf data = LP_BUF_INIT, committed = LP_BUF_INIT, path = LP_BUF_INIT;
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

	if (lp_git_source_open(&s, rev) < 0 || (err = lp_git_source_read(&data, s, spec, LP_SPEC_MAX_BYTES)) < 0) {
		rc = lp_cli_fail(LP_EXIT_USAGE);
		goto done;
	}
	ro.read = lp_git_source_read_fn;
	ro.read_payload = s;
	rc = lp_cli_compile(&set, &m, spec, &data, &ro, d);
	if (rc != LP_EXIT_OK && rc != LP_EXIT_FINDINGS)
		goto report;
	for (i = 0; i < set.n; i++) {
		lp_buf_clear(&committed);
		lp_buf_clear(&path);
		lp_buf_printf(&path, "%s/%s", dir, set.v[i].path);
		/* a committed file larger than the generated one differs without being read */
		err = lp_git_source_read(&committed, s, path.ptr, set.v[i].content.size);
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
	lp_buf_release(&data);
	lp_buf_release(&committed);
	lp_buf_release(&path);
	lp_git_source_free(s);
	return rc;
}
