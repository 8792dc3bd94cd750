#ifndef LP_DIAG_SARIF_H
#define LP_DIAG_SARIF_H

#include <stddef.h>

#include "diag/diag.h"
#include "util/buf.h"

/*
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers. The
 * rule descriptions come from the caller (the lint catalog) so this layer
 * knows nothing about where rules are defined.
 */
typedef struct lp_sarif_rule {
	const char *id;
	const char *name;          /* short PascalCase-free title; may be NULL */
	const char *short_desc;    /* one line */
	const char *full_desc;     /* may be NULL */
	const char *help_uri;      /* may be NULL */
	const char *help;          /* remediation text; may be NULL */
	lp_severity level;
	const char *config_rule;   /* AWS Config rule name, added to properties.tags; may be NULL */
} lp_sarif_rule;

/*
 * Writes one SARIF log with a single run. Findings whose rule is not in
 * `rules` are still reported (without ruleIndex). Suppressed findings carry a
 * suppression: kind "inSource" when the justification came from the file
 * itself (comments, CloudFormation Metadata), "external" otherwise
 * (lint.ignore); `in_source` decides. Artifact URIs are the finding's file
 * names as given, percent-encoded (relative paths stay relative; absolute
 * ones become file:// URIs).
 */
typedef int (*lp_sarif_in_source_fn)(const lp_diag_entry *e, void *payload);

int lp_diag_print_sarif(lp_buf *out, lp_diag *d, const lp_sarif_rule *rules, size_t nrules,
	lp_sarif_in_source_fn in_source, void *payload);

#endif
