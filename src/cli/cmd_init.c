#include <string.h>

#include "cli.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fs.h"

/* Starter specs are the bundled examples, embedded at build time, so `init` never drifts from them. */
int lp_cli_init(int argc, char **argv)
{
	const char *example = "hybrid", *out = "logpipe.yaml";
	const lp_embedded_file *f;
	lp_buf path = LP_BUF_INIT;
	int force = 0, i, rc = LP_EXIT_OK;

	if (lp_cli_wants_help(argc, argv))
		return lp_cli_print_help("init");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--example") && i + 1 < argc)
			example = argv[++i];
		else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--force"))
			force = 1;
		else
			return lp_cli_usage_error("init", "unexpected argument '%s'", argv[i]);
	}
	lp_buf_printf(&path, "examples/%s/logpipe.yaml", example);
	f = strchr(example, '/') ? NULL : lp_embedded_find(path.ptr);
	lp_buf_release(&path);
	if (!f)
		return lp_cli_usage_error("init", "unknown example '%s' (choose hybrid, alb or sam)", example);
	if (!strcmp(out, "-"))
		return lp_cli_stdout(f->data, f->len);
	if (!force && lp_fs_exists(out)) {
		fprintf(stderr, "logpipe: error: '%s' already exists\n  help: pass --force to overwrite it, or -o to write elsewhere\n", out);
		return LP_EXIT_USAGE;
	}
	if (lp_fs_write_atomic(out, f->data, f->len) < 0)
		rc = lp_cli_fail(LP_EXIT_USAGE);
	else
		fprintf(stderr, "logpipe: wrote '%s' (example: %s); next: logpipe build %s\n", out, example, out);
	return rc;
}
