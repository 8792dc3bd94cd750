#include "plan/line_format.h"

#include <string.h>
#include <strings.h>

#include "spec/model.h"

/*
 * ALB access logs, in log order (aws-facts-2026-12 §1.1), split into columns
 * and named as AWS's Athena DDL does (§1.5) so queries written for AWS's table
 * run unchanged. The patterns are AWS's with three changes:
 * - every quoted field reads up to its closing quote, because the two list
 *   fields hold several space-separated values (§1.3) and AWS's `[^\s]+` turns
 *   such a line into a row of NULLs;
 * - conn_trace_id and the transform fields are optional: older lines end
 *   before them. Where the transform fields sit and how they are quoted is
 *   known only from third-party parsers (§1.2), so each is optional on its
 *   own, and when the guess is wrong their text lands in the tail column
 *   instead of failing the line;
 * - a capturing tail takes whatever AWS appends next.
 */
static const lp_line_field alb_fields[] = {
	{ "type", "string", "([^ ]*)" },
	{ "time", "string", " ([^ ]*)" },
	{ "elb", "string", " ([^ ]*)" },
	{ "client_ip", "string", " ([^ ]*)" },
	{ "client_port", "int", ":([0-9]*)" },
	{ "target_ip", "string", " ([^ ]*)" },
	{ "target_port", "int", "[:-]([0-9]*)" },
	{ "request_processing_time", "double", " ([-.0-9]*)" },
	{ "target_processing_time", "double", " ([-.0-9]*)" },
	{ "response_processing_time", "double", " ([-.0-9]*)" },
	{ "elb_status_code", "int", " (|[-0-9]*)" },
	{ "target_status_code", "string", " (-|[-0-9]*)" },
	{ "received_bytes", "bigint", " ([-0-9]*)" },
	{ "sent_bytes", "bigint", " ([-0-9]*)" },
	{ "request_verb", "string", " \"([^ ]*)" },
	{ "request_url", "string", " (.*)" },
	{ "request_proto", "string", " (- |[^ ]*)\"" },
	{ "user_agent", "string", " \"([^\"]*)\"" },
	{ "ssl_cipher", "string", " ([A-Z0-9_-]+)" },
	{ "ssl_protocol", "string", " ([A-Za-z0-9.-]*)" },
	{ "target_group_arn", "string", " ([^ ]*)" },
	{ "trace_id", "string", " \"([^\"]*)\"" },
	{ "domain_name", "string", " \"([^\"]*)\"" },
	{ "chosen_cert_arn", "string", " \"([^\"]*)\"" },
	{ "matched_rule_priority", "string", " ([-.0-9]*)" },
	{ "request_creation_time", "string", " ([^ ]*)" },
	{ "actions_executed", "string", " \"([^\"]*)\"" },
	{ "redirect_url", "string", " \"([^\"]*)\"" },
	{ "lambda_error_reason", "string", " \"([^\"]*)\"" },
	{ "target_port_list", "string", " \"([^\"]*)\"" },
	{ "target_status_code_list", "string", " \"([^\"]*)\"" },
	{ "classification", "string", " \"([^\"]*)\"" },
	{ "classification_reason", "string", " \"([^\"]*)\"" },
	{ "conn_trace_id", "string", "(?: ([^ \"]*))?" },
	{ "transformed_host", "string", "(?: \"([^\"]*)\")?" },
	{ "transformed_uri", "string", "(?: \"([^\"]*)\")?" },
	{ "request_transform_status", "string", "(?: \"([^\"]*)\")?" },
};

/*
 * NLB access logs (aws-facts-2026-12 §2.1): 21 space-separated fields, none
 * quoted (alpn_client_preference_list holds quotes of its own but no
 * spaces), then tls_connection_creation_time, which AWS's current DDL reads
 * and the 2023 lines lack, so it is optional.
 */
static const lp_line_field nlb_fields[] = {
	{ "type", "string", "([^ ]*)" },
	{ "version", "string", " ([^ ]*)" },
	{ "time", "string", " ([^ ]*)" },
	{ "elb", "string", " ([^ ]*)" },
	{ "listener_id", "string", " ([^ ]*)" },
	{ "client_ip", "string", " ([^ ]*)" },
	{ "client_port", "int", ":([0-9]*)" },
	{ "destination_ip", "string", " ([^ ]*)" },
	{ "destination_port", "int", ":([0-9]*)" },
	{ "connection_time", "double", " ([-.0-9]*)" },
	{ "tls_handshake_time", "double", " ([-.0-9]*)" },
	{ "received_bytes", "bigint", " ([-0-9]*)" },
	{ "sent_bytes", "bigint", " ([-0-9]*)" },
	{ "incoming_tls_alert", "string", " ([^ ]*)" },
	{ "chosen_cert_arn", "string", " ([^ ]*)" },
	{ "chosen_cert_serial", "string", " ([^ ]*)" },
	{ "tls_cipher", "string", " ([^ ]*)" },
	{ "tls_protocol_version", "string", " ([^ ]*)" },
	{ "tls_named_group", "string", " ([^ ]*)" },
	{ "domain_name", "string", " ([^ ]*)" },
	{ "alpn_fe_protocol", "string", " ([^ ]*)" },
	{ "alpn_be_protocol", "string", " ([^ ]*)" },
	{ "alpn_client_preference_list", "string", " ([^ ]*)" },
	{ "tls_connection_creation_time", "string", "(?: ([^ ]*))?" },
};

