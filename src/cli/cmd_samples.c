#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "read/ddl.h"
#include "samples/athena_query.h"
#include "samples/samples.h"
#include "plan/lake_table.h"
#include "render/render.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/mem.h"

/* The first example of a finding that is summed up per column or per run. */
typedef struct example {
	size_t count;
	char *file;
	size_t line;
	char *value;
} example;

typedef struct report {
	const lp_ddl_table *t;
	const char *spec;     /* for the regenerate hint; NULL with --table */
	int json, color;
	int json_lines;       /* the table reads JSON lines (a JSON SerDe), not a regex */
	char **conv_detail;   /* per column, JSON tables: how the first disagreeing value disagrees */
	size_t shown, max_shown;
	example *conv;        /* per column */
	example appended;     /* lines with fields the table does not have */
	cJSON *failures, *crs;
} report;

static void remember(example *e, const char *file, size_t line, const char *v, size_t n)
{
	if (e->count++)
		return;
	e->file = lp_strdup(file);
	e->line = line;
	e->value = lp_malloc(n + 1);
	memcpy(e->value, v, n);
	e->value[n] = 0;
}

static void forget(example *e)
{
	lp_free(e->file);
	lp_free(e->value);
}

static const char *column_name(const report *r, long col)
{
	return col >= 0 && (size_t)col < r->t->ncolumns ? r->t->columns[col].name : "?";
}

/* The field at `off`: a quoted value to its closing quote, else up to the next space, at most 80 bytes. */
static size_t found_len(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '"') {
		const char *q = memchr(s + 1, '"', n - 1);
		i = q ? (size_t)(q - s) + 1 : n;
	} else
		while (i < n && s[i] != ' ')
			i++;
	return i > 80 ? 80 : i;
}

/* A JSON line that is not one object: the OpenX SerDe fails the query on it (AWS's note on waf_logs). */
static void text_json_failure(report *r, const lp_samples_line *l)
{
	size_t show = l->len > 160 ? 160 : l->len;
	fprintf(stderr, "%s:%zu:%zu: %serror:%s line is not one JSON object (%s); a JSON SerDe fails the query on it "
		"(HIVE_CURSOR_ERROR) unless 'ignore.malformed.json' = 'true', which makes it a row of NULLs "
		"[LP-SAMPLES-NOMATCH]\n", l->file, l->lineno, l->stop_off + 1, r->color ? "\033[1;31m" : "",
		r->color ? "\033[0m" : "", l->expected);
	fprintf(stderr, "    %.*s%s\n", (int)show, l->text, show < l->len ? "..." : "");
	fputs("  help: write each record on one line (pretty-printed JSON spans several lines and no line of it is an "
	      "object)\n", stderr);
}

static void text_failure(report *r, const lp_samples_line *l)
{
	if (r->json_lines && l->verdict == LP_SAMPLES_NOMATCH) {
		text_json_failure(r, l);
		return;
	}
	size_t show = l->len > 160 ? 160 : l->len;
	const char *why = l->verdict == LP_SAMPLES_TOO_LONG ? "the line is too long to check" : "line does not match";
	fprintf(stderr, "%s:%zu:1: %serror:%s %s input.regex of table '%s'; Athena returns every column as NULL "
		"[LP-SAMPLES-NOMATCH]\n", l->file, l->lineno, r->color ? "\033[1;31m" : "", r->color ? "\033[0m" : "",
		why, r->t->name);
	fprintf(stderr, "    %.*s%s\n", (int)show, l->text, show < l->len ? "..." : "");
	if (l->verdict == LP_SAMPLES_TOO_LONG) {
		fprintf(stderr, "  help: the line is longer than %zu bytes and was not matched\n",
			(size_t)LP_SAMPLES_MAX_LINE);
		return;
	}
	if (l->stop_column >= 0 && (size_t)l->stop_column < r->t->ncolumns) {
		const char *at = l->text + l->stop_off;
		size_t n = l->len - l->stop_off;
		/* skip the separator the item starts with, to show the field itself */
		while (n && (*at == ' ' || *at == ':') && n > 1) {
			at++;
			n--;
		}
		if (n == 0)
			fprintf(stderr, "  help: matching stops at column '%s' (byte %zu): expected %s, found the end of "
				"the line\n", column_name(r, l->stop_column), l->stop_off + 1, l->expected);
		else
			fprintf(stderr, "  help: matching stops at column '%s' (byte %zu): expected %s, found '%.*s'\n",
				column_name(r, l->stop_column), l->stop_off + 1, l->expected, (int)found_len(at, n), at);
	} else if ((size_t)l->stop_column == r->t->ncolumns && l->stop_column >= 0) {
		fprintf(stderr, "  help: every column matched, but the line goes on at byte %zu: '%.*s'\n", l->stop_off + 1,
			(int)(l->len - l->stop_off > 80 ? 80 : l->len - l->stop_off), l->text + l->stop_off);
	}
	if (l->extended)
		fputs("  help: the line has fields after the last one the regex knows (AWS appends fields); end the "
		      "regex with a catch-all tail: (?: (.*))? with a column for it, or the non-capturing (?: .*)?\n", stderr);
}

