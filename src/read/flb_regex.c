#include "read/flb_regex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

/*
 * Onigmo's Ruby syntax (doc/RE of k-takata/Onigmo, sections 2-10 and A-1 to
 * A-4) against PCRE2 10.42. The scanner walks the pattern once, refusing the
 * first construct that the engines read differently, and keeps per group
 * whether it holds a backtracking quantifier so that a quantified group of
 * quantifiers, the shape behind catastrophic backtracking ((a+)+, (\w*\s?)*),
 * can be reported.
 */

#define MAX_DEPTH 64

typedef struct group {
	size_t start;
	int lookaround; /* a quantifier after it is an error in Onigmo */
	int atomic;     /* (?>...): nothing inside backtracks from outside */
	int inner;      /* holds a backtracking quantifier */
} group;

typedef struct scan {
	const char *re;
	size_t len, i;
	lp_flb_regex_result *out;
	group g[MAX_DEPTH + 1];
	size_t depth;
	int branch_items;  /* something precedes the cursor in the current branch */
	int named;         /* the pattern defines a named group */
	size_t numbered;   /* offset + 1 of the first numbered back-reference or call, 0: none */
	/* the atom a quantifier would apply to */
	int atom;          /* 0: none, 1: simple, 2: group */
	group last;        /* the group just closed, when atom == 2 */
} scan;

static int differs(scan *s, size_t at, const char *help, const char *fmt, ...)
{
	va_list ap;
	if (s->out->status != LP_FLB_REGEX_OK)
		return -1;
	s->out->status = LP_FLB_REGEX_DIFFERS;
	s->out->offset = at;
	va_start(ap, fmt);
	vsnprintf(s->out->why, sizeof(s->out->why), fmt, ap);
	va_end(ap);
	snprintf(s->out->help, sizeof(s->out->help), "%s", help ? help : "");
	return -1;
}

static int peek(const scan *s, size_t k)
{
	return s->i + k < s->len ? (unsigned char)s->re[s->i + k] : -1;
}

/* An escape that means the same in both engines, or -1 after a finding; `in_class` for [...]. */
static int escape(scan *s, int in_class)
{
	size_t at = s->i;
	int c = peek(s, 1);
	if (c < 0) {
		s->i++;
		return 0; /* a trailing backslash: PCRE2 reports it */
	}
	s->i += 2;
	switch (c) {
	case 'h':
	case 'H':
		return differs(s, at, "write [0-9a-fA-F] for a hex digit, or [ \\t] for a blank",
			"'\\%c' is a hex digit class in Onigmo but horizontal white space in PCRE2", c);
	case 'v':
	case 'V':
		return differs(s, at, "write \\x0b for a vertical tab",
			"'\\%c' is a vertical tab in Onigmo but a class of vertical white space in PCRE2", c);
	case 'u':
		return differs(s, at, "write \\x{HHHH}", "'\\u' is Onigmo's code point escape; PCRE2 has none");
	case 'X':
		return differs(s, at, "spell out the characters", "'\\X' grapheme clusters follow each engine's Unicode version");
	case 'M':
	case 'N':
	case 'Q':
	case 'E':
	case 'C':
	case 'l':
	case 'L':
	case 'U':
	case 'i':
	case 'I':
	case 'j':
	case 'J':
	case 'm':
	case 'q':
	case 'T':
	case 'y':
	case 'Y':
	case 'F':
	case 'O':
		return differs(s, at, "escape only punctuation, or write the letter itself",
			"'\\%c' is not an escape both Onigmo's Ruby syntax and PCRE2 read the same way", c);
	case 'g':
		if (peek(s, 0) != '<' && peek(s, 0) != '\'')
			return differs(s, at, "write \\g<name> or \\k<name>", "Onigmo's Ruby syntax has only \\g<...> and \\g'...'");
		if (peek(s, 1) >= '0' && peek(s, 1) <= '9' && !s->numbered)
			s->numbered = at + 1;
		break;
	case 'k':
		if ((peek(s, 0) == '<' || peek(s, 0) == '\'') && ((peek(s, 1) >= '0' && peek(s, 1) <= '9') || peek(s, 1) == '-') &&
			!s->numbered)
			s->numbered = at + 1;
		break;
	default:
		if (!in_class && c >= '1' && c <= '9' && !s->numbered)
			s->numbered = at + 1;
		break;
	}
	return 0;
}

