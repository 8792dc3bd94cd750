#ifndef LP_ARTIFACT_OUTPUT_H
#define LP_ARTIFACT_OUTPUT_H

#include "artifact/artifact.h"

/*
 * The output directory, replaced as a whole (docs/security.md, "Output
 * atomicity"). A build stages every new file in `<dir>/.logpipe-staging-*`,
 * writes a journal there, then moves files in and out by rename; a marker
 * file commits. Whatever fails or kills it, the next logpipe to open the
 * directory rolls the journal back (no marker) or finishes it (marker), so
 * the directory holds the complete previous output or the complete new one.
 * Files logpipe did not write are left alone. One build at a time holds
 * `<dir>/.logpipe-build.lock` (flock, with the holder's pid); a second one
 * fails at once rather than waiting.
 */

#define LP_OUTPUT_STAGING_PREFIX ".logpipe-staging-"
#define LP_OUTPUT_BUILD_LOCK ".logpipe-build.lock"

typedef struct lp_output lp_output;

/*
 * Claims `dir` for a build: when it exists, takes its build lock and rolls
 * back or finishes what an interrupted build left in it. A directory that
 * does not exist yet is neither created nor locked until lp_output_commit.
 * Fails (LP_ERROR, class IO) naming the holder's pid when another build holds
 * the lock. Caller owns *out; free with lp_output_close.
 */
int lp_output_open(lp_output **out, const char *dir);

/*
 * Replaces what the previous lock lists under the claimed directory with
 * `set`, as one transaction. Anything in the way (a directory named like a
 * generated file, a folder that cannot be written, another file system) is
 * refused before anything live changes; a failure while files move is rolled
 * back before returning. Files listed in the previous lock but no longer
 * generated are removed when they still hold what logpipe wrote.
 */
int lp_output_commit(lp_output *o, const lp_artifact_set *set);

/* What opening found and repaired: interrupted builds rolled back, finished, and bare staging cleared. */
void lp_output_recovered(const lp_output *o, size_t *rolled_back, size_t *finished, size_t *cleared);

/* Releases the lock and frees `o`; NULL is a no-op. */
void lp_output_close(lp_output *o);

/* lp_output_open, lp_output_commit and lp_output_close in one call. */
int lp_output_write(const char *dir, const lp_artifact_set *set);

/*
 * Without writing anything: appends one line to `report` per interrupted
 * build left in `dir` and for a build running there now; *n receives the
 * count. A directory in that state is not "up to date" whatever it holds.
 */
int lp_output_pending(size_t *n, lp_buf *report, const char *dir);

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
