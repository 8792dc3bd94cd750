#include "render_sam.h"

#include <ctype.h>
#include <string.h>

#include "render_yaml.h"
#include "util/error.h"
#include "util/fs.h"

/*
 * sam/<name>.yaml: API Gateway logging for a SAM application (design §1, the
 * seed's third pain). The fragment is a template of its own shape (Globals,
 * Resources) so that merging it is a plain deep merge of two templates.
 */

/*
 * The API Gateway console's JSON preset for REST access logs (aws-facts §4.6,
 * API Gateway developer guide, set-up-logging): one line, with both
 * $context.requestId and $context.extendedRequestId so every line can be
 * matched with the execution log and with AWS support cases.
 */
static const char access_format[] =
	"{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
	"\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.caller\","
	"\"user\":\"$context.identity.user\",\"requestTime\":\"$context.requestTime\","
	"\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\","
	"\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
	"\"responseLength\":\"$context.responseLength\"}";

#define PUSH_TO_CLOUDWATCH_POLICY "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
#define ROLE_ID "ApiGatewayCloudWatchRole"
#define ACCOUNT_ID "ApiGatewayAccount"

const char *lp_render_sam_access_format(void)
{
	return access_format;
}

lp_sam_placement lp_render_sam_placement(const lp_sam_info *info)
{
	size_t i;
	if (!info)
		return LP_SAM_NEW_API;
	if (lp_sam_needs_globals(info))
		return LP_SAM_GLOBALS;
	for (i = 0; i < info->napis; i++)
		if (!info->apis[i].http)
			return LP_SAM_EXPLICIT;
	return LP_SAM_NEW_API;
}

/* "orders-v2" -> "OrdersV2": CloudFormation logical ids are alphanumeric. */
static const char *logical_id(lp_arena *a, const char *name, const char *suffix)
{
	lp_buf b = LP_BUF_INIT;
	const char *p;
	char *s;
	int up = 1;
	for (p = name; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			up = 1;
			continue;
		}
		lp_buf_putc(&b, up ? (char)toupper((unsigned char)*p) : *p);
		up = 0;
	}
	lp_buf_puts(&b, suffix);
	s = lp_arena_strdup(a, b.ptr);
	lp_buf_release(&b);
	return s;
}

static const char *exec_level(lp_exec_log l)
{
	switch (l) {
	case LP_EXEC_OFF:
		return "OFF";
	case LP_EXEC_INFO:
		return "INFO";
	case LP_EXEC_ERROR:
		break;
	}
	return "ERROR";
}

/* AccessLogSetting, MethodSettings and TracingEnabled, wherever they go. */
static void api_settings(lp_arena *a, lp_node *props, const lp_apigw_source *g, const char *group_id)
{
	lp_node *als = lp_render_yaml_set_map(a, props, "AccessLogSetting");
	lp_node *ms = lp_render_yaml_push(a, lp_render_yaml_set_seq(a, props, "MethodSettings"), lp_render_yaml_map(a));
	const char *dest;
	if (g->access_log == LP_APIGW_FIREHOSE)
		dest = lp_arena_printf(a, "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/%s",
			g->derived.stream);
	else
		/* The ARN API Gateway documents (no ":*" suffix, which GetAtt .Arn would add). */
		dest = lp_arena_printf(a, "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${%s}",
			group_id);
	lp_render_yaml_set(a, als, "DestinationArn", lp_render_yaml_tagged(a, "!Sub", dest));
	lp_render_yaml_set_str(a, als, "Format", access_format);
	lp_render_yaml_set_str(a, ms, "HttpMethod", "*");
	lp_render_yaml_set_str(a, ms, "ResourcePath", "/*");
	lp_render_yaml_set_str(a, ms, "LoggingLevel", exec_level(g->execution_log));
	lp_render_yaml_set(a, ms, "MetricsEnabled", lp_render_yaml_bool(a, 1));
	/* Full request/response bodies in the logs may hold personal data; never on by default. */
	lp_render_yaml_set(a, ms, "DataTraceEnabled", lp_render_yaml_bool(a, 0));
	lp_render_yaml_set(a, props, "TracingEnabled", lp_render_yaml_bool(a, g->tracing));
}

