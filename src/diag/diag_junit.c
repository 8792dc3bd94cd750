#include <string.h>

#include "diag/report.h"
#include "util/mem.h"
#include "util/utf8.h"

/*
 * XML 1.0 text and attribute values: the five entities escaped, and the
 * control characters XML cannot carry at all, and bytes that are not UTF-8
 * (from a file name), written as U+FFFD so a hostile value never makes the
 * report unreadable.
 */
static void put_xml(lp_buf *out, const char *s)
{
	size_t len;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			if ((len = lp_utf8_seq(s, 4)) == 0) { /* a NUL ends a short sequence */
				lp_buf_puts(out, "\xEF\xBF\xBD");
			} else {
				lp_buf_put(out, s, len);
				s += len - 1;
			}
			continue;
		}
		switch (c) {
		case '&': lp_buf_puts(out, "&amp;"); break;
		case '<': lp_buf_puts(out, "&lt;"); break;
		case '>': lp_buf_puts(out, "&gt;"); break;
		case '"': lp_buf_puts(out, "&quot;"); break;
		case '\'': lp_buf_puts(out, "&apos;"); break;
		case '\n': lp_buf_puts(out, "&#10;"); break;
		case '\t': lp_buf_puts(out, "&#9;"); break;
		case '\r': lp_buf_puts(out, "&#13;"); break;
		default:
			if (c < 0x20)
				lp_buf_puts(out, "\xEF\xBF\xBD");
			else
				lp_buf_putc(out, (char)c);
		}
	}
}

static int same_file(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void suite_open(lp_buf *out, const char *name, lp_diag *d, size_t from, size_t to)
{
	size_t i, failures = 0, skipped = 0;
	for (i = from; i < to; i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (e->suppressed)
			skipped++;
		else
			failures++;
	}
	lp_buf_puts(out, "  <testsuite name=\"");
	put_xml(out, name);
	lp_buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", to - from, failures, skipped);
}

static void testcase(lp_buf *out, const lp_diag_entry *e, const char *path)
{
	lp_buf_puts(out, "    <testcase classname=\"");
	put_xml(out, path);
	lp_buf_puts(out, "\" name=\"");
	put_xml(out, e->rule ? e->rule : "LP-UNKNOWN");
	if (e->span.line)
		lp_buf_printf(out, " at %u:%u", e->span.line, e->span.col);
	lp_buf_puts(out, "\" file=\"");
	put_xml(out, path);
	lp_buf_printf(out, "\" line=\"%u\">\n", e->span.line);
	if (e->suppressed) {
		lp_buf_puts(out, "      <skipped message=\"");
		put_xml(out, e->suppressed);
		lp_buf_puts(out, "\"/>\n");
	} else {
		lp_buf_puts(out, "      <failure type=\"");
		put_xml(out, lp_severity_name(e->severity));
		lp_buf_puts(out, "\" message=\"");
		put_xml(out, e->message);
		lp_buf_puts(out, "\">");
		put_xml(out, path);
		lp_buf_printf(out, ":%u:%u: %s: ", e->span.line, e->span.col, lp_severity_name(e->severity));
		put_xml(out, e->message);
		if (e->help) {
			lp_buf_puts(out, "&#10;help: ");
			put_xml(out, e->help);
		}
		lp_buf_puts(out, "</failure>\n");
	}
	lp_buf_puts(out, "    </testcase>\n");
}

int lp_diag_print_junit(lp_buf *out, lp_diag *d, const lp_report_opts *o)
{
	lp_buf path = LP_BUF_INIT;
	size_t i = 0, j, n, failures = 0;
	lp_diag_sort(d);
	n = lp_diag_count(d);
	for (j = 0; j < n; j++)
		failures += lp_diag_get(d, j)->suppressed == NULL;
	lp_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	lp_buf_printf(out, "<testsuites name=\"logpipe\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n ? n : 1, failures);
	if (n == 0)
		lp_buf_puts(out, "  <testsuite name=\"logpipe\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
				 "    <testcase classname=\"logpipe\" name=\"lint\"/>\n  </testsuite>\n");
	while (i < n) {
		const char *file = lp_diag_get(d, i)->span.file;
		for (j = i; j < n && same_file(lp_diag_get(d, j)->span.file, file); j++)
			;
		if (file)
			lp_report_path(&path, o, file);
		else {
			lp_buf_clear(&path);
			lp_buf_puts(&path, "logpipe");
		}
		suite_open(out, path.ptr, d, i, j);
		for (; i < j; i++)
			testcase(out, lp_diag_get(d, i), path.ptr);
		lp_buf_puts(out, "  </testsuite>\n");
	}
	lp_buf_puts(out, "</testsuites>\n");
	lp_buf_release(&path);
	return 0;
}
