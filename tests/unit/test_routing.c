/*
 * Proof that a container's records reach only its own filters and outputs.
 *
 * FireLens tags each container's records <container>-firelens-<task id>
 * (aws-facts-2026-12 §12); the real-time subset re-emits copies as
 * cw.<tag>. Fluent Bit picks the sections a record goes through by Match (a
 * wildcard: '*' stands for any run of characters, anywhere, as in
 * flb_router_match) or Match_Regex (Onigmo, searched anywhere in the tag,
 * flb_regex_match). Both are implemented here from those rules, and every
 * pattern logpipe writes is checked against the tags of every container of
 * the task, including names built to collide: a name that extends another
 * by "-firelens-...", names with dots, digits, "cw." and hex-looking parts.
 */
#include "lp_test.h"

#include <stdlib.h>

#include "artifact/artifact.h"
#include "plan/names.h"
#include "plan/plan.h"
#include "read/flb.h"
#include "read/flb_regex.h"
#include "render/render_ecs.h"
#include "util/arena.h"
#include "util/buf.h"

/* Task ids: the current 32-hex-digit form and the older UUID form. */
static const char *const task_ids[] = { "0123456789abcdef0123456789abcdef", "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" };

static const char *const names[] = { "api", "api-firelens", "api-firelens-proxy", "api-firelens-0a1b",
	"api-firelens-abc-firelens-def", "api-firelens-", "api2", "API", "a", "a-b", "a-b-firelens", "1", "12",
	"0123456789abcdef", "cw", "cw.api", "cw.api-firelens", "a.b", "a.b-firelens", "a.b.c", "firelens",
	"-firelens", "x_firelens", "api-firelensx" };
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* flb_router_match: '*' matches any run of characters, everything else itself. */
static int wildcard_match(const char *p, const char *t)
{
	if (!*p)
		return !*t;
	if (*p == '*') {
		for (;; t++) {
			if (wildcard_match(p + 1, t))
				return 1;
			if (!*t)
				return 0;
		}
	}
	return *t == *p && wildcard_match(p + 1, t + 1);
}

static int regex_match(const char *re, const char *tag)
{
	lp_flb_regex_result r;
	pcre2_code *code = NULL;
	int rc;
	assert_lp_ok(lp_flb_regex_check(&r, &code, re, strlen(re)));
	if (r.status != LP_FLB_REGEX_OK)
		fail_msg("'%s' is not a regex Fluent Bit reads as logpipe does: %s", re, r.why);
	rc = lp_flb_regex_search(code, tag, strlen(tag));
	assert_true(rc >= 0);
	pcre2_code_free(code);
	return rc;
}

/* Whether a section with `key` (Match or Match_Regex) = `pattern` takes records tagged `tag`. */
static int section_takes(const char *key, const char *pattern, const char *tag)
{
	if (!strcasecmp(key, "Match"))
		return wildcard_match(pattern, tag);
	if (!strcasecmp(key, "Match_Regex"))
		return regex_match(pattern, tag);
	fail_msg("unknown match key '%s'", key);
	return 0;
}

static const char *tag_of(lp_buf *b, const char *container, const char *id, int copy)
{
	lp_buf_clear(b);
	lp_buf_printf(b, "%s%s-firelens-%s", copy ? LP_PLAN_SUBSET_TAG_PREFIX : "", container, id);
	return b->ptr;
}

/* Whether container `a` is named like the copies of `b` ("cw." + b). */
static int copy_of(const char *a, const char *b)
{
	size_t n = strlen(LP_PLAN_SUBSET_TAG_PREFIX);
	return !strncmp(a, LP_PLAN_SUBSET_TAG_PREFIX, n) && !strcmp(a + n, b);
}

/*
 * For every pair: a's pattern takes b's records (and copies) exactly when a
 * is b. One pair is left out on purpose: a container named "cw.<a>" would be
 * tagged like a's copies; ECS and the planner refuse '.' in container names,
 * which the test asserts instead.
 */
