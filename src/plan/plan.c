#include "plan/plan.h"

#include "plan/check_ecs.h"
#include "plan/check_lake.h"
#include "plan/line_format.h"
#include "plan/names.h"
#include "spec/schema.h"

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

/* A name is shown whole up to this length, then cut with "...": the finding says how long it is. */
#define SHOWN_MAX 80

/*
 * Reports `value` at `sp` unless it is a valid AWS name of kind `k`. Names
 * that would overflow are refused, never shortened: a shortened name would
 * have to be repeated identically by every artifact and every hand-written
 * reference (dashboards, alarms, IAM elsewhere), so the spec key to change is
 * named instead (`help`). Returns 1 when valid.
 */
static int check_name(lp_diag *d, lp_name_kind k, const char *value, const lp_span *sp, const char *help)
{
	char why[200];
	size_t n = value ? strlen(value) : 0;
	if (!lp_names_check(why, sizeof(why), k, value))
		return 1;
	lp_diag_error(d, "LP-SPEC-NAME", sp, help, "%s '%.*s%s' %s", lp_names_what(k), SHOWN_MAX,
		value ? value : "", n > SHOWN_MAX ? "..." : "", why);
	return 0;
}

/* A file named <stem><suffix>; the stem is what the spec controls. */
static void check_file(lp_diag *d, const char *stem, const char *suffix, const lp_span *sp, const char *help)
{
	lp_buf b = LP_BUF_INIT;
	lp_buf_printf(&b, "%s%s", stem, suffix);
	check_name(d, LP_NAME_FILE, b.ptr, sp, help);
	lp_buf_release(&b);
}

/*
 * Fluent Bit's Match_Regex for the records of `container`, whose FireLens tag
 * is <container>-firelens-<task id> (aws-facts-2026-12 §12), or for the cw.
 * copies the real-time subset re-emits. Anchored at both ends, with the task
 * id limited to what task ids are made of (hex digits, and '-' in the older
 * UUID form): a tag with "-firelens-" after the prefix, as every tag of a
 * container named <container>-firelens-<anything> has, cannot match, because
 * "firelens" has letters no task id has. tests/unit/test_routing.c proves it
 * for every pair of containers under Fluent Bit's matching rules.
 */
const char *lp_plan_tag_regex(lp_arena *a, const char *container, int subset)
{
	lp_buf b = LP_BUF_INIT;
	const char *p, *out;
	lp_buf_puts(&b, subset ? "^cw\\." : "^");
	for (p = container; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* Container names are [A-Za-z0-9_-]; anything else is escaped all the same. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
			c >= 0x80))
			lp_buf_putc(&b, '\\');
		lp_buf_putc(&b, (char)c);
	}
	lp_buf_puts(&b, "-firelens-[0-9a-fA-F-]+$");
	out = lp_arena_strdup(a, b.ptr);
	lp_buf_release(&b);
	return out;
}

