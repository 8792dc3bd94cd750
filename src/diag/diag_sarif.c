#include <cjson/cJSON.h>
#include <string.h>

#include "diag/sarif.h"
#include "util/json.h"
#include "util/mem.h"

/* The uriBaseId of every path under the source root (GitHub code scanning resolves it to the checkout). */
#define SRCROOT "%SRCROOT%"

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
	if (r->help || r->help_markdown) {
		cJSON *h = cJSON_AddObjectToObject(o, "help");
		cJSON_AddStringToObject(h, "text", r->help ? r->help : r->help_markdown);
		if (r->help_markdown)
			cJSON_AddStringToObject(h, "markdown", r->help_markdown);
	}
	if (r->help_uri)
		cJSON_AddStringToObject(o, "helpUri", r->help_uri);
	cfg = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(cfg, "level", level_of(r->level));
	props = cJSON_AddObjectToObject(o, "properties");
	tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("logpipe"));
	if (r->security_severity)
		cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
	if (r->config_rule) {
		cJSON_AddItemToArray(tags, cJSON_CreateString("aws-config"));
		cJSON_AddItemToArray(tags, cJSON_CreateString(r->config_rule));
	}
	if (r->security_severity)
		cJSON_AddStringToObject(props, "security-severity", r->security_severity);
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
 * wrong file. `path` is normalised already (lp_report_path); absolute
 * ones become file:// URIs.
 */
static void file_uri(lp_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	if (path[0] == '/')
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

/* artifactLocation of `file` into `parent`. */
static void artifact_location(cJSON *parent, const lp_report_opts *ro, const char *file)
{
	cJSON *art = cJSON_AddObjectToObject(parent, "artifactLocation");
	lp_buf uri = LP_BUF_INIT, path = LP_BUF_INIT;
	int under_root = lp_report_path(&path, ro, file);
	file_uri(&uri, path.ptr);
	cJSON_AddStringToObject(art, "uri", uri.ptr);
	if (under_root)
		cJSON_AddStringToObject(art, "uriBaseId", SRCROOT);
	lp_buf_release(&uri);
	lp_buf_release(&path);
}

/* SARIF 3.55: one fix, its replacements as byte regions of the finding's file. */
static void add_fixes(cJSON *o, const lp_report_opts *ro, const lp_diag_entry *e)
{
	cJSON *fixes, *fix, *changes, *change, *reps;
	size_t i;
	if (!e->fix || e->fix->manual || !e->fix->edits.n || !e->span.file)
		return;
	fixes = cJSON_AddArrayToObject(o, "fixes");
	fix = cJSON_CreateObject();
	cJSON_AddItemToArray(fixes, fix);
	add_text(fix, "description", e->fix->description);
	changes = cJSON_AddArrayToObject(fix, "artifactChanges");
	change = cJSON_CreateObject();
	cJSON_AddItemToArray(changes, change);
	artifact_location(change, ro, e->span.file);
	reps = cJSON_AddArrayToObject(change, "replacements");
	for (i = 0; i < e->fix->edits.n; i++) {
		const lp_edit *x = &e->fix->edits.v[i];
		cJSON *r = cJSON_CreateObject(), *reg = cJSON_AddObjectToObject(r, "deletedRegion");
		cJSON_AddNumberToObject(reg, "byteOffset", (double)x->start);
		cJSON_AddNumberToObject(reg, "byteLength", (double)(x->end - x->start));
		if (x->len)
			cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "insertedContent"), "text", x->text);
		cJSON_AddItemToArray(reps, r);
	}
}

/* physicalLocation of `sp` into `loc` (a location object). */
static void physical_location(cJSON *loc, const lp_report_opts *ro, const lp_span *sp)
{
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation"), *reg;
	artifact_location(phys, ro, sp->file);
	if (sp->line) {
		unsigned el = sp->end_line ? sp->end_line : sp->line;
		unsigned sc = sp->col ? sp->col : 1;
		unsigned ec = sp->end_col ? sp->end_col : sc + 1;
		reg = cJSON_AddObjectToObject(phys, "region");
		cJSON_AddNumberToObject(reg, "startLine", sp->line);
		cJSON_AddNumberToObject(reg, "startColumn", sc);
		cJSON_AddNumberToObject(reg, "endLine", el < sp->line ? sp->line : el);
		cJSON_AddNumberToObject(reg, "endColumn", (el == sp->line && ec <= sc) ? sc + 1 : ec);
	}
}

