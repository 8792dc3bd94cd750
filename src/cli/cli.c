#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/buf.h"
#include "util/error.h"

const lp_cli_command lp_cli_commands[] = {
	{ "build", "compile logpipe.yaml into every artifact",
	  "usage: logpipe build [SPEC] [-o DIR] [--check] [--format text|json] [--templates DIR]\n"
	  "\n"
	  "Compiles SPEC (default: logpipe.yaml) into DIR (default: generated/) and lints\n"
	  "what it generated. Nothing is written when any error is found; every file is\n"
	  "written atomically.\n"
	  "\n"
	  "  -o, --output DIR     where to write the artifacts (default: generated)\n"
	  "      --check          write nothing; exit 1 if DIR differs from what would be written\n"
	  "      --format FORMAT  diagnostics as text (default) or json\n"
	  "      --templates DIR  use templates from DIR instead of the built-in ones\n",
	  lp_cli_build },
	{ "lint", "lint generated and hand-written files",
	  "usage: logpipe lint [PATH...] [--spec SPEC] [--format text|json|sarif] [--fail-on error|warning|note]\n"
	  "                    [--rule ID]... [--kind KIND]\n"
	  "\n"
	  "Lints task definitions, CloudFormation/SAM templates, Firehose/Glue JSON, Athena DDL\n"
	  "and Fluent Bit configuration against AWS Config rules and against each other.\n"
	  "Directories are walked. Exit 1 when a finding is at or above --fail-on (default error).\n",
	  lp_cli_lint },
	{ "check", "compile from git and compare with the committed output (hooks, CI)",
	  "usage: logpipe check [--staged | --rev REV] [SPEC] [-o DIR] [--format text|json]\n"
	  "\n"
	  "Reads SPEC and the generated files from the git index (--staged, the default) or a\n"
	  "revision, without touching the work tree; exit 1 when the committed output is stale\n"
	  "or lint finds errors.\n",
	  lp_cli_check },
	{ "samples", "verify real log lines against a table's regex",
	  "usage: logpipe samples (--table FILE.sql | --spec SPEC --source NAME) [--max-report N] LOGFILE...\n"
	  "\n"
	  "Runs every line of LOGFILE (plain or .gz; '-' reads standard input) through the table's\n"
	  "RegexSerDe regex and reports lines that would come back as all-NULL rows in Athena\n"
	  "(the first N, default 20).\n",
	  lp_cli_samples },
	{ "rules", "list lint rules",
	  "usage: logpipe rules [--format text|json]\n"
	  "\n"
	  "Lists every rule with its severity and the AWS Config rule it mirrors.\n",
	  lp_cli_rules },
	{ "explain", "explain a lint rule",
	  "usage: logpipe explain RULE-ID\n"
	  "\n"
	  "Says what the rule checks, why, how to fix it, and which AWS Config rule it mirrors.\n",
	  lp_cli_explain },
	{ "schema", "print the JSON Schema of logpipe.yaml",
	  "usage: logpipe schema\n"
	  "\n"
	  "Prints the JSON Schema (2020-12) of logpipe.yaml, for editors such as\n"
	  "yaml-language-server.\n",
	  lp_cli_schema },
	{ "init", "write a starter logpipe.yaml",
	  "usage: logpipe init [--example hybrid|alb|sam] [-o FILE] [--force]\n"
	  "\n"
	  "Writes a starter spec (default: logpipe.yaml; '-' for stdout) and, beside it, any file\n"
	  "it refers to (the SAM template of the hybrid and sam examples) that does not exist yet.\n"
	  "An existing spec is left alone unless --force is given.\n",
	  lp_cli_init },
	{ NULL, NULL, NULL, NULL },
};

int lp_cli_wants_help(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

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

int lp_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
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

int lp_cli_emit_diag(lp_diag *d, const char *format)
{
	lp_buf out = LP_BUF_INIT;
	int rc = LP_EXIT_OK;
	if (!format || !strcmp(format, "text")) {
		lp_diag_print_text(&out, d, lp_cli_color(stderr));
		fwrite(out.ptr, 1, out.size, stderr);
	} else if (!strcmp(format, "json")) {
		lp_diag_print_json(&out, d);
		rc = lp_cli_stdout(out.ptr, out.size);
	} else {
		rc = lp_cli_usage_error(NULL, "unknown format '%s'", format);
	}
	lp_buf_release(&out);
	return rc;
}
