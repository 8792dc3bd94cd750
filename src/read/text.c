#include "read/text.h"

#include <ctype.h>
#include <string.h>

int lp_text_ignore_parse(lp_text_ignore *out, lp_arena *a, const char *text, size_t len, const lp_span *sp)
{
	static const char marker[] = "logpipe:ignore";
	size_t i = 0, r0, r1;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (len - i < sizeof(marker) - 1 || strncmp(text + i, marker, sizeof(marker) - 1))
		return 0;
	i += sizeof(marker) - 1;
	if (i < len && !isspace((unsigned char)text[i]))
		return 0; /* e.g. "logpipe:ignored" is prose, not a directive */
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	r0 = i;
	while (i < len && !isspace((unsigned char)text[i]))
		i++;
	r1 = i;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	while (len > i && isspace((unsigned char)text[len - 1]))
		len--;
	out->rule = lp_arena_strndup(a, text + r0, r1 - r0);
	out->reason = lp_arena_strndup(a, text + i, len - i);
	out->span = *sp;
	return 1;
}

/* Up to 8 elements and about 512 bytes: a DDL file holds one table of 320 bytes, rarely eight. */
static size_t first_cap(size_t elsize)
{
	size_t cap = elsize ? 512 / elsize : 8;
	return cap < 1 ? 1 : cap > 8 ? 8 : cap;
}

size_t lp_text_vec_cap(size_t n, size_t elsize)
{
	size_t cap = first_cap(elsize);
	if (!n)
		return 0;
	while (cap < n)
		cap *= 2;
	return cap;
}

void *lp_text_vec_push(lp_arena *a, void *arr, size_t *n, size_t *cap, size_t elsize)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : first_cap(elsize);
		void *fresh = lp_arena_alloc(a, ncap * elsize);
		if (*n)
			memcpy(fresh, arr, *n * elsize);
		arr = fresh;
		*cap = ncap;
	}
	memset((char *)arr + *n * elsize, 0, elsize);
	(*n)++;
	return arr;
}
