#ifndef LP_LINT_KIND_H
#define LP_LINT_KIND_H

/*
 * The kinds of file lint reads. Apart from the engine (lint.h) so that the
 * rules loader, which names a kind per rule, does not depend on the engine
 * that runs it.
 */

typedef enum {
	LP_LINT_UNKNOWN = 0,
	LP_LINT_TASKDEF_JSON,   /* ECS RegisterTaskDefinition input (containerDefinitions) */
	LP_LINT_CFN_TEMPLATE,   /* CloudFormation / SAM, YAML or JSON */
	LP_LINT_FIREHOSE_JSON,  /* CreateDeliveryStream input */
	LP_LINT_GLUE_JSON,      /* Glue CreateTable input */
	LP_LINT_ATHENA_DDL,     /* CREATE EXTERNAL TABLE ... */
	LP_LINT_FLUENTBIT_CONF, /* Fluent Bit classic config */
	LP_LINT_LOGGROUPS_JSON, /* a {"LogGroups": [...]} list (the generated cloudwatch/log-groups.json is a CFN template) */
	LP_LINT_KIND__COUNT
} lp_lint_kind;

/* "taskdef", "cfn", "firehose", "glue", "ddl", "fluent-bit", "log-groups", "unknown". */
const char *lp_lint_kind_name(lp_lint_kind k);
/* Parses a --kind value (the names above); -1 when unknown. */
int lp_lint_kind_parse(lp_lint_kind *out, const char *name);

#endif
