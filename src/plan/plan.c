#include "plan/plan.h"

#include "plan/check_ecs.h"
#include "plan/check_lake.h"
#include "plan/names.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/mem.h"

/* Glue/Athena names are lowercase with underscores (aws-facts §3.2). */
static const char *glue_name(lp_arena *a, const char *s)
{
	char *p = lp_arena_strdup(a, s), *q;
	for (q = p; *q; q++) {
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
		else if (*q == '-' || *q == '.')
			*q = '_';
	}
	return p;
}

static void check_name(lp_diag *d, int ok, const lp_span *sp, const char *what, const char *value, const char *rule_text)
{
	if (!ok)
		lp_diag_error(d, "LP-SPEC-NAME", sp, rule_text, "%s '%s' is not a valid AWS name", what, value);
}

static void plan_container(lp_model *m, lp_service *s, lp_container *c, lp_diag *d)
{
	lp_arena *a = &m->arena;
	const char *base;

	c->derived.match = lp_arena_printf(a, "%s-firelens*", c->name);
	c->derived.log_group = lp_arena_printf(a, "/ecs/%s/%s/%s", m->name, s->name, c->name);
	check_name(d, lp_names_valid_family(c->name), &c->span, "container name", c->name,
		"container names use up to 255 letters, digits, hyphens and underscores");
	check_name(d, lp_names_valid_log_group(c->derived.log_group), &c->span, "log group", c->derived.log_group,
		"log group names use up to 512 letters, digits and . - _ / #");

	if (!(c->to & LP_DEST_LAKE))
		return;
	c->derived.stream = lp_arena_printf(a, "%s-%s-%s", m->name, s->name, c->name);
	check_name(d, lp_names_valid_stream(c->derived.stream), &c->span, "Firehose stream name", c->derived.stream,
		"stream names are 1-64 characters of letters, digits, '.', '_' and '-'; shorten the spec, service or container name");
	c->derived.firehose_log_group = lp_arena_printf(a, "/aws/kinesisfirehose/%s", c->derived.stream);
	c->derived.table = glue_name(a, lp_arena_printf(a, "%s_%s", s->name, c->name));
	check_name(d, lp_names_valid_glue_name(c->derived.table), &c->span, "Glue table name", c->derived.table,
		"Glue names use lowercase letters, digits and underscores");

	/*
	 * One S3 layout drives three artifacts: the Firehose Prefix writes
	 * <base><partition value>/, the table LOCATION is <base>, and the
	 * projection template is <base>${col}/ with the same date format.
	 */
	base = lp_arena_printf(a, "%s/%s/%s/", m->has_lake ? m->lake.prefix : "logs", s->name, c->name);
	if (c->firehose.partition == LP_PART_HOURLY) {
		c->derived.partition_col = "datehour";
		c->derived.partition_format = "yyyy/MM/dd/HH";
	} else {
		c->derived.partition_col = "dt";
		c->derived.partition_format = "yyyy/MM/dd";
	}
	c->derived.prefix = lp_arena_printf(a, "%s!{timestamp:%s}/", base, c->derived.partition_format);
	c->derived.error_prefix = lp_arena_printf(a, "errors/%s/%s/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
		s->name, c->name);
	if (m->has_lake && m->lake.bucket) {
		c->derived.location = lp_arena_printf(a, "s3://%s/%s", m->lake.bucket, base);
		c->derived.location_template = lp_arena_printf(a, "s3://%s/%s${%s}/", m->lake.bucket, base,
			c->derived.partition_col);
	}
	if (strlen(c->derived.prefix) > 1024)
		lp_diag_error(d, "LP-SPEC-NAME", &c->span, "shorten lake.prefix or the service and container names",
			"Firehose prefix is longer than 1024 characters");
}

/*
 * AWS Config's ecs-task-definition-memory-hard-limit wants a hard `memory` on
 * every container, but a Fargate spec usually sizes only the task. Containers
 * without one get an even share of what the router leaves of the task memory,
 * so the generated task definition is compliant without extra spec lines.
 */
static void share_task_memory(lp_service *s)
{
	int64_t left = s->memory - s->router.memory, share;
	size_t i, open = 0;
	if (s->memory <= 0)
		return;
	for (i = 0; i < s->ncontainers; i++) {
		if (s->containers[i].memory)
			left -= s->containers[i].memory;
		else
			open++;
	}
	if (!open || left <= 0)
		return;
	share = left / (int64_t)open;
	for (i = 0; i < s->ncontainers; i++) {
		lp_container *c = &s->containers[i];
		if (!c->memory && share > c->memory_reservation)
			c->memory = share;
	}
}

static int cmp_container(const void *a, const void *b)
{
	return strcmp((*(const lp_container *const *)a)->name, (*(const lp_container *const *)b)->name);
}

static const lp_container **sorted_containers(lp_arena *a, const lp_service *s)
{
	const lp_container **v = lp_arena_alloc(a, (s->ncontainers ? s->ncontainers : 1) * sizeof(*v));
	size_t i;
	for (i = 0; i < s->ncontainers; i++)
		v[i] = &s->containers[i];
	if (s->ncontainers > 1)
		qsort(v, s->ncontainers, sizeof(*v), cmp_container);
	return v;
}

