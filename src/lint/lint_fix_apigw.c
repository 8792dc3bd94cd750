/*
 * API Gateway logging fixes, written in C because they span resources: the
 * settings go where SAM or CloudFormation takes them (Globals.Api or
 * Globals.HttpApi for implicit APIs, else the resource's Properties), the
 * access-log group and, for REST APIs, the Region's CloudWatch role and
 * AWS::ApiGateway::Account are added to Resources, and the stage is ordered
 * after the Account so that a first deploy does not fail with "CloudWatch
 * Logs role ARN must be set in account settings".
 *
 * Ordering (aws-facts-2026-12 §12): an explicit AWS::Serverless::Api or
 * AWS::ApiGateway::Stage takes DependsOn. The implicit API cannot; its stage
 * refers to the access-log group in AccessLogSetting (!Sub ...${Group}), so
 * the group gets the DependsOn and the stage follows it. Naming an explicit
 * API "ServerlessRestApi" does not help: SAM replaces it with the implicit one.
 *
 * The values come from read/sam_shape.h, which `build` prints too. Each
 * finding gets the whole fix its template needs; when two findings would add
 * the same resources, the second one's edits collide and wait for the next
 * pass, which finds the resources there and reuses them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint.h"
#include "read/edit.h"
#include "read/sam.h"
#include "read/sam_shape.h"
#include "spec/model.h"
#include "util/mem.h"

#define OPENAPI_VERSION "3.0.1"

typedef struct plan {
	const lp_lint_doc *doc;
	const lp_node *root, *resources;
	const struct lp_model *model;
	const lp_ruleset *rules;
	lp_edit_doc ed;
	lp_edits edits;
	lp_buf desc;
	const char *why;
	cJSON *new_resources; /* added at the end of Resources, in this order */
} plan;

static const char *type_of(const lp_node *res) { return lp_node_str(lp_node_get(res, "Type")); }

static int type_is(const lp_node *res, const char *t)
{
	const char *s = type_of(res);
	return s && !strcmp(s, t);
}

static void note(plan *p, const char *s)
{
	lp_buf_printf(&p->desc, "%s%s", p->desc.size ? "; " : "", s);
}

/* A logical id free in Resources (and in what this fix adds): `base`, else base2, base3... */
static const char *free_id(plan *p, lp_buf *out, const char *base)
{
	unsigned n = 1;
	for (;;) {
		lp_buf_clear(out);
		lp_buf_puts(out, base);
		if (n > 1)
			lp_buf_printf(out, "%u", n);
		if (!lp_node_get(p->resources, out->ptr) && !cJSON_GetObjectItemCaseSensitive(p->new_resources, out->ptr))
			return out->ptr;
		n++;
	}
}

/* The first resource of type `type` whose logical id starts with `base` (a group an earlier pass added). */
static const lp_pair *find_added(const plan *p, const char *base, const char *type)
{
	size_t i;
	for (i = 0; p->resources && p->resources->kind == LP_NODE_MAP && i < p->resources->n; i++) {
		const lp_pair *r = &p->resources->pairs[i];
		if (!strncmp(r->key->str, base, strlen(base)) && type_is(r->value, type))
			return r;
	}
	return NULL;
}

/* The spec's source for this template (its `template:` names the file), or NULL. */
static const lp_apigw_source *source_of(const plan *p)
{
	size_t i, n = strlen(p->doc->path);
	for (i = 0; p->model && i < p->model->napigws; i++) {
		const char *t = p->model->apigws[i].template_path;
		size_t k;
		if (!t)
			continue;
		while (!strncmp(t, "./", 2))
			t += 2;
		k = strlen(t);
		if (k <= n && !strcmp(p->doc->path + n - k, t) && (k == n || p->doc->path[n - k - 1] == '/'))
			return &p->model->apigws[i];
	}
	return NULL;
}

static int64_t retention(const plan *p, const lp_apigw_source *g)
{
	const lp_rule *r = p->rules ? lp_ruleset_find(p->rules, "LP-CW-RETENTION") : NULL;
	cJSON *v;
	int64_t days = 365;
	if (g && g->retention_days > 0)
		return g->retention_days;
	if (!r)
		return days;
	/* MinRetentionTime as lint.params says, rounded up as the retention rule's own fix does */
	v = lp_lint__fix_value(r, r->fix, p->model);
	if (v && cJSON_IsNumber(v))
		days = (int64_t)v->valuedouble;
	cJSON_Delete(v);
	return days;
}

