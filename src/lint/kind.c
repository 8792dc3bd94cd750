#include "lint/kind.h"

#include <strings.h>

static const char *const kind_names[LP_LINT_KIND__COUNT] = {
	"unknown", "taskdef", "cfn", "firehose", "glue", "ddl", "fluent-bit", "log-groups",
};

const char *lp_lint_kind_name(lp_lint_kind k)
{
	return (unsigned)k < LP_LINT_KIND__COUNT ? kind_names[k] : "unknown";
}

int lp_lint_kind_parse(lp_lint_kind *out, const char *name)
{
	int i;
	for (i = 0; name && i < LP_LINT_KIND__COUNT; i++)
		if (!strcasecmp(name, kind_names[i])) {
			*out = (lp_lint_kind)i;
			return 0;
		}
	return -1;
}
