#include <string.h>

#include "cli.h"
#include "lint/rules.h"
#include "util/mem.h"

static void section(lp_buf *out, const char *title, const char *text)
{
	if (text && *text)
		lp_buf_printf(out, "\n%s\n  %s\n", title, text);
}

static void indented(lp_buf *out, const char *text, const char *indent)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		lp_buf_puts(out, indent);
		lp_buf_put(out, p, l);
		lp_buf_putc(out, '\n');
		p += l + (nl ? 1 : 0);
	}
}

/* The rule's own test snippets with both verdicts: what logpipe says and what AWS Config says. */
static void examples(lp_buf *out, const lp_rule *r)
{
	size_t i;
	if (!r->tests || r->tests->kind != LP_NODE_SEQ)
		return;
	lp_buf_puts(out, "\nExamples, with AWS Config's verdict:\n");
	for (i = 0; i < r->tests->n; i++) {
		const lp_node *t = r->tests->items[i];
		const char *pass = lp_node_str(lp_node_get(t, "pass")), *fail = lp_node_str(lp_node_get(t, "fail"));
		const char *name = lp_node_str(lp_node_get(t, "name")), *config = lp_node_str(lp_node_get(t, "config"));
		const char *differs = lp_node_str(lp_node_get(t, "differs"));
		if (!pass && !fail)
			continue;
		lp_buf_printf(out, "  %zu. %s%slogpipe: %s; AWS Config: %s\n", i + 1, name ? name : "", name ? " -- " : "",
			pass ? "no finding" : "finding", config ? config : "not stated");
		if (differs)
			lp_buf_printf(out, "     (%s)\n", differs);
		indented(out, pass ? pass : fail, "       ");
	}
}

static void explain(lp_buf *out, const lp_rule_info *r)
{
	size_t i;
	lp_buf_printf(out, "%s: %s\nseverity: %s\napplies to: %s\n", r->id, r->title ? r->title : "",
		lp_severity_name(r->severity), r->kinds[0] ? r->kinds : "-");
	section(out, "What it checks, and why:", r->description);
	if (r->config_name && r->config_discontinued)
		lp_buf_printf(out, "\nAWS Config rule:\n  %s (%s) was discontinued by AWS Config on %s; Config reports nothing any "
			"more.\n", r->config_name, r->config_identifier ? r->config_identifier : "", r->config_discontinued);
	else if (r->config_name)
		lp_buf_printf(out, "\nAWS Config rule:\n  %s (%s); logpipe reports what Config would mark NON_COMPLIANT after deploy.\n",
			r->config_name, r->config_identifier ? r->config_identifier : "");
	section(out, "Why logpipe keeps it:", r->config_note);
	if (r->data && r->data->nparams) {
		lp_buf_puts(out, "\nParameters (override with lint.params in logpipe.yaml):\n");
		for (i = 0; i < r->data->nparams; i++) {
			const lp_rule_param *p = &r->data->params[i];
			lp_buf_printf(out, "  %s = %s%s%s\n", p->name, p->def ? p->def : "(unset)",
				p->description ? "  -- " : "", p->description ? p->description : "");
		}
	}
	section(out, "Guard Rules Registry vs AWS Config:", r->guard_note);
	section(out, "How to fix:", r->remediation);
	if (r->fix && r->fix_text) {
		lp_buf line = LP_BUF_INIT;
		lp_buf_printf(&line, "%s%s", !strcmp(r->fix, "edit") ? "logpipe fix edits the file: " : "by hand: ",
			r->fix_text);
		section(out, "What logpipe fix does:", line.ptr);
		lp_buf_release(&line);
	}
	if (r->example && *r->example) {
		lp_buf_puts(out, "\nExample (compliant):\n");
		indented(out, r->example, "  ");
	}
	if (r->data && r->config_name)
		examples(out, r->data);
	section(out, "Documentation:", r->help_uri);
	lp_buf_printf(out, "\nSuppress one finding with a reason: '# logpipe:ignore %s <why>' on or above the line,\n"
			   "or in logpipe.yaml: lint: { ignore: [{ rule: %s, target: <file or resource>, reason: <why> }] }\n",
		r->id, r->id);
}

int lp_cli_explain(int argc, char **argv)
{
	lp_ruleset *rs = NULL;
	lp_rule_info *v = NULL;
	const lp_rule_info *r;
	lp_buf out = LP_BUF_INIT;
	size_t n;
	lp_cli_opts p;
	const char *arg, *id;
	int c, rc;

	lp_cli_opts_init(&p, "explain", argc, argv, "", NULL);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0)
		;
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (argc - p.optind != 1)
		return lp_cli_usage_error("explain", "expected exactly one RULE-ID");
	id = argv[p.optind];
	if (lp_ruleset_load(&rs) < 0)
		return lp_cli_fail(LP_EXIT_INTERNAL);
	n = lp_rules_catalog(&v, rs);
	r = lp_rules_catalog_find(v, n, id);
	if (!r) {
		rc = lp_cli_usage_error("explain", "unknown rule '%s' (see 'logpipe rules')", id);
	} else {
		explain(&out, r);
		rc = lp_cli_stdout(out.ptr, out.size);
	}
	lp_buf_release(&out);
	lp_free(v);
	lp_ruleset_free(rs);
	return rc;
}