/*
 * Classic Load Balancer access logs (§2.2), named like the ALB columns they
 * match. A TCP listener writes the request as "- - - " (three dashes, each
 * followed by a space). AWS's pattern has an alternative "- " for the
 * protocol of that form, but its greedy URL group never lets it apply (the URL
 * becomes "- -"); a lazy URL group reads it as "-", "-", "- " and splits every
 * other request line where the greedy one does, since the protocol holds no
 * space. user_agent is read without its quotes, unlike AWS's elb_logs table.
 */
static const lp_line_field clb_fields[] = {
	{ "time", "string", "([^ ]*)" },
	{ "elb", "string", " ([^ ]*)" },
	{ "client_ip", "string", " ([^ ]*)" },
	{ "client_port", "int", ":([0-9]*)" },
	{ "backend_ip", "string", " ([^ ]*)" },
	{ "backend_port", "int", "[:-]([0-9]*)" },
	{ "request_processing_time", "double", " ([-.0-9]*)" },
	{ "backend_processing_time", "double", " ([-.0-9]*)" },
	{ "response_processing_time", "double", " ([-.0-9]*)" },
	{ "elb_status_code", "string", " (-|[0-9]*)" },
	{ "backend_status_code", "string", " (-|[0-9]*)" },
	{ "received_bytes", "bigint", " ([-0-9]*)" },
	{ "sent_bytes", "bigint", " ([-0-9]*)" },
	{ "request_verb", "string", " \"([^ ]*)" },
	{ "request_url", "string", " (.*?)" },
	{ "request_proto", "string", " (- |[^ ]*)\"" },
	{ "user_agent", "string", " \"([^\"]*)\"" },
	{ "ssl_cipher", "string", " ([A-Z0-9_-]+)" },
	{ "ssl_protocol", "string", " ([A-Za-z0-9.-]*)" },
};

/*
 * ALB connection logs (aws-facts-2026-12 §1.6), named as AWS's
 * alb_connection_logs table names them. The client certificate's subject is
 * a distinguished name, which may hold spaces ("O=Example Corp"), so it
 * reads up to its closing quote. conn_trace_id, the key that joins a
 * connection to its requests in the access log, is optional as in AWS's
 * pattern, then the capturing tail takes whatever is appended next.
 */
static const lp_line_field alb_conn_fields[] = {
	{ "time", "string", "([^ ]*)" },
	{ "client_ip", "string", " ([^ ]*)" },
	{ "client_port", "int", " ([0-9]*)" },
	{ "listener_port", "int", " ([0-9]*)" },
	{ "tls_protocol", "string", " ([A-Za-z0-9.-]*)" },
	{ "tls_cipher", "string", " ([^ ]*)" },
	{ "tls_handshake_latency", "double", " ([-.0-9]*)" },
	{ "leaf_client_cert_subject", "string", " \"([^\"]*)\"" },
	{ "leaf_client_cert_validity", "string", " ([^ ]*)" },
	{ "leaf_client_cert_serial_number", "string", " ([^ ]*)" },
	{ "tls_verify_status", "string", " ([^ ]*)" },
	{ "conn_trace_id", "string", "(?: ([^ ]*))?" },
};

/*
 * S3 server access logs (aws-facts-2026-12 §4), named and typed as the S3
 * guide's Athena table names them. Unlike that table, the quoted fields are
 * read without their quotes (a bare "-" leaves the column NULL). A byte
 * count written "-" (the guide: "- if zero") is captured and fails the
 * bigint conversion, as in AWS's table: Athena cannot tell that NULL from
 * any other failed conversion, so `samples` and `samples --athena` both
 * count it and give the same verdicts. Lines written before a field existed
 * end earlier, so each field from hostid on is optional on its own, where
 * the guide's table makes them optional as a block. The current examples
 * end with one more token, a Region, whose field name is not known (§4): it
 * lands in the tail column until it is.
 */
