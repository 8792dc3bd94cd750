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

/* Router config path inside the router image; never the reserved /fluent-bit/etc/fluent-bit.conf. */
#define LP_ROUTER_CONFIG_PATH "/fluent-bit/config/logpipe.conf"

/* Name checks shared with lint: 1 when `s` is a valid ... */
int lp_plan_valid_family(const char *s);       /* ECS family / container name: [A-Za-z0-9_-]{1,255} */
int lp_plan_valid_stream(const char *s);       /* Firehose stream: [a-zA-Z0-9._-]{1,64} */
int lp_plan_valid_log_group(const char *s);    /* [.\-_/#A-Za-z0-9]{1,512} */
int lp_plan_valid_glue_name(const char *s);    /* lowercase [a-z0-9_]{1,255} */

#endif
