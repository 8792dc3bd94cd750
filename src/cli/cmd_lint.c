#include "cli.h"

int lp_cli_lint(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("lint");
	return lp_cli_usage_error(NULL, "'lint' is not available in this build yet");
}
