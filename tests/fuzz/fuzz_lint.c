/*
 * libFuzzer target for the lint engine over one in-memory file: content
 * detection, the YAML/JSON loader, every data rule's path conditions and
 * PCRE2 regexes, the C checks, suppressions and the SARIF printer. The first
 * byte selects options: bits 0-2 force a kind (0 = detect), bit 3 names the
 * file .yaml instead of .json, bit 4 prints SARIF. Any input must lint
 * without crashing, leaking or reading out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag/diag.h"
#include "lint/lint.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_lint_input in;
	lp_buf text = LP_BUF_INIT, out = LP_BUF_INIT;
	lp_diag *d;
	unsigned opts;

	if (size < 1)
		return 0;
	opts = data[0];
	lp_buf_put(&text, (const char *)data + 1, size - 1);
	o.force_kind = (lp_lint_kind)((opts & 7u) % LP_LINT_KIND__COUNT);
	in.path = (opts & 8u) ? "input.yaml" : "input.json";
	in.text = text.ptr;
	in.len = text.size;
	d = lp_diag_new();
	lp_lint_inputs(&o, &in, 1, d);
	if (opts & 16u)
		lp_lint_print_sarif(&out, d, NULL);
	lp_diag_free(d);
	lp_buf_release(&out);
	lp_buf_release(&text);
	return 0;
}
