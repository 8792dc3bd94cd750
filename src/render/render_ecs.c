#include "render/render_ecs.h"
#include "render/render_iam.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/sha256.h"

void lp_render_ecs_router_image(lp_buf *out, const lp_model *m, const lp_service *s, const char *conf,
	const char *parsers)
{
	const char *image = s->router.image ? s->router.image : "", *slash = strrchr(image, '/'), *colon;
	lp_sha256 h;
	unsigned char digest[32];
	size_t i;
	if (s->router.config == LP_ROUTER_CONFIG_S3) {
		lp_buf_puts(out, image);
		return;
	}
	colon = strrchr(slash ? slash : image, ':');
	lp_sha256_init(&h);
	lp_sha256_update(&h, conf, strlen(conf) + 1); /* the NUL separates the two files */
	lp_sha256_update(&h, parsers, strlen(parsers));
	lp_sha256_update(&h, image, strlen(image));
	lp_sha256_final(digest, &h);
	lp_buf_printf(out, "%s.dkr.ecr.%s.amazonaws.com/%s:%s-", m->account, m->region, s->derived.router_repository,
		colon && !strchr(colon, '@') ? colon + 1 : "base");
	for (i = 0; i < 6; i++)
		lp_buf_printf(out, "%02x", digest[i]);
}

/* Adds dir/<family><suffix>, which as a whole comes from service `s`. */
static lp_buf *add_path(lp_artifact_set *out, const lp_service *s, const char *dir, const char *suffix)
{
	lp_buf path = LP_BUF_INIT, *b;
	lp_buf_printf(&path, "%s/%s%s", dir, s->family, suffix);
	b = lp_artifact_add(out, path.ptr);
	lp_artifact_origin_add(out, path.ptr, "", NULL, &s->span, NULL, 0, s->path);
	lp_buf_release(&path);
	return b;
}

static void origin_of(lp_artifact_set *out, const char *file, const char *where, const char *rule, const lp_origin *o)
{
	lp_artifact_origin_add(out, file, where, rule, &o->span, o->key, o->defaulted, NULL);
}

/* Where each container definition of the task definition came from (the order lp_render_taskdef_json writes). */
static void record_taskdef(lp_artifact_set *out, const lp_service *s)
{
	lp_buf file = LP_BUF_INIT, where = LP_BUF_INIT;
	size_t i;
	lp_buf_printf(&file, "ecs/%s.task-definition.json", s->family);
	lp_artifact_origin_add(out, file.ptr, "containerDefinitions[0]", NULL,
		s->router.span.line ? &s->router.span : &s->span, NULL, 0, NULL);
	for (i = 0; i < s->ncontainers; i++) {
		const lp_container *c = s->derived.by_name[i];
		size_t base;
		lp_buf_clear(&where);
		lp_buf_printf(&where, "containerDefinitions[%zu]", i + 1);
		base = where.size;
		lp_artifact_origin_add(out, file.ptr, where.ptr, NULL, &c->span, NULL, 0, c->path);
		/* Rules about a user that is not set are found at the container definition itself. */
		origin_of(out, file.ptr, where.ptr, "LP-ECS-NONROOT", &c->user_at);
		origin_of(out, file.ptr, where.ptr, "LP-ECS-HOST-MODE-USER", &c->user_at);
		lp_buf_puts(&where, ".user");
		origin_of(out, file.ptr, where.ptr, NULL, &c->user_at);
		lp_buf_truncate(&where, base);
		lp_buf_puts(&where, ".readonlyRootFilesystem");
		origin_of(out, file.ptr, where.ptr, NULL, &c->readonly_root_at);
	}
	lp_buf_release(&file);
	lp_buf_release(&where);
}

/* The files the router reads and the image that carries them; the buffers are the caller's. */
static int router_files(lp_buf *conf, lp_buf *parsers, lp_buf *image, const lp_model *m, const lp_service *s,
	lp_template_cache *tc, lp_diag *d)
{
	int error;
	if ((error = lp_render_fluentbit(conf, m, s, tc, d)) < 0)
		return error;
	if (s->router.config == LP_ROUTER_CONFIG_FILE &&
		(error = lp_render_fluentbit_parsers(parsers, m, s, tc, d)) < 0)
		return error;
	lp_render_ecs_router_image(image, m, s, conf->ptr, parsers->ptr);
	return 0;
}

int lp_render_ecs_service_image(const char **out, const lp_model *m, const lp_service *s, lp_render_run *run,
	lp_diag *d)
{
	lp_buf conf = LP_BUF_INIT, parsers = LP_BUF_INIT, image = LP_BUF_INIT;
	size_t seen;
	int error;
	if ((*out = lp_render_run_router_image(run, s)))
		return 0;
	seen = lp_diag_count(d);
	error = router_files(&conf, &parsers, &image, m, s, lp_render_run_templates(run), d);
	lp_diag_truncate(d, seen);
	if (error >= 0)
		*out = lp_render_run_set_router_image(run, s, image.ptr);
	lp_buf_release(&conf);
	lp_buf_release(&parsers);
	lp_buf_release(&image);
	return error;
}

static int render_service(lp_artifact_set *out, const lp_model *m, const lp_service *s, lp_render_run *run,
	lp_diag *d)
{
	lp_template_cache *tc = lp_render_run_templates(run);
	lp_buf conf = LP_BUF_INIT, parsers = LP_BUF_INIT, image = LP_BUF_INIT;
	int error;
	if ((error = router_files(&conf, &parsers, &image, m, s, tc, d)) < 0)
		goto done;
	/* terraform/ carries the same image: it need not render and hash these files again. */
	lp_render_run_set_router_image(run, s, image.ptr);
	if (s->router.config == LP_ROUTER_CONFIG_FILE) {
		lp_buf_put(add_path(out, s, "ecs", ".parsers.conf"), parsers.ptr, parsers.size);
		if ((error = lp_render_fluentbit_dockerfile(add_path(out, s, "ecs", ".Dockerfile"), m, s,
				image.ptr, tc, d)) < 0)
			goto done;
	}
	lp_buf_put(add_path(out, s, "ecs", ".fluent-bit.conf"), conf.ptr, conf.size);
	if ((error = lp_render_taskdef(add_path(out, s, "ecs", ".task-definition.json"), m, s, image.ptr, d)) < 0 ||
		(error = lp_render_iam_task_policy(add_path(out, s, "iam", ".task-policy.json"), m, s, d)) < 0 ||
		(error = lp_render_iam_execution_policy(add_path(out, s, "iam", ".execution-policy.json"), m, s, d)) < 0)
		goto done;
	record_taskdef(out, s);
done:
	lp_buf_release(&conf);
	lp_buf_release(&parsers);
	lp_buf_release(&image);
	return error;
}

int lp_render_ecs(lp_artifact_set *out, const lp_model *m, lp_render_run *run, lp_diag *d)
{
	size_t i;
	int error = 0;
	for (i = 0; i < m->nservices && error >= 0; i++)
		error = render_service(out, m, &m->services[i], run, d);
	if (error >= 0 && (m->nservices || m->napigws))
		error = lp_render_loggroups(out, m, d);
	return error;
}
