#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plan/plan.h"
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

#define SCHEMA_FILE "logpipe.schema.json"
#define MODELINE "# yaml-language-server: $schema="

/* The folder part of `out` ("" for a bare name), into `dir`. */
static void dir_of(lp_buf *dir, const char *out)
{
	const char *slash = strrchr(out, '/');
	lp_buf_clear(dir);
	if (slash)
		lp_buf_put(dir, out, (size_t)(slash - out) + 1);
}

/*
 * The spec as written to `out`: a modeline only resolves where the schema
 * is, so the examples' "../../schemas/..." becomes the schema file written
 * beside the spec, and standard output, which has no "beside", gets none.
 */
static void with_modeline(lp_buf *text, const char *body, size_t len, int to_stdout)
{
	if (len >= strlen(MODELINE) && !strncmp(body, MODELINE, strlen(MODELINE))) {
		const char *nl = memchr(body, '\n', len);
		size_t skip = nl ? (size_t)(nl - body) + 1 : len;
		body += skip;
		len -= skip;
	}
	if (!to_stdout)
		lp_buf_puts(text, MODELINE SCHEMA_FILE "\n");
	lp_buf_put(text, body, len);
}

/* Writes the schema the modeline names beside `out`, unless one is there. */
static int write_schema(const char *out)
{
	const lp_embedded_file *f = lp_embedded_find("schemas/logpipe.schema.json");
	lp_buf path = LP_BUF_INIT;
	int error = 0;
	if (!f) {
		lp_error_set(LP_ERROR_INTERNAL, "the schema was not embedded in this build");
		return LP_ERROR;
	}
	dir_of(&path, out);
	lp_buf_puts(&path, SCHEMA_FILE);
	if (!lp_fs_exists(path.ptr) && (error = lp_fs_write_atomic(path.ptr, f->data, f->len)) == 0)
		lp_cli_note("logpipe: wrote '%s' for editor completion\n", path.ptr);
	lp_buf_release(&path);
	return error;
}

typedef struct init_opts {
	const char *name, *region, *account, *to, *kms_key, *image;
	const char *services[32];
	size_t nservices;
} init_opts;

/* Names that go into AWS identifiers are lowercased '-' words; the Glue database takes '_'. */
static void underscored(lp_buf *out, const char *s)
{
	for (; *s; s++)
		lp_buf_putc(out, *s == '-' ? '_' : *s);
}

/*
 * The spec for the user's case. Every value that is not the user's is one
 * logpipe derives the same way elsewhere (bucket, database, role names), so
 * the file builds as written; the roles it names get their policies in
 * generated/iam/.
 */
static void spec_from_flags(lp_buf *y, const init_opts *o)
{
	int lake = strcmp(o->to, "cloudwatch") != 0, cw = strcmp(o->to, "lake") != 0;
	size_t i;
	lp_buf_printf(y, "version: 1\nname: %s\nregion: %s\naccount: \"%s\"\n", o->name, o->region, o->account);
	if (lake) {
		lp_buf_printf(y, "\nlake:\n  bucket: %s-logs-%s\n  database: ", o->name, o->account);
		underscored(y, o->name);
		lp_buf_puts(y, "_logs\n");
	}
	lp_buf_puts(y, "\ndefaults:\n  cloudwatch:\n    retention_days: 365\n");
	if (strcmp(o->kms_key, "none") != 0)
		lp_buf_printf(y, "    kms_key: %s\n", o->kms_key);
	lp_buf_puts(y, "\nservices:\n");
	for (i = 0; i < o->nservices; i++) {
		const char *svc = o->services[i];
		lp_buf_printf(y, "  %s:\n    cpu: 256\n    memory: 512\n", svc);
		lp_buf_printf(y, "    task_role: arn:aws:iam::%s:role/%s-%s-task\n", o->account, o->name, svc);
		lp_buf_printf(y, "    execution_role: arn:aws:iam::%s:role/%s-%s-execution\n", o->account, o->name, svc);
		lp_buf_puts(y, "    containers:\n      app:\n");
		if (o->image)
			lp_buf_printf(y, "        image: %s\n", o->image);
		else
			lp_buf_printf(y, "        image: %s.dkr.ecr.%s.amazonaws.com/%s-%s:latest\n", o->account, o->region,
				o->name, svc);
		lp_buf_puts(y, "        user: \"1000\"\n        readonly_root: true\n        logs:\n");
		lp_buf_printf(y, "          to: [%s]\n", cw && lake ? "cloudwatch, lake" : cw ? "cloudwatch" : "lake");
		lp_buf_puts(y, "          format: json\n          time_key: time\n");
		if (lake)
			lp_buf_puts(y, "          # replace with the keys your app logs (Hive types); 'log' keeps each whole record\n"
				"          fields: { level: string, message: string }\n");
	}
	if (!strcmp(o->kms_key, "none"))
		lp_buf_puts(y, "\nlint:\n  ignore:\n"
			"    - { rule: cloudwatch-log-group-encrypted, reason: \"log groups without a KMS key, chosen with "
			"'logpipe init --kms-key none'\" }\n");
}

enum { OPT_NAME = LP_CLI_OPT_LONG, OPT_REGION, OPT_ACCOUNT, OPT_KMS_KEY, OPT_SERVICE, OPT_TO, OPT_IMAGE };

