#include <string.h>

#include "cli.h"
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

enum { OPT_SPEC = LP_CLI_OPT_LONG, OPT_FAIL_ON, OPT_RULE, OPT_KIND };

static const struct option longopts[] = {
	{ "spec", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "rule", required_argument, NULL, 'r' },
	{ "kind", required_argument, NULL, 'k' },
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
	lp_rule_info *cat = NULL;
	lp_ruleset *rs = NULL;
	lp_severity min;
	lp_model *m = NULL;
	lp_diag *d = NULL;
	lp_cli_opts p;
	const char *arg;
	size_t nfiles = 0;
	int rc = LP_EXIT_OK, i, c, error;

	lp_cli_opts_init(&p, "lint", argc, argv, "s:f:r:k:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 's': spec = arg; break;
		case 'f': format = arg; break;
		case OPT_FAIL_ON: fail_on = arg; break;
		case 'r': rules[nrules++] = arg; break;
		case 'k': kind = arg; break;
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
	/* named files or folders may be a part of the project (a hook passes the staged files) */
	o.partial = npaths > 0;

	d = lp_diag_new();
	if (spec) {
		if (lp_plan_load(&m, spec, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_USAGE);
			goto done;
		}
		if (!m) {
			rc = LP_EXIT_USAGE;
			goto report;
		}
		o.model = m;
	}
	if (npaths == 0 && m) {
		/* no paths: lint what the spec would generate, without writing it */
		lp_render_opts ro = LP_RENDER_OPTS_INIT;
		if (lp_render_all(&set, m, &ro, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_INTERNAL);
			goto report;
		}
		error = lp_lint_artifacts(&set, m, &o, d);
		nfiles++; /* the spec */
	} else {
		if (npaths == 0)
			paths[npaths++] = ".";
		error = lp_lint_run(&o, paths, npaths, d);
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
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
	lp_free(cat);
	lp_ruleset_free(rs);
	lp_free(paths);
	lp_free(rules);
	return rc;
}
