#include "model.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "spec/schema.h"
#include "util/error.h"
#include "util/mem.h"
#include "util/sha256.h"

/*
 * Tree -> model. The schema has already checked shapes and types, but the
 * builder never trusts that: every accessor checks the node kind so a tree
 * that skipped validation (fuzzing, library use) cannot crash it.
 */

typedef struct builder {
	lp_model *m;
	lp_diag *d;
} builder;

static const char *str_at(builder *b, const lp_node *map, const char *key, const char *def)
{
	const lp_node *n = lp_node_get(map, key);
	if (!n || n->kind != LP_NODE_SCALAR || n->stype == LP_SCALAR_NULL)
		return def;
	return lp_arena_strndup(&b->m->arena, n->str, n->len);
}

static int64_t int_at(const lp_node *map, const char *key, int64_t def)
{
	int64_t v;
	return lp_node_int(&v, lp_node_get(map, key)) == 0 ? v : def;
}

static int bool_at(const lp_node *map, const char *key, int def)
{
	int v;
	return lp_node_bool(&v, lp_node_get(map, key)) == 0 ? v : def;
}

static lp_span span_at(const lp_node *map, const char *key, lp_span def)
{
	const lp_pair *p = lp_node_pair(map, key);
	return p ? p->value->span : def;
}

static lp_span key_span(const lp_node *map, const char *key, lp_span def)
{
	const lp_pair *p = lp_node_pair(map, key);
	return p ? p->key->span : def;
}

/* Index of `value` in a NULL-terminated list, or `def` when absent or unknown. */
static int enum_at(const lp_node *map, const char *key, const char *const *names, int def)
{
	const char *s = lp_node_str(lp_node_get(map, key));
	int i;
	if (!s)
		return def;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return def;
}

static const char *const cf_loggings[] = { "legacy", "v2", NULL };
static const char *const lake_formats[] = { "parquet", "orc", "json", NULL };
static const char *const partitions[] = { "hourly", "daily", NULL };
static const char *const launch_types[] = { "fargate", "ec2", NULL };
static const char *const network_modes[] = { "awsvpc", "bridge", "host", NULL };
static const char *const log_formats[] = { "json", "text", NULL };
static const char *const router_configs[] = { "file", "s3", NULL };
static const char *const alb_partitions[] = { "daily", "ymd", NULL };
static const char *const apigw_access[] = { "cloudwatch", "firehose", NULL };
static const char *const exec_logs[] = { "off", "error", "info", NULL };

const char *lp_lake_format_name(lp_lake_format f) { return lake_formats[f]; }

/* The origin of `key` in `map` (at `path`): its value when written, else `def`. */
static lp_origin origin_at(builder *b, const lp_node *map, const char *path, const char *key, const lp_origin *def)
{
	const lp_pair *p = lp_node_pair(map, key);
	lp_origin o;
	if (!p)
		return *def;
	o.span = p->value->span;
	o.key = lp_arena_printf(&b->m->arena, "%s.%s", path, key);
	o.defaulted = 0;
	return o;
}

/* A default's origin: the key would go in the mapping at `span`. */
static lp_origin origin_default(builder *b, lp_span span, const char *path, const char *key)
{
	lp_origin o;
	o.span = span;
	o.key = lp_arena_printf(&b->m->arena, "%s.%s", path, key);
	o.defaulted = 1;
	return o;
}

/* In lp_source_kind order. */
static const char *const source_kinds[] = { "alb", "nlb", "clb", "alb_connection", "s3_access", "vpc_flow", "cloudfront", "waf", "cloudtrail", NULL };

const char *lp_source_kind_key(lp_source_kind k) { return source_kinds[k]; }

static void read_cloudwatch(lp_cloudwatch_opts *o, const lp_node *n, const lp_cloudwatch_opts *def, const char *path,
	builder *b)
{
	*o = *def;
	if (!n || n->kind != LP_NODE_MAP)
		return;
	o->span = n->span;
	o->retention_days = int_at(n, "retention_days", def->retention_days);
	o->kms_key = str_at(b, n, "kms_key", def->kms_key);
	o->kms_key_span = span_at(n, "kms_key", def->kms_key_span);
	o->retention_at = origin_at(b, n, path, "retention_days", &def->retention_at);
	o->kms_at = origin_at(b, n, path, "kms_key", &def->kms_at);
}

