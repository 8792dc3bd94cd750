#ifndef LP_RENDER_RENDER_ECS_H
#define LP_RENDER_RENDER_ECS_H

#include "plan/check_ecs.h"
#include "render/render.h"
#include "render/render_run.h"
#include "render/template.h"

/*
 * The ECS side of `build` (docs/ecs.md): per service a FireLens task
 * definition, the Fluent Bit configuration the log router reads, the files
 * that bake that configuration into a router image (Dockerfile, parsers),
 * the IAM policy documents of the task and execution roles; once per spec the
 * list of every log group the pipeline writes to.
 *
 * All functions append to `out` and report findings about the spec (a value
 * that cannot be written safely) to `d`; they return -1 only on operational
 * failures (an output buffer over its size cap). Nothing here validates the
 * spec: lp_check_ecs (plan/check_ecs.h) does, before rendering. Templates
 * come from `tc` (borrowed), the one cache of the lp_render_all run, or from
 * the run itself (`run`, borrowed; render_run.h).
 */

/* Name of the json parser shipped next to the generated configuration. */
#define LP_ECS_JSON_PARSER "logpipe_json"

/*
 * Runs every ECS-side renderer for every service, adding files to `out`, and
 * records each service's router image in `run` (made for `m`).
 */
int lp_render_ecs(lp_artifact_set *out, const lp_model *m, lp_render_run *run, lp_diag *d);

/*
 * ecs/<family>.task-definition.json. `router_image` is the image the
 * log_router container runs (the baked image with config: file, the spec's
 * router image with config: s3); borrowed.
 */
int lp_render_taskdef(lp_buf *out, const lp_model *m, const lp_service *s, const char *router_image, lp_diag *d);

/*
 * The builders behind the printers here: each sets *out to the document its
 * printer writes (caller owns; free with cJSON_Delete), so other artifacts
 * (terraform/) carry the same values without re-reading printed text.
 */
int lp_render_taskdef_json(cJSON **out, const lp_model *m, const lp_service *s, const char *router_image, lp_diag *d);
/* {"LogGroups": [{LogGroupName, RetentionInDays, KmsKeyId}]}: every group, API Gateway's included. */
int lp_render_loggroups_json(cJSON **out, const lp_model *m, lp_diag *d);

/*
 * The router image of `s` exactly as lp_render_ecs computes it (see
 * lp_render_ecs_router_image): the one lp_render_ecs recorded in `run`, or
 * else computed now and recorded. Computing it renders the Fluent Bit files
 * only to hash them: findings they raise are dropped here because
 * lp_render_ecs reports them once. Sets *out (borrowed; valid while `run`
 * lives).
 */
int lp_render_ecs_service_image(const char **out, const lp_model *m, const lp_service *s, lp_render_run *run,
	lp_diag *d);

/* ecs/<family>.fluent-bit.conf (Fluent Bit classic format). */
int lp_render_fluentbit(lp_buf *out, const lp_model *m, const lp_service *s, lp_template_cache *tc, lp_diag *d);
/* ecs/<family>.parsers.conf: the json parser the configuration uses (config: file only). */
int lp_render_fluentbit_parsers(lp_buf *out, const lp_model *m, const lp_service *s, lp_template_cache *tc,
	lp_diag *d);
/* ecs/<family>.Dockerfile: the router image with both files baked in (config: file only). */
int lp_render_fluentbit_dockerfile(lp_buf *out, const lp_model *m, const lp_service *s, const char *router_image,
	lp_template_cache *tc, lp_diag *d);
/* Where the baked parsers file lives in the router image. */
#define LP_ECS_PARSERS_PATH "/fluent-bit/config/logpipe-parsers.conf"
/* The image's own parsers file (config: s3, where nothing can be baked in). */
#define LP_ECS_IMAGE_PARSERS_PATH "/fluent-bit/parsers/parsers.conf"

/*
 * The image the log_router container runs, into `out`. With config: file it
 * is the image the Dockerfile builds, pushed to the spec account's ECR:
 * <account>.dkr.ecr.<region>.amazonaws.com/<family>-log-router:<base tag>-<12
 * hex of SHA-256 over the baked files>, so every change to the configuration
 * is a new immutable tag and a new task definition revision. With config: s3
 * it is the spec's router image.
 */
void lp_render_ecs_router_image(lp_buf *out, const lp_model *m, const lp_service *s, const char *conf,
	const char *parsers);

/*
 * cloudwatch/log-groups.json: a CloudFormation template with one
 * AWS::Logs::LogGroup (LogGroupName, RetentionInDays, KmsKeyId; retained on
 * stack deletion) per group, sorted by name, for `aws cloudformation deploy`.
 * API Gateway access-log groups are left to sam/<source>.yaml.
 */
#define LP_LOGGROUPS_FILE "cloudwatch/log-groups.json"
/* Adds LP_LOGGROUPS_FILE to `set`, with the origin of every item. */
int lp_render_loggroups(lp_artifact_set *set, const lp_model *m, lp_diag *d);

#endif
