#include "render_ecs.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/sha256.h"

/*
 * The log groups the pipeline writes to, with the retention and KMS key the
 * spec gives, created before anything logs (the Fluent Bit outputs do not
 * create groups). lp_render_loggroups_json lists them for Terraform;
 * lp_render_loggroups writes cloudwatch/log-groups.json, a CloudFormation
 * template that `aws cloudformation deploy --template-file` takes as it is,
 * and that the linter reads like any template (AWS::Logs::LogGroup resources,
 * cw-loggroup-retention-period-check, cloudwatch-log-group-encrypted).
 */

typedef struct group {
	const char *name;
	int64_t retention_days; /* 0: never expire, RetentionInDays omitted */
	const char *kms_key;
	const lp_span *owner;   /* the spec node the group is for */
	const char *owner_path; /* its dotted path */
	const lp_origin *retention_at, *kms_at; /* where they came from; NULL: the owner */
	size_t seq; /* insertion order, so duplicates resolve the same way every time */
} group;

typedef struct group_list {
	group *v;
	size_t n, cap;
} group_list;

static void add(group_list *l, const char *name, int64_t retention, const char *kms, const lp_span *owner,
	const char *owner_path, const lp_origin *retention_at, const lp_origin *kms_at)
{
	if (!name)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = lp_realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].name = name;
	l->v[l->n].retention_days = retention;
	l->v[l->n].kms_key = kms;
	l->v[l->n].owner = owner;
	l->v[l->n].owner_path = owner_path;
	l->v[l->n].retention_at = retention_at;
	l->v[l->n].kms_at = kms_at;
	l->v[l->n].seq = l->n;
	l->n++;
}

static int cmp_group(const void *a, const void *b)
{
	const group *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void record_origin(lp_artifact_set *set, const char *where, const char *rule, const lp_origin *o)
{
	if (o)
		lp_artifact_origin_add(set, LP_LOGGROUPS_FILE, where, rule, &o->span, o->key, o->defaulted, NULL);
}

/* Records where the group under `item` (a JSON path of the file) came from. */
static void record(lp_artifact_set *set, const char *item, const group *g)
{
	lp_buf where = LP_BUF_INIT;
	lp_artifact_origin_add(set, LP_LOGGROUPS_FILE, item, NULL, g->owner, NULL, 0, g->owner_path);
	/* LP-CW-ENCRYPTED is about a key that is absent: it is found at the item. */
	record_origin(set, item, "LP-CW-ENCRYPTED", g->kms_at);
	lp_buf_printf(&where, "%s.Properties", item);
	record_origin(set, where.ptr, "LP-CW-ENCRYPTED", g->kms_at);
	lp_buf_clear(&where);
	lp_buf_printf(&where, "%s.Properties.KmsKeyId", item);
	record_origin(set, where.ptr, NULL, g->kms_at);
	lp_buf_clear(&where);
	lp_buf_printf(&where, "%s.Properties.RetentionInDays", item);
	record_origin(set, where.ptr, NULL, g->retention_at);
	lp_buf_release(&where);
}

/* Every group of the pipeline, sorted by name, each once (two sources naming one group: the first added wins). */
static void collect(group_list *l, const lp_model *m, int with_apigw)
{
	size_t i, j, k = 0;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		add(l, s->derived.router_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key,
			s->router.span.line ? &s->router.span : &s->span, s->path, &m->cloudwatch.retention_at, &m->cloudwatch.kms_at);
		for (j = 0; j < s->ncontainers; j++) {
			const lp_container *c = &s->containers[j];
			if (c->to & LP_DEST_CLOUDWATCH)
				add(l, c->derived.log_group, c->cloudwatch.retention_days, c->cloudwatch.kms_key, &c->span,
					c->path, &c->cloudwatch.retention_at, &c->cloudwatch.kms_at);
			if (c->to & LP_DEST_LAKE)
				add(l, c->derived.firehose_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key,
					&c->span, c->path, &m->cloudwatch.retention_at, &m->cloudwatch.kms_at);
		}
	}
	for (i = 0; i < m->napigws && with_apigw; i++) {
		const lp_apigw_source *g = &m->apigws[i];
		/* The stage's retention is its own key (or the default): the stage is where to change it. */
		if (g->access_log == LP_APIGW_CLOUDWATCH)
			add(l, g->derived.access_log_group, g->retention_days, m->cloudwatch.kms_key, &g->span, g->path, NULL,
				&m->cloudwatch.kms_at);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_group);
	for (i = 0; i < l->n; i++)
		if (!k || strcmp(l->v[i].name, l->v[k - 1].name))
			l->v[k++] = l->v[i];
	l->n = k;
}

