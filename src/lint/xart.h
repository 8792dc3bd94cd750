#ifndef LP_LINT_XART_H
#define LP_LINT_XART_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/flb.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * Cross-artifact checks: the Firehose prefix, the table's
 * storage.location.template and projection, the Fluent Bit outputs, the log
 * groups and the Glue tables must agree. The comparisons themselves are pure
 * functions over plain values (lp_prefix_matches_template), so the planner's
 * tests and these checks share one definition of "agree".
 */

/* A partition column as the layout comparison sees it. */
typedef struct lp_xart_part {
	const char *name;
	const char *type;   /* projection type ("date", "integer", "enum", "injected") or NULL when not projected */
	const char *format; /* date: the Java DateTimeFormatter pattern */
	const char *values; /* enum: comma list */
	int digits;         /* integer: zero-padded width; 0 = not padded */
} lp_xart_part;

/*
 * 1 when every object Firehose writes under `prefix` (its !{timestamp:...},
 * !{partitionKeyFrom...:...} expressions and Firehose's default
 * yyyy/MM/dd/HH/ when the prefix has no expression) lies where Athena looks
 * for the partition: `tmpl` with each ${col} read through that column's
 * projection. `bucket` (may be NULL) must be the template's bucket. 0 when
 * they disagree; `why` (may be NULL) then gets a one-line reason. Trailing
 * slashes do not matter.
 */
int lp_prefix_matches_template(lp_buf *why, const char *bucket, const char *prefix, const char *tmpl,
	const lp_xart_part *parts, size_t nparts);

/* A table from DDL or Glue JSON, reduced to what the joins need. */
typedef struct lp_xart_table {
	const char *db;          /* may be NULL */
	const char *name;
	lp_span span;
	const char **columns;    /* data columns, lowercased as Athena sees them */
	size_t ncolumns;
	lp_xart_part *parts;
	size_t nparts;
	const char *tmpl;        /* storage.location.template, or NULL */
	lp_span tmpl_span;
	const char *location;
} lp_xart_table;

/* A Firehose delivery stream with an S3 destination. */
typedef struct lp_xart_stream {
	const char *name;
	lp_span span;
	const char *bucket;      /* from BucketARN, or NULL */
	const char *prefix;      /* NULL when absent */
	lp_span prefix_span;
	long interval;           /* BufferingHints.IntervalInSeconds; -1 when absent */
	lp_span interval_span;
	const char *schema_db;   /* DataFormatConversionConfiguration.SchemaConfiguration */
	const char *schema_table;
	lp_span schema_span;
} lp_xart_stream;

typedef struct lp_xart_group {
	const char *name;
	lp_span span;
} lp_xart_group;

/* An [OUTPUT] section of a Fluent Bit conf that names its plug-in. */
typedef struct lp_xart_output {
	const char *plugin;      /* Name */
	const char *stream;      /* delivery_stream, or NULL */
	lp_span stream_span;
	const char *group;       /* log_group_name, or NULL */
	lp_span group_span;
} lp_xart_output;

/*
 * Builders: each appends what it finds to the array it is given (allocated
 * in `a`, so the values live as long as `a` and the source tree/file do).
 * Firehose and Glue accept both the API input shape and CloudFormation
 * templates (keys case-insensitive); log groups read AWS::Logs::LogGroup
 * resources (the generated cloudwatch/log-groups.json is such a template) and
 * hand-written {"LogGroups": [{"LogGroupName": ...}]} lists.
 * Each returns the number of items added.
 */
size_t lp_xart_tables_from_ddl(lp_xart_table **arr, size_t *n, lp_arena *a, const lp_ddl_file *f);
size_t lp_xart_tables_from_glue(lp_xart_table **arr, size_t *n, lp_arena *a, const lp_node *root);
size_t lp_xart_streams_from_json(lp_xart_stream **arr, size_t *n, lp_arena *a, const lp_node *root);
size_t lp_xart_groups_from_json(lp_xart_group **arr, size_t *n, lp_arena *a, const lp_node *root);
size_t lp_xart_outputs_from_flb(lp_xart_output **arr, size_t *n, lp_arena *a, const lp_flb_conf *c);

/* A field the log router sends into table db.table (from the spec's `fields`). */
typedef struct lp_xart_field {
	const char *db;      /* may be NULL */
	const char *table;
	const char *name;    /* as in the record */
	lp_span span;
} lp_xart_field;

typedef struct lp_xart_input {
	const lp_xart_table *tables;
	size_t ntables;
	const lp_xart_stream *streams;
	size_t nstreams;
	const lp_xart_output *outputs; /* of every Fluent Bit conf */
	size_t noutputs;
	const lp_xart_group *groups;
	size_t ngroups;
	int have_groups;               /* a log-group artifact was loaded (even if empty) */
	const lp_xart_field *fields;   /* known record fields; only judged against tables that were loaded */
	size_t nfields;
	long realtime_budget_seconds;  /* lp_model.realtime_budget_seconds; <= 0: none declared */
	lp_span budget_span;
} lp_xart_input;

/*
 * Runs the joins: prefix <-> template <-> projection (LP-XART-PREFIX-TEMPLATE),
 * conversion schema table exists when tables of its database were loaded
 * (LP-XART-SCHEMA-TABLE), Fluent Bit
 * delivery_stream / log_group_name exist (LP-XART-FH-STREAM,
 * LP-XART-LOG-GROUP; only when that kind of artifact was loaded), record
 * fields without a column (LP-XART-FIELDS), buffering vs the real-time
 * budget (LP-XART-REALTIME).
 */
void lp_check_xart(const lp_xart_input *in, lp_diag *d);

#endif
