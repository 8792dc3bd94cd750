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

#endif
