#include "cli.h"

int lp_cli_check(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("check");
	return lp_cli_usage_error(NULL, "'check' is not available in this build yet");
}
