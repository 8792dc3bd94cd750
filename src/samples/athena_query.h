#ifndef LP_SAMPLES_ATHENA_QUERY_H
#define LP_SAMPLES_ATHENA_QUERY_H

#include "read/ddl.h"
#include "util/buf.h"

/*
 * The read-only Athena query that gives, where the logs live, the verdicts
 * `samples` gives on a local file: per partition, the rows that came back
 * all-NULL (the line did not match), the rows whose typed columns are NULL
 * although the row matched (a value that did not convert), and the rows
 * whose capturing tail column holds text (fields the table does not have
 * yet), each with a few "$path" values of the files that hold them.
 */

typedef struct lp_athena_query_opts {
	const char *from, *to; /* YYYY-MM-DD, both or neither; NULL: every partition */
	unsigned paths;        /* "$path" examples per verdict */
	long tail_column;      /* the capturing tail column, or -1 */
} lp_athena_query_opts;

#define LP_ATHENA_QUERY_OPTS_INIT { NULL, NULL, 3, -1 }

/*
 * Appends the query over table `t` (qualified by t->db when set) to `out`.
 * Returns 0, or -1 with lp_error_set when a date range was asked for and
 * the table's partitions cannot express it (no date or year/month/day
 * projection), or a date is not YYYY-MM-DD.
 */
int lp_athena_query(lp_buf *out, const lp_ddl_table *t, const lp_athena_query_opts *o);

#endif
