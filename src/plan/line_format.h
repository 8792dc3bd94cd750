#ifndef LP_PLAN_LINE_FORMAT_H
#define LP_PLAN_LINE_FORMAT_H

#include <stddef.h>

#include "spec/model.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * The line formats of AWS's own logs as data: each field once, with the
 * Athena column it becomes, its Hive type and the regex text that precedes
 * and captures it. Tables, regexes, lint probes and `samples` diagnoses are
 * all derived from these tables, so a format is added by writing its
 * fields, not code, and a table cannot have more groups than columns.
 */

typedef struct lp_line_field {
	const char *column; /* lowercase Athena name */
	const char *type;   /* Hive type */
	const char *re;     /* exactly one capture group, with the separator before it; NULL for JSON lines */
} lp_line_field;

/*
 * Where a service writes its log files, and so what partition projection
 * must render above the date folders.
 */
typedef enum {
	/* <bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/ */
	LP_LAYOUT_ELB,
	/* S3's date-based key format: <bucket>/<prefix><account>/<region>/<source bucket>/yyyy/mm/dd/ */
	LP_LAYOUT_S3_PARTITIONED,
	/*
	 * VPC Flow Logs: <bucket>/<prefix>/AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/[HH/], or
	 * Hive-compatible .../AWSLogs/aws-account-id=<a>/aws-service=vpcflowlogs/aws-region=<r>/year=../month=../day=../[hour=../]
	 */
	LP_LAYOUT_VPC,
	/* Every file directly under the prefix, no folders to project (CloudFront standard logs, legacy). */
	LP_LAYOUT_FLAT,
	/* AWS WAF: <bucket>/AWSLogs/<account>/WAFLogs/<region or cloudfront>/<web ACL>/yyyy/MM/dd/HH/mm/ */
	LP_LAYOUT_WAF,
	/* CloudTrail: <bucket>/<prefix>/AWSLogs/[<organization ID>/]<account>/CloudTrail/<region>/yyyy/MM/dd/ */
	LP_LAYOUT_CLOUDTRAIL,
	/*
	 * CloudFront standard logging v2 to S3: <bucket>/<the delivery's suffix path>, each {variable} a
	 * folder (name=value with Hive-compatible paths); whatever AWS puts before it is the spec's to copy.
	 */
	LP_LAYOUT_CLOUDFRONT_V2,
} lp_line_layout;

typedef struct lp_line_format {
	const char *key;   /* the name under sources: and in messages */
	const char *title; /* "ALB access logs" */
	lp_line_layout layout;
	const lp_line_field *fields;
	size_t nfields;
	/*
	 * The capturing column that holds every field AWS appends after the last
	 * known one, or NULL when lines have no tail. A line with more fields still
	 * matches, and the new values are visible in this column the day they appear.
	 */
	const char *tail_column;
	/*
	 * A line of the documented shape that a table of this format must read:
	 * run against hand-written tables by lint (LP-SOURCE-DOC-LINE). NULL when
	 * the format has none.
	 */
	const char *probe_line;
	const char *probe_what;
	/* The tail's regex when fields are not separated by a space (NULL: LP_LINE_TAIL_RE). */
	const char *tail_re;
	/* Lines each file starts with that are no record (a header), which the table must skip. */
	unsigned header_lines;
	/*
	 * NULL: lines of text read by RegexSerDe with the fields' regexes. Else
	 * each line is one JSON object read by this SerDe, fields by name (then
	 * there is no tail: keys the table does not have are not read, and
	 * `samples` counts them).
	 */
	const char *json_serde;
	/* The input format when it is not Hadoop's TextInputFormat (CloudTrail's unwraps a file's "Records"). */
	const char *input_format;
} lp_line_format;

/* The regex text of the capturing tail: optional, so lines without appended fields leave the column NULL. */
#define LP_LINE_TAIL_RE "(?: (.*))?"

/* The format whose key is `key`, or NULL. Borrowed: static data. */
const lp_line_format *lp_line_format_find(const char *key);

/* ALB access logs (aws-facts-2026-12 §1.1-§1.5). Borrowed: static data. */
const lp_line_format *lp_line_format_alb(void);

/* The format of a log kind. Borrowed: static data. */
const lp_line_format *lp_line_format_of(lp_source_kind k);

