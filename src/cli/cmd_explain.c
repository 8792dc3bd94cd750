#include "cli.h"

int lp_cli_explain(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("explain");
	return lp_cli_usage_error(NULL, "'explain' is not available in this build yet");
}
