/*
 * The PCRE2 side of the RegexSerDe conformance check: prints the same lines
 * as RegexSerDeGroups.java for the regex of a line format (by kind) or of a
 * file, so that the two engines can be compared on real log lines.
 * Usage: regexserde_groups (--format KIND | --regex FILE) LOG_FILE [--print-regex]
 */
#include <stdio.h>
#include <string.h>

#include "plan/line_format.h"
#include "read/serde_regex.h"
#include "util/buf.h"
#include "util/fs.h"

static int print_groups(const pcre2_code *code, const char *line, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	unsigned i, n = lp_serde_regex_groups(code);
	int rc = lp_serde_regex_match(code, line, len, md);
	if (rc != 1) {
		puts("NOMATCH");
	} else {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		for (i = 1; i <= n; i++) {
			if (i > 1)
				putchar('\t');
			if (ov[2 * i] == PCRE2_UNSET)
				fputs("NULL", stdout);
			else
				fwrite(line + ov[2 * i], 1, ov[2 * i + 1] - ov[2 * i], stdout);
		}
		putchar('\n');
	}
	pcre2_match_data_free(md);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	lp_buf re = LP_BUF_INIT, log = LP_BUF_INIT;
	pcre2_code *code = NULL;
	size_t i, start = 0;
	int k;
	if (argc < 4)
		return 2;
	if (!strcmp(argv[1], "--format")) {
		for (k = 0; k < LP_SOURCE_NKINDS; k++)
			if (!strcmp(lp_line_format_of((lp_source_kind)k)->key, argv[2]))
				lp_line_format_regex(&re, lp_line_format_of((lp_source_kind)k));
		if (!re.size)
			return 2;
	} else if (lp_fs_read(&re, argv[2], 1 << 20) < 0)
		return 2;
	if (argc > 4 && !strcmp(argv[4], "--print-regex")) {
		fputs(re.ptr, stdout);
		lp_buf_release(&re);
		return 0;
	}
	if (lp_fs_read(&log, argv[3], 1 << 24) < 0 || (lp_serde_regex_compile(&code, re.ptr, NULL, NULL), !code)) {
		lp_buf_release(&re);
		lp_buf_release(&log);
		return 2;
	}
	for (i = 0; i <= log.size; i++) {
		if (i < log.size && log.ptr[i] != '\n' && log.ptr[i] != '\r')
			continue;
		if (i < log.size || i > start)
			print_groups(code, log.ptr + start, i - start);
		if (i + 1 < log.size && log.ptr[i] == '\r' && log.ptr[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	pcre2_code_free(code);
	lp_buf_release(&re);
	lp_buf_release(&log);
	return 0;
}
