#include "read/serde_regex.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

lp_span lp_serde_regex_span(const lp_serde_regex_src *src, size_t off)
{
	lp_span s = src->span;
	size_t i = 1, dec = 0; /* i = 1 skips the opening quote */
	unsigned line = s.line, col = s.col + 1;
	if (!src->raw || src->raw_len == 0)
		return s;
	while (i < src->raw_len && dec < off) {
		char c = src->raw[i];
		if (c == src->raw[0])
			break;
		if (c == '\\' && i + 1 < src->raw_len) {
			/* decoded escapes are one character; others are kept as two (ddl.c) */
			dec += strchr("'\"\\ntrbZ0", src->raw[i + 1]) ? 1 : 2;
			if (dec > off)
				break;
			i += 2;
			col += 2;
			continue;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)c & 0xC0) != 0x80) {
			col++; /* code points, as everywhere else */
		}
		dec++;
		i++;
	}
	s.line = s.end_line = line;
	s.col = s.end_col = col;
	return s;
}

static void java_finding(lp_diag *d, const lp_serde_regex_src *src, size_t off, lp_severity sev,
	const char *help, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void java_finding(lp_diag *d, const lp_serde_regex_src *src, size_t off, lp_severity sev,
	const char *help, const char *fmt, ...)
{
	lp_span sp = lp_serde_regex_span(src, off);
	va_list ap;
	va_start(ap, fmt);
	lp_diag_vadd(d, sev, "LP-ATHENA-REGEX-JAVA", &sp, help, fmt, ap);
	va_end(ap);
}

/* Java-only property names inside \p{...}, with their PCRE2 spelling. */
static const struct {
	const char *java;
	const char *pcre;
} java_props[] = {
	{ "Lower", "[[:lower:]]" }, { "Upper", "[[:upper:]]" }, { "ASCII", "[\\x00-\\x7F]" },
	{ "Alpha", "[[:alpha:]]" }, { "Digit", "[[:digit:]]" }, { "Alnum", "[[:alnum:]]" },
	{ "Punct", "[[:punct:]]" }, { "Graph", "[[:graph:]]" }, { "Print", "[[:print:]]" },
	{ "Blank", "[[:blank:]]" }, { "Cntrl", "[[:cntrl:]]" }, { "XDigit", "[[:xdigit:]]" },
	{ "Space", "[[:space:]]" },
};

static size_t check_property(const char *re, size_t i, const lp_serde_regex_src *src, lp_diag *d)
{
	/* re[i] is 'p' or 'P' after a backslash; i + 1 should be '{' */
	const char *name = re + i + 2, *close;
	size_t n, k;
	lp_buf what = LP_BUF_INIT, help = LP_BUF_INIT;
	size_t found = 0;
	if (re[i + 1] != '{' || !(close = strchr(name, '}')))
		return 0;
	n = (size_t)(close - name);
	lp_buf_printf(&what, "\\%c{%.*s}", re[i], (int)n, name);
	if (n > 4 && !strncmp(name, "java", 4)) {
		lp_buf_printf(&help, "use a Unicode property PCRE2 knows, e.g. \\p{Ll} for javaLowerCase");
		found = 1;
	} else if (n > 2 && (!strncmp(name, "Is", 2) || !strncmp(name, "In", 2)) && isupper((unsigned char)name[2])) {
		lp_buf_printf(&help, "write the script or block without the Java prefix, e.g. \\p{Latin}");
		found = 1;
	} else {
		for (k = 0; k < sizeof(java_props) / sizeof(java_props[0]); k++)
			if (strlen(java_props[k].java) == n && !strncmp(name, java_props[k].java, n)) {
				lp_buf_printf(&help, "write %s, which both engines read the same", java_props[k].pcre);
				found = 1;
				break;
			}
	}
	if (found)
		java_finding(d, src, i - 1, LP_SEV_ERROR, help.ptr,
			"'%s' is a Java regex class that PCRE2 does not have", what.ptr);
	lp_buf_release(&what);
	lp_buf_release(&help);
	return found;
}

size_t lp_serde_regex_java_check(const char *re, const lp_serde_regex_src *src, lp_diag *d)
{
	size_t i, n = strlen(re), count = 0;
	int in_class = 0;
	size_t before = lp_diag_count(d);
	for (i = 0; i < n; i++) {
		char c = re[i];
		if (c == '\\' && i + 1 < n) {
			char e = re[i + 1];
			if (e == 'Q') {
				const char *end = strstr(re + i + 2, "\\E");
				if (in_class)
					java_finding(d, src, i, LP_SEV_WARNING, "list the characters in the class instead",
						"'%s' inside a character class is read differently by Java and PCRE2", "\\Q...\\E");
				i = end ? (size_t)(end - re) + 1 : n;
				continue;
			}
			if (e == 'p' || e == 'P')
				check_property(re, i + 1, src, d);
			else if (e == 'u' && isxdigit((unsigned char)re[i + 2]))
				java_finding(d, src, i, LP_SEV_ERROR, "write \\x{hhhh}, which both engines accept",
					"'%s' is Java-only escape syntax", "\\uXXXX");
			else if (e == 'N' && re[i + 2] == '{')
				java_finding(d, src, i, LP_SEV_ERROR, "write the character as \\x{hhhh}",
					"'%s' names a character in Java but means 'not a newline' in PCRE2", "\\N{...}");
			else if (e == 'b' && re[i + 2] == '{')
				java_finding(d, src, i, LP_SEV_ERROR, NULL, "'%s' (grapheme boundary) is Java-only", "\\b{g}");
			i++;
			continue;
		}
		if (in_class) {
			if (c == ']' && !(in_class == 1 && i > 0 && (re[i - 1] == '[' || (re[i - 1] == '^' && re[i - 2] == '['))))
				in_class = 0;
			else if (c == '&' && re[i + 1] == '&') {
				java_finding(d, src, i, LP_SEV_ERROR, "spell the intersection out as one class, or use a lookahead",
					"'%s' is class intersection in Java but two literal '&' in PCRE2", "&&");
				i++;
			} else if (c == '[' && re[i + 1] == ':') {
				java_finding(d, src, i, LP_SEV_ERROR, "use \\p{Alpha}-free ranges such as [a-zA-Z] that both engines agree on",
					"'%s' is a POSIX class in PCRE2 but a set of characters in Java", "[:...:]");
				while (i < n && !(re[i] == ':' && re[i + 1] == ']'))
					i++;
				i++;
			} else if (c == '[') {
				java_finding(d, src, i, LP_SEV_ERROR, "merge the nested class into its parent",
					"'%s' nests a class (a union in Java, a literal '[' in PCRE2)", "[...[...]]");
			}
			continue;
		}
		if (c == '[') {
			in_class = 1;
			continue;
		}
		if (c == '(' && re[i + 1] == '?') {
			/* (?idmsuxU-idmsuxU) or (?flags:...) */
			size_t j = i + 2;
			int flag_group = 0;
			while (j < n && (isalpha((unsigned char)re[j]) || re[j] == '-'))
				j++;
			flag_group = j > i + 2 && j < n && (re[j] == ')' || re[j] == ':');
			if (flag_group) {
				size_t k;
				for (k = i + 2; k < j; k++)
					if (re[k] == 'd' || re[k] == 'u' || re[k] == 'U') {
						char what[8] = { '(', '?', re[k], ')', 0 };
						java_finding(d, src, k, LP_SEV_ERROR,
							"drop the flag; make the pattern explicit instead",
							"embedded flag '%s' is Java-only (PCRE2 rejects or ignores it)", what);
					}
			}
		}
	}
	count = lp_diag_count(d) - before;
	return count;
}

/*
 * DOTALL because Athena's RegexSerDe compiles with Pattern.DOTALL.
 * Anchored at compile time, not per match: JIT does not support
 * match-time anchoring and falls back to the interpreter, about ten
 * times slower on the ALB regex.
 */
#define WHOLE_LINE (PCRE2_DOTALL | PCRE2_ANCHORED | PCRE2_ENDANCHORED)

int lp_serde_regex_compile(pcre2_code **out, const char *re, const lp_serde_regex_src *src, lp_diag *d)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *code;
	*out = NULL;
	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | WHOLE_LINE,
		&errcode, &erroff, NULL);
	if (!code) {
		if (d) {
			PCRE2_UCHAR msg[256];
			lp_span sp = src ? lp_serde_regex_span(src, erroff) : (lp_span){ 0 };
			pcre2_get_error_message(errcode, msg, sizeof(msg));
			lp_diag_error(d, "LP-ATHENA-REGEX-COMPILE", &sp, NULL,
				"input.regex does not compile: %s (at offset %zu)", (const char *)msg, (size_t)erroff);
		}
		return 0;
	}
	/* JIT is an optimisation only: a build without it still matches correctly. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	*out = code;
	return 0;
}

static int hex_value(const char *p, size_t n, unsigned long *v)
{
	size_t i;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return 0;
		if (*v > 0xFFFF)
			return 1; /* already far above ASCII */
		*v = *v * 16 + (unsigned long)(isdigit((unsigned char)p[i]) ? p[i] - '0' : (tolower((unsigned char)p[i]) - 'a' + 10));
	}
	return 1;
}