static void read_firehose(lp_firehose_opts *o, const lp_node *n, const lp_firehose_opts *def)
{
	*o = *def;
	if (!n || n->kind != LP_NODE_MAP)
		return;
	o->span = n->span;
	o->buffer_seconds = int_at(n, "buffer_seconds", def->buffer_seconds);
	o->buffer_mib = int_at(n, "buffer_mib", def->buffer_mib);
	o->format = (lp_lake_format)enum_at(n, "format", lake_formats, (int)def->format);
	o->partition = (lp_partition)enum_at(n, "partition", partitions, (int)def->partition);
	o->buffer_mib_span = span_at(n, "buffer_mib", def->buffer_mib_span);
	o->buffer_seconds_span = span_at(n, "buffer_seconds", def->buffer_seconds_span);
}

static void read_router(lp_router_opts *o, const lp_node *n, const lp_router_opts *def, builder *b)
{
	*o = *def;
	if (!n || n->kind != LP_NODE_MAP)
		return;
	o->span = n->span;
	o->image = str_at(b, n, "image", def->image);
	o->image_span = span_at(n, "image", def->image_span);
	o->memory = int_at(n, "memory", def->memory);
	o->memory_reservation = int_at(n, "memory_reservation", def->memory_reservation);
	o->config = (lp_router_config)enum_at(n, "config", router_configs, (int)def->config);
	o->config_span = span_at(n, "config", def->config_span);
	o->config_s3_bucket = str_at(b, n, "config_s3_bucket", def->config_s3_bucket);
	o->health_check = bool_at(n, "health_check", def->health_check);
}

/* Destinations that are databases get a dedicated explanation (design §1). */
static const char *const databases[] = { "rds", "aurora", "mysql", "postgres", "postgresql",
	"dynamodb", "database", "db", NULL };

static void read_destinations(lp_container *c, const lp_node *to, builder *b)
{
	size_t i;
	c->to = LP_DEST_CLOUDWATCH | LP_DEST_LAKE; /* hybrid is the default */
	if (!to)
		return;
	c->to_span = to->span;
	if (to->kind != LP_NODE_SEQ)
		return;
	c->to = 0;
	for (i = 0; i < to->n; i++) {
		const char *s = lp_node_str(to->items[i]);
		int k;
		if (!s)
			continue;
		if (!strcmp(s, "cloudwatch")) {
			c->to |= LP_DEST_CLOUDWATCH;
			continue;
		}
		if (!strcmp(s, "lake")) {
			c->to |= LP_DEST_LAKE;
			continue;
		}
		for (k = 0; databases[k]; k++)
			if (!strcmp(databases[k], s))
				break;
		if (databases[k])
			lp_diag_error(b->d, "LP-SPEC-RDS", &to->items[i]->span,
				"use 'to: [lake]' (or [cloudwatch, lake]): Firehose writes Parquet to S3 and Athena joins it "
				"with your database exports without touching the database",
				"logs cannot be sent to a database ('%s'): log volume bloats it, loads the application's "
				"database and reaches users", s);
	}
	if (!c->to && to->n == 0)
		lp_diag_error(b->d, "LP-SPEC-TO", &to->span, "list at least one of 'cloudwatch' and 'lake', or drop 'to' for both",
			"'to' is empty: the container's logs would go nowhere");
}

static void read_fields(lp_container *c, const lp_node *fields, builder *b)
{
	size_t i;
	if (!fields || fields->kind != LP_NODE_MAP)
		return;
	c->fields_span = fields->span;
	c->fields = lp_arena_alloc(&b->m->arena, (fields->n ? fields->n : 1) * sizeof(*c->fields));
	for (i = 0; i < fields->n; i++) {
		const lp_pair *p = &fields->pairs[i];
		const char *t = lp_node_str(p->value);
		if (!t)
			continue;
		c->fields[c->nfields].name = lp_arena_strdup(&b->m->arena, p->key->str);
		c->fields[c->nfields].type = lp_arena_strdup(&b->m->arena, t);
		c->fields[c->nfields].span = p->key->span;
		c->nfields++;
	}
}

