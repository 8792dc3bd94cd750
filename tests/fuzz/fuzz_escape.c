/*
 * libFuzzer target for the escapers (src/render/escape.h) and the JSON
 * printer: every escaper gets the input, and whatever it accepts is checked
 * against the promise in its header by reading the output back the way the
 * consumer would:
 *
 *   sql-string  inside TBLPROPERTIES ('k'='...') through the DDL reader: the
 *               decoded literal equals the input, one table, no syntax errors
 *   sql-ident   inside `...` as a column name: the same name comes back, and
 *               it never holds a back-quote
 *   flb-value   as a key's value in an [OUTPUT] section through the Fluent
 *               Bit reader: one entry whose raw value is the input; the output
 *               never holds a line break, a NUL or '${'
 *   html        decoding the four entities gives the input back
 *   JSON        a cJSON string through lp_render_json_print and cJSON_Parse
 *               comes back equal (bytes that are not UTF-8 as U+FFFD), the
 *               text is UTF-8 with no raw control character, and it reads
 *               back through the YAML loader (which lint reads JSON with) too
 *
 * A refusal must append nothing and give a reason. The first byte selects
 * options: bit 0 skips the reader round trips (raw escaper invariants only,
 * faster), bit 1 puts the input after a fixed prefix so a refused byte is not
 * always at the start. Any broken promise aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/flb.h"
#include "render/escape.h"
#include "render/render.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { OPT_NO_READERS = 1, OPT_PREFIX = 2 };

static void check(int ok)
{
	if (!ok)
		abort();
}

/* Escapes with `e` after a marker byte; returns the rc, the escaped text in `out` (marker dropped). */
static int escape(lp_buf *out, lp_escaper e, const char *s, size_t len)
{
	lp_buf b = LP_BUF_INIT;
	const char *why = NULL;
	int rc;
	lp_buf_putc(&b, 'x');
	rc = lp_escape(&b, e, s, len, &why);
	check(rc == 0 || rc == LP_ESCAPE_REFUSED);
	if (rc == LP_ESCAPE_REFUSED)
		check(b.size == 1 && why && *why);
	lp_buf_clear(out);
	lp_buf_put(out, b.ptr + 1, b.size - 1);
	lp_buf_release(&b);
	return rc;
}

static void check_sql_string(const char *s, size_t len, const lp_buf *esc, int readers)
{
	lp_buf ddl = LP_BUF_INIT;
	lp_diag *d;
	lp_ddl_file *f = NULL;
	const lp_ddl_prop *p;
	check(!memchr(esc->ptr, '\n', esc->size) && !memchr(esc->ptr, '\r', esc->size) &&
		!memchr(esc->ptr, '\0', esc->size));
	if (!readers)
		return;
	lp_buf_puts(&ddl, "CREATE EXTERNAL TABLE t (a string) TBLPROPERTIES ('k'='");
	lp_buf_put(&ddl, esc->ptr, esc->size);
	lp_buf_puts(&ddl, "');\n");
	d = lp_diag_new();
	check(lp_ddl_parse(&f, "fuzz.sql", ddl.ptr, ddl.size, d) == 0 && f);
	check(lp_diag_count_at_least(d, LP_SEV_ERROR) == 0);
	check(f->ntables == 1);
	p = lp_ddl_tbl_prop(&f->tables[0], "k");
	check(p && strlen(p->value) == len && memcmp(p->value, s, len) == 0);
	lp_ddl_free(f);
	lp_diag_free(d);
	lp_buf_release(&ddl);
}

static void check_sql_ident(const char *s, size_t len, const lp_buf *esc, int readers)
{
	lp_buf ddl = LP_BUF_INIT;
	lp_diag *d;
	lp_ddl_file *f = NULL;
	check(esc->size == len && memcmp(esc->ptr, s, len) == 0 && !memchr(esc->ptr, '`', esc->size));
	if (!readers)
		return;
	lp_buf_puts(&ddl, "CREATE EXTERNAL TABLE t (`");
	lp_buf_put(&ddl, esc->ptr, esc->size);
	lp_buf_puts(&ddl, "` string);\n");
	d = lp_diag_new();
	check(lp_ddl_parse(&f, "fuzz.sql", ddl.ptr, ddl.size, d) == 0 && f);
	check(lp_diag_count_at_least(d, LP_SEV_ERROR) == 0);
	check(f->ntables == 1 && f->tables[0].ncolumns == 1);
	check(strlen(f->tables[0].columns[0].name) == len && memcmp(f->tables[0].columns[0].name, s, len) == 0);
	lp_ddl_free(f);
	lp_diag_free(d);
	lp_buf_release(&ddl);
}

static void check_flb_value(const char *s, size_t len, const lp_buf *esc, int readers)
{
	lp_buf conf = LP_BUF_INIT;
	lp_diag *d;
	lp_flb_conf *c = NULL;
	const lp_flb_entry *e;
	check(esc->size == len && memcmp(esc->ptr, s, len) == 0);
	check(!memchr(esc->ptr, '\n', esc->size) && !memchr(esc->ptr, '\r', esc->size) &&
		!memchr(esc->ptr, '\0', esc->size) && !strstr(esc->ptr, "${"));
	if (!readers || len == 0)
		return;
	lp_buf_puts(&conf, "[OUTPUT]\n    Name  cloudwatch_logs\n    Key   ");
	lp_buf_put(&conf, esc->ptr, esc->size);
	lp_buf_puts(&conf, "\n");
	d = lp_diag_new();
	check(lp_flb_parse(&c, "fuzz.conf", conf.ptr, conf.size, NULL, d) == 0 && c);
	check(lp_diag_count_at_least(d, LP_SEV_ERROR) == 0);
	check(c->nsections == 1 && c->sections[0].nentries == 2);
	e = lp_flb_get(&c->sections[0], "Key");
	check(e && strlen(e->raw) == len && memcmp(e->raw, s, len) == 0);
	lp_flb_free(c);
	lp_diag_free(d);
	lp_buf_release(&conf);
}

