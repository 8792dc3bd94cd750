#include <string.h>

#include "cli.h"
#include "artifact/output.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/error.h"
#include "util/fs.h"

int lp_cli_build(int argc, char **argv)
{
	const char *spec = NULL, *dir = "generated", *format = "text";
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_model *m = NULL;
	lp_diag *d;
	int check = 0, rc = LP_EXIT_OK, i;

	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("build");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(a, "--check"))
			check = 1;
		else if (!strcmp(a, "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(a, "--templates") && i + 1 < argc)
			ro.templates_dir = argv[++i];
		else if (a[0] == '-' && a[1])
			return lp_cli_usage_error("build", "unknown or incomplete option '%s'", a);
		else if (!spec)
			spec = a;
		else
			return lp_cli_usage_error("build", "unexpected argument '%s'", a);
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return lp_cli_usage_error("build", "--format must be text or json, not '%s'", format);
	/* "" would put every file at "/<path>" */
	if (!*dir)
		return lp_cli_usage_error("build", "-o needs a directory name");
	/* Said up front: --check would otherwise call every file in it out of date. */
	if (lp_fs_exists(dir) && !lp_fs_is_dir(dir))
		return lp_cli_usage_error("build", "'%s' exists and is not a directory", dir);
	if (!spec)
		spec = "logpipe.yaml";

	d = lp_diag_new();
	rc = lp_cli_compile(&set, &m, spec, NULL, &ro, d);
	if (rc == LP_EXIT_FINDINGS && !check)
		fprintf(stderr, "logpipe: the generated files have lint errors; nothing was written\n");
	if (rc != LP_EXIT_OK)
		goto report;
	if (check) {
		lp_buf drift = LP_BUF_INIT;
		size_t ndiff;
		lp_output_compare(&ndiff, &drift, dir, &set);
		if (ndiff) {
			fputs(drift.ptr, stderr);
			fprintf(stderr, "logpipe: %zu file(s) in '%s' are out of date; run 'logpipe build %s -o %s'\n",
				ndiff, dir, spec, dir);
			rc = LP_EXIT_FINDINGS;
		}
		lp_buf_release(&drift);
	} else if (lp_output_write(dir, &set) < 0) {
		/* An -o that names a file or an unwritable place is the caller's to fix, not a bug. */
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_IO ? LP_EXIT_USAGE : LP_EXIT_INTERNAL);
	} else if (!strcmp(format, "text")) {
		fprintf(stderr, "logpipe: wrote %zu files to '%s'\n", set.n, dir);
	}
report:
	if (lp_cli_emit_diag(d, format) != LP_EXIT_OK && rc == LP_EXIT_OK)
		rc = LP_EXIT_INTERNAL;
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	return rc;
}
