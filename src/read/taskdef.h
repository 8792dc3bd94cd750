#ifndef LP_READ_TASKDEF_H
#define LP_READ_TASKDEF_H

#include <stddef.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"

/*
 * ECS task definitions in every shape users keep them, normalised to one
 * view:
 *
 *   REGISTER   RegisterTaskDefinition input: {"family", "containerDefinitions": [...]}
 *              (also DescribeTaskDefinition's inner object saved on its own)
 *   DESCRIBE   DescribeTaskDefinition / RegisterTaskDefinition output:
 *              {"taskDefinition": {...}, "tags": [...]}
 *   SKELETON   `aws ecs register-task-definition --generate-cli-skeleton` output
 *              that was never filled in (every string empty)
 *   CFN        AWS::ECS::TaskDefinition resources of a CloudFormation template,
 *              JSON or YAML ("ContainerDefinitions", "Name", ...)
 *
 * Keys are matched case-insensitively, so the API and CloudFormation
 * spellings read the same. Node pointers are borrowed from the tree; arrays
 * live in the arena passed in. Every definition and container carries its
 * span (line/column) and byte range in the text it was read from.
 */

typedef enum {
	LP_TASKDEF_REGISTER,
	LP_TASKDEF_DESCRIBE,
	LP_TASKDEF_SKELETON,
	LP_TASKDEF_CFN,
} lp_taskdef_shape;

typedef struct lp_taskdef_bytes {
	size_t start, end; /* [start, end) in the text; 0, 0 when unknown */
} lp_taskdef_bytes;

typedef struct lp_taskdef_container {
	const lp_node *node;   /* the container map */
	const lp_node *name;   /* its name value (maybe an intrinsic), or NULL */
	lp_span span;
	lp_taskdef_bytes bytes;
} lp_taskdef_container;

typedef struct lp_taskdef {
	lp_taskdef_shape shape;
	const char *logical_id;  /* CFN: the resource's logical id; else NULL */
	const lp_node *body;     /* the definition itself: what rules read */
	const lp_node *family;   /* family value, or NULL */
	lp_taskdef_container *containers;
	size_t ncontainers;
	lp_span span;            /* of body (CFN: of the logical id) */
	lp_taskdef_bytes bytes;
} lp_taskdef;

typedef struct lp_taskdef_set {
	lp_taskdef *v;
	size_t n;
} lp_taskdef_set;

/*
 * Reads every task definition in the document `root` (the text `text` of
 * `len` bytes gives the byte ranges; it may be NULL). An empty set means the
 * document holds none. Never fails.
 */
void lp_taskdef_read(lp_taskdef_set *out, lp_arena *a, const lp_node *root, const char *text, size_t len);

/* 1 when the document is one of the non-CFN shapes (what lint's kind detection asks). */
int lp_taskdef_is_api_shape(const lp_node *root);

/* The shape's name as users say it ("DescribeTaskDefinition output", ...). Static. */
const char *lp_taskdef_shape_name(lp_taskdef_shape s);

#endif
