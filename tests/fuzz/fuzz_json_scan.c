/*
 * libFuzzer target for the YAML loader's JSON fast path (src/spec/json_scan.c):
 * whatever the bytes, the fast path and libyaml must give the same tree,
 * positions and findings. A difference aborts, so the fuzzer reports it.
 * The first byte picks tight limits, so the loader's own checks (depth,
 * scalar size, node budget) are reached on small inputs too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_arena a1 = LP_ARENA_INIT, a2 = LP_ARENA_INIT;
	lp_diag *d1, *d2;
	lp_buf t1 = LP_BUF_INIT, t2 = LP_BUF_INIT;
	lp_node *fast = NULL, *slow = NULL;
	int r1, r2;
	if (size && (data[0] & 1)) {
		lim.max_depth = 4;
		lim.max_scalar = 16;
		lim.max_nodes = 32;
	}
	if (size) {
		data++;
		size--;
	}
	d1 = lp_diag_new();
	d2 = lp_diag_new();
	r1 = lp_yaml__load(&fast, &a1, "fuzz.json", (const char *)data, size, &lim, 1, d1);
	r2 = lp_yaml__load(&slow, &a2, "fuzz.json", (const char *)data, size, &lim, 0, d2);
	lp_diag_print_text(&t1, d1, 0);
	lp_diag_print_text(&t2, d2, 0);
	if (r1 != r2 || !lp_node__same(fast, slow) || strcmp(t1.ptr, t2.ptr)) {
		fprintf(stderr, "the JSON fast path and libyaml disagree\nfast:\n%s\nlibyaml:\n%s\n", t1.ptr, t2.ptr);
		abort();
	}
	lp_buf_release(&t1);
	lp_buf_release(&t2);
	lp_diag_free(d1);
	lp_diag_free(d2);
	lp_arena_release(&a1);
	lp_arena_release(&a2);
	return 0;
}
