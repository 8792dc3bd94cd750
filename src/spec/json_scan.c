#include "json_scan.h"

#include <string.h>

#include "util/mem.h"

typedef enum {
	T_END,
	T_OPEN_MAP,
	T_CLOSE_MAP,
	T_OPEN_SEQ,
	T_CLOSE_SEQ,
	T_COMMA,
	T_COLON,
	T_STRING,
	T_PLAIN,
	T_BAD /* outside the subset: the loader takes libyaml */
} tok_kind;

typedef struct tok {
	tok_kind kind;
	yaml_mark_t start, end;
	size_t from, to; /* bytes of the token, quotes included */
	int escaped;     /* T_STRING holds a backslash */
} tok;

static int hex4(const char *p, unsigned *cp)
{
	int i;
	*cp = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = (unsigned)(c - 'A' + 10);
		else
			return 0;
		*cp = *cp * 16 + v;
	}
	return 1;
}

/*
 * The byte after the closing quote of the string opening at `i` (and in
 * *chars its length in characters, quotes included), or 0 when
 * it is not a JSON string or holds what libyaml reads differently: a raw
 * control character, DEL, a C1 control (NEL is a line break to libyaml),
 * U+2028/U+2029 (line breaks too), U+FFFE/U+FFFF (refused by its reader),
 * or a \u escape of a surrogate (refused by its scanner).
 */
static size_t string_end(const char *d, size_t len, size_t i, int *escaped, size_t *chars)
{
	size_t from = i, cont = 0;
	for (i++; i < len; i++) {
		unsigned char c = (unsigned char)d[i];
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			continue;
		if (c == '"') {
			*chars = i + 1 - from - cont;
			return i + 1;
		}
		if (c == '\\') {
			unsigned cp;
			*escaped = 1;
			if (++i >= len)
				return 0;
			switch (d[i]) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': continue;
			case 'u':
				if (i + 4 >= len || !hex4(d + i + 1, &cp) || (cp >= 0xD800 && cp <= 0xDFFF))
					return 0;
				i += 4;
				continue;
			default: return 0;
			}
		}
		if (c < 0x20 || c == 0x7F)
			return 0;
		if ((c & 0xC0) == 0x80) {
			cont++; /* a continuation byte is no character of its own */
			continue;
		}
		if (c == 0xC2 && i + 1 < len && (unsigned char)d[i + 1] <= 0x9F)
			return 0;
		if (c == 0xE2 && i + 2 < len && (unsigned char)d[i + 1] == 0x80 &&
			((unsigned char)d[i + 2] == 0xA8 || (unsigned char)d[i + 2] == 0xA9))
			return 0;
		if (c == 0xEF && i + 2 < len && (unsigned char)d[i + 1] == 0xBF && (unsigned char)d[i + 2] >= 0xBE)
			return 0;
	}
	return 0;
}

static int is_digit(const char *d, size_t len, size_t i) { return i < len && d[i] >= '0' && d[i] <= '9'; }

static size_t digits(const char *d, size_t len, size_t i)
{
	while (is_digit(d, len, i))
		i++;
	return i;
}

/* The byte after a number, true, false or null at `i` that a delimiter follows, or 0. */
static size_t plain_end(const char *d, size_t len, size_t i)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t k, j = 0;
	for (k = 0; k < sizeof(words) / sizeof(*words) && !j; k++) {
		size_t n = strlen(words[k]);
		if (len - i >= n && !memcmp(d + i, words[k], n))
			j = i + n;
	}
	if (!j) {
		j = i;
		if (d[j] == '-')
			j++;
		if (!is_digit(d, len, j))
			return 0;
		j = d[j] == '0' ? j + 1 : digits(d, len, j);
		if (j < len && d[j] == '.') {
			if (!is_digit(d, len, j + 1))
				return 0;
			j = digits(d, len, j + 1);
		}
		if (j < len && (d[j] == 'e' || d[j] == 'E')) {
			j++;
			if (j < len && (d[j] == '+' || d[j] == '-'))
				j++;
			if (!is_digit(d, len, j))
				return 0;
			j = digits(d, len, j);
		}
	}
	if (j < len && !strchr(" \r\n,]}", d[j]))
		return 0;
	return j;
}

