/*
 * libFuzzer target for the CloudFormation/SAM readers on their own, without
 * the rest of the lint engine in the way: the YAML/JSON loader (short-form
 * intrinsic tags allowed, as lint reads templates), Fn::ForEach expansion,
 * the SAM scan and its report, the task-definition reader, and the intrinsic
 * helpers (call, display, target) over every node of the expanded tree.
 * Whatever the bytes, this must not crash, leak, hang or read out of bounds;
 * findings are fine, and the expansion must stay inside its output limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag/diag.h"
#include "read/cfn.h"
#include "plan/check_sam.h"
#include "read/sam.h"
#include "read/taskdef.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visits at most `*budget` nodes: aliases share subtrees, so a walk is bounded by count, not shape. */
static void walk(lp_arena *a, lp_buf *out, const lp_node *n, size_t *budget)
{
	lp_cfn_call call;
	size_t i;
	if (!n || *budget == 0)
		return;
	(*budget)--;
	if (lp_cfn_call_of(&call, n) && !call.fn)
		abort();
	lp_buf_clear(out);
	lp_cfn_display(out, n);
	(void)lp_cfn_target(a, n);
	if (n->kind == LP_NODE_SEQ)
		for (i = 0; i < n->n; i++)
			walk(a, out, n->items[i], budget);
	else if (n->kind == LP_NODE_MAP)
		for (i = 0; i < n->n; i++)
			walk(a, out, n->pairs[i].value, budget);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_node *root = NULL;
	lp_buf text = LP_BUF_INIT;
	const char *name = (size && (data[0] & 1)) ? "template.json" : "template.yaml";
	if (lp_yaml_load(&root, &a, name, (const char *)data, size, NULL, d) == 0 && root) {
		const lp_node *x = lp_cfn_expand(&a, root, d);
		lp_sam_info info;
		lp_taskdef_set set;
		size_t budget = 20000, i;
		lp_sam_scan(&info, &a, x);
		lp_sam_report(&info, (data[0] & 2) ? "sam/api.yaml" : NULL, d);
		(void)lp_sam_needs_globals(&info);
		lp_taskdef_read(&set, &a, x, (const char *)data, size);
		for (i = 0; i < set.n; i++)
			(void)lp_taskdef_shape_name(set.v[i].shape);
		(void)lp_taskdef_is_api_shape(x);
		walk(&a, &text, x, &budget);
	}
	lp_buf_clear(&text);
	lp_diag_print_text(&text, d, 0);
	lp_buf_release(&text);
	lp_diag_free(d);
	lp_arena_release(&a);
	return 0;
}
