/*
 * libFuzzer target for the template renderer and the escapers. The first byte
 * selects options: bits 0-2 the escaper (modulo the seven escapers), bit 3
 * strict mode; the rest is the template. The context is fixed and includes
 * values each escaper must refuse; the partial "self" is the template itself,
 * so recursion is reachable. Then every escaper runs on the raw bytes and
 * its contract is checked: a refusal appends nothing, and the identifier,
 * Fluent Bit and Dockerfile escapers never change what they accept. The
 * template parsed once (lp_mustache_parse) must render twice exactly as the
 * one-shot render did: bytes, return code and findings, budgets included,
 * though the second render reuses the partials the first loaded. Whatever
 * the bytes, this must not crash, leak, read out of bounds or run away;
 * findings are fine.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "render/escape.h"
#include "render/mustache.h"
#include "render/value.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
	const char *text;
	size_t len;
} input;

static int load_partial(lp_buf *out, const char *name, void *payload)
{
	const input *in = payload;
	if (strcmp(name, "self") == 0)
		return lp_buf_put(out, in->text, in->len) < 0 ? LP_ETOOBIG : 0;
	if (strcmp(name, "item") == 0)
		return lp_buf_puts(out, "  - {{name}}: {{value}}\n{{#children}}{{>item}}{{/children}}") < 0 ? LP_ETOOBIG : 0;
	return LP_ENOTFOUND;
}

static lp_value *context(lp_arena *a)
{
	static const lp_span sp = { "logpipe.yaml", 3, 7, 3, 20 };
	lp_value *root = lp_value_map(a), *list = lp_value_list(a), *nested = lp_value_map(a);
	const char *const names[] = { "api", "it's \\d", "a`b", "${HOME}", "@INCLUDE x", " pad", "line\nbreak", "<&>\"" };
	size_t i;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		lp_value *m = lp_value_map(a);
		lp_value_map_set_string(a, m, "name", names[i], &sp);
		lp_value_map_set_number(a, m, "value", (double)i * 1.5);
		lp_value_map_set(a, m, "children", i == 0 ? list : lp_value_list(a));
		lp_value_list_push(a, list, m);
	}
	lp_value_map_set(a, root, "items", list);
	lp_value_map_set_string(a, nested, "deep", "x", NULL);
	lp_value_map_set(a, root, "a", nested);
	lp_value_map_set(a, nested, "a", nested); /* a cycle: a.a.a... resolves forever */
	lp_value_map_set_bool(a, root, "yes", 1);
	lp_value_map_set_bool(a, root, "no", 0);
	lp_value_map_set(a, root, "nothing", lp_value_null(a));
	lp_value_map_set_number(a, root, "n", 1e300);
	lp_value_map_set_string(a, root, "empty", "", NULL);
	return root;
}

static void check_escapers(const char *s, size_t len)
{
	static const lp_escaper all[] = { LP_ESCAPE_NONE, LP_ESCAPE_HTML, LP_ESCAPE_SQL_STRING, LP_ESCAPE_SQL_IDENT,
		LP_ESCAPE_FLB_VALUE, LP_ESCAPE_ATHENA_DDL, LP_ESCAPE_DOCKER_WORD };
	size_t i;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		lp_buf out = LP_BUF_INIT;
		const char *why = NULL;
		int rc;
		lp_buf_putc(&out, 'x');
		rc = lp_escape(&out, all[i], s, len, &why);
		if (rc == LP_ESCAPE_REFUSED && (out.size != 1 || !why))
			abort();
		if (rc == 0 && (all[i] == LP_ESCAPE_SQL_IDENT || all[i] == LP_ESCAPE_FLB_VALUE ||
				all[i] == LP_ESCAPE_ATHENA_DDL || all[i] == LP_ESCAPE_DOCKER_WORD) &&
			(out.size != len + 1 || memcmp(out.ptr + 1, s, len) != 0))
			abort();
		if (rc == 0 && all[i] == LP_ESCAPE_SQL_STRING && memchr(s, '\'', len)) {
			/* every quote in the output is escaped */
			size_t j;
			for (j = 1; j < out.size; j++)
				if (out.ptr[j] == '\'' && out.ptr[j - 1] != '\\')
					abort();
		}
		lp_buf_release(&out);
	}
}

/* Aborts unless rendering the parsed template gives what lp_mustache_render gave (`want`, `want_rc`, `want_n`). */
static void check_parsed(const input *in, const lp_mustache_opts *o, const lp_value *ctx, const lp_buf *want,
	int want_rc, size_t want_n)
{
	lp_mustache_template *tpl = NULL;
	lp_diag *d = lp_diag_new();
	int rc = lp_mustache_parse(&tpl, in->text, in->len, o, d), i;
	if (rc != 0) {
		if (rc != want_rc || want->size || lp_diag_count(d) != want_n)
			abort();
	}
	for (i = 0; tpl && i < 2; i++) {
		lp_buf out = LP_BUF_INIT;
		rc = lp_mustache_template_render(&out, tpl, ctx, d);
		/* the second render's findings repeat the first's, which the sink keeps once */
		if (rc != want_rc || out.size != want->size || memcmp(out.ptr, want->ptr, out.size) != 0 ||
			lp_diag_count(d) != want_n)
			abort();
		lp_buf_release(&out);
	}
	lp_mustache_template_free(tpl);
	lp_diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_arena a = LP_ARENA_INIT;
	lp_buf out = LP_BUF_INIT;
	const lp_value *ctx;
	lp_diag *d;
	input in;
	int rc;
	if (size < 1)
		return 0;
	in.text = (const char *)data + 1;
	in.len = size - 1;
	d = lp_diag_new();
	o.escaper = (lp_escaper)((data[0] & 7) % 7);
	o.strict = (data[0] >> 3) & 1;
	o.name = "fuzz.mustache";
	o.partial = load_partial;
	o.payload = &in;
	o.max_depth = 10;
	o.max_output = (size_t)1 << 20;
	o.max_steps = 30000; /* enough for every seed; keeps each run in milliseconds */
	ctx = context(&a);
	rc = lp_mustache_render(&out, in.text, in.len, ctx, &o, d);
	check_parsed(&in, &o, ctx, &out, rc, lp_diag_count(d));
	lp_buf_clear(&out);
	lp_diag_print_text(&out, d, 0);
	check_escapers(in.text, in.len);
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
	return 0;
}