int lp_serde_regex_bytes_safe(const char *re)
{
	size_t i, n = strlen(re);
	if (!lp_serde_regex_ascii(re, n))
		return 0;
	for (i = 0; i < n; i++) {
		char e;
		if (re[i] != '\\')
			continue;
		if (++i == n)
			return 0;
		e = re[i];
		if (e == 'x') {
			unsigned long v = 0;
			size_t j = i + 1, k;
			if (j < n && re[j] == '{') {
				const char *close = strchr(re + j, '}');
				if (!close || !hex_value(re + j + 1, (size_t)(close - re) - j - 1, &v))
					return 0;
			} else {
				for (k = j; k < n && k < j + 2 && isxdigit((unsigned char)re[k]); k++)
					;
				hex_value(re + j, k - j, &v);
			}
			if (v > 0x7F)
				return 0;
		} else if (e == 'o' || e == 'N' || e == 'p' || e == 'P' || e == 'X') {
			return 0;
		} else if (e >= '1' && e <= '9' && i + 2 < n && isdigit((unsigned char)re[i + 1]) &&
			isdigit((unsigned char)re[i + 2])) {
			return 0; /* three digits may be an octal character up to \777 */
		} else if (e == 'Q') {
			const char *end = strstr(re + i + 1, "\\E");
			i = end ? (size_t)(end - re) + 1 : n; /* literal ASCII up to \E */
		}
	}
	return 1;
}

