#ifndef LP_LINT_CHECKS_H
#define LP_LINT_CHECKS_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/flb.h"
#include "spec/yaml.h"

/*
 * Checks implemented in C over the text formats (Athena DDL, Fluent Bit
 * classic config) and across artifacts. Each finding carries a rule id from
 * lp_check_rules, whose severity it uses unless a check says otherwise.
 */

typedef struct lp_check_rule {
	const char *id;
	lp_severity severity;
	const char *kinds;       /* the document kinds it reads, e.g. "athena-ddl" or "fluent-bit,firehose" */
	const char *title;
	const char *description; /* what and why */
	const char *remediation;
	const char *docs;        /* documentation URL, or NULL */
} lp_check_rule;

/* Terminated by an entry whose id is NULL. Static storage. */
extern const lp_check_rule lp_check_rules[];
/* What build reports about the spec itself (spec_rules.c); same shape, same terminator. */
extern const lp_check_rule lp_spec_rules[];
/* NULL when `id` is not a C-implemented rule. */
const lp_check_rule *lp_check_rule_find(const char *id);

/*
 * Athena DDL, one file: identifiers, EXTERNAL, partition projection, RegexSerDe.
 * `text` is the file's, as lp_ddl_parse read it (NULL: none): findings inside
 * input.regex are placed at their column in the literal through it.
 * lp_check_ddl takes the text from the sources of `d`, so give it the sink
 * lp_ddl_parse registered the file in.
 */
void lp_check_ddl(const lp_ddl_file *f, lp_diag *d);
void lp_check_ddl_text(const lp_ddl_file *f, const char *text, size_t len, lp_diag *d);
void lp_check_ddl_table(const lp_ddl_table *t, const char *text, size_t len, lp_diag *d);
/*
 * Attaches their fix to the findings from entry `from` on that a load
 * balancer table's regex cannot read its log (LP-ATHENA-REGEX-GROUPS,
 * LP-ALB-APPENDED-FIELDS, LP-SOURCE-DOC-LINE): logpipe's columns and regex for
 * the log, with the table's name, LOCATION, partitions and TBLPROPERTIES as
 * written. `text` is the file's.
 */
void lp_check_ddl_fix(const lp_ddl_file *f, const char *text, size_t len, size_t from, lp_diag *d);

/*
 * A Glue table (the TableInput object of a CreateTable input or of an
 * AWS::Glue::Table resource): partition keys repeating columns, and the
 * same projection and template rules as DDL.
 */
void lp_check_glue_table(const lp_node *table_input, lp_diag *d);

/*
 * Fluent Bit, one configuration (with its includes): outputs and inputs.
 * `firelens` is lp_lint_doc.firelens: the FireLens-only rules run when it is 1.
 */
void lp_check_flb(const lp_flb_conf *c, int firelens, lp_diag *d);
/* Whether `rule` is one lp_check_flb reports only when `firelens` is 1. */
int lp_check_flb_firelens_only(const char *rule);

/*
 * Plug-ins for the lint engine's lp_lint_checks[] (lint.h), each over the
 * documents of its ctx. The engine runs these per document, in the per-file
 * phase: `ddl` the DDL it parsed (doc->parsed); `glue` the Glue tables of
 * GLUE_JSON documents and the AWS::Glue::Table resources of templates;
 * `flb` each Fluent Bit conf as if it were FireLens's, and `flb_keep` drops
 * what only FireLens's has once the run has decided the conf's role. It
 * runs `xart` once over the run: it joins the facts (lp_lint_facts) of
 * Firehose, Glue (API JSON and CloudFormation), DDL, log-group and Fluent
 * Bit documents and the spec's real-time budget.
 */
struct lp_lint_ctx;
struct lp_lint_doc;
void lp_check_ddl_docs(const struct lp_lint_ctx *ctx, lp_diag *d);
void lp_check_glue_docs(const struct lp_lint_ctx *ctx, lp_diag *d);
void lp_check_flb_docs(const struct lp_lint_ctx *ctx, lp_diag *d);
int lp_check_flb_keep(const struct lp_lint_doc *doc, const lp_diag_entry *e);
void lp_check_xart_docs(const struct lp_lint_ctx *ctx, lp_diag *d);
/* Subscription filters to Lambda and the Athena CloudWatch connector in templates (the seed's rejected routes). */
void lp_check_routes_docs(const struct lp_lint_ctx *ctx, lp_diag *d);

/* Reports a finding under `rule` at the rule's severity (semi-private, for check_*.c). */
void lp_check__report(lp_diag *d, const char *rule, const lp_span *sp, const char *help, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
