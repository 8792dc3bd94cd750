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

static int emit(lp_diag *d, const char *format)
{
	if (!strcmp(format, "sarif")) {
		lp_buf out = LP_BUF_INIT;
		int rc = lp_lint_print_sarif(&out, d) < 0 ? lp_cli_fail(LP_EXIT_INTERNAL) : lp_cli_stdout(out.ptr, out.size);
		lp_buf_release(&out);
		return rc;
	}
	return lp_cli_emit_diag(d, format);
}

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
	int rc = LP_EXIT_OK, i, error;

	if (lp_cli_wants_help(argc, argv)) {
		rc = lp_cli_print_help("lint");
		goto done;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--spec") && i + 1 < argc)
			spec = argv[++i];
		else if (!strcmp(a, "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(a, "--fail-on") && i + 1 < argc)
			fail_on = argv[++i];
		else if (!strcmp(a, "--rule") && i + 1 < argc)
			rules[nrules++] = argv[++i];
		else if (!strcmp(a, "--kind") && i + 1 < argc)
			kind = argv[++i];
		else if (a[0] == '-' && a[1]) {
			rc = lp_cli_usage_error("lint", "unknown or incomplete option '%s'", a);
			goto done;
		} else
			paths[npaths++] = a;
	}
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif")) {
		rc = lp_cli_usage_error("lint", "--format must be text, json or sarif, not '%s'", format);
		goto done;
	}
	if (lp_severity_parse(&min, fail_on) < 0) {
		rc = lp_cli_usage_error("lint", "--fail-on must be error, warning or note, not '%s'", fail_on);
		goto done;
	}
	if (kind && (lp_lint_kind_parse(&o.force_kind, kind) < 0 || o.force_kind == LP_LINT_UNKNOWN)) {
		rc = lp_cli_usage_error("lint", "--kind must be taskdef, cfn, firehose, glue, ddl, fluent-bit or log-groups, not '%s'",
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
	error = emit(d, format);
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
