#ifndef LP_DIAG_SARIF_H
#define LP_DIAG_SARIF_H

#include <stddef.h>

#include "diag/diag.h"
#include "diag/report.h"
#include "util/buf.h"

/*
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers. The
 * rule descriptions come from the caller (the lint catalog) so this layer
 * knows nothing about where rules are defined.
 */
typedef struct lp_sarif_rule {
	const char *id;
	const char *name;          /* PascalCase identifier ("EcsContainersNonprivileged"); may be NULL */
	const char *short_desc;    /* one line */
	const char *full_desc;     /* may be NULL */
	const char *help_uri;      /* may be NULL */
	const char *help;          /* remediation text; may be NULL */
	const char *help_markdown; /* the same help in Markdown (GitHub shows it); may be NULL */
	const char *security_severity; /* "0.0".."10.0" for security rules (GitHub's security-severity); may be NULL */
	lp_severity level;
	const char *config_rule;   /* AWS Config rule name, added to properties.tags; may be NULL */
} lp_sarif_rule;

/*
 * Writes one SARIF log with a single run. Findings whose rule is not in
 * `rules` are still reported (without ruleIndex). Suppressed findings carry a
 * suppression: kind "inSource" when the justification came from the file
 * itself (comments, CloudFormation Metadata), "external" otherwise
 * (lint.ignore); `in_source` decides.
 *
 * Artifact URIs are percent-encoded paths relative to o->root under the
 * uriBaseId %SRCROOT% (declared in originalUriBaseIds), normalised; files
 * outside the root get absolute file:// URIs. Every result carries
 * partialFingerprints.primaryLocationLineHash (lp_report_fingerprints). At
 * most o->max_results results are written (errors first, then warnings,
 * notes and suppressed findings); o->omitted says how many were left out,
 * and the run then says so in a tool notification and executionSuccessful
 * false.
 */
typedef int (*lp_sarif_in_source_fn)(const lp_diag_entry *e, void *payload);

int lp_diag_print_sarif(lp_buf *out, lp_diag *d, const lp_sarif_rule *rules, size_t nrules, lp_report_opts *o,
	lp_sarif_in_source_fn in_source, void *payload);

#endif
