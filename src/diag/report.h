#ifndef LP_DIAG_REPORT_H
#define LP_DIAG_REPORT_H

#include <stddef.h>

#include "diag/diag.h"
#include "util/buf.h"

/*
 * What the machine-readable reports for CI (SARIF, GitLab Code Quality,
 * JUnit) share: paths relative to one source root, whatever directory
 * logpipe ran in, and fingerprints that follow a finding when lines above it
 * move.
 */
typedef struct lp_report_opts {
	int version;
	/* %SRCROOT%: absolute, '/'-terminated (the git work tree, else the current directory); NULL = paths as given */
	const char *root;
	/* the current directory: absolute, '/'-terminated; relative file names are read from here */
	const char *cwd;
	/* SARIF: at most this many results (0 = LP_REPORT_MAX_RESULTS) */
	size_t max_results;
	/* SARIF runAutomationDetails.id ("logpipe/lint/"); may be NULL */
	const char *automation_id;
	/* SARIF tool.driver.informationUri; may be NULL */
	const char *information_uri;
	/* out: results the SARIF printer left out because of max_results */
	size_t omitted;
} lp_report_opts;

#define LP_REPORT_OPTS_VERSION 1
#define LP_REPORT_OPTS_INIT { LP_REPORT_OPTS_VERSION, NULL, NULL, 0, NULL, NULL, 0 }
/* GitHub code scanning refuses a run with more results than this. */
#define LP_REPORT_MAX_RESULTS 25000

/*
 * `file` as a path relative to o->root with "." and ".." segments and
 * repeated slashes resolved ("infra/../infra/ecs/x.json" -> "infra/ecs/x.json").
 * Returns 1 when the file is under the root; 0 when it is not (or there is no
 * root), and then `out` holds the normalised path (absolute when it can be).
 */
int lp_report_path(lp_buf *out, const lp_report_opts *o, const char *file);

/* A finding's fingerprint: 32 hex digits, ':' and the occurrence number. */
typedef struct lp_report_fingerprint {
	char s[48];
} lp_report_fingerprint;

/*
 * Fingerprints for every entry of `d` (sorts it first), index for index:
 * a hash of the rule, the root-relative path, the logical target and the
 * text of the finding's first line with surrounding blanks dropped (the
 * message where there is no source or the line is very long), and the
 * count of earlier entries with the same hash. Line numbers are not part of it, so inserting lines above a
 * finding keeps its fingerprint. Caller owns; free with lp_free.
 */
lp_report_fingerprint *lp_report_fingerprints(lp_diag *d, const lp_report_opts *o);

/* GitLab Code Quality (a JSON array of issues). Suppressed findings are left out. */
int lp_diag_print_gitlab(lp_buf *out, lp_diag *d, const lp_report_opts *o);
/*
 * JUnit XML: one testsuite per file, one testcase per finding (a failure
 * for errors and warnings, skipped for notes and suppressed ones), and a
 * passing "lint" testcase for a run with no findings.
 */
int lp_diag_print_junit(lp_buf *out, lp_diag *d, const lp_report_opts *o);

#endif
