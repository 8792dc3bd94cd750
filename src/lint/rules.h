#ifndef LP_LINT_RULES_H
#define LP_LINT_RULES_H

#include <stddef.h>

#include "diag/diag.h"
#include "lint/kind.h"
#include "spec/yaml.h"
#include "util/arena.h"

/*
 * Rules as data (the rules/ YAML files, schemas/rule.schema.json). A rule names the
 * resources it reads (an API input shape or a CloudFormation type), an
 * optional `for_each` path, an optional `when` condition and an `assert`
 * condition; a finding is reported where `assert` is definitely false.
 *
 * Conditions are interpreted straight from the rule's YAML tree:
 *   {all: [c...]} {any: [c...]} {not: c} {param_set: Name}
 *   {path: P, exists: bool} {path: P, count: {min: N, max: N}}
 *   {path: P, some: c} {path: P, every: c}
 *   {path: P, equals: V} {path: P, in: [V...]} {path: P, matches: RE}
 *   {path: P, min: N} {path: P, max: N}   (+ optional: true)
 * P is dot-separated, `*` matches every map value or list item, `"a.b"`
 * quotes a key with dots, a leading `/` starts at the resource root, and keys
 * match case-insensitively so one rule covers API JSON and CloudFormation.
 * A value of the form {param: Name} reads a rule parameter (CSV for `in`).
 * Values that are CloudFormation intrinsics (!Ref, Fn::Sub, ...) are unknown:
 * a condition that depends on them never produces a finding.
 */

typedef struct lp_rule_param {
	const char *name;
	const char *def;         /* Config's default as text; NULL when Config has none */
	const char *description;
} lp_rule_param;

typedef struct lp_rule_resource {
	lp_lint_kind kind;       /* API shape (TASKDEF_JSON, ...) or CFN_TEMPLATE with cfn_type */
	const char *cfn_type;    /* "AWS::ECS::TaskDefinition" when kind == CFN_TEMPLATE */
	const char *each;        /* path to the resource objects inside the document, or NULL (the root) */
} lp_rule_resource;

typedef struct lp_rule {
	const char *id;
	const char *title;
	const char *description;    /* what and why */
	lp_severity severity;
	const char *config_identifier; /* "ECS_TASK_DEFINITION_MEMORY_HARD_LIMIT" or NULL */
	const char *config_name;    /* "ecs-task-definition-memory-hard-limit" or NULL */
	const char *config_discontinued; /* date Config discontinued the rule ("2026-04-03"), or NULL */
	const char *config_note;    /* why logpipe keeps or changes the check, or NULL */
	const char *guard_note;     /* where the Guard registry differs from Config, or NULL */
	/* CVSS-style score "0.0".."10.0" for rules about security (SARIF security-severity), or NULL */
	const char *security_severity;
	const char *cfn_nag;        /* cfn_nag rule id (e.g. "W84") or NULL */
	const char *message;        /* template: {Key} of the item, {value}, {param:Name}, {resource} */
	const char *remediation;
	const char *help_uri;
	const char *example;        /* a compliant snippet for `explain`, or NULL */
	lp_rule_param *params;
	size_t nparams;
	lp_rule_resource *resources;
	size_t nresources;
	const char *for_each;
	const lp_node *when;        /* NULL: always */
	const lp_node *assert_;
	/*
	 * How a finding is fixed, or NULL: {set: PATH, value: V | {param: Name},
	 * round_up: [N...], when: cond, describe: text} is an edit at PATH of the
	 * resource (of the for_each item); {manual: steps} is a fix only a person
	 * can make. With `when`, a finding where it does not hold is manual.
	 */
	const lp_node *fix;
	const lp_node *tests;       /* sequence of {name, pass|fail, count, config, differs} or NULL; `config`
	                               is Config's verdict on the example (COMPLIANT, NON_COMPLIANT,
	                               NOT_EVALUATED) and `differs` says why it is not logpipe's */
	const char *source;         /* "rules/ecs.yaml" */
	lp_span span;
} lp_rule;

typedef struct lp_ruleset lp_ruleset;

