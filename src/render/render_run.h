#ifndef LP_RENDER_RENDER_RUN_H
#define LP_RENDER_RENDER_RUN_H

#include "render/render.h"
#include "render/template.h"
#include "spec/model.h"

/*
 * What one lp_render_all run computes once for several renderers: the parsed
 * templates, and each service's router image, which the task definition and
 * terraform/ both carry and which costs a render and a hash of the service's
 * Fluent Bit files. Internal to the renderers: lp_render_all makes the run and
 * passes it down (tests make their own). Opaque; one thread at a time.
 */
typedef struct lp_render_run lp_render_run;

/*
 * A run over the services of `m` (borrowed: it must outlive the run) with the
 * templates of `o` (may be NULL; its templates_dir is copied). Caller owns;
 * free with lp_render_run_free.
 */
lp_render_run *lp_render_run_new(const lp_model *m, const lp_render_opts *o);
/* Frees `run` with its templates and images; NULL is a no-op. */
void lp_render_run_free(lp_render_run *run);

/* The run's template cache. Borrowed; valid while `run` lives. */
lp_template_cache *lp_render_run_templates(const lp_render_run *run);

/*
 * The router image recorded for `s` (a service of the run's model), or NULL
 * before one is. Borrowed; valid while `run` lives.
 */
const char *lp_render_run_router_image(const lp_render_run *run, const lp_service *s);
/* Records a copy of `image` as the router image of `s` and returns the copy (borrowed, as above). */
const char *lp_render_run_set_router_image(lp_render_run *run, const lp_service *s, const char *image);

#endif
