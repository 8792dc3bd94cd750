#ifndef LP_RENDER_RENDER_IAM_H
#define LP_RENDER_RENDER_IAM_H

#include <cjson/cJSON.h>

#include "render/render.h"

/*
 * The IAM policy documents of the pipeline (docs/ecs.md, docs/lake.md): per
 * service the task and execution roles' policies, once per spec the Firehose
 * delivery role. Every resource comes from the planner's derived names, so a
 * policy names exactly what the other artifacts write to. Functions return -1
 * only on operational failures.
 */

/* iam/<family>.task-policy.json: what Fluent Bit needs, on exactly the streams and groups it writes. */
int lp_render_iam_task_policy(lp_buf *out, const lp_model *m, const lp_service *s, lp_diag *d);
/* iam/<family>.execution-policy.json: the router's awslogs group, and the S3 config object with config: s3. */
int lp_render_iam_execution_policy(lp_buf *out, const lp_model *m, const lp_service *s, lp_diag *d);

/*
 * iam/<name>-firehose-delivery.{policy,trust-policy}.json, when the spec has
 * a delivery stream: the role's permission policy (bucket, Glue tables for
 * conversion, KMS via S3, error logging) and its trust policy.
 */
int lp_render_iam_firehose(lp_artifact_set *out, const lp_model *m, lp_diag *d);

/*
 * The documents the printers above write (caller owns *out; free with
 * cJSON_Delete), for artifacts that carry the same values (terraform/).
 */
int lp_render_iam_task_policy_json(cJSON **out, const lp_model *m, const lp_service *s, lp_diag *d);
int lp_render_iam_execution_policy_json(cJSON **out, const lp_model *m, const lp_service *s, lp_diag *d);
int lp_render_iam_firehose_policy_json(cJSON **out, const lp_model *m, lp_diag *d);
int lp_render_iam_firehose_trust_json(cJSON **out, const lp_model *m);

#endif
