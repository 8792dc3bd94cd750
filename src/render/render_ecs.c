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

static lp_buf *add_path(lp_artifact_set *out, const char *dir, const char *family, const char *suffix)
{
	lp_buf path = LP_BUF_INIT, *b;
	lp_buf_printf(&path, "%s/%s%s", dir, family, suffix);
	b = lp_artifact_add(out, path.ptr);
	lp_buf_release(&path);
	return b;
}

/* The files the router reads and the image that carries them; the buffers are the caller's. */
static int router_files(lp_buf *conf, lp_buf *parsers, lp_buf *image, const lp_model *m, const lp_service *s,
	const lp_render_opts *o, lp_diag *d)
{
	int error;
	if ((error = lp_render_fluentbit(conf, m, s, o, d)) < 0)
		return error;
	if (s->router.config == LP_ROUTER_CONFIG_FILE &&
		(error = lp_render_fluentbit_parsers(parsers, m, s, o, d)) < 0)
		return error;
	lp_render_ecs_router_image(image, m, s, conf->ptr, parsers->ptr);
	return 0;
}

int lp_render_ecs_service_image(lp_buf *out, const lp_model *m, const lp_service *s, const lp_render_opts *o,
	lp_diag *d)
{
	lp_buf conf = LP_BUF_INIT, parsers = LP_BUF_INIT;
	size_t seen = lp_diag_count(d);
	int error = router_files(&conf, &parsers, out, m, s, o, d);
	lp_diag_truncate(d, seen);
	lp_buf_release(&conf);
	lp_buf_release(&parsers);
	return error;
}

static int render_service(lp_artifact_set *out, const lp_model *m, const lp_service *s, const lp_render_opts *o,
	lp_diag *d)
{
	lp_buf conf = LP_BUF_INIT, parsers = LP_BUF_INIT, image = LP_BUF_INIT;
	int error;
	if ((error = router_files(&conf, &parsers, &image, m, s, o, d)) < 0)
		goto done;
	if (s->router.config == LP_ROUTER_CONFIG_FILE) {
		lp_buf_put(add_path(out, "ecs", s->family, ".parsers.conf"), parsers.ptr, parsers.size);
		if ((error = lp_render_fluentbit_dockerfile(add_path(out, "ecs", s->family, ".Dockerfile"), m, s,
				image.ptr, o, d)) < 0)
			goto done;
	}
	lp_buf_put(add_path(out, "ecs", s->family, ".fluent-bit.conf"), conf.ptr, conf.size);
	if ((error = lp_render_taskdef(add_path(out, "ecs", s->family, ".task-definition.json"), m, s, image.ptr, d)) < 0 ||
		(error = lp_render_iam_task_policy(add_path(out, "iam", s->family, ".task-policy.json"), m, s, d)) < 0 ||
		(error = lp_render_iam_execution_policy(add_path(out, "iam", s->family, ".execution-policy.json"), m, s, d)) < 0)
		goto done;
done:
	lp_buf_release(&conf);
	lp_buf_release(&parsers);
	lp_buf_release(&image);
	return error;
}

int lp_render_ecs(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d)
{
	size_t i;
	int error = 0;
	for (i = 0; i < m->nservices && error >= 0; i++)
		error = render_service(out, m, &m->services[i], o, d);
	if (error >= 0 && (m->nservices || m->napigws))
		error = lp_render_loggroups(lp_artifact_add(out, "cloudwatch/log-groups.json"), m, d);
	return error;
}
