#ifndef LP_UTIL_UTF8_H
#define LP_UTIL_UTF8_H

#include <stddef.h>

/*
 * UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing
 * past U+10FFFF. File names and the text of non-YAML inputs can hold any
 * bytes; every printer that promises UTF-8 (JSON, SARIF, XML) asks here.
 */

/* Length (1-4) of the well-formed sequence at `s` (at most `n` bytes), or 0 when it is ill-formed. */
size_t lp_utf8_seq(const char *s, size_t n);

/* Offset of the first ill-formed sequence in `s`, or `n` when all of it is UTF-8. */
size_t lp_utf8_invalid_at(const char *s, size_t n);

#endif
