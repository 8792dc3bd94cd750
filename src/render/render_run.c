#include "render_run.h"

#include "util/error.h"
#include "util/mem.h"

struct lp_render_run {
	lp_template_cache *templates; /* owned */
	const lp_service *services;   /* the model's, to index router_images */
	size_t nservices;
	char **router_images; /* owned, nservices of them; NULL until recorded */
};

lp_render_run *lp_render_run_new(const lp_model *m, const lp_render_opts *o)
{
	lp_render_run *run = lp_calloc(1, sizeof(*run));
	run->templates = lp_template_cache_new(o ? o->templates_dir : NULL);
	run->services = m->services;
	run->nservices = m->nservices;
	if (m->nservices)
		run->router_images = lp_calloc(m->nservices, sizeof(*run->router_images));
	return run;
}

void lp_render_run_free(lp_render_run *run)
{
	size_t i;
	if (!run)
		return;
	for (i = 0; i < run->nservices; i++)
		lp_free(run->router_images[i]);
	lp_free(run->router_images);
	lp_template_cache_free(run->templates);
	lp_free(run);
}

lp_template_cache *lp_render_run_templates(const lp_render_run *run)
{
	return run->templates;
}

static size_t service_index(const lp_render_run *run, const lp_service *s)
{
	LP_ASSERT_ARG(s >= run->services && s < run->services + run->nservices);
	return (size_t)(s - run->services);
}

const char *lp_render_run_router_image(const lp_render_run *run, const lp_service *s)
{
	return run->router_images[service_index(run, s)];
}

const char *lp_render_run_set_router_image(lp_render_run *run, const lp_service *s, const char *image)
{
	char **slot = &run->router_images[service_index(run, s)];
	lp_free(*slot);
	*slot = lp_strdup(image);
	return *slot;
}