static void read_environment(lp_container *c, const lp_node *env, builder *b)
{
	size_t i;
	if (!env || env->kind != LP_NODE_MAP)
		return;
	c->environment = lp_arena_alloc(&b->m->arena, (env->n ? env->n : 1) * sizeof(*c->environment));
	for (i = 0; i < env->n; i++) {
		const char *v = lp_node_str(env->pairs[i].value);
		if (!v)
			continue;
		c->environment[c->nenvironment].key = lp_arena_strdup(&b->m->arena, env->pairs[i].key->str);
		c->environment[c->nenvironment].value = lp_arena_strdup(&b->m->arena, v);
		c->environment[c->nenvironment].span = env->pairs[i].key->span;
		c->nenvironment++;
	}
}

static void read_container(lp_container *c, const lp_pair *p, const char *service, builder *b)
{
	const lp_node *n = p->value, *logs, *cw, *only;
	c->name = lp_arena_strdup(&b->m->arena, p->key->str);
	c->span = c->time_key_span = c->time_format_span = p->key->span;
	c->path = lp_arena_printf(&b->m->arena, "services.%s.containers.%s", service, c->name);
	c->user_at = origin_default(b, c->span, c->path, "user");
	c->readonly_root_at = origin_default(b, c->span, c->path, "readonly_root");
	c->essential = 1;
	c->cloudwatch = b->m->cloudwatch;
	c->firehose = b->m->firehose;
	c->to = LP_DEST_CLOUDWATCH | LP_DEST_LAKE;
	if (n->kind != LP_NODE_MAP)
		return;
	c->image = str_at(b, n, "image", NULL);
	c->image_span = span_at(n, "image", c->span);
	c->port = int_at(n, "port", 0);
	c->cpu = int_at(n, "cpu", 0);
	c->memory = int_at(n, "memory", 0);
	c->memory_reservation = int_at(n, "memory_reservation", 0);
	c->essential = bool_at(n, "essential", 1);
	c->user = str_at(b, n, "user", NULL);
	c->readonly_root = bool_at(n, "readonly_root", 0);
	{
		lp_origin u = origin_default(b, c->span, c->path, "user");
		lp_origin r = origin_default(b, c->span, c->path, "readonly_root");
		c->user_at = origin_at(b, n, c->path, "user", &u);
		c->readonly_root_at = origin_at(b, n, c->path, "readonly_root", &r);
	}
	read_environment(c, lp_node_get(n, "environment"), b);

	logs = lp_node_get(n, "logs");
	if (!logs || logs->kind != LP_NODE_MAP)
		return;
	read_destinations(c, lp_node_get(logs, "to"), b);
	c->format = (lp_log_format)enum_at(logs, "format", log_formats, LP_LOG_JSON);
	c->time_key = str_at(b, logs, "time_key", NULL);
	c->time_format = str_at(b, logs, "time_format", NULL);
	c->time_key_span = span_at(logs, "time_key", c->span);
	c->time_format_span = span_at(logs, "time_format", c->span);
	read_fields(c, lp_node_get(logs, "fields"), b);
	cw = lp_node_get(logs, "cloudwatch");
	read_cloudwatch(&c->cloudwatch, cw, &b->m->cloudwatch, lp_arena_printf(&b->m->arena, "%s.logs.cloudwatch", c->path), b);
	if ((only = lp_node_get(cw, "only")) && only->kind == LP_NODE_MAP) {
		c->cw_only_key = str_at(b, only, "key", NULL);
		c->cw_only_regex = str_at(b, only, "regex", NULL);
		c->cw_only_span = only->span;
		c->cw_only_regex_span = span_at(only, "regex", only->span);
	}
	read_firehose(&c->firehose, lp_node_get(logs, "firehose"), &b->m->firehose);
}

