#ifndef LP_PLAN_NAMES_H
#define LP_PLAN_NAMES_H

/*
 * The AWS name rules every derived and user-given name is checked against,
 * in one place: the planner, its checks and lint all call these, so a name
 * cannot pass one and fail another.
 */

/* 1 when `s` is a valid ... */
int lp_names_valid_family(const char *s);       /* ECS family / container name: [A-Za-z0-9_-]{1,255} */
int lp_names_valid_stream(const char *s);       /* Firehose stream: [a-zA-Z0-9._-]{1,64} */
int lp_names_valid_log_group(const char *s);    /* [.\-_/#A-Za-z0-9]{1,512} */
int lp_names_valid_glue_name(const char *s);    /* lowercase [a-z0-9_]{1,255} */

#endif
