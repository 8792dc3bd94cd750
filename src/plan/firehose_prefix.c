#include "firehose_prefix.h"

#include <string.h>

#include "util/error.h"

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int lp_datetime_format(lp_buf *out, const char *pattern, const lp_instant *t)
{
	/* Only the fixed-width fields Firehose layouts use: width must equal the field's. */
	static const struct {
		const char *letters;
		int width;
	} fields[] = { { "yyyy", 4 }, { "MM", 2 }, { "dd", 2 }, { "HH", 2 }, { "mm", 2 }, { "ss", 2 } };
	const char *p = pattern;
	while (*p) {
		size_t run = 1, i;
		if (*p == '\'') {
			if (p[1] == '\'') {
				lp_buf_putc(out, '\'');
				p += 2;
				continue;
			}
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p++) {
				if (*p == '\'')
					p++; /* '' inside quotes is one quote */
				lp_buf_putc(out, *p);
			}
			if (!*p) {
				lp_error_set(LP_ERROR_INVALID, "unterminated quote in date pattern '%s'", pattern);
				return -1;
			}
			p++;
			continue;
		}
		if (!is_letter(*p)) {
			lp_buf_putc(out, *p++);
			continue;
		}
		while (p[run] == *p)
			run++;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (fields[i].letters[0] == *p && strlen(fields[i].letters) == run)
				break;
		if (i == sizeof(fields) / sizeof(fields[0])) {
			lp_error_set(LP_ERROR_INVALID, "unsupported field '%.*s' in date pattern '%s'", (int)run, p, pattern);
			return -1;
		}
		switch (*p) {
		case 'y': lp_buf_printf(out, "%04d", t->year); break;
		case 'M': lp_buf_printf(out, "%02d", t->month); break;
		case 'd': lp_buf_printf(out, "%02d", t->day); break;
		case 'H': lp_buf_printf(out, "%02d", t->hour); break;
		case 'm': lp_buf_printf(out, "%02d", t->minute); break;
		default: lp_buf_printf(out, "%02d", t->second); break;
		}
		p += run;
	}
	return 0;
}

int lp_firehose_prefix_eval(lp_buf *out, const char *prefix, const lp_instant *t, const char *random)
{
	const char *p = prefix;
	while (*p) {
		const char *end;
		lp_buf expr = LP_BUF_INIT;
		int error = 0;
		if (p[0] != '!' || p[1] != '{') {
			lp_buf_putc(out, *p++);
			continue;
		}
		if (!(end = strchr(p, '}'))) {
			lp_error_set(LP_ERROR_INVALID, "unterminated '!{' in prefix '%s'", prefix);
			return -1;
		}
		lp_buf_put(&expr, p + 2, (size_t)(end - p - 2));
		if (!strncmp(expr.ptr, "timestamp:", 10))
			error = lp_datetime_format(out, expr.ptr + 10, t);
		else if (!strcmp(expr.ptr, "firehose:random-string"))
			lp_buf_puts(out, random ? random : "");
		else {
			lp_error_set(LP_ERROR_INVALID, "expression '!{%s}' has no value at a given instant", expr.ptr);
			error = -1;
		}
		lp_buf_release(&expr);
		if (error < 0)
			return error;
		p = end + 1;
	}
	return 0;
}

int lp_location_template_eval(lp_buf *out, const char *tmpl, const char *const *cols, const char *const *values,
	size_t n)
{
	const char *p = tmpl;
	while (*p) {
		const char *end;
		size_t i;
		if (p[0] != '$' || p[1] != '{') {
			lp_buf_putc(out, *p++);
			continue;
		}
		if (!(end = strchr(p, '}'))) {
			lp_error_set(LP_ERROR_INVALID, "unterminated '${' in template '%s'", tmpl);
			return -1;
		}
		for (i = 0; i < n; i++)
			if (strlen(cols[i]) == (size_t)(end - p - 2) && !strncmp(cols[i], p + 2, (size_t)(end - p - 2)))
				break;
		if (i == n) {
			lp_error_set(LP_ERROR_INVALID, "template '%s' uses '%.*s' which has no value", tmpl, (int)(end - p + 1), p);
			return -1;
		}
		lp_buf_puts(out, values[i]);
		p = end + 1;
	}
	return 0;
}