static void plan_container(lp_model *m, lp_service *s, lp_container *c, lp_diag *d)
{
	lp_arena *a = &m->arena;
	const char *base;

	c->derived.match = lp_plan_tag_regex(a, c->name, 0);
	c->derived.subset_match = lp_plan_tag_regex(a, c->name, 1);
	c->derived.log_group = lp_arena_printf(a, "/ecs/%s/%s/%s", m->name, s->name, c->name);
	check_name(d, LP_NAME_LOG_GROUP, c->derived.log_group, &c->span,
		"the group is /ecs/<name>/<service>/<container>: shorten 'name', the service or the container name");

	if (!(c->to & LP_DEST_LAKE))
		return;
	c->derived.stream = lp_arena_printf(a, "%s-%s-%s", m->name, s->name, c->name);
	check_name(d, LP_NAME_FIREHOSE_STREAM, c->derived.stream, &c->span,
		"the stream is <name>-<service>-<container>: shorten 'name', the service or the container name");
	c->derived.firehose_log_group = lp_arena_printf(a, "/aws/kinesisfirehose/%s", c->derived.stream);
	c->derived.table = glue_name(a, lp_arena_printf(a, "%s_%s", s->name, c->name));
	if (check_name(d, LP_NAME_GLUE, c->derived.table, &c->span,
		"the table is <service>_<container>, lowercased: shorten or rename the service or the container") &&
		m->lake.database)
		check_file(d, lp_arena_printf(a, "%s.%s", m->lake.database, c->derived.table), ".json", &c->span,
			"glue/<database>.<table>.json is the longest file name: shorten lake.database, the service or the container name");

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
	check_name(d, LP_NAME_S3_PREFIX, c->derived.prefix, &c->span,
		"the Firehose prefix is <lake.prefix>/<service>/<container>/ and the date: shorten lake.prefix or the names");
	check_name(d, LP_NAME_S3_PREFIX, c->derived.error_prefix, &c->span,
		"the error prefix is errors/<service>/<container>/...: shorten the service or the container name");
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
	lp_arena *a = &m->arena;
	const char *help = s->family_span.line != s->span.line || s->family_span.col != s->span.col
		? "shorten 'family'" : "the family is <name>-<service>: set a shorter 'family', or shorten 'name' or the service name";
	size_t i;
	if (!s->family)
		s->family = lp_arena_printf(a, "%s-%s", m->name, s->name);
	s->derived.router_log_group = lp_arena_printf(a, "/ecs/%s/%s/log-router", m->name, s->name);
	s->derived.config_path = LP_ROUTER_CONFIG_PATH;
	s->derived.task_policy = lp_arena_printf(a, "%s-task-policy", s->family);
	s->derived.execution_policy = lp_arena_printf(a, "%s-execution-policy", s->family);
	s->derived.router_repository = lp_arena_printf(a, "%s-log-router", s->family);
	/* Each check stops at the first name that fails: they share the family, so one finding says it. */
	(void)(check_name(d, LP_NAME_ECS_FAMILY, s->family, &s->family_span, help) &&
		check_name(d, LP_NAME_IAM_POLICY, s->derived.execution_policy, &s->family_span, help) &&
		check_name(d, LP_NAME_ECR_REPOSITORY, s->derived.router_repository, &s->family_span,
			"the router image goes to the ECR repository <family>-log-router, and ECR names are lowercase: "
			"use a lowercase 'family' without repeated '-' or '_'") &&
		check_name(d, LP_NAME_FILE, lp_arena_printf(a, "%s%s", s->family, LP_PLAN_FAMILY_FILE_SUFFIX),
			&s->family_span, help));
	check_name(d, LP_NAME_LOG_GROUP, s->derived.router_log_group, &s->span,
		"the router's group is /ecs/<name>/<service>/log-router: shorten 'name' or the service name");
	for (i = 0; i < s->ncontainers; i++)
		plan_container(m, s, &s->containers[i], d);
	share_task_memory(s);
	s->derived.by_name = sorted_containers(a, s);
}

/* The span of bytes [off, off + len) of a one-line scalar at `sp` (quoted or not), else `sp`. */
static lp_span scalar_part(const lp_span *sp, const char *value, size_t off, size_t len)
{
	lp_span r = *sp;
	unsigned quote;
	if (sp->line != sp->end_line)
		return r;
	quote = sp->end_col - sp->col == strlen(value) + 2 ? 1 : 0;
	r.col = sp->col + quote + (unsigned)off;
	r.end_col = r.col + (unsigned)(len ? len : 1);
	return r;
}

/* "did you mean 'x'? " when `word` is near one of the names `next` yields, else nothing. */
static void did_you_mean(lp_buf *help, const char *word, const char *(*next)(size_t), const char *open,
	const char *close)
{
	const char *names[64], *hit;
	size_t n = 0;
	while (n < 64 && (names[n] = next(n)))
		n++;
	if ((hit = lp_schema_closest(word, names, n)))
		lp_buf_printf(help, "did you mean '%s%s%s'? ", open, hit, close);
}

/* The fields of a flow log's lines, from its LogFormat; a finding at the bad token when it cannot be read. */
static const lp_line_format *vpc_format(lp_model *m, const lp_log_source *a, lp_diag *d)
{
	static const char *const why[] = { "", "is not a ${field}", "is not a VPC Flow Logs field",
		"is listed twice", "is not a single space between fields", "" };
	lp_line_format *f = lp_arena_alloc(&m->arena, sizeof(*f));
	const char *fmt = a->log_format ? a->log_format : lp_line_format_vpc_default();
	size_t off, len;
	int rc = lp_line_format_vpc(f, &m->arena, fmt, &off, &len);
	lp_span sp;
	if (rc == 0)
		return f;
	if (rc == LP_LINE_VPC_EMPTY) {
		lp_diag_error(d, "LP-SPEC-VPC-FORMAT", &a->log_format_span, "list the fields as the flow log's LogFormat does",
			"%s.log_format holds no field", a->path);
	} else {
		char *word = lp_arena_printf(&m->arena, "%.*s", (int)len, fmt + off);
		lp_buf help = LP_BUF_INIT;
		if (rc == LP_LINE_VPC_UNKNOWN)
			did_you_mean(&help, word, lp_line_format_vpc_field, "${", "}");
		lp_buf_puts(&help, "copy the flow log's LogFormat as written: ${field} tokens, one space apart, each field "
				   "once (aws ec2 describe-flow-logs --query 'FlowLogs[].LogFormat')");
		sp = scalar_part(&a->log_format_span, fmt, off, len);
		lp_diag_error(d, "LP-SPEC-VPC-FORMAT", &sp, help.ptr, "'%s' in %s.log_format %s", word, a->path, why[rc]);
		lp_buf_release(&help);
	}
	return lp_line_format_of(a->kind);
}

