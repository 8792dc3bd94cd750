#ifndef LP_ARTIFACT_OUTPUT_H
#define LP_ARTIFACT_OUTPUT_H

#include "artifact/artifact.h"

/*
 * Writes every artifact under `dir` as one unit: all files are first written
 * into a staging directory inside `dir`, and only when every write succeeded
 * are they renamed into place. Files listed in the previous lock file but no
 * longer generated are removed; nothing else in `dir` is touched.
 */
int lp_output_write(const char *dir, const lp_artifact_set *set);

/*
 * Compares `set` with the files under `dir` without writing anything. Appends
 * one line per differing, missing or stale file to `report`; *ndiff receives
 * the count. A file that no longer matches the hash the previous lock
 * recorded for it is reported as edited rather than out of date.
 */
int lp_output_compare(size_t *ndiff, lp_buf *report, const char *dir, const lp_artifact_set *set);

/*
 * The report line of a generated file at `path` whose bytes `data` (NULL:
 * unreadable) differ from what the spec generates: "edited: ..." when they no
 * longer match `locked`, the hash the lock recorded for it, else "differs: ...".
 */
struct cJSON;
void lp_output_drift_line(lp_buf *report, const char *path, const lp_buf *data, const struct cJSON *locked);

#endif