static void next_token(lp_json_scan *s, tok *t)
{
	const char *d = s->data;
	size_t end, chars = 1;
	char c = 0;
	/* marks count characters and LF ends a line, as libyaml's do; CR LF is two characters */
	while (s->pos < s->len) {
		c = d[s->pos];
		if (c == '\n') {
			s->mark.line++;
			s->mark.column = 0;
		} else if (c == '\r' && s->pos + 1 < s->len && d[s->pos + 1] == '\n') {
			s->mark.column++;
		} else if (c != ' ' && (c != '\t' || s->depth == 0)) { /* libyaml skips tabs in flow collections only */
			break;
		} else {
			s->mark.column++;
		}
		s->mark.index++;
		s->pos++;
	}
	t->start = s->mark;
	t->from = s->pos;
	t->escaped = 0;
	if (s->pos >= s->len) {
		t->kind = T_END;
		t->end = s->mark;
		t->to = s->pos;
		return;
	}
	end = s->pos + 1;
	switch (c) {
	case '{': t->kind = T_OPEN_MAP; s->depth++; break;
	case '}': t->kind = T_CLOSE_MAP; s->depth--; break;
	case '[': t->kind = T_OPEN_SEQ; s->depth++; break;
	case ']': t->kind = T_CLOSE_SEQ; s->depth--; break;
	case ',': t->kind = T_COMMA; break;
	case ':': t->kind = T_COLON; break;
	case '"':
		end = string_end(d, s->len, s->pos, &t->escaped, &chars);
		t->kind = end ? T_STRING : T_BAD;
		break;
	default:
		end = plain_end(d, s->len, s->pos);
		t->kind = end ? T_PLAIN : T_BAD;
		chars = end - s->pos; /* ASCII */
		break;
	}
	if (t->kind == T_BAD)
		return;
	/* no token holds a line break */
	s->pos = end;
	s->mark.index += chars;
	s->mark.column += chars;
	t->end = s->mark;
	t->to = end;
}

void lp_json_scan_init(lp_json_scan *s, const char *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
	lp_buf_init(&s->scratch);
}


void lp_json_scan_release(lp_json_scan *s)
{
	lp_buf_release(&s->scratch);
	lp_free(s->open);
	s->open = NULL;
}

enum { VALUE, FIRST_VALUE, FIRST_KEY, KEY, COLON, AFTER };

/* The subset's grammar, one token at a time: 1 go on, 2 the text is complete and fits, 0 it does not fit. */
static int fits_step(lp_json_scan *s, const tok *t)
{
	switch (s->want) {
	case FIRST_VALUE:
		if (t->kind == T_CLOSE_SEQ)
			goto close;
		/* fall through */
	case VALUE:
		if (t->kind == T_OPEN_MAP || t->kind == T_OPEN_SEQ) {
			if (s->open_depth == s->open_cap) {
				s->open_cap = s->open_cap ? s->open_cap * 2 : 64;
				s->open = lp_realloc(s->open, s->open_cap);
			}
			s->open[s->open_depth++] = t->kind == T_OPEN_MAP ? '{' : '[';
			s->want = t->kind == T_OPEN_MAP ? FIRST_KEY : FIRST_VALUE;
			return 1;
		}
		/* a scalar at the root is JSON, but rare enough to leave to libyaml */
		if (s->open_depth == 0 || (t->kind != T_STRING && t->kind != T_PLAIN))
			return 0;
		s->want = AFTER;
		return 1;
	case FIRST_KEY:
		if (t->kind == T_CLOSE_MAP)
			goto close;
		/* fall through */
	case KEY:
		if (t->kind != T_STRING)
			return 0;
		s->key = t->start;
		s->want = COLON;
		return 1;
	case COLON:
		/* libyaml forgets a simple key that ends a line or runs 1,024 characters */
		if (t->kind != T_COLON || t->start.line != s->key.line || t->start.index - s->key.index >= 1024)
			return 0;
		s->want = VALUE;
		return 1;
	default: /* AFTER */
		if (s->open_depth == 0)
			return t->kind == T_END ? 2 : 0;
		if (t->kind == T_COMMA) {
			s->want = s->open[s->open_depth - 1] == '{' ? KEY : VALUE;
			return 1;
		}
		if (t->kind != (s->open[s->open_depth - 1] == '{' ? T_CLOSE_MAP : T_CLOSE_SEQ))
			return 0;
		goto close;
	}
close:
	s->open_depth--;
	s->want = AFTER;
	return 1;
}