/* The folders above the dates of a flow log's S3 destination, and its date (and hour) partitions below them. */
static void vpc_location(lp_buf *loc, lp_buf *tmpl, const lp_log_source *a)
{
	if (a->prefix && *a->prefix)
		lp_buf_printf(loc, "%s/", a->prefix);
	if (a->hive_compatible) {
		lp_buf_printf(loc, "AWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/aws-region=%s/", a->account ? a->account : "",
			a->region ? a->region : "");
		lp_buf_puts(tmpl, a->per_hour ? "year=${year}/month=${month}/day=${day}/hour=${hour}" :
						"year=${year}/month=${month}/day=${day}");
		return;
	}
	lp_buf_printf(loc, "AWSLogs/%s/vpcflowlogs/%s/", a->account ? a->account : "", a->region ? a->region : "");
	if (a->partition == LP_SOURCE_DAILY)
		lp_buf_puts(tmpl, a->per_hour ? "${hour}" : "${day}");
	else
		lp_buf_puts(tmpl, a->per_hour ? "${year}/${month}/${day}/${hour}" : "${year}/${month}/${day}");
}

/* The columns of a v2 delivery's tables, from its record fields; a finding at the bad field. */
static const lp_line_format *cf_v2_format(lp_model *m, const lp_log_source *a, lp_diag *d)
{
	lp_line_format *f = lp_arena_alloc(&m->arena, sizeof(*f));
	lp_buf help = LP_BUF_INIT;
	size_t bad;
	int rc = lp_line_format_cf_v2(f, &m->arena, a->record_fields, a->nrecord_fields, &bad);
	if (rc == 0)
		return f;
	if (rc == LP_LINE_CF_UNKNOWN)
		did_you_mean(&help, a->record_fields[bad], lp_line_format_cf_v2_field, "", "");
	lp_buf_puts(&help, "list the delivery's recordFields as CloudFront names them (c-ip, cs(Referer)), each once: "
			   "aws logs get-delivery --id <delivery> --query 'delivery.recordFields'");
	lp_diag_error(d, "LP-SPEC-CF-V2", &a->record_field_spans[bad], help.ptr, "'%s' in %s.record_fields %s",
		a->record_fields[bad], a->path,
		rc == LP_LINE_CF_UNKNOWN ? "is not a CloudFront standard log field" : "is listed twice");
	lp_buf_release(&help);
	return lp_line_format_cf_v2_all();
}

/* Settings of the other logging than the source's: a typo of intent, refused where it is written. */
static void cf_foreign_keys(lp_diag *d, const lp_log_source *a)
{
	static const char *const v2_keys[] = { "file_format", "suffix_path", "record_fields", "distribution_ids" };
	const lp_span *spans[] = { &a->file_format_span, &a->suffix_path_span, &a->record_fields_span,
		&a->distribution_ids_span };
	int set[] = { a->file_format != NULL, a->suffix_path != NULL, a->record_fields != NULL,
		a->distribution_ids != NULL };
	size_t i;
	if (a->logging == LP_CF_V2) {
		if (a->prefix)
			lp_diag_error(d, "LP-SPEC-CF-V2", &a->prefix_span,
				"write the folders of a v2 delivery in 'suffix_path', with whatever AWS puts before them",
				"%s.prefix is the legacy Logging.Prefix; standard logging v2 writes under its suffix path",
				a->path);
		return;
	}
	for (i = 0; i < sizeof(v2_keys) / sizeof(v2_keys[0]); i++)
		if (set[i])
			lp_diag_error(d, "LP-SPEC-CF-V2", spans[i],
				"add 'logging: v2' if the distribution delivers standard logging v2, or remove the key",
				"%s.%s applies to standard logging v2, and this source reads legacy logs", a->path, v2_keys[i]);
}

