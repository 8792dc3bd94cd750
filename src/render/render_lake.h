#ifndef LP_RENDER_RENDER_LAKE_H
#define LP_RENDER_RENDER_LAKE_H

#include "plan/lake_table.h"
#include "render/render.h"
#include "render/template.h"

/*
 * The lake side of `build` (docs/lake.md): for every container whose logs go
 * to the lake a Firehose delivery stream, the Glue table Firehose converts
 * with and the equivalent Athena DDL; for every ALB source its Athena table.
 * Names come from the planner (`derived`), never from here. Nothing here
 * validates the spec: lp_check_lake (plan/check_lake.h) does, before
 * rendering. Functions return -1 only on operational failures. Templates
 * come from `tc` (borrowed), the one cache of the lp_render_all run.
 */

/* Runs every lake renderer, adding files to `out`. */
int lp_render_lake(lp_artifact_set *out, const lp_model *m, lp_template_cache *tc, lp_diag *d);

/* firehose/<stream>.json: a CreateDeliveryStream input. */
int lp_render_firehose(lp_buf *out, const lp_model *m, const lp_container *c, lp_diag *d);

/* glue/<db>.<table>.json: a Glue CreateTable input for `t`. */
int lp_render_glue(lp_buf *out, const lp_lake_table *t);

/*
 * The documents the two printers above write (caller owns *out; free with
 * cJSON_Delete), for artifacts that carry the same values (terraform/).
 */
int lp_render_firehose_json(cJSON **out, const lp_model *m, const lp_container *c, lp_diag *d);
void lp_render_glue_json(cJSON **out, const lp_lake_table *t);

/*
 * athena/<db>.<table>.sql: `t` as CREATE EXTERNAL TABLE through template
 * `template_name` (LP_LAKE_TEMPLATE_TABLE or LP_LAKE_TEMPLATE_ALB). Values
 * the SQL escapers refuse are findings at their spec position.
 */
int lp_render_athena(lp_buf *out, const lp_lake_table *t, const char *template_name, lp_template_cache *tc,
	lp_diag *d);

#define LP_LAKE_TEMPLATE_TABLE "athena-table.sql.mustache"
#define LP_LAKE_TEMPLATE_ALB "athena-alb.sql.mustache"

#endif
