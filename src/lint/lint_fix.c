/*
 * The fixes data rules declare (rules/NAME.yaml `fix:`), turned into edits of
 * the document a finding is in. A fix that would have to guess (an anchor or
 * !If in the way, a template whose Fn::ForEach loops were expanded, a `when`
 * that does not hold) is attached as manual, with the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "read/edit.h"
#include "spec/model.h"
#include "util/mem.h"

/* The fix's value: the literal, or the parameter (rounded up to the next allowed value). */
cJSON *lp_lint__fix_value(const lp_rule *r, const lp_node *fx, const struct lp_model *m)
{
	const lp_node *v = lp_node_get(fx, "value"), *up = lp_node_get(fx, "round_up");
	const char *param = v && v->kind == LP_NODE_MAP ? lp_node_str(lp_node_get(v, "param")) : NULL;
	const char *text;
	char *end;
	long long n, best = -1;
	size_t i;

	const char *dflt = v && v->kind == LP_NODE_MAP ? lp_node_str(lp_node_get(v, "default")) : NULL;

	/* {default: router.image}: the spec's defaults section, else logpipe's own */
	if (dflt && !strcmp(dflt, "router.image"))
		return cJSON_CreateString(m ? m->router.image : LP_MODEL_ROUTER_IMAGE);
	if (dflt && !strcmp(dflt, "router.memory"))
		return cJSON_CreateNumber((double)(m ? m->router.memory : LP_MODEL_ROUTER_MEMORY));
	if (!param)
		return lp_edit_json_of(v);
	text = lp_rule_param_value(r, param, lp_lint__param, (void *)m);
	if (!text)
		return NULL;
	n = strtoll(text, &end, 10);
	if (*end || end == text)
		return cJSON_CreateString(text);
	for (i = 0; up && up->kind == LP_NODE_SEQ && i < up->n; i++) {
		int64_t x;
		if (lp_node_int(&x, up->items[i]) == 0 && x >= n && (best < 0 || x < best))
			best = x;
	}
	return cJSON_CreateNumber((double)(best >= 0 ? best : n));
}

static void describe(lp_buf *out, const lp_node *fx, const char *path, const cJSON *value)
{
	const char *d = lp_node_str(lp_node_get(fx, "describe"));
	char *s;
	if (d) {
		lp_buf_puts(out, d);
		return;
	}
	s = cJSON_PrintUnformatted(value);
	lp_buf_printf(out, "set %s to %s", path, s);
	cJSON_free(s);
}

void lp_lint__rule_fix(void *fixctx, const lp_rule *r, const lp_node *root, const lp_node *item, lp_diag_entry *e,
	lp_diag *d)
{
	lp_lint_fixctx *fc = fixctx;
	const lp_node *fx = r->fix, *when, *target;
	const char *manual = lp_node_str(lp_node_get(fx, "manual"));
	const char *path = lp_node_str(lp_node_get(fx, "set")), *why = NULL, *cfix;
	lp_buf desc = LP_BUF_INIT, full = LP_BUF_INIT;
	lp_edits edits = LP_EDITS_INIT;
	lp_edit_doc ed;
	cJSON *value = NULL;

	/* a list: the first alternative whose `when` holds (or that has none) */
	if (fx->kind == LP_NODE_SEQ) {
		size_t i;
		const lp_node *pick = NULL;
		for (i = 0; i < fx->n && !pick; i++) {
			const lp_node *w = lp_node_get(fx->items[i], "when");
			if (!w || lp_rule_holds(r, w, root, item, lp_lint__param, (void *)fc->model))
				pick = fx->items[i];
		}
		if (!pick)
			return;
		fx = pick;
		manual = lp_node_str(lp_node_get(fx, "manual"));
		path = lp_node_str(lp_node_get(fx, "set"));
	}
	when = lp_node_get(fx, "when");
	cfix = lp_node_str(lp_node_get(fx, "c"));
	if (cfix && !manual) {
		/* a fix that spans resources is written in C; `when` still decides whether it applies */
		if (when && !lp_rule_holds(r, when, root, item, lp_lint__param, (void *)fc->model)) {
			lp_buf_printf(&full, "by hand: %s", r->remediation ? r->remediation : r->title);
			lp_diag_set_fix(d, e, full.ptr, NULL, 1);
			lp_buf_release(&full);
			return;
		}
		lp_lint__fix_c(cfix, fc, r, e, d);
		return;
	}
	if (manual) {
		lp_diag_set_fix(d, e, manual, NULL, 1);
		return;
	}
	if (!path)
		return;
	value = lp_lint__fix_value(r, fx, fc->model);
	if (!value)
		goto done;
	describe(&desc, fx, path, value);
	if (when && !lp_rule_holds(r, when, root, item, lp_lint__param, (void *)fc->model)) {
		lp_buf_printf(&full, "by hand: %s", r->remediation ? r->remediation : desc.ptr);
		lp_diag_set_fix(d, e, full.ptr, NULL, 1);
		goto done;
	}
	if (fc->doc->expanded) {
		lp_buf_printf(&full, "by hand (the template's Fn::ForEach loops would have to change): %s", desc.ptr);
		lp_diag_set_fix(d, e, full.ptr, NULL, 1);
		goto done;
	}
	/* the rule read the resource with Globals merged in; the edit goes to what the resource itself says */
	target = item == root || item == fc->merged ? fc->props : item;
	lp_edit_doc_init(&ed, fc->doc->text, fc->doc->len);
	if (!target && fc->resource) {
		lp_buf p = LP_BUF_INIT;
		lp_buf_printf(&p, "Properties.%s", path);
		if (lp_edit_set(&edits, &ed, fc->resource, p.ptr, value, &why) != 0)
			target = NULL;
		lp_buf_release(&p);
	} else if (target) {
		lp_edit_set(&edits, &ed, target, path, value, &why);
	} else {
		why = "the resource has no place to put it";
	}
	if (why) {
		lp_buf_printf(&full, "by hand (%s): %s", why, desc.ptr);
		lp_diag_set_fix(d, e, full.ptr, NULL, 1);
	} else {
		lp_diag_set_fix(d, e, desc.ptr, &edits, 0);
	}
done:
	cJSON_Delete(value);
	lp_edits_release(&edits);
	lp_buf_release(&desc);
	lp_buf_release(&full);
}
