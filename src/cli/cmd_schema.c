#include <string.h>

#include "cli.h"
#include "util/embedded.h"

int lp_cli_schema(int argc, char **argv)
{
	const lp_embedded_file *f;
	lp_cli_opts p;
	const char *arg;
	int c;
	lp_cli_opts_init(&p, "schema", argc, argv, "", NULL);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0)
		;
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		return lp_cli_usage_error("schema", "unexpected argument '%s'", argv[p.optind]);
	f = lp_embedded_find("schemas/logpipe.schema.json");
	if (!f) {
		fputs("logpipe: error: the schema was not embedded in this build\n", stderr);
		return LP_EXIT_INTERNAL;
	}
	return lp_cli_stdout(f->data, f->len);
}
