/*
 * Runs the official mustache spec suite (tests/conformance/mustache/) against
 * lp_mustache_render: HTML escaping, lenient mode, partials from each case's
 * "partials" map. Prints every case by name and ends with "N passed, N failed";
 * exits non-zero on any failure.
 *
 * usage: mustache_spec DIR
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "render/mustache.h"
#include "render/value.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/fs.h"

static const char *const files[] = { "comments", "delimiters", "interpolation", "inverted", "partials",
	"sections" };

static int load_partial(lp_buf *out, const char *name, void *payload)
{
	const cJSON *partials = payload;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(partials, name);
	if (!cJSON_IsString(p))
		return LP_ENOTFOUND;
	return lp_buf_puts(out, p->valuestring) < 0 ? LP_ETOOBIG : 0;
}

static void show(const char *label, const char *s)
{
	const char *c;
	printf("    %s: \"", label);
	for (c = s; *c; c++) {
		if (*c == '\n')
			fputs("\\n", stdout);
		else if (*c == '\r')
			fputs("\\r", stdout);
		else
			putchar(*c);
	}
	puts("\"");
}

/* Returns 1 when the case passed. */
static int run_case(const char *file, const cJSON *tc)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(tc, "name");
	const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(tc, "template");
	const cJSON *expected = cJSON_GetObjectItemCaseSensitive(tc, "expected");
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_buf out = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	const lp_value *ctx;
	int rc, ok;
	if (!cJSON_IsString(name) || !cJSON_IsString(tmpl) || !cJSON_IsString(expected)) {
		printf("FAIL %s: malformed case\n", file);
		lp_diag_free(d);
		return 0;
	}
	ctx = lp_value_from_json(&a, cJSON_GetObjectItemCaseSensitive(tc, "data"));
	o.escaper = LP_ESCAPE_HTML;
	o.strict = 0;
	o.name = name->valuestring;
	o.partial = load_partial;
	o.payload = cJSON_GetObjectItemCaseSensitive(tc, "partials");
	rc = lp_mustache_render(&out, tmpl->valuestring, strlen(tmpl->valuestring), ctx, &o, d);
	ok = rc == 0 && strcmp(out.ptr, expected->valuestring) == 0;
	printf("%s %s: %s\n", ok ? "pass" : "FAIL", file, name->valuestring);
	if (!ok) {
		lp_buf msgs = LP_BUF_INIT;
		show("template", tmpl->valuestring);
		show("expected", expected->valuestring);
		show("got", out.ptr);
		if (rc < 0)
			printf("    error: %s\n", lp_error_last());
		lp_diag_print_text(&msgs, d, 0);
		if (msgs.size)
			printf("%s", msgs.ptr);
		lp_buf_release(&msgs);
	}
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
	return ok;
}

int main(int argc, char **argv)
{
	size_t i, passed = 0, failed = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: mustache_spec DIR\n");
		return 2;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		lp_buf path = LP_BUF_INIT, text = LP_BUF_INIT;
		cJSON *doc;
		const cJSON *tc;
		lp_buf_printf(&path, "%s/%s.json", argv[1], files[i]);
		if (lp_fs_read(&text, path.ptr, (size_t)1 << 20) < 0) {
			printf("FAIL %s: %s\n", files[i], lp_error_last());
			failed++;
		} else if (!(doc = cJSON_ParseWithLength(text.ptr, text.size))) {
			printf("FAIL %s: not JSON\n", files[i]);
			failed++;
		} else {
			cJSON_ArrayForEach(tc, cJSON_GetObjectItemCaseSensitive(doc, "tests")) {
				if (run_case(files[i], tc))
					passed++;
				else
					failed++;
			}
			cJSON_Delete(doc);
		}
		lp_buf_release(&path);
		lp_buf_release(&text);
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
