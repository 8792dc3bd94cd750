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
	size_t seq; /* insertion order, so duplicates resolve the same way every time */
} group;

typedef struct group_list {
	group *v;
	size_t n, cap;
} group_list;

static void add(group_list *l, const char *name, int64_t retention, const char *kms)
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
	l->v[l->n].seq = l->n;
	l->n++;
}

static int cmp_group(const void *a, const void *b)
{
	const group *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void collect(cJSON **out, const lp_model *m, int with_apigw);

int lp_render_loggroups_json(cJSON **out, const lp_model *m, lp_diag *d)
{
	(void)d;
	collect(out, m, 1);
	return 0;
}

/* {"LogGroups": [{LogGroupName, RetentionInDays, KmsKeyId}]}, sorted by name. */
static void collect(cJSON **out, const lp_model *m, int with_apigw)
{
	group_list l = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i, j;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		add(&l, s->derived.router_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key);
		for (j = 0; j < s->ncontainers; j++) {
			const lp_container *c = &s->containers[j];
			if (c->to & LP_DEST_CLOUDWATCH)
				add(&l, c->derived.log_group, c->cloudwatch.retention_days, c->cloudwatch.kms_key);
			if (c->to & LP_DEST_LAKE)
				add(&l, c->derived.firehose_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key);
		}
	}
	for (i = 0; i < m->napigws && with_apigw; i++) {
		const lp_apigw_source *g = &m->apigws[i];
		if (g->access_log == LP_APIGW_CLOUDWATCH)
			add(&l, g->derived.access_log_group, g->retention_days, m->cloudwatch.kms_key);
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_group);
	arr = cJSON_AddArrayToObject(root, "LogGroups");
	for (i = 0; i < l.n; i++) {
		cJSON *g;
		/* Two sources naming one group: the first added wins. */
		if (i > 0 && !strcmp(l.v[i].name, l.v[i - 1].name))
			continue;
		g = cJSON_CreateObject();
		cJSON_AddStringToObject(g, "LogGroupName", l.v[i].name);
		if (l.v[i].retention_days > 0)
			cJSON_AddNumberToObject(g, "RetentionInDays", (double)l.v[i].retention_days);
		if (l.v[i].kms_key)
			cJSON_AddStringToObject(g, "KmsKeyId", l.v[i].kms_key);
		cJSON_AddItemToArray(arr, g);
	}
	lp_free(l.v);
	*out = root;
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
int lp_render_loggroups(lp_buf *out, const lp_model *m, lp_diag *d)
{
	cJSON *list, *root = cJSON_CreateObject(), *res;
	const cJSON *g;
	lp_buf id = LP_BUF_INIT, desc = LP_BUF_INIT;
	int error;
	(void)d;
	collect(&list, m, 0);
	cJSON_AddStringToObject(root, "AWSTemplateFormatVersion", "2010-09-09");
	lp_buf_printf(&desc, "Log groups of logpipe spec %s; deploy with: aws cloudformation deploy "
		"--template-file cloudwatch/log-groups.json --stack-name %s-log-groups", m->name, m->name);
	cJSON_AddStringToObject(root, "Description", desc.ptr);
	res = cJSON_AddObjectToObject(root, "Resources");
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(list, "LogGroups"))
	{
		const char *name = cJSON_GetObjectItemCaseSensitive(g, "LogGroupName")->valuestring;
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
		cJSON_AddItemToObject(r, "Properties", cJSON_Duplicate(g, 1));
	}
	cJSON_Delete(list);
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	lp_buf_release(&id);
	lp_buf_release(&desc);
	return error;
}