static const lp_line_field s3_access_fields[] = {
	{ "bucketowner", "string", "([^ ]*)" },
	{ "bucket_name", "string", " ([^ ]*)" },
	{ "requestdatetime", "string", " \\[([^\\]]*)\\]" },
	{ "remoteip", "string", " ([^ ]*)" },
	{ "requester", "string", " ([^ ]*)" },
	{ "requestid", "string", " ([^ ]*)" },
	{ "operation", "string", " ([^ ]*)" },
	{ "key", "string", " ([^ ]*)" },
	{ "request_uri", "string", " (?:\"([^\"]*)\"|-)" },
	{ "httpstatus", "string", " (-|[0-9]*)" },
	{ "errorcode", "string", " ([^ ]*)" },
	{ "bytessent", "bigint", " ([^ ]*)" },
	{ "objectsize", "bigint", " ([^ ]*)" },
	{ "totaltime", "string", " ([^ ]*)" },
	{ "turnaroundtime", "string", " ([^ ]*)" },
	{ "referrer", "string", " (?:\"([^\"]*)\"|-)" },
	{ "useragent", "string", " (?:\"([^\"]*)\"|-)" },
	{ "versionid", "string", " ([^ ]*)" },
	{ "hostid", "string", "(?: ([^ ]*))?" },
	{ "sigv", "string", "(?: ([^ ]*))?" },
	{ "ciphersuite", "string", "(?: ([^ ]*))?" },
	{ "authtype", "string", "(?: ([^ ]*))?" },
	{ "endpoint", "string", "(?: ([^ ]*))?" },
	{ "tlsversion", "string", "(?: ([^ ]*))?" },
	{ "accesspointarn", "string", "(?: ([^ ]*))?" },
	{ "aclrequired", "string", "(?: ([^ ]*))?" },
};

/*
 * VPC Flow Logs fields (aws-facts-2026-12 §5), each as it is written in a
 * LogFormat string and typed as AWS's vpc_flow_logs table types it; the
 * column is the name with '-' turned into '_'. A flow log writes '-' for a
 * field that does not apply (a NODATA record's addresses and ports), which
 * an int or bigint column reads as NULL by conversion, as Athena would.
 * The v7 ECS fields and the later ones are known only from secondary
 * sources, so they are strings: a wrong guess cannot NULL a value.
 */
static const struct {
	const char *name, *type;
} vpc_known[] = {
	{ "version", "int" },
	{ "account-id", "string" },
	{ "interface-id", "string" },
	{ "srcaddr", "string" },
	{ "dstaddr", "string" },
	{ "srcport", "int" },
	{ "dstport", "int" },
	{ "protocol", "bigint" },
	{ "packets", "bigint" },
	{ "bytes", "bigint" },
	{ "start", "bigint" },
	{ "end", "bigint" },
	{ "action", "string" },
	{ "log-status", "string" },
	/* v3 */
	{ "vpc-id", "string" },
	{ "subnet-id", "string" },
	{ "instance-id", "string" },
	{ "tcp-flags", "int" },
	{ "type", "string" },
	{ "pkt-srcaddr", "string" },
	{ "pkt-dstaddr", "string" },
	/* v4 */
	{ "region", "string" },
	{ "az-id", "string" },
	{ "sublocation-type", "string" },
	{ "sublocation-id", "string" },
	/* v5 */
	{ "pkt-src-aws-service", "string" },
	{ "pkt-dst-aws-service", "string" },
	{ "flow-direction", "string" },
	{ "traffic-path", "int" },
	/* v7 and later (secondary) */
	{ "ecs-cluster-arn", "string" },
	{ "ecs-cluster-name", "string" },
	{ "ecs-container-instance-arn", "string" },
	{ "ecs-container-instance-id", "string" },
	{ "ecs-container-id", "string" },
	{ "ecs-second-container-id", "string" },
	{ "ecs-service-name", "string" },
	{ "ecs-task-definition-arn", "string" },
	{ "ecs-task-arn", "string" },
	{ "ecs-task-id", "string" },
	{ "reject-reason", "string" },
	{ "resource-id", "string" },
	{ "encryption-status", "string" },
};

/* The flow log's default format: the 14 version 2 fields (§5). */
#define LP_VPC_DEFAULT_FORMAT                                                                                    \
	"${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} "       \
	"${packets} ${bytes} ${start} ${end} ${action} ${log-status}"

static const lp_line_field vpc_default_fields[] = {
	{ "version", "int", "([^ ]*)" },
	{ "account_id", "string", " ([^ ]*)" },
	{ "interface_id", "string", " ([^ ]*)" },
	{ "srcaddr", "string", " ([^ ]*)" },
	{ "dstaddr", "string", " ([^ ]*)" },
	{ "srcport", "int", " ([^ ]*)" },
	{ "dstport", "int", " ([^ ]*)" },
	{ "protocol", "bigint", " ([^ ]*)" },
	{ "packets", "bigint", " ([^ ]*)" },
	{ "bytes", "bigint", " ([^ ]*)" },
	{ "start", "bigint", " ([^ ]*)" },
	{ "end", "bigint", " ([^ ]*)" },
	{ "action", "string", " ([^ ]*)" },
	{ "log_status", "string", " ([^ ]*)" },
};

