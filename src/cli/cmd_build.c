#include "cli.h"

int lp_cli_build(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("build");
	return lp_cli_usage_error(NULL, "'build' is not available in this build yet");
}