/*
 * The folders of a v2 delivery: the suffix path with each {variable} a
 * projected partition (name=value when Hive-compatible) and {accountid} the
 * account. LOCATION is the literal folder before the first variable.
 * Whether AWS writes AWSLogs/<account>/CloudFront/ before the suffix path is
 * unconfirmed (aws-facts-2026-12 §3.2), so the spec copies the path the files
 * land under and the table follows it.
 */
static void cf_v2_location(lp_model *m, lp_log_source *a, lp_buf *loc, lp_buf *tmpl, lp_diag *d)
{
	static const char *const why[] = { "", "is not a suffix-path variable", "is used twice",
		"has no closing '}'" };
	lp_cf_suffix_part parts[LP_CF_SUFFIX_MAX];
	size_t n, i, off, len, cut = 0;
	const char *path = a->suffix_path, *prev;
	lp_buf all = LP_BUF_INIT;
	int rc, has_id = 0, have_cut = 0;
	if (!path) {
		lp_diag_error(d, "LP-SPEC-CF-V2", &a->span,
			"copy the S3 key path the files land under, e.g. suffix_path: "
			"\"AWSLogs/{accountid}/CloudFront/{DistributionId}/{yyyy}/{MM}/{dd}/{HH}\"",
			"%s sets logging: v2 without suffix_path", a->path);
		return;
	}
	if ((rc = lp_line_format_cf_suffix(parts, &n, path, &off, &len)) != 0) {
		char *word = lp_arena_printf(&m->arena, "%.*s", (int)len, path + off);
		lp_buf help = LP_BUF_INIT;
		lp_span sp = scalar_part(&a->suffix_path_span, path, off, len);
		if (rc == LP_LINE_CF_UNKNOWN && len > 2) {
			char *name = lp_arena_printf(&m->arena, "%.*s", (int)(len - 2), path + off + 1);
			did_you_mean(&help, name, lp_line_format_cf_variable, "{", "}");
		}
		lp_buf_puts(&help, "copy the delivery's suffixPath: {DistributionId} (or {distributionid}), {yyyy}, {MM}, "
				   "{dd}, {HH} and {accountid}, each once");
		lp_diag_error(d, "LP-SPEC-CF-V2", &sp, help.ptr, "'%s' in %s.suffix_path %s", word, a->path, why[rc]);
		lp_buf_release(&help);
		return;
	}
	a->derived.partitions = lp_arena_alloc(&m->arena, (n ? n : 1) * sizeof(*a->derived.partitions));
	for (prev = path, i = 0; i < n; i++) {
		lp_buf_put(&all, prev, (size_t)(path + parts[i].off - prev));
		if (!have_cut && parts[i].column) {
			cut = all.size;
			have_cut = 1;
		}
		if (a->hive_compatible)
			lp_buf_printf(&all, "%s=", parts[i].hive);
		if (parts[i].column) {
			lp_buf_printf(&all, "${%s}", parts[i].column);
			a->derived.partitions[a->derived.npartitions++] = parts[i].column;
			has_id |= !strcmp(parts[i].column, "distributionid");
		} else {
			lp_buf_puts(&all, a->account ? a->account : ""); /* a literal: the folder goes on */
		}
		prev = path + parts[i].off + parts[i].len;
	}
	lp_buf_puts(&all, prev);
	if (!a->derived.npartitions) {
		lp_buf_puts(loc, all.ptr);
		if (all.size && all.ptr[all.size - 1] != '/')
			lp_buf_putc(loc, '/');
	} else {
		while (cut > 0 && all.ptr[cut - 1] != '/')
			cut--;
		lp_buf_put(loc, all.ptr, cut);
		lp_buf_puts(tmpl, all.ptr + cut);
	}
	lp_buf_release(&all);
	if (has_id && !a->ndistribution_ids)
		lp_diag_error(d, "LP-SPEC-CF-V2", &a->suffix_path_span,
			"list the distributions that deliver here under distribution_ids, e.g. [E2EXAMPLE1ABCD]",
			"%s.suffix_path has a {DistributionId} folder, and projecting it needs distribution_ids", a->path);
	else if (!has_id && a->distribution_ids)
		lp_diag_error(d, "LP-SPEC-CF-V2", &a->distribution_ids_span,
			"remove distribution_ids, or put {DistributionId} in the suffix path as the delivery does",
			"%s.distribution_ids project a {DistributionId} folder, and the suffix path has none", a->path);
}