static const char *kms_key(const plan *p)
{
	const lp_rule *r = p->rules ? lp_ruleset_find(p->rules, "LP-CW-ENCRYPTED") : NULL;
	const char *k = r ? lp_rule_param_value(r, "KmsKeyId", lp_lint__param, (void *)p->model) : NULL;
	if (k && *k)
		return k;
	return p->model ? p->model->cloudwatch.kms_key : NULL;
}

/*
 * The access-log group's logical id: one an earlier pass added, else a new
 * one (queued in new_resources) waiting for `depends_on` when given.
 */
static const char *access_group(plan *p, lp_buf *id, int http, const char *depends_on)
{
	const char *base = http ? "HttpApiAccessLogGroup" : "ApiAccessLogGroup";
	const lp_pair *have = find_added(p, base, "AWS::Logs::LogGroup");
	const lp_apigw_source *g = source_of(p);
	int64_t days;
	if (have) {
		lp_buf_clear(id);
		lp_buf_puts(id, have->key->str);
		return id->ptr;
	}
	free_id(p, id, base);
	days = retention(p, g);
	cJSON_AddItemToObject(p->new_resources, id->ptr,
		lp_sam_shape_log_group(g ? g->derived.access_log_group : NULL, days, kms_key(p), depends_on));
	lp_buf_printf(&p->desc, "%sadd the access-log group %s (%lld days%s%s)", p->desc.size ? "; " : "", id->ptr,
		(long long)days, kms_key(p) ? ", KMS" : "", depends_on ? ", created after the Account" : "");
	return id->ptr;
}

/* The logical id of the template's AWS::ApiGateway::Account, adding it (and its role) when there is none. */
static const char *account(plan *p, lp_buf *id)
{
	size_t i;
	lp_buf role = LP_BUF_INIT;
	for (i = 0; p->resources && p->resources->kind == LP_NODE_MAP && i < p->resources->n; i++)
		if (type_is(p->resources->pairs[i].value, "AWS::ApiGateway::Account")) {
			lp_buf_clear(id);
			lp_buf_puts(id, p->resources->pairs[i].key->str);
			return id->ptr;
		}
	free_id(p, &role, LP_SAM_ROLE_ID);
	cJSON_AddItemToObject(p->new_resources, role.ptr, lp_sam_shape_cloudwatch_role());
	free_id(p, id, LP_SAM_ACCOUNT_ID);
	cJSON_AddItemToObject(p->new_resources, id->ptr, lp_sam_shape_account(role.ptr));
	lp_buf_printf(&p->desc, "%sadd the Region's API Gateway CloudWatch role (%s, %s: keep one per account and Region)",
		p->desc.size ? "; " : "", id->ptr, role.ptr);
	lp_buf_release(&role);
	return id->ptr;
}

/* 1 when `res` already waits for `id` (DependsOn as a string or a list). */
static int depends_on(const lp_node *res, const char *id)
{
	const lp_node *d = lp_node_get(res, "DependsOn");
	size_t i;
	if (d && d->kind == LP_NODE_SCALAR)
		return !strcmp(d->str, id);
	for (i = 0; d && d->kind == LP_NODE_SEQ && i < d->n; i++)
		if (d->items[i]->kind == LP_NODE_SCALAR && !strcmp(d->items[i]->str, id))
			return 1;
	return 0;
}

/* Makes `res` (a resource map) wait for `id`. */
static int add_depends_on(plan *p, const lp_node *res, const char *id)
{
	const lp_node *d = lp_node_get(res, "DependsOn");
	cJSON *v;
	int rc;
	if (depends_on(res, id))
		return 0;
	if (!d) {
		v = cJSON_CreateString(id);
		rc = lp_edit_insert(&p->edits, &p->ed, res, "DependsOn", v, lp_node_get(res, "Properties") ? "Properties" : NULL,
			&p->why);
	} else if (d->kind == LP_NODE_SEQ) {
		v = cJSON_CreateString(id);
		rc = lp_edit_append(&p->edits, &p->ed, d, v, &p->why);
	} else {
		v = cJSON_CreateArray();
		cJSON_AddItemToArray(v, cJSON_CreateString(d->str ? d->str : ""));
		cJSON_AddItemToArray(v, cJSON_CreateString(id));
		rc = lp_edit_replace(&p->edits, &p->ed, d, v, &p->why);
	}
	cJSON_Delete(v);
	return rc;
}

