#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "plan/check_sam.h"
#include "read/sam.h"
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
	{ "LP-LINT-NO-FILES", LP_SEV_NOTE, "any", "nothing was linted",
		"The paths named on the command line held no file logpipe lints (or none at all), so a clean result "
		"would mean nothing. A directory whose every file is ignored by .gitignore is linted anyway, because it "
		"was named.",
		"Name the files or directories to lint, or pass --kind for a file logpipe does not recognise.", NULL },
	{ "LP-LINT-SPECIAL-FILE", LP_SEV_ERROR, "any", "special file in a linted directory",
		"A directory being linted holds a FIFO, a device or a socket. logpipe reads only regular files: opening "
		"a FIFO blocks until something writes to it, and opening a device can have effects. It is not read, and "
		"reported so that a clean result does not hide a file that was meant to be linted.",
		"Remove it from the directory, add it to .gitignore, or name the regular files to lint.", NULL },
	{ "LP-LINT-INTERRUPTED", LP_SEV_NOTE, "any", "interrupted build in an output directory",
		"A logpipe build was killed or failed while replacing this output directory and left its staging folder "
		"(.logpipe-staging-*). Lint leaves the staging out; until a build recovers the directory, the files "
		"beside it may be part previous output, part new.",
		"Run 'logpipe build' into the directory: it rolls the interrupted build back or finishes it first.", NULL },
	{ "LP-CFN-FOREACH", LP_SEV_NOTE, "cfn", "Fn::ForEach loop not expanded",
		"logpipe expands AWS::LanguageExtensions Fn::ForEach loops (nested loops, ${Id} and &{Id} in keys and "
		"values, !Ref Id) and lints every generated resource at the loop's position. A loop whose collection is "
		"only known at deploy time (!GetAZs, a parameter without Default, an import), a malformed loop, or a "
		"template that generates more than 10000 keys is left out, and this note says so.",
		"Give the collection as a list, or as a CommaDelimitedList parameter with a Default.",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-foreach.html" },
	{ "LP-SAM-IMPLICIT-API", LP_SEV_ERROR, "cfn", "SAM implicit API without logging",
		"A function event 'Type: Api' (or 'HttpApi') without RestApiId/ApiId makes SAM create an implicit API "
		"(ServerlessRestApi, stage Prod). Its stage can only be configured through Globals.Api. The severity "
		"follows AWS Config's verdict on that stage: an error when Globals.Api has no MethodSettings (or turns "
		"logging off), since api-gw-execution-logging-enabled marks the stage NON_COMPLIANT, and for an implicit "
		"HTTP API without Globals.HttpApi.AccessLogSettings, which api-gwv2-access-logs-enabled marks "
		"NON_COMPLIANT; a warning when only AccessLogSetting is missing on a REST API, which no Config rule "
		"checks but which leaves no access logs to investigate incidents with.",
		"Add AccessLogSetting and MethodSettings (LoggingLevel ERROR or INFO) under Globals.Api "
		"(Globals.HttpApi.AccessLogSettings for HTTP APIs), or define an AWS::Serverless::Api with them and point "
		"the event at it with RestApiId: !Ref MyApi. 'logpipe build' with an api_gateway source emits the block.",
		"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html" },
	{ "LP-SAM-API-ACCESS-LOG", LP_SEV_WARNING, "cfn", "SAM API without access logs",
		"An AWS::Serverless::Api without AccessLogSetting (on the resource or in Globals.Api) writes no access "
		"logs, so requests cannot be traced after an incident.",
		"Add AccessLogSetting {DestinationArn, Format} with a one-line Format that contains $context.requestId.",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

#define DDL_FIX                                                                                                  \
	"for a load balancer table: replace the columns and input.regex with logpipe's table for that log (one "     \
	"capture group per column, a last column for whatever AWS appends), keeping the table's name, LOCATION, "  \
	"partitions and TBLPROPERTIES as written"

/* The edits `logpipe fix` makes for rules written in C (lint_fix_apigw.c, check_athena.c). */
static const struct {
	const char *id, *text;
} c_fixes[] = {
	{ "LP-SAM-IMPLICIT-API",
		"write AccessLogSetting (to a new access-log group, retention MinRetentionTime, the spec's KMS key), "
		"MethodSettings (ERROR, with metrics) and OpenApiVersion into Globals.Api (AccessLogSettings into "
		"Globals.HttpApi for an HTTP API); add the Region's CloudWatch role and AWS::ApiGateway::Account when the "
		"template has none, and make the access-log group wait for it: the implicit stage refers to the group, so "
		"it is created after the Account although it cannot take DependsOn" },
	{ "LP-SAM-API-ACCESS-LOG",
		"add AccessLogSetting to a new access-log group (retention MinRetentionTime, the spec's KMS key) with "
		"the one-line Format logpipe's SAM fragment uses; add the Region's CloudWatch role and "
		"AWS::ApiGateway::Account when the template has none, and DependsOn on the API" },
	{ "LP-ATHENA-REGEX-GROUPS", DDL_FIX },
	{ "LP-ALB-APPENDED-FIELDS", DDL_FIX },
	{ "LP-SOURCE-DOC-LINE", DDL_FIX },
	{ NULL, NULL },
};

/* ---- SAM implicit APIs ------------------------------------------------- */

/*
 * The scan and its findings are shared with the SAM renderer (lint/sam.h), so
 * `build` and `lint` agree on what an implicit API is. An explicit API's
 * missing execution logging is left to LP-APIGW-EXEC-LOGGING, which applies
 * Config's loggingLevel parameter, so it is not reported twice.
 */
static void check_sam(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i, j;
	for (i = 0; i < ctx->ndocs; i++) {
		lp_sam_info info;
		lp_diag *tmp;
		if (ctx->docs[i].kind != LP_LINT_CFN_TEMPLATE || !ctx->docs[i].tree)
			continue;
		lp_sam_scan(&info, ctx->arena, ctx->docs[i].tree);
		tmp = lp_diag_new();
		lp_sam_report(&info, NULL, tmp);
		for (j = 0; j < lp_diag_count(tmp); j++) {
			const lp_diag_entry *e = lp_diag_get(tmp, j);
			lp_diag_entry *out;
			if (e->rule && !strcmp(e->rule, "LP-SAM-API-EXECUTION-LOG"))
				continue;
			out = lp_diag_add(d, e->severity, e->rule, &e->span, e->help, "%s", e->message);
			if (e->target)
				out->target = lp_diag_intern(d, e->target);
			/* Globals.Api, which the implicit API's fix writes, covers the explicit APIs too */
			if (ctx->opts->fix && !(info.nimplicit_rest && !strcmp(e->rule, "LP-SAM-API-ACCESS-LOG")))
				lp_lint__fix_sam(&ctx->docs[i], &info, ctx->opts->model, ctx->rules, out, d);
		}
		lp_diag_free(tmp);
	}
}

/* ---- S3 buckets without any policy (s3-bucket-ssl-requests-only) ------- */

/* The logical id a value refers to with !Ref / {"Ref": X}, or NULL. */
static const char *ref_of(const lp_node *v)
{
	if (!v)
		return NULL;
	if (v->kind == LP_NODE_SCALAR && v->tag && !strcmp(v->tag, "!Ref"))
		return v->str;
	if (v->kind == LP_NODE_MAP && v->n == 1 && !strcmp(v->pairs[0].key->str, "Ref"))
		return lp_node_str(v->pairs[0].value);
	return NULL;
}

static int has_policy_for(const lp_node *resources, const char *logical_id, const char *bucket_name)
{
	size_t i;
	for (i = 0; i < resources->n; i++) {
		const lp_node *r = resources->pairs[i].value;
		const char *type = lp_node_str(lp_node_get(r, "Type"));
		const lp_node *b = lp_node_get(lp_node_get(r, "Properties"), "Bucket");
		const char *ref = ref_of(b);
		if (!type || strcmp(type, "AWS::S3::BucketPolicy") != 0 || !b)
			continue;
		if (lp_rule_is_intrinsic(b) && !ref)
			return 1; /* Fn::Sub, Fn::ImportValue...: cannot tell, assume it is this bucket's */
		if ((ref && !strcmp(ref, logical_id)) ||
			(!ref && bucket_name && b->kind == LP_NODE_SCALAR && !strcmp(b->str, bucket_name)))
			return 1;
	}
	return 0;
}

/*
 * Config's s3-bucket-ssl-requests-only also fails a bucket that has no policy
 * at all; the data rule LP-S3-SSL-ONLY judges the policies that exist.
 */
static void check_s3_without_policy(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i, j;
	for (i = 0; i < ctx->ndocs; i++) {
		const lp_node *res = lp_node_get(ctx->docs[i].tree, "Resources");
		if (ctx->docs[i].kind != LP_LINT_CFN_TEMPLATE || !res || res->kind != LP_NODE_MAP)
			continue;
		for (j = 0; j < res->n; j++) {
			const lp_pair *p = &res->pairs[j];
			const char *type = lp_node_str(lp_node_get(p->value, "Type"));
			const lp_node *name = lp_node_get(lp_node_get(p->value, "Properties"), "BucketName");
			lp_diag_entry *e;
			if (!type || strcmp(type, "AWS::S3::Bucket") != 0)
				continue;
			if (has_policy_for(res, p->key->str, name && !lp_rule_is_intrinsic(name) ? lp_node_str(name) : NULL))
				continue;
			e = lp_diag_error(d, "LP-S3-SSL-ONLY", &p->key->span,
				"add an AWS::S3::BucketPolicy for it with a Deny statement on Condition Bool aws:SecureTransport false",
				"bucket '%s' has no bucket policy, so requests without TLS are not denied", p->key->str);
			e->target = lp_diag_intern(d, p->key->str);
		}
	}
}

const lp_lint_check lp_lint_checks[] = {
	{ "sam-implicit-api", check_sam, 1, NULL },
	{ "s3-without-policy", check_s3_without_policy, 1, NULL },
	{ "athena-ddl", lp_check_ddl_docs, 1, NULL },
	{ "glue-projection", lp_check_glue_docs, 1, NULL },
	{ "fluent-bit", lp_check_flb_docs, 1, lp_check_flb_keep },
	{ "cross-artifact", lp_check_xart_docs, 0, NULL },
	{ "rejected-routes", lp_check_routes_docs, 1, NULL },
	{ NULL, NULL, 0, NULL },
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
	size_t i;
	memset(ri, 0, sizeof(*ri));
	ri->id = c->id;
	ri->title = c->title;
	ri->description = c->description;
	ri->remediation = c->remediation;
	ri->help_uri = c->docs;
	ri->severity = c->severity;
	for (i = 0; c_fixes[i].id; i++)
		if (!strcmp(c_fixes[i].id, c->id)) {
			ri->fix = "edit";
			ri->fix_text = c_fixes[i].text;
		}
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

/* What `logpipe fix` does about the rule's findings: an edit (of some alternative) or steps for a person. */
static void fix_of(lp_rule_info *ri, const lp_node *fx)
{
	size_t i, n = fx && fx->kind == LP_NODE_SEQ ? fx->n : fx ? 1 : 0;
	for (i = 0; i < n; i++) {
		const lp_node *alt = fx->kind == LP_NODE_SEQ ? fx->items[i] : fx;
		const char *set = lp_node_str(lp_node_get(alt, "set"));
		if (!set)
			set = lp_node_str(lp_node_get(alt, "c"));
		const char *text = lp_node_str(lp_node_get(alt, set ? "describe" : "manual"));
		if (set && (!ri->fix || strcmp(ri->fix, "edit") != 0)) {
			ri->fix = "edit";
			ri->fix_text = text ? text : set;
		} else if (!ri->fix) {
			ri->fix = "manual";
			ri->fix_text = text;
		}
	}
}

size_t lp_rules_catalog(lp_rule_info **out, const lp_ruleset *rs)
{
	size_t n = 0, cap = lp_ruleset_count(rs), i;
	const lp_check_rule *c;
	lp_rule_info *v;

	for (c = lp_check_rules; c->id; c++)
		cap++;
	for (c = engine_rules; c->id; c++)
		cap++;
	for (c = lp_spec_rules; c->id; c++)
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
		ri->security_severity = r->security_severity;
		ri->config_discontinued = r->config_discontinued;
		ri->config_note = r->config_note;
		ri->example = r->example;
		ri->severity = r->severity;
		ri->data = r;
		fix_of(ri, r->fix);
		kinds_of(ri->kinds, sizeof(ri->kinds), r);
	}
	for (c = lp_check_rules; c->id; c++)
		from_check(&v[n++], c);
	for (c = engine_rules; c->id; c++)
		from_check(&v[n++], c);
	for (c = lp_spec_rules; c->id; c++)
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
