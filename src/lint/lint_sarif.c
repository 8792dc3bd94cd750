#include <string.h>

#include "diag/sarif.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "util/mem.h"

static int in_source(const lp_diag_entry *e, void *payload)
{
	(void)payload;
	return strncmp(e->suppressed, LP_LINT_SPEC_IGNORE_PREFIX, strlen(LP_LINT_SPEC_IGNORE_PREFIX)) != 0;
}

int lp_lint_print_sarif(lp_buf *out, lp_diag *d)
{
	lp_ruleset *rs = NULL;
	lp_rule_info *cat = NULL;
	lp_sarif_rule *v;
	size_t n, i;
	int error;

	if ((error = lp_ruleset_load(&rs)) < 0)
		return error;
	n = lp_rules_catalog(&cat, rs);
	v = lp_calloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].id = cat[i].id;
		v[i].name = cat[i].config_name;
		v[i].short_desc = cat[i].title;
		v[i].full_desc = cat[i].description;
		v[i].help_uri = cat[i].help_uri;
		v[i].help = cat[i].remediation;
		v[i].level = cat[i].severity;
		v[i].config_rule = cat[i].config_name;
	}
	error = lp_diag_print_sarif(out, d, v, n, in_source, NULL);
	lp_free(v);
	lp_free(cat);
	lp_ruleset_free(rs);
	return error;
}
