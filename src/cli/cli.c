#define _GNU_SOURCE /* sched_getaffinity */
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag/report.h"
#include "git/git.h"
#include "lint/lint.h"
#include "util/buf.h"
#include "util/error.h"

/* The options every command takes (lp_cli_opts_init handles them). */
#define COMMON_HELP \
	"  -q, --quiet          print only findings and errors: no progress, no totals\n" \
	"      --color=WHEN     auto (default: only on a terminal, never with NO_COLOR or\n" \
	"                       TERM=dumb, always with FORCE_COLOR), always or never\n" \
	"  -h, --help           show this help\n"

/* -j, for the commands that lint files. */
#define JOBS_HELP \
	"  -j, --jobs=N         read and lint files on N threads (default: the CPUs this\n" \
	"                       process may use; 1 = one thread); the output is the same\n"

const lp_cli_command lp_cli_commands[] = {
	{ "build", "compile logpipe.yaml into every artifact",
	  "usage: logpipe build [options] [SPEC]\n"
	  "\n"
	  "Compiles SPEC (default: logpipe.yaml) into DIR (default: generated/) and lints\n"
	  "what it generated. Nothing is written when any error is found, and DIR is\n"
	  "replaced as a whole: whatever stops a build, DIR holds the previous output or\n"
	  "the new one, and the next build rolls back or finishes an interrupted one.\n"
	  "One build at a time per DIR: a second one fails at once (exit 2).\n"
	  "\n"
	  "Diagnostics go to standard error, compiler style.\n"
	  "\n"
	  "  -o, --output=DIR     where to write the artifacts (default: generated)\n"
	  "      --check          write nothing; exit 1 if DIR differs from what would be written\n"
	  "  -f, --format=FORMAT  diagnostics as text (default) or json\n"
	  "      --templates=DIR  use templates from DIR instead of the built-in ones\n"
	  JOBS_HELP
	  COMMON_HELP,
	  lp_cli_build },
	{ "lint", "lint generated and hand-written files",
	  "usage: logpipe lint [options] [PATH...]\n"
	  "\n"
	  "Lints task definitions, CloudFormation/SAM templates, Firehose/Glue JSON, Athena DDL\n"
	  "and Fluent Bit configuration against AWS Config rules and against each other.\n"
	  "Directories are walked. Findings go to standard output, ending with totals; exit 1\n"
	  "when a finding is at or above --fail-on (default error). With no PATH, lints the project\n"
	  "in the current directory (logpipe.yaml, what it would generate, the files it refers to),\n"
	  "as --spec without PATH does; a generated folder is linted with the lint settings of the\n"
	  "spec its lock names. Findings on generated files are reported in the spec.\n"
	  "\n"
	  "  -s, --spec=SPEC      apply the spec's lint section (params, ignore); with named\n"
	  "                       files, ignores for files not in the run are never called unused\n"
	  "  -f, --format=FORMAT  text (default), json, sarif (GitHub code scanning), gitlab\n"
	  "                       (GitLab Code Quality) or junit\n"
	  "      --fail-on=SEV    error (default), warning or note\n"
	  "  -r, --rule=ID        only this rule (LP id or AWS Config rule name); repeatable\n"
	  "  -k, --kind=KIND      read every file as KIND: taskdef, cfn, firehose, glue, ddl,\n"
	  "                       fluent-bit or log-groups (default: detect from the content)\n"
	  JOBS_HELP
	  COMMON_HELP,
	  lp_cli_lint },
	{ "check", "compile from git and compare with the committed output (hooks, CI)",
	  "usage: logpipe check [options] [SPEC]\n"
	  "\n"
	  "Reads SPEC and the generated files from the git index (--staged, the default) or a\n"
	  "revision, without touching the work tree; exit 1 when the committed output is stale\n"
	  "or lint finds errors. Findings and stale files go to standard output.\n"
	  "\n"
	  "      --staged         read the index (the default)\n"
	  "      --rev=REV        read a revision (a commit, branch or tag) instead\n"
	  "  -o, --output=DIR     where the generated files are committed (default: generated)\n"
	  "  -f, --format=FORMAT  text (default), json, sarif, gitlab or junit\n"
	  JOBS_HELP
	  COMMON_HELP,
	  lp_cli_check },
	{ "samples", "verify real log lines against a table's regex",
	  "usage: logpipe samples (--table=FILE.sql | --spec=SPEC --source=[KIND.]NAME) [options] LOGFILE...\n"
	  "       logpipe samples (--table=FILE.sql | --spec=SPEC --source=[KIND.]NAME) --athena\n"
	  "                       [--from=YYYY-MM-DD --to=YYYY-MM-DD]\n"
	  "\n"
	  "Runs every line of LOGFILE (plain or .gz; '-' reads standard input) through the table's\n"
	  "RegexSerDe regex as Athena does and reports, for the first N failing lines (default 20),\n"
	  "the column where matching stops and what was expected there; then, per column, values\n"
	  "Athena turns into NULL by conversion, lines carrying fields the table does not have\n"
	  "yet, and carriage returns that split a line into two rows. For a JSON SerDe table it\n"
	  "reads each line as one JSON object and reports lines that are not one, values whose\n"
	  "JSON type their column cannot hold, and keys no column reads. Exit 1 when any line would\n"
	  "be an all-NULL row. With --athena it reads no file and prints a read-only Athena query\n"
	  "that gives the same verdicts per partition where the logs live (every partition, or\n"
	  "the days from --from to --to).\n"
	  "\n"
	  "  -t, --table=FILE.sql  the table's CREATE EXTERNAL TABLE statement\n"
	  "  -s, --spec=SPEC       or the table the spec generates for --source\n"
	  "      --source=NAME     a log source: KIND.NAME or NAME alone; KIND is alb, nlb, clb,\n"
	  "                        alb_connection, s3_access, vpc_flow, cloudfront, waf or cloudtrail\n"
	  "      --max-report=N    show at most N failing lines (default 20)\n"
	  "  -f, --format=FORMAT   text (default) or json\n"
	  "      --athena          print the Athena query instead of reading LOGFILEs\n"
	  "      --from=DATE       with --athena: the first day (YYYY-MM-DD) of the partitions to read\n"
	  "      --to=DATE         with --athena: the last day\n"
	  COMMON_HELP,
	  lp_cli_samples },
	{ "fix", "repair hand-written files by minimal edits",
	  "usage: logpipe fix [options] [PATH...]\n"
	  "\n"
	  "Applies every fix a lint rule can make safely to the files under PATH (default: the\n"
	  "current directory), as minimal edits: comments, key order, quoting, indentation, line\n"
	  "endings and the rest of the file stay as they were. Fixes that need a person (an\n"
	  "anchor or !If in the way, a value logpipe cannot know) are listed with the steps.\n"
	  "Each file is written atomically; running fix twice changes nothing the second time.\n"
	  "What was fixed and what is left go to standard output.\n"
	  "\n"
	  "  -s, --spec=SPEC      apply the spec's lint section and fix the templates it names too\n"
	  "      --diff           print a unified diff of the fixes and write nothing\n"
	  "      --check          write nothing; exit 1 if something would change (CI)\n"
	  "  -r, --rule=ID        only this rule's fixes (LP id or AWS Config rule name); repeatable\n"
	  "  -k, --kind=KIND      read every file as KIND (see 'logpipe lint --help')\n"
	  COMMON_HELP,
	  lp_cli_fix },
	{ "rules", "list lint rules",
	  "usage: logpipe rules [options]\n"
	  "\n"
	  "Lists every rule with its severity and the AWS Config rule it mirrors.\n"
	  "\n"
	  "  -f, --format=FORMAT  text (default) or json\n"
	  COMMON_HELP,
	  lp_cli_rules },
	{ "explain", "explain a lint rule",
	  "usage: logpipe explain [options] RULE-ID\n"
	  "\n"
	  "Says what the rule checks, why, how to fix it, and which AWS Config rule it mirrors.\n"
	  "\n"
	  COMMON_HELP,
	  lp_cli_explain },
	{ "schema", "print the JSON Schema of logpipe.yaml",
	  "usage: logpipe schema [options]\n"
	  "\n"
	  "Prints the JSON Schema (2020-12) of logpipe.yaml, for editors such as\n"
	  "yaml-language-server. It passes Ajv's strict mode with SchemaStore's keywords;\n"
	  "it is also installed as share/logpipe/logpipe.schema.json.\n"
	  "\n"
	  COMMON_HELP,
	  lp_cli_schema },
	{ "init", "write a starter logpipe.yaml",
	  "usage: logpipe init --name=NAME --region=REGION --account=ID --kms-key=ARN|none [options]\n"
	  "       logpipe init [--example=NAME] [options]\n"
	  "\n"
	  "Writes a spec (default: logpipe.yaml; '-' for stdout) that builds as written: from the\n"
	  "flags, one Fargate service per --service with a JSON container routed by --to; or a\n"
	  "bundled example and, beside it, any file it refers to that does not exist yet.\n"
	  "logpipe.schema.json is written next to the spec, where its editor modeline looks.\n"
	  "An existing spec is left alone unless --force is given.\n"
	  "\n"
	  "      --name=NAME      prefix of every derived AWS name\n"
	  "      --region=REGION  Region, e.g. ap-northeast-1\n"
	  "      --account=ID     12-digit account ID\n"
	  "      --kms-key=ARN    key of the log groups; 'none' accepts unencrypted ones, with the\n"
	  "                       reason in lint.ignore\n"
	  "      --service=NAME   an ECS service (repeatable; default: web)\n"
	  "      --to=ROUTE       cloudwatch, lake or hybrid (both, the default)\n"
	  "      --image=IMAGE    the application image (default: the account's ECR repository)\n"
	  "  -e, --example=NAME   hybrid (default), alb or sam, instead of the flags above\n"
	  "  -o, --output=FILE    where to write the spec (default: logpipe.yaml; '-' for stdout)\n"
	  "  -f, --force          overwrite an existing spec\n"
	  COMMON_HELP,
	  lp_cli_init },
	{ NULL, NULL, NULL, NULL },
};