/*
 * CloudFront standard logs, legacy (aws-facts-2026-12 §3.1): W3C, one
 * request per line, fields separated by tabs, values URL-encoded (so no
 * field holds a tab or a space), '-' when empty. Named and typed as AWS's
 * current cloudfront_standard_logs table (cs_referrer, date a DATE, the
 * byte counts bigint, the times float). The last seven fields were appended
 * over time, so each is optional, and the tail takes what comes next.
 */
static const lp_line_field cloudfront_fields[] = {
	{ "date", "date", "([^\\t]*)" },
	{ "time", "string", "\\t([^\\t]*)" },
	{ "x_edge_location", "string", "\\t([^\\t]*)" },
	{ "sc_bytes", "bigint", "\\t([^\\t]*)" },
	{ "c_ip", "string", "\\t([^\\t]*)" },
	{ "cs_method", "string", "\\t([^\\t]*)" },
	{ "cs_host", "string", "\\t([^\\t]*)" },
	{ "cs_uri_stem", "string", "\\t([^\\t]*)" },
	{ "sc_status", "int", "\\t([^\\t]*)" },
	{ "cs_referrer", "string", "\\t([^\\t]*)" },
	{ "cs_user_agent", "string", "\\t([^\\t]*)" },
	{ "cs_uri_query", "string", "\\t([^\\t]*)" },
	{ "cs_cookie", "string", "\\t([^\\t]*)" },
	{ "x_edge_result_type", "string", "\\t([^\\t]*)" },
	{ "x_edge_request_id", "string", "\\t([^\\t]*)" },
	{ "x_host_header", "string", "\\t([^\\t]*)" },
	{ "cs_protocol", "string", "\\t([^\\t]*)" },
	{ "cs_bytes", "bigint", "\\t([^\\t]*)" },
	{ "time_taken", "float", "\\t([^\\t]*)" },
	{ "x_forwarded_for", "string", "\\t([^\\t]*)" },
	{ "ssl_protocol", "string", "\\t([^\\t]*)" },
	{ "ssl_cipher", "string", "\\t([^\\t]*)" },
	{ "x_edge_response_result_type", "string", "\\t([^\\t]*)" },
	{ "cs_protocol_version", "string", "\\t([^\\t]*)" },
	{ "fle_status", "string", "\\t([^\\t]*)" },
	{ "fle_encrypted_fields", "int", "\\t([^\\t]*)" },
	{ "c_port", "int", "(?:\\t([^\\t]*))?" },
	{ "time_to_first_byte", "float", "(?:\\t([^\\t]*))?" },
	{ "x_edge_detailed_result_type", "string", "(?:\\t([^\\t]*))?" },
	{ "sc_content_type", "string", "(?:\\t([^\\t]*))?" },
	{ "sc_content_len", "bigint", "(?:\\t([^\\t]*))?" },
	{ "sc_range_start", "bigint", "(?:\\t([^\\t]*))?" },
	{ "sc_range_end", "bigint", "(?:\\t([^\\t]*))?" },
};

/*
 * AWS WAF logs (aws-facts-2026-12 §6.1): one JSON object per line, read by
 * the OpenX JSON SerDe AWS's waf_logs table uses, which matches keys to
 * columns in any case. The columns are AWS's, with the types the WAF
 * guide's own examples show where AWS's table disagrees with them:
 * requestHeadersInserted is a list of {name, value} (AWS: string),
 * responseCodeSent and the CAPTCHA response codes are numbers (AWS:
 * string), and a rule group's terminating rule has the same match details
 * as the others (AWS: string). challengeResponse is AWS's later column.
 */
#define WAF_MATCH "struct<conditiontype:string,location:string,matcheddata:array<string>>"
#define WAF_CAPTCHA "struct<responsecode:int,solvetimestamp:bigint,failurereason:string>"
static const lp_line_field waf_fields[] = {
	{ "timestamp", "bigint", NULL },
	{ "formatversion", "int", NULL },
	{ "webaclid", "string", NULL },
	{ "terminatingruleid", "string", NULL },
	{ "terminatingruletype", "string", NULL },
	{ "action", "string", NULL },
	{ "terminatingrulematchdetails", "array<" WAF_MATCH ">", NULL },
	{ "httpsourcename", "string", NULL },
	{ "httpsourceid", "string", NULL },
	{ "rulegrouplist",
		"array<struct<rulegroupid:string,terminatingrule:struct<ruleid:string,action:string,rulematchdetails:array<"
		WAF_MATCH ">>,nonterminatingmatchingrules:array<struct<ruleid:string,action:string,rulematchdetails:array<"
		WAF_MATCH ">>>,excludedrules:array<struct<ruleid:string,exclusiontype:string>>>>",
		NULL },
	{ "ratebasedrulelist",
		"array<struct<ratebasedruleid:string,ratebasedrulename:string,limitkey:string,limitvalue:string,"
		"maxrateallowed:int>>",
		NULL },
	{ "nonterminatingmatchingrules",
		"array<struct<ruleid:string,action:string,rulematchdetails:array<" WAF_MATCH ">,captcharesponse:" WAF_CAPTCHA
		">>",
		NULL },
	{ "requestheadersinserted", "array<struct<name:string,value:string>>", NULL },
	{ "responsecodesent", "int", NULL },
	{ "httprequest",
		"struct<clientip:string,country:string,headers:array<struct<name:string,value:string>>,uri:string,"
		"args:string,httpversion:string,httpmethod:string,requestid:string>",
		NULL },
	{ "labels", "array<struct<name:string>>", NULL },
	{ "captcharesponse", WAF_CAPTCHA, NULL },
	{ "challengeresponse", WAF_CAPTCHA, NULL },
};