/*
 * Inserts every key of `obj` that `map` lacks. `map` is reached from
 * `parent` by `key` and made when missing (before `before`, a key of
 * `parent`, when given). `obj` is freed.
 */
static int merge_keys(plan *p, const lp_node *parent, const char *key, const char *before, cJSON *obj)
{
	const lp_node *map = lp_node_get(parent, key);
	cJSON *c;
	int rc = 0;
	if (!cJSON_GetArraySize(obj)) {
		cJSON_Delete(obj);
		return 0;
	}
	if (!map) {
		rc = lp_edit_insert(&p->edits, &p->ed, parent, key, obj, before && lp_node_get(parent, before) ? before : NULL,
			&p->why);
		cJSON_Delete(obj);
		return rc;
	}
	if (map->kind != LP_NODE_MAP || (map->kind == LP_NODE_MAP && !map->n && !map->flow)) {
		p->why = "the section to add to is not a mapping";
		cJSON_Delete(obj);
		return LP_EDIT_REFUSED;
	}
	for (c = obj->child; c && !rc; c = c->next)
		if (!lp_node_get_ci(map, c->string))
			rc = lp_edit_insert(&p->edits, &p->ed, map, c->string, c, NULL, &p->why);
	cJSON_Delete(obj);
	return rc;
}

/*
 * MethodSettings that log: a new list, or, when `off` (an entry without
 * LoggingLevel, or its OFF/unknown level) is given, that one entry set to ERROR.
 */
static int method_settings(plan *p, cJSON *into, const lp_node *off, const char *level)
{
	cJSON *v;
	int rc;
	if (!off) {
		cJSON_AddItemToObject(into, "MethodSettings", lp_sam_shape_method_settings(level));
		note(p, "log every method's executions, with metrics");
		return 0;
	}
	v = cJSON_CreateString(level);
	rc = off->kind == LP_NODE_MAP ? lp_edit_insert(&p->edits, &p->ed, off, "LoggingLevel", v, NULL, &p->why)
				      : lp_edit_replace(&p->edits, &p->ed, off, v, &p->why);
	cJSON_Delete(v);
	if (!rc)
		lp_buf_printf(&p->desc, "%sset LoggingLevel to %s", p->desc.size ? "; " : "", level);
	return rc;
}

/* ERROR, or INFO when the spec's source asks for it or Config's loggingLevel parameter leaves ERROR out. */
static const char *exec_level(const plan *p)
{
	const lp_apigw_source *g = source_of(p);
	const lp_rule *r = p->rules ? lp_ruleset_find(p->rules, "LP-APIGW-EXEC-LOGGING") : NULL;
	const char *levels = r ? lp_rule_param_value(r, "loggingLevel", lp_lint__param, (void *)p->model) : NULL;
	if (g && g->execution_log == LP_EXEC_INFO)
		return "INFO";
	return levels && !strstr(levels, "ERROR") && strstr(levels, "INFO") ? "INFO" : "ERROR";
}

/* Appends the queued resources at the end of Resources. */
static int add_resources(plan *p)
{
	cJSON *c;
	int rc = 0;
	for (c = p->new_resources->child; c && !rc; c = c->next)
		rc = lp_edit_insert(&p->edits, &p->ed, p->resources, c->string, c, NULL, &p->why);
	return rc;
}

/*
 * The AWS::Logs::LogGroup of this template an access-log DestinationArn names
 * (!GetAtt G.Arn, or ${G} in !Sub), or NULL.
 */
static const lp_pair *referenced_group(const plan *p, const lp_node *dest)
{
	lp_buf id = LP_BUF_INIT;
	const lp_pair *hit = NULL;
	const char *s = dest && dest->kind == LP_NODE_SCALAR ? dest->str : NULL, *a, *b;
	size_t i;
	if (!s || !dest->tag)
		return NULL;
	if (!strcmp(dest->tag, "!GetAtt") && (b = strchr(s, '.')) != NULL)
		lp_buf_put(&id, s, (size_t)(b - s));
	else if (!strcmp(dest->tag, "!Sub") && (a = strstr(s, "log-group:${")) != NULL && (b = strchr(a, '}')) != NULL)
		lp_buf_put(&id, a + 12, (size_t)(b - a - 12));
	for (i = 0; id.size && p->resources && i < p->resources->n && !hit; i++)
		if (!strcmp(p->resources->pairs[i].key->str, id.ptr) &&
		    type_is(p->resources->pairs[i].value, "AWS::Logs::LogGroup"))
			hit = &p->resources->pairs[i];
	lp_buf_release(&id);
	return hit;
}