static void test_routing__tag_regex_selects_one_container(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf tag = LP_BUF_INIT;
	size_t i, j, k;
	int copy;
	(void)state;
	for (i = 0; i < NNAMES; i++) {
		const char *own = lp_plan_tag_regex(&a, names[i], 0), *sub = lp_plan_tag_regex(&a, names[i], 1);
		for (j = 0; j < NNAMES; j++)
			for (k = 0; k < 2; k++)
				for (copy = 0; copy < 2; copy++) {
					const char *t = tag_of(&tag, names[j], task_ids[k], copy);
					int want = i == j;
					char why[160];
					if (copy_of(names[j], names[i]) || copy_of(names[i], names[j])) {
						assert_int_equal(lp_names_check(why, sizeof(why), LP_NAME_ECS_CONTAINER,
							copy_of(names[j], names[i]) ? names[j] : names[i]), 1);
						continue;
					}
					if (section_takes("Match_Regex", own, t) != (want && !copy))
						fail_msg("'%s' (records of '%s') %s tag '%s'", own, names[i],
							want && !copy ? "misses" : "takes", t);
					if (section_takes("Match_Regex", sub, t) != (want && copy))
						fail_msg("'%s' (copies of '%s') %s tag '%s'", sub, names[i], want && copy ? "misses" : "takes",
							t);
				}
		/* FireLens' own health-check input is nobody's. */
		assert_false(section_takes("Match_Regex", own, "firelens-healthcheck"));
	}
	lp_buf_release(&tag);
	lp_arena_release(&a);
}

/* The rules above catch the wildcard logpipe used to write: api-firelens* takes api-firelens-proxy's records. */
static void test_routing__wildcard_crosses_containers(void **state)
{
	(void)state;
	assert_true(section_takes("Match", "api-firelens*", "api-firelens-0123456789abcdef0123456789abcdef"));
	assert_true(section_takes("Match", "api-firelens*", "api-firelens-proxy-firelens-0123456789abcdef0123456789abcdef"));
	assert_false(section_takes("Match", "api-firelens*", "cw.api-firelens-0123"));
	assert_true(section_takes("Match", "*firelens*", "cw.api-firelens-0123"));
	/* A regex is searched anywhere unless anchored. */
	assert_true(section_takes("Match_Regex", "api-firelens-", "x-api-firelens-proxy-firelens-0123"));
}

/* A task with containers that collide under a wildcard: api, api-firelens-proxy and the others. */
static const char spec[] = "version: 1\n"
	"name: shop\n"
	"region: ap-northeast-1\n"
	"account: \"123456789012\"\n"
	"lake: {bucket: shop-logs, database: shop_logs}\n"
	"services:\n"
	"  api:\n"
	"    cpu: 512\n"
	"    memory: 2048\n"
	"    task_role: arn:aws:iam::123456789012:role/t\n"
	"    execution_role: arn:aws:iam::123456789012:role/e\n"
	"    containers:\n"
	"      api:\n"
	"        image: api:1.0\n"
	"        logs: {time_key: timestamp, fields: {level: string}, cloudwatch: {only: {key: level, regex: ^(WARN|ERROR)$}}}\n"
	"      api-firelens-proxy:\n"
	"        image: proxy:1.0\n"
	"        logs: {to: [cloudwatch]}\n"
	"      api-firelens:\n"
	"        image: p2:1.0\n"
	"        logs: {to: [lake], format: text}\n"
	"      a1:\n"
	"        image: a1:1.0\n"
	"        logs: {fields: {level: string}}\n"
	"      a1-firelens-0a1b:\n"
	"        image: a2:1.0\n"
	"        logs: {fields: {level: string}, cloudwatch: {only: {key: level, regex: ERROR}}}\n";