static void access_log_group(lp_arena *a, lp_node *resources, const lp_model *m, const lp_apigw_source *g,
	const char *id)
{
	lp_node *r = lp_render_yaml_set_map(a, resources, id), *p;
	lp_render_yaml_set_str(a, r, "Type", "AWS::Logs::LogGroup");
	p = lp_render_yaml_set_map(a, r, "Properties");
	lp_render_yaml_set_str(a, p, "LogGroupName", g->derived.access_log_group);
	if (g->retention_days > 0)
		lp_render_yaml_set(a, p, "RetentionInDays", lp_render_yaml_int(a, g->retention_days));
	if (m->cloudwatch.kms_key)
		lp_render_yaml_set_str(a, p, "KmsKeyId", m->cloudwatch.kms_key);
}

/* The Region's API Gateway account setting and the role it names (aws-facts §5). */
static void account(lp_arena *a, lp_node *resources)
{
	lp_node *role = lp_render_yaml_set_map(a, resources, ROLE_ID), *p, *doc, *st, *acct;
	lp_render_yaml_set_str(a, role, "Type", "AWS::IAM::Role");
	p = lp_render_yaml_set_map(a, role, "Properties");
	doc = lp_render_yaml_set_map(a, p, "AssumeRolePolicyDocument");
	lp_render_yaml_set_str(a, doc, "Version", "2012-10-17");
	st = lp_render_yaml_push(a, lp_render_yaml_set_seq(a, doc, "Statement"), lp_render_yaml_map(a));
	lp_render_yaml_set_str(a, st, "Effect", "Allow");
	lp_render_yaml_set_str(a, lp_render_yaml_set_map(a, st, "Principal"), "Service", "apigateway.amazonaws.com");
	lp_render_yaml_set_str(a, st, "Action", "sts:AssumeRole");
	lp_render_yaml_push(a, lp_render_yaml_set_seq(a, p, "ManagedPolicyArns"),
		lp_render_yaml_tagged(a, "!Sub", PUSH_TO_CLOUDWATCH_POLICY));

	acct = lp_render_yaml_set_map(a, resources, ACCOUNT_ID);
	lp_render_yaml_set_str(a, acct, "Type", "AWS::ApiGateway::Account");
	p = lp_render_yaml_set_map(a, acct, "Properties");
	lp_render_yaml_set(a, p, "CloudWatchRoleArn", lp_render_yaml_tagged(a, "!GetAtt", ROLE_ID ".Arn"));
}

static void header(lp_buf *c, const lp_model *m, const lp_apigw_source *g, const lp_sam_info *info,
	lp_sam_placement where, const char *api_id)
{
	const char *spec = m->file ? strrchr(m->file, '/') : NULL;
	size_t i;
	spec = spec ? spec + 1 : m->file ? m->file : "logpipe.yaml";
	lp_buf_printf(c, "Generated by logpipe from %s (sources.api_gateway.%s); change the spec, not this file.\n", spec,
		g->name);
	lp_buf_puts(c, "API Gateway logging for a SAM application: deep-merge Globals and Resources below into ");
	lp_buf_printf(c, "%s%s%s.\n", g->template_path ? "'" : "", g->template_path ? g->template_path : "the template",
		g->template_path ? "'" : "");
	switch (where) {
	case LP_SAM_GLOBALS:
		lp_buf_puts(c, "The template has implicit APIs (function events 'Type: Api' without RestApiId): SAM creates\n"
			       "ServerlessRestApi with stage Prod for them, and only Globals.Api can configure it. Globals.Api\n"
			       "also applies to every AWS::Serverless::Api in the template.\n");
		lp_buf_printf(c, "The implicit stage is always 'Prod'; stage '%s' only names the access-log group.\n", g->stage);
		break;
	case LP_SAM_EXPLICIT:
		lp_buf_puts(c, "The settings go into the Properties of the template's AWS::Serverless::Api:");
		for (i = 0; i < info->napis; i++)
			if (!info->apis[i].http)
				lp_buf_printf(c, " %s", info->apis[i].logical_id);
		lp_buf_puts(c, ".\n");
		break;
	case LP_SAM_NEW_API:
		lp_buf_printf(c, "The template has no REST API yet: point each function event 'Type: Api' at the API below\n"
				 "with 'RestApiId: !Ref %s', or SAM creates an implicit API that has none of these settings.\n",
			api_id);
		break;
	}
	if (g->execution_log == LP_EXEC_OFF)
		lp_buf_puts(c, "execution_log: off sets LoggingLevel OFF: AWS Config's api-gw-execution-logging-enabled\n"
			       "will report the stage NON_COMPLIANT.\n");
	if (g->access_log == LP_APIGW_FIREHOSE)
		lp_buf_printf(c, "Access logs go to the Firehose stream '%s', which must exist: API Gateway delivers\n"
				 "only to streams named amazon-apigateway-*.\n",
			g->derived.stream);
	if (info && info->account)
		lp_buf_printf(c, "The template already sets AWS::ApiGateway::Account (%s, line %u), so none is added.\n",
			info->account->str, info->account->span.line);
	else
		lp_buf_puts(c, ACCOUNT_ID " (AWS::ApiGateway::Account) is one setting per account and Region: keep exactly one\n"
			       "in each Region, ideally in a baseline stack deployed first, and drop " ACCOUNT_ID " and\n" ROLE_ID
			       " from every other stack. Stages with logging cannot be created until it exists.\n");
}

