#include <cjson/cJSON.h>
#include <string.h>

#include "cli.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/json.h"

/*
 * Keywords only logpipe's own validator reads (the help line of a pattern
 * error). Editors and SchemaStore validate schemas with Ajv in strict mode,
 * which refuses keywords it does not know, so the printed schema leaves them out.
 */
static const char *const private_keywords[] = { "patternErrorMessage", "x-did-you-mean", "x-enum-shown", NULL };

static void strip(cJSON *node)
{
	cJSON *c, *next;
	size_t i;
	for (c = node ? node->child : NULL; c; c = next) {
		next = c->next;
		for (i = 0; private_keywords[i]; i++)
			if (cJSON_IsObject(node) && c->string && !strcmp(c->string, private_keywords[i]))
				break;
		if (private_keywords[i])
			cJSON_Delete(cJSON_DetachItemViaPointer(node, c));
		else
			strip(c);
	}
}

int lp_cli_schema_text(lp_buf *out)
{
	const lp_embedded_file *f = lp_embedded_find("schemas/logpipe.schema.json");
	cJSON *schema = f ? cJSON_ParseWithLength(f->data, f->len) : NULL;
	int error;
	if (!schema) {
		lp_error_set(LP_ERROR_INTERNAL, "the schema was not embedded in this build");
		return LP_ERROR;
	}
	strip(schema);
	error = lp_json_print(out, schema);
	cJSON_Delete(schema);
	return error;
}

int lp_cli_schema(int argc, char **argv)
{
	lp_cli_opts p;
	const char *arg;
	lp_buf out = LP_BUF_INIT;
	int c, rc;
	lp_cli_opts_init(&p, "schema", argc, argv, "", NULL);
	while ((c = lp_cli_opt_next(&p, &arg)) >= 0)
		;
	if (c == LP_CLI_OPT_STOP)
		return p.code;
	if (p.optind < argc)
		return lp_cli_usage_error("schema", "unexpected argument '%s'", argv[p.optind]);
	rc = lp_cli_schema_text(&out) < 0 ? lp_cli_fail(LP_EXIT_INTERNAL) : lp_cli_stdout(out.ptr, out.size);
	lp_buf_release(&out);
	return rc;
}
