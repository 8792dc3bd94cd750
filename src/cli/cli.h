#ifndef LP_CLI_CLI_H
#define LP_CLI_CLI_H

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

extern const lp_cli_command lp_cli_commands[];

/* Shared helpers (cli.c). */
int lp_cli_wants_help(int argc, char **argv);
int lp_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lp_cli_print_help(const char *cmd);
/* Prints diagnostics in the requested format: text to stderr, json/sarif to stdout. */
int lp_cli_emit_diag(lp_diag *d, const char *format);
/* Colour only on a terminal and never with NO_COLOR. */
int lp_cli_color(FILE *f);
/* Writes a buffer to stdout; returns LP_EXIT_INTERNAL on I/O failure. */
int lp_cli_stdout(const char *data, size_t len);
/*
 * What build and check share: load (from `data` when given, else the file
 * `spec`), plan, render every artifact, lint them in memory and add the lock
 * file. Returns an LP_EXIT_* code: USAGE for spec errors, FINDINGS when the
 * generated files have lint errors (the set is complete and may be compared,
 * but must not be written). *m is caller-owned even on failure.
 */
int lp_cli_compile(lp_artifact_set *set, lp_model **m, const char *spec, const lp_buf *data,
	const lp_render_opts *ro, lp_diag *d);

/* Reports the last operational error as "logpipe: error: ..." and returns `code`. */
int lp_cli_fail(int code);

#endif
