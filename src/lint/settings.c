#include "lint/lint.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/rules.h"
#include "spec/model.h"
#include "spec/schema.h"
#include "util/mem.h"

/*
 * lint.ignore and lint.params decide what lint reports, so a typo there
 * must not quietly turn a rule off or leave a Config parameter at its
 * default: every rule they name must exist, every parameter must be one the
 * rule takes, with a value of its type.
 */

/* The nearest of `words` to `word` within a typo's distance, or NULL. */
static const char *nearest(const char *word, const char *const *words, size_t n)
{
	size_t i, best = (size_t)-1, len = strlen(word), limit = len < 3 ? 0 : len < 6 ? 1 : len / 3;
	const char *hit = NULL;
	if (len > 64)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t dist = lp_schema_distance(word, words[i]);
		if (dist < best) {
			best = dist;
			hit = words[i];
		}
	}
	return best <= limit ? hit : NULL;
}

/* "did you mean 'X'? " + `rest`, into `help`. */
static const char *suggest(lp_buf *help, const char *hit, const char *rest)
{
	lp_buf_clear(help);
	if (hit)
		lp_buf_printf(help, "did you mean '%s'? ", hit);
	lp_buf_puts(help, rest);
	return help->ptr;
}

/* Every name a rule answers to (id, Config name, Config identifier), for suggestions. */
static const char **rule_names(size_t *n, const lp_rule_info *cat, size_t ncat)
{
	const char **v = lp_calloc(ncat * 3 + 1, sizeof(*v));
	size_t i;
	*n = 0;
	for (i = 0; i < ncat; i++) {
		v[(*n)++] = cat[i].id;
		if (cat[i].config_name)
			v[(*n)++] = cat[i].config_name;
		if (cat[i].config_identifier)
			v[(*n)++] = cat[i].config_identifier;
	}
	return v;
}

static int is_integer_text(const char *s)
{
	char *end;
	if (!s || !*s)
		return 0;
	(void)strtoll(s, &end, 10);
	return *end == '\0';
}

static void check_param(const lp_param *p, const lp_rule_info *info, lp_buf *help, lp_diag *d)
{
	const lp_rule *r = info->data;
	const char *names[32];
	size_t i, n = 0;
	if (!r || r->nparams == 0) {
		lp_diag_error(d, "LP-SPEC-LINT", &p->rule_span, "remove it; 'logpipe explain <rule>' lists a rule's parameters",
			"rule '%s' takes no parameters", p->rule);
		return;
	}
	for (i = 0; i < r->nparams; i++) {
		if (!strcasecmp(r->params[i].name, p->key))
			break;
		if (n < 32)
			names[n++] = r->params[i].name;
	}
	if (i == r->nparams) {
		lp_buf list = LP_BUF_INIT;
		for (i = 0; i < r->nparams; i++)
			lp_buf_printf(&list, "%s%s", i ? ", " : "parameters of this rule: ", r->params[i].name);
		lp_diag_error(d, "LP-SPEC-LINT", &p->key_span, suggest(help, nearest(p->key, names, n), list.ptr),
			"rule '%s' has no parameter '%s'", p->rule, p->key);
		lp_buf_release(&list);
		return;
	}
	/* A parameter whose Config default is a number takes a number. */
	if (is_integer_text(r->params[i].def) && p->type != LP_SCALAR_INT)
		lp_diag_error(d, "LP-SPEC-LINT", &p->span, "write a whole number without quotes, e.g. 365",
			"parameter '%s' of rule '%s' takes a whole number, not '%s'", r->params[i].name, p->rule, p->value);
}

int lp_lint_check_settings(const lp_model *m, lp_diag *d)
{
	lp_ruleset *rs = NULL;
	lp_rule_info *cat = NULL;
	const char **names;
	lp_buf help = LP_BUF_INIT;
	size_t ncat, nnames, i;
	int error;

	if (!m || (m->nignores == 0 && m->nparams == 0))
		return 0;
	if ((error = lp_ruleset_load(&rs)) < 0)
		return error;
	ncat = lp_rules_catalog(&cat, rs);
	names = rule_names(&nnames, cat, ncat);
	for (i = 0; i < m->nignores; i++) {
		const lp_ignore *ig = &m->ignores[i];
		if (ig->rule && !lp_rules_catalog_find(cat, ncat, ig->rule))
			lp_diag_error(d, "LP-SPEC-LINT", &ig->span,
				suggest(&help, nearest(ig->rule, names, nnames), "'logpipe rules' lists every rule"),
				"lint.ignore names no rule '%s'", ig->rule);
	}
	for (i = 0; i < m->nparams; i++) {
		const lp_param *p = &m->params[i];
		const lp_rule_info *info = lp_rules_catalog_find(cat, ncat, p->rule);
		if (!info)
			lp_diag_error(d, "LP-SPEC-LINT", &p->rule_span,
				suggest(&help, nearest(p->rule, names, nnames), "'logpipe rules' lists every rule"),
				"lint.params names no rule '%s'", p->rule);
		else
			check_param(p, info, &help, d);
	}
	lp_buf_release(&help);
	lp_free(names);
	lp_free(cat);
	lp_ruleset_free(rs);
	return 0;
}