/*
 * CloudTrail (aws-facts-2026-12 §6.2): each file is one JSON object whose
 * "Records" array holds the events, which CloudTrailInputFormat turns into
 * rows for Hive's JSON SerDe, as AWS's current table reads them. The
 * columns are AWS's; requestParameters, responseElements,
 * additionalEventData and serviceEventDetails are strings holding the JSON
 * text (query them with json_extract).
 */
static const lp_line_field cloudtrail_fields[] = {
	{ "eventversion", "string", NULL },
	{ "useridentity",
		"struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,"
		"username:string,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,"
		"sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>>>",
		NULL },
	{ "eventtime", "string", NULL },
	{ "eventsource", "string", NULL },
	{ "eventname", "string", NULL },
	{ "awsregion", "string", NULL },
	{ "sourceipaddress", "string", NULL },
	{ "useragent", "string", NULL },
	{ "errorcode", "string", NULL },
	{ "errormessage", "string", NULL },
	{ "requestparameters", "string", NULL },
	{ "responseelements", "string", NULL },
	{ "additionaleventdata", "string", NULL },
	{ "requestid", "string", NULL },
	{ "eventid", "string", NULL },
	{ "resources", "array<struct<arn:string,accountid:string,type:string>>", NULL },
	{ "eventtype", "string", NULL },
	{ "apiversion", "string", NULL },
	{ "readonly", "string", NULL },
	{ "recipientaccountid", "string", NULL },
	{ "serviceeventdetails", "string", NULL },
	{ "sharedeventid", "string", NULL },
	{ "vpcendpointid", "string", NULL },
	{ "tlsdetails", "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>", NULL },
};

/*
 * CloudFront standard logging v2 (aws-facts-2026-12 §3.2): the 33 legacy
 * fields, named as the Athena guide's Parquet table names them (cs_referer
 * with one r, unlike the legacy table) and typed string as AWS's files and
 * that table are: a Parquet column is read by name and type, so an int
 * column over a string one fails the query rather than converting. The
 * JSON output names them as written, in the parallel list below.
 */
static const lp_line_field cf_v2_fields[] = {
	{ "date", "string", NULL },
	{ "time", "string", NULL },
	{ "x_edge_location", "string", NULL },
	{ "sc_bytes", "string", NULL },
	{ "c_ip", "string", NULL },
	{ "cs_method", "string", NULL },
	{ "cs_host", "string", NULL },
	{ "cs_uri_stem", "string", NULL },
	{ "sc_status", "string", NULL },
	{ "cs_referer", "string", NULL },
	{ "cs_user_agent", "string", NULL },
	{ "cs_uri_query", "string", NULL },
	{ "cs_cookie", "string", NULL },
	{ "x_edge_result_type", "string", NULL },
	{ "x_edge_request_id", "string", NULL },
	{ "x_host_header", "string", NULL },
	{ "cs_protocol", "string", NULL },
	{ "cs_bytes", "string", NULL },
	{ "time_taken", "string", NULL },
	{ "x_forwarded_for", "string", NULL },
	{ "ssl_protocol", "string", NULL },
	{ "ssl_cipher", "string", NULL },
	{ "x_edge_response_result_type", "string", NULL },
	{ "cs_protocol_version", "string", NULL },
	{ "fle_status", "string", NULL },
	{ "fle_encrypted_fields", "string", NULL },
	{ "c_port", "string", NULL },
	{ "time_to_first_byte", "string", NULL },
	{ "x_edge_detailed_result_type", "string", NULL },
	{ "sc_content_type", "string", NULL },
	{ "sc_content_len", "string", NULL },
	{ "sc_range_start", "string", NULL },
	{ "sc_range_end", "string", NULL },
};

static const char *const cf_v2_names[] = { "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method",
	"cs(Host)", "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)",
	"x-edge-result-type", "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken",
	"x-forwarded-for", "ssl-protocol", "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version",
	"fle-status", "fle-encrypted-fields", "c-port", "time-to-first-byte", "x-edge-detailed-result-type",
	"sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end" };