int lp_plan_has_stream(const lp_model *m, const lp_container *c)
{
	return (c->to & LP_DEST_LAKE) && m->has_lake;
}

static void plan_streams(lp_model *m)
{
	size_t i, j, n = 0;
	for (i = 0; i < m->nservices; i++)
		for (j = 0; j < m->services[i].ncontainers; j++)
			n += lp_plan_has_stream(m, &m->services[i].containers[j]) != 0;
	m->derived.streams = lp_arena_alloc(&m->arena, (n ? n : 1) * sizeof(*m->derived.streams));
	for (i = 0; i < m->nservices; i++)
		for (j = 0; j < m->services[i].ncontainers; j++)
			if (lp_plan_has_stream(m, m->services[i].derived.by_name[j]))
				m->derived.streams[m->derived.nstreams++] = m->services[i].derived.by_name[j];
}

static void plan_service(lp_model *m, lp_service *s, lp_diag *d)
{
	size_t i;
	if (!s->family)
		s->family = lp_arena_printf(&m->arena, "%s-%s", m->name, s->name);
	check_name(d, lp_names_valid_family(s->family), &s->span, "task definition family", s->family,
		"families use up to 255 letters, digits, hyphens and underscores");
	s->derived.router_log_group = lp_arena_printf(&m->arena, "/ecs/%s/%s/log-router", m->name, s->name);
	s->derived.config_path = LP_ROUTER_CONFIG_PATH;
	for (i = 0; i < s->ncontainers; i++)
		plan_container(m, s, &s->containers[i], d);
	share_task_memory(s);
	s->derived.by_name = sorted_containers(&m->arena, s);
}

static void plan_alb(lp_model *m, lp_alb_source *a)
{
	lp_buf loc = LP_BUF_INIT;
	a->derived.table = glue_name(&m->arena, lp_arena_printf(&m->arena, "%s_%s", lp_elb_kind_key(a->kind), a->name));
	lp_buf_printf(&loc, "s3://%s/", a->bucket ? a->bucket : "");
	if (a->prefix && *a->prefix)
		lp_buf_printf(&loc, "%s/", a->prefix);
	lp_buf_printf(&loc, "AWSLogs/%s/elasticloadbalancing/%s/", a->account ? a->account : "",
		a->region ? a->region : "");
	a->derived.location = lp_arena_strdup(&m->arena, loc.ptr);
	a->derived.location_template = lp_arena_printf(&m->arena, "%s%s", loc.ptr,
		a->partition == LP_ALB_DAILY ? "${day}" : "${year}/${month}/${day}");
	lp_buf_release(&loc);
}

static void plan_apigw(lp_model *m, lp_apigw_source *g)
{
	g->derived.access_log_group = lp_arena_printf(&m->arena, "/aws/apigateway/%s/%s/%s", m->name, g->name, g->stage);
	/* API Gateway only delivers access logs to streams named amazon-apigateway-* (aws-facts §5). */
	if (g->access_log == LP_APIGW_FIREHOSE)
		g->derived.stream = lp_arena_printf(&m->arena, "amazon-apigateway-%s-%s", m->name, g->name);
}

/*
 * Derived names must be unique within their kind: two containers sharing a
 * stream, table or log group would silently mix their data, and two
 * artifacts would claim one output file. Different spellings collide easily
 * ("a-b" + "c" and "a" + "b-c" both give stream shop-a-b-c), so every name is
 * collected and compared through a sorted index rather than trusted. (Firehose
 * log groups follow their stream's name, so the stream covers them.)
 */
typedef struct derived_name {
	const char *kind; /* what the finding calls it, e.g. "Firehose stream" */
	const char *name;
	const lp_span *span;
	size_t seq; /* collection order, so the later one in the spec gets the finding */
} derived_name;

typedef struct name_list {
	derived_name *v;
	size_t n, cap;
} name_list;

static void name_add(name_list *l, const char *kind, const char *name, const lp_span *span)
{
	if (!name)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = lp_realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].kind = kind;
	l->v[l->n].name = name;
	l->v[l->n].span = span;
	l->v[l->n].seq = l->n;
	l->n++;
}

