#include "lint/checks.h"

#include <stdarg.h>
#include <string.h>

/*
 * The C-implemented rules, described as data so `logpipe rules` and
 * `logpipe explain` can show them next to the YAML rules under rules/.
 */
const lp_check_rule lp_check_rules[] = {
	/* Athena DDL */
	{ "LP-DDL-SYNTAX", LP_SEV_ERROR, "athena-ddl", "DDL does not parse",
	  "The statement is not valid Athena/Hive DDL, so Athena would reject it.",
	  "Fix the syntax at the reported position.", NULL },
	{ "LP-ATHENA-EXTERNAL", LP_SEV_ERROR, "athena-ddl", "EXTERNAL keyword wrong for the table type",
	  "Athena requires CREATE EXTERNAL TABLE for every non-Iceberg table and rejects EXTERNAL for Iceberg tables.",
	  "Write CREATE EXTERNAL TABLE (or drop EXTERNAL when table_type is ICEBERG).",
	  "https://docs.aws.amazon.com/athena/latest/ug/create-table.html" },
	{ "LP-ATHENA-IDENT", LP_SEV_ERROR, "athena-ddl", "invalid Athena identifier",
	  "Database, table and column names may only hold letters, digits and underscores (and '.' inside struct "
	  "types), at most 255 characters; a name starting with '_' must be back-quoted.",
	  "Rename the identifier, or back-quote it when it starts with '_'.",
	  "https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html" },
	{ "LP-ATHENA-IDENT-CASE", LP_SEV_ERROR, "athena-ddl", "column names collide after lowercasing",
	  "Athena lowercases names, so two columns that differ only in case are the same column.",
	  "Rename one of the columns.", "https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html" },
	{ "LP-ATHENA-RESERVED", LP_SEV_WARNING, "athena-ddl", "reserved word used unquoted",
	  "Reserved words must be back-quoted in DDL; some (such as time) happen to work today, others fail to parse.",
	  "Back-quote the identifier: `name`.", "https://docs.aws.amazon.com/athena/latest/ug/reserved-words.html" },
	{ "LP-ATHENA-TYPE", LP_SEV_ERROR, "athena-ddl,glue", "column type is not a Hive type",
	  "Athena DDL and Glue column Types take Hive types: tinyint, smallint, int, bigint, boolean, float, double, string, binary, "
	  "timestamp, date, decimal(p,s) with 1 <= p <= 38 and 0 <= s <= p, char(n) up to 255, varchar(n) up to "
	  "65535, and array<T>, map<K,V> (K primitive) and struct<name:T,...> nested freely. A misspelt type such "
	  "as 'sting' fails the CREATE statement.",
	  "Write the Hive type; the message names the nearest one.",
	  "https://docs.aws.amazon.com/athena/latest/ug/data-types.html" },
	{ "LP-ATHENA-PART-DUP", LP_SEV_ERROR, "athena-ddl", "partition column repeats a data column",
	  "A partition column must not also be a data column; Athena rejects the table.",
	  "Remove the column from the column list or rename the partition column.",
	  "https://docs.aws.amazon.com/athena/latest/ug/create-table.html" },
	{ "LP-ATHENA-PROJ-TYPE", LP_SEV_ERROR, "athena-ddl", "partition column without projection type",
	  "With projection.enabled every partition column needs projection.<col>.type, else every query fails with "
	  "HIVE_METASTORE_ERROR.",
	  "Add 'projection.<col>.type' (enum, integer, date or injected) and its required keys.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html" },
	{ "LP-ATHENA-PROJ-KEYS", LP_SEV_ERROR, "athena-ddl", "projection settings incomplete or malformed",
	  "Each projection type needs its keys: enum .values; integer .range; date .range and .format, plus .interval "
	  "and .interval.unit below day precision; injected columns must be strings.",
	  "Add the missing projection.<col>.* key with a valid value.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html" },
	{ "LP-ATHENA-PROJ-RANGE", LP_SEV_ERROR, "athena-ddl,glue", "date projection range not in its format",
	  "Athena parses both ends of a date projection's range with projection.<col>.format (or takes NOW, "
	  "NOW-3YEARS and the like); a range such as 2023-06-15,NOW with format yyyy/MM/dd cannot be read, and "
	  "queries of the table fail.",
	  "Write the range in the format, e.g. 2023/06/15,NOW for yyyy/MM/dd.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html" },
	{ "LP-ATHENA-PROJ-ENUM", LP_SEV_WARNING, "athena-ddl", "projection enum list is long",
	  "Enum projection is meant for a few dozen values; long lists bloat table metadata and planning.",
	  "Use integer, date or injected projection instead.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html" },
	{ "LP-ATHENA-TEMPLATE", LP_SEV_ERROR, "athena-ddl", "storage.location.template misses a partition column",
	  "When storage.location.template is set it must contain ${col} for every partition column.",
	  "Add the missing ${col} placeholders.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html" },
	{ "LP-ATHENA-REGEX-MISSING", LP_SEV_ERROR, "athena-ddl", "RegexSerDe without input.regex",
	  "RegexSerDe cannot read a single row without 'input.regex'.", "Add 'input.regex' to WITH SERDEPROPERTIES.", NULL },
	{ "LP-ATHENA-REGEX-COMPILE", LP_SEV_ERROR, "athena-ddl", "input.regex does not compile",
	  "The regex fails to compile, so Athena would fail every query (or logpipe cannot verify it).",
	  "Fix the regex at the reported offset.", NULL },
	{ "LP-ATHENA-REGEX-JAVA", LP_SEV_ERROR, "athena-ddl", "Java-only regex construct",
	  "Athena runs input.regex with java.util.regex; logpipe checks it with PCRE2. Constructs the engines read "
	  "differently would make every check silently wrong.",
	  "Rewrite the construct in the common subset shown in the help line.", NULL },
	{ "LP-ATHENA-REGEX-GROUPS", LP_SEV_ERROR, "athena-ddl", "capture groups and columns differ",
	  "RegexSerDe maps capture group N to column N; when the counts differ rows come back NULL (seen in practice "
	  "with 35 groups for 34 columns) or columns never fill.",
	  "Make catch-all groups non-capturing with (?:...) or add/drop columns until the counts agree.",
	  "https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html" },
	{ "LP-ALB-APPENDED-FIELDS", LP_SEV_WARNING, "athena-ddl", "AWS log regex breaks when AWS appends fields",
	  "AWS appends new fields at the end of its log lines: ALB, NLB and Classic access logs, ALB connection logs "
	  "and S3 server access logs (ALB's conn_trace_id in May 2024, S3's Region later). RegexSerDe needs a "
	  "whole-line match, so a regex without a trailing catch-all returns all-NULL rows from that day on.",
	  "End the regex with an optional capturing catch-all (?: (.*))? and a string column for it, so appended "
	  "fields stay visible; or with the non-capturing (?: .*)? to drop them.",
	  "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html" },
	{ "LP-SOURCE-DOC-LINE", LP_SEV_ERROR, "athena-ddl", "regex cannot read a documented line shape",
	  "The service's guide documents line shapes the table's regex does not match, such as an ALB "
	  "target:port_list with two targets (AWS's own ALB regex reads it with [^\\s]+), a client certificate "
	  "subject with a space in an ALB connection log, or an S3 User-Agent with spaces. Every such line comes back "
	  "from Athena as a row of NULLs.",
	  "Read quoted fields up to their closing quote (\"([^\"]*)\"), or use the table 'logpipe build' generates.",
	  "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html" },
	{ "LP-SOURCE-LAYOUT", LP_SEV_ERROR, "athena-ddl", "projection does not render the folders AWS writes",
	  "Elastic Load Balancing writes <prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/, and "
	  "S3 server access logging with date-based keys <prefix><account>/<region>/<source bucket>/yyyy/mm/dd/, "
	  "with zero-padded month and day. A storage.location.template elsewhere, or an integer month or day without "
	  "two digits, projects partitions that hold no files: queries return nothing, without an error. A CloudFront "
	  "v2 template must render {yyyy} with four digits and {MM}, {dd}, {HH} with two, and only partition columns.",
	  "End the template with /${day} (date projection, format yyyy/MM/dd) or /${year}/${month}/${day} with "
	  "'projection.<col>.digits' = 2 for month and day, under the folders the service writes.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html" },
	{ "LP-SOURCE-FIELD-NAME", LP_SEV_ERROR, "athena-ddl", "column names no field of the log",
	  "Parquet flow logs are read by column name: a column of a VPC Flow Logs Parquet table must be a flow log "
	  "field with '-' written '_' (account-id is account_id). A column named otherwise (srcip, dst_port) matches "
	  "nothing in the files and is NULL in every row. The same holds for CloudFront standard logging v2: Parquet "
	  "columns are named as the Athena guide's table names them (cs_referer, one r), and a JSON column reads the key "
	  "its OpenX 'mapping.<column>' names (c-ip, cs(Referer)), which no column name can spell.",
	  "Rename the column after the field (or map it), or use the table 'logpipe build' generates.",
	  "https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs.html" },
	{ "LP-SOURCE-FIELD-TYPE", LP_SEV_ERROR, "athena-ddl", "typed column over a string Parquet column",
	  "CloudFront standard logging v2 writes every field as a string Parquet column, and AWS's Athena table "
	  "declares them all string. A column declared int, bigint or double over one does not convert: every "
	  "query that reads it fails (HIVE_BAD_DATA).",
	  "Declare the column string and cast in the query, or use the table 'logpipe build' generates.",
	  "https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-partition-parquet.html" },
	{ "LP-SOURCE-HEADER", LP_SEV_ERROR, "athena-ddl", "header lines read as rows",
	  "VPC Flow Logs text files start with a line of field names, and CloudFront standard log files with "
	  "#Version and #Fields lines. Without 'skip.header.line.count' set to that number Athena reads them as "
	  "rows: NULLs in every typed column, or all-NULL rows, in every file.",
	  "Set TBLPROPERTIES ('skip.header.line.count' = '1') for flow logs, '2' for CloudFront standard logs.",
	  "https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs.html" },
	{ "LP-SAMPLES-NOMATCH", LP_SEV_ERROR, "log-lines", "log line would be an all-NULL row",
	  "'logpipe samples' runs real log lines through the table's input.regex as RegexSerDe does (the whole line "
	  "must match); a line that does not match comes back from Athena as a row of NULLs, silently. For a JSON "
	  "SerDe table, a line that is not one JSON object fails the query (HIVE_CURSOR_ERROR), or with "
	  "'ignore.malformed.json' is a row of NULLs.",
	  "Fix the regex so the line matches; when AWS appended fields, end it with the catch-all (?: .*)?",
	  "https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html" },
	/* Routes from CloudWatch Logs to the lake that the design advises against */
	{ "LP-CW-SUBSCRIPTION-LAMBDA", LP_SEV_WARNING, "AWS::Logs::SubscriptionFilter",
	  "Logs reach S3 through a subscription filter and Lambda",
	  "A CloudWatch Logs subscription filter that invokes a Lambda function to copy logs into S3 inherits "
	  "Lambda's payload and concurrency limits, and leaves retries and error handling at volume to your code. "
	  "The function is found however the template names it: an ARN, !GetAtt Fn.Arn, !Ref Fn, !Sub with a Lambda "
	  "ARN, a parameter whose default is one, an imported value named after a function, or a SAM function event "
	  "of Type CloudWatchLogs (which generates the filter). For container logs, "
	  "send them to both places at the source: FireLens routes each record to CloudWatch Logs and to a Firehose "
	  "stream that writes Parquet for Athena.",
	  "In logpipe.yaml: services.<svc>.containers.<c>.logs: { to: [cloudwatch, lake] } (optionally "
	  "cloudwatch: { only: { key: level, regex: \"^(WARN|ERROR)$\" } }), then 'logpipe build'; or subscribe a "
	  "Firehose stream directly.",
	  "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html" },
	{ "LP-CW-LAMBDA-PERMISSION", LP_SEV_NOTE, "AWS::Lambda::Permission", "A Lambda function is invoked by CloudWatch Logs",
	  "A Lambda permission for logs.amazonaws.com exists only to let a subscription filter invoke the function, "
	  "usually to copy logs elsewhere. Reported only when the template has no subscription filter that "
	  "LP-CW-SUBSCRIPTION-LAMBDA already reports (the filter lives in another stack).",
	  "If the function copies logs to S3, route them with FireLens to Firehose instead (logs: { to: [cloudwatch, lake] }).",
	  "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html" },
	{ "LP-ATHENA-CW-CONNECTOR", LP_SEV_WARNING, "AWS::Serverless::Application,AWS::Lambda::Function",
	  "Logs are queried through the Athena CloudWatch connector",
	  "The Athena CloudWatch connector (the AthenaCloudwatchConnector application, or a function with its handler) "
	  "runs every query through Lambda. What does not fit in one Lambda response is spilled to S3 and read back, "
	  "so large log queries are slow, and each query pays for CloudWatch Logs reads. Logs that are queried with "
	  "other data belong in the lake as Parquet.",
	  "Send the logs to the lake at the source (logs: { to: [cloudwatch, lake] } in logpipe.yaml) and query the "
	  "Glue table that 'logpipe build' defines.",
	  "https://docs.aws.amazon.com/athena/latest/ug/connectors-cloudwatch.html" },
	{ "LP-SAMPLES-CONVERSION", LP_SEV_NOTE, "log-lines", "matched value its column's type turns into NULL",
	  "RegexSerDe converts each captured value to its column's type (Integer.parseInt, Double.parseDouble, Hive "
	  "dates and timestamps); a value that does not parse, such as '-' in an int column or an ISO 8601 time with "
	  "'Z' in a timestamp column, is NULL in that column while the rest of the row is kept.",
	  "Declare the column as string and convert in the query (try_cast, from_iso8601_timestamp), or accept the NULLs.",
	  "https://docs.aws.amazon.com/athena/latest/ug/regex-serde.html" },
	{ "LP-SAMPLES-APPENDED", LP_SEV_NOTE, "log-lines", "lines carry fields the table does not have yet",
	  "AWS appends fields to its log lines. A table with a capturing tail keeps them in its last column; a table "
	  "without one fails the whole line. Either way the table does not name them yet.",
	  "Regenerate the table with 'logpipe build' once logpipe knows the fields, or add columns for them.", NULL },
	{ "LP-SAMPLES-JSON-TYPE", LP_SEV_WARNING, "log-lines", "JSON value whose type its column cannot hold",
	  "A JSON SerDe maps each key to the column of the same name and reads the value as the column's type. A "
	  "value of another JSON kind (a string or number where a struct or array is declared, an object where a "
	  "number is, a non-numeric string in a number column) cannot be read as declared; what the SerDe does with "
	  "it, a NULL or a failed query, depends on the SerDe and its options, so 'logpipe samples' names every such "
	  "key and the path inside the value.",
	  "Declare the column with the type the records hold (string takes any value's text), or use the table "
	  "'logpipe build' generates.",
	  "https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html" },
	{ "LP-SAMPLES-CR", LP_SEV_WARNING, "log-lines", "carriage return inside a line",
	  "Athena's line readers end a row at a newline, a carriage return or both. A carriage return not followed by a "
	  "newline splits the line into two rows, neither of which matches as written.",
	  "Remove the carriage return where the line is written, or escape it.", NULL },
	/* Fluent Bit */
	{ "LP-FLB-SYNTAX", LP_SEV_ERROR, "fluent-bit", "Fluent Bit configuration does not parse",
	  "Fluent Bit refuses to start on this line.", "Fix the line as the message says.", NULL },
	{ "LP-FLB-INCLUDE", LP_SEV_ERROR, "fluent-bit", "@INCLUDE cannot be resolved",
	  "An included file is missing, includes itself, or nests too deep; Fluent Bit fails to start.",
	  "Point @INCLUDE at an existing file (relative to the including file) and break cycles.", NULL },
	{ "LP-FLB-INCLUDE-IMAGE", LP_SEV_NOTE, "fluent-bit", "@INCLUDE of a path inside the image",
	  "An absolute @INCLUDE path that does not exist here (/fluent-bit/etc/..., /ecs/...) names a file baked into "
	  "the router image, mounted at run time or kept on the host Fluent Bit runs on, so logpipe cannot read or "
	  "check it. This is not an error: the "
	  "note says what was not checked.",
	  "Lint the included file as well (it is usually next to the Dockerfile that copies it), or suppress the note "
	  "with a reason.", NULL },
	{ "LP-FLB-NAME", LP_SEV_ERROR, "fluent-bit", "plugin section without Name",
	  "Every [INPUT], [FILTER] and [OUTPUT] section needs a Name.", "Add 'Name <plugin>'.", NULL },
	{ "LP-FLB-CWL-GROUP", LP_SEV_ERROR, "fluent-bit", "cloudwatch_logs without log_group_name",
	  "The cloudwatch_logs output needs log_group_name (also when log_group_template is set, as the fallback).",
	  "Add 'log_group_name'.", "https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch" },
	{ "LP-FLB-CWL-STREAM", LP_SEV_ERROR, "fluent-bit", "cloudwatch_logs stream naming",
	  "cloudwatch_logs needs exactly one of log_stream_name and log_stream_prefix; Fluent Bit refuses both or neither.",
	  "Keep exactly one of 'log_stream_name' and 'log_stream_prefix'.",
	  "https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch" },
	{ "LP-FLB-FH-REQUIRED", LP_SEV_ERROR, "fluent-bit", "kinesis_firehose without delivery_stream or region",
	  "The kinesis_firehose output needs delivery_stream and region.", "Add the missing key.",
	  "https://docs.fluentbit.io/manual/pipeline/outputs/firehose" },
	{ "LP-FLB-GO-PLUGIN", LP_SEV_NOTE, "fluent-bit", "legacy Go output plugin",
	  "firehose, cloudwatch and kinesis are the older Go plugins; the core C plugins (kinesis_firehose, "
	  "cloudwatch_logs, kinesis_streams) use fewer resources and have higher throughput.",
	  "Switch to the C plugin and drop Go-only keys.", "https://github.com/aws/aws-for-fluent-bit" },
	{ "LP-FLB-PLUGIN-KEY", LP_SEV_WARNING, "fluent-bit", "key belongs to the other plugin generation",
	  "Keys of the Go plugins are not understood by the C plugins and vice versa (e.g. default_log_group_name, "
	  "new_log_group_tags on cloudwatch_logs).",
	  "Remove the key or use the C plugin's equivalent.", NULL },
	{ "LP-FLB-FIRELENS-FORWARD", LP_SEV_WARNING, "fluent-bit", "forward input in a FireLens configuration",
	  "FireLens generates the forward input itself (unix socket and port 24224); a second one in the custom "
	  "configuration fails to bind or duplicates records.",
	  "Remove the [INPUT] forward section from the custom configuration.",
	  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html" },
	{ "LP-FLB-REGEX", LP_SEV_ERROR, "fluent-bit", "regex Fluent Bit would refuse or read differently",
	  "Fluent Bit compiles Match_Regex, rewrite_tag rules, grep Regex/Exclude and regex parsers with Onigmo (Ruby "
	  "syntax) at start-up and stops on an invalid one. logpipe compiles each with PCRE2 and refuses what Onigmo "
	  "reads differently (docs/ecs.md lists the constructs).", "Fix the pattern at the position shown.", NULL },
	{ "LP-FLB-REGEX-BACKTRACK", LP_SEV_WARNING, "fluent-bit", "regex prone to catastrophic backtracking",
	  "A repeated group that itself repeats ((a+)+) can take exponential time on a record that almost matches.",
	  "Make the inner repeat possessive or the group atomic, or match more narrowly.", NULL },
	{ "LP-FLB-RETRY", LP_SEV_ERROR, "fluent-bit", "invalid retry_limit",
	  "retry_limit takes a positive integer, no_limits, false/off or no_retries.", "Use one of the accepted values.",
	  "https://docs.fluentbit.io/manual/administration/scheduling-and-retries" },
	{ "LP-FLB-RETENTION", LP_SEV_ERROR, "fluent-bit", "log_retention_days not accepted by CloudWatch",
	  "CloudWatch Logs only accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, "
	  "2192, 2557, 2922, 3288 or 3653 days (the list LP-CW-RETENTION-VALUE checks; Fluent Bit's own docs show an "
	  "older one without 1096, 2192, 2557, 2922 and 3288).", "Pick one of the accepted values.", "https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch" },
	{ "LP-FLB-VALUE", LP_SEV_ERROR, "fluent-bit", "value not accepted by the plugin",
	  "An enumerated or boolean key of cloudwatch_logs or kinesis_firehose has a value the plugin does not accept "
	  "(log_group_class, compression, auto_create_group, ...).", "Use one of the values the message lists.",
	  "https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch" },
	{ "LP-FLB-TEMPLATE", LP_SEV_WARNING, "fluent-bit", "record_accessor template separator",
	  "In log_group_template and log_stream_template only '.' or ',' may follow a $variable; '$a-$b' or '$a/$b' "
	  "do not resolve as intended and the output falls back to log_group_name/log_stream_name.",
	  "Separate variables with '.'.", "https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch" },
	/* across artifacts */
	{ "LP-XART-PREFIX-TEMPLATE", LP_SEV_ERROR, "firehose,athena-ddl,glue", "Firehose prefix and table layout disagree",
	  "The Firehose Prefix decides where objects land; storage.location.template and the projection format decide "
	  "where Athena looks. When they differ queries silently return no rows.",
	  "Make the template (with each ${col} read through its projection format) spell the same path as the prefix.",
	  "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example.html" },
	{ "LP-XART-FH-STREAM", LP_SEV_ERROR, "fluent-bit,firehose", "delivery stream not defined",
	  "The Fluent Bit output names a delivery stream that none of the Firehose artifacts defines.",
	  "Fix the name or add the delivery stream.", NULL },
	{ "LP-XART-LOG-GROUP", LP_SEV_ERROR, "fluent-bit,cloudwatch", "log group not defined",
	  "The Fluent Bit output writes to a log group that none of the log-group artifacts defines (it would be created "
	  "without retention or encryption, or not at all).",
	  "Fix the name or declare the log group.", NULL },
	{ "LP-XART-TABLE-DIFFERS", LP_SEV_ERROR, "glue,athena-ddl,cfn", "one table, two definitions with other columns",
	  "The same database.table is defined in two files of one project (a Glue CreateTable JSON or AWS::Glue::Table "
	  "and an Athena DDL, for instance) with different columns. Whichever is applied last replaces the other, so "
	  "queries, Firehose format conversion or the other file's readers see columns that are not there.",
	  "Keep one definition, or make both list the same columns.", NULL },
	{ "LP-XART-SCHEMA-TABLE", LP_SEV_ERROR, "firehose,glue,athena-ddl", "conversion schema table not defined",
	  "Firehose record format conversion reads its schema from a Glue table that none of the artifacts defines.",
	  "Fix SchemaConfiguration DatabaseName/TableName or add the table.", NULL },
	{ "LP-XART-FIELDS", LP_SEV_WARNING, "fluent-bit,glue,athena-ddl", "record field has no table column",
	  "A field the log router sends has no column in the table, so Parquet conversion drops it.",
	  "Add the column or stop sending the field.", NULL },
	{ "LP-XART-REALTIME", LP_SEV_WARNING, "firehose,spec", "buffering longer than the real-time budget",
	  "Firehose delivers a buffer when the interval or the size is reached; an interval above the declared "
	  "real-time budget means data arrives later than promised.",
	  "Lower BufferingHints.IntervalInSeconds or read real-time data from CloudWatch Logs.", NULL },
	{ NULL, LP_SEV_NOTE, NULL, NULL, NULL, NULL, NULL },
};

const lp_check_rule *lp_check_rule_find(const char *id)
{
	const lp_check_rule *r;
	for (r = lp_check_rules; r->id; r++)
		if (!strcmp(r->id, id))
			return r;
	return NULL;
}

void lp_check__report(lp_diag *d, const char *rule, const lp_span *sp, const char *help, const char *fmt, ...)
{
	const lp_check_rule *r = lp_check_rule_find(rule);
	va_list ap;
	va_start(ap, fmt);
	lp_diag_vadd(d, r ? r->severity : LP_SEV_ERROR, rule, sp, help, fmt, ap);
	va_end(ap);
}