int lp_render_sam_fragment(lp_buf *out, const lp_model *m, const lp_apigw_source *g, const lp_sam_info *info,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf comment = LP_BUF_INIT;
	lp_sam_placement where = lp_render_sam_placement(info);
	lp_node *root, *resources;
	const char *group_id = logical_id(&a, g->name, "AccessLogGroup"), *api_id = logical_id(&a, g->name, "Api");
	size_t i;
	int error;
	(void)d;

	root = lp_render_yaml_map(&a);
	if (where == LP_SAM_GLOBALS)
		api_settings(&a, lp_render_yaml_set_map(&a, lp_render_yaml_set_map(&a, root, "Globals"), "Api"), g, group_id);
	resources = lp_render_yaml_set_map(&a, root, "Resources");
	if (where == LP_SAM_EXPLICIT) {
		for (i = 0; i < info->napis; i++) {
			const lp_sam_api *api = &info->apis[i];
			if (api->http)
				continue;
			api_settings(&a,
				lp_render_yaml_set_map(&a, lp_render_yaml_set_map(&a, resources, api->logical_id), "Properties"),
				g, group_id);
		}
	} else if (where == LP_SAM_NEW_API) {
		lp_node *api = lp_render_yaml_set_map(&a, resources, api_id), *p;
		lp_render_yaml_set_str(&a, api, "Type", "AWS::Serverless::Api");
		if (!info || !info->account)
			lp_render_yaml_set_str(&a, api, "DependsOn", ACCOUNT_ID);
		p = lp_render_yaml_set_map(&a, api, "Properties");
		lp_render_yaml_set_str(&a, p, "StageName", g->stage);
		api_settings(&a, p, g, group_id);
	}
	if (g->access_log == LP_APIGW_CLOUDWATCH)
		access_log_group(&a, resources, m, g, group_id);
	if (!info || !info->account)
		account(&a, resources);

	header(&comment, m, g, info, where, api_id);
	error = lp_render_yaml_print(out, root, comment.ptr);
	lp_buf_release(&comment);
	lp_arena_release(&a);
	return error;
}

/* Directory part of the spec path ("" for a bare file name), into `out`. */
static void spec_dir(lp_buf *out, const char *spec)
{
	const char *slash = spec ? strrchr(spec, '/') : NULL;
	if (slash)
		lp_buf_put(out, spec, (size_t)(slash - spec) + 1);
}

/*
 * Loads and scans the source's template. Returns 1 when `info` was filled,
 * 0 when the source has no template or it could not be used (reported).
 */