static cJSON *result_json(const lp_diag_entry *e, const lp_sarif_rule *rules, size_t nrules,
	const lp_report_opts *ro, const char *fingerprint, lp_sarif_in_source_fn in_source, void *payload)
{
	cJSON *o = cJSON_CreateObject(), *locs, *loc, *fp;
	long ix = rule_index(rules, nrules, e->rule);

	cJSON_AddStringToObject(o, "ruleId", e->rule ? e->rule : "LP-UNKNOWN");
	if (ix >= 0)
		cJSON_AddNumberToObject(o, "ruleIndex", (double)ix);
	cJSON_AddStringToObject(o, "level", level_of(e->severity));
	add_text(o, "message", e->message);
	locs = cJSON_AddArrayToObject(o, "locations");
	loc = cJSON_CreateObject();
	cJSON_AddItemToArray(locs, loc);
	if (e->span.file)
		physical_location(loc, ro, &e->span);
	if (e->target) {
		cJSON *ll = cJSON_AddArrayToObject(loc, "logicalLocations"), *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "fullyQualifiedName", e->target);
		cJSON_AddItemToArray(ll, l);
	}
	fp = cJSON_AddObjectToObject(o, "partialFingerprints");
	cJSON_AddStringToObject(fp, "primaryLocationLineHash", fingerprint);
	if (e->related.file) {
		cJSON *rel = cJSON_AddArrayToObject(o, "relatedLocations"), *r = cJSON_CreateObject();
		cJSON_AddNumberToObject(r, "id", 0);
		physical_location(r, ro, &e->related);
		add_text(r, "message", "generated here");
		cJSON_AddItemToArray(rel, r);
	}
	add_fixes(o, ro, e);
	if (e->help || (e->fix && e->fix->manual)) {
		cJSON *props = cJSON_AddObjectToObject(o, "properties");
		if (e->help)
			cJSON_AddStringToObject(props, "help", e->help);
		if (e->fix && e->fix->manual)
			cJSON_AddStringToObject(props, "manualFix", e->fix->description);
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

/* Which entries fit under the cap: errors first, then warnings, notes, and suppressed findings last. */
static unsigned char *select_results(lp_diag *d, size_t cap, size_t *omitted)
{
	size_t n = lp_diag_count(d), i, kept = 0;
	unsigned char *keep = lp_calloc(n + 1, 1);
	int pass;
	for (pass = 0; pass < 4; pass++)
		for (i = 0; i < n && kept < cap; i++) {
			const lp_diag_entry *e = lp_diag_get(d, i);
			int rank = e->suppressed ? 3 : e->severity == LP_SEV_ERROR ? 0 : e->severity == LP_SEV_WARNING ? 1 : 2;
			if (rank == pass) {
				keep[i] = 1;
				kept++;
			}
		}
	*omitted = n - kept;
	return keep;
}

static void add_root(cJSON *run, const lp_report_opts *o)
{
	cJSON *bases, *base;
	lp_buf uri = LP_BUF_INIT;
	if (!o->root)
		return;
	bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
	base = cJSON_AddObjectToObject(bases, SRCROOT);
	file_uri(&uri, o->root);
	if (uri.size && uri.ptr[uri.size - 1] != '/')
		lp_buf_putc(&uri, '/');
	cJSON_AddStringToObject(base, "uri", uri.ptr);
	lp_buf_release(&uri);
}

static void add_invocation(cJSON *run, const lp_report_opts *o, size_t total)
{
	cJSON *invs = cJSON_AddArrayToObject(run, "invocations"), *inv = cJSON_CreateObject();
	cJSON_AddItemToArray(invs, inv);
	cJSON_AddBoolToObject(inv, "executionSuccessful", o->omitted == 0);
	if (o->omitted) {
		cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications"), *n = cJSON_CreateObject();
		lp_buf msg = LP_BUF_INIT;
		lp_buf_printf(&msg, "%zu of %zu results were left out: a SARIF run holds at most %zu (GitHub code scanning "
				    "refuses more); lint fewer files per run, or pick rules with --rule",
			o->omitted, total, o->max_results ? o->max_results : (size_t)LP_REPORT_MAX_RESULTS);
		cJSON_AddStringToObject(n, "level", "error");
		add_text(n, "message", msg.ptr);
		cJSON_AddItemToArray(notes, n);
		lp_buf_release(&msg);
	}
}

int lp_diag_print_sarif(lp_buf *out, lp_diag *d, const lp_sarif_rule *rules, size_t nrules, lp_report_opts *o,
	lp_sarif_in_source_fn in_source, void *payload)
{
	static lp_report_opts defaults = LP_REPORT_OPTS_INIT;
	cJSON *root = cJSON_CreateObject(), *runs, *run, *tool, *driver, *arr;
	lp_report_fingerprint *fps;
	unsigned char *keep;
	size_t i;
	int error;

	if (!o)
		o = &defaults;
	fps = lp_report_fingerprints(d, o); /* sorts d */
	keep = select_results(d, o->max_results ? o->max_results : LP_REPORT_MAX_RESULTS, &o->omitted);
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
	cJSON_AddStringToObject(driver, "semanticVersion", LP_VERSION);
#endif
	if (o->information_uri)
		cJSON_AddStringToObject(driver, "informationUri", o->information_uri);
	arr = cJSON_AddArrayToObject(driver, "rules");
	for (i = 0; i < nrules; i++)
		cJSON_AddItemToArray(arr, rule_json(&rules[i]));
	add_invocation(run, o, lp_diag_count(d));
	if (o->automation_id) {
		cJSON *ad = cJSON_AddObjectToObject(run, "automationDetails");
		cJSON_AddStringToObject(ad, "id", o->automation_id);
	}
	add_root(run, o);
	arr = cJSON_AddArrayToObject(run, "results");
	for (i = 0; i < lp_diag_count(d); i++)
		if (keep[i])
			cJSON_AddItemToArray(arr, result_json(lp_diag_get(d, i), rules, nrules, o, fps[i].s, in_source, payload));
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	error = lp_json_print(out, root);
	cJSON_Delete(root);
	lp_free(fps);
	lp_free(keep);
	return error;
}
