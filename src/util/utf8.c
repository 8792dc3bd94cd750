#include "utf8.h"

#include <stdint.h>
#include <string.h>

size_t lp_utf8_seq(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	size_t need, k;
	if (!n)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		cp = u[0] & 0x1Fu;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		cp = u[0] & 0x0Fu;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		cp = u[0] & 0x07u;
	} else {
		return 0;
	}
	if (need >= n)
		return 0;
	for (k = 1; k <= need; k++) {
		if ((u[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (u[k] & 0x3Fu);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return need + 1;
}

/*
 * Every file lint reads is checked first, and almost all of it is ASCII:
 * eight bytes without a high bit are eight valid characters, so they are
 * tested as one word before any byte is decoded.
 */
size_t lp_utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0, len;
	while (i < n) {
		uint64_t w;
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if ((len = lp_utf8_seq(s + i, n - i)) == 0)
			return i;
		i += len;
	}
	return n;
}