_Static_assert(sizeof(cf_v2_names) / sizeof(cf_v2_names[0]) == sizeof(cf_v2_fields) / sizeof(cf_v2_fields[0]),
	"one written name per v2 column");

/*
 * The suffix-path variables public examples use (§3.2: SECONDARY, spelt both
 * {DistributionId} and {distributionid}), the partition each renders and
 * the folder name a Hive-compatible path gives it, as the one public
 * example shows (DistributionId=, year=, ..., aws-account-id=): unconfirmed.
 */
static const struct {
	const char *name, *column, *hive;
} cf_variables[] = {
	{ "DistributionId", "distributionid", "DistributionId" },
	{ "distributionid", "distributionid", "DistributionId" },
	{ "yyyy", "year", "year" },
	{ "MM", "month", "month" },
	{ "dd", "day", "day" },
	{ "HH", "hour", "hour" },
	{ "accountid", NULL, "aws-account-id" },
};

#define NFIELDS(v) (sizeof(v) / sizeof((v)[0]))

/* In lp_source_kind order, so lp_line_format_of can index. */
static const lp_line_format formats[] = {
	{ "alb", "ALB access logs", LP_LAYOUT_ELB, alb_fields, NFIELDS(alb_fields), "appended_fields",
		/* The first example of the ALB guide with the two-target lists its field table describes. */
		"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 "
		"0.000 0.001 0.000 502 502 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
		"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
		"\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" "
		"\"-\" \"10.0.0.1:80 10.0.0.2:80\" \"502 200\" \"-\" \"-\"",
		"a line whose target:port_list holds two targets, as the ALB guide documents", NULL, 0, NULL, NULL },
	{ "nlb", "NLB access logs", LP_LAYOUT_ELB, nlb_fields, NFIELDS(nlb_fields), "appended_fields",
		/* The NLB guide's second example (an ALPN policy) with the field the current Athena DDL reads. */
		"tls 2.0 2020-04-01T08:51:42 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd "
		"72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - "
		"arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - "
		"ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com "
		"h2 h2 \"h2\",\"http/1.1\" 2020-04-01T08:51:20",
		"a line that ends in tls_connection_creation_time, as AWS's current Athena table reads", NULL, 0, NULL, NULL },
	{ "clb", "Classic Load Balancer access logs", LP_LAYOUT_ELB, clb_fields, NFIELDS(clb_fields), "appended_fields",
		/* The Classic guide's TCP example. */
		"2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - "
		"- 82 305 \"- - - \" \"-\" - -",
		"a TCP listener line, whose request is \"- - - \" as the Classic guide documents", NULL, 0, NULL, NULL },
	{ "alb_connection", "ALB connection logs", LP_LAYOUT_ELB, alb_conn_fields, NFIELDS(alb_conn_fields),
		"appended_fields",
		/* The field table's shape with a client certificate whose subject holds spaces, as distinguished names do. */
		"2024-05-22T10:00:00.123456Z 203.0.113.10 51341 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "
		"\"CN=client.example.com,O=Example Corp,C=US\" NotBefore=2024-01-01T00:00:00Z;NotAfter=2025-01-01T00:00:00Z "
		"4f0c0ea1d8a8e2b1 Success TID_dc57cebed65b444ebc8177bb698fe166",
		"a line whose client certificate subject holds a space, as distinguished names do", NULL, 0, NULL, NULL },
	{ "s3_access", "S3 server access logs", LP_LAYOUT_S3_PARTITIONED, s3_access_fields, NFIELDS(s3_access_fields),
		"appended_fields",
		/* The S3 guide's first example with a User-Agent as real clients send it, and the later fields. */
		"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 "
		"[06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
		"3E57427F3EXAMPLE REST.GET.VERSIONING - \"GET /awsexamplebucket1?versioning HTTP/1.1\" 200 - 113 - 7 - \"-\" "
		"\"aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64\" - "
		"s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 "
		"ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSv1.2 - Yes us-west-1",
		"a line whose User-Agent holds spaces, as the AWS CLI and SDKs send it", NULL, 0, NULL, NULL },
	/* The default format; a source's own LogFormat replaces the fields (lp_line_format_vpc). */
	{ "vpc_flow", "VPC Flow Logs", LP_LAYOUT_VPC, vpc_default_fields, NFIELDS(vpc_default_fields), "appended_fields",
		/* The VPC guide's no-data record. */
		"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
		"a NODATA record, whose addresses and ports are '-', as the VPC guide documents", NULL, 1, NULL, NULL },
	{ "cloudfront", "CloudFront standard logs", LP_LAYOUT_FLAT, cloudfront_fields, NFIELDS(cloudfront_fields),
		"appended_fields",
		/* The guide's first record as written before c-port and the six fields after it existed. */
		"2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\t"
		"Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)\t-\t-\tHit\t"
		"SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\t"
		"TLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-",
		"a record written before c-port and the six fields after it were appended", "(?:\\t(.*))?", 2, NULL, NULL },
	{ "waf", "AWS WAF logs", LP_LAYOUT_WAF, waf_fields, NFIELDS(waf_fields), NULL,
		/* The WAF guide's CAPTCHA example's shape: headers inserted into the request, a numeric response code. */
		"{\"timestamp\":1632420429309,\"formatVersion\":1,\"action\":\"ALLOW\",\"requestHeadersInserted\":"
		"[{\"name\":\"x-amzn-waf-test-header-name\",\"value\":\"test-header-value\"}],\"responseCodeSent\":405,"
		"\"nonTerminatingMatchingRules\":[{\"ruleId\":\"captcha-rule\",\"action\":\"CAPTCHA\",\"ruleMatchDetails\":[],"
		"\"captchaResponse\":{\"responseCode\":0,\"solveTimestamp\":1632420429}}]}",
		"a record with the request headers WAF inserted, as the WAF guide's CAPTCHA example shows", NULL, 0,
		"org.openx.data.jsonserde.JsonSerDe", NULL },
	{ "cloudtrail", "CloudTrail logs", LP_LAYOUT_CLOUDTRAIL, cloudtrail_fields, NFIELDS(cloudtrail_fields), NULL,
		/* The CloudTrail guide's error example, cut to the keys whose shape matters. */
		"{\"eventVersion\":\"1.04\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"EX_PRINCIPAL_ID\","
		"\"arn\":\"arn:aws:iam::123456789012:user/Alice\",\"accountId\":\"123456789012\"},\"eventTime\":"
		"\"2016-07-14T19:15:45Z\",\"errorCode\":\"TrailNotFoundException\",\"requestParameters\":{\"name\":"
		"\"myTrail2\"},\"responseElements\":null}",
		"an event whose userIdentity is an object and whose requestParameters hold JSON, as the CloudTrail guide "
		"shows",
		NULL, 0, "org.apache.hive.hcatalog.data.JsonSerDe", "com.amazon.emr.cloudtrail.CloudTrailInputFormat" },
};

