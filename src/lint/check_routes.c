#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "lint/lint.h"
#include "read/cfn.h"
#include "util/buf.h"

/*
 * The routes from CloudWatch Logs to the lake that the seed advises against,
 * found in real templates: a subscription filter that invokes a Lambda
 * function (in every way a template names one), and the Athena CloudWatch
 * connector. Both help lines offer the hybrid route at the source.
 */

#define HYBRID_HELP \
	"route at the source instead: in logpipe.yaml give the container 'logs: { to: [cloudwatch, lake] }' (FireLens " \
	"sends each record to CloudWatch Logs and to a Firehose stream that writes Parquet for Athena), then run " \
	"'logpipe build'"

static const char *const lambda_types[] = { "AWS::Lambda::Function", "AWS::Serverless::Function",
	"AWS::Lambda::Alias", "AWS::Lambda::Version", NULL };

static int ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; s && *s; s++)
		if (!strncasecmp(s, needle, n))
			return 1;
	return 0;
}

static const char *type_of(const lp_node *resources, const char *id)
{
	return lp_node_str(lp_node_get(lp_node_get(resources, id), "Type"));
}

static int is_one_of(const char *s, const char *const *v)
{
	for (; s && *v; v++)
		if (!strcmp(s, *v))
			return 1;
	return 0;
}

/* 1 when any scalar under `n` is a Lambda ARN or a Sub template of one. */
static int has_lambda_arn(const lp_node *n, unsigned depth)
{
	size_t i;
	if (!n || depth > 16)
		return 0;
	if (n->kind == LP_NODE_SCALAR)
		return strstr(n->str, ":lambda:") != NULL;
	for (i = 0; i < n->n; i++)
		if (has_lambda_arn(n->kind == LP_NODE_MAP ? n->pairs[i].value : n->items[i], depth + 1))
			return 1;
	return 0;
}

/*
 * How `dest` names a Lambda function, written to `how` ("GetAtt of the
 * AWS::Lambda::Function 'Fn'"); 0 when it does not, or cannot be told.
 */
static int names_lambda(lp_buf *how, lp_arena *a, const lp_node *root, const lp_node *dest)
{
	const lp_node *resources = lp_node_get(root, "Resources");
	const char *target = lp_cfn_target(a, dest), *type;
	lp_cfn_call c;

	if (target && (type = type_of(resources, target)) != NULL) {
		if (!is_one_of(type, lambda_types))
			return 0;
		lp_buf_printf(how, "the %s '%s'", type, target);
		return 1;
	}
	if (target) {
		const lp_node *param = lp_node_get(lp_node_get(root, "Parameters"), target);
		const char *def = lp_node_str(lp_node_get(param, "Default"));
		if (def && strstr(def, ":lambda:")) {
			lp_buf_printf(how, "parameter '%s', whose default is a Lambda ARN", target);
			return 1;
		}
		return 0;
	}
	if (!lp_cfn_call_of(&c, dest)) {
		if (dest->kind == LP_NODE_SCALAR && strstr(dest->str, ":lambda:")) {
			lp_buf_puts(how, "a Lambda ARN");
			return 1;
		}
		return 0;
	}
	if (!strcmp(c.fn, "ImportValue")) {
		lp_buf b = LP_BUF_INIT;
		int hit;
		lp_cfn_display(&b, dest);
		hit = ci_contains(b.ptr, "lambda") || ci_contains(b.ptr, "function");
		if (hit)
			lp_buf_printf(how, "the imported value '%s'", b.ptr + strlen("!ImportValue "));
		lp_buf_release(&b);
		return hit;
	}
	if (has_lambda_arn(c.arg, 0)) {
		lp_buf_printf(how, "a Lambda ARN built with Fn::%s", c.fn);
		return 1;
	}
	return 0;
}

