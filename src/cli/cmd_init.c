#include "cli.h"

int lp_cli_init(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("init");
	return lp_cli_usage_error(NULL, "'init' is not available in this build yet");
}