int lp_cli_print_help(const char *cmd)
{
	const lp_cli_command *c;
	if (cmd) {
		for (c = lp_cli_commands; c->name; c++)
			if (!strcmp(c->name, cmd)) {
				fputs(c->usage, stdout);
				return LP_EXIT_OK;
			}
		return lp_cli_usage_error(NULL, "unknown command '%s'", cmd);
	}
	fputs("usage: logpipe <command> [options]\n\n"
	      "Compiles logpipe.yaml into ECS FireLens, Fluent Bit, Firehose, Glue/Athena, SAM and\n"
	      "Terraform artifacts, and lints them against AWS Config rules.\n\ncommands:\n", stdout);
	for (c = lp_cli_commands; c->name; c++)
		printf("  %-8s  %s\n", c->name, c->summary);
	fputs("\nRun 'logpipe <command> --help' for a command's options; 'logpipe --version' for the version.\n"
	      "Exit codes: 0 ok, 1 findings or drift, 2 usage or input error, 3 internal error.\n", stdout);
	return LP_EXIT_OK;
}

int lp_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("logpipe: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "run 'logpipe %s --help' for usage\n", cmd);
	else
		fputs("run 'logpipe --help' for usage\n", stderr);
	return LP_EXIT_USAGE;
}

unsigned lp_cli_jobs_default(void)
{
	cpu_set_t set;
	long n;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > LP_CLI_MAX_JOBS ? LP_CLI_MAX_JOBS : (unsigned)n;
}

