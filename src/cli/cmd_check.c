#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "artifact/output.h"
#include "git/git.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/error.h"

/*
 * `check` is for hooks and CI: it reads the spec and the committed output from
 * the git index (or a revision) through libgit2, never from the work tree, so
 * what is judged is exactly what will be committed.
 */

enum { OPT_STAGED = LP_CLI_OPT_LONG, OPT_REV };

static const struct option longopts[] = {
	{ "staged", no_argument, NULL, OPT_STAGED },
	{ "rev", required_argument, NULL, OPT_REV },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

int lp_cli_check(int argc, char **argv)
{
	const char *spec = "logpipe.yaml", *rev = NULL, *dir = "generated", *format = "text";
	lp_git_source *s = NULL;
	lp_buf data = LP_BUF_INIT, committed = LP_BUF_INIT, path = LP_BUF_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_model *m = NULL;
	lp_diag *d = lp_diag_new();
	cJSON *lock = NULL;
	size_t i, drift = 0;
	lp_cli_opts p;
	const char *arg;
	FILE *result;
	unsigned jobs = lp_cli_jobs_default();
	int rc = LP_EXIT_OK, err, c;

	lp_cli_opts_init(&p, "check", argc, argv, "o:f:j:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case OPT_STAGED: rev = NULL; break;
		case OPT_REV: rev = arg; break;
		case 'o': dir = arg; break;
		case 'f': format = arg; break;
		case 'j':
			if (rc == LP_EXIT_OK)
				rc = lp_cli_jobs(&jobs, "check", arg);
			break;
		}
	}
	if (c != LP_CLI_OPT_STOP && p.optind < argc)
		spec = argv[p.optind];
	if (c == LP_CLI_OPT_STOP)
		rc = p.code;
	else if (rc != LP_EXIT_OK)
		; /* a bad -j, reported */
	else if (p.optind + 1 < argc)
		rc = lp_cli_usage_error("check", "unexpected argument '%s'", argv[p.optind + 1]);
	else if (!*dir)
		rc = lp_cli_usage_error("check", "-o needs a directory name");
	else if (!lp_cli_format_ok("check", format, "text|json|sarif|gitlab|junit"))
		rc = LP_EXIT_USAGE;
	if (c == LP_CLI_OPT_STOP || rc != LP_EXIT_OK) {
		lp_diag_free(d);
		return rc;
	}
	/* drift is a result like the findings; beside JSON or SARIF on stdout it would break them */
	result = !strcmp(format, "text") ? stdout : stderr;

	if (lp_git_source_open(&s, rev) < 0 || (err = lp_git_source_read(&data, s, spec, LP_SPEC_MAX_BYTES)) < 0) {
		rc = lp_cli_fail(LP_EXIT_USAGE);
		goto done;
	}
	ro.read = lp_git_source_read_fn;
	ro.read_payload = s;
	rc = lp_cli_compile(&set, &m, spec, &data, dir, &ro, jobs, d);
	if (rc != LP_EXIT_OK && rc != LP_EXIT_FINDINGS)
		goto report;
	/* The committed lock tells a hand edit from a spec change. */
	lp_buf_clear(&committed);
	lp_buf_printf(&path, "%s/%s", dir, LP_LOCK_FILE);
	if (lp_git_source_read(&committed, s, path.ptr, LP_SPEC_MAX_BYTES) == 0)
		lock = cJSON_ParseWithLength(committed.ptr, committed.size);
	lp_buf_clear(&path);
	for (i = 0; i < set.n; i++) {
		lp_buf_clear(&committed);
		lp_buf_clear(&path);
		lp_buf_printf(&path, "%s/%s", dir, set.v[i].path);
		/* a committed file larger than the generated one differs without being read */
		err = lp_git_source_read(&committed, s, path.ptr, set.v[i].content.size);
		if (err == LP_ENOTFOUND) {
			fprintf(result, "missing: %s\n", path.ptr);
			drift++;
		} else if (err == LP_ETOOBIG) {
			fprintf(result, "differs: %s\n", path.ptr);
			drift++;
		} else if (err == LP_GIT_ECONFLICT) {
			fprintf(result, "conflicted: %s\n", path.ptr);
			drift++;
		} else if (err < 0) {
			/* a link or a submodule where a generated file belongs is the repository's to fix */
			rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_IO ? LP_EXIT_USAGE : LP_EXIT_INTERNAL);
			goto report;
		} else if (committed.size != set.v[i].content.size ||
			   memcmp(committed.ptr, set.v[i].content.ptr, committed.size) != 0) {
			lp_buf line = LP_BUF_INIT;
			lp_output_drift_line(&line, path.ptr, &committed,
				cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(lock, "files"), set.v[i].path));
			fputs(line.ptr, result);
			lp_buf_release(&line);
			drift++;
		}
	}
	if (drift) {
		fprintf(result, "logpipe: %zu generated file(s) %s differ from what %s generates; run 'logpipe build %s -o %s' "
			"and stage the result (edits to generated files belong in the spec)\n",
			drift, rev ? "at that revision" : "in the index", spec, spec, dir);
		rc = LP_EXIT_FINDINGS;
	}
report:
	/* the findings and the drift are check's result: stdout, like lint */
	if (lp_cli_report(d, format, stdout, m ? set.n + 1 : 1) != LP_EXIT_OK && rc == LP_EXIT_OK)
		rc = LP_EXIT_INTERNAL;
done:
	cJSON_Delete(lock);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	lp_buf_release(&data);
	lp_buf_release(&committed);
	lp_buf_release(&path);
	lp_git_source_free(s);
	return rc;
}
