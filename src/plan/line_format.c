#include "plan/line_format.h"

#include <string.h>

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

static const lp_line_format formats[] = {
	{ "alb", "ALB access logs", alb_fields, sizeof(alb_fields) / sizeof(alb_fields[0]), "appended_fields",
		/* The first example of the ALB guide with the two-target lists its field table describes. */
		"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 "
		"0.000 0.001 0.000 502 502 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
		"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
		"\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" "
		"\"-\" \"10.0.0.1:80 10.0.0.2:80\" \"502 200\" \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166",
		"a line whose target:port_list holds two targets, as the ALB guide documents" },
};

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
	return &formats[0];
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
		lp_buf_puts(out, LP_LINE_TAIL_RE);
}
