#include "check_ecs.h"

#include <string.h>

#include "plan/names.h"
#include "read/flb_regex.h"
#include "util/error.h"

/* Fargate task sizes: memory from..to in steps, per cpu (aws-facts §1.7). */
static const struct {
	int64_t cpu, from, to, step;
} fargate_sizes[] = {
	{ 256, 512, 512, 1 },
	{ 256, 1024, 2048, 1024 },
	{ 512, 1024, 4096, 1024 },
	{ 1024, 2048, 8192, 1024 },
	{ 2048, 4096, 16384, 1024 },
	{ 4096, 8192, 30720, 1024 },
	{ 8192, 16384, 61440, 4096 },
	{ 16384, 32768, 122880, 8192 },
};

int lp_check_ecs_fargate_size(int64_t cpu, int64_t memory)
{
	size_t i;
	for (i = 0; i < sizeof(fargate_sizes) / sizeof(fargate_sizes[0]); i++)
		if (fargate_sizes[i].cpu == cpu && memory >= fargate_sizes[i].from && memory <= fargate_sizes[i].to &&
			(memory - fargate_sizes[i].from) % fargate_sizes[i].step == 0)
			return 1;
	return 0;
}

static void check_fargate(const lp_service *s, lp_diag *d)
{
	if (s->launch_type != LP_LAUNCH_FARGATE)
		return;
	if (!s->cpu || !s->memory) {
		lp_diag_error(d, "LP-ECS-FARGATE-SIZE", s->cpu ? &s->memory_span : &s->cpu_span,
			"set both, for example 'cpu: 256' and 'memory: 512'",
			"Fargate service '%s' needs task-level 'cpu' and 'memory'", s->name);
	} else if (!lp_check_ecs_fargate_size(s->cpu, s->memory)) {
		lp_diag_error(d, "LP-ECS-FARGATE-SIZE", &s->memory_span,
			"cpu 256: 512-2048; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720 "
			"(steps of 1024); 8192: 16384-61440 (4096); 16384: 32768-122880 (8192)",
			"Fargate has no task size with cpu %lld and memory %lld", (long long)s->cpu, (long long)s->memory);
	}
	if (s->network_mode != LP_NET_AWSVPC)
		lp_diag_error(d, "LP-ECS-NETWORK", &s->span, "drop 'network_mode' or set it to awsvpc",
			"Fargate service '%s' must use network mode awsvpc", s->name);
	if (s->router.config == LP_ROUTER_CONFIG_S3)
		lp_diag_error(d, "LP-ECS-FARGATE-S3", &s->router.config_span,
			"use 'config: file': logpipe writes a Dockerfile that bakes the configuration into the router image",
			"Fargate only reads FireLens configuration from a file in the image, not from S3");
}

/* The part of an image reference after the last ':' that follows the last '/'; NULL if none. */
static const char *image_tag(const char *image, int *digest)
{
	const char *slash = strrchr(image, '/'), *colon;
	*digest = strchr(image, '@') != NULL;
	colon = strrchr(slash ? slash : image, ':');
	return colon ? colon + 1 : NULL;
}

