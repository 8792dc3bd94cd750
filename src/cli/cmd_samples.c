#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "read/ddl.h"
#include "samples/samples.h"
#include "plan/lake_table.h"
#include "render/render.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"

typedef struct report {
	const char *table;
	size_t shown, max_shown;
	int color;
} report;

static void on_fail(const char *file, size_t lineno, const char *line, size_t len, int extended, void *payload)
{
	report *r = payload;
	size_t show = len > 160 ? 160 : len;
	if (r->shown++ >= r->max_shown)
		return;
	fprintf(stderr, "%s:%zu:1: %serror:%s line does not match input.regex of table '%s'; Athena returns every "
		"column as NULL [LP-SAMPLES-NOMATCH]\n", file, lineno, r->color ? "\033[1;31m" : "",
		r->color ? "\033[0m" : "", r->table);
	fprintf(stderr, "    %.*s%s\n", (int)show, line, show < len ? "..." : "");
	if (len >= LP_SAMPLES_MAX_LINE)
		fprintf(stderr, "  help: the line is longer than %zu bytes and was not matched\n", (size_t)LP_SAMPLES_MAX_LINE);
	else if (extended)
		fputs("  help: the line has fields after the last one the regex knows (AWS appends fields); end the "
		      "regex with the non-capturing catch-all (?: .*)?\n", stderr);
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
 * The load balancer source `source` names: "<kind>.<name>" (nlb.edge), or a
 * bare name when only one kind has it. Returns an LP_EXIT_* code.
 */
static int find_source(const lp_alb_source **out, const lp_model *m, const char *spec, const char *source)
{
	const char *dot = strchr(source, '.');
	size_t i, klen = dot ? (size_t)(dot - source) : 0, hits = 0;
	const char *name = dot ? dot + 1 : source;
	*out = NULL;
	for (i = 0; i < m->nalbs; i++) {
		const char *key = lp_elb_kind_key(m->albs[i].kind);
		if (strcmp(m->albs[i].name, name) || (dot && (strlen(key) != klen || strncmp(key, source, klen))))
			continue;
		if (!*out)
			*out = &m->albs[i];
		hits++;
	}
	if (hits > 1)
		return lp_cli_usage_error("samples", "'%s' has several sources named '%s'; write --source <kind>.%s, "
			"e.g. %s.%s", spec, name, name, lp_elb_kind_key((*out)->kind), name);
	if (!hits)
		return lp_cli_usage_error("samples", "'%s' has no load balancer source '%s' under sources.alb, "
			"sources.nlb or sources.clb", spec, source);
	return LP_EXIT_OK;
}

/*
 * The table of load balancer source `source` as `build` would generate it: the same
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
	const lp_alb_source *alb = NULL;
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
	lp_render_all(&set, m, &ro, d);
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

enum { OPT_SOURCE = LP_CLI_OPT_LONG, OPT_MAX_REPORT };

static const struct option longopts[] = {
	{ "table", required_argument, NULL, 't' },
	{ "spec", required_argument, NULL, 's' },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "max-report", required_argument, NULL, OPT_MAX_REPORT },
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

	lp_cli_opts_init(&p, "samples", argc, argv, "t:s:", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 't': table_path = arg; break;
		case 's': spec = arg; break;
		case OPT_SOURCE: source = arg; break;
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
	if ((!table_path == !spec) || (!spec != !source) || nlogs == 0) {
		lp_free(logs);
		return lp_cli_usage_error("samples", "need --table FILE.sql (or --spec SPEC --source NAME) and at least "
			"one LOGFILE");
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
	if (lp_samples_groups(s) != t->ncolumns) {
		/* More groups than columns has been seen to turn every row into NULLs; fewer leaves columns empty. */
		int worse = lp_samples_groups(s) > t->ncolumns;
		fprintf(stderr, "%s:%u:%u: %s: input.regex has %u capture groups but table '%s' has %zu columns "
			"[LP-ATHENA-REGEX-GROUPS]\n", table_path, t->name_span.line, t->name_span.col,
			worse ? "error" : "warning", lp_samples_groups(s), t->name, t->ncolumns);
		if (worse)
			code = LP_EXIT_FINDINGS;
	}
	memset(&res, 0, sizeof(res));
	memset(&rep, 0, sizeof(rep));
	rep.table = t->name;
	rep.max_shown = max_shown;
	rep.color = lp_cli_color(stderr);
	for (i = 0; i < nlogs; i++)
		if (lp_samples_run_file(&res, s, logs[i], on_fail, &rep) < 0) {
			code = lp_cli_fail(LP_EXIT_USAGE);
			goto done;
		}
	if (rep.shown > rep.max_shown)
		fprintf(stderr, "logpipe: %zu more failing lines not shown (--max-report)\n", rep.shown - rep.max_shown);
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
	putchar('\n');
	if (res.failed)
		code = LP_EXIT_FINDINGS;
done:
	lp_samples_free(s);
	lp_ddl_free(file);
	lp_diag_free(d);
	lp_free(logs);
	return code;
}