static const char *const task[] = { "api", "api-firelens-proxy", "api-firelens", "a1", "a1-firelens-0a1b" };
#define NTASK (sizeof(task) / sizeof(task[0]))

/* The container a section is for, from what it names: log group, stream, emitter; NULL for a parser filter. */
static const char *section_owner(const lp_flb_section *s)
{
	const char *v;
	size_t i, best = 0;
	const char *owner = NULL;
	if ((v = lp_flb_value(s, "log_group_name")) == NULL && (v = lp_flb_value(s, "delivery_stream")) == NULL &&
		(v = lp_flb_value(s, "Emitter_Name")) == NULL)
		return NULL;
	/* The longest container name the value ends with ("/api-firelens-proxy" beats "api"). */
	for (i = 0; i < NTASK; i++) {
		size_t n = strlen(task[i]), vn = strlen(v);
		if (vn > n && strchr("/-_", v[vn - n - 1]) && !strcmp(v + vn - n, task[i]) && n > best) {
			best = n;
			owner = task[i];
		}
	}
	return owner;
}

/*
 * The rendered configuration, read back with the linter's reader: every
 * filter and output takes the records (or copies) of exactly one container,
 * and for outputs and rewrite_tag that is the container they name.
 */
static void test_routing__rendered_config_routes_each_container_alone(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_run *run;
	lp_flb_conf *conf = NULL;
	const lp_artifact *f;
	lp_buf tag = LP_BUF_INIT;
	size_t i, j, k, sections = 0;
	int copy;
	(void)state;
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec, strlen(spec), d));
	if (!m)
		fail_msg("spec refused: %s", lp_diag_count(d) ? lp_diag_get(d, 0)->message : "?");
	run = lp_render_run_new(m, NULL);
	assert_lp_ok(lp_render_ecs(&set, m, run, d));
	lp_render_run_free(run);
	assert_int_equal(lp_diag_count(d), 0);
	lp_artifact_set_sort(&set);
	f = lp_artifact_find(&set, "ecs/shop-api.fluent-bit.conf");
	assert_non_null(f);
	assert_lp_ok(lp_flb_parse(&conf, "shop-api.fluent-bit.conf", f->content.ptr, f->content.size, NULL, d));
	assert_int_equal(lp_diag_count(d), 0);
	for (i = 0; i < conf->nsections; i++) {
		const lp_flb_section *s = &conf->sections[i];
		const char *pattern = lp_flb_value(s, "Match_Regex"), *owner = section_owner(s), *taker = NULL;
		if (s->kind != LP_FLB_FILTER && s->kind != LP_FLB_OUTPUT)
			continue;
		sections++;
		assert_null(lp_flb_get(s, "Match"));
		assert_non_null(pattern);
		for (j = 0; j < NTASK; j++)
			for (k = 0; k < 2; k++)
				for (copy = 0; copy < 2; copy++) {
					if (!section_takes("Match_Regex", pattern, tag_of(&tag, task[j], task_ids[k], copy)))
						continue;
					if (taker && strcmp(taker, task[j]))
						fail_msg("[%s] line %u takes the records of '%s' and of '%s'", s->name, s->span.line, taker,
							task[j]);
					taker = task[j];
				}
		if (!taker)
			fail_msg("[%s] line %u takes no container's records", s->name, s->span.line);
		if (owner && strcmp(owner, taker))
			fail_msg("[%s] line %u names '%s' but takes the records of '%s'", s->name, s->span.line, owner, taker);
	}
	/* parser x4 (the JSON containers), rewrite_tag x2, modify x1 (api's time key), cloudwatch x4, firehose x4 */
	assert_int_equal(sections, 15);
	lp_flb_free(conf);
	lp_buf_release(&tag);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routing__tag_regex_selects_one_container),
		cmocka_unit_test(test_routing__wildcard_crosses_containers),
		cmocka_unit_test(test_routing__rendered_config_routes_each_container_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