static void check_router(const lp_service *s, lp_diag *d)
{
	const lp_router_opts *r = &s->router;
	const lp_span *sp = r->image_span.line ? &r->image_span : &r->span;
	const char *tag;
	int digest;
	if (!r->image || !*r->image) {
		lp_diag_error(d, "LP-ECS-ROUTER-PIN", sp, "set router.image, e.g. public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1",
			"service '%s' has no router image", s->name);
		return;
	}
	tag = image_tag(r->image, &digest);
	if (!digest && (!tag || !strcmp(tag, "latest") || !strcmp(tag, "stable") || !strchr(tag, '.'))) {
		lp_diag_error(d, "LP-ECS-ROUTER-PIN", sp, "pin a release such as :3.2.1 so every task runs the same router",
			"router image '%s' is not pinned to a version", r->image);
	} else if (tag && strstr(r->image, "aws-for-fluent-bit") && !strncmp(tag, "2.", 2)) {
		lp_diag_warning(d, "LP-ECS-ROUTER-EOL", sp, "move to the 3.x line (Fluent Bit 4), e.g. :3.2.1",
			"AWS for Fluent Bit 2.x reached end of life on 2026-06-30");
	}
	/* logpipe's router image is tagged <base tag>-<12 hex digits>; Docker tags stop at 128. */
	if (tag && !digest && strlen(tag) + 13 > lp_names_max(LP_NAME_IMAGE_TAG))
		lp_diag_error(d, "LP-SPEC-NAME", sp, "use a shorter tag for router.image",
			"the router image is tagged '<tag>-<hash>' and tag '%.40s...' leaves it longer than %zu characters", tag,
			lp_names_max(LP_NAME_IMAGE_TAG));
	if (r->memory <= 0)
		lp_diag_error(d, "LP-ECS-ROUTER-MEMORY", &r->span, "set router.memory, e.g. 128",
			"the log router needs a hard memory limit");
	else if (r->memory_reservation && r->memory_reservation >= r->memory)
		lp_diag_error(d, "LP-ECS-ROUTER-MEMORY", &r->span, "lower memory_reservation or raise memory",
			"router memory_reservation (%lld) must be below its memory (%lld)",
			(long long)r->memory_reservation, (long long)r->memory);
	if (r->config == LP_ROUTER_CONFIG_S3 && (!r->config_s3_bucket || !*r->config_s3_bucket))
		lp_diag_error(d, "LP-ECS-ROUTER-S3", &r->config_span, "add 'config_s3_bucket' next to 'config: s3'",
			"'config: s3' needs the bucket the configuration is uploaded to");
}

/* Characters Fluent Bit's rewrite_tag Rule can carry: it splits on whitespace. */
static int has_space(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			return 1;
	return 0;
}

static int plain_key(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
			*s == '-'))
			return 0;
	return 1;
}

static int logs_field(const lp_container *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->nfields; i++)
		if (!strcmp(c->fields[i].name, name))
			return 1;
	return 0;
}