int lp_cli_jobs(unsigned *out, const char *cmd, const char *arg)
{
	unsigned long v = 0;
	const char *p = arg;
	/* digits only: strtoul would take " 4", "+4" and "-1" (as a huge number) */
	for (; *p >= '0' && *p <= '9' && v <= LP_CLI_MAX_JOBS; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == arg || *p || v < 1 || v > LP_CLI_MAX_JOBS)
		return lp_cli_usage_error(cmd, "-j must be a number of threads from 1 to %u, not '%s'", LP_CLI_MAX_JOBS, arg);
	*out = (unsigned)v;
	return LP_EXIT_OK;
}

/* Set once by the option parser, read by every printer of the run. */
static int quiet;
static enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

int lp_cli_quiet(void) { return quiet; }

void lp_cli_note(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

int lp_cli_color(FILE *f)
{
	const char *term = getenv("TERM"), *force = getenv("FORCE_COLOR");
	if (color_mode != COLOR_AUTO)
		return color_mode == COLOR_ALWAYS;
	if (env_set("NO_COLOR")) /* no-color.org: present and not empty */
		return 0;
	if (force && *force && strcmp(force, "0") && strcmp(force, "false"))
		return 1;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(f));
}

enum { OPT_COLOR = LP_CLI_OPT_LONG + 200 };

static const struct option common_longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
};

void lp_cli_opts_init(lp_cli_opts *p, const char *cmd, int argc, char **argv, const char *shortopts,
	const struct option *longopts)
{
	size_t n = 0, i;
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	/* ':' first: a missing value comes back as ':' so the message can name the option */
	snprintf(p->shortopts, sizeof(p->shortopts), ":hq%s", shortopts ? shortopts : "");
	for (; longopts && longopts[n].name; n++) {
		if (n >= LP_CLI_MAX_OPTS - 5)
			LP_BUG("too many options");
		p->longopts[n] = longopts[n];
	}
	for (i = 0; i < sizeof(common_longopts) / sizeof(common_longopts[0]); i++)
		p->longopts[n++] = common_longopts[i];
	memset(&p->longopts[n], 0, sizeof(p->longopts[n]));
	optind = 0; /* glibc: 0 starts a fresh scan */
	opterr = 0;
	p->optind = 1;
}

