#include <cjson/cJSON.h>
#include <string.h>

#include "diag/sarif.h"
#include "util/json.h"
#include "util/mem.h"

static const char *level_of(lp_severity s)
{
	return s == LP_SEV_ERROR ? "error" : s == LP_SEV_WARNING ? "warning" : "note";
}

static void add_text(cJSON *o, const char *key, const char *text)
{
	cJSON *m = cJSON_AddObjectToObject(o, key);
	cJSON_AddStringToObject(m, "text", text);
}

static cJSON *rule_json(const lp_sarif_rule *r)
{
	cJSON *o = cJSON_CreateObject(), *cfg, *props, *tags;
	cJSON_AddStringToObject(o, "id", r->id);
	if (r->name)
		cJSON_AddStringToObject(o, "name", r->name);
	add_text(o, "shortDescription", r->short_desc ? r->short_desc : r->id);
	if (r->full_desc)
		add_text(o, "fullDescription", r->full_desc);
	if (r->help)
		add_text(o, "help", r->help);
	if (r->help_uri)
		cJSON_AddStringToObject(o, "helpUri", r->help_uri);
	cfg = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(cfg, "level", level_of(r->level));
	props = cJSON_AddObjectToObject(o, "properties");
	tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("logpipe"));
	if (r->config_rule) {
		cJSON_AddItemToArray(tags, cJSON_CreateString("aws-config"));
		cJSON_AddItemToArray(tags, cJSON_CreateString(r->config_rule));
	}
	return o;
}

static long rule_index(const lp_sarif_rule *rules, size_t n, const char *id)
{
	size_t i;
	for (i = 0; id && i < n; i++)
		if (!strcmp(rules[i].id, id))
			return (long)i;
	return -1;
}

/*
 * artifactLocation.uri is a URI reference (SARIF 2.1.0 3.4.3): a file name
 * with a space, '#', '%' or '?' must be percent-encoded or viewers open the
 * wrong file. Relative names stay relative ("./" dropped); absolute ones
 * become file:// URIs.
 */
static void file_uri(lp_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	else if (path[0] == '/')
		lp_buf_puts(out, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			lp_buf_putc(out, (char)*p);
		} else {
			lp_buf_putc(out, '%');
			lp_buf_putc(out, hex[*p >> 4]);
			lp_buf_putc(out, hex[*p & 15]);
		}
	}
}

static cJSON *result_json(const lp_diag_entry *e, const lp_sarif_rule *rules, size_t nrules,
	lp_sarif_in_source_fn in_source, void *payload)
{
	cJSON *o = cJSON_CreateObject(), *locs, *loc, *phys, *art, *reg;
	long ix = rule_index(rules, nrules, e->rule);

	cJSON_AddStringToObject(o, "ruleId", e->rule ? e->rule : "LP-UNKNOWN");
	if (ix >= 0)
		cJSON_AddNumberToObject(o, "ruleIndex", (double)ix);
	cJSON_AddStringToObject(o, "level", level_of(e->severity));
	add_text(o, "message", e->message);
	locs = cJSON_AddArrayToObject(o, "locations");
	loc = cJSON_CreateObject();
	cJSON_AddItemToArray(locs, loc);
	if (e->span.file) {
		phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		art = cJSON_AddObjectToObject(phys, "artifactLocation");
		lp_buf uri = LP_BUF_INIT;
		file_uri(&uri, e->span.file);
		cJSON_AddStringToObject(art, "uri", uri.ptr);
		lp_buf_release(&uri);
		if (e->span.line) {
			unsigned el = e->span.end_line ? e->span.end_line : e->span.line;
			unsigned sc = e->span.col ? e->span.col : 1;
			unsigned ec = e->span.end_col ? e->span.end_col : sc + 1;
			reg = cJSON_AddObjectToObject(phys, "region");
			cJSON_AddNumberToObject(reg, "startLine", e->span.line);
			cJSON_AddNumberToObject(reg, "startColumn", sc);
			cJSON_AddNumberToObject(reg, "endLine", el < e->span.line ? e->span.line : el);
			cJSON_AddNumberToObject(reg, "endColumn", (el == e->span.line && ec <= sc) ? sc + 1 : ec);
		}
	}
	if (e->target) {
		cJSON *ll = cJSON_AddArrayToObject(loc, "logicalLocations"), *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "fullyQualifiedName", e->target);
		cJSON_AddItemToArray(ll, l);
	}
	if (e->help) {
		cJSON *props = cJSON_AddObjectToObject(o, "properties");
		cJSON_AddStringToObject(props, "help", e->help);
	}
	if (e->suppressed) {
		cJSON *sups = cJSON_AddArrayToObject(o, "suppressions"), *s = cJSON_CreateObject();
		int inside = in_source ? in_source(e, payload) : 0;
		cJSON_AddStringToObject(s, "kind", inside ? "inSource" : "external");
		cJSON_AddStringToObject(s, "status", "accepted");
		cJSON_AddStringToObject(s, "justification", e->suppressed);
		cJSON_AddItemToArray(sups, s);
	}
	return o;
}

int lp_diag_print_sarif(lp_buf *out, lp_diag *d, const lp_sarif_rule *rules, size_t nrules,
	lp_sarif_in_source_fn in_source, void *payload)
{
	cJSON *root = cJSON_CreateObject(), *runs, *run, *tool, *driver, *arr;
	size_t i;

	lp_diag_sort(d);
	cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root, "version", "2.1.0");
	runs = cJSON_AddArrayToObject(root, "runs");
	run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	tool = cJSON_AddObjectToObject(run, "tool");
	driver = cJSON_AddObjectToObject(tool, "driver");
	cJSON_AddStringToObject(driver, "name", "logpipe");
#ifdef LP_VERSION
	cJSON_AddStringToObject(driver, "version", LP_VERSION);
#endif
	arr = cJSON_AddArrayToObject(driver, "rules");
	for (i = 0; i < nrules; i++)
		cJSON_AddItemToArray(arr, rule_json(&rules[i]));
	arr = cJSON_AddArrayToObject(run, "results");
	for (i = 0; i < lp_diag_count(d); i++)
		cJSON_AddItemToArray(arr, result_json(lp_diag_get(d, i), rules, nrules, in_source, payload));
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	lp_json_print(out, root);
	cJSON_Delete(root);
	return 0;
}
