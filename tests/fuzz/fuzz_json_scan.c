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

#include "spec/yaml.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_buf why = LP_BUF_INIT;
	if (size && (data[0] & 1)) {
		lim.max_depth = 4;
		lim.max_scalar = 16;
		lim.max_nodes = 32;
	}
	if (size) {
		data++;
		size--;
	}
	if (lp_yaml__paths_differ(&why, "fuzz.json", (const char *)data, size, &lim)) {
		fprintf(stderr, "%s\n", why.ptr);
		abort();
	}
	lp_buf_release(&why);
	return 0;
}
