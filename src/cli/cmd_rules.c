#include "cli.h"

int lp_cli_rules(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("rules");
	return lp_cli_usage_error(NULL, "'rules' is not available in this build yet");
}
