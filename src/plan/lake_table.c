#include "plan/lake_table.h"
#include "plan/names.h"

#include <string.h>

#include "plan/check_lake.h"
#include "plan/firehose_prefix.h"
#include "plan/line_format.h"
#include "util/error.h"

const char *lp_lake_database(const lp_model *m)
{
	return m->lake.database ? m->lake.database : "default";
}

static void add_param(lp_lake_table *t, const char *key, const char *value)
{
	t->params[t->nparams].key = key;
	t->params[t->nparams++].value = value;
}

static void add_column(lp_lake_column *v, size_t *n, const char *name, const char *type, const lp_span *span)
{
	v[*n].name = name;
	v[*n].type = type;
	if (span)
		v[*n].span = *span;
	(*n)++;
}

/* lake.since (YYYY-MM-DD) written in a projection's date format: the start of its range. */
static const char *since_in(lp_arena *a, const lp_model *m, const char *format)
{
	lp_instant t = { 2024, 1, 1, 0, 0, 0 };
	lp_buf b = LP_BUF_INIT;
	const char *s;
	if (m->lake.since)
		lp_lake_parse_date(m->lake.since, &t.year, &t.month, &t.day);
	if (lp_datetime_format(&b, format, &t) < 0)
		LP_BUG("projection format from the planner is not supported");
	s = lp_arena_strdup(a, b.ptr);
	lp_buf_release(&b);
	return s;
}

/* The SerDe and I/O formats of each file format Firehose can write (aws-facts §3.1). */
static void set_format(lp_lake_table *t, lp_lake_format f)
{
	switch (f) {
	case LP_LAKE_PARQUET:
		t->serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
		t->input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
		t->output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
		break;
	case LP_LAKE_ORC:
		t->serde = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
		t->input_format = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat";
		t->output_format = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat";
		break;
	case LP_LAKE_JSON:
		t->serde = "org.openx.data.jsonserde.JsonSerDe";
		t->input_format = "org.apache.hadoop.mapred.TextInputFormat";
		t->output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
		break;
	}
}

int lp_lake_has_field(const lp_container *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->nfields; i++)
		if (!strcmp(c->fields[i].name, name))
			return 1;
	return 0;
}

