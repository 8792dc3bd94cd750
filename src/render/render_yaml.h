#ifndef LP_RENDER_RENDER_YAML_H
#define LP_RENDER_RENDER_YAML_H

#include <stdint.h>

#include "spec/yaml.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * YAML artifacts (SAM/CloudFormation fragments) are built as an lp_node tree
 * (the same type the loader produces, so a loaded template could be emitted
 * back) and printed with libyaml's emitter, never by hand (design §2).
 *
 * Builders allocate in `a`; the tree lives as long as the arena. Maps keep
 * insertion order, which is the output order.
 */

lp_node *lp_render_yaml_map(lp_arena *a);
lp_node *lp_render_yaml_seq(lp_arena *a);
/* A string scalar; printed quoted when plain text would read back as another type ("123", "true", "null"). */
lp_node *lp_render_yaml_str(lp_arena *a, const char *s);
/* A scalar with an application tag, e.g. ("!Ref", "MyApi") -> `!Ref MyApi`. */
lp_node *lp_render_yaml_tagged(lp_arena *a, const char *tag, const char *s);
lp_node *lp_render_yaml_int(lp_arena *a, int64_t v);
lp_node *lp_render_yaml_bool(lp_arena *a, int v);

/* Appends key: value to `map` and returns `value`. Keys are not checked for duplicates. */
lp_node *lp_render_yaml_set(lp_arena *a, lp_node *map, const char *key, lp_node *value);
/* Appends `value` to `seq` and returns it. */
lp_node *lp_render_yaml_push(lp_arena *a, lp_node *seq, lp_node *value);
/* Shorthands: set a string / tagged string / map / seq under `key`; return the new node. */
lp_node *lp_render_yaml_set_str(lp_arena *a, lp_node *map, const char *key, const char *s);
lp_node *lp_render_yaml_set_map(lp_arena *a, lp_node *map, const char *key);
lp_node *lp_render_yaml_set_seq(lp_arena *a, lp_node *map, const char *key);

/*
 * The lp_node tree of a cJSON value (read/sam_shape.h): a CloudFormation
 * intrinsic in its long form ({"Ref": X}, {"Fn::Sub": S}, {"Fn::GetAtt":
 * [A, B]}) becomes the short tagged scalar (!Ref X, !Sub S, !GetAtt A.B);
 * integers stay integers. Borrows `v`.
 */
struct cJSON;
lp_node *lp_render_yaml_from_json(lp_arena *a, const struct cJSON *v);

/* 1 when `s` written plain would resolve to null, a bool or a number (YAML 1.1 or 1.2). */
int lp_render_yaml_needs_quotes(const char *s);

/*
 * Appends the document to `out`: block style, two-space indent, no line
 * folding, no `---`, a trailing newline. `comment` (may be NULL) is written
 * first, each line prefixed with "# ". Returns -1 with lp_error_set when the
 * emitter refuses the tree or the buffer is over its cap.
 */
int lp_render_yaml_print(lp_buf *out, const lp_node *root, const char *comment);

#endif