/* [...] from its '['; nested classes and '&&' are Onigmo's, POSIX brackets differ on non-ASCII text. */
static int char_class(scan *s)
{
	size_t open = s->i;
	s->i++;
	if (peek(s, 0) == '^')
		s->i++;
	if (peek(s, 0) == ']')
		s->i++;
	while (s->i < s->len) {
		int c = peek(s, 0);
		if (c == ']') {
			s->i++;
			return 0;
		}
		if (c == '\\') {
			if (escape(s, 1) < 0)
				return -1;
			continue;
		}
		if (c == '[' && peek(s, 1) == ':')
			return differs(s, s->i, "write the ASCII range, e.g. [a-zA-Z] for [:alpha:]",
				"POSIX brackets match non-ASCII characters in Onigmo but not in PCRE2");
		if (c == '[')
			return differs(s, s->i, "escape it as \\[", "Onigmo reads '[' inside a class as a nested class");
		if (c == '&' && peek(s, 1) == '&')
			return differs(s, s->i, "spell the class out", "'&&' is Onigmo's class intersection; PCRE2 reads two '&'");
		s->i++;
	}
	(void)open;
	return 0; /* unterminated: PCRE2 reports it */
}

static int push(scan *s, size_t at, int lookaround, int atomic)
{
	if (s->depth == MAX_DEPTH)
		return differs(s, at, "flatten the pattern", "groups are nested more than %d deep", MAX_DEPTH);
	s->depth++;
	memset(&s->g[s->depth], 0, sizeof(s->g[s->depth]));
	s->g[s->depth].start = at;
	s->g[s->depth].lookaround = lookaround;
	s->g[s->depth].atomic = atomic;
	s->branch_items = 0;
	s->atom = 0;
	return 0;
}

/* Inline options (?imx-imx) and (?imx-imx:...), from the letter after '?'. */
static int options(scan *s, size_t at)
{
	while (s->i < s->len) {
		int c = peek(s, 0);
		if (c == ')') {
			s->i++;
			if (s->branch_items)
				return differs(s, at, "write (?i:...) around the part it is for",
					"an inline option reaches to the next ')' in Onigmo but only to the end of its branch in PCRE2");
			return 0;
		}
		if (c == ':') {
			s->i++;
			return push(s, at, 0, 0);
		}
		if (c == 'm')
			return differs(s, at, "write [\\s\\S] for any character including a newline",
				"(?m) lets '.' match a newline in Onigmo's Ruby syntax but makes '^' and '$' line anchors in PCRE2");
		if (c == 's')
			return differs(s, at, "write [\\s\\S] for any character including a newline",
				"Onigmo's Ruby syntax has no (?s)");
		if (c == 'd' || c == 'a' || c == 'u')
			return differs(s, at, "drop the option", "(?%c) is Onigmo's character-range option; PCRE2 has none", c);
		if (c != 'i' && c != 'x' && c != '-')
			return 0; /* PCRE2 reports the unknown option */
		s->i++;
	}
	return 0;
}

