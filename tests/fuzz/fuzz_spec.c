/*
 * libFuzzer target for the spec path: YAML loader, schema validation, model
 * builder and planner, then every renderer. Whatever the bytes, this must not
 * crash, leak or read out of bounds; findings are fine.
 */
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "render/render.h"
#include "plan/plan.h"
#include "spec/model.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_buf text = LP_BUF_INIT;
	if (lp_plan_load_buffer(&m, "fuzz.yaml", (const char *)data, size, d) == 0 && m) {
		lp_artifact_set set = LP_ARTIFACT_SET_INIT;
		lp_render_opts o = LP_RENDER_OPTS_INIT;
		lp_render_all(&set, m, &o, d);
		lp_artifact_set_release(&set);
	}
	lp_diag_print_text(&text, d, 0);
	lp_buf_release(&text);
	lp_model_free(m);
	lp_diag_free(d);
	return 0;
}
