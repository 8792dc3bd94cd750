#ifndef LP_SPEC_MODEL_H
#define LP_SPEC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"

/*
 * The typed model of a logpipe.yaml: defaults applied, every value checked for
 * type, every node keeping the span of the spec text it came from. Renderers
 * read only this (never the YAML tree). All strings and arrays live in the
 * model's arena; everything is borrowed and valid while the model lives.
 *
 * Fields under `derived` are filled by the planner (plan/plan.h), the one
 * place where names that several artifacts must agree on are computed.
 */

typedef enum { LP_DEST_CLOUDWATCH = 1 << 0, LP_DEST_LAKE = 1 << 1 } lp_dest;
typedef enum { LP_LAKE_PARQUET, LP_LAKE_ORC, LP_LAKE_JSON } lp_lake_format;
typedef enum { LP_PART_HOURLY, LP_PART_DAILY } lp_partition;
typedef enum { LP_LAUNCH_FARGATE, LP_LAUNCH_EC2 } lp_launch;
typedef enum { LP_NET_AWSVPC, LP_NET_BRIDGE, LP_NET_HOST } lp_network_mode;
typedef enum { LP_LOG_JSON, LP_LOG_TEXT } lp_log_format;
typedef enum { LP_ROUTER_CONFIG_FILE, LP_ROUTER_CONFIG_S3 } lp_router_config;
typedef enum { LP_SOURCE_DAILY, LP_SOURCE_YMD } lp_source_partition;

/* CloudFront: which standard logging delivers (sources.cloudfront.<name>.logging). */
typedef enum { LP_CF_LEGACY, LP_CF_V2 } lp_cf_logging;
/*
 * The logs AWS services write to S3 as lines of text, each under
 * sources.<lp_source_kind_key()>: Elastic Load Balancing's (ALB access and
 * connection, NLB, Classic), S3 server access logs, VPC Flow Logs and
 * CloudFront standard logs, and the JSON of AWS WAF and CloudTrail.
 */
typedef enum {
	LP_SOURCE_ALB,
	LP_SOURCE_NLB,
	LP_SOURCE_CLB,
	LP_SOURCE_ALB_CONN,
	LP_SOURCE_S3_ACCESS,
	LP_SOURCE_VPC_FLOW,
	LP_SOURCE_CLOUDFRONT,
	LP_SOURCE_WAF,
	LP_SOURCE_CLOUDTRAIL,
	LP_SOURCE_NKINDS
} lp_source_kind;
typedef enum { LP_APIGW_CLOUDWATCH, LP_APIGW_FIREHOSE } lp_apigw_access;
typedef enum { LP_EXEC_OFF, LP_EXEC_ERROR, LP_EXEC_INFO } lp_exec_log;

/*
 * Where a value came from, for findings on what it generated: the value's
 * node when the spec writes it, else (a default) the mapping its key would go
 * in. `key` is the dotted spec path to write or change.
 */
typedef struct lp_origin {
	lp_span span;
	const char *key;
	int defaulted;
} lp_origin;

typedef struct lp_kv {
	const char *key, *value;
	lp_span span;
} lp_kv;

/* A lake column: `type` is a Hive type as written (string, int, array<string>, ...). */
typedef struct lp_field {
	const char *name; /* as in the log record (JSON key) */
	const char *type;
	lp_span span;
} lp_field;

typedef struct lp_cloudwatch_opts {
	int64_t retention_days; /* 0 = never expire */
	const char *kms_key;    /* NULL = no customer key */
	lp_span span, kms_key_span;
	lp_origin retention_at, kms_at;
} lp_cloudwatch_opts;

typedef struct lp_firehose_opts {
	int64_t buffer_seconds;
	int64_t buffer_mib;
	lp_lake_format format;
	lp_partition partition;
	lp_span span, buffer_mib_span, buffer_seconds_span;
} lp_firehose_opts;

/* The router logpipe pins when the spec says nothing (and what `logpipe fix` pins an unpinned router to). */
#define LP_MODEL_ROUTER_IMAGE "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1"
#define LP_MODEL_ROUTER_MEMORY 128

typedef struct lp_router_opts {
	const char *image;
	int64_t memory;             /* hard limit, MiB */
	int64_t memory_reservation; /* 0 = unset */
	lp_router_config config;
	const char *config_s3_bucket; /* with config: s3 (EC2 only) */
	int health_check;
	lp_span span, image_span, config_span;
} lp_router_opts;

