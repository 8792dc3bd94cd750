#ifndef LP_RENDER_RENDER_TERRAFORM_H
#define LP_RENDER_RENDER_TERRAFORM_H

#include "render/render.h"
#include "render/render_run.h"

/*
 * terraform/logpipe.tf.json (docs/terraform.md): the resources of the other
 * artifacts in Terraform's JSON syntax, for `terraform plan`. Every value
 * comes from the builders the API artifacts are printed from
 * (lp_render_taskdef_json, lp_render_firehose_json, ...), mapped from the
 * API's key names to the AWS provider's attribute names, so the two can
 * never disagree. Returns -1 only on operational failures. `run`
 * (borrowed; render_run.h) has the router images lp_render_ecs recorded.
 */

#define LP_TERRAFORM_PATH "terraform/logpipe.tf.json"

int lp_render_terraform(lp_artifact_set *out, const lp_model *m, lp_render_run *run, lp_diag *d);

/*
 * Semi-private, for tests. The provider's attribute name for an API key
 * (PascalCase or camelCase) where the provider follows its usual rule:
 * "KeyARN" -> "key_arn", "OpenXJsonSerDe" -> "open_x_json_ser_de",
 * "taskRoleArn" -> "task_role_arn".
 */
void lp_render_terraform__snake(lp_buf *out, const char *key);
/*
 * A Terraform resource name for an AWS name: characters outside
 * [A-Za-z0-9_-] become one '_', leading and trailing '_' go, and a name
 * that would not start with a letter or '_' gets a leading '_'.
 */
void lp_render_terraform__ident(lp_buf *out, const char *name);

#endif
