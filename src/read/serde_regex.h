#ifndef LP_READ_SERDE_REGEX_H
#define LP_READ_SERDE_REGEX_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "diag/diag.h"

/*
 * Athena's RegexSerDe runs `input.regex` with java.util.regex and
 * Matcher.matches(): the whole line must match, else every column is NULL.
 * logpipe runs the same regex with PCRE2, so constructs the two engines read
 * differently must be found first, or a check would silently disagree with
 * Athena. The functions here work on the decoded regex text.
 */

/* Where a regex came from, for mapping an offset in it back to file:line:col. */
typedef struct lp_serde_regex_src {
	lp_span span;      /* the string literal holding the regex (opening quote) */
	const char *raw;   /* the source text from the opening quote on, or NULL */
	size_t raw_len;
} lp_serde_regex_src;

/* The span of decoded offset `off` (best effort: the literal's span when `raw` is NULL). */
lp_span lp_serde_regex_span(const lp_serde_regex_src *src, size_t off);

/*
 * Reports Java-regex constructs PCRE2 lacks or treats differently
 * (LP-ATHENA-REGEX-JAVA): Java-only \p{...} classes, \uXXXX, \N{...},
 * embedded flags d/u/U, class intersection '&&', nested class unions, POSIX
 * brackets Java reads as characters, \Q..\E inside a class. Returns the number
 * of findings added. Possessive quantifiers and atomic groups mean the same in
 * both engines and are not reported.
 */
size_t lp_serde_regex_java_check(const char *re, const lp_serde_regex_src *src, lp_diag *d);

/*
 * Compiles `re` for whole-line matching like Matcher.matches(), with
 * DOTALL as RegexSerDe compiles it. On a compile
 * error a finding (LP-ATHENA-REGEX-COMPILE) goes to `d` (when not NULL) and
 * *out is NULL; the return is 0 either way. Caller owns *out
 * (pcre2_code_free). JIT-compiles when available.
 */
int lp_serde_regex_compile(pcre2_code **out, const char *re, const lp_serde_regex_src *src, lp_diag *d);

/*
 * Whether `re` may be matched in byte mode (no PCRE2_UTF) on a line whose
 * bytes are all ASCII, with the same verdict and the same capture offsets as
 * lp_serde_regex_compile's UTF mode. It may when the regex text is ASCII and
 * denotes no character above U+007F: no \x escape above 7F, no octal escape
 * of three digits (\200 would be U+0080), no \o{...}, \N{...}, \p, \P or
 * \X. On such a line every character is one byte, so the regex, which names
 * only ASCII characters, reads the same characters at the same offsets:
 * '.', negated classes and quantifier counts see one character per byte in
 * both modes, \w \d \s \b and POSIX classes use the same ASCII tables
 * without UCP, and caseless matching folds ASCII letters to ASCII letters
 * (its other folds, K to U+212A and s to U+017F, need a non-ASCII line).
 * (*UTF) and (*UCP) are refused when compiling (PCRE2_NEVER_UTF and
 * PCRE2_NEVER_UCP). Lines that are not ASCII, valid UTF-8 or not, stay in
 * UTF mode: there '.', (.), [^"]{n} and lookbehind lengths count characters,
 * not bytes.
 */
int lp_serde_regex_bytes_safe(const char *re);

/*
 * Compiles `re` as lp_serde_regex_compile does but in byte mode, for lines
 * that are all ASCII. *out is NULL when lp_serde_regex_bytes_safe says no
 * or it does not compile so (the UTF-mode code then reads every line).
 * Caller owns *out.
 */
int lp_serde_regex_compile_bytes(pcre2_code **out, const char *re);

/* 1 when every byte of p[0..n) is below 0x80. */
int lp_serde_regex_ascii(const char *p, size_t n);

/* PCRE2_INFO_CAPTURECOUNT of a compiled regex. */
unsigned lp_serde_regex_groups(const pcre2_code *code);

/*
 * 1 when the regex ends in a catch-all that absorbs fields appended later
 * (`(?: .*)?`, `( .*)?`, `(?: (.*))?`, `(.*)`, `.*`), so a line with extra trailing fields
 * still matches as a whole.
 */
int lp_serde_regex_tolerant_tail(const char *re);

/*
 * Whole-line match of `line` (length `len`) against `code` (from
 * lp_serde_regex_compile, which anchors at both ends): 1 match, 0 no
 * match, -1 on a matching error (resource limit; lp_error_set). `md` may be
 * reused across calls; pass NULL to allocate one per call.
 */
/* lp_serde_regex_match's result when PCRE2 hit a match, depth, heap or JIT stack limit on the line. */
#define LP_SERDE_GAVE_UP 2
int lp_serde_regex_match(const pcre2_code *code, const char *line, size_t len, pcre2_match_data *md);

/*
 * A top-level item of a regex that holds capture groups: a group with its
 * quantifier, such as `"([^"]*)"`'s `([^"]*)` or `(?: ([^ ]*))?`.
 */
typedef struct lp_serde_regex_cut {
	size_t start, end; /* the item, as offsets in the regex text */
	unsigned first;    /* capture groups before the item: its first group is first + 1 */
	unsigned captures; /* capture groups up to the item's end */
} lp_serde_regex_cut;

/*
 * The top-level items of `re` that hold capture groups, in order, into
 * out[0..max): the text up to out[k].end is a regex of its own that captures
 * groups 1..out[k].captures, so matching such prefixes finds where a line
 * stops matching. Returns the number of items, or 0 when the regex cannot be
 * cut so (a top-level alternation, unbalanced parentheses, more than `max`).
 */
size_t lp_serde_regex_cuts(lp_serde_regex_cut *out, size_t max, const char *re);

/*
 * Compiles `re` up to the end of item `cut` anchored at the start only (a
 * prefix match), with the flags of lp_serde_regex_compile. Greediness is
 * inverted before the item: whether a prefix matches does not depend on it,
 * but where its groups fall does, and a lazy `(.*)` keeps the later groups on
 * the fields they were written for; the item itself stays greedy, so the
 * match ends after it. *out is NULL when the prefix does not compile. Caller
 * owns *out.
 */
int lp_serde_regex_compile_prefix(pcre2_code **out, const char *re, const lp_serde_regex_cut *cut);

#endif
