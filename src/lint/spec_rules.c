#include "lint/checks.h"

/*
 * Findings that `build` reports about the spec itself (loading, schema,
 * planning, rendering), described as data so that `logpipe rules` and
 * `logpipe explain` know every id a user can see, not only the lint rules.
 * tests/lint/rule_ids.py fails when an id used in src/ is missing here or
 * from the other catalogs.
 */
const lp_check_rule lp_spec_rules[] = {
	{ "LP-YAML", LP_SEV_ERROR, "logpipe.yaml", "the file is not acceptable YAML",
	  "Malformed YAML, and input logpipe refuses on purpose: NUL bytes, invalid UTF-8, duplicate keys, merge keys "
	  "('<<'), a second document, nesting deeper than 64 levels, scalars over 1 MiB, files over 8 MiB, and aliases "
	  "that expand past 200,000 nodes (billion laughs); a document may hold one node per 8 bytes of its size limit.",
	  "Fix the YAML at the reported position; the help line says how.", NULL },
	{ "LP-SPEC-SCHEMA", LP_SEV_ERROR, "logpipe.yaml", "the spec does not match its schema",
	  "Unknown keys, wrong types, values outside an enum or an AWS pattern, missing required keys. The schema is "
	  "what 'logpipe schema' prints.",
	  "Follow the help line (it suggests the key you probably meant); docs/spec.md lists every key.", NULL },
	{ "LP-SPEC-RDS", LP_SEV_ERROR, "logpipe.yaml", "logs sent to a database",
	  "Writing application logs into RDS (or any database) bloats it, loads the application's own database and "
	  "reaches users. The lake (Firehose -> Parquet on S3 -> Athena) joins logs with database exports instead.",
	  "Use 'to: [lake]' or 'to: [cloudwatch, lake]'.", NULL },
	{ "LP-SPEC-TO", LP_SEV_ERROR, "logpipe.yaml", "a container's logs go nowhere",
	  "'to' is empty, so the container's logs would be dropped.",
	  "List cloudwatch and/or lake, or remove 'to' for both.", NULL },
	{ "LP-SPEC-LAKE", LP_SEV_ERROR, "logpipe.yaml", "the lake section is missing or incomplete",
	  "A container sends logs to the lake but 'lake' lacks a bucket or database, or 'lake.since' is not a real date.",
	  "Add 'lake:' with bucket, database and since (YYYY-MM-DD).", NULL },
	{ "LP-SPEC-ELB-SHARED", LP_SEV_ERROR, "logpipe.yaml", "two kinds of logs in one folder",
	  "Elastic Load Balancing writes every kind of log of an account and Region under the same "
	  "<bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/ folders: ALB access and connection "
	  "logs, NLB and Classic. A table reads every file under its location, so an ALB access-log table over the "
	  "same folders as a connection-log, NLB or Classic table reads the other's lines, which do not match its "
	  "regex and come back as rows of NULLs.",
	  "Give each kind of log its own prefix on the load balancers and in the spec.", NULL },
	{ "LP-SPEC-VPC-FORMAT", LP_SEV_ERROR, "logpipe.yaml", "a flow log's LogFormat cannot be read",
	  "A VPC Flow Logs table has one column per field of the flow log's LogFormat, in its order: Athena maps "
	  "the line's fields to columns by position, so a field that is unknown, listed twice or separated by "
	  "anything but one space would put every later value in the wrong column.",
	  "Copy the flow log's LogFormat exactly as 'aws ec2 describe-flow-logs' shows it.", NULL },
	{ "LP-SPEC-CF-V2", LP_SEV_ERROR, "logpipe.yaml", "a CloudFront standard logging v2 source cannot be generated",
	  "A v2 table follows the delivery: its outputFormat (parquet and json are generated; w3c and plain are text "
	  "whose columns follow recordFields with the delivery's delimiter, raw goes to Firehose only), its suffix "
	  "path (each {variable} a projected partition, {DistributionId} over distribution_ids) and its recordFields "
	  "(the CloudFront field names). An unknown field or variable, one listed twice, or a legacy key on a v2 "
	  "source (or a v2 key on a legacy one) would give a table that reads nothing.",
	  "Copy the delivery's settings: aws logs get-delivery and get-delivery-destination show them.", NULL },
	{ "LP-SPEC-NAME", LP_SEV_ERROR, "logpipe.yaml", "a derived AWS name is invalid",
	  "A name derived from the spec breaks its AWS pattern or length (Firehose stream 64 with API Gateway's "
	  "amazon-apigateway- prefix, IAM role 64 and policy 128, log group 512, Glue 255 lowercase, ECS family and "
	  "container 255, API Gateway stage 128, ECR repository lowercase, S3 prefix 1024, file names 255 bytes); "
	  "logpipe refuses rather than shortens, so every artifact and every hand-written reference keeps one name. "
	  "Or two parts of the spec derive the same name (service 'a-b' + container 'c' and service 'a' + container "
	  "'b-c' both give stream '<name>-a-b-c'), which would make two artifacts claim one file.",
	  "Shorten or rename the spec, service or container name the message points at.", NULL },
	{ "LP-SPEC-LINT", LP_SEV_ERROR, "logpipe.yaml", "lint settings name an unknown rule or parameter",
	  "lint.ignore and lint.params decide what lint reports: a misspelt rule would silently suppress nothing or "
	  "leave a Config parameter at its default. Rules are named by id (LP-CW-RETENTION), Config rule name "
	  "(cw-loggroup-retention-period-check) or Config identifier (CW_LOGGROUP_RETENTION_PERIOD_CHECK); "
	  "parameters are those 'logpipe explain <rule>' lists, numbers where Config's default is a number.",
	  "Fix the name (the help suggests the nearest one) or the value's type.", NULL },
	{ "LP-SPEC-REF", LP_SEV_ERROR, "logpipe.yaml", "a spec path names nothing",
	  "A lint.ignore target written as a spec path (services.<service>.containers.<container>) names a service or "
	  "container the spec does not have, so the suppression could never apply.",
	  "Fix the service or container name, or target a file path or glob instead.", NULL },
	{ "LP-ECS-FARGATE-SIZE", LP_SEV_ERROR, "logpipe.yaml", "Fargate task size not offered",
	  "Fargate accepts only the documented cpu/memory pairs; registration fails with \"Invalid 'cpu' setting\".",
	  "Pick a memory value from the cpu's row in the Fargate table.",
	  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html" },
	{ "LP-ECS-NETWORK", LP_SEV_ERROR, "logpipe.yaml", "Fargate needs awsvpc", "Fargate tasks must use awsvpc networking.",
	  "Remove network_mode or set it to awsvpc.", NULL },
	{ "LP-ECS-FARGATE-S3", LP_SEV_ERROR, "logpipe.yaml", "Fargate cannot read the router config from S3",
	  "FireLens on Fargate supports only config-file-type 'file'.", "Use router.config: file (the default).", NULL },
	{ "LP-ECS-TASK-ROLE", LP_SEV_ERROR, "logpipe.yaml", "service without a task role",
	  "FireLens routes logs with the task role's credentials: without task_role the router's PutLogEvents "
	  "(CloudWatch Logs) and PutRecordBatch (Firehose) calls fail and no log is delivered, on Fargate and EC2 alike. "
	  "An error, because the task starts and loses every log without saying so.",
	  "Set task_role to a role with the generated iam/<family>.task-policy.json attached.",
	  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html" },
	{ "LP-ECS-EXECUTION-ROLE", LP_SEV_ERROR, "logpipe.yaml", "service without an execution role",
	  "The execution role pulls images from private ECR repositories (the router image logpipe builds lives in "
	  "the account's ECR) and sends the router's own logs through the awslogs driver. On Fargate nothing else can, "
	  "so the task fails to start: an error. On EC2 the container instance role can do both: a warning.",
	  "Set execution_role to a role with the generated iam/<family>.execution-policy.json attached.",
	  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html" },
	{ "LP-ECS-ROUTER-PIN", LP_SEV_ERROR, "logpipe.yaml", "router image not pinned",
	  "latest, stable or a floating major tag changes under a running service.",
	  "Pin a release such as aws-for-fluent-bit:3.2.1.", NULL },
	{ "LP-ECS-ROUTER-EOL", LP_SEV_WARNING, "logpipe.yaml", "router image is end of life",
	  "AWS for Fluent Bit 2.x reached end of life on 2026-06-30.", "Move to a 3.x release.", NULL },
	{ "LP-ECS-ROUTER-MEMORY", LP_SEV_ERROR, "logpipe.yaml", "router memory limit missing or inconsistent",
	  "AWS Config's ecs-task-definition-memory-hard-limit needs a hard limit on every container, the router included.",
	  "Set router.memory (e.g. 128) above any memory_reservation.", NULL },
	{ "LP-ECS-ROUTER-NAME", LP_SEV_ERROR, "logpipe.yaml", "container name collides with the router",
	  "The generated router container is called log_router.", "Rename the container.", NULL },
	{ "LP-ECS-ROUTER-S3", LP_SEV_ERROR, "logpipe.yaml", "router config in S3 without a bucket",
	  "router.config: s3 needs config_s3_bucket.", "Set router.config_s3_bucket, or use config: file.", NULL },
	{ "LP-ECS-S3-TIME", LP_SEV_WARNING, "logpipe.yaml", "stock json parser claims the time key",
	  "With config: s3 nothing can be baked into the image, so the image's json parser reads 'time' with "
	  "Time_Format %d/%b/%Y:%H:%M:%S %z and Time_Keep Off: a time in that format becomes the record time and is "
	  "removed from the record; any other format (ISO-8601 included) fails to parse, stays in the record, and "
	  "the router logs a parser error for every record.", "Use config: file, or name the time key differently.", NULL },
	{ "LP-ECS-MEMORY", LP_SEV_ERROR, "logpipe.yaml", "container memory missing or too large",
	  "On EC2 without a task memory every container needs 'memory'; reservations must stay below limits; containers "
	  "plus the router must fit the task.", "Set or lower the memory values the message names.", NULL },
	{ "LP-ECS-PORT", LP_SEV_ERROR, "logpipe.yaml", "port 24224 exposed",
	  "FireLens listens on 24224 inside the task; exposing it lets anyone write logs into the pipeline.",
	  "Use another port.", NULL },
	{ "LP-ECS-CW-ONLY", LP_SEV_ERROR, "logpipe.yaml", "real-time subset cannot be expressed",
	  "cloudwatch.only needs JSON logs, a plain key and a regex without whitespace (rewrite_tag splits rules on spaces).",
	  "Fix the key or regex, or drop cloudwatch.only.", NULL },
	{ "LP-ECS-EMPTY", LP_SEV_ERROR, "logpipe.yaml", "service without containers", "A task needs at least one container.",
	  "Add a container or remove the service.", NULL },
	{ "LP-FB-REGEX", LP_SEV_ERROR, "logpipe.yaml", "regex Fluent Bit would refuse or read differently",
	  "Fluent Bit compiles every regex with Onigmo (Ruby syntax) at start-up and stops on an invalid one, taking "
	  "the essential router and the task with it. logpipe compiles each with PCRE2 and refuses the constructs "
	  "Onigmo reads differently (\\h, \\v, (?m), {n,m}+, x{n}?, {,n}, nested classes, POSIX brackets, an inline "
	  "option after text, numbered references beside named groups, /.../ literals).",
	  "Fix the pattern at the position shown, or write it as the help says.", NULL },
	{ "LP-FB-REGEX-BACKTRACK", LP_SEV_WARNING, "logpipe.yaml", "regex prone to catastrophic backtracking",
	  "A repeated group that itself holds a repeat ((a+)+, (\\w*\\s?)*) can take exponential time on a record "
	  "that almost matches; Fluent Bit runs the regex on every record.",
	  "Make the inner repeat possessive or the group atomic, or match more narrowly.", NULL },
	{ "LP-FB-VALUE", LP_SEV_ERROR, "logpipe.yaml", "value unsafe in Fluent Bit configuration",
	  "A line break, leading or trailing blank, '@' directive or '${' expansion would change the generated config.",
	  "Remove the character from the spec value.", NULL },
	{ "LP-FH-BUFFER", LP_SEV_ERROR, "logpipe.yaml", "Firehose buffering out of range",
	  "IntervalInSeconds must be 0-900 and SizeInMBs 1-128.", "Use values inside those ranges.", NULL },
	{ "LP-FH-003", LP_SEV_ERROR, "logpipe.yaml", "buffer too small for format conversion",
	  "With Parquet/ORC conversion Firehose requires SizeInMBs >= 64.", "Set buffer_mib to 64 or more, or use format: json.",
	  "https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html" },
	{ "LP-FH-QUOTA", LP_SEV_WARNING, "logpipe.yaml", "more streams than the default Firehose quota",
	  "The default is 50 delivery streams per Region.", "Request a quota increase or share streams.", NULL },
	{ "LP-LAKE-NAME", LP_SEV_ERROR, "logpipe.yaml", "invalid Glue/Athena name",
	  "Glue and Athena names are lowercase letters, digits and underscores, at most 255 characters.",
	  "Rename the field or database.", NULL },
	{ "LP-LAKE-COLUMN", LP_SEV_ERROR, "logpipe.yaml", "column collides",
	  "A field collides after lowercasing, or with an ECS metadata or partition column FireLens and the table add.",
	  "Rename the field.", NULL },
	{ "LP-LAKE-NO-FIELDS", LP_SEV_WARNING, "logpipe.yaml", "JSON logs to the lake without fields",
	  "Parquet and ORC conversion keep only the columns of the Glue table: without 'fields', no key the application "
	  "logs gets a column of its own. The record is still there, as JSON text in the 'log' column, so Athena "
	  "can read it with json_extract_scalar(log, '$.key'), slowly and without types.",
	  "List the keys to query under logs.fields with their Hive types.", NULL },
	{ "LP-LAKE-TYPE", LP_SEV_ERROR, "logpipe.yaml", "unknown Hive type",
	  "Field types are Hive types: string, int, bigint, double, float, boolean, timestamp, date, decimal(p,s), "
	  "array<T>, map<K,V>, struct<a:T>.", "Use one of those types.", NULL },
	{ "LP-SAM-TEMPLATE", LP_SEV_ERROR, "logpipe.yaml", "SAM template unreadable",
	  "sources.api_gateway.<name>.template names a file that is missing or is not YAML.",
	  "Fix the path (relative to the spec's folder).", NULL },
	{ "LP-SAM-TRANSFORM", LP_SEV_WARNING, "sam", "template lacks the SAM transform",
	  "Without Transform: AWS::Serverless-2016-10-31 the Globals and AWS::Serverless::* settings do nothing.",
	  "Add the transform.", NULL },
	{ "LP-SAM-API-EXECUTION-LOG", LP_SEV_WARNING, "sam", "execution logging switched off",
	  "A LoggingLevel of OFF makes api-gw-execution-logging-enabled fail.", "Use ERROR or INFO.", NULL },
	{ "LP-TEMPLATE", LP_SEV_ERROR, "template", "template error",
	  "A template (built in or from --templates) does not parse, or references a variable the view does not have.",
	  "Fix the template at the reported position.", NULL },
	{ "LP-TEMPLATE-VALUE", LP_SEV_ERROR, "logpipe.yaml", "value cannot be written safely",
	  "A spec value cannot be represented in the output kind (SQL literal or identifier, Fluent Bit value) "
	  "without changing its meaning, so it is refused rather than altered.",
	  "Remove the character the message names from the spec value.", NULL },
	{ "LP-RULE-INVALID", LP_SEV_ERROR, "rules", "rule file invalid", "A rules/*.yaml entry does not match the rule schema.",
	  "Fix the rule file.", NULL },
	{ NULL, LP_SEV_NOTE, NULL, NULL, NULL, NULL, NULL },
};
