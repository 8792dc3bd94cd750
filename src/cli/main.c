#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static int dispatch(int argc, char **argv)
{
	const lp_cli_command *c;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc >= 3 && !strcmp(argv[1], "help"))
			return lp_cli_print_help(argv[2]);
		lp_cli_print_help(NULL);
		return argc < 2 ? LP_EXIT_USAGE : LP_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		/* the revision says which build a bug report is about, between releases too */
		printf("logpipe %s (git %s)\n", LP_VERSION, LP_GIT_REVISION);
		return LP_EXIT_OK;
	}
	for (c = lp_cli_commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->run(argc - 1, argv + 1);
	return lp_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}

/* Dispatch only: every command lives in its own file. */
int main(int argc, char **argv)
{
	int rc = dispatch(argc, argv);
	/*
	 * Output printed with printf (help, summaries) is only known to have
	 * reached its file once flushed; a full disk must not look like success
	 * (git does the same check before exiting).
	 */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == LP_EXIT_OK) {
		fputs("logpipe: error: cannot write to standard output\n", stderr);
		rc = LP_EXIT_INTERNAL;
	}
	return rc;
}