typedef struct lp_container {
	const char *name;
	lp_span span;
	const char *image;
	lp_span image_span;
	int64_t port;               /* 0 = none */
	int64_t cpu, memory, memory_reservation; /* 0 = unset */
	int essential;
	const char *user;           /* NULL = image default */
	int readonly_root;
	const char *path;           /* "services.<s>.containers.<c>" */
	lp_origin user_at, readonly_root_at;
	lp_kv *environment;
	size_t nenvironment;

	/* logs */
	unsigned to;                /* lp_dest bits */
	lp_span to_span;
	lp_log_format format;
	const char *time_key;       /* NULL: no time key */
	const char *time_format;    /* strftime for Fluent Bit time_key_format */
	lp_span time_key_span, time_format_span; /* the values; the container's key when unset */
	lp_field *fields;
	size_t nfields;
	lp_span fields_span;
	const char *cw_only_key;    /* real-time subset: records whose key matches regex */
	const char *cw_only_regex;
	lp_span cw_only_span, cw_only_regex_span;
	lp_cloudwatch_opts cloudwatch;
	lp_firehose_opts firehose;

	struct {
		const char *log_group;         /* CloudWatch group for the app's logs */
		const char *stream;            /* Firehose delivery stream name */
		const char *table;             /* Glue/Athena table (lowercase) */
		const char *prefix;            /* Firehose Prefix, with !{timestamp:...} */
		const char *error_prefix;      /* Firehose ErrorOutputPrefix */
		const char *location;          /* s3://bucket/base/ (table LOCATION) */
		const char *location_template; /* s3://bucket/base/${col}/ */
		const char *partition_col;     /* "datehour" or "dt" */
		const char *partition_format;  /* Java DateTimeFormatter of the partition value */
		const char *firehose_log_group;/* error logging group of the stream */
		const char *match;             /* Fluent Bit Match_Regex of the container's FireLens tag */
		const char *subset_match;      /* Match_Regex of its real-time copies (cw.<tag>) */
	} derived;
} lp_container;

typedef struct lp_service {
	const char *name;
	lp_span span;
	const char *path;            /* "services.<name>" */
	const char *family;          /* default <spec name>-<service> */
	lp_span family_span;         /* the value; the service's key when derived */
	const char *cluster;
	lp_launch launch_type;
	lp_network_mode network_mode;
	int64_t cpu, memory;         /* task level; 0 = unset */
	lp_span cpu_span, memory_span;
	const char *task_role, *execution_role;
	lp_span task_role_span;
	const char *platform_version; /* Fargate; NULL = service default */
	lp_router_opts router;
	lp_container *containers;
	size_t ncontainers;

	struct {
		const char *router_log_group; /* the router's own awslogs group */
		const char *config_path;      /* where the router reads the generated conf */
		const char *task_policy;      /* IAM policy names: <family>-task-policy, <family>-execution-policy */
		const char *execution_policy;
		const char *router_repository; /* ECR repository of the router image: <family>-log-router */
		/* The containers sorted by name, so output does not depend on key order in the spec. */
		const struct lp_container **by_name;
	} derived;
} lp_service;

/*
 * Logs an AWS service writes to S3 as lines of text, read by one table of
 * the kind's line format over the kind's delivery folders: they share the
 * spec keys, projection and artifacts.
 */
typedef struct lp_log_source {
	lp_source_kind kind;
	const char *name;
	lp_span span;
	const char *path;            /* "sources.<kind key>.<name>" */
	const char *bucket, *prefix; /* prefix may be NULL */
	lp_span prefix_span;
	const char *account, *region; /* default: the spec's */
	const char *source_bucket;   /* S3 access logs: the bucket whose requests are logged */
	lp_source_partition partition;
	/* VPC Flow Logs: the flow log's LogFormat (NULL: the default) and its S3 destination options. */
	const char *log_format;
	lp_span log_format_span;
	int hive_compatible, per_hour;
	int parquet; /* FileFormat parquet: columns read by name, no header line */
	/*
	 * CloudFront standard logging v2: its S3 delivery's output format as
	 * written (parquet, json, or one logpipe refuses), suffix path, record
	 * fields as CreateDelivery names them (each with where the spec writes
	 * it), and the distributions the projection enumerates, each list with
	 * where the spec says it.
	 */
	lp_cf_logging logging;
	const char *file_format;
	lp_span file_format_span;
	const char *suffix_path;
	lp_span suffix_path_span;
	const char **record_fields, **distribution_ids;
	lp_span *record_field_spans;
	size_t nrecord_fields, ndistribution_ids;
	lp_span record_fields_span, distribution_ids_span;
	/* AWS WAF: the web ACL's name (a folder) and whether it protects CloudFront (folder "cloudfront", not the Region). */
	const char *web_acl;
	int cloudfront_scope;
	/* CloudTrail: the accounts and Regions the trail logs (default: the spec's), an organization trail's ID or NULL. */
	const char **accounts, **regions;
	size_t naccounts, nregions;
	const char *organization_id;
	struct {
		const char *table;             /* <kind key>_<name>, e.g. alb_<name> */
		const char *location;          /* the folder above the date folders, e.g. s3://bucket/prefix/AWSLogs/<acct>/elasticloadbalancing/<region>/ */
		const char *location_template;
		/* The fields its lines hold: the kind's, or for a flow log those of its LogFormat. */
		const struct lp_line_format *format;
		/* CloudFront v2: the partition columns its suffix path renders, in path order. */
		const char **partitions;
		size_t npartitions;
	} derived;
} lp_log_source;

