#include <ctype.h>
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

/*
 * SARIF's rule name is an identifier ("PascalCase", 3.49.7): the Config rule
 * name when the rule mirrors one, else the id without its LP- prefix.
 */
static void pascal_name(lp_buf *out, const lp_rule_info *r)
{
	const char *p = r->config_name ? r->config_name : r->id;
	int up = 1;
	if (!r->config_name && !strncmp(p, "LP-", 3))
		p += 3;
	for (; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			up = 1;
			continue;
		}
		lp_buf_putc(out, (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p)));
		up = 0;
	}
}

/* The explain text as Markdown, for viewers that show rule help (GitHub code scanning does). */
static void help_markdown(lp_buf *out, const lp_rule_info *r, const char *uri)
{
	lp_buf_printf(out, "**%s** (`%s`)\n\n", r->title ? r->title : r->id, r->id);
	if (r->description)
		lp_buf_printf(out, "%s\n\n", r->description);
	if (r->remediation)
		lp_buf_printf(out, "**How to fix:** %s\n\n", r->remediation);
	if (r->config_name)
		lp_buf_printf(out, "**AWS Config rule:** `%s` (`%s`)\n\n", r->config_name,
			r->config_identifier ? r->config_identifier : "");
	if (r->example && *r->example)
		lp_buf_printf(out, "**Compliant example:**\n\n```\n%s%s```\n\n", r->example,
			r->example[strlen(r->example) - 1] == '\n' ? "" : "\n");
	lp_buf_printf(out, "Suppress one finding with `# logpipe:ignore %s <reason>`, or in logpipe.yaml under "
			   "`lint.ignore`. More: `logpipe explain %s`, [documentation](%s).\n",
		r->id, r->id, uri);
}

/* Rules without a page of their own link to their section of the rule reference. */
static void fallback_uri(lp_buf *out, const char *id)
{
	lp_buf_printf(out, "%s/%s#", LP_DOCS_URL, "rules.md");
	for (; *id; id++)
		lp_buf_putc(out, (char)tolower((unsigned char)*id));
}

int lp_lint_print_sarif(lp_buf *out, lp_diag *d, lp_report_opts *o)
{
	lp_ruleset *rs = NULL;
	lp_rule_info *cat = NULL;
	lp_sarif_rule *v;
	lp_buf *text;
	size_t n, i;
	int error;

	if ((error = lp_ruleset_load(&rs)) < 0)
		return error;
	n = lp_rules_catalog(&cat, rs);
	v = lp_calloc(n + 1, sizeof(*v));
	text = lp_calloc(3 * n + 1, sizeof(*text)); /* per rule: name, helpUri, markdown */
	for (i = 0; i < 3 * n; i++)
		lp_buf_init(&text[i]);
	for (i = 0; i < n; i++) {
		lp_buf *name = &text[3 * i], *uri = &text[3 * i + 1], *md = &text[3 * i + 2];
		pascal_name(name, &cat[i]);
		if (cat[i].help_uri)
			lp_buf_puts(uri, cat[i].help_uri);
		else
			fallback_uri(uri, cat[i].id);
		help_markdown(md, &cat[i], uri->ptr);
		v[i].id = cat[i].id;
		v[i].name = name->ptr;
		v[i].short_desc = cat[i].title;
		v[i].full_desc = cat[i].description;
		v[i].help_uri = uri->ptr;
		v[i].help = cat[i].remediation;
		v[i].help_markdown = md->ptr;
		v[i].security_severity = cat[i].security_severity;
		v[i].level = cat[i].severity;
		v[i].config_rule = cat[i].config_name;
	}
	error = lp_diag_print_sarif(out, d, v, n, o, in_source, NULL);
	for (i = 0; i < 3 * n; i++)
		lp_buf_release(&text[i]);
	lp_free(text);
	lp_free(v);
	lp_free(cat);
	lp_ruleset_free(rs);
	return error;
}
