#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lint/ddl.h"
#include "lint/samples.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

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
	int a, code = LP_EXIT_OK;

	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("samples");
	logs = calloc((size_t)argc, sizeof(*logs));
	if (!logs)
		return LP_EXIT_INTERNAL;
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a];
		if ((!strcmp(arg, "--table") || !strcmp(arg, "--spec") || !strcmp(arg, "--source") ||
			    !strcmp(arg, "--max-report")) && a + 1 >= argc) {
			free(logs);
			return lp_cli_usage_error("samples", "'%s' needs a value", arg);
		}
		if (!strcmp(arg, "--table"))
			table_path = argv[++a];
		else if (!strcmp(arg, "--spec"))
			spec = argv[++a];
		else if (!strcmp(arg, "--source"))
			source = argv[++a];
		else if (!strcmp(arg, "--max-report"))
			max_shown = (size_t)strtoul(argv[++a], NULL, 10);
		else if (!strcmp(arg, "--"))
			for (a++; a < argc; a++)
				logs[nlogs++] = argv[a];
		else if (arg[0] == '-' && arg[1]) {
			free(logs);
			return lp_cli_usage_error("samples", "unknown option '%s'", arg);
		} else
			logs[nlogs++] = arg;
	}
	if (spec || source) {
		free(logs);
		/* The ALB table of a spec source is rendered by the lake side; until that renderer is
		 * reachable from here, point at the DDL it writes. */
		return lp_cli_usage_error("samples", "'--spec'/'--source' are not available in this build yet; "
			"run 'logpipe build' and pass the generated table with --table athena/<db>.alb_<name>.sql");
	}
	if (!table_path || nlogs == 0) {
		free(logs);
		return lp_cli_usage_error("samples", "need --table FILE.sql and at least one LOGFILE");
	}

	d = lp_diag_new();
	if (load_table(&file, &t, table_path, d) < 0) {
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
	putchar('\n');
	if (res.failed)
		code = LP_EXIT_FINDINGS;
done:
	lp_samples_free(s);
	lp_ddl_free(file);
	lp_diag_free(d);
	free(logs);
	return code;
}
