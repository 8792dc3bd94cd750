#ifndef LP_PLAN_CHECK_LAKE_H
#define LP_PLAN_CHECK_LAKE_H

#include <stddef.h>

#include "diag/diag.h"
#include "spec/model.h"
#include "util/buf.h"

/*
 * Checks on the lake side of the spec that the schema cannot express, each a
 * positioned finding in `d` (docs/lake.md lists them): the `lake:` section,
 * lake.since, Glue names and field names, Hive types, Firehose buffering and
 * the streams-per-region quota. Runs after the planner derived
 * names; lake renderers may assume a model without lake errors. Returns 0:
 * findings are not failures.
 */
int lp_check_lake(const lp_model *m, lp_diag *d);

/*
 * The columns FireLens adds to every record (aws-facts §1), in the order the
 * tables list them after the declared fields. NULL-terminated; static.
 */
extern const char *const lp_lake_ecs_columns[];

/* The column a text-format container's line lands in (Fluent Bit's `log` key). */
#define LP_LAKE_LOG_COLUMN "log"

/* Firehose delivery streams per Region, the default quota (aws-facts §2.6). */
#define LP_LAKE_STREAMS_PER_REGION 50

/*
 * Appends `type` normalised to the Hive type Glue and Athena expect: lowercase,
 * no blanks, aliases mapped (integer -> int, long -> bigint, bool ->
 * boolean). Grammar: string, tinyint, smallint, int, bigint, float, double,
 * boolean, timestamp, date, binary, decimal(p,s) (1 <= p <= 38, 0 <= s <= p),
 * char(n), varchar(n), array<T>, map<primitive,T>, struct<name:T,...>.
 * Returns 0, or -1 with `*why` (static text) and `*at` (byte offset in
 * `type`) when the type is not valid; `out` then holds a partial result.
 */
int lp_lake_hive_type(lp_buf *out, const char *type, const char **why, size_t *at);


/*
 * 1 when `s` is a calendar date written YYYY-MM-DD; fills the parts (any may
 * be NULL).
 */
int lp_lake_parse_date(const char *s, int *year, int *month, int *day);

#endif