/* Number of columns of a table of format `f`: its fields and the tail column. */
size_t lp_line_format_ncolumns(const lp_line_format *f);

/* Appends the RegexSerDe regex of `f` (decoded, as the SerDe sees it): one capture group per column. */
void lp_line_format_regex(lp_buf *out, const lp_line_format *f);

/* Why lp_line_format_vpc refused a LogFormat string. */
enum {
	LP_LINE_VPC_NOT_FIELD = 1, /* a token that is not ${field} */
	LP_LINE_VPC_UNKNOWN,       /* ${field} names no flow log field */
	LP_LINE_VPC_TWICE,         /* a field listed twice */
	LP_LINE_VPC_SEPARATOR,     /* not exactly one space between fields */
	LP_LINE_VPC_EMPTY,         /* no field at all */
};

/* The LogFormat of a flow log created without one. Static. */
const char *lp_line_format_vpc_default(void);

/* The i-th flow log field name as LogFormat writes it ("account-id"), or NULL past the last. Static. */
const char *lp_line_format_vpc_field(size_t i);

/* The Hive type of flow log field `name` (len bytes, as in LogFormat), or NULL when it is none. Static. */
const char *lp_line_format_vpc_type(const char *name, size_t len);

/*
 * The line format of a flow log whose LogFormat is `log_format`: one column
 * per ${field}, in order, named with '_' for '-', then the tail column.
 * Returns 0, or an LP_LINE_VPC_* reason with the offending bytes at
 * offset *bad_off, *bad_len long, of log_format. Fields are allocated in `a`; the rest is
 * static data.
 */
int lp_line_format_vpc(lp_line_format *out, lp_arena *a, const char *log_format, size_t *bad_off, size_t *bad_len);

/* Why lp_line_format_cf_v2 or lp_line_format_cf_suffix refused a field or a variable. */
enum {
	LP_LINE_CF_UNKNOWN = 1, /* no such record field or suffix-path variable */
	LP_LINE_CF_TWICE,       /* listed twice */
	LP_LINE_CF_UNCLOSED,    /* a '{' without its '}' */
};

/*
 * The i-th CloudFront v2 record field as CreateDelivery's recordFields and
 * the JSON output name it ("cs(Referer)"), or NULL past the last. Static.
 */
const char *lp_line_format_cf_v2_field(size_t i);

/* The record field (as written) a v2 table's column `column` reads (in any case), or NULL. Static. */
const char *lp_line_format_cf_v2_field_of(const char *column);

/* The v2 format with all of its record fields, as lint judges a hand-written table by. Static. */
const lp_line_format *lp_line_format_cf_v2_all(void);

/*
 * The line format of a v2 delivery whose recordFields are `fields` (n of
 * them, as written; n 0: every field): one string column per field in the
 * guide's order (Parquet and JSON are read by name, so the order of
 * `fields` does not matter), named as the Athena guide's Parquet table
 * names them. Returns 0, or an LP_LINE_CF_* reason with the index of the
 * field at *bad. Fields are allocated in `a`.
 */
int lp_line_format_cf_v2(lp_line_format *out, lp_arena *a, const char *const *fields, size_t n, size_t *bad);

/* A {variable} of a v2 suffix path: the partition column it renders, or NULL for {accountid} (the account). */
typedef struct lp_cf_suffix_part {
	const char *column;  /* "distributionid", "year", "month", "day", "hour"; NULL: the account */
	const char *hive;    /* the name before '=' in a Hive-compatible path */
	size_t off, len;     /* the {variable} in the path */
} lp_cf_suffix_part;

#define LP_CF_SUFFIX_MAX 8

/*
 * The {variables} of suffix path `path` in order, at most LP_CF_SUFFIX_MAX
 * (more than that is LP_LINE_CF_TWICE: there are fewer distinct ones).
 * Returns 0, or an LP_LINE_CF_* reason with the bytes at *bad_off, *bad_len.
 */
int lp_line_format_cf_suffix(lp_cf_suffix_part *parts, size_t *nparts, const char *path, size_t *bad_off,
	size_t *bad_len);

/* The i-th suffix-path variable name, or NULL past the last (for "did you mean"). Static. */
const char *lp_line_format_cf_variable(size_t i);

#endif