static void check_subscription_filters(const lp_lint_doc *doc, lp_arena *a, lp_diag *d)
{
	const lp_node *resources = lp_node_get(doc->tree, "Resources");
	lp_buf how = LP_BUF_INIT;
	size_t i, reported = 0;

	for (i = 0; resources && resources->kind == LP_NODE_MAP && i < resources->n; i++) {
		const lp_pair *p = &resources->pairs[i];
		const char *type = lp_node_str(lp_node_get(p->value, "Type"));
		const lp_node *dest;
		lp_diag_entry *e;
		if (!type || strcmp(type, "AWS::Logs::SubscriptionFilter"))
			continue;
		dest = lp_node_get(lp_node_get(p->value, "Properties"), "DestinationArn");
		lp_buf_clear(&how);
		if (!dest || !names_lambda(&how, a, doc->tree, dest))
			continue;
		e = lp_diag_add(d, LP_SEV_WARNING, "LP-CW-SUBSCRIPTION-LAMBDA", &dest->span, HYBRID_HELP,
			"subscription filter '%s' sends log events to %s: copying logs to S3 through Lambda means owning "
			"its payload and concurrency limits, retries and error handling at volume", p->key->str, how.ptr);
		e->target = lp_diag_intern(d, p->key->str);
		reported++;
	}
	/* SAM writes the same route as a function event: it generates the subscription filter. */
	for (i = 0; resources && resources->kind == LP_NODE_MAP && i < resources->n; i++) {
		const lp_pair *p = &resources->pairs[i];
		const char *type = lp_node_str(lp_node_get(p->value, "Type"));
		const lp_node *events = lp_node_get(lp_node_get(p->value, "Properties"), "Events");
		size_t j;
		if (!type || strcmp(type, "AWS::Serverless::Function") || !events || events->kind != LP_NODE_MAP)
			continue;
		for (j = 0; j < events->n; j++) {
			const lp_node *et = lp_node_get(events->pairs[j].value, "Type");
			lp_diag_entry *e;
			if (!lp_node_str(et) || strcmp(lp_node_str(et), "CloudWatchLogs"))
				continue;
			e = lp_diag_add(d, LP_SEV_WARNING, "LP-CW-SUBSCRIPTION-LAMBDA", &et->span, HYBRID_HELP,
				"event '%s' of function '%s' subscribes the function to a log group: copying logs to S3 through "
				"Lambda means owning its payload and concurrency limits, retries and error handling at volume",
				events->pairs[j].key->str, p->key->str);
			e->target = lp_diag_intern(d, p->key->str);
			reported++;
		}
	}
	/*
	 * A permission for logs.amazonaws.com is the other half of such a route;
	 * it is worth a note only when the filter is not in this template.
	 */
	for (i = 0; !reported && resources && resources->kind == LP_NODE_MAP && i < resources->n; i++) {
		const lp_pair *p = &resources->pairs[i];
		const char *type = lp_node_str(lp_node_get(p->value, "Type"));
		const lp_node *principal = lp_node_get(lp_node_get(p->value, "Properties"), "Principal");
		const char *ps = lp_node_str(principal);
		lp_cfn_call c;
		lp_diag_entry *e;
		/* logs.${AWS::Region}.amazonaws.com */
		if (lp_cfn_call_of(&c, principal) && !strcmp(c.fn, "Sub"))
			ps = c.arg->kind == LP_NODE_SCALAR ? c.arg->str : NULL;
		if (!type || strcmp(type, "AWS::Lambda::Permission") || !ps || strncmp(ps, "logs.", 5) ||
			!strstr(ps, "amazonaws.com"))
			continue;
		e = lp_diag_add(d, LP_SEV_NOTE, "LP-CW-LAMBDA-PERMISSION", &principal->span, HYBRID_HELP,
			"Lambda permission '%s' lets CloudWatch Logs invoke a function, the Lambda half of a "
			"subscription-filter route to S3", p->key->str);
		e->target = lp_diag_intern(d, p->key->str);
	}
	lp_buf_release(&how);
}

/* The connector as AWS publishes it: the SAR application, or its handler in a function of one's own. */
static const lp_node *connector_node(const char *type, const lp_node *props)
{
	const lp_node *n;
	if (!strcmp(type, "AWS::Serverless::Application")) {
		const lp_node *loc = lp_node_get(props, "Location");
		n = lp_node_get(loc, "ApplicationId");
		if (!n && lp_node_str(loc))
			n = loc;
		return n && lp_node_str(n) && ci_contains(lp_node_str(n), "AthenaCloudwatchConnector") ? n : NULL;
	}
	if (!strcmp(type, "AWS::Lambda::Function") || !strcmp(type, "AWS::Serverless::Function")) {
		n = lp_node_get(props, "Handler");
		return lp_node_str(n) && ci_contains(lp_node_str(n), "athena.connectors.cloudwatch.") ? n : NULL;
	}
	return NULL;
}

static void check_cloudwatch_connector(const lp_lint_doc *doc, lp_diag *d)
{
	const lp_node *resources = lp_node_get(doc->tree, "Resources");
	size_t i;
	for (i = 0; resources && resources->kind == LP_NODE_MAP && i < resources->n; i++) {
		const lp_pair *p = &resources->pairs[i];
		const char *type = lp_node_str(lp_node_get(p->value, "Type"));
		const lp_node *at;
		lp_diag_entry *e;
		if (!type || !(at = connector_node(type, lp_node_get(p->value, "Properties"))))
			continue;
		e = lp_diag_add(d, LP_SEV_WARNING, "LP-ATHENA-CW-CONNECTOR", &at->span, HYBRID_HELP,
			"'%s' deploys the Athena CloudWatch connector: every query runs through Lambda, whose response "
			"limit makes large results spill to S3 and queries slow, so logs are better queried from the lake",
			p->key->str);
		e->target = lp_diag_intern(d, p->key->str);
	}
}

void lp_check_routes_docs(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i;
	for (i = 0; i < ctx->ndocs; i++) {
		if (ctx->docs[i].kind != LP_LINT_CFN_TEMPLATE || !ctx->docs[i].tree)
			continue;
		check_subscription_filters(&ctx->docs[i], ctx->arena, d);
		check_cloudwatch_connector(&ctx->docs[i], d);
	}
}