static cJSON *json_failure(const report *r, const lp_samples_line *l)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const reasons[] = { "match", "nomatch", "too_long", "gave_up" };
	cJSON_AddStringToObject(o, "file", l->file);
	cJSON_AddNumberToObject(o, "line", (double)l->lineno);
	cJSON_AddStringToObject(o, "reason", reasons[l->verdict]);
	if (l->stop_column >= 0 && (size_t)l->stop_column < r->t->ncolumns) {
		const char *at = l->text + l->stop_off;
		size_t n = l->len - l->stop_off;
		char *found;
		while (n > 1 && (*at == ' ' || *at == ':')) {
			at++;
			n--;
		}
		n = found_len(at, n);
		found = lp_malloc(n + 1);
		memcpy(found, at, n);
		found[n] = 0;
		cJSON_AddStringToObject(o, "column", column_name(r, l->stop_column));
		cJSON_AddNumberToObject(o, "byte", (double)(l->stop_off + 1));
		cJSON_AddStringToObject(o, "expected", l->expected);
		cJSON_AddStringToObject(o, "found", found);
		lp_free(found);
	} else if (l->stop_column >= 0) {
		cJSON_AddNullToObject(o, "column");
		cJSON_AddNumberToObject(o, "byte", (double)(l->stop_off + 1));
	}
	cJSON_AddBoolToObject(o, "appended_fields", l->extended);
	return o;
}

static void on_line(lp_samples_line *l, void *payload)
{
	report *r = payload;
	size_t i;
	if (l->cr) {
		if (r->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "file", l->file);
			cJSON_AddNumberToObject(o, "line", (double)l->lineno);
			cJSON_AddItemToArray(r->crs, o);
		} else if (r->shown < r->max_shown)
			fprintf(stderr, "%s:%zu:%zu: warning: carriage return not followed by a newline; Athena ends the row "
				"there and reads what follows as another row [LP-SAMPLES-CR]\n", l->file, l->lineno, l->len + 1);
	}
	for (i = 0; i < l->nconv; i++) {
		unsigned c = l->conv[i].column;
		if (l->conv[i].json_detail && !r->conv[c].count)
			r->conv_detail[c] = lp_strdup(l->conv[i].json_detail);
		remember(&r->conv[c], l->file, l->lineno, l->text + l->conv[i].off, l->conv[i].len);
	}
	if (l->appended)
		remember(&r->appended, l->file, l->lineno, l->text + l->tail_off, l->tail_len);
	if (l->verdict == LP_SAMPLES_MATCH)
		return;
	if (l->extended) {
		if (!r->appended.count)
			lp_samples_explain(l); /* the first example only */
		/* what follows the last column, when the line's columns all matched */
		size_t off = (size_t)l->stop_column == r->t->ncolumns ? l->stop_off : 0;
		remember(&r->appended, l->file, l->lineno, l->text + off, l->len - off);
	}
	if (r->shown++ >= r->max_shown)
		return;
	lp_samples_explain(l);
	if (r->json)
		cJSON_AddItemToArray(r->failures, json_failure(r, l));
	else
		text_failure(r, l);
}

static const char *type_name(const lp_ddl_column *c)
{
	return c->type && c->type->name ? c->type->name : "?";
}

static void regenerate_hint(const report *r, FILE *out)
{
	if (r->spec)
		fprintf(out, "regenerate the table with 'logpipe build %s' once this logpipe knows them, or look at them "
			"in the tail column meanwhile", r->spec);
	else
		fputs("generate the table with 'logpipe build' (sources.<kind>.<name>), whose last column keeps "
		      "appended fields, or add columns for them", out);
}