/* The option as the user typed it, without any "=value". */
static void typed_name(char *out, size_t size, const char *arg, int short_opt)
{
	if (short_opt) {
		snprintf(out, size, "-%c", short_opt);
		return;
	}
	snprintf(out, size, "%.*s", (int)strcspn(arg, "="), arg);
}

static int stop(lp_cli_opts *p, int code)
{
	p->code = code;
	return LP_CLI_OPT_STOP;
}

int lp_cli_opt_next(lp_cli_opts *p, const char **arg)
{
	char name[128];
	const char *typed;
	int c;
	for (;;) {
		c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
		*arg = optarg;
		p->optind = optind;
		typed = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : "";
		switch (c) {
		case -1:
			return LP_CLI_OPT_END;
		case 'h':
			return stop(p, lp_cli_print_help(p->cmd));
		case 'q':
			quiet = 1;
			continue;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto"))
				color_mode = COLOR_AUTO;
			else if (!strcmp(optarg, "always"))
				color_mode = COLOR_ALWAYS;
			else if (!strcmp(optarg, "never"))
				color_mode = COLOR_NEVER;
			else
				return stop(p, lp_cli_usage_error(p->cmd, "--color must be auto, always or never, not '%s'", optarg));
			continue;
		case ':':
			typed_name(name, sizeof(name), typed, typed[1] == '-' ? 0 : optopt);
			return stop(p, lp_cli_usage_error(p->cmd, "option '%s' needs a value", name));
		case '?':
			if (optopt && typed[1] != '-') {
				snprintf(name, sizeof(name), "-%c", optopt);
				return stop(p, lp_cli_usage_error(p->cmd, "unknown option '%s'", name));
			}
			typed_name(name, sizeof(name), typed, 0);
			if (optopt && strchr(typed, '='))
				return stop(p, lp_cli_usage_error(p->cmd, "option '%s' takes no value", name));
			return stop(p, lp_cli_usage_error(p->cmd, "unknown or ambiguous option '%s'", name));
		default:
			return c;
		}
	}
}

int lp_cli_format_ok(const char *cmd, const char *format, const char *allowed)
{
	lp_buf list = LP_BUF_INIT;
	const char *p = allowed;
	size_t n = strlen(format);
	int ok = 0, count = 0, i = 0;
	for (p = allowed; *p; p += strcspn(p, "|"), p += *p == '|') {
		size_t l = strcspn(p, "|");
		if (l == n && !strncmp(p, format, n))
			ok = 1;
		count++;
	}
	if (ok)
		return 1;
	for (p = allowed; *p; p += strcspn(p, "|"), p += *p == '|', i++)
		lp_buf_printf(&list, "%s%.*s", i == 0 ? "" : i == count - 1 ? " or " : ", ", (int)strcspn(p, "|"), p);
	lp_cli_usage_error(cmd, "--format must be %s, not '%s'", list.ptr, format);
	lp_buf_release(&list);
	return 0;
}

int lp_cli_stdout(const char *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		fputs("logpipe: error: cannot write to standard output\n", stderr);
		return LP_EXIT_INTERNAL;
	}
	return LP_EXIT_OK;
}

int lp_cli_fail(int code)
{
	fprintf(stderr, "logpipe: error: %s\n", lp_error_last());
	return code;
}

