#include <string.h>

#include "cli.h"
#include "fix/fix.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"

enum { OPT_DIFF = LP_CLI_OPT_LONG, OPT_CHECK };

static const struct option longopts[] = {
	{ "spec", required_argument, NULL, 's' },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "rule", required_argument, NULL, 'r' },
	{ "kind", required_argument, NULL, 'k' },
	{ NULL, 0, NULL, 0 },
};

/* An unreadable or unparseable input stops the fix: nothing is written. */
static int input_error(lp_diag *d)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (e->severity == LP_SEV_ERROR && e->rule && !strncmp(e->rule, "LP-YAML", 7))
			return 1;
	}
	return 0;
}

static void print_where(lp_buf *out, const lp_diag_entry *e)
{
	lp_buf_printf(out, "%s:%u:%u: ", e->span.file ? e->span.file : "<unknown>", e->span.line, e->span.col);
}

/* `what` for one finding's fix: "fixed"/"would fix", or "manual" with the steps. */
static void print_fixes(lp_buf *out, lp_diag *d, int dry, size_t *manual)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!e->fix || e->suppressed)
			continue;
		print_where(out, e);
		if (e->fix->manual) {
			lp_buf_printf(out, "manual: %s [%s]\n  help: %s\n", e->message, e->rule, e->fix->description);
			(*manual)++;
		} else {
			lp_buf_printf(out, "%s: %s [%s]\n  fix: %s\n", dry ? "would fix" : "fixed", e->message, e->rule,
				e->fix->description);
		}
	}
}

int lp_cli_fix(int argc, char **argv)
{
	const char *spec = NULL, *kind = NULL, *arg;
	const char **paths = lp_calloc((size_t)argc + 64, sizeof(*paths));
	const char **rules = lp_calloc((size_t)argc + 1, sizeof(*rules));
	size_t npaths = 0, nrules = 0, i, manual = 0, ncat = 0;
	int diff = 0, check = 0, rc = LP_EXIT_OK, c;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_fix_result res;
	lp_diag *d = lp_diag_new(), *left = NULL;
	lp_arena scratch = LP_ARENA_INIT;
	lp_buf out = LP_BUF_INIT;
	lp_rule_info *cat = NULL;
	lp_ruleset *rs = NULL;
	lp_model *m = NULL;
	lp_cli_opts p;

	memset(&res, 0, sizeof(res));
	lp_cli_opts_init(&p, "fix", argc, argv, "s:r:k:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 's': spec = arg; break;
		case 'r': rules[nrules++] = arg; break;
		case 'k': kind = arg; break;
		case OPT_DIFF: diff = 1; break;
		case OPT_CHECK: check = 1; break;
		}
	}
	if (c == LP_CLI_OPT_STOP) {
		rc = p.code;
		goto done;
	}
	if (diff && check) {
		rc = lp_cli_usage_error("fix", "--diff and --check cannot be combined");
		goto done;
	}
	for (i = (size_t)p.optind; i < (size_t)argc; i++)
		paths[npaths++] = argv[i];
	if (kind && lp_lint_opts_kind(&o, kind) < 0) {
		rc = lp_cli_usage_error("fix", "unknown --kind '%s' (see 'logpipe lint --help')", kind);
		goto done;
	}
	if (lp_ruleset_load(&rs) < 0) {
		rc = lp_cli_fail(LP_EXIT_INTERNAL);
		goto done;
	}
	ncat = lp_rules_catalog(&cat, rs);
	for (i = 0; i < nrules; i++)
		if (!lp_rules_catalog_find(cat, ncat, rules[i])) {
			rc = lp_cli_usage_error("fix", "unknown rule '%s' (see 'logpipe rules')", rules[i]);
			goto done;
		}
	o.rules = rules;
	o.nrules = nrules;
	o.partial = npaths > 0;
	if (spec) {
		size_t nextra = 0;
		const char **extra;
		if (lp_plan_load(&m, spec, d) < 0) {
			rc = lp_cli_fail(LP_EXIT_USAGE);
			goto done;
		}
		if (!m) {
			rc = LP_EXIT_USAGE;
			lp_cli_report(d, "text", stdout, 0);
			goto done;
		}
		o.model = m;
		extra = lp_cli_spec_files(&nextra, &scratch, m, spec);
		paths = lp_realloc(paths, ((size_t)argc + nextra + 1) * sizeof(*paths));
		for (i = 0; i < nextra; i++)
			if (lp_fs_exists(extra[i]))
				paths[npaths++] = extra[i];
	}
	if (npaths == 0)
		paths[npaths++] = ".";
	if (lp_fix_run(&res, &o, paths, npaths, d, &left) < 0) {
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_INTERNAL ? LP_EXIT_INTERNAL : LP_EXIT_USAGE);
		goto done;
	}
	if (input_error(d)) {
		/* a file logpipe cannot read is not half-fixed: say why and write nothing */
		lp_cli_report(d, "text", stdout, 0);
		rc = LP_EXIT_USAGE;
		goto done;
	}
	print_fixes(&out, d, diff || check, &manual);
	if (diff) {
		/* by lines, before and after: later passes edit what the first one wrote, so no edit list says it all */
		for (i = 0; i < res.n; i++)
			lp_diff_texts(&out, res.v[i].path, res.v[i].before.ptr, res.v[i].before.size, res.v[i].after.ptr,
				res.v[i].after.size);
	} else if (!check) {
		for (i = 0; i < res.n; i++)
			if (lp_fs_replace(res.v[i].path, res.v[i].after.ptr, res.v[i].after.size) < 0) {
				fwrite(out.ptr, 1, out.size, stdout);
				rc = lp_cli_fail(LP_EXIT_USAGE);
				goto done;
			}
	}
	if (!lp_cli_quiet())
		lp_buf_printf(&out, "%zu finding%s %s in %zu file%s; %zu to fix by hand\n", res.fixed,
			res.fixed == 1 ? "" : "s", diff || check ? "can be fixed" : "fixed", res.n, res.n == 1 ? "" : "s",
			manual);
	fwrite(out.ptr, 1, out.size, stdout);
	if (check && res.n)
		rc = LP_EXIT_FINDINGS;
done:
	lp_fix_result_release(&res);
	lp_diag_free(left);
	lp_diag_free(d);
	lp_buf_release(&out);
	lp_arena_release(&scratch);
	lp_model_free(m);
	lp_free(cat);
	lp_ruleset_free(rs);
	lp_free(paths);
	lp_free(rules);
	return rc;
}