/* What a fix is for. */
typedef struct want {
	int implicit;            /* the implicit API of the template (Globals) rather than `res` */
	int http;                /* HTTP API: AccessLogSettings, no Account */
	int access, methods;     /* add access logs / execution logging */
	const lp_node *res;      /* the resource map (explicit) */
	const lp_node *off;      /* a MethodSettings entry or level that leaves logging off, to set */
} want;

static int make(plan *p, const want *w)
{
	lp_buf group = LP_BUF_INIT, acct = LP_BUF_INIT;
	const lp_node *globals = lp_node_get(p->root, "Globals");
	const lp_node *props = w->res ? lp_node_get(w->res, "Properties") : NULL;
	cJSON *settings = cJSON_CreateObject();
	int rc = 0, is_sam_api = w->res && type_is(w->res, "AWS::Serverless::Api");
	const char *acct_id = NULL;

	if (p->doc->expanded) {
		p->why = "the template's Fn::ForEach loops would have to change";
		rc = LP_EDIT_REFUSED;
		goto done;
	}
	if (!p->resources || p->resources->kind != LP_NODE_MAP || !p->resources->n) {
		p->why = "the template's Resources are not a mapping";
		rc = LP_EDIT_REFUSED;
		goto done;
	}
	/* REST logging, access or execution, needs the Region's CloudWatch role */
	if (!w->http)
		acct_id = account(p, &acct);
	if (w->access) {
		const char *id = access_group(p, &group, w->http, w->implicit && acct_id ? acct_id : NULL);
		cJSON_AddItemToObject(settings, w->http ? "AccessLogSettings" : "AccessLogSetting",
			lp_sam_shape_access_log(lp_sam_shape_group_arn(id), w->http));
		note(p, w->http ? "send the stage's access logs there (AccessLogSettings)"
				: "send the stage's access logs there (AccessLogSetting)");
	}
	if (w->methods && (rc = method_settings(p, settings, w->off, exec_level(p))) != 0)
		goto done;
	/* SAM's Deployment makes a stage named "Stage" without any of this unless OpenApiVersion is set */
	if (w->methods && !w->http && (w->implicit || is_sam_api) &&
	    !lp_node_get(lp_node_get(globals, "Api"), "OpenApiVersion") &&
	    !(props && lp_node_get(props, "OpenApiVersion"))) {
		cJSON_AddStringToObject(settings, "OpenApiVersion", OPENAPI_VERSION);
		note(p, "set OpenApiVersion, so SAM makes no extra stage named 'Stage' without logging");
	}
	if (w->implicit) {
		const char *sect = w->http ? "HttpApi" : "Api";
		if (!globals) {
			cJSON *g = cJSON_CreateObject();
			cJSON_AddItemToObject(g, sect, settings);
			settings = NULL;
			rc = merge_keys(p, p->root, "Globals", "Resources", g);
		} else {
			rc = merge_keys(p, globals, sect, NULL, settings);
			settings = NULL;
		}
		if (rc)
			goto done;
		if (!w->http && acct_id && !w->access) {
			/* the stage's own access-log group, when the template has it, can order the stage as ours would */
			const lp_pair *g = referenced_group(p, lp_node_get(lp_node_get(lp_node_get(globals, "Api"),
				"AccessLogSetting"), "DestinationArn"));
			if (!g) {
				note(p, "the implicit stage cannot wait for the Account (no DependsOn): deploy the Account first");
			} else if (!depends_on(g->value, acct_id)) {
				if ((rc = add_depends_on(p, g->value, acct_id)) != 0)
					goto done;
				lp_buf_printf(&p->desc, "%screate the access-log group %s after %s, so the implicit stage is too",
					p->desc.size ? "; " : "", g->key->str, acct_id);
			}
		}
	} else {
		rc = merge_keys(p, w->res, "Properties", NULL, settings);
		settings = NULL;
		if (rc)
			goto done;
		if (acct_id && !depends_on(w->res, acct_id)) {
			if ((rc = add_depends_on(p, w->res, acct_id)) != 0)
				goto done;
			lp_buf_printf(&p->desc, "%screate it after %s (DependsOn)", p->desc.size ? "; " : "", acct_id);
		}
	}
	rc = add_resources(p);
done:
	cJSON_Delete(settings);
	lp_buf_release(&group);
	lp_buf_release(&acct);
	return rc;
}