/* The checks and columns of a v2 source, which writes neither w3c, plain nor raw tables. */
static const lp_line_format *cf_v2_plan(lp_model *m, lp_log_source *a, lp_buf *loc, lp_buf *tmpl, lp_diag *d)
{
	const char *ff = a->file_format;
	if (!ff)
		lp_diag_error(d, "LP-SPEC-CF-V2", &a->span,
			"set file_format to the delivery destination's outputFormat: parquet or json",
			"%s sets logging: v2 without file_format", a->path);
	else if (strcmp(ff, "parquet") && strcmp(ff, "json"))
		lp_diag_error(d, "LP-SPEC-CF-V2", &a->file_format_span,
			!strcmp(ff, "raw") ? "raw output goes to Firehose, not S3: deliver parquet (the Athena guide's table) or "
					      "json to S3"
					    : "w3c and plain are text whose columns follow the order of recordFields with the "
					      "delivery's own delimiter; deliver parquet (the Athena guide's table) or json, which "
					      "tables read by name",
			"%s.file_format '%s' is not generated: logpipe writes CloudFront v2 tables for parquet and json",
			a->path, ff);
	cf_v2_location(m, a, loc, tmpl, d);
	return cf_v2_format(m, a, d);
}

/*
 * The folder above the date folders where the service writes the logs of
 * `a`, and the projection's template below it: ELB's AWSLogs/<account>/
 * elasticloadbalancing/<region>/, S3's date-based key format, which puts
 * the prefix right before the account without a '/' of its own, or a flow
 * log's folders.
 */
static void plan_log_source(lp_model *m, lp_log_source *a, lp_diag *d)
{
	const lp_line_format *f = lp_line_format_of(a->kind);
	lp_buf loc = LP_BUF_INIT, tmpl = LP_BUF_INIT;
	a->derived.table = glue_name(&m->arena, lp_arena_printf(&m->arena, "%s_%s", lp_source_kind_key(a->kind), a->name));
	a->derived.format = f->layout == LP_LAYOUT_VPC ? vpc_format(m, a, d) : f;
	lp_buf_printf(&loc, "s3://%s/", a->bucket ? a->bucket : "");
	if (a->kind == LP_SOURCE_CLOUDFRONT)
		cf_foreign_keys(d, a);
	if (a->kind == LP_SOURCE_CLOUDFRONT && a->logging == LP_CF_V2) {
		a->derived.format = cf_v2_plan(m, a, &loc, &tmpl, d);
	} else if (f->layout == LP_LAYOUT_VPC) {
		vpc_location(&loc, &tmpl, a);
	} else if (f->layout == LP_LAYOUT_WAF) {
		/* WAF logs of a CloudFront web ACL sit under "cloudfront" in place of the Region (aws-facts-2026-12 §6.1). */
		lp_buf_printf(&loc, "AWSLogs/%s/WAFLogs/%s/%s/", a->account ? a->account : "",
			a->cloudfront_scope ? "cloudfront" : a->region ? a->region : "", a->web_acl ? a->web_acl : "");
		lp_buf_puts(&tmpl, a->partition == LP_SOURCE_DAILY ? "${day}" : "${year}/${month}/${day}");
	} else if (f->layout == LP_LAYOUT_CLOUDTRAIL) {
		/* An organization trail puts its ID above the accounts (aws-facts-2026-12 §6.2). */
		if (a->prefix && *a->prefix)
			lp_buf_printf(&loc, "%s/", a->prefix);
		lp_buf_puts(&loc, "AWSLogs/");
		if (a->organization_id)
			lp_buf_printf(&loc, "%s/", a->organization_id);
		lp_buf_puts(&tmpl, "${account}/CloudTrail/${region}/${timestamp}");
	} else if (f->layout == LP_LAYOUT_FLAT) {
		/* CloudFront puts its Prefix right before each file name: the folder is what ends in '/'. */
		lp_buf_puts(&loc, a->prefix ? a->prefix : "");
	} else {
		if (f->layout == LP_LAYOUT_S3_PARTITIONED) {
			lp_buf_printf(&loc, "%s%s/%s/%s/", a->prefix ? a->prefix : "", a->account ? a->account : "",
				a->region ? a->region : "", a->source_bucket ? a->source_bucket : "");
		} else {
			if (a->prefix && *a->prefix)
				lp_buf_printf(&loc, "%s/", a->prefix);
			lp_buf_printf(&loc, "AWSLogs/%s/elasticloadbalancing/%s/", a->account ? a->account : "",
				a->region ? a->region : "");
		}
		lp_buf_puts(&tmpl, a->partition == LP_SOURCE_DAILY ? "${day}" : "${year}/${month}/${day}");
	}
	a->derived.location = lp_arena_strdup(&m->arena, loc.ptr);
	a->derived.location_template = tmpl.size ? lp_arena_printf(&m->arena, "%s%s", loc.ptr, tmpl.ptr) : NULL;
	lp_buf_release(&loc);
	lp_buf_release(&tmpl);
}

