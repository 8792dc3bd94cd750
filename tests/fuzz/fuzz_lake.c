/*
 * libFuzzer target for the lake side's pure parsers of spec text: the Hive
 * type grammar (bit 0 of the first byte clear) and the Firehose prefix /
 * location template evaluators (bit 0 set). Whatever the bytes, this must
 * not crash, leak or read out of bounds; and a type the grammar accepts must
 * normalise to a fixed point (normalising the result gives it back).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan/check_lake.h"
#include "plan/firehose_prefix.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_buf in = LP_BUF_INIT, a = LP_BUF_INIT, b = LP_BUF_INIT;
	if (size < 1 || size > 4096)
		return 0;
	lp_buf_put(&in, (const char *)data + 1, size - 1); /* NUL-terminated; an embedded NUL just ends the text */
	if (!(data[0] & 1)) {
		if (lp_lake_hive_type(&a, in.ptr, NULL, NULL) == 0) {
			if (lp_lake_hive_type(&b, a.ptr, NULL, NULL) != 0 || strcmp(a.ptr, b.ptr) != 0)
				abort();
		}
	} else {
		lp_instant t = { 2024, 2, 29, 23, 59, 58 };
		const char *cols[] = { "dt", "datehour" }, *vals[] = { "2024/02/29", "2024/02/29/23" };
		(void)lp_firehose_prefix_eval(&a, in.ptr, &t, "rnd");
		(void)lp_location_template_eval(&b, in.ptr, cols, vals, 2);
	}
	lp_buf_release(&in);
	lp_buf_release(&a);
	lp_buf_release(&b);
	return 0;
}
