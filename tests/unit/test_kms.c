/*
 * KMS keys: every artifact logpipe writes names keys by their key ARN, never
 * an alias (an alias ARN as an IAM Resource names the alias, not the key;
 * Firehose and CloudWatch Logs document the key ARN), and a spec that gives
 * an alias is refused at the value by the schema's kms_key pattern.
 */
#include "lp_test.h"

#include <glob.h>

#include "artifact/artifact.h"
#include "plan/plan.h"
#include "render/render.h"

/* The first `needle` in s[0, len), or NULL. */
static const char *find(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;
	for (i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

/* The ARN around offset `at` of `s` (which holds ":kms:" there), as [start, end). */
static void arn_around(const char *s, size_t len, size_t at, size_t *start, size_t *end)
{
	static const char arn_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/_-.*";
	size_t b = at, e = at;
	while (b > 0 && strchr(arn_chars, s[b - 1]) && s[b - 1])
		b--;
	while (e < len && s[e] && strchr(arn_chars, s[e]))
		e++;
	*start = b;
	*end = e;
}

/* arn:aws:kms:<region>:<12 digits>:key/<id> */
static int is_key_arn(const char *s, size_t n)
{
	char buf[256];
	const char *p;
	size_t i, digits = 0;
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (strncmp(buf, "arn:aws:kms:", 12) || !(p = strchr(buf + 12, ':')))
		return 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits != 12 || strncmp(p, ":key/", 5) || !p[5])
		return 0;
	for (i = 5; p[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", p[i]))
			return 0;
	return 1;
}

/* Every spec the repository ships: goldens and examples, each built whole. */
static void test_kms__every_artifact_names_key_arns(void **state)
{
	static const char *const patterns[] = { "tests/golden/*/logpipe.yaml", "examples/*/logpipe.yaml" };
	size_t p, i, k, found = 0, specs = 0;
	(void)state;
	for (p = 0; p < 2; p++) {
		glob_t g;
		assert_int_equal(glob(patterns[p], 0, NULL, &g), 0);
		for (i = 0; i < g.gl_pathc; i++) {
			lp_diag *d = lp_diag_new();
			lp_model *m = NULL;
			lp_artifact_set set = LP_ARTIFACT_SET_INIT;
			lp_render_opts o = LP_RENDER_OPTS_INIT;
			assert_lp_ok(lp_plan_load(&m, g.gl_pathv[i], d));
			if (!m)
				fail_msg("%s: %s", g.gl_pathv[i], lp_diag_count(d) ? lp_diag_get(d, 0)->message : "refused");
			assert_lp_ok(lp_render_all(&set, m, &o, d));
			specs++;
			for (k = 0; k < set.n; k++) {
				const char *s = set.v[k].content.ptr;
				size_t len = set.v[k].content.size;
				const char *at = s;
				if (find(s, len, "alias/"))
					fail_msg("%s: %s names a KMS alias", g.gl_pathv[i], set.v[k].path);
				while ((at = find(at, len - (size_t)(at - s), ":kms:")) != NULL) {
					size_t b, e;
					arn_around(s, len, (size_t)(at - s), &b, &e);
					/* kms: actions ("kms:Decrypt") and condition keys are not key identifiers */
					if (!strncmp(s + b, "arn:", 4)) {
						if (!is_key_arn(s + b, e - b))
							fail_msg("%s: %s names '%.*s', not a key ARN", g.gl_pathv[i], set.v[k].path,
								(int)(e - b), s + b);
						found++;
					}
					at += 5;
				}
			}
			lp_artifact_set_release(&set);
			lp_model_free(m);
			lp_diag_free(d);
		}
		globfree(&g);
	}
	assert_true(specs >= 10);
	/* the KMS goldens: task definitions, Firehose, IAM, log groups, SAM, Terraform */
	assert_true(found >= 20);
}

static const lp_diag_entry *first_rule(lp_diag *d, const char *rule)
{
	size_t i;
	for (i = 0; i < lp_diag_count(d); i++)
		if (!strcmp(lp_diag_get(d, i)->rule, rule))
			return lp_diag_get(d, i);
	return NULL;
}

static void assert_refused(const char *lake_key, const char *cw_key, unsigned line, unsigned col)
{
	lp_buf spec = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	const lp_diag_entry *e;
	lp_buf_printf(&spec,
		"version: 1\n"
		"name: shop\n"
		"region: ap-northeast-1\n"
		"account: \"123456789012\"\n"
		"lake: {bucket: shop-logs, database: shop_logs, kms_key: %s}\n"
		"defaults:\n"
		"  cloudwatch: {kms_key: %s}\n"
		"services:\n"
		"  api:\n"
		"    cpu: 256\n"
		"    memory: 512\n"
		"    containers:\n"
		"      app: {image: app:1.0}\n",
		lake_key, cw_key);
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	assert_null(m);
	e = first_rule(d, "LP-SPEC-SCHEMA");
	if (!e)
		fail_msg("no LP-SPEC-SCHEMA finding (%zu findings)", lp_diag_count(d));
	assert_non_null(strstr(e->message, "kms_key"));
	assert_int_equal(e->span.line, line);
	assert_int_equal(e->span.col, col);
	assert_non_null(strstr(e->help, "describe-key"));
	lp_diag_free(d);
	lp_buf_release(&spec);
}

static void test_kms__aliases_are_refused_at_the_value(void **state)
{
	static const char key[] = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
	(void)state;
	assert_refused("arn:aws:kms:ap-northeast-1:123456789012:alias/logs", key, 5, 57);
	assert_refused(key, "alias/logs", 7, 25);
	assert_refused(key, "1234abcd-12ab-34cd-56ef-1234567890ab", 7, 25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kms__every_artifact_names_key_arns),
		cmocka_unit_test(test_kms__aliases_are_refused_at_the_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
