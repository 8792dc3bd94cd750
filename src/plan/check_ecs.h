#ifndef LP_PLAN_CHECK_ECS_H
#define LP_PLAN_CHECK_ECS_H

#include <stdint.h>

#include "diag/diag.h"
#include "spec/model.h"

/* Name of the FireLens sidecar logpipe adds; a user container may not use it. */
#define LP_ECS_ROUTER_NAME "log_router"

/*
 * Checks on `services:` that the schema cannot express, each a positioned
 * finding in `d` (docs/ecs.md lists them). Runs after the planner derived
 * names; renderers may assume a model without ECS errors. Returns 0: findings
 * are not failures.
 */
int lp_check_ecs(const lp_model *m, lp_diag *d);

/* 1 when (cpu, memory) is a Fargate task size (aws-facts §1.7). */
int lp_check_ecs_fargate_size(int64_t cpu, int64_t memory);

#endif
