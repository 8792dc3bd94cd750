#ifndef LP_PLAN_PLAN_H
#define LP_PLAN_PLAN_H

#include "diag/diag.h"
#include "spec/model.h"

/*
 * The planner is the one place where names that several artifacts must agree
 * on are derived: log groups, Firehose streams, Glue tables, S3 prefixes and
 * the projection template. Renderers read the results from `derived` and never
 * build such names themselves, so the Fluent Bit `delivery_stream`, the
 * Firehose prefix and the Glue `storage.location.template` cannot disagree.
 *
 * Every derived AWS name is checked against its AWS pattern and length here,
 * with the spec position in the finding.
 */
int lp_plan(lp_model *m, lp_diag *d);

/*
 * lp_model_parse of the file (or buffer), then lp_plan: what `build`,
 * `check` and `lint --spec` do. *out is NULL when the spec had errors (they
 * are in `d`); caller owns it otherwise (lp_model_free).
 */
int lp_plan_load(lp_model **out, const char *path, lp_diag *d);
int lp_plan_load_buffer(lp_model **out, const char *path, const char *data, size_t len, lp_diag *d);

/* Router config path inside the router image; never the reserved /fluent-bit/etc/fluent-bit.conf. */
#define LP_ROUTER_CONFIG_PATH "/fluent-bit/config/logpipe.conf"

/*
 * The longest suffix of an output file named after a task definition family
 * (iam/<family>.execution-policy.json): the planner keeps <family><suffix>
 * within NAME_MAX, so no family can make a file name the system refuses.
 */
#define LP_PLAN_FAMILY_FILE_SUFFIX ".execution-policy.json"

/*
 * The Fluent Bit Match_Regex that selects exactly the records of container
 * `container` (its FireLens tag), or with `subset` their cw.<tag> copies.
 * Allocated in `a`.
 */
const char *lp_plan_tag_regex(lp_arena *a, const char *container, int subset);

/* rewrite_tag re-emits a container's real-time subset under this prefix. */
#define LP_PLAN_SUBSET_TAG_PREFIX "cw."

/*
 * Whether `c` gets a delivery stream and a Glue table: its logs go to the lake
 * and the spec has one. The planner's m->derived.streams lists exactly these.
 */
int lp_plan_has_stream(const lp_model *m, const lp_container *c);

#endif