static const struct option longopts[] = {
	{ "example", required_argument, NULL, 'e' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "kms-key", required_argument, NULL, OPT_KMS_KEY },
	{ "service", required_argument, NULL, OPT_SERVICE },
	{ "to", required_argument, NULL, OPT_TO },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ NULL, 0, NULL, 0 },
};

/* Starter specs: the user's case from flags, or a bundled example (embedded at build time, so never drifting). */
int lp_cli_init(int argc, char **argv)
{
	const char *example = NULL, *out = "logpipe.yaml";
	const lp_embedded_file *f = NULL;
	init_opts o;
	lp_buf path = LP_BUF_INIT, text = LP_BUF_INIT;
	lp_cli_opts p;
	const char *arg;
	int force = 0, c, rc = LP_EXIT_OK, from_flags = 0;

	memset(&o, 0, sizeof(o));
	o.to = "hybrid";
	lp_cli_opts_init(&p, "init", argc, argv, "e:o:f", longopts);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0) {
		from_flags |= c >= LP_CLI_OPT_LONG;
		switch (c) {
		case 'e': example = arg; break;
		case 'o': out = arg; break;
		case 'f': force = 1; break;
		case OPT_NAME: o.name = arg; break;
		case OPT_REGION: o.region = arg; break;
		case OPT_ACCOUNT: o.account = arg; break;
		case OPT_KMS_KEY: o.kms_key = arg; break;
		case OPT_TO: o.to = arg; break;
		case OPT_IMAGE: o.image = arg; break;
		case OPT_SERVICE:
			if (o.nservices == sizeof(o.services) / sizeof(o.services[0]))
				return lp_cli_usage_error("init", "at most %zu --service options", o.nservices);
			o.services[o.nservices++] = arg;
			break;
		}
	}
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		return lp_cli_usage_error("init", "unexpected argument '%s'", argv[p.optind]);
	if (!*out)
		return lp_cli_usage_error("init", "-o needs a file name (or '-' for standard output)");
	if (from_flags && example)
		return lp_cli_usage_error("init", "--example writes a bundled example; it does not take --name and the other spec flags");
	if (from_flags) {
		if (!o.name || !o.region || !o.account)
			return lp_cli_usage_error("init", "--name, --region and --account are needed to write a spec");
		if (strcmp(o.to, "cloudwatch") && strcmp(o.to, "lake") && strcmp(o.to, "hybrid"))
			return lp_cli_usage_error("init", "--to must be cloudwatch, lake or hybrid, not '%s'", o.to);
		if (!o.kms_key)
			return lp_cli_usage_error("init",
				"--kms-key ARN is needed: AWS Config's cloudwatch-log-group-encrypted wants every log group "
				"encrypted with a key whose policy allows CloudWatch Logs (--kms-key none writes a spec that "
				"accepts unencrypted groups, with the reason in lint.ignore)");
		if (o.nservices == 0)
			o.services[o.nservices++] = "web";
		spec_from_flags(&path, &o);
		with_modeline(&text, path.ptr, path.size, !strcmp(out, "-"));
		example = "your flags";
	} else {
		if (!example)
			example = "hybrid";
		lp_buf_printf(&path, "examples/%s/logpipe.yaml", example);
		f = strchr(example, '/') ? NULL : lp_embedded_find(path.ptr);
		if (!f) {
			lp_buf_release(&path);
			return lp_cli_usage_error("init", "unknown example '%s' (choose hybrid, alb or sam)", example);
		}
		with_modeline(&text, f->data, f->len, !strcmp(out, "-"));
	}
	if (from_flags) {
		/* Values the flags carry are checked now, so a bad region is a message here, not a file to fix. */
		lp_diag *d = lp_diag_new();
		lp_model *m = NULL;
		int bad = lp_plan_load_buffer(&m, strcmp(out, "-") ? out : "logpipe.yaml", text.ptr, text.size, d) < 0 || !m;
		if (bad)
			lp_cli_emit_diag(d, "text");
		lp_model_free(m);
		lp_diag_free(d);
		if (bad) {
			fprintf(stderr, "logpipe: error: the flags give a spec with errors (above); nothing was written\n");
			rc = LP_EXIT_USAGE;
			goto done;
		}
	}
	if (!strcmp(out, "-")) {
		rc = lp_cli_stdout(text.ptr, text.size);
		goto done;
	}
	if (!force && lp_fs_exists(out)) {
		fprintf(stderr, "logpipe: error: '%s' already exists\n  help: pass --force to overwrite it, or -o to write elsewhere\n", out);
		rc = LP_EXIT_USAGE;
		goto done;
	}
	if (lp_fs_write_atomic(out, text.ptr, text.size) < 0 || write_schema(out) < 0) {
		rc = lp_cli_fail(LP_EXIT_USAGE);
		goto done;
	}
	if (f && write_companions(example, out) < 0) {
		rc = lp_cli_fail(lp_error_last_class() == LP_ERROR_INTERNAL ? LP_EXIT_INTERNAL : LP_EXIT_USAGE);
		goto done;
	}
	lp_cli_note("logpipe: wrote '%s' (from %s%s); next: logpipe build %s\n", out, f ? "example " : "", example, out);
done:
	lp_buf_release(&path);
	lp_buf_release(&text);
	return rc;
}