typedef struct lp_apigw_source {
	const char *name;
	lp_span span;
	const char *path;            /* "sources.api_gateway.<name>" */
	const char *template_path;   /* relative to the spec file, may be NULL */
	lp_span template_span;       /* the `template:` value, for a missing file */
	const char *stage;
	lp_span stage_span;
	lp_apigw_access access_log;
	lp_exec_log execution_log;
	int tracing;
	int64_t retention_days;
	struct {
		const char *access_log_group;
		const char *stream; /* with access_log: firehose, amazon-apigateway-<...> */
	} derived;
} lp_apigw_source;

typedef struct lp_ignore {
	const char *rule, *target, *reason;
	/*
	 * `target` as findings name it: the planner turns a spec path
	 * ("services.api.containers.app") into "<family>.<container>"; NULL when
	 * the target is already a finding target, a file path or a glob.
	 */
	const char *resolved_target;
	lp_span span;
	int used; /* set by lint; an unused ignore is itself reported */
} lp_ignore;

typedef struct lp_param {
	const char *rule, *key, *value; /* value as text */
	lp_span span;                   /* the value */
	lp_span rule_span, key_span;
	lp_scalar_type type;            /* the value's YAML type */
} lp_param;

typedef struct lp_model {
	lp_arena arena;
	const char *file; /* spec path, interned in the diag sink */
	const char *sha256; /* hex digest of the spec bytes */
	const char *name, *region, *account;
	lp_span name_span;

	int has_lake;
	struct {
		const char *bucket, *database, *kms_key, *since, *prefix;
		const char *firehose_role; /* ARN; default derived from the account and name */
		lp_span span, since_span, database_span, kms_key_span, prefix_span, bucket_span;
	} lake;

	lp_cloudwatch_opts cloudwatch;
	lp_firehose_opts firehose;
	lp_router_opts router;

	lp_service *services;
	size_t nservices;
	lp_log_source *log_sources;
	size_t nlog_sources;
	lp_apigw_source *apigws;
	size_t napigws;
	lp_ignore *ignores;
	size_t nignores;
	lp_param *params;
	size_t nparams;
	int64_t realtime_budget_seconds; /* 0 = none declared */

	/* Views the planner builds (arena-owned, borrowed by every consumer). */
	struct {
		/* Containers with a delivery stream, by service then container name: the order of the lake artifacts. */
		const struct lp_container **streams;
		size_t nstreams;
		const char *delivery_role;   /* IAM role name <name>-firehose-delivery */
		const char *delivery_policy; /* its policy, <name>-firehose-delivery-policy */
	} derived;
} lp_model;

/*
 * Builds a model from a tree that passed schema validation. Findings (bad
 * values the schema cannot express, `to: [rds]`, ...) go to `d`; *out is set
 * even when findings were reported so that later stages can report theirs, but
 * callers must not render when lp_diag_count_at_least(d, LP_SEV_ERROR) > 0.
 * Caller owns *out; free with lp_model_free.
 */
int lp_model_build(lp_model **out, const lp_node *root, const char *file, const char *data, size_t len, lp_diag *d);

/* The largest spec read from disk or git. */
#define LP_SPEC_MAX_BYTES (8u << 20)

/*
 * Parses `data` (the spec at `path`), validates it against
 * schemas/logpipe.schema.json and builds the model. *out is set whenever the
 * tree parsed, validated and built, even with findings in `d`, so that later
 * stages (the planner) can report theirs too; lp_plan_load (plan/plan.h) is
 * what commands call. Caller owns *out; free with lp_model_free.
 */
int lp_model_parse(lp_model **out, const char *path, const char *data, size_t len, lp_diag *d);

void lp_model_free(lp_model *m);

/* Debug/test builds: asserts internal invariants (cmark_node_check). */
void lp_model_check(const lp_model *m);

/* Text of an lp_lake_format etc., for renderers and messages. */
const char *lp_lake_format_name(lp_lake_format f);
/* The key under sources: of a log kind ("alb", "nlb", "clb", "alb_connection", "s3_access"). Static. */
const char *lp_source_kind_key(lp_source_kind k);

#endif
