#include "read/sam.h"

#include <string.h>

/*
 * The scan reads only the few paths SAM itself consults (Transform,
 * Globals.Api, Resources.*.Type/Properties) and treats anything of an
 * unexpected shape as absent, so hand-written and half-finished templates
 * never stop it.
 */

#define SAM_TRANSFORM "AWS::Serverless-2016-10-31"

static int str_is(const lp_node *n, const char *s)
{
	const char *v = lp_node_str(n);
	return v && !strcmp(v, s);
}

static int is_sam(const lp_node *root)
{
	const lp_node *t = lp_node_get(root, "Transform");
	size_t i;
	if (!t)
		return 0;
	if (t->kind == LP_NODE_SCALAR)
		return str_is(t, SAM_TRANSFORM);
	for (i = 0; t->kind == LP_NODE_SEQ && i < t->n; i++)
		if (str_is(t->items[i], SAM_TRANSFORM))
			return 1;
	return 0;
}

/*
 * The first MethodSettings entry whose LoggingLevel leaves execution logging
 * off (OFF, absent, or an unknown word); an intrinsic (!Ref Level) cannot be
 * judged here and counts as set. NULL when every entry logs.
 */
static const lp_node *logging_off(const lp_node *settings)
{
	size_t i;
	for (i = 0; settings && settings->kind == LP_NODE_SEQ && i < settings->n; i++) {
		const lp_node *ms = settings->items[i], *lvl = lp_node_get(ms, "LoggingLevel");
		if (!lvl)
			return ms;
		if (lvl->tag && lvl->tag[0] == '!' && strcmp(lvl->tag, "!") != 0)
			continue;
		if (lvl->kind == LP_NODE_MAP) /* { Ref: Level } long form */
			continue;
		if (!str_is(lvl, "ERROR") && !str_is(lvl, "INFO"))
			return lvl;
	}
	return NULL;
}

static int nonempty(const lp_node *n)
{
	return n && !lp_node_is_null(n) && (n->kind != LP_NODE_SEQ || n->n > 0);
}

static void scan_api(lp_sam_api *api, const lp_pair *res, int http)
{
	const lp_node *props = lp_node_get(res->value, "Properties");
	const lp_node *ms = lp_node_get(props, "MethodSettings");
	memset(api, 0, sizeof(*api));
	api->logical_id = res->key->str;
	api->key = res->key;
	api->http = http;
	api->stage_name = lp_node_get(props, "StageName");
	api->resource = res;
	api->has_openapi = lp_node_get(props, "OpenApiVersion") != NULL;
	api->has_access_log = nonempty(lp_node_get(props, http ? "AccessLogSettings" : "AccessLogSetting"));
	if (!http) {
		api->has_method_settings = nonempty(ms);
		api->logging_off = logging_off(ms);
	}
}

/* Events of one function that create an implicit API, appended to out->implicit. */
static void scan_events(lp_sam_info *out, const lp_pair *res)
{
	const lp_node *events = lp_node_get(lp_node_get(res->value, "Properties"), "Events");
	size_t j;
	for (j = 0; events && events->kind == LP_NODE_MAP && j < events->n; j++) {
		const lp_node *ev = events->pairs[j].value, *type = lp_node_get(ev, "Type");
		const lp_node *props = lp_node_get(ev, "Properties");
		int http;
		if (!str_is(type, "Api") && !str_is(type, "HttpApi"))
			continue;
		http = str_is(type, "HttpApi");
		if (lp_node_get(props, http ? "ApiId" : "RestApiId"))
			continue;
		out->implicit[out->nimplicit].function = res->key->str;
		out->implicit[out->nimplicit].event = events->pairs[j].key->str;
		out->implicit[out->nimplicit].type = type;
		out->implicit[out->nimplicit].http = http;
		out->nimplicit++;
		if (!http)
			out->nimplicit_rest++;
	}
}

static size_t count_events(const lp_node *res)
{
	size_t i, n = 0;
	for (i = 0; i < res->n; i++) {
		const lp_node *ev = lp_node_get(lp_node_get(res->pairs[i].value, "Properties"), "Events");
		if (ev && ev->kind == LP_NODE_MAP)
			n += ev->n;
	}
	return n;
}

void lp_sam_scan(lp_sam_info *out, lp_arena *a, const lp_node *root)
{
	const lp_node *res = lp_node_get(root, "Resources");
	const lp_node *gapi = lp_node_get(lp_node_get(root, "Globals"), "Api");
	const lp_node *ghttp = lp_node_get(lp_node_get(root, "Globals"), "HttpApi");
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!root || root->kind != LP_NODE_MAP)
		return;
	out->is_sam = is_sam(root);
	if (gapi && gapi->kind == LP_NODE_MAP) {
		out->globals_api = gapi;
		out->globals_access_log = nonempty(lp_node_get(gapi, "AccessLogSetting"));
		out->globals_method_settings = nonempty(lp_node_get(gapi, "MethodSettings"));
		out->globals_logging_off = logging_off(lp_node_get(gapi, "MethodSettings"));
		out->globals_openapi = lp_node_get(gapi, "OpenApiVersion") != NULL;
	}
	if (ghttp && ghttp->kind == LP_NODE_MAP) {
		out->globals_http_api = ghttp;
		out->globals_http_access_log = nonempty(lp_node_get(ghttp, "AccessLogSettings"));
	}
	if (!res || res->kind != LP_NODE_MAP)
		return;
	out->implicit = lp_arena_alloc(a, (count_events(res) + 1) * sizeof(*out->implicit));
	out->apis = lp_arena_alloc(a, (res->n + 1) * sizeof(*out->apis));
	for (i = 0; i < res->n; i++) {
		const lp_pair *p = &res->pairs[i];
		const lp_node *type = lp_node_get(p->value, "Type");
		if (str_is(type, "AWS::Serverless::Function"))
			scan_events(out, p);
		else if (str_is(type, "AWS::Serverless::Api"))
			scan_api(&out->apis[out->napis++], p, 0);
		else if (str_is(type, "AWS::Serverless::HttpApi"))
			scan_api(&out->apis[out->napis++], p, 1);
		else if (str_is(type, "AWS::ApiGateway::Account") && !out->account)
			out->account = p->key;
	}
}

int lp_sam_needs_globals(const lp_sam_info *info)
{
	return info->nimplicit_rest > 0;
}