/* From '(': the kind of group, or a construct only one engine has. */
static int open_group(scan *s)
{
	size_t at = s->i;
	int c;
	s->i++;
	if (peek(s, 0) != '?')
		return push(s, at, 0, 0);
	s->i++;
	c = peek(s, 0);
	switch (c) {
	case '#':
		while (s->i < s->len && peek(s, 0) != ')')
			s->i++;
		s->i++;
		return 0;
	case ':':
		s->i++;
		return push(s, at, 0, 0);
	case '>':
		s->i++;
		return push(s, at, 0, 1);
	case '=':
	case '!':
		s->i++;
		return push(s, at, 1, 0);
	case '<':
		if (peek(s, 1) == '=' || peek(s, 1) == '!') {
			s->i += 2;
			return push(s, at, 1, 0);
		}
		s->named = 1;
		s->i++;
		return push(s, at, 0, 0);
	case '\'':
		s->named = 1;
		s->i++;
		return push(s, at, 0, 0);
	case '(':
		return push(s, at, 0, 0); /* a conditional: both engines read (n) and (<name>) */
	case 'P':
		return differs(s, at, "write (?<name>...)", "(?P...) is Python syntax; Onigmo's Ruby syntax refuses it");
	case '|':
		return differs(s, at, "write the groups out", "branch reset (?|...) is PCRE2's; Onigmo refuses it");
	case '~':
		return differs(s, at, "write (?:(?!x).)* instead", "the absence operator (?~...) is Onigmo's; logpipe cannot check it");
	case 'R':
	case '&':
	case '+':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return differs(s, at, "write \\g<name>", "(?R), (?n) and (?&name) are PCRE2's recursion syntax; Onigmo refuses them");
	case '@':
		return differs(s, at, "", "capture history (?@...) is off in Onigmo's Ruby syntax");
	default:
		return options(s, at);
	}
}

static void close_group(scan *s)
{
	group g;
	s->i++;
	if (!s->depth)
		return; /* unmatched: PCRE2 reports it */
	g = s->g[s->depth--];
	if (g.inner && !g.atomic)
		s->g[s->depth].inner = 1;
	s->last = g;
	s->atom = 2;
	s->branch_items = 1;
}

/* {n}, {n,}, {n,m} or {,n} at s->i; 0 with *unbounded set, 1 when it is a literal '{'. */
static int interval(scan *s, int *unbounded, int *exact)
{
	size_t k = s->i + 1, lo = 0, hi = 0;
	while (k < s->len && s->re[k] >= '0' && s->re[k] <= '9')
		k++, lo++;
	*exact = 0;
	if (k < s->len && s->re[k] == '}' && lo) {
		*exact = 1;
		*unbounded = 0;
		s->i = k + 1;
		return 0;
	}
	if (k >= s->len || s->re[k] != ',')
		return 1;
	k++;
	while (k < s->len && s->re[k] >= '0' && s->re[k] <= '9')
		k++, hi++;
	if (k >= s->len || s->re[k] != '}' || (!lo && !hi))
		return 1;
	if (!lo)
		return differs(s, s->i, "write {0,n}", "Onigmo reads {,n} as {0,n}, PCRE2 10.42 as literal text");
	*unbounded = !hi;
	s->i = k + 1;
	return 0;
}

static int quantifier(scan *s)
{
	size_t at = s->i;
	int c = peek(s, 0), unbounded = c != '?', exact = 0, possessive = 0;
	if (c == '{') {
		int r = interval(s, &unbounded, &exact);
		if (r < 0)
			return -1;
		if (r == 1) {
			s->i++;
			s->atom = 1;
			s->branch_items = 1;
			return 0;
		}
		if (peek(s, 0) == '+')
			return differs(s, at, "write (?>x{n,m}) for a possessive repeat, or (?:x{n,m})+",
				"'{n,m}+' repeats again in Onigmo's Ruby syntax but is possessive in PCRE2");
		if (exact && peek(s, 0) == '?')
			return differs(s, at, "write (?:x{n})? for an optional repeat",
				"Onigmo reads 'x{n}?' as an optional x{n}, PCRE2 as x{n}");
		if (peek(s, 0) == '?')
			s->i++;
	} else {
		s->i++;
		if (peek(s, 0) == '+') {
			possessive = 1;
			s->i++;
		} else if (peek(s, 0) == '?') {
			s->i++;
		}
	}
	if (!s->atom)
		return 0; /* nothing to repeat: PCRE2 reports it */
	if (s->atom == 2 && s->last.lookaround)
		return differs(s, at, "drop the quantifier", "Onigmo refuses a repeated look-around");
	if (unbounded && !possessive) {
		if (s->atom == 2 && s->last.inner && !s->last.atomic && !s->out->backtracking) {
			s->out->backtracking = 1;
			s->out->backtracking_offset = s->last.start;
		}
		s->g[s->depth].inner = 1;
	}
	s->atom = 0;
	return 0;
}