static void read_service(lp_service *s, const lp_pair *p, builder *b)
{
	const lp_node *n = p->value, *cs;
	size_t i;
	s->name = lp_arena_strdup(&b->m->arena, p->key->str);
	s->span = s->family_span = p->key->span;
	s->path = lp_arena_printf(&b->m->arena, "services.%s", s->name);
	s->router = b->m->router;
	if (n->kind != LP_NODE_MAP)
		return;
	s->family = str_at(b, n, "family", NULL);
	s->family_span = span_at(n, "family", s->span);
	s->cluster = str_at(b, n, "cluster", NULL);
	s->launch_type = (lp_launch)enum_at(n, "launch_type", launch_types, LP_LAUNCH_FARGATE);
	s->network_mode = (lp_network_mode)enum_at(n, "network_mode", network_modes,
		s->launch_type == LP_LAUNCH_FARGATE ? LP_NET_AWSVPC : LP_NET_BRIDGE);
	s->cpu = int_at(n, "cpu", 0);
	s->memory = int_at(n, "memory", 0);
	s->cpu_span = span_at(n, "cpu", s->span);
	s->memory_span = span_at(n, "memory", s->span);
	s->task_role = str_at(b, n, "task_role", NULL);
	s->task_role_span = span_at(n, "task_role", s->span);
	s->execution_role = str_at(b, n, "execution_role", NULL);
	s->platform_version = str_at(b, n, "platform_version", NULL);
	read_router(&s->router, lp_node_get(n, "router"), &b->m->router, b);
	cs = lp_node_get(n, "containers");
	if (!cs || cs->kind != LP_NODE_MAP)
		return;
	s->containers = lp_arena_alloc(&b->m->arena, (cs->n ? cs->n : 1) * sizeof(*s->containers));
	for (i = 0; i < cs->n; i++)
		read_container(&s->containers[s->ncontainers++], &cs->pairs[i], s->name, b);
}

/*
 * The strings of the sequence at `key`, or the one string `def` when it is
 * absent (NULL: none). With `spans`, also where the spec writes each string
 * (NULL when the sequence is absent, so give `def` NULL with it).
 */
static const char **strs_at(builder *b, const lp_node *map, const char *key, const char *def, lp_span **spans,
	size_t *n)
{
	const lp_node *seq = map ? lp_node_get(map, key) : NULL;
	const char **out;
	size_t i;
	*n = 0;
	if (spans)
		*spans = NULL;
	if (!seq || seq->kind != LP_NODE_SEQ) {
		if (!def)
			return NULL;
		out = lp_arena_alloc(&b->m->arena, sizeof(*out));
		out[(*n)++] = def;
		return out;
	}
	out = lp_arena_alloc(&b->m->arena, (seq->n ? seq->n : 1) * sizeof(*out));
	if (spans)
		*spans = lp_arena_alloc(&b->m->arena, (seq->n ? seq->n : 1) * sizeof(**spans));
	for (i = 0; i < seq->n; i++)
		if (lp_node_str(seq->items[i])) {
			if (spans)
				(*spans)[*n] = seq->items[i]->span;
			out[(*n)++] = lp_arena_strdup(&b->m->arena, lp_node_str(seq->items[i]));
		}
	return out;
}