int lp_json_scan_fits(const char *data, size_t len)
{
	lp_json_scan s;
	tok t;
	int r;
	lp_json_scan_init(&s, data, len);
	do {
		next_token(&s, &t);
		r = fits_step(&s, &t);
	} while (r == 1);
	lp_json_scan_release(&s);
	return r == 2;
}

static void put_utf8(lp_buf *out, unsigned cp)
{
	char b[3];
	if (cp < 0x80) {
		b[0] = (char)cp;
		lp_buf_put(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		lp_buf_put(out, b, 2);
	} else {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		lp_buf_put(out, b, 3);
	}
}

/* The value of a string lp_json_scan_fits accepted, between its quotes. */
static void unescape(lp_buf *out, const char *p, size_t n)
{
	size_t i = 0;
	lp_buf_clear(out);
	while (i < n) {
		const char *bs = memchr(p + i, '\\', n - i);
		size_t run = bs ? (size_t)(bs - p) - i : n - i;
		unsigned cp;
		lp_buf_put(out, p + i, run);
		i += run;
		if (i >= n)
			break;
		switch (p[i + 1]) {
		case 'b': lp_buf_putc(out, '\b'); break;
		case 'f': lp_buf_putc(out, '\f'); break;
		case 'n': lp_buf_putc(out, '\n'); break;
		case 'r': lp_buf_putc(out, '\r'); break;
		case 't': lp_buf_putc(out, '\t'); break;
		case 'u':
			hex4(p + i + 2, &cp);
			put_utf8(out, cp);
			i += 4;
			break;
		default: lp_buf_putc(out, p[i + 1]); break; /* " \ / */
		}
		i += 2;
	}
}

int lp_json_scan_next(lp_json_scan *s, yaml_event_t *ev)
{
	tok t;
	memset(ev, 0, sizeof(*ev));
	if (s->phase == 2)
		return 0;
	if (s->phase == 0) {
		s->phase = 1;
		ev->type = YAML_DOCUMENT_START_EVENT;
		ev->data.document_start.implicit = 1;
		ev->start_mark = ev->end_mark = s->mark;
		return 1;
	}
	do {
		next_token(s, &t);
		if (!fits_step(s, &t))
			return -1;
	} while (t.kind == T_COMMA || t.kind == T_COLON);
	ev->start_mark = t.start;
	ev->end_mark = t.end;
	switch (t.kind) {
	case T_OPEN_MAP:
		ev->type = YAML_MAPPING_START_EVENT;
		ev->data.mapping_start.implicit = 1;
		ev->data.mapping_start.style = YAML_FLOW_MAPPING_STYLE;
		break;
	case T_OPEN_SEQ:
		ev->type = YAML_SEQUENCE_START_EVENT;
		ev->data.sequence_start.implicit = 1;
		ev->data.sequence_start.style = YAML_FLOW_SEQUENCE_STYLE;
		break;
	case T_CLOSE_MAP: ev->type = YAML_MAPPING_END_EVENT; break;
	case T_CLOSE_SEQ: ev->type = YAML_SEQUENCE_END_EVENT; break;
	case T_STRING:
		ev->type = YAML_SCALAR_EVENT;
		ev->data.scalar.style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		ev->data.scalar.quoted_implicit = 1;
		if (t.escaped) {
			unescape(&s->scratch, s->data + t.from + 1, t.to - t.from - 2);
			ev->data.scalar.value = (yaml_char_t *)s->scratch.ptr;
			ev->data.scalar.length = s->scratch.size;
		} else {
			ev->data.scalar.value = (yaml_char_t *)(s->data + t.from + 1);
			ev->data.scalar.length = t.to - t.from - 2;
		}
		break;
	case T_PLAIN:
		ev->type = YAML_SCALAR_EVENT;
		ev->data.scalar.style = YAML_PLAIN_SCALAR_STYLE;
		ev->data.scalar.plain_implicit = 1;
		ev->data.scalar.value = (yaml_char_t *)(s->data + t.from);
		ev->data.scalar.length = t.to - t.from;
		break;
	default: /* T_END: fits_step has ruled out T_BAD */
		s->phase = 2;
		ev->type = YAML_STREAM_END_EVENT;
		break;
	}
	return 1;
}
