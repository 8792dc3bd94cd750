#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "util/buf.h"
#include "util/mem.h"

/*
 * The checks written in C, plugged into the engine. Each reads ctx->docs and
 * reports into the sink; the engine applies --rule and suppressions after.
 */

/* Rules the engine itself reports (suppressions, inputs, SAM implicit APIs). */
static const lp_check_rule engine_rules[] = {
	{ "LP-LINT-UNUSED-IGNORE", LP_SEV_WARNING, "any", "suppression that matches nothing",
		"A lint.ignore entry or a '# logpipe:ignore' comment suppresses no finding: the finding was fixed, "
		"or the rule id or target is mistyped. A stale suppression would silently hide a future regression.",
		"Remove the suppression, or correct its rule id or target.", NULL },
	{ "LP-LINT-IGNORE-REASON", LP_SEV_WARNING, "any", "ignore comment without a reason",
		"Every suppression must say why, so reviewers can judge it later. A '# logpipe:ignore RULE' comment "
		"without a reason suppresses nothing.",
		"Write the reason after the rule id: '# logpipe:ignore LP-ECS-NONROOT base image needs root'.", NULL },
	{ "LP-LINT-UNKNOWN-KIND", LP_SEV_NOTE, "any", "file kind not recognised",
		"A file named on the command line is none of the kinds logpipe lints (task definition, CloudFormation/SAM, "
		"Firehose, Glue, Athena DDL, Fluent Bit conf, log groups).",
		"Pass --kind to force the kind, or leave the file out.", NULL },
	{ "LP-SAM-IMPLICIT-API", LP_SEV_ERROR, "cfn", "SAM implicit API without logging",
		"A function event 'Type: Api' (or 'HttpApi') without RestApiId/ApiId makes SAM create an implicit API "
		"(ServerlessRestApi, stage Prod). Its stage can only be configured through Globals.Api; without "
		"AccessLogSetting and MethodSettings there, AWS Config's api-gw-execution-logging-enabled marks the stage "
		"NON_COMPLIANT after deploy, and there are no access logs to investigate incidents with.",
		"Define an AWS::Serverless::Api with AccessLogSetting and MethodSettings (LoggingLevel ERROR or INFO) and "
		"point the event at it with RestApiId: !Ref MyApi, or add both settings under Globals.Api "
		"(Globals.HttpApi.AccessLogSettings for HTTP APIs). 'logpipe build' with an api_gateway source emits them.",
		"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const lp_check_rule *engine_rule(const char *id)
{
	const lp_check_rule *r;
	for (r = engine_rules; r->id; r++)
		if (!strcmp(r->id, id))
			return r;
	return NULL;
}

/* ---- SAM implicit APIs ------------------------------------------------- */

static int has_settings(const lp_node *globals, const char *sect, const char *k1, const char *k2)
{
	const lp_node *s = lp_node_get(globals, sect);
	return s && lp_node_get(s, k1) && (!k2 || lp_node_get(s, k2));
}

static void check_sam_doc(const lp_lint_doc *doc, lp_diag *d)
{
	const lp_node *res = lp_node_get(doc->tree, "Resources");
	const lp_node *globals = lp_node_get(doc->tree, "Globals");
	const lp_check_rule *rule = engine_rule("LP-SAM-IMPLICIT-API");
	size_t i, j;

	for (i = 0; res && res->kind == LP_NODE_MAP && i < res->n; i++) {
		const lp_node *fn = res->pairs[i].value;
		const char *type = lp_node_str(lp_node_get(fn, "Type"));
		const lp_node *events = lp_node_get(lp_node_get(fn, "Properties"), "Events");
		if (!type || strcmp(type, "AWS::Serverless::Function") != 0 || !events || events->kind != LP_NODE_MAP)
			continue;
		for (j = 0; j < events->n; j++) {
			const lp_node *ev = events->pairs[j].value, *tnode = lp_node_get(ev, "Type");
			const lp_node *props = lp_node_get(ev, "Properties");
			const char *et = lp_node_str(tnode);
			lp_diag_entry *e;
			int http;
			if (!et || (strcmp(et, "Api") != 0 && strcmp(et, "HttpApi") != 0))
				continue;
			http = !strcmp(et, "HttpApi");
			if (lp_node_get(props, http ? "ApiId" : "RestApiId"))
				continue;
			if (http ? has_settings(globals, "HttpApi", "AccessLogSettings", NULL)
				 : has_settings(globals, "Api", "AccessLogSetting", "MethodSettings"))
				continue;
			e = lp_diag_add(d, rule->severity, rule->id, &tnode->span, rule->remediation,
				"event '%s' of function '%s' creates an implicit %s API (%s) with no %s", events->pairs[j].key->str,
				res->pairs[i].key->str, http ? "HTTP" : "REST", http ? "ServerlessHttpApi" : "ServerlessRestApi",
				http ? "access logs: Globals.HttpApi.AccessLogSettings is not set"
				     : "access or execution logging: Globals.Api lacks AccessLogSetting or MethodSettings");
			e->target = lp_diag_intern(d, res->pairs[i].key->str);
		}
	}
}

static void check_sam(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i;
	for (i = 0; i < ctx->ndocs; i++)
		if (ctx->docs[i].kind == LP_LINT_CFN_TEMPLATE && ctx->docs[i].tree)
			check_sam_doc(&ctx->docs[i], d);
}

const lp_lint_check lp_lint_checks[] = {
	{ "sam-implicit-api", check_sam },
	{ "athena-ddl", lp_check_ddl_docs },
	{ "fluent-bit", lp_check_flb_docs },
	{ "cross-artifact", lp_check_xart_docs },
	{ NULL, NULL },
};

/* ---- the catalog: data rules and C rules together ------------------------ */

static void kinds_of(char *out, size_t cap, const lp_rule *r)
{
	lp_buf b = LP_BUF_INIT;
	size_t i;
	for (i = 0; i < r->nresources; i++) {
		const lp_rule_resource *res = &r->resources[i];
		lp_buf_printf(&b, "%s%s", i ? "," : "", res->cfn_type ? res->cfn_type : lp_lint_kind_name(res->kind));
	}
	if (b.size >= cap)
		lp_buf_truncate(&b, cap - 1);
	memcpy(out, b.ptr, b.size + 1);
	lp_buf_release(&b);
}

static void from_check(lp_rule_info *ri, const lp_check_rule *c)
{
	memset(ri, 0, sizeof(*ri));
	ri->id = c->id;
	ri->title = c->title;
	ri->description = c->description;
	ri->remediation = c->remediation;
	ri->help_uri = c->docs;
	ri->severity = c->severity;
	if (c->kinds) {
		size_t l = strlen(c->kinds);
		if (l >= sizeof(ri->kinds))
			l = sizeof(ri->kinds) - 1;
		memcpy(ri->kinds, c->kinds, l);
	}
}

static int by_info_id(const void *a, const void *b)
{
	return strcmp(((const lp_rule_info *)a)->id, ((const lp_rule_info *)b)->id);
}

size_t lp_rules_catalog(lp_rule_info **out, const lp_ruleset *rs)
{
	size_t n = 0, cap = lp_ruleset_count(rs) + 8, i;
	const lp_check_rule *c;
	lp_rule_info *v;

	for (c = lp_check_rules; c->id; c++)
		cap++;
	v = lp_calloc(cap, sizeof(*v));
	for (i = 0; i < lp_ruleset_count(rs); i++) {
		const lp_rule *r = lp_ruleset_get(rs, i);
		lp_rule_info *ri = &v[n++];
		ri->id = r->id;
		ri->title = r->title;
		ri->description = r->description;
		ri->remediation = r->remediation;
		ri->help_uri = r->help_uri;
		ri->config_name = r->config_name;
		ri->config_identifier = r->config_identifier;
		ri->guard_note = r->guard_note;
		ri->example = r->example;
		ri->severity = r->severity;
		ri->data = r;
		kinds_of(ri->kinds, sizeof(ri->kinds), r);
	}
	for (c = lp_check_rules; c->id; c++)
		from_check(&v[n++], c);
	for (c = engine_rules; c->id; c++)
		from_check(&v[n++], c);
	qsort(v, n, sizeof(*v), by_info_id);
	*out = v;
	return n;
}

const lp_rule_info *lp_rules_catalog_find(const lp_rule_info *v, size_t n, const char *id)
{
	size_t i;
	for (i = 0; id && i < n; i++)
		if (!strcasecmp(v[i].id, id) || (v[i].config_name && !strcasecmp(v[i].config_name, id)) ||
			(v[i].config_identifier && !strcasecmp(v[i].config_identifier, id)))
			return &v[i];
	return NULL;
}