/* The properties of an AWS::Logs::LogGroup (and of a CreateLogGroup + PutRetentionPolicy pair). */
static cJSON *group_json(const group *g)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "LogGroupName", g->name);
	if (g->retention_days > 0)
		cJSON_AddNumberToObject(o, "RetentionInDays", (double)g->retention_days);
	if (g->kms_key)
		cJSON_AddStringToObject(o, "KmsKeyId", g->kms_key);
	return o;
}

/* {"LogGroups": [{LogGroupName, RetentionInDays, KmsKeyId}]}, sorted by name. */
int lp_render_loggroups_json(cJSON **out, const lp_model *m, lp_diag *d)
{
	group_list l = { NULL, 0, 0 };
	cJSON *arr;
	size_t i;
	(void)d;
	collect(&l, m, 1);
	*out = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(*out, "LogGroups");
	for (i = 0; i < l.n; i++)
		cJSON_AddItemToArray(arr, group_json(&l.v[i]));
	lp_free(l.v);
	return 0;
}

/*
 * A CloudFormation logical id for group `name`: letters and digits of the name,
 * each run capitalised, then 8 hex digits of its SHA-256 so that names that
 * differ only in punctuation (/ecs/a-b, /ecs/ab) stay apart. At most
 * 8 + 200 + 8 characters, within the 255 CloudFormation allows.
 */
static void logical_id(lp_buf *out, const char *name)
{
	size_t n = 0;
	int start = 1;
	lp_buf_puts(out, "LogGroup");
	for (; *name && n < 200; name++) {
		char c = *name;
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum) {
			start = 1;
			continue;
		}
		lp_buf_putc(out, start && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
		start = 0;
		n++;
	}
}

/*
 * The template. API Gateway access-log groups are left out: each
 * sam/<source>.yaml declares its own, and a group two stacks create fails
 * the second with "already exists". Groups are kept when the stack is
 * deleted (DeletionPolicy Retain): deleting a stack must not delete logs.
 */
int lp_render_loggroups(lp_artifact_set *set, const lp_model *m, lp_diag *d)
{
	group_list l = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *res;
	lp_buf id = LP_BUF_INIT, desc = LP_BUF_INIT, item = LP_BUF_INIT;
	size_t i;
	int error;
	(void)d;
	collect(&l, m, 0);
	cJSON_AddStringToObject(root, "AWSTemplateFormatVersion", "2010-09-09");
	lp_buf_printf(&desc, "Log groups of logpipe spec %s; deploy with: aws cloudformation deploy "
		"--template-file cloudwatch/log-groups.json --stack-name %s-log-groups", m->name, m->name);
	cJSON_AddStringToObject(root, "Description", desc.ptr);
	res = cJSON_AddObjectToObject(root, "Resources");
	for (i = 0; i < l.n; i++) {
		const char *name = l.v[i].name;
		cJSON *r;
		char hex[65];
		lp_buf_clear(&id);
		logical_id(&id, name);
		lp_sha256_hex(hex, name, strlen(name));
		lp_buf_put(&id, hex, 8);
		r = cJSON_AddObjectToObject(res, id.ptr);
		cJSON_AddStringToObject(r, "Type", "AWS::Logs::LogGroup");
		cJSON_AddStringToObject(r, "DeletionPolicy", "Retain");
		cJSON_AddStringToObject(r, "UpdateReplacePolicy", "Retain");
		cJSON_AddItemToObject(r, "Properties", group_json(&l.v[i]));
		lp_buf_clear(&item);
		lp_buf_printf(&item, "Resources.%s", id.ptr);
		record(set, item.ptr, &l.v[i]);
	}
	error = lp_render_json_print(lp_artifact_add(set, LP_LOGGROUPS_FILE), root);
	cJSON_Delete(root);
	lp_free(l.v);
	lp_buf_release(&id);
	lp_buf_release(&desc);
	lp_buf_release(&item);
	return error;
}
