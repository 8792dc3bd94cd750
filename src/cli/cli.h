#ifndef LP_CLI_CLI_H
#define LP_CLI_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "diag/diag.h"
#include "render/render.h"
#include "spec/model.h"

/* Exit codes (design §3); main maps every command's result onto these. */
enum {
	LP_EXIT_OK = 0,
	LP_EXIT_FINDINGS = 1, /* findings at or above --fail-on, or --check drift */
	LP_EXIT_USAGE = 2,    /* usage or input error */
	LP_EXIT_INTERNAL = 3,
};

typedef struct lp_cli_command {
	const char *name;
	const char *summary;
	const char *usage; /* full --help text */
	int (*run)(int argc, char **argv);
} lp_cli_command;

/* argv[0] is the command name; returns an LP_EXIT_* code. */
int lp_cli_build(int argc, char **argv);
int lp_cli_lint(int argc, char **argv);
int lp_cli_check(int argc, char **argv);
int lp_cli_samples(int argc, char **argv);
int lp_cli_rules(int argc, char **argv);
int lp_cli_explain(int argc, char **argv);
int lp_cli_schema(int argc, char **argv);
int lp_cli_init(int argc, char **argv);
int lp_cli_fix(int argc, char **argv);

extern const lp_cli_command lp_cli_commands[];

/* Shared helpers (cli.c). */
int lp_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lp_cli_print_help(const char *cmd);

/*
 * getopt_long for one command: `--opt=value` and `--opt value`, bundled
 * short flags (-qo DIR), `--` ending the options, operands anywhere. The
 * options every command takes (-h/--help, -q/--quiet, --color=WHEN) are
 * handled here. Loop with lp_cli_opt_next until it returns LP_CLI_OPT_END;
 * LP_CLI_OPT_STOP means "return p.code now" (help shown or a usage error
 * reported). The operands are then argv[p.optind..argc).
 */
#define LP_CLI_MAX_OPTS 32
typedef struct lp_cli_opts {
	const char *cmd;
	int argc;
	char **argv;
	char shortopts[64];
	struct option longopts[LP_CLI_MAX_OPTS];
	int optind;
	int code;
} lp_cli_opts;
enum { LP_CLI_OPT_END = -1, LP_CLI_OPT_STOP = -2 };
/* Values for long options without a short form start here. */
enum { LP_CLI_OPT_LONG = 256 };
void lp_cli_opts_init(lp_cli_opts *p, const char *cmd, int argc, char **argv, const char *shortopts,
	const struct option *longopts);
/* The next option (its short letter or LP_CLI_OPT_LONG+n); its value, if any, in *arg. */
int lp_cli_opt_next(lp_cli_opts *p, const char **arg);

/* -q/--quiet: nothing but findings and errors (no progress, no totals). */
int lp_cli_quiet(void);
/* Progress and summaries on stderr, dropped by --quiet. */
void lp_cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Whether to colour what goes to `f`: --color=always|never decides; with
 * auto (the default) never under NO_COLOR, always under FORCE_COLOR, never
 * with TERM=dumb, else only on a terminal.
 */
int lp_cli_color(FILE *f);

/*
 * Prints the findings in `format`: text (to `text_out`, then the totals
 * "N errors, N warnings in N files (N suppressed)" unless --quiet; `nfiles`
 * is the number of files looked at), json, sarif, gitlab or junit (to
 * stdout). Returns an LP_EXIT_* code.
 */
int lp_cli_report(lp_diag *d, const char *format, FILE *text_out, size_t nfiles);
/* nfiles for lp_cli_report when the run has no totals to print */
#define LP_CLI_NO_TOTALS ((size_t)-1)
/* lp_cli_report for build-style diagnostics: text on stderr. */
int lp_cli_emit_diag(lp_diag *d, const char *format);
/* 1 when `format` is one of `allowed` ("text|json|sarif"); else a usage error is reported and 0 returned. */
int lp_cli_format_ok(const char *cmd, const char *format, const char *allowed);
/*
 * -j/--jobs N: the number of threads that lint files, 1..LP_CLI_MAX_JOBS,
 * into *out; otherwise a usage error of `cmd` is reported and LP_EXIT_USAGE
 * returned. lp_cli_jobs_default is the number when -j is not given: the
 * CPUs this process may run on.
 */
#define LP_CLI_MAX_JOBS 1024u
int lp_cli_jobs(unsigned *out, const char *cmd, const char *arg);
unsigned lp_cli_jobs_default(void);
/* Writes a buffer to stdout; returns LP_EXIT_INTERNAL on I/O failure. */
int lp_cli_stdout(const char *data, size_t len);
/*
 * What build and check share: load (from `data` when given, else the file
 * `spec`), plan, render every artifact, lint them in memory and add the lock
 * file. Returns an LP_EXIT_* code: USAGE for spec errors, FINDINGS when the
 * generated files have lint errors (the set is complete and may be compared,
 * but must not be written). Findings on generated files are reported at the
 * spec with the file, named `outdir`/<path>, as the related location.
 * *m is caller-owned even on failure.
 */
/*
 * The project the files a spec names must be inside (lp_render_opts.root):
 * the git work tree holding the spec's directory, else that directory;
 * into `out`, cleared first.
 */
void lp_cli_project_root(lp_buf *out, const char *spec);

int lp_cli_compile(lp_artifact_set *set, lp_model **m, const char *spec, const lp_buf *data, const char *outdir,
	const lp_render_opts *ro, unsigned jobs, lp_diag *d);

/* The schema as `logpipe schema` prints it (for editors: no logpipe-only keywords). */
int lp_cli_schema_text(lp_buf *out);
/*
 * The output directory `build` uses when run in the spec's folder: "generated"
 * beside `spec`, into `buf`; returns buf->ptr.
 */
const char *lp_cli_output_dir(lp_buf *buf, const char *spec);
/* The files the spec refers to (SAM templates), as paths from the current directory; in `a`. */
struct lp_arena;
const char **lp_cli_spec_files(size_t *n, struct lp_arena *a, const lp_model *m, const char *spec);

/* Reports the last operational error as "logpipe: error: ..." and returns `code`. */
int lp_cli_fail(int code);

#endif