static void plan_apigw(lp_model *m, lp_apigw_source *g, lp_diag *d)
{
	g->derived.access_log_group = lp_arena_printf(&m->arena, "/aws/apigateway/%s/%s/%s", m->name, g->name, g->stage);
	check_name(d, LP_NAME_APIGW_STAGE, g->stage, &g->stage_span, "use letters, digits, '-' and '_', up to 128");
	check_name(d, LP_NAME_LOG_GROUP, g->derived.access_log_group, &g->span,
		"the group is /aws/apigateway/<name>/<source>/<stage>: shorten 'name', the source or the stage name");
	check_file(d, g->name, ".yaml", &g->span, "sam/<source>.yaml is written: shorten the source name");
	/*
	 * API Gateway only delivers access logs to streams named amazon-apigateway-*
	 * (aws-facts §5), and the prefix counts towards the 64 characters.
	 */
	if (g->access_log == LP_APIGW_FIREHOSE) {
		g->derived.stream = lp_arena_printf(&m->arena, "amazon-apigateway-%s-%s", m->name, g->name);
		check_name(d, LP_NAME_FIREHOSE_STREAM, g->derived.stream, &g->span,
			"the stream is amazon-apigateway-<name>-<source> (API Gateway requires the prefix): "
			"shorten 'name' or the source name");
	}
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
	for (i = 0; i < m->nlog_sources; i++)
		name_add(&l, "Glue table", m->log_sources[i].derived.table, &m->log_sources[i].span);
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
/*
 * sources.<kind>.<name> targets match, through the renderers' origins, what
 * that source generated; here they only have to name a source of the spec.
 */
static void check_source_target(const lp_model *m, const lp_ignore *ig, lp_diag *d)
{
	const char *t = ig->target + 8;
	size_t i;
	if (!strncmp(t, "api_gateway.", 12)) {
		for (i = 0; i < m->napigws; i++)
			if (!strcmp(m->apigws[i].name, t + 12))
				return;
	}
	for (i = 0; i < m->nlog_sources; i++)
		if (!strcmp(m->log_sources[i].path, ig->target))
			return;
	lp_diag_error(d, "LP-SPEC-REF", &ig->span, "use sources.<kind>.<name>, e.g. sources.alb.<name>",
		"lint.ignore target '%s' names no source of this spec", ig->target);
}

static void resolve_ignore(lp_model *m, lp_ignore *ig, lp_diag *d)
{
	const char *t = ig->target, *dot;
	const lp_service *s;
	size_t i;
	if (t && !strncmp(t, "sources.", 8)) {
		check_source_target(m, ig, d);
		return;
	}
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
	m->derived.delivery_role = lp_arena_printf(&m->arena, "%s-firehose-delivery", m->name);
	m->derived.delivery_policy = lp_arena_printf(&m->arena, "%s-firehose-delivery-policy", m->name);
	if (!m->lake.firehose_role && m->account)
		m->lake.firehose_role = lp_arena_printf(&m->arena, "arn:aws:iam::%s:role/%s", m->account, m->derived.delivery_role);
	if (m->has_lake && check_name(d, LP_NAME_IAM_ROLE, m->derived.delivery_role, &m->name_span,
		"the Firehose delivery role is <name>-firehose-delivery: shorten 'name'"))
		check_name(d, LP_NAME_IAM_POLICY, m->derived.delivery_policy, &m->name_span,
			"the delivery policy is <name>-firehose-delivery-policy: shorten 'name'");
	for (i = 0; i < m->nservices; i++)
		plan_service(m, &m->services[i], d);
	plan_streams(m);
	for (i = 0; i < m->nlog_sources; i++)
		plan_log_source(m, &m->log_sources[i], d);
	for (i = 0; i < m->napigws; i++)
		plan_apigw(m, &m->apigws[i], d);
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
