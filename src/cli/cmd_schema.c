#include <string.h>

#include "cli.h"
#include "util/embedded.h"

int lp_cli_schema(int argc, char **argv)
{
	const lp_embedded_file *f;
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("schema");
	if (argc > 1)
		return lp_cli_usage_error("schema", "unexpected argument '%s'", argv[1]);
	f = lp_embedded_find("schemas/logpipe.schema.json");
	if (!f) {
		fputs("logpipe: error: the schema was not embedded in this build\n", stderr);
		return LP_EXIT_INTERNAL;
	}
	return lp_cli_stdout(f->data, f->len);
}
