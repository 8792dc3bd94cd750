#include "check_lake.h"

#include <stdlib.h>
#include <string.h>

#include "plan/names.h"
#include "util/mem.h"

const char *const lp_lake_ecs_columns[] = { "ecs_cluster", "ecs_task_arn", "ecs_task_definition", "container_name",
	"source", NULL };

/* ---- Hive types -------------------------------------------------------- */

typedef struct type_parser {
	const char *s;
	size_t i;
	lp_buf *out;
	const char *why;
	unsigned depth;
} type_parser;

#define TYPE_MAX_DEPTH 32

static void skip_blanks(type_parser *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
		p->i++;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Reads a word into `w` lowercased; 0 when there is none. */
static int read_word(type_parser *p, lp_buf *w)
{
	lp_buf_clear(w);
	skip_blanks(p);
	while (is_word_char(p->s[p->i])) {
		char c = p->s[p->i++];
		lp_buf_putc(w, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
	}
	return w->size > 0;
}

static int expect(type_parser *p, char c, const char *why)
{
	skip_blanks(p);
	if (p->s[p->i] != c) {
		p->why = why;
		return -1;
	}
	p->i++;
	lp_buf_putc(p->out, c);
	return 0;
}

static int read_number(type_parser *p, long lo, long hi, const char *why)
{
	long v = 0;
	size_t start;
	skip_blanks(p);
	start = p->i;
	while (p->s[p->i] >= '0' && p->s[p->i] <= '9' && v <= hi)
		v = v * 10 + (p->s[p->i++] - '0');
	if (p->i == start || v < lo || v > hi) {
		p->i = start;
		p->why = why;
		return -1;
	}
	lp_buf_printf(p->out, "%ld", v);
	return (int)v;
}

static int parse_type(type_parser *p, int want_primitive);

static int parse_struct(type_parser *p)
{
	lp_buf name = LP_BUF_INIT;
	int error = 0;
	do {
		size_t at;
		skip_blanks(p);
		at = p->i;
		if (!read_word(p, &name)) {
			p->i = at;
			p->why = "expected a struct field name (letters, digits, underscores)";
			error = -1;
			break;
		}
		lp_buf_puts(p->out, name.ptr);
		if ((error = expect(p, ':', "expected ':' after the struct field name")) < 0 ||
			(error = parse_type(p, 0)) < 0)
			break;
		skip_blanks(p);
		if (p->s[p->i] != ',')
			break;
		p->i++;
		lp_buf_putc(p->out, ',');
	} while (1);
	lp_buf_release(&name);
	if (error < 0)
		return error;
	return expect(p, '>', "expected ',' or '>' in struct<...>");
}

static int parse_type(type_parser *p, int want_primitive)
{
	static const char *const plain[] = { "string", "tinyint", "smallint", "int", "bigint", "float", "double",
		"boolean", "timestamp", "date", "binary", NULL };
	static const char *const aliases[][2] = { { "integer", "int" }, { "long", "bigint" }, { "bool", "boolean" } };
	lp_buf w = LP_BUF_INIT;
	size_t at, i;
	int error = 0;

	if (++p->depth > TYPE_MAX_DEPTH) {
		p->why = "type is nested too deeply";
		error = -1;
		goto done;
	}
	skip_blanks(p);
	at = p->i;
	if (!read_word(p, &w)) {
		p->why = "expected a type";
		error = -1;
		goto done;
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(w.ptr, aliases[i][0])) {
			lp_buf_clear(&w);
			lp_buf_puts(&w, aliases[i][1]);
		}
	lp_buf_puts(p->out, w.ptr);
	if (!strcmp(w.ptr, "array") || !strcmp(w.ptr, "map") || !strcmp(w.ptr, "struct")) {
		if (want_primitive) {
			p->i = at;
			p->why = "map keys must be a primitive type";
			error = -1;
		} else if ((error = expect(p, '<', "expected '<' after a complex type")) < 0) {
		} else if (w.ptr[0] == 'a') {
			if ((error = parse_type(p, 0)) >= 0)
				error = expect(p, '>', "expected '>' to close array<...>");
		} else if (w.ptr[0] == 'm') {
			if ((error = parse_type(p, 1)) >= 0 && (error = expect(p, ',', "expected ',' in map<key,value>")) >= 0 &&
				(error = parse_type(p, 0)) >= 0)
				error = expect(p, '>', "expected '>' to close map<...>");
		} else {
			error = parse_struct(p);
		}
		goto done;
	}
	if (!strcmp(w.ptr, "decimal")) {
		int precision;
		skip_blanks(p);
		if (p->s[p->i] != '(')
			goto done; /* Hive's decimal(10,0) */
		p->i++;
		lp_buf_putc(p->out, '(');
		if ((precision = read_number(p, 1, 38, "decimal precision must be 1 to 38")) < 0 ||
			(error = expect(p, ',', "expected ',' in decimal(precision,scale)")) < 0 ||
			(error = read_number(p, 0, precision, "decimal scale must be 0 to the precision")) < 0) {
			error = -1;
			goto done;
		}
		error = expect(p, ')', "expected ')' to close decimal(...)");
		goto done;
	}
	if (!strcmp(w.ptr, "char") || !strcmp(w.ptr, "varchar")) {
		if ((error = expect(p, '(', "char and varchar need a length: char(n), varchar(n)")) < 0)
			goto done;
		if (read_number(p, 1, w.ptr[0] == 'c' ? 255 : 65535,
				w.ptr[0] == 'c' ? "char length must be 1 to 255" : "varchar length must be 1 to 65535") < 0) {
			error = -1;
			goto done;
		}
		error = expect(p, ')', "expected ')' after the length");
		goto done;
	}
	for (i = 0; plain[i]; i++)
		if (!strcmp(w.ptr, plain[i]))
			goto done;
	p->i = at;
	p->why = "unknown Hive type (string, int, bigint, double, boolean, timestamp, date, float, decimal(p,s), "
		 "array<T>, map<K,V>, struct<a:T>, ...)";
	error = -1;
done:
	p->depth--;
	lp_buf_release(&w);
	return error;
}

int lp_lake_hive_type(lp_buf *out, const char *type, const char **why, size_t *at)
{
	type_parser p = { type, 0, out, NULL, 0 };
	int error = parse_type(&p, 0);
	if (error >= 0) {
		skip_blanks(&p);
		if (p.s[p.i]) {
			p.why = "unexpected text after the type";
			error = -1;
		}
	}
	if (error < 0) {
		if (why)
			*why = p.why;
		if (at)
			*at = p.i;
		return -1;
	}
	return 0;
}

/* ---- names and dates --------------------------------------------------- */

int lp_lake_parse_date(const char *s, int *year, int *month, int *day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, dd, i;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	mo = atoi(s + 5);
	dd = atoi(s + 8);
	if (y < 1970 || mo < 1 || mo > 12 || dd < 1 || dd > mdays[mo - 1])
		return 0;
	if (mo == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	if (year)
		*year = y;
	if (month)
		*month = mo;
	if (day)
		*day = dd;
	return 1;
}

/* ---- the checks -------------------------------------------------------- */

static const lp_span *span_or(const lp_span *a, const lp_span *b)
{
	return a->line ? a : b;
}

static void check_buffering(const lp_container *c, lp_diag *d)
{
	const lp_firehose_opts *f = &c->firehose;
	const lp_span *sec = span_or(&f->buffer_seconds_span, span_or(&f->span, &c->span));
	const lp_span *mib = span_or(&f->buffer_mib_span, span_or(&f->span, &c->span));
	if (f->buffer_seconds < 0 || f->buffer_seconds > 900)
		lp_diag_error(d, "LP-FH-BUFFER", sec, "use a value from 0 to 900 (300 is Firehose's default)",
			"buffer_seconds %lld is outside Firehose's 0..900 seconds", (long long)f->buffer_seconds);
	if (f->buffer_mib < 1 || f->buffer_mib > 128)
		lp_diag_error(d, "LP-FH-BUFFER", mib, "use a value from 1 to 128",
			"buffer_mib %lld is outside Firehose's 1..128 MiB", (long long)f->buffer_mib);
	else if (f->format != LP_LAKE_JSON && f->buffer_mib < 64)
		lp_diag_error(d, "LP-FH-003", mib, "set 'buffer_mib: 64' (or more), or use 'format: json' to skip conversion",
			"buffer_mib must be >= 64 when format is %s (Firehose rejects smaller buffers with record format "
			"conversion)", lp_lake_format_name(f->format));
}

typedef struct seen_col {
	const char *lower;
	const char *name;
	const lp_span *span;
} seen_col;

static char *lowercase(const char *s)
{
	char *p = lp_strdup(s), *q;
	for (q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

static void check_fields(const lp_container *c, lp_diag *d)
{
	seen_col *seen = lp_calloc(c->nfields + 1, sizeof(*seen));
	lp_buf ty = LP_BUF_INIT;
	size_t i, j, nseen = 0;
	for (i = 0; i < c->nfields; i++) {
		const lp_field *f = &c->fields[i];
		char *lower = lowercase(f->name);
		const char *why = NULL;
		size_t at = 0;
		int clash = 0;
		if (!lp_names_valid_glue_name(lower))
			lp_diag_error(d, "LP-LAKE-NAME", &f->span,
				"Athena column names use letters, digits and underscores only (up to 255); rename the key "
				"in the application's log record",
				"field '%s' is not a valid Glue/Athena column name", f->name);
		for (j = 0; lp_lake_ecs_columns[j]; j++)
			if (!strcmp(lower, lp_lake_ecs_columns[j]))
				clash = 1;
		if (clash)
			lp_diag_error(d, "LP-LAKE-COLUMN", &f->span, "rename the field; FireLens fills this column itself",
				"field '%s' collides with the column '%s' FireLens adds to every record", f->name, lower);
		else if (!strcmp(lower, LP_LAKE_LOG_COLUMN))
			lp_diag_error(d, "LP-LAKE-COLUMN", &f->span,
				"rename the key in the application's records; the router keeps the whole original record in 'log'",
				"field '%s' collides with the column 'log' that holds the whole original record", f->name);
		if (c->derived.partition_col && !strcmp(lower, c->derived.partition_col))
			lp_diag_error(d, "LP-LAKE-COLUMN", &f->span,
				"rename the field; a partition column must not repeat a data column",
				"field '%s' collides with the partition column '%s'", f->name, c->derived.partition_col);
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j].lower, lower)) {
				lp_diag_error(d, "LP-LAKE-COLUMN", &f->span,
					"Athena lowercases column names; give the two fields different names",
					"field '%s' collides with field '%s' (line %u) after lowercasing", f->name, seen[j].name,
					seen[j].span->line);
				break;
			}
		if (j == nseen) {
			seen[nseen].lower = lower;
			seen[nseen].name = f->name;
			seen[nseen++].span = &f->span;
			lower = NULL;
		}
		lp_free(lower);
		lp_buf_clear(&ty);
		if (lp_lake_hive_type(&ty, f->type, &why, &at) < 0)
			lp_diag_error(d, "LP-LAKE-TYPE", &f->span,
				"use a Hive type: string, int, bigint, double, boolean, timestamp, date, float, decimal(p,s), "
				"array<T>, map<K,V>, struct<a:T>",
				"field '%s' has type '%s': %s (at character %zu)", f->name, f->type, why, at + 1);
	}
	for (j = 0; j < nseen; j++)
		lp_free((char *)seen[j].lower);
	lp_free(seen);
	lp_buf_release(&ty);
}

static void check_lake_section(const lp_model *m, lp_diag *d)
{
	if (!m->lake.bucket)
		lp_diag_error(d, "LP-SPEC-LAKE", &m->lake.span, "add 'bucket: <name>' under 'lake:'",
			"'lake' has no bucket");
	if (!m->lake.database)
		lp_diag_error(d, "LP-SPEC-LAKE", &m->lake.span, "add 'database: <glue database>' under 'lake:'",
			"'lake' has no database");
	else if (!lp_names_valid_glue_name(m->lake.database))
		lp_diag_error(d, "LP-LAKE-NAME", &m->lake.span,
			"Glue and Athena lowercase names; use lowercase letters, digits and underscores (up to 255)",
			"lake.database '%s' is not a valid Glue database name", m->lake.database);
	if (m->lake.since && !lp_lake_parse_date(m->lake.since, NULL, NULL, NULL))
		lp_diag_error(d, "LP-SPEC-LAKE", span_or(&m->lake.since_span, &m->lake.span),
			"write the first day of the projection range as a quoted date, e.g. since: \"2024-01-01\"",
			"lake.since '%s' is not a date written YYYY-MM-DD", m->lake.since);
}

/*
 * 1 when the table of `a` reads files of `b`: the same folder, or, for a
 * table without projection (which reads every file below its location), a
 * folder that holds b's. A projected table reads only the folders its
 * template renders.
 */
static int reads_into(const lp_log_source *a, const lp_log_source *b)
{
	const char *x = a->derived.location, *y = b->derived.location;
	if (!x || !y)
		return 0;
	return !strcmp(x, y) || (!a->derived.location_template && !strncmp(x, y, strlen(x)));
}

/* 1 when two sources' lines read the same: one kind, for flow logs one LogFormat, for CloudFront one logging and format. */
static int same_lines(const lp_log_source *a, const lp_log_source *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == LP_SOURCE_CLOUDFRONT && (a->logging != b->logging || a->parquet != b->parquet))
		return 0;
	return a->kind != LP_SOURCE_VPC_FLOW || !strcmp(a->log_format ? a->log_format : "", b->log_format ? b->log_format : "");
}

/*
 * Sources whose tables read each other's files: ELB writes access and
 * connection logs of every load balancer of an account and Region under one
 * folder, a flow log's format is its own, and a table over a whole bucket
 * (CloudFront without a prefix) reads every service's folders in it. Runs
 * after planning, so the folders compared are the ones the tables read.
 */
static void check_shared_folders(const lp_model *m, lp_diag *d)
{
	size_t i, j;
	for (i = 0; i < m->nlog_sources; i++)
		for (j = 0; j < i; j++) {
			const lp_log_source *a = &m->log_sources[i], *b = &m->log_sources[j];
			if (same_lines(a, b) || !(reads_into(a, b) || reads_into(b, a)))
				continue;
			lp_diag_error(d, "LP-SPEC-ELB-SHARED", &a->span,
				"give one of them its own prefix, on the service and here",
				"%s and %s (line %u) share bucket '%s' and prefix '%s': each table would read the other's "
				"log files as rows of NULLs", a->path, b->path, b->span.line, a->bucket ? a->bucket : "",
				a->prefix ? a->prefix : "");
			break;
		}
}

int lp_check_lake(const lp_model *m, lp_diag *d)
{
	size_t i, j, streams = 0;
	const lp_span *first_stream = NULL;
	if (m->has_lake)
		check_lake_section(m, d);
	check_shared_folders(m, d);
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		for (j = 0; j < s->ncontainers; j++) {
			const lp_container *c = &s->containers[j];
			if (!(c->to & LP_DEST_LAKE))
				continue;
			if (!m->has_lake) {
				lp_diag_error(d, "LP-SPEC-LAKE", span_or(&c->to_span, &c->span),
					"add a top-level 'lake:' with bucket and database, or send this container to cloudwatch only",
					"container '%s' sends logs to the lake but the spec has no 'lake' section", c->name);
				continue;
			}
			if (!first_stream)
				first_stream = &c->span;
			streams++;
			check_buffering(c, d);
			check_fields(c, d);
			if (c->format == LP_LOG_JSON && c->nfields == 0)
				lp_diag_warning(d, "LP-LAKE-NO-FIELDS", &c->span,
					"list the keys to query under 'logs.fields' (key: Hive type), e.g. "
					"'fields: { level: string, status: int }'",
					"container '%s' sends JSON logs to the lake without 'fields': table '%s' has the ECS "
					"metadata columns and 'log' (each record as JSON text) but no column for any key the app logs",
					c->name, c->derived.table);
		}
	}
	if (streams > LP_LAKE_STREAMS_PER_REGION)
		lp_diag_warning(d, "LP-FH-QUOTA", span_or(&m->lake.span, first_stream),
			"request a quota increase for Firehose delivery streams in the Region before deploying",
			"the spec defines %zu Firehose delivery streams; the default quota is %d per Region", streams,
			LP_LAKE_STREAMS_PER_REGION);
	return 0;
}