static void read_sources(builder *b, const lp_node *sources)
{
	lp_model *m = b->m;
	const lp_node *api = lp_node_get(sources, "api_gateway");
	size_t i, k, nelb = 0;
	for (k = 0; k < LP_SOURCE_NKINDS; k++) {
		const lp_node *elb = lp_node_get(sources, source_kinds[k]);
		if (elb && elb->kind == LP_NODE_MAP)
			nelb += elb->n;
	}
	if (nelb)
		m->log_sources = lp_arena_alloc(&m->arena, nelb * sizeof(*m->log_sources));
	for (k = 0; k < LP_SOURCE_NKINDS; k++) {
		const lp_node *elb = lp_node_get(sources, source_kinds[k]);
		if (!elb || elb->kind != LP_NODE_MAP)
			continue;
		for (i = 0; i < elb->n; i++) {
			lp_log_source *a = &m->log_sources[m->nlog_sources++];
			const lp_node *v = elb->pairs[i].value;
			a->kind = (lp_source_kind)k;
			a->name = lp_arena_strdup(&m->arena, elb->pairs[i].key->str);
			a->span = elb->pairs[i].key->span;
			a->path = lp_arena_printf(&m->arena, "sources.%s.%s", source_kinds[k], a->name);
			a->bucket = str_at(b, v, "bucket", NULL);
			a->prefix = str_at(b, v, "prefix", NULL);
			a->prefix_span = span_at(v, "prefix", a->span);
			a->account = str_at(b, v, "account", m->account);
			a->region = str_at(b, v, "region", m->region);
			a->source_bucket = str_at(b, v, "source_bucket", NULL);
			a->log_format = str_at(b, v, "log_format", NULL);
			a->log_format_span = span_at(v, "log_format", a->span);
			a->hive_compatible = bool_at(v, "hive_compatible_partitions", 0);
			a->per_hour = bool_at(v, "per_hour_partition", 0);
			a->parquet = str_at(b, v, "file_format", NULL) && !strcmp(str_at(b, v, "file_format", ""), "parquet");
			a->web_acl = str_at(b, v, "web_acl", NULL);
			a->cloudfront_scope = str_at(b, v, "scope", NULL) && !strcmp(str_at(b, v, "scope", ""), "cloudfront");
			a->accounts = strs_at(b, v, "accounts", m->account, NULL, &a->naccounts);
			a->regions = strs_at(b, v, "regions", m->region, NULL, &a->nregions);
			a->organization_id = str_at(b, v, "organization_id", NULL);
			a->partition = (lp_source_partition)enum_at(v, "partition", alb_partitions, LP_SOURCE_DAILY);
			a->logging = (lp_cf_logging)enum_at(v, "logging", cf_loggings, LP_CF_LEGACY);
			a->file_format = str_at(b, v, "file_format", NULL);
			a->file_format_span = span_at(v, "file_format", a->span);
			a->suffix_path = str_at(b, v, "suffix_path", NULL);
			a->suffix_path_span = span_at(v, "suffix_path", a->span);
			a->record_fields = strs_at(b, v, "record_fields", NULL, &a->record_field_spans, &a->nrecord_fields);
			a->record_fields_span = span_at(v, "record_fields", a->span);
			a->distribution_ids = strs_at(b, v, "distribution_ids", NULL, NULL, &a->ndistribution_ids);
			a->distribution_ids_span = span_at(v, "distribution_ids", a->span);
		}
	}
	if (api && api->kind == LP_NODE_MAP) {
		m->apigws = lp_arena_alloc(&m->arena, (api->n ? api->n : 1) * sizeof(*m->apigws));
		for (i = 0; i < api->n; i++) {
			lp_apigw_source *g = &m->apigws[m->napigws++];
			const lp_node *n = api->pairs[i].value;
			g->name = lp_arena_strdup(&m->arena, api->pairs[i].key->str);
			g->span = api->pairs[i].key->span;
			g->path = lp_arena_printf(&b->m->arena, "sources.api_gateway.%s", api->pairs[i].key->str);
			g->template_path = str_at(b, n, "template", NULL);
			g->template_span = span_at(n, "template", g->span);
			g->stage = str_at(b, n, "stage", "prod");
			g->stage_span = span_at(n, "stage", g->span);
			g->access_log = (lp_apigw_access)enum_at(n, "access_log", apigw_access, LP_APIGW_CLOUDWATCH);
			g->execution_log = (lp_exec_log)enum_at(n, "execution_log", exec_logs, LP_EXEC_ERROR);
			g->tracing = bool_at(n, "tracing", 1);
			g->retention_days = int_at(n, "retention_days", m->cloudwatch.retention_days);
		}
	}
}

