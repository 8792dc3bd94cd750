#include <string.h>

#include "diag.h"
#include "util/utf8.h"

/*
 * Control bytes in a quoted source line would garble a terminal, and bytes
 * that are not UTF-8 make the output undecodable: show each as '?' (one
 * column, so the caret below stays in place).
 */
static void put_visible(lp_buf *out, const char *s, size_t n)
{
	size_t i = 0, len;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 && (len = lp_utf8_seq(s + i, n - i)) > 0) {
			lp_buf_put(out, s + i, len);
			i += len;
			continue;
		}
		lp_buf_putc(out, (c < 0x20 && c != '\t') || c >= 0x7f ? '?' : (char)c);
		i++;
	}
}

/*
 * Messages, help and file names quote the user's values: control bytes are
 * written as C escapes so a finding stays one line and a value cannot move
 * the cursor, clear the screen or fake another finding; so are bytes that
 * are not UTF-8 (a file name can hold any), so the output is always text.
 */
static void put_escaped(lp_buf *out, const char *s)
{
	size_t len;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 && (len = lp_utf8_seq(s, 4)) > 0) { /* a NUL ends a short sequence */
			lp_buf_put(out, s, len);
			s += len - 1;
		} else if (c >= 0x80)
			lp_buf_printf(out, "\\x%02x", c);
		else if (c == '\n')
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

/* One UTF-8 sequence at `s` (at most `n` bytes): its length, and the code point in *cp (U+FFFD if malformed). */
static size_t utf8_next(const char *s, size_t n, unsigned long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
	size_t i;
	if (len == 0 || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = len == 1 ? u[0] : u[0] & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		*cp = (*cp << 6) | (u[i] & 0x3F);
	}
	return len;
}

/*
 * Terminal columns of a code point: East Asian wide and fullwidth characters
 * take two (Unicode UAX #11, the ranges that matter for source files), so the
 * caret stays under a value that follows Japanese text on the same line.
 */
static size_t cp_width(unsigned long c)
{
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/*
 * Columns are counted in code points (as libyaml marks and SARIF's
 * columnKind say); the underline is drawn in terminal cells.
 */
static void put_caret(lp_buf *out, const lp_diag *d, const lp_diag_entry *e, lp_source_cursor *cur, int color)
{
	size_t len, ll, off = 0, width = 0;
	unsigned long cp;
	unsigned col = 1;
	const char *text = lp_diag_source_text(d, e->span.file, &len), *line;
	if (!text || !e->span.line)
		return;
	line = lp_diag_source_line(cur, text, len, e->span.line, &ll);
	if (!line || ll > 400)
		return;
	lp_buf_puts(out, "    ");
	put_visible(out, line, ll);
	lp_buf_puts(out, "\n    ");
	/* Tabs in the prefix stay tabs so the caret lines up in any terminal. */
	for (; col < e->span.col && off < ll; col++) {
		size_t n = utf8_next(line + off, ll - off, &cp);
		if (cp == '\t')
			lp_buf_putc(out, '\t');
		else
			lp_buf_putcn(out, ' ', cp_width(cp));
		off += n;
	}
	if (e->span.end_line == e->span.line && e->span.end_col > e->span.col) {
		for (; col < e->span.end_col && off < ll; col++) {
			size_t n = utf8_next(line + off, ll - off, &cp);
			width += cp == '\t' ? 1 : cp_width(cp);
			off += n;
		}
	}
	if (width == 0)
		width = 1;
	if (color)
		lp_buf_puts(out, "\033[1;32m");
	lp_buf_putc(out, '^');
	if (width > 1)
		lp_buf_putcn(out, '~', width - 1);
	if (color)
		lp_buf_puts(out, "\033[0m");
	lp_buf_putc(out, '\n');
}

/* file:line:col, as editors and CI annotations parse it. */
static void put_place(lp_buf *out, const lp_span *sp)
{
	put_escaped(out, sp->file);
	if (sp->line) {
		lp_buf_printf(out, ":%u", sp->line);
		if (sp->col)
			lp_buf_printf(out, ":%u", sp->col);
	}
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
	lp_source_cursor cur = { NULL, NULL, 0 };
	size_t i;
	lp_diag_sort(d);
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (e->suppressed)
			continue;
		if (color)
			lp_buf_puts(out, "\033[1m");
		if (e->span.file) {
			put_place(out, &e->span);
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
		if (e->related.file) {
			lp_buf_puts(out, "  in ");
			put_place(out, &e->related);
			lp_buf_putc(out, '\n');
		}
		put_caret(out, d, e, &cur, color);
		if (e->help) {
			lp_buf_puts(out, "  help: ");
			put_escaped(out, e->help);
			lp_buf_putc(out, '\n');
		}
	}
	return 0;
}