static void text_summary(const report *r)
{
	size_t i;
	for (i = 0; i < r->t->ncolumns; i++) {
		const example *e = &r->conv[i];
		if (!e->count)
			continue;
		if (r->json_lines) {
			fprintf(stderr, "%s:%zu:1: warning: column '%s': %zu value%s whose JSON type the column's type cannot "
				"hold (%s), e.g. '%.80s' [LP-SAMPLES-JSON-TYPE]\n", e->file, e->line, r->t->columns[i].name,
				e->count, e->count == 1 ? "" : "s", r->conv_detail[i] ? r->conv_detail[i] : "?", e->value);
			continue;
		}
		fprintf(stderr, "%s:%zu:1: note: column '%s' (%s): %zu value%s Athena turns into NULL by conversion, "
			"e.g. '%.80s' [LP-SAMPLES-CONVERSION]\n", e->file, e->line, r->t->columns[i].name,
			type_name(&r->t->columns[i]), e->count, e->count == 1 ? "" : "s", e->value);
	}
	if (r->appended.count && r->json_lines) {
		fprintf(stderr, "%s:%zu:1: note: %zu line%s carr%s keys no column of this table reads, e.g. %.80s "
			"[LP-SAMPLES-APPENDED]\n  help: ", r->appended.file, r->appended.line, r->appended.count,
			r->appended.count == 1 ? "" : "s", r->appended.count == 1 ? "ies" : "y", r->appended.value);
		if (r->spec)
			fprintf(stderr, "regenerate the table with 'logpipe build %s' once this logpipe knows them", r->spec);
		else
			fputs("add columns for the keys you query; the SerDe skips the others", stderr);
		fputc('\n', stderr);
	} else if (r->appended.count) {
		fprintf(stderr, "%s:%zu:1: note: %zu line%s carr%s fields this table does not have yet, e.g. '%.80s' "
			"[LP-SAMPLES-APPENDED]\n  help: ", r->appended.file, r->appended.line, r->appended.count,
			r->appended.count == 1 ? "" : "s", r->appended.count == 1 ? "ies" : "y", r->appended.value);
		regenerate_hint(r, stderr);
		fputc('\n', stderr);
	}
}

static cJSON *example_json(const example *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", e->file);
	cJSON_AddNumberToObject(o, "line", (double)e->line);
	cJSON_AddStringToObject(o, "value", e->value);
	return o;
}

static void json_summary(const report *r, cJSON *root)
{
	cJSON *conv = cJSON_AddArrayToObject(root, "conversions");
	size_t i;
	for (i = 0; i < r->t->ncolumns; i++) {
		const example *e = &r->conv[i];
		cJSON *o;
		if (!e->count)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "column", r->t->columns[i].name);
		cJSON_AddStringToObject(o, "type", type_name(&r->t->columns[i]));
		if (r->conv_detail[i])
			cJSON_AddStringToObject(o, "json_type", r->conv_detail[i]);
		cJSON_AddNumberToObject(o, "count", (double)e->count);
		cJSON_AddItemToObject(o, "example", example_json(e));
		cJSON_AddItemToArray(conv, o);
	}
	if (r->appended.count) {
		cJSON *o = cJSON_AddObjectToObject(root, "appended");
		cJSON_AddNumberToObject(o, "count", (double)r->appended.count);
		cJSON_AddItemToObject(o, "example", example_json(&r->appended));
	}
}

static int load_table(lp_ddl_file **file, const lp_ddl_table **table, const char *path, lp_diag *d)
{
	lp_buf b = LP_BUF_INIT;
	int rc = lp_fs_read(&b, path, 16u << 20);
	*file = NULL;
	*table = NULL;
	if (rc < 0) {
		lp_buf_release(&b);
		return rc;
	}
	lp_ddl_parse(file, path, b.ptr, b.size, d);
	lp_buf_release(&b);
	*table = lp_samples_find_table(*file);
	return 0;
}

/*
 * The log source `source` names: "<kind>.<name>" (nlb.edge), or a
 * bare name when only one kind has it. Returns an LP_EXIT_* code.
 */