_Static_assert(sizeof(formats) / sizeof(formats[0]) == LP_SOURCE_NKINDS, "one line format per source kind");

const lp_line_format *lp_line_format_find(const char *key)
{
	size_t i;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].key, key))
			return &formats[i];
	return NULL;
}

const lp_line_format *lp_line_format_alb(void)
{
	return &formats[LP_SOURCE_ALB];
}

const lp_line_format *lp_line_format_of(lp_source_kind k)
{
	return &formats[k];
}

size_t lp_line_format_ncolumns(const lp_line_format *f)
{
	return f->nfields + (f->tail_column != NULL);
}

void lp_line_format_regex(lp_buf *out, const lp_line_format *f)
{
	size_t i;
	for (i = 0; i < f->nfields; i++)
		lp_buf_puts(out, f->fields[i].re);
	if (f->tail_column)
		lp_buf_puts(out, f->tail_re ? f->tail_re : LP_LINE_TAIL_RE);
}

const char *lp_line_format_vpc_default(void)
{
	return LP_VPC_DEFAULT_FORMAT;
}

const char *lp_line_format_vpc_field(size_t i)
{
	return i < NFIELDS(vpc_known) ? vpc_known[i].name : NULL;
}

const char *lp_line_format_vpc_type(const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < NFIELDS(vpc_known); i++)
		if (strlen(vpc_known[i].name) == len && !strncmp(vpc_known[i].name, name, len))
			return vpc_known[i].type;
	return NULL;
}

