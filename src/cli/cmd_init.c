#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fs.h"

/*
 * Files an example's spec refers to (sources.api_gateway.*.template), written
 * next to it so that 'logpipe build' works on the starter as the message says.
 */
static const struct companion {
	const char *example, *file;
} companions[] = {
	{ "hybrid", "infra/orders/template.yaml" },
	{ "sam", "template.yaml" },
};

/* Writes the example's companion files beside `out`; existing files are kept, whatever --force says. */
static int write_companions(const char *example, const char *out)
{
	const char *slash = strrchr(out, '/');
	lp_buf src = LP_BUF_INIT, dst = LP_BUF_INIT;
	size_t i;
	int error = 0;
	for (i = 0; i < sizeof(companions) / sizeof(companions[0]) && error == 0; i++) {
		const lp_embedded_file *f;
		char *dir;
		if (strcmp(companions[i].example, example))
			continue;
		lp_buf_clear(&src);
		lp_buf_clear(&dst);
		lp_buf_printf(&src, "examples/%s/%s", example, companions[i].file);
		if (slash)
			lp_buf_put(&dst, out, (size_t)(slash - out) + 1);
		lp_buf_puts(&dst, companions[i].file);
		if (!(f = lp_embedded_find(src.ptr))) {
			lp_error_set(LP_ERROR_INTERNAL, "no embedded '%s'", src.ptr);
			error = LP_ERROR;
		} else if (lp_fs_exists(dst.ptr)) {
			fprintf(stderr, "logpipe: kept the existing '%s' that the spec refers to\n", dst.ptr);
		} else {
			dir = strrchr(dst.ptr, '/');
			if (dir) {
				*dir = '\0';
				error = lp_fs_mkdir_p(dst.ptr);
				*dir = '/';
			}
			if (error == 0 && (error = lp_fs_write_atomic(dst.ptr, f->data, f->len)) == 0)
				lp_cli_note("logpipe: wrote '%s', which the spec refers to\n", dst.ptr);
		}
	}
	lp_buf_release(&src);
	lp_buf_release(&dst);
	return error;
}

static const struct option longopts[] = {
	{ "example", required_argument, NULL, 'e' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

#define MODELINE "# yaml-language-server: $schema="

/*
 * The example's first line points editors at the schema in this source tree;
 * a starter spec lives elsewhere. Point it at the installed schema when there
 * is one, else at logpipe.schema.json beside the spec, written there (kept if
 * it exists) so the modeline resolves wherever the spec is written.
 */
static int starter(lp_buf *text, const lp_embedded_file *f, const char *out)
{
	const char *body = f->data, *nl;
	const char *slash = strrchr(out, '/');
	lp_buf schema = LP_BUF_INIT, dst = LP_BUF_INIT;
	int error = 0;
	if (!strncmp(body, MODELINE, strlen(MODELINE)) && (nl = memchr(body, '\n', f->len)) != NULL)
		body = nl + 1;
	if (lp_fs_exists(LP_SCHEMA_INSTALLED)) {
		lp_buf_printf(text, "%s%s\n", MODELINE, LP_SCHEMA_INSTALLED);
	} else {
		lp_buf_printf(text, "%slogpipe.schema.json\n", MODELINE);
		if (strcmp(out, "-")) {
			if (slash)
				lp_buf_put(&dst, out, (size_t)(slash - out) + 1);
			lp_buf_puts(&dst, "logpipe.schema.json");
			if (!lp_fs_exists(dst.ptr) && (error = lp_cli_schema_text(&schema)) == 0 &&
			    (error = lp_fs_write_atomic(dst.ptr, schema.ptr, schema.size)) == 0)
				lp_cli_note("logpipe: wrote '%s' for editors (the spec's first line points at it)\n", dst.ptr);
		}
	}
	lp_buf_put(text, body, f->len - (size_t)(body - f->data));
	lp_buf_release(&schema);
	lp_buf_release(&dst);
	return error;
}

/* Starter specs are the bundled examples, embedded at build time, so `init` never drifts from them. */
int lp_cli_init(int argc, char **argv)
{
	const char *example = "hybrid", *out = "logpipe.yaml";
	const lp_embedded_file *f;
	lp_buf path = LP_BUF_INIT, text = LP_BUF_INIT;
	lp_cli_opts p;
	const char *arg;
	int force = 0, c, rc = LP_EXIT_OK;

	lp_cli_opts_init(&p, "init", argc, argv, "e:o:f", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		switch (c) {
		case 'e': example = arg; break;
		case 'o': out = arg; break;
		case 'f': force = 1; break;
		}
	}
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		return lp_cli_usage_error("init", "unexpected argument '%s'", argv[p.optind]);
	if (!*out)
		return lp_cli_usage_error("init", "-o needs a file name (or '-' for standard output)");
	lp_buf_printf(&path, "examples/%s/logpipe.yaml", example);
	f = strchr(example, '/') ? NULL : lp_embedded_find(path.ptr);
	lp_buf_release(&path);
	if (!f)
		return lp_cli_usage_error("init", "unknown example '%s' (choose hybrid, alb or sam)", example);
	if (strcmp(out, "-") && !force && lp_fs_exists(out)) {
		fprintf(stderr, "logpipe: error: '%s' already exists\n  help: pass --force to overwrite it, or -o to write elsewhere\n", out);
		return LP_EXIT_USAGE;
	}
	if (starter(&text, f, out) < 0)
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_INTERNAL ? LP_EXIT_INTERNAL : LP_EXIT_USAGE);
	else if (!strcmp(out, "-"))
		rc = lp_cli_stdout(text.ptr, text.size);
	else if (lp_fs_write_atomic(out, text.ptr, text.size) < 0)
		rc = lp_cli_fail(LP_EXIT_USAGE);
	else if (write_companions(example, out) < 0)
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_INTERNAL ? LP_EXIT_INTERNAL : LP_EXIT_USAGE);
	else
		lp_cli_note("logpipe: wrote '%s' (example: %s); next: logpipe build %s\n", out, example, out);
	lp_buf_release(&text);
	return rc;
}