static int scan_template(lp_sam_info *info, lp_arena *a, const lp_model *m, const lp_apigw_source *g,
	const char *fragment, const lp_render_opts *o, lp_diag *d)
{
	lp_buf path = LP_BUF_INIT, data = LP_BUF_INIT;
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	int ok = 0, rc;

	if (!g->template_path)
		return 0;
	if (g->template_path[0] != '/')
		spec_dir(&path, m->file);
	lp_buf_puts(&path, g->template_path);
	if (o && o->read) {
		rc = o->read(&data, path.ptr, lim.max_bytes, o->read_payload);
	} else {
		/*
		 * Confined to the project: a template is quoted in findings,
		 * so '../../etc/passwd' must not even be opened.
		 */
		lp_buf dir = LP_BUF_INIT;
		spec_dir(&dir, m->file);
		rc = lp_fs_read_in(&data, o && o->root ? o->root : dir.ptr, dir.ptr, g->template_path, lim.max_bytes);
		lp_buf_release(&dir);
	}
	if (rc == LP_ENOTFOUND) {
		lp_diag_error(d, "LP-SAM-TEMPLATE", &g->template_span,
			"the path is relative to the directory of the spec; fix it or remove 'template'",
			"template '%s' does not exist", path.ptr);
		goto done;
	}
	if (rc < 0) {
		lp_diag_error(d, "LP-SAM-TEMPLATE", &g->template_span,
			"a template must be a regular file inside the project (the spec's directory, or the git "
			"work tree holding it), reached without a symbolic link out of it",
			"cannot read template '%s': %s", path.ptr, lp_error_last());
		goto done;
	}
	/* Bad YAML is reported by the loader at its position; root stays NULL. */
	lp_yaml_load(&root, a, path.ptr, data.ptr, data.size, &lim, d);
	if (!root)
		goto done;
	lp_sam_scan(info, a, root);
	if (!info->is_sam) {
		const char *name = lp_diag_intern(d, path.ptr);
		lp_span sp = root->span;
		sp.file = sp.file ? sp.file : name;
		lp_diag_warning(d, "LP-SAM-TRANSFORM", &sp, "add 'Transform: AWS::Serverless-2016-10-31' at the top level",
			"template '%s' is not a SAM template: Globals and AWS::Serverless::Api need the SAM transform",
			path.ptr);
	}
	{
		/*
		 * Build writes the Globals.Api block that fixes an implicit API,
		 * so here the finding is advice (a warning) and the build goes on;
		 * lint and check keep Config's verdict on the template until the
		 * block is in it.
		 */
		size_t i, seen = lp_diag_count(d);
		lp_sam_report(info, fragment, d);
		for (i = seen; i < lp_diag_count(d); i++) {
			lp_diag_entry *e = lp_diag_get(d, i);
			if (e->rule && !strcmp(e->rule, "LP-SAM-IMPLICIT-API") && e->severity == LP_SEV_ERROR && fragment &&
			    strstr(e->message, "implicit REST API"))
				e->severity = LP_SEV_WARNING;
		}
	}
	ok = 1;
done:
	lp_buf_release(&path);
	lp_buf_release(&data);
	return ok;
}

int lp_render_sam(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d)
{
	size_t i;
	int error = 0;
	for (i = 0; i < m->napigws && error >= 0; i++) {
		const lp_apigw_source *g = &m->apigws[i];
		lp_arena a = LP_ARENA_INIT;
		lp_sam_info info;
		char *path = lp_arena_printf(&a, "sam/%s.yaml", g->name);
		int have = scan_template(&info, &a, m, g, path, o, d);
		if (!g->template_path || have) {
			lp_artifact_origin_add(out, path, "", NULL, &g->span, NULL, 0,
				g->path);
			/* The access-log group takes the default key: that is where a missing one goes. */
			lp_artifact_origin_add(out, path, "", "LP-CW-ENCRYPTED", &m->cloudwatch.kms_at.span,
				m->cloudwatch.kms_at.key, m->cloudwatch.kms_at.defaulted, NULL);
			error = lp_render_sam_fragment(lp_artifact_add(out, path), m, g, have ? &info : NULL, d);
		}
		lp_arena_release(&a);
	}
	return error;
}