int lp_line_format_vpc(lp_line_format *out, lp_arena *a, const char *log_format, size_t *bad_off, size_t *bad_len)
{
	const char *s = log_format, *p;
	size_t n = 0, cap = 1, i;
	lp_line_field *fields;
	*bad_off = *bad_len = 0;
	for (p = log_format; *p; p++)
		cap += *p == ' ';
	fields = lp_arena_alloc(a, cap * sizeof(*fields));
	while (*s) {
		const char *name, *end, *type;
		size_t len;
		char *col;
		if (n > 0) {
			if (*s != ' ' || s[1] == ' ' || !s[1])
				goto bad_sep;
			s++;
		}
		if (strncmp(s, "${", 2) || !(end = strchr(s + 2, '}')) || memchr(s, ' ', (size_t)(end - s))) {
			*bad_off = (size_t)(s - log_format);
			for (*bad_len = 0; s[*bad_len] && s[*bad_len] != ' '; (*bad_len)++)
				;
			return LP_LINE_VPC_NOT_FIELD;
		}
		name = s + 2;
		len = (size_t)(end - name);
		if (!(type = lp_line_format_vpc_type(name, len))) {
			*bad_off = (size_t)(name - log_format);
			*bad_len = len;
			return LP_LINE_VPC_UNKNOWN;
		}
		col = lp_arena_alloc(a, len + 1);
		for (i = 0; i < len; i++)
			col[i] = name[i] == '-' ? '_' : name[i];
		col[len] = '\0';
		for (i = 0; i < n; i++)
			if (!strcmp(fields[i].column, col)) {
				*bad_off = (size_t)(name - log_format);
				*bad_len = len;
				return LP_LINE_VPC_TWICE;
			}
		fields[n].column = col;
		fields[n].type = type;
		fields[n].re = n == 0 ? "([^ ]*)" : " ([^ ]*)";
		n++;
		s = end + 1;
	}
	if (n == 0)
		return LP_LINE_VPC_EMPTY;
	*out = *lp_line_format_of(LP_SOURCE_VPC_FLOW);
	out->fields = fields;
	out->nfields = n;
	/* The NODATA probe is a default-format line: a custom format has its own shape. */
	if (strcmp(log_format, LP_VPC_DEFAULT_FORMAT)) {
		out->probe_line = NULL;
		out->probe_what = NULL;
	}
	return 0;
bad_sep:
	*bad_off = (size_t)(s - log_format);
	*bad_len = 1;
	return LP_LINE_VPC_SEPARATOR;
}

const char *lp_line_format_cf_v2_field(size_t i)
{
	return i < NFIELDS(cf_v2_names) ? cf_v2_names[i] : NULL;
}

const char *lp_line_format_cf_v2_field_of(const char *column)
{
	size_t i;
	for (i = 0; i < NFIELDS(cf_v2_fields); i++)
		if (!strcasecmp(cf_v2_fields[i].column, column))
			return cf_v2_names[i];
	return NULL;
}

static const lp_line_format cf_v2_format = { "cloudfront", "CloudFront standard logs (v2)", LP_LAYOUT_CLOUDFRONT_V2,
	cf_v2_fields, NFIELDS(cf_v2_fields), NULL, NULL, NULL, NULL, 0, "org.openx.data.jsonserde.JsonSerDe", NULL };

const lp_line_format *lp_line_format_cf_v2_all(void)
{
	return &cf_v2_format;
}

int lp_line_format_cf_v2(lp_line_format *out, lp_arena *a, const char *const *fields, size_t n, size_t *bad)
{
	unsigned char chosen[NFIELDS(cf_v2_fields)] = { 0 };
	lp_line_field *v;
	size_t i, k, nv = 0;
	*bad = 0;
	*out = cf_v2_format;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < NFIELDS(cf_v2_names) && strcmp(cf_v2_names[k], fields[i]); k++)
			;
		*bad = i;
		if (k == NFIELDS(cf_v2_names))
			return LP_LINE_CF_UNKNOWN;
		if (chosen[k]++)
			return LP_LINE_CF_TWICE;
	}
	v = lp_arena_alloc(a, n * sizeof(*v));
	for (k = 0; k < NFIELDS(cf_v2_fields); k++)
		if (chosen[k])
			v[nv++] = cf_v2_fields[k];
	out->fields = v;
	out->nfields = nv;
	return 0;
}

const char *lp_line_format_cf_variable(size_t i)
{
	return i < NFIELDS(cf_variables) ? cf_variables[i].name : NULL;
}

int lp_line_format_cf_suffix(lp_cf_suffix_part *parts, size_t *nparts, const char *path, size_t *bad_off,
	size_t *bad_len)
{
	const char *s = path, *e;
	size_t i, k, len;
	*nparts = 0;
	*bad_off = *bad_len = 0;
	while ((s = strchr(s, '{')) != NULL) {
		*bad_off = (size_t)(s - path);
		if (!(e = strchr(s, '}'))) {
			*bad_len = strlen(s);
			return LP_LINE_CF_UNCLOSED;
		}
		len = (size_t)(e - s - 1);
		*bad_len = len + 2;
		for (k = 0; k < NFIELDS(cf_variables); k++)
			if (strlen(cf_variables[k].name) == len && !strncmp(cf_variables[k].name, s + 1, len))
				break;
		if (k == NFIELDS(cf_variables))
			return LP_LINE_CF_UNKNOWN;
		for (i = 0; i < *nparts; i++)
			if (!strcmp(parts[i].hive, cf_variables[k].hive))
				return LP_LINE_CF_TWICE;
		if (*nparts == LP_CF_SUFFIX_MAX)
			return LP_LINE_CF_TWICE;
		parts[*nparts].column = cf_variables[k].column;
		parts[*nparts].hive = cf_variables[k].hive;
		parts[*nparts].off = (size_t)(s - path);
		parts[*nparts].len = len + 2;
		(*nparts)++;
		s = e + 1;
	}
	return 0;
}
