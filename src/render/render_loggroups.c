#include "render_ecs.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/*
 * cloudwatch/log-groups.json: every log group the pipeline writes to, with
 * the retention and KMS key the spec gives, so Terraform or the CLI can create
 * them before anything logs (the Fluent Bit outputs do not create groups).
 * Items use the property names of CloudFormation AWS::Logs::LogGroup, which
 * lets the linter apply cw-loggroup-retention-period-check and
 * cloudwatch-log-group-encrypted to this file unchanged.
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

int lp_render_loggroups_json(cJSON **out, const lp_model *m, lp_diag *d)
{
	group_list l = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i, j;
	(void)d;
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
	for (i = 0; i < m->napigws; i++) {
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
	return 0;
}

int lp_render_loggroups(lp_buf *out, const lp_model *m, lp_diag *d)
{
	cJSON *root;
	int error;
	if ((error = lp_render_loggroups_json(&root, m, d)) < 0)
		return error;
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	return error;
}
