/*
 * Floor for `samples`: count the lines of FILE that a regex matches whole,
 * with PCRE2's JIT in byte mode (no UTF checks), the fastest loop PCRE2
 * offers. usage: pcre2_lines REGEX_FILE LOG_FILE
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		fprintf(stderr, "pcre2_lines: cannot read '%s'\n", path);
		exit(2);
	}
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	size_t rlen, len, off = 0, matched = 0, lines = 0;
	char *re, *text;
	int err;
	PCRE2_SIZE eoff;
	pcre2_code *code;
	pcre2_match_data *md;
	if (argc != 3) {
		fprintf(stderr, "usage: pcre2_lines REGEX_FILE LOG_FILE\n");
		return 2;
	}
	re = slurp(argv[1], &rlen);
	while (rlen && (re[rlen - 1] == '\n' || re[rlen - 1] == '\r'))
		re[--rlen] = '\0';
	text = slurp(argv[2], &len);
	code = pcre2_compile((PCRE2_SPTR)re, rlen, PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DOTALL, &err, &eoff, NULL);
	if (!code) {
		fprintf(stderr, "pcre2_lines: the regex does not compile at %zu\n", (size_t)eoff);
		return 2;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) : len;
		lines++;
		if (pcre2_match(code, (PCRE2_SPTR)text + off, end - off, 0, 0, md, NULL) >= 0)
			matched++;
		off = end + 1;
	}
	printf("%zu of %zu lines\n", matched, lines);
	return 0;
}
