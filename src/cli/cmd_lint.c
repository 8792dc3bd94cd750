#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "util/fs.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "render/render.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/error.h"
#include "util/mem.h"

/* An unreadable or unparseable input is an input error (exit 2), not a finding. */
static int has_input_error(lp_diag *d)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!e->suppressed && e->severity == LP_SEV_ERROR && e->rule &&
			(!strncmp(e->rule, "LP-YAML", 7) || !strncmp(e->rule, "LP-SPEC", 7)))
			return 1;
	}
	return 0;
}

static int known_rule(const lp_rule_info *cat, size_t n, const char *id)
{
	return lp_rules_catalog_find(cat, n, id) != NULL;
}

/*
 * The spec a generated folder was built from: its lock names the spec's file
 * name, and `build` writes the folder beside the spec (or the spec is in the
 * current directory). Into `out`; NULL when `dir` is no generated folder or
 * the spec is not there.
 */
static const char *spec_of_output(lp_buf *out, const char *dir)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	cJSON *lock = NULL;
	const cJSON *name;
	const char *found = NULL;
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	lp_buf_put(&path, dir, len);
	lp_buf_puts(&path, "/" LP_LOCK_FILE);
	if (lp_fs_is_dir(dir) && lp_fs_read(&data, path.ptr, 1u << 24) == 0)
		lock = cJSON_ParseWithLength(data.ptr, data.size);
	name = cJSON_GetObjectItemCaseSensitive(lock, "spec");
	if (cJSON_IsString(name) && !strchr(name->valuestring, '/') && strcmp(name->valuestring, "..") != 0) {
		const char *slash;
		lp_buf_clear(out);
		lp_buf_put(out, dir, len);
		slash = strrchr(out->ptr, '/');
		lp_buf_truncate(out, slash ? (size_t)(slash - out->ptr) + 1 : 0);
		lp_buf_puts(out, name->valuestring);
		if (lp_fs_exists(out->ptr) && !lp_fs_is_dir(out->ptr))
			found = out->ptr;
		else if (lp_fs_exists(name->valuestring) && !lp_fs_is_dir(name->valuestring)) {
			lp_buf_clear(out);
			lp_buf_puts(out, name->valuestring);
			found = out->ptr;
		}
	}
	cJSON_Delete(lock);
	lp_buf_release(&path);
	lp_buf_release(&data);
	return found;
}

/*
 * Findings on a generated folder's files move to the spec when the files are
 * what the spec renders now; a file that differs (edited, or built from an
 * older spec) keeps its own positions.
 */
static void keep_origins_of_unchanged(lp_artifact_set *set, const char *dir)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	size_t i;
	for (i = 0; i < set->n; i++) {
		const lp_artifact *a = &set->v[i];
		lp_buf_clear(&path);
		lp_buf_clear(&data);
		lp_buf_printf(&path, "%s/%s", dir, a->path);
		if (lp_fs_read(&data, path.ptr, a->content.size + 1) != 0 || data.size != a->content.size ||
			memcmp(data.ptr, a->content.ptr, data.size) != 0)
			lp_artifact_origin_forget(set, a->path);
	}
	lp_buf_release(&path);
	lp_buf_release(&data);
}

/*
 * Renders the spec's artifacts into `set`. What rendering found goes to `d`
 * unless it is about one of the `skip` files: lint reads those itself and
 * reports them with lint's verdict.
 */
static int render_for_lint(lp_artifact_set *set, const lp_model *m, const char *const *skip, size_t nskip, int keep,
	lp_diag *d)
{
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_buf root = LP_BUF_INIT;
	lp_diag *rd = lp_diag_new();
	size_t i, j;
	int error;
	/* Linting the rendered set (not files on disk), which has no use for Terraform JSON. */
	ro.for_lint = keep;
	lp_cli_project_root(&root, m->file);
	ro.root = root.ptr;
	error = lp_render_all(set, m, &ro, rd);
	lp_buf_release(&root);
	for (i = 0; keep && i < lp_diag_count(rd); i++) {
		const lp_diag_entry *e = lp_diag_get(rd, i);
		for (j = 0; j < nskip; j++)
			if (e->span.file && !strcmp(e->span.file, skip[j]))
				break;
		if (j == nskip) {
			lp_diag_entry *c = lp_diag_add(d, e->severity, e->rule, &e->span, e->help, "%s", e->message);
			c->target = lp_diag_intern(d, e->target);
		}
	}
	lp_diag_free(rd);
	return error;
}

enum { OPT_SPEC = LP_CLI_OPT_LONG, OPT_FAIL_ON, OPT_RULE, OPT_KIND };

