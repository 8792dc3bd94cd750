#ifndef LP_PLAN_FIREHOSE_PREFIX_H
#define LP_PLAN_FIREHOSE_PREFIX_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Pure evaluators for the two layouts that must agree (design §1): what
 * Firehose writes (its Prefix, with !{timestamp:...} expressions evaluated at
 * an instant, aws-facts §2.3) and where Athena looks (a
 * storage.location.template with ${col} replaced by partition values,
 * aws-facts §3.3). The planner's tests and the linter's cross checks use
 * them to prove that a key Firehose writes lies under the partition Athena
 * reads.
 */

/* A UTC instant, broken down (Firehose evaluates timestamps in UTC). */
typedef struct lp_instant {
	int year, month, day, hour, minute, second;
} lp_instant;

/*
 * Appends `t` formatted with a Java DateTimeFormatter pattern, in the subset
 * Firehose prefixes and projection formats use: yyyy, MM, dd, HH, mm, ss,
 * text in single quotes as a literal ('' is a quote), any other non-letter as
 * itself. Returns 0, or -1 (lp_error_set) for any other pattern letter or an
 * unterminated quote, so an unsupported pattern is never silently misread.
 */
int lp_datetime_format(lp_buf *out, const char *pattern, const lp_instant *t);

/*
 * Appends a Firehose Prefix evaluated at `t`: every !{timestamp:PATTERN} is
 * formatted as above, !{firehose:random-string} becomes `random` (11
 * characters in Firehose; any text here). Returns -1 (lp_error_set) for any
 * other expression (error-output-type is not allowed in Prefix; dynamic
 * partitioning keys have no value here), an unterminated '!{', or a bad
 * pattern.
 */
int lp_firehose_prefix_eval(lp_buf *out, const char *prefix, const lp_instant *t, const char *random);

/*
 * Appends `tmpl` with every ${col} replaced by values[i] where cols[i] ==
 * col. Returns -1 (lp_error_set) when a ${col} has no value or is
 * unterminated.
 */
int lp_location_template_eval(lp_buf *out, const char *tmpl, const char *const *cols, const char *const *values,
	size_t n);

#endif
