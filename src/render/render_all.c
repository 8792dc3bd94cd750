#include "render.h"
#include "render_ecs.h"
#include "render_iam.h"
#include "render_lake.h"
#include "render_sam.h"
#include "render_run.h"
#include "render_terraform.h"

/*
 * The shared driver: one call per artifact kind, in a fixed order. Each
 * renderer is a pure function of the model and reports problems it alone can
 * see (for example a value that cannot be escaped safely) to `d`. What
 * several of them need is computed once for the run (render_run.h): the
 * parsed templates, each service's router image.
 */
int lp_render_all(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d)
{
	lp_render_run *run = lp_render_run_new(m, o);
	int error = 0;
	(void)m;
	(void)o;
	(void)d;
	if (error >= 0)
		error = lp_render_ecs(out, m, run, d);
	if (error >= 0)
		error = lp_render_sam(out, m, o, d);
	if (error >= 0)
		error = lp_render_lake(out, m, lp_render_run_templates(run), d);
	if (error >= 0)
		error = lp_render_iam_firehose(out, m, d);
	if (error >= 0 && !(o && o->for_lint))
		error = lp_render_terraform(out, m, run, d);
	lp_render_run_free(run);
	lp_artifact_set_sort(out);
	return error;
}
