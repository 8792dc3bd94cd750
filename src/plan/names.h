#ifndef LP_PLAN_NAMES_H
#define LP_PLAN_NAMES_H

#include <stddef.h>

/*
 * The AWS name rules every derived and user-given name is checked against,
 * in one place: the planner, its checks and lint all call these, so a name
 * cannot pass one and fail another. Limits and characters are those of the
 * AWS API models (docs/names.md lists each with its source); lengths are
 * counted in bytes, which for the ASCII these rules allow equals characters.
 */

typedef enum {
	LP_NAME_FIREHOSE_STREAM, /* DeliveryStreamName: [a-zA-Z0-9_.-]{1,64} */
	LP_NAME_LOG_GROUP,       /* logGroupName: [.\-_/#A-Za-z0-9]{1,512} */
	LP_NAME_LOG_STREAM,      /* logStreamName: [^:*]{1,512} */
	LP_NAME_IAM_ROLE,        /* RoleName: [\w+=,.@-]{1,64} */
	LP_NAME_IAM_POLICY,      /* PolicyName: [\w+=,.@-]{1,128} */
	LP_NAME_GLUE,            /* database, table, column for Athena: [a-z0-9_]{1,255} */
	LP_NAME_ECS_FAMILY,      /* family: [A-Za-z0-9_-]{1,255} */
	LP_NAME_ECS_CONTAINER,   /* container name: [A-Za-z0-9_-]{1,255} */
	LP_NAME_APIGW_STAGE,     /* REST stageName: [A-Za-z0-9_-]{1,128} */
	LP_NAME_ECR_REPOSITORY,  /* repositoryName: lowercase [a-z0-9._/-], 2-256 */
	LP_NAME_IMAGE_TAG,       /* image tag: [A-Za-z0-9_.-]{1,128}, not starting with '.' or '-' */
	LP_NAME_S3_PREFIX,       /* Firehose Prefix / ErrorOutputPrefix: up to 1024 */
	LP_NAME_FILE,            /* a path component of an output file: 1-255 bytes (NAME_MAX) */
	LP_NAME_KINDS
} lp_name_kind;

/* "Firehose stream name", "IAM policy name", ... Static. */
const char *lp_names_what(lp_name_kind k);
/* The longest name of kind `k`. */
size_t lp_names_max(lp_name_kind k);

/*
 * 0 when `s` is a valid name of kind `k`; otherwise 1 with `why` set to what
 * is wrong ("is 65 characters; the limit is 64", "has ' ' at character 4;
 * allowed are ..."), lowercase, no full stop.
 */
int lp_names_check(char *why, size_t whylen, lp_name_kind k, const char *s);

/* 1 when `s` is a valid ... (lp_names_check without the reason). */
int lp_names_valid_family(const char *s);       /* ECS family / container name */
int lp_names_valid_stream(const char *s);       /* Firehose stream */
int lp_names_valid_log_group(const char *s);
int lp_names_valid_glue_name(const char *s);

#endif
