#include "render_ecs.h"

#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "util/error.h"
#include "util/mem.h"

/*
 * ecs/<family>.task-definition.json: a RegisterTaskDefinition input that
 * `aws ecs register-task-definition --cli-input-json` accepts as is. Keys are
 * added in a fixed order and containers are sorted by name, so the bytes do
 * not depend on the order of keys in the spec.
 */

static const char *network_mode_name(lp_network_mode n)
{
	switch (n) {
	case LP_NET_AWSVPC: return "awsvpc";
	case LP_NET_BRIDGE: return "bridge";
	case LP_NET_HOST: return "host";
	}
	LP_BUG("unknown network mode");
}

/* ECS takes task-level cpu and memory as strings (aws-facts §1.7). */
static void add_int_string(cJSON *o, const char *key, int64_t v)
{
	lp_buf b = LP_BUF_INIT;
	lp_buf_printf(&b, "%lld", (long long)v);
	cJSON_AddStringToObject(o, key, b.ptr);
	lp_buf_release(&b);
}

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const lp_kv *)a)->key, ((const lp_kv *)b)->key);
}

/* Sorted by name: ECS stores environment as a set, and sorted output diffs well. */
static void add_environment(cJSON *def, const lp_container *c)
{
	lp_kv *env;
	cJSON *arr;
	size_t i;
	if (!c->nenvironment)
		return;
	env = lp_malloc(c->nenvironment * sizeof(*env));
	memcpy(env, c->environment, c->nenvironment * sizeof(*env));
	qsort(env, c->nenvironment, sizeof(*env), cmp_kv);
	arr = cJSON_AddArrayToObject(def, "environment");
	for (i = 0; i < c->nenvironment; i++) {
		cJSON *kv = cJSON_CreateObject();
		cJSON_AddStringToObject(kv, "name", env[i].key);
		cJSON_AddStringToObject(kv, "value", env[i].value ? env[i].value : "");
		cJSON_AddItemToArray(arr, kv);
	}
	lp_free(env);
}

static cJSON *app_container(const lp_service *s, const lp_container *c)
{
	cJSON *def = cJSON_CreateObject(), *log;
	cJSON_AddStringToObject(def, "name", c->name);
	cJSON_AddStringToObject(def, "image", c->image ? c->image : "");
	cJSON_AddBoolToObject(def, "essential", c->essential);
	if (c->cpu)
		cJSON_AddNumberToObject(def, "cpu", (double)c->cpu);
	if (c->memory)
		cJSON_AddNumberToObject(def, "memory", (double)c->memory);
	if (c->memory_reservation)
		cJSON_AddNumberToObject(def, "memoryReservation", (double)c->memory_reservation);
	if (c->user)
		cJSON_AddStringToObject(def, "user", c->user);
	cJSON_AddBoolToObject(def, "readonlyRootFilesystem", c->readonly_root);
	if (c->port) {
		cJSON *ports = cJSON_AddArrayToObject(def, "portMappings"), *p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "containerPort", (double)c->port);
		cJSON_AddStringToObject(p, "protocol", "tcp");
		cJSON_AddItemToArray(ports, p);
	}
	add_environment(def, c);
	/* In bridge mode ECS does not order the router first by itself (aws-facts §1.1). */
	if (s->network_mode == LP_NET_BRIDGE) {
		cJSON *deps = cJSON_AddArrayToObject(def, "dependsOn"), *dep = cJSON_CreateObject();
		cJSON_AddStringToObject(dep, "containerName", LP_ECS_ROUTER_NAME);
		cJSON_AddStringToObject(dep, "condition", s->router.health_check ? "HEALTHY" : "START");
		cJSON_AddItemToArray(deps, dep);
	}
	/* Bare: every output lives in the generated Fluent Bit configuration. */
	log = cJSON_AddObjectToObject(def, "logConfiguration");
	cJSON_AddStringToObject(log, "logDriver", "awsfirelens");
	return def;
}

/*
 * The FireLens sidecar. It runs as the image's user (root), as the AWS
 * examples do: a non-root FireLens container needs ECS agent 1.96.0 or later
 * on EC2 and is not documented for Fargate (docs/ecs.md).
 */
