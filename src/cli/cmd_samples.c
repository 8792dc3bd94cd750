#include "cli.h"

int lp_cli_samples(int argc, char **argv)
{
	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("samples");
	return lp_cli_usage_error(NULL, "'samples' is not available in this build yet");
}
