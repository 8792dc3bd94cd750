#include <cjson/cJSON.h>
#include <string.h>

#include "cli.h"
#include "lint/rules.h"
#include "util/mem.h"

static void print_json(lp_buf *out, const lp_rule_info *v, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "rules");
	size_t i;
	char *text;
	for (i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", v[i].id);
		cJSON_AddStringToObject(o, "severity", lp_severity_name(v[i].severity));
		cJSON_AddStringToObject(o, "title", v[i].title ? v[i].title : "");
		if (v[i].config_name) {
			cJSON *c = cJSON_AddObjectToObject(o, "config_rule");
			cJSON_AddStringToObject(c, "name", v[i].config_name);
			cJSON_AddStringToObject(c, "identifier", v[i].config_identifier ? v[i].config_identifier : "");
			if (v[i].config_discontinued)
				cJSON_AddStringToObject(c, "discontinued", v[i].config_discontinued);
		} else {
			cJSON_AddNullToObject(o, "config_rule");
		}
		cJSON_AddStringToObject(o, "resources", v[i].kinds);
		if (v[i].fix)
			cJSON_AddStringToObject(o, "fix", v[i].fix);
		else
			cJSON_AddNullToObject(o, "fix");
		cJSON_AddStringToObject(o, "source", v[i].data ? v[i].data->source : "built-in");
		if (v[i].help_uri)
			cJSON_AddStringToObject(o, "help_uri", v[i].help_uri);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_Print(root);
	lp_buf_puts(out, text);
	lp_buf_putc(out, '\n');
	cJSON_free(text);
	cJSON_Delete(root);
}

static void print_table(lp_buf *out, const lp_rule_info *v, size_t n)
{
	size_t i;
	lp_buf cfg = LP_BUF_INIT;
	lp_buf_printf(out, "%-28s %-8s %-6s %-46s %s\n", "RULE", "SEVERITY", "FIX", "AWS CONFIG RULE", "TITLE");
	for (i = 0; i < n; i++) {
		lp_buf_clear(&cfg);
		lp_buf_puts(&cfg, v[i].config_name ? v[i].config_name : "-");
		if (v[i].config_discontinued)
			lp_buf_puts(&cfg, " (discontinued)");
		lp_buf_printf(out, "%-28s %-8s %-6s %-46s %s\n", v[i].id, lp_severity_name(v[i].severity),
			v[i].fix ? v[i].fix : "-", cfg.ptr, v[i].title ? v[i].title : "");
	}
	for (i = 0; i < n; i++)
		if (v[i].config_discontinued)
			lp_buf_printf(out, "\n%s: AWS Config discontinued %s on %s; logpipe keeps the check (logpipe explain %s).\n",
				v[i].id, v[i].config_name, v[i].config_discontinued, v[i].id);
	lp_buf_release(&cfg);
}

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

int lp_cli_rules(int argc, char **argv)
{
	const char *format = "text";
	lp_ruleset *rs = NULL;
	lp_rule_info *v = NULL;
	lp_buf out = LP_BUF_INIT;
	size_t n;
	lp_cli_opts p;
	const char *arg;
	int c, rc;

	lp_cli_opts_init(&p, "rules", argc, argv, "f:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0)
		format = arg; /* -f, the only option */
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		return lp_cli_usage_error("rules", "unexpected argument '%s'", argv[p.optind]);
	if (!lp_cli_format_ok("rules", format, "text|json"))
		return LP_EXIT_USAGE;
	if (lp_ruleset_load(&rs) < 0)
		return lp_cli_fail(LP_EXIT_INTERNAL);
	n = lp_rules_catalog(&v, rs);
	if (!strcmp(format, "json"))
		print_json(&out, v, n);
	else
		print_table(&out, v, n);
	rc = lp_cli_stdout(out.ptr, out.size);
	lp_buf_release(&out);
	lp_free(v);
	lp_ruleset_free(rs);
	return rc;
}