int lp_serde_regex_compile_bytes(pcre2_code **out, const char *re)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	*out = NULL;
	if (!lp_serde_regex_bytes_safe(re))
		return 0;
	*out = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | WHOLE_LINE,
		&errcode, &erroff, NULL);
	if (*out)
		(void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
	return 0;
}

int lp_serde_regex_ascii(const char *p, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;
	/* eight bytes at a time; the compiler widens the loop further */
	for (; i + 32 <= n; i += 32) {
		uint64_t a, b, c;
		memcpy(&w, p + i, 8);
		memcpy(&a, p + i + 8, 8);
		memcpy(&b, p + i + 16, 8);
		memcpy(&c, p + i + 24, 8);
		acc |= w | a | b | c;
	}
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)p[i];
	return (acc & 0x8080808080808080ULL) == 0;
}

unsigned lp_serde_regex_groups(const pcre2_code *code)
{
	uint32_t n = 0;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
	return n;
}

int lp_serde_regex_tolerant_tail(const char *re)
{
	static const char *const tails[] = { ".*", ".*?", ".*)", ".*)?", ".*?)", ".*?)?", ".*))?" };
	size_t n = strlen(re), k;
	if (n && re[n - 1] == '$' && !(n > 1 && re[n - 2] == '\\'))
		n--;
	for (k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
		size_t t = strlen(tails[k]);
		if (n >= t && !strncmp(re + n - t, tails[k], t) && !(n > t && re[n - t - 1] == '\\'))
			return 1;
	}
	return 0;
}

int lp_serde_regex_match(const pcre2_code *code, const char *line, size_t len, pcre2_match_data *md)
{
	pcre2_match_data *own = NULL;
	int rc;
	if (!md)
		md = own = pcre2_match_data_create_from_pattern(code, NULL);
	rc = pcre2_match(code, (PCRE2_SPTR)line, len, 0, 0, md, NULL); /* anchored at compile time */
	if (own)
		pcre2_match_data_free(own);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/*
	 * A regex that backtracks catastrophically on one line is a property of
	 * that line (Athena's Java engine would struggle on it too), not a reason
	 * to abandon the rest of the file.
	 */
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
		rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return LP_SERDE_GAVE_UP;
	{
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		lp_error_set(LP_ERROR_LIB, "regex match failed: %s", (const char *)msg);
	}
	return -1;
}