static void read_lint(builder *b, const lp_node *lint)
{
	lp_model *m = b->m;
	const lp_node *ign = lp_node_get(lint, "ignore"), *params = lp_node_get(lint, "params");
	size_t i, j, total = 0;
	m->realtime_budget_seconds = int_at(lint, "realtime_budget_seconds", 0);
	if (ign && ign->kind == LP_NODE_SEQ) {
		m->ignores = lp_arena_alloc(&m->arena, (ign->n ? ign->n : 1) * sizeof(*m->ignores));
		for (i = 0; i < ign->n; i++) {
			lp_ignore *g = &m->ignores[m->nignores++];
			g->rule = str_at(b, ign->items[i], "rule", NULL);
			g->target = str_at(b, ign->items[i], "target", NULL);
			g->reason = str_at(b, ign->items[i], "reason", NULL);
			g->span = ign->items[i]->span;
		}
	}
	if (!params || params->kind != LP_NODE_MAP)
		return;
	for (i = 0; i < params->n; i++)
		if (params->pairs[i].value->kind == LP_NODE_MAP)
			total += params->pairs[i].value->n;
	m->params = lp_arena_alloc(&m->arena, (total ? total : 1) * sizeof(*m->params));
	for (i = 0; i < params->n; i++) {
		const lp_node *r = params->pairs[i].value;
		if (r->kind != LP_NODE_MAP)
			continue;
		for (j = 0; j < r->n; j++) {
			lp_param *p = &m->params[m->nparams];
			if (r->pairs[j].value->kind != LP_NODE_SCALAR)
				continue;
			p->rule = lp_arena_strdup(&m->arena, params->pairs[i].key->str);
			p->key = lp_arena_strdup(&m->arena, r->pairs[j].key->str);
			p->value = lp_arena_strdup(&m->arena, r->pairs[j].value->str);
			p->span = r->pairs[j].value->span;
			p->rule_span = params->pairs[i].key->span;
			p->key_span = r->pairs[j].key->span;
			p->type = r->pairs[j].value->stype;
			m->nparams++;
		}
	}
}

