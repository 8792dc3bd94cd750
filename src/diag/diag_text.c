#include <string.h>

#include "diag.h"

/* Finds line `line` (1-based) in `text`; returns its start and length. */
static const char *find_line(const char *text, size_t len, unsigned line, size_t *linelen)
{
	const char *p = text, *end = text + len;
	unsigned n = 1;
	while (n < line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		n++;
	}
	if (n != line || p > end)
		return NULL;
	{
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		*linelen = (size_t)((nl ? nl : end) - p);
		if (*linelen && p[*linelen - 1] == '\r')
			(*linelen)--;
	}
	return p;
}

/* Control bytes in a quoted source line would garble a terminal: show them as '?'. */
static void put_visible(lp_buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		lp_buf_putc(out, (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c);
	}
}

/*
 * Messages, help and file names quote the user's values: control bytes are
 * written as C escapes so a finding stays one line and a value cannot move
 * the cursor, clear the screen or fake another finding.
 */
static void put_escaped(lp_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			lp_buf_puts(out, "\\n");
		else if (c == '\r')
			lp_buf_puts(out, "\\r");
		else if (c == '\t')
			lp_buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			lp_buf_printf(out, "\\x%02x", c);
		else
			lp_buf_putc(out, (char)c);
	}
}

static void put_caret(lp_buf *out, const lp_diag *d, const lp_diag_entry *e, int color)
{
	size_t len, ll, i, width = 1;
	const char *text = lp_diag_source_text(d, e->span.file, &len), *line;
	if (!text || !e->span.line)
		return;
	line = find_line(text, len, e->span.line, &ll);
	if (!line || ll > 400)
		return;
	lp_buf_puts(out, "    ");
	put_visible(out, line, ll);
	lp_buf_puts(out, "\n    ");
	/* Tabs in the prefix stay tabs so the caret lines up in any terminal. */
	for (i = 0; e->span.col > 1 && i < (size_t)(e->span.col - 1) && i < ll; i++)
		lp_buf_putc(out, line[i] == '\t' ? '\t' : ' ');
	if (e->span.end_line == e->span.line && e->span.end_col > e->span.col)
		width = e->span.end_col - e->span.col;
	if (e->span.col - 1 + width > ll + 1)
		width = ll + 1 > e->span.col - 1 ? ll + 1 - (e->span.col - 1) : 1;
	if (color)
		lp_buf_puts(out, "\033[1;32m");
	lp_buf_putc(out, '^');
	if (width > 1)
		lp_buf_putcn(out, '~', width - 1);
	if (color)
		lp_buf_puts(out, "\033[0m");
	lp_buf_putc(out, '\n');
}

static const char *sev_color(lp_severity s)
{
	switch (s) {
	case LP_SEV_ERROR: return "\033[1;31m";
	case LP_SEV_WARNING: return "\033[1;35m";
	case LP_SEV_NOTE: return "\033[1;36m";
	}
	return "";
}

int lp_diag_print_text(lp_buf *out, lp_diag *d, int color)
{
	size_t i;
	lp_diag_sort(d);
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (e->suppressed)
			continue;
		if (color)
			lp_buf_puts(out, "\033[1m");
		if (e->span.file) {
			put_escaped(out, e->span.file);
			if (e->span.line) {
				lp_buf_printf(out, ":%u", e->span.line);
				if (e->span.col)
					lp_buf_printf(out, ":%u", e->span.col);
			}
			lp_buf_puts(out, ": ");
		} else {
			lp_buf_puts(out, "logpipe: ");
		}
		if (color)
			lp_buf_printf(out, "\033[0m%s", sev_color(e->severity));
		lp_buf_printf(out, "%s:", lp_severity_name(e->severity));
		if (color)
			lp_buf_puts(out, "\033[0m");
		lp_buf_putc(out, ' ');
		put_escaped(out, e->message);
		if (e->rule)
			lp_buf_printf(out, " [%s]", e->rule);
		lp_buf_putc(out, '\n');
		put_caret(out, d, e, color);
		if (e->help) {
			lp_buf_puts(out, "  help: ");
			put_escaped(out, e->help);
			lp_buf_putc(out, '\n');
		}
	}
	return 0;
}
