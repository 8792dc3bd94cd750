#include "plan/names.h"

#include <stdio.h>
#include <string.h>

/* Besides ASCII letters and digits (lowercase only when `lower`); NULL: anything but `deny`. */
typedef struct rule {
	const char *what;
	size_t min, max;
	const char *extra;
	int lower;
	const char *deny; /* with extra == NULL: bytes refused */
	const char *allowed; /* for the message */
} rule;

static const rule rules[LP_NAME_KINDS] = {
	[LP_NAME_FIREHOSE_STREAM] = { "Firehose stream name", 1, 64, "_.-", 0, NULL, "letters, digits, '_', '.' and '-'" },
	[LP_NAME_LOG_GROUP] = { "log group name", 1, 512, "._-/#", 0, NULL, "letters, digits and . _ - / #" },
	[LP_NAME_LOG_STREAM] = { "log stream name", 1, 512, NULL, 0, ":*", "any character but ':' and '*'" },
	[LP_NAME_IAM_ROLE] = { "IAM role name", 1, 64, "_+=,.@-", 0, NULL, "letters, digits and _ + = , . @ -" },
	[LP_NAME_IAM_POLICY] = { "IAM policy name", 1, 128, "_+=,.@-", 0, NULL, "letters, digits and _ + = , . @ -" },
	[LP_NAME_GLUE] = { "Glue name", 1, 255, "_", 1, NULL, "lowercase letters, digits and '_'" },
	[LP_NAME_ECS_FAMILY] = { "task definition family", 1, 255, "_-", 0, NULL, "letters, digits, '_' and '-'" },
	[LP_NAME_ECS_CONTAINER] = { "container name", 1, 255, "_-", 0, NULL, "letters, digits, '_' and '-'" },
	[LP_NAME_APIGW_STAGE] = { "API Gateway stage name", 1, 128, "_-", 0, NULL, "letters, digits, '_' and '-'" },
	[LP_NAME_ECR_REPOSITORY] = { "ECR repository name", 2, 256, "._/-", 1, NULL, "lowercase letters, digits and . _ / -" },
	[LP_NAME_IMAGE_TAG] = { "image tag", 1, 128, "_.-", 0, NULL, "letters, digits, '_', '.' and '-'" },
	[LP_NAME_S3_PREFIX] = { "S3 prefix", 0, 1024, NULL, 0, "", "any character" },
	[LP_NAME_FILE] = { "file name", 1, 255, NULL, 0, "/", "any byte but '/' and NUL" },
};

const char *lp_names_what(lp_name_kind k) { return rules[k].what; }
size_t lp_names_max(lp_name_kind k) { return rules[k].max; }

static int allowed(const rule *r, unsigned char c)
{
	if (!r->extra)
		return c >= 0x20 && !strchr(r->deny, c);
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!r->lower && c >= 'A' && c <= 'Z'))
		return 1;
	return c && strchr(r->extra, c) != NULL;
}

int lp_names_check(char *why, size_t whylen, lp_name_kind k, const char *s)
{
	const rule *r = &rules[k];
	size_t n = s ? strlen(s) : 0, i;
	if (n < r->min) {
		snprintf(why, whylen, n ? "is %zu characters; the minimum is %zu" : "is empty", n, r->min);
		return 1;
	}
	if (n > r->max) {
		snprintf(why, whylen, "is %zu %s; the limit is %zu", n, k == LP_NAME_FILE ? "bytes" : "characters", r->max);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (!allowed(r, (unsigned char)s[i])) {
			unsigned char c = (unsigned char)s[i];
			if (c >= 0x20 && c < 0x7f)
				snprintf(why, whylen, "has '%c' at character %zu; allowed are %s", c, i + 1, r->allowed);
			else
				snprintf(why, whylen, "has byte 0x%02x at character %zu; allowed are %s", c, i + 1, r->allowed);
			return 1;
		}
	if (k == LP_NAME_ECR_REPOSITORY)
		for (i = 0; i < n; i++)
			if (strchr("._/-", s[i]) && (i == 0 || i + 1 == n || strchr("._/-", s[i + 1]))) {
				snprintf(why, whylen, "has '%c' at character %zu; a separator stands between letters or digits",
					s[i], i + 1);
				return 1;
			}
	if (k == LP_NAME_IMAGE_TAG && (s[0] == '.' || s[0] == '-')) {
		snprintf(why, whylen, "starts with '%c'; a tag starts with a letter, digit or '_'", s[0]);
		return 1;
	}
	return 0;
}

static int valid(lp_name_kind k, const char *s)
{
	char why[128];
	return !lp_names_check(why, sizeof(why), k, s);
}

int lp_names_valid_family(const char *s) { return valid(LP_NAME_ECS_FAMILY, s); }
int lp_names_valid_stream(const char *s) { return valid(LP_NAME_FIREHOSE_STREAM, s); }
int lp_names_valid_log_group(const char *s) { return valid(LP_NAME_LOG_GROUP, s); }
int lp_names_valid_glue_name(const char *s) { return valid(LP_NAME_GLUE, s); }
