#include "json.h"

#include "utf8.h"

/*
 * A JSON string as cJSON writes it (\" \\ \b \f \n \r \t, \u00XX for other
 * C0 controls), and also \uXXXX for what JSON allows raw but YAML 1.1 readers
 * (libyaml, so our own lint of the output) and JavaScript reject: DEL, the C1
 * controls, U+2028/U+2029 and the non-characters U+FFFE/U+FFFF. Valid UTF-8
 * is copied as written; a byte that is not UTF-8 (a file name can hold any)
 * becomes U+FFFD, so the document is always valid JSON (RFC 8259 8.1).
 */
static void put_json_string(lp_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	lp_buf_putc(out, '"');
	for (; *p; p++) {
		unsigned cp = 0;
		size_t skip = 0, n;
		const unsigned char *run = p;
		/* most of a document is printable ASCII that needs no escape: copy it in one piece */
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p != run) {
			lp_buf_put(out, (const char *)run, (size_t)(p - run));
			if (!*p)
				break;
		}
		switch (*p) {
		case '"': lp_buf_puts(out, "\\\""); continue;
		case '\\': lp_buf_puts(out, "\\\\"); continue;
		case '\b': lp_buf_puts(out, "\\b"); continue;
		case '\f': lp_buf_puts(out, "\\f"); continue;
		case '\n': lp_buf_puts(out, "\\n"); continue;
		case '\r': lp_buf_puts(out, "\\r"); continue;
		case '\t': lp_buf_puts(out, "\\t"); continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f)
			cp = *p;
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			cp = p[1], skip = 1;
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
			cp = 0x2028u + (p[2] - 0xa8u), skip = 2;
		else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			cp = 0xfffeu + (p[2] - 0xbeu), skip = 2;
		if (cp || skip) {
			lp_buf_printf(out, "\\u%04x", cp);
			p += skip;
		} else if (*p < 0x80) {
			lp_buf_putc(out, (char)*p);
		} else if ((n = lp_utf8_seq((const char *)p, 4)) == 0) { /* a NUL ends a short sequence */
			lp_buf_puts(out, "\\ufffd");
		} else {
			lp_buf_put(out, (const char *)p, n);
			p += n - 1;
		}
	}
	lp_buf_putc(out, '"');
}

/* Before a member of a container at `depth`: the separator and the member's indent. */
static void put_member(lp_buf *out, int first, int depth)
{
	lp_buf_puts(out, first ? "\n" : ",\n");
	lp_buf_putcn(out, ' ', (size_t)(depth + 1) * 2);
}

void lp_json_print_key(lp_buf *out, int first, int depth, const char *key)
{
	put_member(out, first, depth);
	put_json_string(out, key);
	lp_buf_puts(out, ": ");
}

void lp_json_print_close(lp_buf *out, int depth, char bracket)
{
	lp_buf_putc(out, '\n');
	lp_buf_putcn(out, ' ', (size_t)depth * 2);
	lp_buf_putc(out, bracket);
}

static void print_value(lp_buf *out, const cJSON *v, int depth)
{
	const cJSON *c;
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		int obj = cJSON_IsObject(v);
		if (!v->child) {
			lp_buf_puts(out, obj ? "{}" : "[]");
			return;
		}
		lp_buf_putc(out, obj ? '{' : '[');
		for (c = v->child; c; c = c->next) {
			if (obj)
				lp_json_print_key(out, c == v->child, depth, c->string);
			else
				put_member(out, c == v->child, depth);
			print_value(out, c, depth + 1);
		}
		lp_json_print_close(out, depth, obj ? '}' : ']');
		return;
	}
	if (cJSON_IsString(v)) {
		put_json_string(out, v->valuestring);
		return;
	}
	{
		char *s = cJSON_PrintUnformatted(v);
		lp_buf_puts(out, s ? s : "null");
		cJSON_free(s);
	}
}

int lp_json_print(lp_buf *out, const cJSON *root)
{
	print_value(out, root, 0);
	lp_buf_putc(out, '\n');
	return out->toobig ? -1 : 0;
}

int lp_json_print_at(lp_buf *out, const cJSON *v, int depth)
{
	print_value(out, v, depth);
	return out->toobig ? -1 : 0;
}