static int cmp_derived(const void *pa, const void *pb)
{
	const derived_name *a = pa, *b = pb;
	int c = strcmp(a->kind, b->kind);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static void check_unique(const lp_model *m, lp_diag *d)
{
	name_list l = { NULL, 0, 0 };
	size_t i, j;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		name_add(&l, "task definition family", s->family, &s->span);
		name_add(&l, "log group", s->derived.router_log_group, &s->span);
		for (j = 0; j < s->ncontainers; j++) {
			const lp_container *c = &s->containers[j];
			name_add(&l, "log group", c->derived.log_group, &c->span);
			name_add(&l, "Firehose stream", c->derived.stream, &c->span);
			name_add(&l, "Glue table", c->derived.table, &c->span);
		}
	}
	for (i = 0; i < m->nalbs; i++)
		name_add(&l, "Glue table", m->albs[i].derived.table, &m->albs[i].span);
	for (i = 0; i < m->napigws; i++) {
		name_add(&l, "log group", m->apigws[i].derived.access_log_group, &m->apigws[i].span);
		name_add(&l, "Firehose stream", m->apigws[i].derived.stream, &m->apigws[i].span);
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_derived);
	for (i = 1; i < l.n; i++) {
		const derived_name *a = &l.v[i - 1], *b = &l.v[i];
		if (strcmp(a->kind, b->kind) || strcmp(a->name, b->name))
			continue;
		lp_diag_error(d, "LP-SPEC-NAME", b->span, "rename one of them so the derived names differ",
			"%s '%s' is derived twice: here and on line %u", b->kind, b->name, a->span->line);
	}
	lp_free(l.v);
}

static const lp_service *find_service(const lp_model *m, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < m->nservices; i++)
		if (strlen(m->services[i].name) == len && !strncmp(m->services[i].name, name, len))
			return &m->services[i];
	return NULL;
}

/*
 * lint.ignore targets may name spec paths, as design §4 shows
 * ("services.api.containers.app"); findings name task definitions
 * ("shop-api.app"). Resolve the former to the latter here, and refuse a path
 * that names no service or container: a typo there would otherwise only show
 * up as an unused suppression.
 */
static void resolve_ignore(lp_model *m, lp_ignore *ig, lp_diag *d)
{
	const char *t = ig->target, *dot;
	const lp_service *s;
	size_t i;
	if (!t || strncmp(t, "services.", 9) != 0)
		return;
	t += 9;
	dot = strchr(t, '.');
	s = find_service(m, t, dot ? (size_t)(dot - t) : strlen(t));
	if (!s) {
		lp_diag_error(d, "LP-SPEC-REF", &ig->span, "use services.<service> or services.<service>.containers.<container>",
			"lint.ignore target '%s' names no service of this spec", ig->target);
		return;
	}
	if (!dot) {
		ig->resolved_target = s->family;
		return;
	}
	if (strncmp(dot, ".containers.", 12) != 0) {
		lp_diag_error(d, "LP-SPEC-REF", &ig->span, "use services.<service> or services.<service>.containers.<container>",
			"lint.ignore target '%s' is not a service or container path", ig->target);
		return;
	}
	for (i = 0; i < s->ncontainers; i++)
		if (!strcmp(s->containers[i].name, dot + 12)) {
			ig->resolved_target = lp_arena_printf(&m->arena, "%s.%s", s->family, s->containers[i].name);
			return;
		}
	if (!strcmp(dot + 12, "log_router")) {
		ig->resolved_target = lp_arena_printf(&m->arena, "%s.log_router", s->family);
		return;
	}
	lp_diag_error(d, "LP-SPEC-REF", &ig->span, "check the container name under services.<service>.containers",
		"lint.ignore target '%s' names no container of service '%s'", ig->target, s->name);
}

int lp_plan(lp_model *m, lp_diag *d)
{
	size_t i;
	/* Every derived name starts with it; renderers rely on the derived names being set. */
	if (!m->name) {
		lp_diag_error(d, "LP-SPEC-NAME", &m->name_span, "add 'name: <project>' at the top; every derived name starts with it",
			"%s", "the spec has no 'name'");
		return 0;
	}
	if (!m->lake.firehose_role && m->account)
		m->lake.firehose_role = lp_arena_printf(&m->arena, "arn:aws:iam::%s:role/%s-firehose-delivery", m->account, m->name);
	for (i = 0; i < m->nservices; i++)
		plan_service(m, &m->services[i], d);
	plan_streams(m);
	for (i = 0; i < m->nalbs; i++)
		plan_alb(m, &m->albs[i]);
	for (i = 0; i < m->napigws; i++)
		plan_apigw(m, &m->apigws[i]);
	for (i = 0; i < m->nignores; i++)
		resolve_ignore(m, &m->ignores[i], d);
	check_unique(m, d);
	lp_check_lake(m, d);
	return lp_check_ecs(m, d);
}

int lp_plan_load_buffer(lp_model **out, const char *path, const char *data, size_t len, lp_diag *d)
{
	size_t before = lp_diag_count_at_least(d, LP_SEV_ERROR);
	lp_model *m = NULL;
	int error = lp_model_parse(&m, path, data, len, d);
	*out = NULL;
	if (error >= 0 && m && (error = lp_plan(m, d)) >= 0) {
		lp_model_check(m);
		if (lp_diag_count_at_least(d, LP_SEV_ERROR) == before) {
			*out = m;
			m = NULL;
		}
	}
	lp_model_free(m);
	return error;
}

int lp_plan_load(lp_model **out, const char *path, lp_diag *d)
{
	lp_buf data = LP_BUF_INIT;
	int error;
	*out = NULL;
	if ((error = lp_fs_read(&data, path, LP_SPEC_MAX_BYTES)) >= 0)
		error = lp_plan_load_buffer(out, path, data.ptr, data.size, d);
	lp_buf_release(&data);
	return error;
}
