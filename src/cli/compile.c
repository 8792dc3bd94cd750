#include <string.h>

#include "cli.h"

#include "plan/plan.h"
#include "lint/lint.h"
#include "util/error.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

const char *lp_cli_output_dir(lp_buf *buf, const char *spec)
{
	const char *base = base_name(spec);
	lp_buf_clear(buf);
	lp_buf_put(buf, spec, (size_t)(base - spec));
	lp_buf_puts(buf, "generated");
	return buf->ptr;
}

int lp_cli_compile(lp_artifact_set *set, lp_model **m, const char *spec, const lp_buf *data, const char *outdir,
	const lp_render_opts *ro, unsigned jobs, lp_diag *d)
{
	lp_lint_opts lo = LP_LINT_OPTS_INIT;
	lp_render_opts confined = *ro;
	lp_buf root = LP_BUF_INIT;
	int error = data ? lp_plan_load_buffer(m, spec, data->ptr, data->size, d) : lp_plan_load(m, spec, d);
	int rc;

	if (error < 0)
		return lp_cli_fail(LP_EXIT_USAGE);
	if (!*m)
		return LP_EXIT_USAGE;
	if (lp_lint_check_settings(*m, d) < 0)
		return lp_cli_fail(LP_EXIT_INTERNAL);
	/* I/O errors here come from the caller's --templates directory: a usage error. */
	/* build reads the work tree: the same project boundary as check's repository */
	if (!confined.read && !confined.root) {
		lp_cli_project_root(&root, spec);
		confined.root = root.ptr;
	}
	rc = lp_render_all(set, *m, &confined, d);
	lp_buf_release(&root);
	if (rc < 0)
		return lp_cli_fail(lp_error_last_class() == LP_ERROR_IO ? LP_EXIT_USAGE : LP_EXIT_INTERNAL);
	if (lp_diag_count_at_least(d, LP_SEV_ERROR))
		return LP_EXIT_USAGE;
	/*
	 * Generated output must be compliant by construction: lint it in memory
	 * so nothing AWS Config would flag is ever written or accepted.
	 */
	lo.model = *m;
	lo.artifact_dir = outdir;
	lo.jobs = jobs;
	if (lp_lint_artifacts(set, *m, &lo, d) < 0)
		return lp_cli_fail(LP_EXIT_INTERNAL);
	/* The spec's base name keeps the lock independent of where the checkout lives. */
	if (lp_render_lock(set, *m, base_name(spec)) < 0)
		return lp_cli_fail(LP_EXIT_INTERNAL);
	return lp_diag_count_at_least(d, LP_SEV_ERROR) ? LP_EXIT_FINDINGS : LP_EXIT_OK;
}
