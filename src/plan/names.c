#include "plan/names.h"

#include <string.h>

static int all_in(const char *s, const char *extra, int upper_ok, size_t max)
{
	size_t n = 0;
	if (!s || !*s)
		return 0;
	for (; *s; s++, n++) {
		char c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upper_ok && c >= 'A' && c <= 'Z'))
			continue;
		if (!strchr(extra, c))
			return 0;
	}
	return n <= max;
}

int lp_names_valid_family(const char *s) { return all_in(s, "_-", 1, 255); }
int lp_names_valid_stream(const char *s) { return all_in(s, "._-", 1, 64); }
int lp_names_valid_log_group(const char *s) { return all_in(s, ".-_/#", 1, 512); }
int lp_names_valid_glue_name(const char *s) { return all_in(s, "_", 0, 255); }
