#include <string.h>

#include "cli.h"
#include "artifact/output.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/error.h"
#include "util/fs.h"

enum { OPT_CHECK = LP_CLI_OPT_LONG, OPT_TEMPLATES };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "format", required_argument, NULL, 'f' },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "jobs", required_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

int lp_cli_build(int argc, char **argv)
{
	const char *spec = NULL, *dir = "generated", *format = "text";
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_model *m = NULL;
	lp_output *out = NULL;
	lp_diag *d;
	lp_cli_opts p;
	const char *arg;
	unsigned jobs = lp_cli_jobs_default();
	int check = 0, rc = LP_EXIT_OK, c;

	lp_cli_opts_init(&p, "build", argc, argv, "o:f:j:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 'o': dir = arg; break;
		case OPT_CHECK: check = 1; break;
		case 'f': format = arg; break;
		case OPT_TEMPLATES: ro.templates_dir = arg; break;
		case 'j':
			if (lp_cli_jobs(&jobs, "build", arg) != LP_EXIT_OK)
				return LP_EXIT_USAGE;
			break;
		}
	}
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		spec = argv[p.optind];
	if (p.optind + 1 < argc)
		return lp_cli_usage_error("build", "unexpected argument '%s'", argv[p.optind + 1]);
	if (!lp_cli_format_ok("build", format, "text|json"))
		return LP_EXIT_USAGE;
	/* "" would put every file at "/<path>" */
	if (!*dir)
		return lp_cli_usage_error("build", "-o needs a directory name");
	/* Said up front: --check would otherwise call every file in it out of date. */
	if (lp_fs_exists(dir) && !lp_fs_is_dir(dir))
		return lp_cli_usage_error("build", "'%s' exists and is not a directory", dir);
	if (!spec)
		spec = "logpipe.yaml";

	/*
	 * The directory is claimed before compiling: a second build fails at once
	 * instead of after its own compile, and what an interrupted build left is
	 * rolled back or finished even when this spec turns out not to compile.
	 */
	if (!check) {
		size_t rolled, finished, cleared;
		if (lp_output_open(&out, dir) < 0)
			return lp_cli_fail(LP_EXIT_USAGE);
		lp_output_recovered(out, &rolled, &finished, &cleared);
		if (rolled)
			lp_cli_note("logpipe: rolled back an interrupted build in '%s': its previous output is restored\n", dir);
		if (finished)
			lp_cli_note("logpipe: finished an interrupted build in '%s' that had already replaced its output\n", dir);
		if (cleared)
			lp_cli_note("logpipe: removed the staging of an interrupted build in '%s' (its output was untouched)\n", dir);
	}
	d = lp_diag_new();
	rc = lp_cli_compile(&set, &m, spec, NULL, dir, &ro, jobs, d);
	if (rc == LP_EXIT_FINDINGS && !check)
		lp_cli_note("logpipe: the generated files have lint errors; nothing was written\n");
	if (rc != LP_EXIT_OK)
		goto report;
	if (check) {
		lp_buf drift = LP_BUF_INIT;
		size_t ndiff, npending;
		/* Read only: a half-replaced directory is reported, never called up to date, and left for build to repair. */
		lp_output_pending(&npending, &drift, dir);
		if (npending) {
			fputs(drift.ptr, stderr);
			fprintf(stderr, "logpipe: '%s' is in the middle of a build; run 'logpipe build %s -o %s' to recover it, "
				"then check again\n", dir, spec, dir);
			rc = LP_EXIT_FINDINGS;
			lp_buf_release(&drift);
			goto report;
		}
		lp_output_compare(&ndiff, &drift, dir, &set);
		if (ndiff) {
			fputs(drift.ptr, stderr);
			fprintf(stderr, "logpipe: %zu file(s) in '%s' differ from what %s generates; run 'logpipe build %s -o %s' "
				"(edits to generated files belong in the spec)\n", ndiff, dir, spec, spec, dir);
			rc = LP_EXIT_FINDINGS;
		}
		lp_buf_release(&drift);
	} else if (lp_output_commit(out, &set) < 0) {
		/* An -o that names a file or an unwritable place is the caller's to fix, not a bug. */
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_IO ? LP_EXIT_USAGE : LP_EXIT_INTERNAL);
	} else if (!strcmp(format, "text")) {
		lp_cli_note("logpipe: wrote %zu files to '%s'\n", set.n, dir);
	}
report:
	/* compiler-style: diagnostics on stderr, with the spec and each generated file counted */
	if (lp_cli_report(d, format, stderr, m ? set.n + 1 : 1) != LP_EXIT_OK && rc == LP_EXIT_OK)
		rc = LP_EXIT_INTERNAL;
	lp_output_close(out);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	return rc;
}
