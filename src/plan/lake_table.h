#ifndef LP_PLAN_LAKE_TABLE_H
#define LP_PLAN_LAKE_TABLE_H

#include <stddef.h>

#include "diag/diag.h"
#include "spec/model.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * One description of a lake table, built once from the model, from which
 * both the Glue CreateTable JSON (render_glue.c) and the Athena DDL
 * (render_athena.c) are written, so the two can never list different
 * columns, formats or projection properties.
 */

typedef struct lp_lake_column {
	const char *name; /* lowercase Athena name */
	const char *type; /* normalised Hive type */
	lp_span span;     /* where the spec declared it; line 0 for built-in columns */
} lp_lake_column;

typedef struct lp_lake_prop {
	const char *key, *value;
	lp_span span;
} lp_lake_prop;

typedef struct lp_lake_table {
	const char *db, *name;
	lp_span span;
	const char *description;     /* one line, for Glue Description and a DDL comment */
	lp_lake_column *columns;
	size_t ncolumns;
	lp_lake_column *partitions;
	size_t npartitions;
	const char *serde;           /* SerDe class */
	lp_lake_prop *serde_params;
	size_t nserde_params;
	const char *input_format, *output_format;
	const char *location;
	/*
	 * Table properties in output order: classification, projection.*,
	 * storage.location.template. Glue's EXTERNAL=TRUE is not listed: the DDL
	 * says it with the EXTERNAL keyword and the Glue renderer adds it.
	 */
	lp_lake_prop *params;
	size_t nparams;
} lp_lake_table;

/* Whether the container declares a field named exactly `name`. */
int lp_lake_has_field(const struct lp_container *c, const char *name);

/*
 * The table of a container whose logs go to the lake: declared fields, its
 * time_key when no field declares it, `log` (the whole original record:
 * the raw line for text logs, the JSON text for JSON logs), the FireLens
 * metadata columns, the planner's
 * partition column with date projection from lake.since to NOW, and the
 * SerDe of the format Firehose writes. Everything is allocated in `a`;
 * strings from the model are borrowed. Returns 0, or -1 when the model was
 * not checked (a type lp_check_lake would have refused; lp_error_set).
 */
int lp_lake_table_from_container(lp_lake_table *out, lp_arena *a, const lp_model *m, const lp_container *c);

/*
 * The ALB access-log table of `alb`: the columns and regex of
 * lp_log_format_alb() (one capture group per column, the last one holding
 * fields AWS appends later), and daily `day` or integer year/month/day
 * projection over ELB's delivery folders.
 */
/*
 * Sets the columns, RegexSerDe and formats of a table of line format `f`:
 * one capture group per column by construction, the tolerant tail column
 * last. What lp_lake_table_from_alb writes, and what `fix` puts into a
 * hand-written load balancer table. Allocates in `a`.
 */
struct lp_line_format;
void lp_lake_table_set_line_format(lp_lake_table *t, lp_arena *a, const struct lp_line_format *f);

int lp_lake_table_from_source(lp_lake_table *out, lp_arena *a, const lp_model *m, const lp_log_source *alb);

/* The database tables go to; "default" (Athena's) when the spec names none. Borrowed; valid while `m` lives. */
const char *lp_lake_database(const lp_model *m);

#endif
