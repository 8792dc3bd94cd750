#include "render_ecs.h"

#include <stdio.h>
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

/* Records where item `i` of LogGroups came from. */
static void record(lp_artifact_set *set, size_t i, const group *g)
{
	char where[64];
	snprintf(where, sizeof(where), "LogGroups[%zu]", i);
	lp_artifact_origin_add(set, LP_LOGGROUPS_FILE, where, NULL, g->owner, NULL, 0, g->owner_path);
	/* LP-CW-ENCRYPTED is about a key that is absent: it is found at the item. */
	record_origin(set, where, "LP-CW-ENCRYPTED", g->kms_at);
	snprintf(where, sizeof(where), "LogGroups[%zu].KmsKeyId", i);
	record_origin(set, where, NULL, g->kms_at);
	snprintf(where, sizeof(where), "LogGroups[%zu].RetentionInDays", i);
	record_origin(set, where, NULL, g->retention_at);
}

static cJSON *build(const lp_model *m, lp_artifact_set *origins)
{
	group_list l = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i, j, k = 0;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		add(&l, s->derived.router_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key,
			s->router.span.line ? &s->router.span : &s->span, s->path, &m->cloudwatch.retention_at, &m->cloudwatch.kms_at);
		for (j = 0; j < s->ncontainers; j++) {
			const lp_container *c = &s->containers[j];
			if (c->to & LP_DEST_CLOUDWATCH)
				add(&l, c->derived.log_group, c->cloudwatch.retention_days, c->cloudwatch.kms_key, &c->span,
					c->path, &c->cloudwatch.retention_at, &c->cloudwatch.kms_at);
			if (c->to & LP_DEST_LAKE)
				add(&l, c->derived.firehose_log_group, m->cloudwatch.retention_days, m->cloudwatch.kms_key,
					&c->span, c->path, &m->cloudwatch.retention_at, &m->cloudwatch.kms_at);
		}
	}
	for (i = 0; i < m->napigws; i++) {
		const lp_apigw_source *g = &m->apigws[i];
		/* The stage's retention is its own key (or the default): the stage is where to change it. */
		if (g->access_log == LP_APIGW_CLOUDWATCH)
			add(&l, g->derived.access_log_group, g->retention_days, m->cloudwatch.kms_key, &g->span, g->path, NULL,
				&m->cloudwatch.kms_at);
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
		if (origins)
			record(origins, k, &l.v[i]);
		k++;
	}
	lp_free(l.v);
	return root;
}

int lp_render_loggroups_json(cJSON **out, const lp_model *m, lp_diag *d)
{
	(void)d;
	*out = build(m, NULL);
	return 0;
}

int lp_render_loggroups(lp_artifact_set *set, const lp_model *m, lp_diag *d)
{
	cJSON *root;
	int error;
	(void)d;
	root = build(m, set);
	error = lp_render_json_print(lp_artifact_add(set, LP_LOGGROUPS_FILE), root);
	cJSON_Delete(root);
	return error;
}
