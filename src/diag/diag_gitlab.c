#include <cjson/cJSON.h>

#include "diag/report.h"
#include "util/json.h"
#include "util/mem.h"

/* GitLab's scale (info, minor, major, critical, blocker), as eslint's and rubocop's formatters map it. */
static const char *gitlab_severity(lp_severity s)
{
	return s == LP_SEV_ERROR ? "major" : s == LP_SEV_WARNING ? "minor" : "info";
}

/*
 * GitLab Code Quality: the Code Climate issue subset GitLab reads
 * (description, check_name, fingerprint, severity, location.path,
 * location.lines.begin). Suppressed findings are not issues.
 */
int lp_diag_print_gitlab(lp_buf *out, lp_diag *d, const lp_report_opts *o)
{
	lp_report_fingerprint *fp = lp_report_fingerprints(d, o);
	cJSON *root = cJSON_CreateArray();
	lp_buf path = LP_BUF_INIT, desc = LP_BUF_INIT;
	size_t i;
	int error;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		cJSON *issue, *loc, *lines;
		if (e->suppressed)
			continue;
		issue = cJSON_CreateObject();
		lp_buf_clear(&desc);
		lp_buf_printf(&desc, "%s [%s]", e->message, e->rule ? e->rule : "LP-UNKNOWN");
		cJSON_AddStringToObject(issue, "type", "issue");
		cJSON_AddStringToObject(issue, "description", desc.ptr);
		cJSON_AddStringToObject(issue, "check_name", e->rule ? e->rule : "LP-UNKNOWN");
		cJSON_AddStringToObject(issue, "fingerprint", fp[i].s);
		cJSON_AddStringToObject(issue, "severity", gitlab_severity(e->severity));
		if (e->help) {
			cJSON *content = cJSON_AddObjectToObject(issue, "content");
			cJSON_AddStringToObject(content, "body", e->help);
		}
		loc = cJSON_AddObjectToObject(issue, "location");
		if (e->span.file)
			lp_report_path(&path, o, e->span.file);
		cJSON_AddStringToObject(loc, "path", e->span.file ? path.ptr : ".");
		lines = cJSON_AddObjectToObject(loc, "lines");
		cJSON_AddNumberToObject(lines, "begin", e->span.line ? e->span.line : 1);
		if (e->span.end_line > e->span.line)
			cJSON_AddNumberToObject(lines, "end", e->span.end_line);
		cJSON_AddItemToArray(root, issue);
	}
	error = lp_json_print(out, root);
	cJSON_Delete(root);
	lp_buf_release(&path);
	lp_buf_release(&desc);
	lp_free(fp);
	return error;
}
