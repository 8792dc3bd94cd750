#ifndef LP_UTIL_JSON_H
#define LP_UTIL_JSON_H

#include <cjson/cJSON.h>

#include "buf.h"

/*
 * The one JSON printer: two-space indent, members in insertion order, a
 * trailing newline, and strings escaped so every consumer reads them back
 * verbatim (control characters, DEL, C1, U+2028/9 as \uXXXX). Artifacts,
 * diagnostics and SARIF all print through it, so they look alike and diff well.
 * Returns -1 when `out` hit its size cap.
 */
int lp_json_print(lp_buf *out, const cJSON *root);

/*
 * The same layout written piece by piece, for a document too large to hold
 * as one tree: each subtree can be printed as soon as it is complete and
 * freed. `depth` is the nesting level of the value printed or closed (the
 * root's is 0), or of the object a key is put into.
 *
 * lp_json_print_at: `v` as it reads at `depth` (members indented by
 * 2 * (depth + 1) spaces, the closing bracket by 2 * depth), with no indent
 * before it or newline after it, so it can follow a key. Returns -1 when
 * `out` hit its size cap.
 * lp_json_print_key: in an object at `depth` whose '{' is written, the
 * separator (none before the `first` member), the indent and "key": ; the
 * member's value follows.
 * lp_json_print_close: after the last member of a non-empty object or array
 * at `depth`, its closing `bracket` on a line of its own.
 */
int lp_json_print_at(lp_buf *out, const cJSON *v, int depth);
void lp_json_print_key(lp_buf *out, int first, int depth, const char *key);
void lp_json_print_close(lp_buf *out, int depth, char bracket);

#endif