/* Skips a character class starting at re[i] == '['; returns the index just past its ']'. */
static size_t skip_class(const char *re, size_t i, size_t n)
{
	int depth = 0;
	i++;
	if (i < n && re[i] == '^')
		i++;
	if (i < n && re[i] == ']')
		i++; /* a ']' first is a literal */
	for (; i < n; i++) {
		if (re[i] == '\\') {
			i++;
			continue;
		}
		if (re[i] == '[')
			depth++; /* Java nests classes ([a[b]]); lp_serde_regex_java_check reports them */
		else if (re[i] == ']' && depth-- == 0)
			return i + 1;
	}
	return n;
}

/* Skips a quantifier at re[i] (?, *, +, {n}, {n,}, {n,m}, each optionally lazy or possessive). */
static size_t skip_quantifier(const char *re, size_t i, size_t n)
{
	if (i < n && (re[i] == '?' || re[i] == '*' || re[i] == '+'))
		i++;
	else if (i < n && re[i] == '{') {
		size_t j = i + 1;
		while (j < n && (isdigit((unsigned char)re[j]) || re[j] == ','))
			j++;
		if (j < n && re[j] == '}' && j > i + 1)
			i = j + 1;
		else
			return i;
	} else
		return i;
	if (i < n && (re[i] == '?' || re[i] == '+'))
		i++;
	return i;
}

static int opens_capture(const char *re, size_t i, size_t n)
{
	if (i + 1 >= n || re[i + 1] != '?')
		return 1;
	/* (?<name>...) and (?P<name>...) capture; (?<=...) and (?<!...) look behind */
	if (i + 2 < n && re[i + 2] == '<')
		return i + 3 < n && re[i + 3] != '=' && re[i + 3] != '!';
	return i + 3 < n && re[i + 2] == 'P' && re[i + 3] == '<';
}

size_t lp_serde_regex_cuts(lp_serde_regex_cut *out, size_t max, const char *re)
{
	size_t n = strlen(re), i = 0, ncuts = 0, item_start = 0;
	unsigned captures = 0, at_item = 0;
	int depth = 0;
	while (i < n) {
		char c = re[i];
		if (c == '\\') {
			if (i + 1 < n && re[i + 1] == 'Q') {
				const char *e = strstr(re + i + 2, "\\E");
				i = e ? (size_t)(e - re) + 2 : n;
			} else
				i += 2;
			continue;
		}
		if (c == '[') {
			i = skip_class(re, i, n);
			continue;
		}
		if (c == '|' && depth == 0)
			return 0; /* a prefix of one alternative says nothing about the others */
		if (c == '(') {
			if (depth == 0) {
				item_start = i;
				at_item = captures;
			}
			if (opens_capture(re, i, n))
				captures++;
			depth++;
		} else if (c == ')' && depth > 0 && --depth == 0) {
			i = skip_quantifier(re, i + 1, n);
			/* a quote that closes the field belongs to it: the next item starts at the separator */
			while (i < n && re[i] == '"')
				i++;
			if (captures > at_item) {
				if (ncuts == max)
					return 0;
				out[ncuts].start = item_start;
				out[ncuts].end = i;
				out[ncuts].first = at_item;
				out[ncuts].captures = captures;
				ncuts++;
			}
			continue;
		}
		i++;
	}
	return depth == 0 ? ncuts : 0;
}

int lp_serde_regex_compile_prefix(pcre2_code **out, const char *re, const lp_serde_regex_cut *cut)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	lp_buf b = LP_BUF_INIT;
	/* lazy up to the item, so (.*) keeps later groups on their fields; the item itself greedy, to end past it */
	lp_buf_put(&b, re, cut->start);
	lp_buf_puts(&b, "(?-U:");
	lp_buf_put(&b, re + cut->start, cut->end - cut->start);
	lp_buf_puts(&b, ")");
	*out = pcre2_compile((PCRE2_SPTR)b.ptr, b.size,
		PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOTALL | PCRE2_ANCHORED | PCRE2_UNGREEDY, &errcode, &erroff, NULL);
	lp_buf_release(&b);
	if (*out)
		(void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
	return 0;
}