static void plural(lp_buf *out, size_t n, const char *what)
{
	lp_buf_printf(out, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

/* "3 errors, 2 warnings, 1 note in 5 files (1 suppressed)" */
static void totals(lp_buf *out, lp_diag *d, size_t nfiles)
{
	size_t i, by[3] = { 0, 0, 0 }, suppressed = 0;
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (e->suppressed)
			suppressed++;
		else
			by[e->severity]++;
	}
	plural(out, by[LP_SEV_ERROR], "error");
	lp_buf_puts(out, ", ");
	plural(out, by[LP_SEV_WARNING], "warning");
	if (by[LP_SEV_NOTE]) {
		lp_buf_puts(out, ", ");
		plural(out, by[LP_SEV_NOTE], "note");
	}
	lp_buf_puts(out, " in ");
	plural(out, nfiles, "file");
	if (suppressed)
		lp_buf_printf(out, " (%zu suppressed)", suppressed);
	lp_buf_putc(out, '\n');
}

void lp_cli_project_root(lp_buf *out, const char *spec)
{
	char real[PATH_MAX];
	const char *slash = strrchr(spec, '/');
	lp_buf dir = LP_BUF_INIT;
	lp_buf_clear(out);
	if (slash)
		lp_buf_put(&dir, spec, (size_t)(slash - spec) + 1);
	else
		lp_buf_puts(&dir, ".");
	if (!realpath(dir.ptr, real)) {
		lp_buf_puts(out, dir.ptr); /* reading the template will say what is wrong */
	} else {
		lp_buf_clear(&dir);
		lp_buf_printf(&dir, "%s/", real);
		if (lp_git_workdir(out, dir.ptr) < 0)
			lp_buf_puts(out, real);
	}
	lp_buf_release(&dir);
}

/*
 * %SRCROOT% for CI reports: the work tree of the git repository around the
 * current directory (where code scanning and GitLab resolve paths), else the
 * current directory itself.
 */
static void report_root(lp_buf *root, lp_buf *cwd)
{
	char here[PATH_MAX];
	if (!getcwd(here, sizeof(here)))
		return;
	lp_buf_printf(cwd, "%s%s", here, here[strlen(here) - 1] == '/' ? "" : "/");
	if (lp_git_workdir(root, here) < 0)
		lp_buf_puts(root, cwd->ptr);
}

int lp_cli_report(lp_diag *d, const char *format, FILE *text_out, size_t nfiles)
{
	lp_buf out = LP_BUF_INIT, root = LP_BUF_INIT, cwd = LP_BUF_INIT;
	lp_report_opts ro = LP_REPORT_OPTS_INIT;
	int rc = LP_EXIT_OK, error = 0;
	if (!format || !strcmp(format, "text")) {
		lp_diag_print_text(&out, d, lp_cli_color(text_out));
		if (!quiet && nfiles != LP_CLI_NO_TOTALS)
			totals(&out, d, nfiles);
		if (fwrite(out.ptr, 1, out.size, text_out) != out.size || fflush(text_out) != 0)
			rc = text_out == stdout ? LP_EXIT_INTERNAL : LP_EXIT_OK;
		lp_buf_release(&out);
		if (rc != LP_EXIT_OK)
			fputs("logpipe: error: cannot write to standard output\n", stderr);
		return rc;
	}
	report_root(&root, &cwd);
	ro.root = root.size ? root.ptr : NULL;
	ro.cwd = cwd.size ? cwd.ptr : NULL;
	ro.automation_id = "logpipe/";
	ro.information_uri = LP_HOMEPAGE;
	if (!strcmp(format, "json"))
		error = lp_diag_print_json(&out, d);
	else if (!strcmp(format, "sarif"))
		error = lp_lint_print_sarif(&out, d, &ro);
	else if (!strcmp(format, "gitlab"))
		error = lp_diag_print_gitlab(&out, d, &ro);
	else if (!strcmp(format, "junit"))
		error = lp_diag_print_junit(&out, d, &ro);
	else
		rc = lp_cli_usage_error(NULL, "unknown format '%s'", format);
	if (error < 0)
		rc = lp_cli_fail(LP_EXIT_INTERNAL);
	else if (rc == LP_EXIT_OK)
		rc = lp_cli_stdout(out.ptr, out.size);
	if (rc == LP_EXIT_OK && ro.omitted) {
		fprintf(stderr, "logpipe: error: %zu of %zu results left out of the SARIF log, which holds at most %d "
				"(GitHub code scanning refuses more); lint fewer files per run\n",
			ro.omitted, lp_diag_count(d), LP_REPORT_MAX_RESULTS);
		rc = LP_EXIT_FINDINGS;
	}
	lp_buf_release(&out);
	lp_buf_release(&root);
	lp_buf_release(&cwd);
	return rc;
}

int lp_cli_emit_diag(lp_diag *d, const char *format)
{
	return lp_cli_report(d, format, stderr, LP_CLI_NO_TOTALS);
}

/* The files the spec refers to (SAM templates), as paths from the current directory. */
const char **lp_cli_spec_files(size_t *n, lp_arena *a, const lp_model *m, const char *spec)
{
	const char **v = lp_arena_alloc(a, (m->napigws + 1) * sizeof(*v));
	const char *slash = strrchr(spec, '/');
	size_t i;
	*n = 0;
	for (i = 0; i < m->napigws; i++) {
		const char *t = m->apigws[i].template_path;
		if (!t)
			continue;
		v[(*n)++] = t[0] == '/' || !slash ? t : lp_arena_printf(a, "%.*s/%s", (int)(slash - spec), spec, t);
	}
	return v;
}
