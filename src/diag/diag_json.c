#include <cjson/cJSON.h>

#include "diag.h"
#include "util/json.h"
#include "util/mem.h"

/*
 * Stable machine-readable form: {"diagnostics": [...], "summary": {...}}.
 * Keys are always present so consumers need no existence checks.
 */
int lp_diag_print_json(lp_buf *out, lp_diag *d)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "diagnostics");
	cJSON *sum;
	size_t i, counts[3] = { 0, 0, 0 }, suppressed = 0;
	lp_diag_sort(d);
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "severity", lp_severity_name(e->severity));
		if (e->rule)
			cJSON_AddStringToObject(o, "rule", e->rule);
		else
			cJSON_AddNullToObject(o, "rule");
		if (e->span.file)
			cJSON_AddStringToObject(o, "file", e->span.file);
		else
			cJSON_AddNullToObject(o, "file");
		cJSON_AddNumberToObject(o, "line", e->span.line);
		cJSON_AddNumberToObject(o, "column", e->span.col);
		cJSON_AddNumberToObject(o, "end_line", e->span.end_line ? e->span.end_line : e->span.line);
		cJSON_AddNumberToObject(o, "end_column", e->span.end_col ? e->span.end_col : e->span.col);
		cJSON_AddStringToObject(o, "message", e->message);
		if (e->help)
			cJSON_AddStringToObject(o, "help", e->help);
		if (e->target)
			cJSON_AddStringToObject(o, "target", e->target);
		if (e->suppressed) {
			cJSON_AddStringToObject(o, "suppressed", e->suppressed);
			suppressed++;
		} else {
			counts[e->severity]++;
		}
		cJSON_AddItemToArray(arr, o);
	}
	sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(sum, "errors", (double)counts[LP_SEV_ERROR]);
	cJSON_AddNumberToObject(sum, "warnings", (double)counts[LP_SEV_WARNING]);
	cJSON_AddNumberToObject(sum, "notes", (double)counts[LP_SEV_NOTE]);
	cJSON_AddNumberToObject(sum, "suppressed", (double)suppressed);
	lp_json_print(out, root);
	cJSON_Delete(root);
	return 0;
}