/*
 * The rules of every embedded rule file (rules/NAME.yaml). A malformed rule file is an
 * internal error (-1, lp_error_set) since the rules ship with the binary. *out is
 * loaded once per process, shared by every caller (threads too) and never
 * changes; lp_ruleset_free on it does nothing, so callers free it as any ruleset.
 */
int lp_ruleset_load(lp_ruleset **out);
/* Loads rules from one text (tests, fuzzing). Problems go to `d`; returns 0. */
int lp_ruleset_load_text(lp_ruleset **out, const char *name, const char *text, size_t len, lp_diag *d);
void lp_ruleset_free(lp_ruleset *rs);

size_t lp_ruleset_count(const lp_ruleset *rs);
/* Borrowed; valid while `rs` lives. */
const lp_rule *lp_ruleset_get(const lp_ruleset *rs, size_t i);
/* By LP id, Config rule name or Config identifier (case-insensitive); NULL if none. */
const lp_rule *lp_ruleset_find(const lp_ruleset *rs, const char *id);

/* Parameter lookup used while evaluating: the override or NULL to use the default. */
typedef const char *(*lp_rule_param_fn)(void *payload, const lp_rule *r, const char *key);

/* The effective parameter value: the override from `pf`, else the rule's default, else NULL. Borrowed. */
const char *lp_rule_param_value(const lp_rule *r, const char *key, lp_rule_param_fn pf, void *payload);

/*
 * Evaluates `r` on one resource object `root` and reports into `d`.
 * `target` (may be NULL) is the logical name of the resource, e.g. the
 * CloudFormation logical id; `fallback` positions findings that have no
 * better node. Returns the number of findings.
 */
size_t lp_rule_apply(const lp_rule *r, const lp_node *root, const char *target, const lp_span *fallback,
	lp_rule_param_fn pf, void *payload, lp_diag *d);

/*
 * lp_rule_apply, and `hit` is called with every finding it adds (the
 * resource object `root`, the item that failed and the new entry) so a caller
 * can attach a fix to it.
 */
typedef void (*lp_rule_hit_fn)(void *hit_payload, const lp_rule *r, const lp_node *root, const lp_node *item,
	lp_diag_entry *e, lp_diag *d);
size_t lp_rule_apply_hook(const lp_rule *r, const lp_node *root, const char *target, const lp_span *fallback,
	lp_rule_param_fn pf, void *payload, lp_rule_hit_fn hit, void *hit_payload, lp_diag *d);

/* 1 when condition `cond` (in the rule language) is definitely true of `item` under `root`. */
int lp_rule_holds(const lp_rule *r, const lp_node *cond, const lp_node *root, const lp_node *item,
	lp_rule_param_fn pf, void *payload);

/*
 * One row of `logpipe rules`: a data rule or a rule implemented in C (Athena
 * DDL, Fluent Bit, cross-artifact, engine). Strings are borrowed from the
 * ruleset or static storage.
 */
typedef struct lp_rule_info {
	const char *id, *title, *description, *remediation, *help_uri;
	const char *config_name, *config_identifier, *guard_note, *example;
	const char *security_severity; /* NULL unless the rule is about security */
	const char *config_discontinued, *config_note;
	lp_severity severity;
	char kinds[160];       /* "taskdef,AWS::ECS::TaskDefinition" */
	const lp_rule *data;   /* NULL for C rules */
	const char *fix;       /* "edit", "manual" or NULL: what `logpipe fix` can do about a finding */
	const char *fix_text;  /* how, in one line (for explain), or NULL */
} lp_rule_info;

/* Every rule sorted by id. Caller frees *out with lp_free; entries borrow from `rs`. */
size_t lp_rules_catalog(lp_rule_info **out, const lp_ruleset *rs);
/* By LP id, Config name or identifier; NULL if none. */
const lp_rule_info *lp_rules_catalog_find(const lp_rule_info *v, size_t n, const char *id);

/* 1 when `n` is a CloudFormation intrinsic (a !Tag or a single-key Ref/Fn:: map). */
int lp_rule_is_intrinsic(const lp_node *n);

#endif
