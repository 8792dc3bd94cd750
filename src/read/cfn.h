#ifndef LP_READ_CFN_H
#define LP_READ_CFN_H

#include <stddef.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * CloudFormation template helpers over the positioned YAML/JSON tree: one view
 * of intrinsic functions whichever way they are written (`!Ref X`,
 * `{"Ref": "X"}`, `!GetAtt A.B`, `{"Fn::GetAtt": ["A", "B"]}`, ...), and the
 * expansion of AWS::LanguageExtensions `Fn::ForEach` loops.
 */

/* An intrinsic call: the function without "Fn::" or "!" ("Ref", "GetAtt", "Sub", ...) and its argument. */
typedef struct lp_cfn_call {
	const char *fn;
	const lp_node *arg; /* for the tag form, the tagged node itself */
} lp_cfn_call;

/* 1 and *out filled when `v` is an intrinsic call in either spelling; else 0. */
int lp_cfn_call_of(lp_cfn_call *out, const lp_node *v);

/*
 * Appends `v` as a person reads it, the same for JSON and YAML: a plain
 * scalar as is, `!Ref ServiceName`, `!GetAtt Fn.Arn`, `!Sub ${AWS::StackName}-app`,
 * `!ImportValue shared-arn`, `!If [...]` for the rest; "?" for a collection.
 */
void lp_cfn_display(lp_buf *out, const lp_node *v);

/*
 * The logical id `v` points at through Ref, GetAtt or a Sub string that is
 * exactly "${Id}" or "${Id.Attr}"; NULL when it names no single resource or
 * parameter. Borrowed from the tree (or interned in `a` for GetAtt/Sub forms).
 */
const char *lp_cfn_target(lp_arena *a, const lp_node *v);

/* Limits of Fn::ForEach expansion; past them a loop is left as written and reported. */
#define LP_CFN_FOREACH_MAX_OUTPUTS 10000 /* generated keys in one template */
#define LP_CFN_FOREACH_MAX_DEPTH 8       /* loops inside loops */

/*
 * Returns `root` with every `Fn::ForEach::<Name>` under Resources expanded
 * (nested loops and loops inside a resource's Properties included):
 * `${Id}` and `&{Id}` are replaced in keys and string values, `!Ref Id` by the
 * value. Generated nodes keep the spans of the loop body they come from, so a
 * finding points at the loop. A collection given as `!Ref Param` uses the
 * CommaDelimitedList parameter's Default. A loop that cannot be expanded (a
 * malformed loop, a collection only known at deploy time, too many outputs)
 * is dropped from the result with an LP-CFN-FOREACH note (`d` may be NULL).
 * Returns `root` itself when there is nothing to expand; else a copy in `a`
 * that shares unchanged subtrees with `root`.
 */
const lp_node *lp_cfn_expand(lp_arena *a, const lp_node *root, lp_diag *d);

#endif
