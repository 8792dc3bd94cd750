#ifndef LP_READ_EDIT_H
#define LP_READ_EDIT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "spec/yaml.h"
#include "util/edits.h"

/*
 * Minimal edits to a YAML or JSON document through the byte spans of its
 * positioned tree (spec/yaml.h): set a scalar, insert a key into a block or
 * flow mapping (or a JSON object) at its indentation, append to a sequence.
 * Nothing outside the edited bytes changes, so comments, key order, quoting,
 * flow/block style, line endings and the BOM stay as written.
 *
 * Values to write are cJSON trees. An object that is a CloudFormation
 * intrinsic ({"Ref": X}, {"Fn::GetAtt": [A, B]}, {"Fn::Sub": S}) is written
 * in the short form (!Ref X, !GetAtt A.B, !Sub 'S') in YAML and as is in JSON.
 */

typedef struct lp_edit_doc {
	const char *text;
	size_t len;
	int json;          /* the text is JSON: keys quoted, JSON values, its own indentation */
	const char *eol;   /* "\n" or "\r\n", as the file ends its lines */
	unsigned unit;     /* indentation step of the file (2 when it cannot tell) */
} lp_edit_doc;

/* Looks at the text once: JSON or YAML, line endings, indentation step. Borrows `text`. */
void lp_edit_doc_init(lp_edit_doc *d, const char *text, size_t len);

/* A fix that cannot be made by an edit without guessing (an anchor, an alias or !If in the way). */
#define LP_EDIT_REFUSED 1

/*
 * Makes `path` (dot-separated keys, matched case-insensitively; a new key
 * takes the capitalisation of its siblings) under `map` hold `value`: a scalar
 * already there is replaced, missing keys are inserted with their nested
 * maps. 0 with the edits appended to `out`; LP_EDIT_REFUSED when the path
 * crosses an anchor, an alias, an intrinsic or a non-map; `why` (may be NULL)
 * then says what was in the way (static).
 */
int lp_edit_set(lp_edits *out, const lp_edit_doc *d, const lp_node *map, const char *path, const cJSON *value,
	const char **why);

/*
 * Inserts `key: value` into `map` (which must not hold `key`): after its last
 * entry, or, when `before` names one of its keys, on the line above that key
 * (and above the comments just above it).
 */
int lp_edit_insert(lp_edits *out, const lp_edit_doc *d, const lp_node *map, const char *key, const cJSON *value,
	const char *before, const char **why);

/* Appends `value` as the last item of `seq`. */
int lp_edit_append(lp_edits *out, const lp_edit_doc *d, const lp_node *seq, const cJSON *value, const char **why);

/* Replaces the whole value `node` (a scalar or a collection) by `value`, written in the node's style. */
int lp_edit_replace(lp_edits *out, const lp_edit_doc *d, const lp_node *node, const cJSON *value, const char **why);

/*
 * Appends `value` written as YAML (block style, every line but the first
 * indented by `indent` spaces) or JSON to `out`: for help texts that show
 * an edit.
 */
void lp_edit_render(lp_buf *out, const lp_edit_doc *d, const cJSON *value, unsigned indent);

/* The value of a positioned node as cJSON (a !Ref/!GetAtt/!Sub tag becomes its long form). Caller frees with cJSON_Delete. */
cJSON *lp_edit_json_of(const lp_node *n);

#endif
