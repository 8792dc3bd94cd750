/*
 * libFuzzer target for the Fluent Bit classic config reader and its checks.
 * Every @INCLUDE is served the input itself, so include resolution, cycle
 * detection and the depth limit run on hostile text too. The first byte
 * selects options: bit 0 runs the checks. Findings are fine; crashes, leaks
 * and out-of-bounds reads are not.
 */
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "lint/checks.h"
#include "read/flb.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
	const char *data;
	size_t size;
} input;

static int read_self(lp_buf *out, const char *path, void *payload)
{
	const input *in = payload;
	(void)path;
	return lp_buf_put(out, in->data, in->size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_diag *d;
	lp_flb_conf *c = NULL;
	lp_flb_opts o = LP_FLB_OPTS_INIT;
	lp_buf text = LP_BUF_INIT;
	input in;
	unsigned opts;
	if (size < 1)
		return 0;
	opts = data[0];
	in.data = (const char *)data + 1;
	in.size = size - 1;
	o.read = read_self;
	o.payload = &in;
	o.max_include_depth = 4;
	o.glob = 0; /* hostile patterns must not walk the file system */
	d = lp_diag_new();
	lp_flb_parse(&c, "fuzz.conf", in.data, in.size, &o, d);
	if (opts & 1)
		lp_check_flb(c, 1, d);
	lp_diag_print_text(&text, d, 0);
	lp_buf_release(&text);
	lp_flb_free(c);
	lp_diag_free(d);
	return 0;
}