static void check_html(const char *s, size_t len, const lp_buf *esc)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' } };
	lp_buf back = LP_BUF_INIT;
	size_t i = 0, k;
	check(!memchr(esc->ptr, '<', esc->size) && !memchr(esc->ptr, '>', esc->size) &&
		!memchr(esc->ptr, '"', esc->size));
	while (i < esc->size) {
		if (esc->ptr[i] == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
				if (!strncmp(esc->ptr + i, ents[k].ent, strlen(ents[k].ent)))
					break;
			check(k < sizeof(ents) / sizeof(ents[0]));
			lp_buf_putc(&back, ents[k].c);
			i += strlen(ents[k].ent);
			continue;
		}
		lp_buf_putc(&back, esc->ptr[i++]);
	}
	check(back.size == len && memcmp(back.ptr, s, len) == 0);
	lp_buf_release(&back);
}

/* RFC 3629, without surrogates or overlongs: what the YAML loader accepts. */
static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp, n, i;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1, cp = *p & 0x1f;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2, cp = *p & 0x0f;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3, cp = *p & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* cJSON strings are C strings: the part up to the first NUL is what a renderer can hand it. */
static void check_json(const char *s, size_t len)
{
	char *str = malloc(len + 1);
	cJSON *root, *back;
	lp_buf out = LP_BUF_INIT;
	size_t i;
	memcpy(str, s, len);
	str[len] = '\0';
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, str, str);
	check(lp_render_json_print(&out, root) == 0);
	for (i = 0; i < out.size; i++)
		check((unsigned char)out.ptr[i] >= 0x20 || out.ptr[i] == '\n');
	/* the printer's promise: always UTF-8, with each byte that is not replaced by U+FFFD */
	check(lp_utf8_invalid_at(out.ptr, out.size) == out.size);
	back = cJSON_ParseWithLength(out.ptr, out.size);
	check(back && cJSON_IsObject(back) && back->child && cJSON_IsString(back->child));
	if (utf8_valid(str)) {
		check(!strcmp(back->child->string, str) && !strcmp(back->child->valuestring, str));
	} else {
		lp_buf want = LP_BUF_INIT;
		const char *p = str;
		while (*p) {
			size_t n = lp_utf8_seq(p, strlen(p));
			if (n)
				lp_buf_put(&want, p, n);
			else
				lp_buf_puts(&want, "\xEF\xBF\xBD");
			p += n ? n : 1;
		}
		check(!strcmp(back->child->string, want.ptr) && !strcmp(back->child->valuestring, want.ptr));
		lp_buf_release(&want);
	}
	/*
	 * The lint engine reads JSON through libyaml: valid UTF-8 must come back
	 * equal there too. As a value only: YAML caps implicit keys at 1024
	 * characters, so a long key is refused there (with a position), not lost.
	 */
	if (utf8_valid(str)) {
		lp_arena a = LP_ARENA_INIT;
		lp_diag *d = lp_diag_new();
		lp_node *tree = NULL;
		cJSON *obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "v", str);
		lp_buf_clear(&out);
		check(lp_render_json_print(&out, obj) == 0);
		check(lp_yaml_load(&tree, &a, "fuzz.json", out.ptr, out.size, NULL, d) == 0);
		check(tree && tree->kind == LP_NODE_MAP && tree->n == 1);
		check(!strcmp(tree->pairs[0].value->str, str));
		cJSON_Delete(obj);
		lp_diag_free(d);
		lp_arena_release(&a);
	}
	cJSON_Delete(back);
	cJSON_Delete(root);
	lp_buf_release(&out);
	free(str);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_buf in = LP_BUF_INIT, esc = LP_BUF_INIT;
	unsigned opts;
	int readers;
	const char *s;
	size_t len;
	if (size < 1 || size > 4096)
		return 0;
	opts = data[0];
	readers = !(opts & OPT_NO_READERS);
	if (opts & OPT_PREFIX)
		lp_buf_puts(&in, "app_");
	lp_buf_put(&in, (const char *)data + 1, size - 1);
	s = in.ptr;
	len = in.size;

	check(escape(&esc, LP_ESCAPE_NONE, s, len) == 0 && esc.size == len && !memcmp(esc.ptr, s, len));
	check(escape(&esc, LP_ESCAPE_HTML, s, len) == 0);
	check_html(s, len, &esc);
	if (escape(&esc, LP_ESCAPE_SQL_STRING, s, len) == 0)
		check_sql_string(s, len, &esc, readers);
	if (escape(&esc, LP_ESCAPE_SQL_IDENT, s, len) == 0)
		check_sql_ident(s, len, &esc, readers);
	if (escape(&esc, LP_ESCAPE_FLB_VALUE, s, len) == 0)
		check_flb_value(s, len, &esc, readers);
	check_json(s, len);

	lp_buf_release(&esc);
	lp_buf_release(&in);
	return 0;
}
