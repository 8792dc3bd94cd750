/*
 * libFuzzer target for the Athena DDL reader and everything that reads its
 * result: the single-file checks (identifiers, projection, RegexSerDe with
 * PCRE2) and the layout comparison of the cross-artifact checks. The first
 * byte selects options: bit 0 runs the checks, bit 1 compares the first line
 * (as a Firehose prefix) with each table's template. Whatever the bytes, this
 * must not crash, leak or read out of bounds; findings are fine.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag/diag.h"
#include "lint/checks.h"
#include "read/ddl.h"
#include "lint/xart.h"
#include "util/arena.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_diag *d;
	lp_ddl_file *f = NULL;
	lp_buf text = LP_BUF_INIT;
	unsigned opts;
	if (size < 1)
		return 0;
	opts = data[0];
	data++;
	size--;
	d = lp_diag_new();
	lp_ddl_parse(&f, "fuzz.sql", (const char *)data, size, d);
	if (opts & 1)
		lp_check_ddl(f, d);
	if (opts & 2) {
		lp_arena a = LP_ARENA_INIT;
		lp_xart_table *tables = NULL;
		size_t n = 0, i;
		const char *nl = memchr(data, '\n', size);
		char *prefix = lp_strndup((const char *)data, nl ? (size_t)(nl - (const char *)data) : size);
		lp_xart_tables_from_ddl(&tables, &n, &a, f);
		for (i = 0; i < n; i++)
			if (tables[i].tmpl)
				lp_prefix_matches_template(&text, NULL, prefix, tables[i].tmpl, tables[i].parts, tables[i].nparts);
		lp_free(prefix);
		lp_arena_release(&a);
	}
	lp_diag_print_text(&text, d, 0);
	lp_buf_release(&text);
	lp_ddl_free(f);
	lp_diag_free(d);
	return 0;
}