static cJSON *router_container(const lp_model *m, const lp_service *s, const char *image)
{
	const lp_router_opts *r = &s->router;
	cJSON *def = cJSON_CreateObject(), *fl, *opts, *log;
	cJSON_AddStringToObject(def, "name", LP_ECS_ROUTER_NAME);
	cJSON_AddStringToObject(def, "image", image);
	cJSON_AddBoolToObject(def, "essential", 1);
	/* A hard limit (Config ecs-task-definition-memory-hard-limit); reservation only below it. */
	cJSON_AddNumberToObject(def, "memory", (double)r->memory);
	if (r->memory_reservation && r->memory_reservation < r->memory)
		cJSON_AddNumberToObject(def, "memoryReservation", (double)r->memory_reservation);
	fl = cJSON_AddObjectToObject(def, "firelensConfiguration");
	cJSON_AddStringToObject(fl, "type", "fluentbit");
	opts = cJSON_AddObjectToObject(fl, "options");
	cJSON_AddStringToObject(opts, "enable-ecs-log-metadata", "true");
	if (r->config == LP_ROUTER_CONFIG_S3) {
		lp_buf arn = LP_BUF_INIT;
		lp_buf_printf(&arn, "arn:aws:s3:::%s/%s.fluent-bit.conf", r->config_s3_bucket ? r->config_s3_bucket : "",
			s->family);
		cJSON_AddStringToObject(opts, "config-file-type", "s3");
		cJSON_AddStringToObject(opts, "config-file-value", arn.ptr);
		lp_buf_release(&arn);
	} else {
		cJSON_AddStringToObject(opts, "config-file-type", "file");
		cJSON_AddStringToObject(opts, "config-file-value", s->derived.config_path);
	}
	/* The router's own logs cannot go through itself (Config ecs-task-definition-log-configuration). */
	log = cJSON_AddObjectToObject(def, "logConfiguration");
	cJSON_AddStringToObject(log, "logDriver", "awslogs");
	opts = cJSON_AddObjectToObject(log, "options");
	cJSON_AddStringToObject(opts, "awslogs-group", s->derived.router_log_group);
	cJSON_AddStringToObject(opts, "awslogs-region", m->region);
	cJSON_AddStringToObject(opts, "awslogs-create-group", "true");
	cJSON_AddStringToObject(opts, "awslogs-stream-prefix", "firelens");
	/* The uptime check AWS recommends; it needs HTTP_Server On in the configuration. */
	if (r->health_check) {
		cJSON *hc = cJSON_AddObjectToObject(def, "healthCheck"), *cmd = cJSON_AddArrayToObject(hc, "command");
		cJSON_AddItemToArray(cmd, cJSON_CreateString("CMD-SHELL"));
		cJSON_AddItemToArray(cmd, cJSON_CreateString("curl -f http://127.0.0.1:2020/api/v1/uptime || exit 1"));
		cJSON_AddNumberToObject(hc, "interval", 10);
		cJSON_AddNumberToObject(hc, "timeout", 5);
		cJSON_AddNumberToObject(hc, "retries", 2);
		cJSON_AddNumberToObject(hc, "startPeriod", 30);
	}
	return def;
}

int lp_render_taskdef_json(cJSON **out, const lp_model *m, const lp_service *s, const char *router_image, lp_diag *d)
{
	cJSON *root = cJSON_CreateObject(), *defs, *compat;
	const lp_container **cs = s->derived.by_name;
	size_t i;
	(void)d;
	cJSON_AddStringToObject(root, "family", s->family);
	if (s->task_role)
		cJSON_AddStringToObject(root, "taskRoleArn", s->task_role);
	if (s->execution_role)
		cJSON_AddStringToObject(root, "executionRoleArn", s->execution_role);
	cJSON_AddStringToObject(root, "networkMode", network_mode_name(s->network_mode));
	compat = cJSON_AddArrayToObject(root, "requiresCompatibilities");
	cJSON_AddItemToArray(compat, cJSON_CreateString(s->launch_type == LP_LAUNCH_FARGATE ? "FARGATE" : "EC2"));
	if (s->cpu)
		add_int_string(root, "cpu", s->cpu);
	if (s->memory)
		add_int_string(root, "memory", s->memory);
	defs = cJSON_AddArrayToObject(root, "containerDefinitions");
	cJSON_AddItemToArray(defs, router_container(m, s, router_image));
	for (i = 0; i < s->ncontainers; i++)
		cJSON_AddItemToArray(defs, app_container(s, cs[i]));
	*out = root;
	return 0;
}

int lp_render_taskdef(lp_buf *out, const lp_model *m, const lp_service *s, const char *router_image, lp_diag *d)
{
	cJSON *root;
	int error;
	if ((error = lp_render_taskdef_json(&root, m, s, router_image, d)) < 0)
		return error;
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	return error;
}