static int find_source(const lp_log_source **out, const lp_model *m, const char *spec, const char *source)
{
	const char *dot = strchr(source, '.');
	size_t i, klen = dot ? (size_t)(dot - source) : 0, hits = 0;
	const char *name = dot ? dot + 1 : source;
	*out = NULL;
	for (i = 0; i < m->nlog_sources; i++) {
		const char *key = lp_source_kind_key(m->log_sources[i].kind);
		if (strcmp(m->log_sources[i].name, name) || (dot && (strlen(key) != klen || strncmp(key, source, klen))))
			continue;
		if (!*out)
			*out = &m->log_sources[i];
		hits++;
	}
	if (hits > 1)
		return lp_cli_usage_error("samples", "'%s' has several sources named '%s'; write --source <kind>.%s, "
			"e.g. %s.%s", spec, name, name, lp_source_kind_key((*out)->kind), name);
	if (!hits)
		return lp_cli_usage_error("samples", "'%s' has no log source '%s' under sources.<kind> (alb, nlb, "
			"clb, alb_connection, s3_access, vpc_flow, cloudfront, waf, cloudtrail)", spec, source);
	return LP_EXIT_OK;
}

/*
 * The table of log source `source` as `build` would generate it: the same
 * model, the same renderers, nothing written. Returns an LP_EXIT_* code; on
 * LP_EXIT_OK *file and *table are set (*table may be NULL).
 */
static int load_spec_table(lp_ddl_file **file, const lp_ddl_table **table, const char *spec, const char *source,
	lp_diag *d)
{
	lp_model *m = NULL;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	const lp_artifact *art;
	const lp_log_source *alb = NULL;
	lp_buf path = LP_BUF_INIT;
	int code = LP_EXIT_OK;
	*file = NULL;
	*table = NULL;
	if (lp_plan_load(&m, spec, d) < 0)
		return lp_cli_fail(LP_EXIT_USAGE);
	if (!m) {
		lp_cli_emit_diag(d, "text");
		return LP_EXIT_USAGE;
	}
	if ((code = find_source(&alb, m, spec, source)) != LP_EXIT_OK)
		goto done;
	lp_cli_project_root(&path, spec);
	ro.root = path.ptr;
	lp_render_all(&set, m, &ro, d);
	lp_buf_clear(&path);
	lp_buf_printf(&path, "athena/%s.%s.sql", lp_lake_database(m), alb->derived.table);
	art = lp_artifact_find(&set, path.ptr);
	if (!art) {
		fprintf(stderr, "logpipe: error: this build does not generate '%s' for source '%s'\n", path.ptr, source);
		code = LP_EXIT_USAGE;
		goto done;
	}
	lp_ddl_parse(file, path.ptr, art->content.ptr, art->content.size, d);
	*table = lp_samples_find_table(*file);
done:
	lp_buf_release(&path);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	return code;
}

enum { OPT_SOURCE = LP_CLI_OPT_LONG, OPT_MAX_REPORT, OPT_ATHENA, OPT_FROM, OPT_TO };

static const struct option longopts[] = {
	{ "table", required_argument, NULL, 't' },
	{ "spec", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "max-report", required_argument, NULL, OPT_MAX_REPORT },
	{ "athena", no_argument, NULL, OPT_ATHENA },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ NULL, 0, NULL, 0 },
};

static int parse_count(size_t *out, const char *v)
{
	char *end;
	unsigned long long n;
	errno = 0;
	n = strtoull(v, &end, 10);
	/* strtoull takes "-1" as a huge number and "x" as 0: both are typing mistakes. */
	if (!*v || *end || *v == '-' || *v == '+' || errno == ERANGE || n > SIZE_MAX)
		return -1;
	*out = (size_t)n;
	return 0;
}