/* Fluent Bit reads /pattern/ and /pattern/imx as a Ruby literal (flb_regex.c check_option). */
static int slash_literal(scan *s)
{
	const char *last;
	size_t k;
	if (s->len < 2 || s->re[0] != '/')
		return 0;
	if (s->re[s->len - 1] == '/')
		return differs(s, 0, "drop the slashes, or escape the first one as \\/",
			"Fluent Bit strips the slashes of /.../ and compiles what is between them");
	last = s->re + s->len - 1;
	while (last > s->re && *last != '/')
		last--;
	if (last == s->re)
		return 0;
	for (k = (size_t)(last - s->re) + 1; k < s->len; k++)
		if (!strchr("imxo", s->re[k]))
			return 0;
	return differs(s, 0, "write (?i:...) for case, and escape the first '/' as \\/",
		"Fluent Bit reads /.../%s as a Ruby literal with options", last + 1);
}

static void walk(scan *s)
{
	if (slash_literal(s) < 0)
		return;
	while (s->i < s->len && s->out->status == LP_FLB_REGEX_OK) {
		int c = peek(s, 0), r = 0;
		switch (c) {
		case '\\':
			r = escape(s, 0);
			s->atom = 1;
			break;
		case '[':
			r = char_class(s);
			s->atom = 1;
			break;
		case '(':
			r = open_group(s);
			continue;
		case ')':
			close_group(s);
			continue;
		case '|':
			s->i++;
			s->branch_items = 0;
			s->atom = 0;
			continue;
		case '*':
		case '+':
		case '?':
		case '{':
			r = quantifier(s);
			continue;
		default:
			s->i++;
			s->atom = 1;
			break;
		}
		if (r < 0)
			return;
		s->branch_items = 1;
	}
	if (s->out->status == LP_FLB_REGEX_OK && s->named && s->numbered)
		differs(s, s->numbered - 1, "refer to the group by name: \\k<name>",
			"Onigmo refuses numbered back-references and calls in a pattern with named groups "
			"(Fluent Bit does not set ONIG_OPTION_CAPTURE_GROUP)");
}

int lp_flb_regex_check(lp_flb_regex_result *out, pcre2_code **code, const char *re, size_t len)
{
	scan s;
	pcre2_code *c;
	int err;
	PCRE2_SIZE off;
	memset(out, 0, sizeof(*out));
	if (code)
		*code = NULL;
	memset(&s, 0, sizeof(s));
	s.re = re;
	s.len = len;
	s.out = out;
	walk(&s);
	if (out->status != LP_FLB_REGEX_OK)
		return 0;
	/* Onigmo: '^' and '$' always match at line breaks; '.' never matches one; names may repeat. */
	c = pcre2_compile((PCRE2_SPTR)re, len, PCRE2_UTF | PCRE2_MULTILINE | PCRE2_DUPNAMES, &err, &off, NULL);
	if (!c) {
		PCRE2_UCHAR msg[120];
		if (err == PCRE2_ERROR_NOMEMORY) {
			lp_error_set(LP_ERROR_INTERNAL, "out of memory compiling a regex");
			return -1;
		}
		pcre2_get_error_message(err, msg, sizeof(msg));
		out->status = LP_FLB_REGEX_INVALID;
		out->offset = off;
		snprintf(out->why, sizeof(out->why), "%s", (const char *)msg);
		return 0;
	}
	if (code)
		*code = c;
	else
		pcre2_code_free(c);
	return 0;
}

int lp_flb_regex_search(const pcre2_code *code, const char *subject, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	int rc;
	if (!md) {
		lp_error_set(LP_ERROR_INTERNAL, "out of memory matching a regex");
		return -1;
	}
	rc = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		lp_error_set(LP_ERROR_INTERNAL, "regex matching failed (PCRE2 error %d)", rc);
		return -1;
	}
	return 1;
}
