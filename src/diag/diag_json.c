#include <cjson/cJSON.h>

#include "diag.h"
#include "util/json.h"
#include "util/mem.h"

/* file, line, column, end_line, end_column: always present (file null when unknown). */
static void add_place(cJSON *o, const lp_span *sp)
{
	if (sp->file)
		cJSON_AddStringToObject(o, "file", sp->file);
	else
		cJSON_AddNullToObject(o, "file");
	cJSON_AddNumberToObject(o, "line", sp->line);
	cJSON_AddNumberToObject(o, "column", sp->col);
	cJSON_AddNumberToObject(o, "end_line", sp->end_line ? sp->end_line : sp->line);
	cJSON_AddNumberToObject(o, "end_column", sp->end_col ? sp->end_col : sp->col);
}

/* "fix": {"description", "manual", "edits": [{"start", "end", "text"}]}; offsets are bytes of the file. */
static void add_fix(cJSON *o, const lp_diag_fix *f)
{
	cJSON *fx = cJSON_AddObjectToObject(o, "fix"), *edits;
	size_t i;
	cJSON_AddStringToObject(fx, "description", f->description);
	cJSON_AddBoolToObject(fx, "manual", f->manual);
	edits = cJSON_AddArrayToObject(fx, "edits");
	for (i = 0; i < f->edits.n; i++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "start", (double)f->edits.v[i].start);
		cJSON_AddNumberToObject(x, "end", (double)f->edits.v[i].end);
		cJSON_AddStringToObject(x, "text", f->edits.v[i].text);
		cJSON_AddItemToArray(edits, x);
	}
}

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
		add_place(o, &e->span);
		cJSON_AddStringToObject(o, "message", e->message);
		if (e->help)
			cJSON_AddStringToObject(o, "help", e->help);
		if (e->target)
			cJSON_AddStringToObject(o, "target", e->target);
		if (e->related.file)
			add_place(cJSON_AddObjectToObject(o, "related"), &e->related);
		if (e->fix)
			add_fix(o, e->fix);
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