static const struct option longopts[] = {
	{ "spec", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "rule", required_argument, NULL, 'r' },
	{ "kind", required_argument, NULL, 'k' },
	{ "jobs", required_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

int lp_cli_lint(int argc, char **argv)
{
	const char *spec = NULL, *format = "text", *fail_on = "error", *kind = NULL;
	const char **paths = lp_calloc((size_t)argc + 1, sizeof(*paths));
	const char **rules = lp_calloc((size_t)argc + 1, sizeof(*rules));
	size_t npaths = 0, nrules = 0, ncat = 0;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_buf dirbuf = LP_BUF_INIT, specbuf = LP_BUF_INIT;
	lp_arena scratch = LP_ARENA_INIT;
	const char *outdir = NULL;
	lp_rule_info *cat = NULL;
	lp_ruleset *rs = NULL;
	lp_severity min;
	lp_model *m = NULL;
	lp_diag *d = NULL;
	lp_cli_opts p;
	const char *arg;
	size_t nfiles = 0;
	int rc = LP_EXIT_OK, i, c, error;

	o.jobs = lp_cli_jobs_default();
	lp_cli_opts_init(&p, "lint", argc, argv, "s:f:r:k:j:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 's': spec = arg; break;
		case 'f': format = arg; break;
		case OPT_FAIL_ON: fail_on = arg; break;
		case 'r': rules[nrules++] = arg; break;
		case 'k': kind = arg; break;
		case 'j':
			if (lp_cli_jobs(&o.jobs, "lint", arg) != LP_EXIT_OK) {
				rc = LP_EXIT_USAGE;
				goto done;
			}
			break;
		}
	}
	if (c == LP_CLI_OPT_STOP) {
		rc = p.code;
		goto done;
	}
	for (i = p.optind; i < argc; i++)
		paths[npaths++] = argv[i];
	if (!lp_cli_format_ok("lint", format, "text|json|sarif|gitlab|junit")) {
		rc = LP_EXIT_USAGE;
		goto done;
	}
	if (lp_severity_parse(&min, fail_on) < 0) {
		rc = lp_cli_usage_error("lint", "--fail-on must be error, warning or note, not '%s'", fail_on);
		goto done;
	}
	if (kind && lp_lint_opts_kind(&o, kind) < 0) {
		rc = lp_cli_usage_error("lint", "--kind must be taskdef, cfn, firehose, glue, ddl, fluent-bit, firelens or "
			"log-groups, not '%s'",
			kind);
		goto done;
	}
	if (lp_ruleset_load(&rs) < 0) {
		rc = lp_cli_fail(LP_EXIT_INTERNAL);
		goto done;
	}
	ncat = lp_rules_catalog(&cat, rs);
	for (i = 0; i < (int)nrules; i++)
		if (!known_rule(cat, ncat, rules[i])) {
			rc = lp_cli_usage_error("lint", "unknown rule '%s' (see 'logpipe rules')", rules[i]);
			goto done;
		}
	o.rules = rules;
	o.nrules = nrules;
	o.nfiles = &nfiles;
	/* JSON and SARIF carry each finding's fix, for editors and code-scanning UIs */
	o.fix = strcmp(format, "json") == 0 || strcmp(format, "sarif") == 0;
	/* named files or folders may be a part of the project (a hook passes the staged files) */
	o.partial = npaths > 0;

	d = lp_diag_new();
	/* No arguments: the project in the current directory, as 'build' would see it. */
	if (!spec && npaths == 0 && lp_fs_exists("logpipe.yaml"))
		spec = "logpipe.yaml";
	/* A generated folder whose lock names its spec is linted with the spec's lint settings. */
	if (!spec && npaths == 1 && (spec = spec_of_output(&specbuf, paths[0])) != NULL)
		outdir = paths[0];
	if (spec) {
		if (lp_plan_load(&m, spec, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_USAGE);
			goto done;
		}
		if (!m) {
			rc = LP_EXIT_USAGE;
			goto report;
		}
		if (lp_lint_check_settings(m, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_INTERNAL);
			goto done;
		}
		/* lint settings that name nothing would make the run below mean something else */
		if (lp_diag_count_at_least(d, LP_SEV_ERROR)) {
			rc = LP_EXIT_USAGE;
			goto report;
		}
		o.model = m;
	}
	if (npaths == 0 && m) {
		/* no paths: lint what the spec would generate, without writing it, and the files it refers to */
		o.extra = lp_cli_spec_files(&o.nextra, &scratch, m, spec);
		if (render_for_lint(&set, m, o.extra, o.nextra, 1, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_INTERNAL);
			goto report;
		}
		/* named as `build` run beside the spec would write them */
		o.artifact_dir = lp_cli_output_dir(&dirbuf, spec);
		error = lp_lint_artifacts(&set, m, &o, d);
		nfiles++; /* the spec */
	} else {
		if (npaths == 0)
			paths[npaths++] = ".";
		if (m && npaths == 1 && (outdir || spec_of_output(&dirbuf, paths[0]))) {
			/* the spec's output on disk: findings on files it renders unchanged are reported in the spec */
			size_t len = strlen(paths[0]);
			while (len > 1 && paths[0][len - 1] == '/')
				len--;
			outdir = lp_arena_strndup(&scratch, paths[0], len);
			/* rendered only to know where things came from: the files on disk are what is judged */
			if (render_for_lint(&set, m, NULL, 0, 0, d) < 0) {
				rc = lp_cli_fail(LP_EXIT_INTERNAL);
				goto report;
			}
			keep_origins_of_unchanged(&set, outdir);
			o.origins = &set;
			o.artifact_dir = outdir;
		}
		error = lp_lint_run(&o, paths, npaths, d);
		if (error >= 0 && o.origins)
			lp_lint_relocate(d, &set, outdir);
	}
	if (error < 0) {
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_INTERNAL ? LP_EXIT_INTERNAL : LP_EXIT_USAGE);
		goto done;
	}
	if (has_input_error(d))
		rc = LP_EXIT_USAGE;
	else if (lp_diag_count_at_least(d, min) > 0)
		rc = LP_EXIT_FINDINGS;
report:
	/* Findings are the result of lint: stdout, so `lint > report.txt` keeps them. */
	error = lp_cli_report(d, format, stdout, nfiles);
	if (error != LP_EXIT_OK)
		rc = error;
done:
	lp_buf_release(&dirbuf);
	lp_buf_release(&specbuf);
	lp_arena_release(&scratch);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	lp_free(cat);
	lp_ruleset_free(rs);
	lp_free(paths);
	lp_free(rules);
	return rc;
}