int lp_lake_table_from_container(lp_lake_table *out, lp_arena *a, const lp_model *m, const lp_container *c)
{
	size_t i, necs = 0;
	const char *col = c->derived.partition_col;
	lp_buf ty = LP_BUF_INIT;

	memset(out, 0, sizeof(*out));
	while (lp_lake_ecs_columns[necs])
		necs++;
	out->db = lp_lake_database(m);
	out->name = c->derived.table;
	out->span = c->span;
	out->description = lp_arena_printf(a, "logs of container %s, delivered by Firehose stream %s", c->name,
		c->derived.stream);
	out->columns = lp_arena_alloc(a, (c->nfields + necs + 2) * sizeof(*out->columns));
	for (i = 0; i < c->nfields; i++) {
		const lp_field *f = &c->fields[i];
		char *name = lp_arena_strdup(a, f->name), *p;
		for (p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		lp_buf_clear(&ty);
		if (lp_lake_hive_type(&ty, f->type, NULL, NULL) < 0) {
			lp_buf_release(&ty);
			lp_error_set(LP_ERROR_INTERNAL, "field '%s' has an unchecked type '%s'", f->name, f->type);
			return -1;
		}
		add_column(out->columns, &out->ncolumns, name, lp_arena_strdup(a, ty.ptr), &f->span);
	}
	lp_buf_release(&ty);
	/*
	 * The router adds the time under time_key when the record does not
	 * declare it: a column, so the lake has the time of every record. Its
	 * own format is Hive's timestamp text; a time_format of the user's is
	 * only known to be text. A key that cannot be a column name
	 * ("@timestamp") gets none: the time stays in the whole-record column.
	 */
	if (c->time_key && !lp_lake_has_field(c, c->time_key)) {
		char *name = lp_arena_strdup(a, c->time_key), *p;
		for (p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (lp_names_valid_glue_name(name))
			add_column(out->columns, &out->ncolumns, name, c->time_format ? "string" : "timestamp", NULL);
	}
	/* The whole record as the app wrote it (the raw line, or the JSON text), which the router keeps in `log`. */
	add_column(out->columns, &out->ncolumns, LP_LAKE_LOG_COLUMN, "string", NULL);
	for (i = 0; i < necs; i++)
		add_column(out->columns, &out->ncolumns, lp_lake_ecs_columns[i], "string", NULL);

	/* Partition values are the prefix's date text, so the column is a string (aws-facts §3.3). */
	out->partitions = lp_arena_alloc(a, sizeof(*out->partitions));
	add_column(out->partitions, &out->npartitions, col, "string", NULL);

	set_format(out, c->firehose.format);
	out->location = c->derived.location;
	out->params = lp_arena_alloc(a, 8 * sizeof(*out->params));
	add_param(out, "classification", lp_lake_format_name(c->firehose.format));
	add_param(out, "projection.enabled", "true");
	add_param(out, lp_arena_printf(a, "projection.%s.type", col), "date");
	add_param(out, lp_arena_printf(a, "projection.%s.format", col), c->derived.partition_format);
	add_param(out, lp_arena_printf(a, "projection.%s.range", col),
		lp_arena_printf(a, "%s,NOW", since_in(a, m, c->derived.partition_format)));
	add_param(out, lp_arena_printf(a, "projection.%s.interval", col), "1");
	add_param(out, lp_arena_printf(a, "projection.%s.interval.unit", col),
		c->firehose.partition == LP_PART_HOURLY ? "HOURS" : "DAYS");
	add_param(out, "storage.location.template", c->derived.location_template);
	return 0;
}

void lp_lake_table_set_line_format(lp_lake_table *t, lp_arena *a, const lp_line_format *f)
{
	size_t i, n = lp_line_format_ncolumns(f);
	lp_buf re = LP_BUF_INIT;
	t->columns = lp_arena_alloc(a, n * sizeof(*t->columns));
	for (i = 0; i < f->nfields; i++)
		add_column(t->columns, &t->ncolumns, f->fields[i].column, f->fields[i].type, NULL);
	if (f->tail_column)
		add_column(t->columns, &t->ncolumns, f->tail_column, "string", NULL);
	t->input_format = "org.apache.hadoop.mapred.TextInputFormat";
	t->output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
	if (f->input_format)
		t->input_format = f->input_format;
	if (f->json_serde) {
		t->serde = f->json_serde; /* keys by name: no regex, no parameters */
		return;
	}
	t->serde = "org.apache.hadoop.hive.serde2.RegexSerDe";
	t->serde_params = lp_arena_alloc(a, 2 * sizeof(*t->serde_params));
	lp_line_format_regex(&re, f);
	t->serde_params[0].key = "serialization.format";
	t->serde_params[0].value = "1";
	t->serde_params[1].key = "input.regex";
	t->serde_params[1].value = lp_arena_strdup(a, re.ptr);
	t->nserde_params = 2;
	lp_buf_release(&re);
}

/*
 * An integer year, month, day or hour partition (`col` one of those); integer
 * ranges cannot end at NOW, so 2099 keeps output independent of the build
 * date. Month, day and hour folders are zero-padded.
 */
static void add_int_date(lp_lake_table *out, lp_arena *a, const lp_model *m, const char *col)
{
	const char *range = !strcmp(col, "year") ? lp_arena_printf(a, "%s,2099", since_in(a, m, "yyyy")) :
			    !strcmp(col, "month") ? "1,12" : !strcmp(col, "day") ? "1,31" : "0,23";
	add_column(out->partitions, &out->npartitions, col, "int", NULL);
	add_param(out, lp_arena_printf(a, "projection.%s.type", col), "integer");
	add_param(out, lp_arena_printf(a, "projection.%s.range", col), range);
	if (strcmp(col, "year"))
		add_param(out, lp_arena_printf(a, "projection.%s.digits", col), "2");
}

/* Integer year/month/day[/hour] projection. */
static void add_int_dates(lp_lake_table *out, lp_arena *a, const lp_model *m, int hour)
{
	static const char *const cols[] = { "year", "month", "day", "hour" };
	size_t i;
	for (i = 0; i < (hour ? 4u : 3u); i++)
		add_int_date(out, a, m, cols[i]);
}

/* A string partition projected over a fixed list of values (accounts, Regions). */
static void add_enum(lp_lake_table *out, lp_arena *a, const char *col, const char *const *values, size_t n)
{
	lp_buf b = LP_BUF_INIT;
	size_t i;
	for (i = 0; i < n; i++)
		lp_buf_printf(&b, "%s%s", i ? "," : "", values[i]);
	add_column(out->partitions, &out->npartitions, col, "string", NULL);
	add_param(out, lp_arena_printf(a, "projection.%s.type", col), "enum");
	add_param(out, lp_arena_printf(a, "projection.%s.values", col), lp_arena_strdup(a, b.ptr));
	lp_buf_release(&b);
}

/* One date column over the yyyy/mm/dd (or yyyy/mm/dd/HH) folders, from lake.since to NOW. */
static void add_date(lp_lake_table *out, lp_arena *a, const lp_model *m, int hour)
{
	const char *col = hour ? "hour" : "day", *format = hour ? "yyyy/MM/dd/HH" : "yyyy/MM/dd";
	add_column(out->partitions, &out->npartitions, col, "string", NULL);
	add_param(out, lp_arena_printf(a, "projection.%s.type", col), "date");
	add_param(out, lp_arena_printf(a, "projection.%s.format", col), format);
	add_param(out, lp_arena_printf(a, "projection.%s.range", col), lp_arena_printf(a, "%s,NOW", since_in(a, m, format)));
	add_param(out, lp_arena_printf(a, "projection.%s.interval", col), "1");
	add_param(out, lp_arena_printf(a, "projection.%s.interval.unit", col), hour ? "HOURS" : "DAYS");
}

int lp_lake_table_from_source(lp_lake_table *out, lp_arena *a, const lp_model *m, const lp_log_source *src)
{
	const lp_line_format *f = src->derived.format ? src->derived.format : lp_line_format_of(src->kind);
	int vpc = f->layout == LP_LAYOUT_VPC, hour = vpc && src->per_hour, cf2 = f->layout == LP_LAYOUT_CLOUDFRONT_V2;

	memset(out, 0, sizeof(*out));
	out->db = lp_lake_database(m);
	out->name = src->derived.table;
	out->span = src->span;
	out->description = lp_arena_printf(a, "%s of source %s.%s", f->title, f->key, src->name);
	lp_lake_table_set_line_format(out, a, f);
	if ((vpc || cf2) && src->parquet) {
		/* Parquet flow logs and CloudFront v2: the same columns, read by name, so no tail and no header line (§5). */
		set_format(out, LP_LAKE_PARQUET);
		out->nserde_params = 0;
		if (f->tail_column)
			out->ncolumns--;
	} else if (cf2) {
		size_t i;
		/* v2 JSON names fields as written ("cs(Referer)"): OpenX maps each column to its key. */
		out->serde_params = lp_arena_alloc(a, (f->nfields ? f->nfields : 1) * sizeof(*out->serde_params));
		for (i = 0; i < f->nfields; i++) {
			const char *key = lp_line_format_cf_v2_field_of(f->fields[i].column);
			if (!key || !strcmp(key, f->fields[i].column))
				continue;
			out->serde_params[out->nserde_params].key = lp_arena_printf(a, "mapping.%s", f->fields[i].column);
			out->serde_params[out->nserde_params++].value = key;
		}
	}
	out->location = src->derived.location;

	out->params = lp_arena_alloc(a, 30 * sizeof(*out->params));
	out->partitions = lp_arena_alloc(a, (LP_CF_SUFFIX_MAX > 4 ? LP_CF_SUFFIX_MAX : 4) * sizeof(*out->partitions));
	/* Files that start with lines of field names: a flow log's one (§5), CloudFront's #Version and #Fields (§3.1). */
	if (f->header_lines && !(vpc && src->parquet))
		add_param(out, "skip.header.line.count", lp_arena_printf(a, "%u", f->header_lines));
	if (f->layout == LP_LAYOUT_FLAT || (cf2 && !src->derived.npartitions))
		return 0; /* no folders, nothing to project */
	add_param(out, "projection.enabled", "true");
	if (cf2) {
		/* The suffix path's variables in its order (aws-facts-2026-12 §3.2), as the Athena guide projects them. */
		size_t i;
		for (i = 0; i < src->derived.npartitions; i++) {
			const char *col = src->derived.partitions[i];
			if (!strcmp(col, "distributionid"))
				add_enum(out, a, col, src->distribution_ids, src->ndistribution_ids);
			else
				add_int_date(out, a, m, col);
		}
		add_param(out, "storage.location.template", src->derived.location_template);
		return 0;
	}
	if (f->layout == LP_LAYOUT_CLOUDTRAIL) {
		/* One table over every account and Region the trail logs (aws-facts-2026-12 §6.2), as AWS names the date. */
		add_enum(out, a, "account", src->accounts, src->naccounts);
		add_enum(out, a, "region", src->regions, src->nregions);
		add_column(out->partitions, &out->npartitions, "timestamp", "string", NULL);
		add_param(out, "projection.timestamp.type", "date");
		add_param(out, "projection.timestamp.format", "yyyy/MM/dd");
		add_param(out, "projection.timestamp.range", lp_arena_printf(a, "%s,NOW", since_in(a, m, "yyyy/MM/dd")));
		add_param(out, "projection.timestamp.interval", "1");
		add_param(out, "projection.timestamp.interval.unit", "DAYS");
		add_param(out, "storage.location.template", src->derived.location_template);
		return 0;
	}
	/* The services write folders by delivery date (ELB, aws-facts §4.1) or by the partition date S3 or VPC is told to use. */
	if (src->partition == LP_SOURCE_DAILY && !(vpc && src->hive_compatible))
		add_date(out, a, m, hour);
	else
		add_int_dates(out, a, m, hour);
	add_param(out, "storage.location.template", src->derived.location_template);
	return 0;
}