int lp_cli_samples(int argc, char **argv)
{
	const char *table_path = NULL, *spec = NULL, *source = NULL, *format = "text";
	lp_athena_query_opts aq = LP_ATHENA_QUERY_OPTS_INIT;
	int athena = 0;
	const char **logs;
	size_t nlogs = 0, i, max_shown = 20;
	lp_diag *d;
	lp_ddl_file *file = NULL;
	const lp_ddl_table *t = NULL;
	lp_samples *s = NULL;
	lp_samples_result res;
	report rep;
	lp_cli_opts p;
	const char *arg;
	int a, c, code = LP_EXIT_OK;

	memset(&rep, 0, sizeof(rep));
	lp_cli_opts_init(&p, "samples", argc, argv, "t:s:f:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 't': table_path = arg; break;
		case 's': spec = arg; break;
		case 'f':
			if (strcmp(arg, "text") && strcmp(arg, "json"))
				return lp_cli_usage_error("samples", "--format is text or json, not '%s'", arg);
			format = arg;
			break;
		case OPT_SOURCE: source = arg; break;
		case OPT_ATHENA: athena = 1; break;
		case OPT_FROM: aq.from = arg; break;
		case OPT_TO: aq.to = arg; break;
		case OPT_MAX_REPORT:
			if (parse_count(&max_shown, arg) < 0)
				return lp_cli_usage_error("samples", "--max-report needs a number of lines, not '%s'", arg);
			break;
		}
	}
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	logs = lp_calloc((size_t)argc + 1, sizeof(*logs));
	for (a = p.optind; a < argc; a++)
		logs[nlogs++] = argv[a];
	if ((!table_path == !spec) || (!spec != !source) || (nlogs == 0) != athena) {
		int athena_with_logs = athena && nlogs;
		lp_free(logs);
		if (athena_with_logs)
			return lp_cli_usage_error("samples", "--athena writes a query and reads no LOGFILE");
		return lp_cli_usage_error("samples", "need --table FILE.sql (or --spec SPEC --source NAME) and at least "
			"one LOGFILE");
	}
	if (!aq.from != !aq.to || (aq.from && !athena)) {
		lp_free(logs);
		return lp_cli_usage_error("samples", "--from and --to go together, with --athena");
	}

	d = lp_diag_new();
	if (spec) {
		if ((code = load_spec_table(&file, &t, spec, source, d)) != LP_EXIT_OK)
			goto done;
		table_path = file->path;
	} else if (load_table(&file, &t, table_path, d) < 0) {
		code = lp_cli_fail(LP_EXIT_USAGE);
		goto done;
	}
	if (!t) {
		if (lp_diag_count_at_least(d, LP_SEV_ERROR) == 0)
			fprintf(stderr, "logpipe: error: '%s' has no table with ROW FORMAT SERDE '...RegexSerDe'\n", table_path);
		lp_cli_emit_diag(d, format);
		code = LP_EXIT_USAGE;
		goto done;
	}
	lp_samples_new(&s, t, d);
	if (!s) {
		lp_cli_emit_diag(d, format);
		code = LP_EXIT_USAGE;
		goto done;
	}
	if (lp_samples_columnar(s) && !athena) {
		fprintf(stderr, "logpipe: error: table '%s' reads Parquet or ORC files, which have no lines to check here; "
			"run 'logpipe samples --athena' to check them where they live\n", t->name);
		code = LP_EXIT_USAGE;
		goto done;
	}
	if (!lp_samples_json(s) && !lp_samples_columnar(s) && lp_samples_groups(s) != t->ncolumns) {
		/* More groups than columns has been seen to turn every row into NULLs; fewer leaves columns empty. */
		int worse = lp_samples_groups(s) > t->ncolumns;
		fprintf(stderr, "%s:%u:%u: %s: input.regex has %u capture groups but table '%s' has %zu columns "
			"[LP-ATHENA-REGEX-GROUPS]\n", table_path, t->name_span.line, t->name_span.col,
			worse ? "error" : "warning", lp_samples_groups(s), t->name, t->ncolumns);
		if (worse)
			code = LP_EXIT_FINDINGS;
	}
	if (athena) {
		lp_buf q = LP_BUF_INIT;
		aq.tail_column = lp_samples_tail_column(s);
		if (lp_athena_query(&q, t, &aq) < 0)
			code = lp_cli_fail(LP_EXIT_USAGE);
		else
			fwrite(q.ptr, 1, q.size, stdout);
		lp_buf_release(&q);
		goto done;
	}
	memset(&res, 0, sizeof(res));
	memset(&rep, 0, sizeof(rep));
	rep.t = t;
	rep.spec = spec;
	rep.json = !strcmp(format, "json");
	rep.max_shown = max_shown;
	rep.color = lp_cli_color(stderr);
	rep.conv = lp_calloc(t->ncolumns + 1, sizeof(*rep.conv));
	rep.conv_detail = lp_calloc(t->ncolumns + 1, sizeof(*rep.conv_detail));
	rep.json_lines = lp_samples_json(s);
	rep.failures = cJSON_CreateArray();
	rep.crs = cJSON_CreateArray();
	for (i = 0; i < nlogs; i++)
		if (lp_samples_run_file(&res, s, logs[i], on_line, &rep) < 0) {
			code = lp_cli_fail(LP_EXIT_USAGE);
			goto done;
		}
	if (res.failed)
		code = LP_EXIT_FINDINGS;
	if (rep.json) {
		cJSON *root = cJSON_CreateObject();
		lp_buf out = LP_BUF_INIT;
		cJSON_AddStringToObject(root, "table", t->name);
		cJSON_AddNumberToObject(root, "capture_groups", lp_samples_groups(s));
		cJSON_AddNumberToObject(root, "columns", (double)t->ncolumns);
		cJSON_AddNumberToObject(root, "lines", (double)res.lines);
		cJSON_AddNumberToObject(root, "matched", (double)res.matched);
		cJSON_AddNumberToObject(root, "all_null", (double)res.failed);
		cJSON_AddNumberToObject(root, "too_long", (double)res.too_long);
		cJSON_AddNumberToObject(root, "gave_up", (double)res.gave_up);
		cJSON_AddNumberToObject(root, "carriage_returns", (double)res.cr_split);
		cJSON_AddItemToObject(root, "failures", rep.failures);
		rep.failures = NULL;
		cJSON_AddNumberToObject(root, "failures_not_shown", (double)(rep.shown > max_shown ? rep.shown - max_shown : 0));
		json_summary(&rep, root);
		cJSON_AddItemToObject(root, "carriage_return_lines", rep.crs);
		rep.crs = NULL;
		lp_json_print(&out, root);
		fwrite(out.ptr, 1, out.size, stdout);
		lp_buf_release(&out);
		cJSON_Delete(root);
		goto done;
	}
	if (rep.shown > rep.max_shown)
		fprintf(stderr, "logpipe: %zu more failing lines not shown (--max-report)\n", rep.shown - rep.max_shown);
	text_summary(&rep);
	if (rep.json_lines) {
		printf("%zu line%s in %zu file%s against table '%s' (JSON, %zu columns): %zu read, %zu not one JSON object",
			res.lines, res.lines == 1 ? "" : "s", nlogs, nlogs == 1 ? "" : "s", t->name, t->ncolumns, res.matched,
			res.failed);
		if (res.appended)
			printf("; %zu carr%s keys no column reads", res.appended, res.appended == 1 ? "ies" : "y");
		if (res.converted)
			printf("; %zu hold values whose JSON type a column cannot hold", res.converted);
	} else {
		printf("%zu line%s in %zu file%s against table '%s' (%u capture groups, %zu columns): %zu match, %zu would be "
		       "all-NULL rows",
			res.lines, res.lines == 1 ? "" : "s", nlogs, nlogs == 1 ? "" : "s", t->name, lp_samples_groups(s),
			t->ncolumns, res.matched, res.failed);
		if (res.extended)
			printf(" (%zu with appended fields)", res.extended);
		if (res.too_long)
			printf(" (%zu too long)", res.too_long);
		if (res.gave_up)
			printf(" (%zu where the regex backtracked past its limits)", res.gave_up);
		if (res.appended)
			printf("; %zu carr%s fields the table does not have yet", res.appended, res.appended == 1 ? "ies" : "y");
		if (res.converted)
			printf("; %zu hold values that convert to NULL", res.converted);
		if (res.cr_split)
			printf("; %zu end at a lone carriage return", res.cr_split);
	}
	putchar('\n');
done:
	if (rep.conv) {
		for (i = 0; i < t->ncolumns; i++)
			forget(&rep.conv[i]);
		lp_free(rep.conv);
	}
	if (rep.conv_detail) {
		for (i = 0; i < t->ncolumns; i++)
			lp_free(rep.conv_detail[i]);
		lp_free(rep.conv_detail);
	}
	forget(&rep.appended);
	cJSON_Delete(rep.failures);
	cJSON_Delete(rep.crs);
	lp_samples_free(s);
	lp_ddl_free(file);
	lp_diag_free(d);
	lp_free(logs);
	return code;
}
