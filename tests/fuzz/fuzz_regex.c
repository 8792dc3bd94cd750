/*
 * libFuzzer target for the two regex readers: Fluent Bit's (Onigmo read
 * through PCRE2, src/read/flb_regex.h) and Athena RegexSerDe's (Java read
 * through PCRE2, src/read/serde_regex.h). The first byte selects options:
 * bit 0 picks the SerDe reader, bit 1 splits the rest at the first newline
 * into a pattern and a subject line (else a fixed ALB-like line is the
 * subject). Whatever the pattern, the checks, compilation, cutting into
 * prefixes and matching must not crash, leak or read out of bounds, and
 * matching must stay within PCRE2's limits (a give-up is an answer).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "read/flb_regex.h"
#include "read/serde_regex.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* AWS's documented ALB access-log example line (labelled test data). */
static const char alb_line[] =
	"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 "
	"192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "
	"\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
	"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
	"\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z "
	"\"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";

static void fuzz_flb(const char *re, size_t len, const char *subject, size_t slen)
{
	lp_flb_regex_result r;
	pcre2_code *code = NULL;
	if (lp_flb_regex_check(&r, &code, re, len) != 0)
		return;
	if (r.offset > len || (r.status != LP_FLB_REGEX_OK && code) || !memchr(r.why, '\0', sizeof(r.why)))
		abort();
	if (code) {
		int m = lp_flb_regex_search(code, subject, slen);
		if (m < -1 || m > 1)
			abort();
		pcre2_code_free(code);
	}
}

static void fuzz_serde(const char *re, const char *subject, size_t slen)
{
	lp_diag *d = lp_diag_new();
	lp_serde_regex_src src;
	lp_serde_regex_cut cuts[64];
	pcre2_code *code = NULL;
	size_t ncuts, i;
	lp_buf text = LP_BUF_INIT;
	memset(&src, 0, sizeof(src));
	src.span.file = "fuzz.sql";
	src.span.line = 1;
	src.span.col = 1;
	(void)lp_serde_regex_java_check(re, &src, d);
	(void)lp_serde_regex_tolerant_tail(re);
	lp_serde_regex_compile(&code, re, &src, d);
	if (code) {
		(void)lp_serde_regex_groups(code);
		(void)lp_serde_regex_match(code, subject, slen, NULL);
		pcre2_code_free(code);
	}
	ncuts = lp_serde_regex_cuts(cuts, sizeof(cuts) / sizeof(cuts[0]), re);
	for (i = 0; i < ncuts; i++) {
		pcre2_code *pre = NULL;
		if (cuts[i].start > cuts[i].end || cuts[i].end > strlen(re))
			abort();
		lp_serde_regex_compile_prefix(&pre, re, &cuts[i]);
		if (pre) {
			(void)lp_serde_regex_match(pre, subject, slen, NULL);
			pcre2_code_free(pre);
		}
	}
	lp_diag_print_text(&text, d, 0);
	lp_buf_release(&text);
	lp_diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_buf re = LP_BUF_INIT;
	const char *body, *nl, *subject = alb_line;
	size_t blen, slen = sizeof(alb_line) - 1;
	if (size < 1 || size > 4096)
		return 0;
	body = (const char *)data + 1;
	blen = size - 1;
	if ((data[0] & 2) && (nl = memchr(body, '\n', blen)) != NULL) {
		subject = nl + 1;
		slen = blen - (size_t)(nl + 1 - body);
		blen = (size_t)(nl - body);
	}
	lp_buf_put(&re, body, blen);
	if (data[0] & 1)
		fuzz_serde(re.ptr, subject, slen); /* decoded SerDe text is a C string: it ends at a NUL */
	else
		fuzz_flb(re.ptr, re.size, subject, slen);
	lp_buf_release(&re);
	return 0;
}