/* Attaches the fix `w` for finding `e` of document `doc`. */
static void attach(const lp_lint_doc *doc, const struct lp_model *m, const lp_ruleset *rules, const want *w,
	lp_diag_entry *e, lp_diag *d)
{
	plan p;
	int rc;
	memset(&p, 0, sizeof(p));
	p.doc = doc;
	p.root = doc->tree;
	p.resources = lp_node_get(doc->tree, "Resources");
	p.model = m;
	p.rules = rules;
	p.new_resources = cJSON_CreateObject();
	lp_edit_doc_init(&p.ed, doc->text, doc->len);
	rc = make(&p, w);
	if (rc || p.why) {
		lp_buf full = LP_BUF_INIT;
		lp_buf_printf(&full, "by hand (%s): %s", p.why ? p.why : "the edit cannot be made", e->help ? e->help : "");
		lp_diag_set_fix(d, e, full.ptr, NULL, 1);
		lp_buf_release(&full);
	} else {
		lp_diag_set_fix(d, e, p.desc.ptr, &p.edits, 0);
	}
	cJSON_Delete(p.new_resources);
	lp_edits_release(&p.edits);
	lp_buf_release(&p.desc);
}

void lp_lint__fix_sam(const lp_lint_doc *doc, const lp_sam_info *info, const struct lp_model *m,
	const lp_ruleset *rules, lp_diag_entry *e, lp_diag *d)
{
	want w;
	size_t i;
	memset(&w, 0, sizeof(w));
	if (!strcmp(e->rule, "LP-SAM-IMPLICIT-API")) {
		w.implicit = 1;
		w.http = strstr(e->message, "implicit HTTP API") != NULL;
		if (w.http) {
			w.access = 1;
		} else {
			w.access = !info->globals_access_log;
			w.methods = !info->globals_method_settings || info->globals_logging_off;
			w.off = info->globals_method_settings ? info->globals_logging_off : NULL;
		}
	} else if (!strcmp(e->rule, "LP-SAM-API-ACCESS-LOG")) {
		for (i = 0; i < info->napis; i++)
			if (e->target && !strcmp(info->apis[i].logical_id, e->target))
				w.res = info->apis[i].resource->value;
		if (!w.res)
			return;
		w.access = 1;
	} else {
		return;
	}
	attach(doc, m, rules, &w, e, d);
}

void lp_lint__fix_c(const char *name, const lp_lint_fixctx *fc, const lp_rule *r, lp_diag_entry *e, lp_diag *d)
{
	want w;
	const char *type = fc->resource ? type_of(fc->resource) : NULL;
	memset(&w, 0, sizeof(w));
	(void)r;
	if (!fc->resource || !type) {
		lp_diag_set_fix(d, e, "by hand: the fix needs a CloudFormation resource", NULL, 1);
		return;
	}
	if (!strcmp(type, "AWS::Serverless::Api") && fc->doc->tree) {
		/* with implicit REST APIs the fix goes to Globals.Api, which reaches this API too */
		lp_arena a = LP_ARENA_INIT;
		lp_sam_info info;
		lp_sam_scan(&info, &a, fc->doc->tree);
		lp_arena_release(&a);
		if (info.nimplicit_rest)
			return;
	}
	w.res = fc->resource;
	w.http = !strcmp(type, "AWS::Serverless::HttpApi") || !strcmp(type, "AWS::ApiGatewayV2::Stage");
	if (!strcmp(name, "apigw-access-logs")) {
		w.access = 1;
	} else if (!strcmp(name, "apigw-execution-logging")) {
		const lp_node *ms = fc->props ? lp_node_get(fc->props, "MethodSettings") : NULL;
		size_t i;
		w.methods = 1;
		/* an entry that turns logging off is set to log; a list that Globals gives is not this resource's */
		for (i = 0; ms && ms->kind == LP_NODE_SEQ && i < ms->n && !w.off; i++) {
			const lp_node *lvl = lp_node_get(ms->items[i], "LoggingLevel");
			if (!lvl)
				w.off = ms->items[i];
			else if (lvl->kind == LP_NODE_SCALAR && !lvl->tag && strcasecmp(lvl->str, "ERROR") && strcasecmp(lvl->str, "INFO"))
				w.off = lvl;
		}
		if (ms && !w.off) {
			lp_diag_set_fix(d, e, "by hand: set LoggingLevel to ERROR or INFO on every MethodSettings entry", NULL, 1);
			return;
		}
	} else {
		return;
	}
	attach(fc->doc, fc->model, fc->rules, &w, e, d);
}
