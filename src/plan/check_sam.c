#include "check_sam.h"

#include "util/buf.h"

static const char *fix(lp_buf *b, const char *fragment, const char *where, const char *otherwise)
{
	lp_buf_clear(b);
	if (fragment)
		lp_buf_printf(b, "merge %s from the generated '%s' into this template", where, fragment);
	else
		lp_buf_puts(b, otherwise);
	return b->ptr;
}

static void report_implicit(const lp_sam_info *info, const char *fragment, lp_buf *help, lp_diag *d)
{
	size_t i;
	int rest_ok = info->globals_access_log && info->globals_method_settings && !info->globals_logging_off;
	for (i = 0; i < info->nimplicit; i++) {
		const lp_sam_event *e = &info->implicit[i];
		lp_diag_entry *de;
		if (e->http) {
			/* an implicit HTTP API takes its settings from Globals.HttpApi */
			if (info->globals_http_access_log)
				continue;
			/* api-gwv2-access-logs-enabled marks a v2 stage without access logs NON_COMPLIANT. */
			de = lp_diag_error(d, "LP-SAM-IMPLICIT-API", &e->type->span,
				fix(help, fragment, "Globals.HttpApi",
					"add Globals.HttpApi.AccessLogSettings {DestinationArn, Format}, or give the event ApiId: "
					"!Ref an AWS::Serverless::HttpApi that has AccessLogSettings"),
				"event '%s' of function '%s' creates an implicit HTTP API (ServerlessHttpApi) without access logs",
				e->event, e->function);
		} else {
			if (rest_ok)
				continue;
			/*
			 * Without MethodSettings (or with logging off) Config's
			 * api-gw-execution-logging-enabled marks the stage
			 * NON_COMPLIANT: an error. Missing access logs alone are no
			 * Config verdict on a REST stage: a warning.
			 */
			int noncompliant = info->globals_logging_off || !info->globals_method_settings;
			de = lp_diag_add(d, noncompliant ? LP_SEV_ERROR : LP_SEV_WARNING, "LP-SAM-IMPLICIT-API", &e->type->span,
				fix(help, fragment, "Globals.Api",
					"add AccessLogSetting and MethodSettings (HttpMethod '*', ResourcePath '/*', LoggingLevel "
					"ERROR) under Globals.Api, the only place that configures an implicit API"),
				noncompliant ? "event '%s' of function '%s' creates an implicit REST API (ServerlessRestApi, stage Prod) "
				"and Globals.Api %s, so api-gw-execution-logging-enabled fails"
				: "event '%s' of function '%s' creates an implicit REST API (ServerlessRestApi, stage Prod) "
				"and Globals.Api %s: the stage writes no access logs",
				e->event, e->function,
				info->globals_logging_off ? "turns execution logging off"
				: !info->globals_access_log && !info->globals_method_settings
					? "has neither AccessLogSetting nor MethodSettings"
					: !info->globals_access_log ? "has no AccessLogSetting" : "has no MethodSettings");
		}
		de->target = lp_diag_intern(d, e->function);
	}
}

static void report_api(const lp_sam_info *info, const lp_sam_api *api, const char *fragment, lp_buf *help,
	lp_diag *d)
{
	const lp_node *off = api->logging_off ? api->logging_off : info->globals_logging_off;
	const char *where = lp_sam_needs_globals(info) ? "Globals.Api" : "the settings of this resource";
	lp_diag_entry *de = NULL;
	if (api->http)
		return;
	if (!api->has_access_log && !info->globals_access_log) {
		de = lp_diag_warning(d, "LP-SAM-API-ACCESS-LOG", &api->key->span,
			fix(help, fragment, where,
				"add AccessLogSetting {DestinationArn, Format} with a one-line Format that contains "
				"$context.requestId"),
			"API '%s' has no AccessLogSetting, so its stage writes no access logs", api->logical_id);
		de->target = lp_diag_intern(d, api->logical_id);
	}
	if (!api->has_method_settings && !info->globals_method_settings) {
		de = lp_diag_warning(d, "LP-SAM-API-EXECUTION-LOG", &api->key->span,
			fix(help, fragment, where,
				"add MethodSettings [{HttpMethod: '*', ResourcePath: '/*', LoggingLevel: ERROR, "
				"MetricsEnabled: true}]"),
			"API '%s' has no MethodSettings, so execution logging is off and "
			"api-gw-execution-logging-enabled fails", api->logical_id);
	} else if (off) {
		de = lp_diag_warning(d, "LP-SAM-API-EXECUTION-LOG", &off->span,
			"set LoggingLevel to ERROR or INFO on every MethodSettings entry",
			"API '%s' turns execution logging off (LoggingLevel is not ERROR or INFO), so "
			"api-gw-execution-logging-enabled fails", api->logical_id);
	} else {
		return;
	}
	de->target = lp_diag_intern(d, api->logical_id);
}

void lp_sam_report(const lp_sam_info *info, const char *fragment, lp_diag *d)
{
	lp_buf help = LP_BUF_INIT;
	size_t i;
	report_implicit(info, fragment, &help, d);
	for (i = 0; i < info->napis; i++)
		report_api(info, &info->apis[i], fragment, &help, d);
	lp_buf_release(&help);
}