int lp_model_build(lp_model **out, const lp_node *root, const char *file, const char *data, size_t len, lp_diag *d)
{
	builder b;
	lp_model *m = lp_calloc(1, sizeof(*m));
	const lp_node *lake, *defaults, *services;
	lp_span none = { NULL, 0, 0, 0, 0 };
	char hex[65];
	size_t i;

	b.m = m;
	b.d = d;
	m->file = lp_diag_intern(d, file);
	lp_sha256_hex(hex, data, len);
	m->sha256 = lp_arena_strdup(&m->arena, hex);
	none.file = m->file;
	*out = m;
	if (!root || root->kind != LP_NODE_MAP)
		return 0;

	m->name = str_at(&b, root, "name", NULL);
	m->name_span = span_at(root, "name", root->span);
	m->region = str_at(&b, root, "region", NULL);
	m->account = str_at(&b, root, "account", NULL);

	/* Built-in defaults (design §4), then the spec's `defaults:` on top. */
	/* AWS Config's cw-loggroup-retention-period-check passes at its default MinRetentionTime. */
	m->cloudwatch.retention_days = 365;
	m->cloudwatch.span = m->cloudwatch.kms_key_span = none;
	m->firehose.buffer_seconds = 300;
	m->firehose.buffer_mib = 64;
	m->firehose.format = LP_LAKE_PARQUET;
	m->firehose.partition = LP_PART_HOURLY;
	m->firehose.span = m->firehose.buffer_mib_span = m->firehose.buffer_seconds_span = none;
	m->router.image = LP_MODEL_ROUTER_IMAGE;
	m->router.memory = LP_MODEL_ROUTER_MEMORY;
	m->router.config = LP_ROUTER_CONFIG_FILE;
	m->router.span = m->router.image_span = m->router.config_span = none;

	defaults = lp_node_get(root, "defaults");
	{
		lp_cloudwatch_opts cw = m->cloudwatch;
		lp_firehose_opts fh = m->firehose;
		lp_router_opts rt = m->router;
		/* Where a defaults.cloudwatch key would go: the deepest mapping written. */
		const lp_node *cwn = lp_node_get(defaults, "cloudwatch");
		lp_span at = cwn && cwn->kind == LP_NODE_MAP ? key_span(defaults, "cloudwatch", root->span)
			: key_span(root, "defaults", root->span);
		cw.retention_at = origin_default(&b, at, "defaults.cloudwatch", "retention_days");
		cw.kms_at = origin_default(&b, at, "defaults.cloudwatch", "kms_key");
		read_cloudwatch(&m->cloudwatch, cwn, &cw, "defaults.cloudwatch", &b);
		read_firehose(&m->firehose, lp_node_get(defaults, "firehose"), &fh);
		read_router(&m->router, lp_node_get(defaults, "router"), &rt, &b);
	}

	if ((lake = lp_node_get(root, "lake")) && lake->kind == LP_NODE_MAP) {
		m->has_lake = 1;
		m->lake.span = key_span(root, "lake", lake->span);
		m->lake.bucket = str_at(&b, lake, "bucket", NULL);
		m->lake.database = str_at(&b, lake, "database", NULL);
		m->lake.database_span = span_at(lake, "database", m->lake.span);
		m->lake.bucket_span = span_at(lake, "bucket", m->lake.span);
		m->lake.kms_key_span = span_at(lake, "kms_key", m->lake.span);
		m->lake.prefix_span = span_at(lake, "prefix", m->lake.span);
		m->lake.kms_key = str_at(&b, lake, "kms_key", NULL);
		m->lake.since = str_at(&b, lake, "since", "2024-01-01");
		m->lake.since_span = span_at(lake, "since", lake->span);
		m->lake.prefix = str_at(&b, lake, "prefix", "logs");
		m->lake.firehose_role = str_at(&b, lake, "firehose_role", NULL);
	}

	if ((services = lp_node_get(root, "services")) && services->kind == LP_NODE_MAP) {
		m->services = lp_arena_alloc(&m->arena, (services->n ? services->n : 1) * sizeof(*m->services));
		for (i = 0; i < services->n; i++)
			read_service(&m->services[m->nservices++], &services->pairs[i], &b);
	}
	read_sources(&b, lp_node_get(root, "sources"));
	read_lint(&b, lp_node_get(root, "lint"));
	return 0;
}

void lp_model_free(lp_model *m)
{
	if (!m)
		return;
	lp_arena_release(&m->arena);
	lp_free(m);
}

void lp_model_check(const lp_model *m)
{
	size_t i, j;
	if (!m)
		return;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		if (!s->name)
			LP_BUG("service without a name");
		for (j = 0; j < s->ncontainers; j++)
			if (!s->containers[j].name || s->containers[j].to > (LP_DEST_CLOUDWATCH | LP_DEST_LAKE))
				LP_BUG("malformed container");
	}
}

int lp_model_parse(lp_model **out, const char *path, const char *data, size_t len, lp_diag *d)
{
	lp_arena tree = LP_ARENA_INIT;
	lp_node *root = NULL;
	const cJSON *schema;
	size_t before = lp_diag_count_at_least(d, LP_SEV_ERROR);
	/* The spec is plain data: a tag or a number it cannot hold would change what it says. */
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	int error;

	lim.refuse_tags = 1;
	lim.exact_numbers = 1;
	*out = NULL;
	if ((error = lp_yaml_load(&root, &tree, path, data, len, &lim, d)) < 0)
		goto done;
	if (lp_diag_count_at_least(d, LP_SEV_ERROR) > before)
		goto done;
	if (!root) {
		lp_span sp = { lp_diag_intern(d, path), 1, 1, 1, 1 };
		lp_diag_error(d, "LP-SPEC-SCHEMA", &sp, "run 'logpipe init' for a starter spec", "the spec is empty");
		goto done;
	}
	if ((error = lp_schema_logpipe(&schema)) < 0 || (error = lp_schema_validate(root, schema, d)) < 0)
		goto done;
	if (lp_diag_count_at_least(d, LP_SEV_ERROR) > before)
		goto done;
	error = lp_model_build(out, root, path, data, len, d);
done:
	lp_arena_release(&tree);
	return error;
}