static size_t code_points(const char *s, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/*
 * The column of byte `off` of `value` when the spec wrote it on one line as
 * is (plain) or quoted without escapes; the value's own span otherwise.
 */
static lp_span value_span(const lp_span *sp, const char *value, size_t off)
{
	lp_span r = *sp;
	size_t width = sp->end_col > sp->col ? sp->end_col - sp->col : 0, n = code_points(value, strlen(value));
	if (sp->line != sp->end_line || (width != n && width != n + 2))
		return r;
	r.col = sp->col + (unsigned)(width == n + 2) + (unsigned)code_points(value, off);
	r.end_col = r.col + 1;
	return r;
}

/*
 * A regex Fluent Bit will compile at start-up: an invalid one stops the
 * router, and with it the task (the router is essential), so it is an error
 * here; one read differently by Onigmo would silently route other records.
 */
static void check_regex(const char *re, const lp_span *sp, const char *what, lp_diag *d)
{
	lp_flb_regex_result r;
	lp_span at;
	if (lp_flb_regex_check(&r, NULL, re, strlen(re)) < 0) {
		lp_diag_error(d, "LP-FB-REGEX", sp, "", "%s cannot be checked: %s", what, lp_error_last());
		return;
	}
	if (r.status == LP_FLB_REGEX_INVALID) {
		at = value_span(sp, re, r.offset);
		lp_diag_error(d, "LP-FB-REGEX", &at, "Fluent Bit refuses to start with an invalid regex; fix the pattern",
			"%s is not a valid regex: %s (at character %zu)", what, r.why, code_points(re, r.offset) + 1);
	} else if (r.status == LP_FLB_REGEX_DIFFERS) {
		at = value_span(sp, re, r.offset);
		lp_diag_error(d, "LP-FB-REGEX", &at, r.help, "%s: %s (at character %zu)", what, r.why,
			code_points(re, r.offset) + 1);
	} else if (r.backtracking) {
		at = value_span(sp, re, r.backtracking_offset);
		lp_diag_warning(d, "LP-FB-REGEX-BACKTRACK", &at,
			"make the inner repeat possessive (a++) or the group atomic ((?>...)), or match the text more narrowly",
			"%s repeats a group that itself repeats: a record that almost matches can make Fluent Bit "
			"backtrack for exponential time (at character %zu)", what, code_points(re, r.backtracking_offset) + 1);
	}
}

static void check_container(const lp_service *s, const lp_container *c, lp_diag *d)
{
	char why[200];
	if (lp_names_check(why, sizeof(why), LP_NAME_ECS_CONTAINER, c->name))
		lp_diag_error(d, "LP-SPEC-NAME", &c->span, "rename the container: up to 255 letters, digits, '-' and '_'",
			"container name '%.80s' %s", c->name, why);
	/* Generated, but compiled by Fluent Bit all the same. */
	if (c->derived.match)
		check_regex(c->derived.match, &c->span, "the Match_Regex of the container", d);
	if (!strcmp(c->name, LP_ECS_ROUTER_NAME))
		lp_diag_error(d, "LP-ECS-ROUTER-NAME", &c->span, "rename the container",
			"'%s' is the name of the FireLens log router logpipe adds", LP_ECS_ROUTER_NAME);
	if (!c->to)
		lp_diag_error(d, "LP-SPEC-TO", c->to_span.line ? &c->to_span : &c->span,
			"list at least one of 'cloudwatch' and 'lake'", "container '%s' sends its logs nowhere", c->name);
	/* FireLens listens on 24224 in the task's network namespace (aws-facts §1.1). */
	if (c->port == 24224)
		lp_diag_error(d, "LP-ECS-PORT", &c->span, "use another port",
			"port 24224 belongs to the FireLens log router and must not be exposed");
	if (s->launch_type == LP_LAUNCH_EC2 && !s->memory && !c->memory && !c->memory_reservation)
		lp_diag_error(d, "LP-ECS-MEMORY", &c->span, "set 'memory' on the container or on the service",
			"container '%s' needs 'memory' when the task has no memory limit", c->name);
	if (c->memory && c->memory_reservation && c->memory_reservation >= c->memory)
		lp_diag_error(d, "LP-ECS-MEMORY", &c->span, "lower memory_reservation or raise memory",
			"memory_reservation (%lld) must be below memory (%lld)", (long long)c->memory_reservation,
			(long long)c->memory);
	/*
	 * With config: s3 the image's stock json parser is used: Time_Key time,
	 * Time_Format %d/%b/%Y:%H:%M:%S %z, Time_Keep Off. A 'time' in that
	 * format becomes the record time and leaves the record; any other
	 * (ISO-8601 included) fails to parse, stays in the record, and makes the
	 * router log a parser error for every record.
	 */
	if (s->router.config == LP_ROUTER_CONFIG_S3 && c->format == LP_LOG_JSON && (c->to & LP_DEST_LAKE) &&
		((c->time_key && !strcmp(c->time_key, "time")) || logs_field(c, "time")))
		lp_diag_warning(d, "LP-ECS-S3-TIME", &c->span,
			"use 'config: file', or log the timestamp under another key",
			"with 'config: s3' the image's json parser reads 'time' as %%d/%%b/%%Y:%%H:%%M:%%S %%z: such a time "
			"is removed from the record, any other (ISO-8601 too) is kept but logs a parser error per record");
	if (c->cw_only_key || c->cw_only_regex) {
		const lp_span *sp = c->cw_only_span.line ? &c->cw_only_span : &c->span;
		if (!(c->to & LP_DEST_CLOUDWATCH))
			lp_diag_warning(d, "LP-ECS-CW-ONLY", sp, "add cloudwatch to 'to', or drop 'cloudwatch.only'",
				"'cloudwatch.only' has no effect: container '%s' does not send to CloudWatch", c->name);
		if (c->format == LP_LOG_TEXT)
			lp_diag_error(d, "LP-ECS-CW-ONLY", sp, "filter on a key of a JSON log, or use 'format: json'",
				"'cloudwatch.only' needs 'format: json': a text line has no keys to match");
		if (!c->cw_only_key || !plain_key(c->cw_only_key))
			lp_diag_error(d, "LP-ECS-CW-ONLY", sp, "use a top-level key made of letters, digits, '_' and '-'",
				"'cloudwatch.only.key' must name a top-level key of the record");
		if (!c->cw_only_regex || !*c->cw_only_regex || has_space(c->cw_only_regex))
			lp_diag_error(d, "LP-ECS-CW-ONLY", c->cw_only_regex ? &c->cw_only_regex_span : sp,
				"write spaces as \\s or \\x20",
				"'cloudwatch.only.regex' must be non-empty and contain no whitespace "
				"(Fluent Bit's rewrite_tag rule is split on spaces)");
		else
			check_regex(c->cw_only_regex, &c->cw_only_regex_span, "'cloudwatch.only.regex'", d);
	}
}

static void check_memory_sum(const lp_service *s, lp_diag *d)
{
	int64_t sum = s->router.memory;
	size_t i;
	if (!s->memory)
		return;
	for (i = 0; i < s->ncontainers; i++)
		sum += s->containers[i].memory ? s->containers[i].memory : s->containers[i].memory_reservation;
	if (sum > s->memory)
		lp_diag_error(d, "LP-ECS-MEMORY", &s->memory_span,
			"raise the task memory or lower the containers' (the router counts too)",
			"containers of '%s' need %lld MiB but the task has %lld MiB", s->name, (long long)sum,
			(long long)s->memory);
}

/*
 * The router calls PutLogEvents and PutRecordBatch with the task role's
 * credentials, so without one nothing is delivered, on any launch type. The
 * execution role pulls the router image from the account's ECR and writes
 * the router's own awslogs output: Fargate has no other identity for that
 * (an error); on EC2 the container instance role can do both (a warning).
 */
static void check_roles(const lp_model *m, const lp_service *s, lp_diag *d)
{
	if (!s->task_role)
		lp_diag_error(d, "LP-ECS-TASK-ROLE", &s->span,
			"add 'task_role: arn:aws:iam::<account>:role/<name>' and attach the generated "
			"iam/<family>.task-policy.json to that role",
			"service '%s' has no task_role: its log router cannot call PutLogEvents or PutRecordBatch", s->name);
	if (!s->execution_role)
		lp_diag_add(d, s->launch_type == LP_LAUNCH_FARGATE ? LP_SEV_ERROR : LP_SEV_WARNING, "LP-ECS-EXECUTION-ROLE",
			&s->span,
			"add 'execution_role: arn:aws:iam::<account>:role/<name>' and attach the generated "
			"iam/<family>.execution-policy.json to that role",
			s->launch_type == LP_LAUNCH_FARGATE
				? "service '%s' has no execution_role: Fargate cannot pull the router image from ECR or send "
				  "its logs to CloudWatch without one"
				: "service '%s' has no execution_role: the container instance role must then pull images and "
				  "write the router's own logs",
			s->name);
	(void)m;
}

int lp_check_ecs(const lp_model *m, lp_diag *d)
{
	size_t i, j;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		if (!s->ncontainers)
			lp_diag_error(d, "LP-ECS-EMPTY", &s->span, "add a container under 'containers'",
				"service '%s' has no containers", s->name);
		check_fargate(s, d);
		check_roles(m, s, d);
		check_router(s, d);
		for (j = 0; j < s->ncontainers; j++)
			check_container(s, &s->containers[j], d);
		check_memory_sum(s, d);
	}
	return 0;
}
