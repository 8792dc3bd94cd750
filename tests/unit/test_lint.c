#include "lp_test.h"

#include <dirent.h>
#include <stdlib.h>

#include "artifact/artifact.h"
#include "diag/diag.h"
#include "lint/lint.h"
#include "lint/rules.h"
#include "plan/plan.h"
#include "render/render.h"
#include "spec/model.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/mem.h"

/* Unsuppressed findings of `rule` when linting `text` with only that rule selected. */
static size_t findings(const char *rule, const char *name, const char *text)
{
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_lint_input in = { name, text, strlen(text) };
	lp_diag *d = lp_diag_new();
	size_t i, n = 0;
	o.rules = &rule;
	o.nrules = 1;
	assert_lp_ok(lp_lint_inputs(&o, &in, 1, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		lp_diag_entry *e = lp_diag_get(d, i);
		if (!e->suppressed && e->rule && !strcmp(e->rule, rule))
			n++;
	}
	lp_diag_free(d);
	return n;
}

/* Every rule's embedded pass/fail snippets (rules/NAME.yaml `tests`). */
static void test_lint__embedded_cases(void **state)
{
	lp_ruleset *rs = NULL;
	size_t i, j, ncases = 0, bad = 0;
	(void)state;
	assert_lp_ok(lp_ruleset_load(&rs));
	assert_true(lp_ruleset_count(rs) >= 30);
	for (i = 0; i < lp_ruleset_count(rs); i++) {
		const lp_rule *r = lp_ruleset_get(rs, i);
		size_t rule_fail = 0, rule_pass = 0;
		for (j = 0; r->tests && j < r->tests->n; j++) {
			const lp_node *t = r->tests->items[j];
			const char *pass = lp_node_str(lp_node_get(t, "pass"));
			const char *failing = lp_node_str(lp_node_get(t, "fail"));
			const char *text = pass ? pass : failing;
			const char *name = text && text[0] == '{' ? "case.json" : "case.yaml";
			size_t got;
			int64_t want = -1;
			if (!text)
				continue;
			lp_node_int(&want, lp_node_get(t, "count"));
			got = findings(r->id, name, text);
			ncases++;
			if (pass ? got != 0 : (want >= 0 ? got != (size_t)want : got == 0)) {
				print_error("%s: case %zu (%s) %s: got %zu findings\n", r->id, j,
					lp_node_str(lp_node_get(t, "name")) ? lp_node_str(lp_node_get(t, "name")) : "-",
					pass ? "should pass" : "should fail", got);
				bad++;
			}
			if (pass)
				rule_pass++;
			else
				rule_fail++;
		}
		if (!rule_fail || !rule_pass) {
			print_error("%s: needs at least one passing and one failing case\n", r->id);
			bad++;
		}
	}
	assert_true(ncases >= 60);
	assert_int_equal(bad, 0);
	lp_ruleset_free(rs);
}

/*
 * Every rule that mirrors an AWS Config rule states Config's verdict on each
 * of its examples, and logpipe agrees with it unless the example says why not.
 */
static void test_lint__config_verdicts(void **state)
{
	lp_ruleset *rs = NULL;
	size_t i, j, bad = 0, nconfig = 0;
	(void)state;
	assert_lp_ok(lp_ruleset_load(&rs));
	for (i = 0; i < lp_ruleset_count(rs); i++) {
		const lp_rule *r = lp_ruleset_get(rs, i);
		if (!r->config_name)
			continue;
		nconfig++;
		for (j = 0; r->tests && j < r->tests->n; j++) {
			const lp_node *t = r->tests->items[j];
			const char *v = lp_node_str(lp_node_get(t, "config"));
			int fail = lp_node_get(t, "fail") != NULL, differs = lp_node_get(t, "differs") != NULL;
			const char *why = NULL;
			if (!v)
				why = "states no Config verdict";
			else if (r->config_discontinued && strcmp(v, "NOT_EVALUATED"))
				why = "is judged by a discontinued Config rule";
			else if (!differs && fail && strcmp(v, "NON_COMPLIANT"))
				why = "fails in logpipe but not in Config, without saying why";
			else if (!differs && !fail && !strcmp(v, "NON_COMPLIANT"))
				why = "passes in logpipe but Config marks it NON_COMPLIANT";
			if (why) {
				print_error("%s: example %zu %s\n", r->id, j + 1, why);
				bad++;
			}
		}
	}
	assert_true(nconfig >= 20);
	assert_int_equal(bad, 0);
	lp_ruleset_free(rs);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The input next to `expected` (same stem, any other extension) into *out; 0 when found. */
static int input_for(lp_buf *out, const char *dir, const char *expected)
{
	size_t stem = strlen(expected) - strlen(".expected");
	DIR *dp = opendir(dir);
	struct dirent *de;
	int found = -1;
	while (dp && (de = readdir(dp)) != NULL && found < 0) {
		if (!strncmp(de->d_name, expected, stem) && de->d_name[stem] == '.' && strcmp(de->d_name, expected)) {
			lp_buf_printf(out, "%s/%s", dir, de->d_name);
			found = 0;
		}
	}
	if (dp)
		closedir(dp);
	return found;
}

/*
 * tests/lint/cases/X.* and tests/lint/seed/X.*: each file is linted alone and
 * its findings compared with X.expected ("RULE LINE COL [suppressed]" lines).
 */
static void lint_corpus_dir(const char *dir, size_t *ncases)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char *names[128];
	size_t n = 0, i, j;
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL && n < 128) {
		size_t l = strlen(de->d_name);
		if (l > 9 && !strcmp(de->d_name + l - 9, ".expected"))
			names[n++] = lp_strdup(de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		lp_buf path = LP_BUF_INIT, exp = LP_BUF_INIT, got = LP_BUF_INIT, ep = LP_BUF_INIT;
		const char *p = NULL;
		lp_diag *d = lp_diag_new();
		lp_buf_printf(&ep, "%s/%s", dir, names[i]);
		if (input_for(&path, dir, names[i]) < 0)
			fail_msg("%s has no input file next to it", ep.ptr);
		assert_lp_ok(lp_fs_read(&exp, ep.ptr, 1 << 20));
		p = path.ptr;
		assert_lp_ok(lp_lint_run(NULL, &p, 1, d));
		lp_diag_sort(d);
		for (j = 0; j < lp_diag_count(d); j++) {
			lp_diag_entry *e = lp_diag_get(d, j);
			lp_buf_printf(&got, "%s %u %u%s\n", e->rule, e->span.line, e->span.col, e->suppressed ? " suppressed" : "");
		}
		if (strcmp(got.ptr, exp.ptr) != 0)
			fail_msg("%s: expected\n%s\ngot\n%s", path.ptr, exp.ptr, got.ptr);
		(*ncases)++;
		lp_diag_free(d);
		lp_buf_release(&path);
		lp_buf_release(&exp);
		lp_buf_release(&got);
		lp_buf_release(&ep);
		lp_free(names[i]);
	}
}

static void test_lint__corpus(void **state)
{
	size_t n = 0;
	(void)state;
	lint_corpus_dir("tests/lint/cases", &n);
	lint_corpus_dir("tests/lint/seed", &n);
	assert_true(n >= 7);
}

/* ---- the real-world corpus (tests/realworld/README.md) ------------------- */

#define RW_MAX 64

typedef struct rw_case {
	char *models[RW_MAX];   /* file names with a `model` line */
	size_t nmodels;
	char *findings[RW_MAX * 4]; /* "file RULE line col" */
	size_t nfindings;
} rw_case;

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void rw_parse(rw_case *c, const char *path)
{
	lp_buf b = LP_BUF_INIT;
	char *line, *save = NULL;
	memset(c, 0, sizeof(*c));
	assert_lp_ok(lp_fs_read(&b, path, 1 << 20));
	for (line = strtok_r(b.ptr, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char file[256], repo[256], where[512], rule[64];
		unsigned l, col;
		const char *bar;
		if (sscanf(line, "model %255s %255s %511s", file, repo, where) == 3) {
			assert_true(c->nmodels < RW_MAX);
			c->models[c->nmodels++] = lp_strdup(file);
		} else if (sscanf(line, "finding %255s %63s %u %u", file, rule, &l, &col) == 4) {
			lp_buf f = LP_BUF_INIT;
			bar = strchr(line, '|');
			if (!bar || !bar[1] || !bar[2])
				fail_msg("%s: finding without a reason: %s", path, line);
			lp_buf_printf(&f, "%s %s %u %u", file, rule, l, col);
			assert_true(c->nfindings < RW_MAX * 4);
			c->findings[c->nfindings++] = lp_buf_detach(&f, NULL);
		} else if (line[0] != '#' && line[0]) {
			fail_msg("%s: cannot read line: %s", path, line);
		}
	}
	lp_buf_release(&b);
}

static int rw_has_model(const rw_case *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->nmodels; i++)
		if (!strcmp(c->models[i], name))
			return 1;
	return 0;
}

/* A file the linter did not read says so when named; nothing unread may pass. */
static void rw_expect_read(const char *path)
{
	lp_diag *d = lp_diag_new();
	size_t i;
	assert_lp_ok(lp_lint_run(NULL, &path, 1, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!strcmp(e->rule, "LP-LINT-NO-FILES") || strstr(e->message, "is not a file logpipe lints") ||
			strstr(e->message, "holds no task definition"))
			fail_msg("%s was not read: %s", path, e->message);
	}
	lp_diag_free(d);
}

static void rw_case_dir(const char *dir, size_t *nfiles)
{
	lp_buf cp = LP_BUF_INIT, fp = LP_BUF_INIT, got = LP_BUF_INIT, want = LP_BUF_INIT;
	char *gotv[RW_MAX * 4];
	size_t ngot = 0, i, plen = strlen(dir) + 1;
	rw_case c;
	DIR *dp;
	struct dirent *de;
	lp_diag *d;
	const char *p = dir;

	lp_buf_printf(&cp, "%s/case.txt", dir);
	rw_parse(&c, cp.ptr);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "case.txt"))
			continue;
		if (!rw_has_model(&c, de->d_name))
			fail_msg("%s/%s: no 'model' line says which public file it reproduces", dir, de->d_name);
		lp_buf_clear(&fp);
		lp_buf_printf(&fp, "%s/%s", dir, de->d_name);
		if (strncmp(de->d_name, "Dockerfile", 10))
			rw_expect_read(fp.ptr);
		(*nfiles)++;
	}
	closedir(dp);
	d = lp_diag_new();
	assert_lp_ok(lp_lint_run(NULL, &p, 1, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		lp_buf f = LP_BUF_INIT;
		const char *file = e->span.file && !strncmp(e->span.file, dir, plen - 1) ? e->span.file + plen : "?";
		lp_buf_printf(&f, "%s %s %u %u", file, e->rule, e->span.line, e->span.col);
		assert_true(ngot < RW_MAX * 4);
		gotv[ngot++] = lp_buf_detach(&f, NULL);
	}
	qsort(gotv, ngot, sizeof(*gotv), cmp_cstr);
	qsort(c.findings, c.nfindings, sizeof(*c.findings), cmp_cstr);
	for (i = 0; i < ngot; i++)
		lp_buf_printf(&got, "%s\n", gotv[i]);
	for (i = 0; i < c.nfindings; i++)
		lp_buf_printf(&want, "%s\n", c.findings[i]);
	if (strcmp(got.ptr, want.ptr))
		fail_msg("%s: the findings changed (new, lost or moved); judge each and update case.txt\nwant:\n%s\ngot:\n%s",
			dir, want.ptr, got.ptr);
	for (i = 0; i < ngot; i++)
		lp_free(gotv[i]);
	for (i = 0; i < c.nfindings; i++)
		lp_free(c.findings[i]);
	for (i = 0; i < c.nmodels; i++)
		lp_free(c.models[i]);
	lp_diag_free(d);
	lp_buf_release(&cp);
	lp_buf_release(&fp);
	lp_buf_release(&got);
	lp_buf_release(&want);
}

/*
 * tests/realworld/<case>/: files written to reproduce the shapes of public
 * AWS repositories, linted as one project; case.txt names the public file
 * each one models and every finding judged right, with the reason.
 */
static void test_lint__realworld(void **state)
{
	DIR *dp = opendir("tests/realworld");
	struct dirent *de;
	char *names[RW_MAX * 2];
	size_t n = 0, i, nfiles = 0;
	(void)state;
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "README.md") && n < RW_MAX * 2)
			names[n++] = lp_strdup(de->d_name);
	closedir(dp);
	qsort(names, n, sizeof(*names), cmp_cstr);
	for (i = 0; i < n; i++) {
		lp_buf dir = LP_BUF_INIT;
		lp_buf_printf(&dir, "tests/realworld/%s", names[i]);
		rw_case_dir(dir.ptr, &nfiles);
		lp_buf_release(&dir);
		lp_free(names[i]);
	}
	assert_true(n >= 20);
	assert_true(nfiles >= 35);
}

/* ---- condition semantics on a hand-made rule ---------------------------- */

static const char rule_text[] =
	"rules:\n"
	"  - id: LP-T-MEM\n"
	"    title: t\n"
	"    severity: error\n"
	"    message: \"container {name}: {value} < {param:Min}\"\n"
	"    resources: [{ kind: taskdef }]\n"
	"    params: [{ name: Min, default: \"100\" }]\n"
	"    for_each: containerDefinitions.*\n"
	"    when: { path: \"/requiresCompatibilities.*\", some: { equals: EC2 } }\n"
	"    assert:\n"
	"      all:\n"
	"        - { path: memory, min: { param: Min } }\n"
	"        - { path: \"labels.\\\"a.b\\\"\", optional: true, in: [x, y] }\n"
	"        - { path: env.*, every: { not: { path: name, equals: SECRET } } }\n"
	"        - { path: ports.*, count: { max: 2 } }\n";

static const char *override_min(void *payload, const lp_rule *r, const char *key)
{
	(void)r;
	return !strcmp(key, "Min") ? payload : NULL;
}

static size_t apply_text(const char *json, const char *min, lp_diag *d)
{
	lp_ruleset *rs = NULL;
	lp_arena a = LP_ARENA_INIT;
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	size_t n;
	lp_diag *ld = lp_diag_new();
	assert_lp_ok(lp_ruleset_load_text(&rs, "t.yaml", rule_text, strlen(rule_text), ld));
	assert_int_equal(lp_diag_count(ld), 0);
	lp_diag_free(ld);
	assert_int_equal(lp_ruleset_count(rs), 1);
	assert_lp_ok(lp_yaml_load(&root, &a, "in.yaml", json, strlen(json), &lim, d));
	assert_non_null(root);
	n = lp_rule_apply(lp_ruleset_get(rs, 0), root, "fam", NULL, min ? override_min : NULL, (void *)min, d);
	lp_ruleset_free(rs);
	lp_arena_release(&a);
	return n;
}

static void test_lint__conditions(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_diag_entry *e;
	(void)state;
	/* keys match case-insensitively; the finding points at the offending value */
	assert_int_equal(apply_text("RequiresCompatibilities: [EC2]\nContainerDefinitions:\n  - Name: app\n    Memory: 64\n",
		NULL, d), 1);
	e = lp_diag_get(d, 0);
	assert_string_equal(e->rule, "LP-T-MEM");
	assert_int_equal(e->span.line, 4);
	assert_int_equal(e->span.col, 13);
	assert_string_equal(e->message, "container app: 64 < 100");
	assert_string_equal(e->target, "fam.app");
	lp_diag_free(d);

	d = lp_diag_new();
	/* a parameter override moves the threshold */
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions: [{name: a, memory: 64}]\n", "32", d), 0);
	/* `when` false: not evaluated at all */
	assert_int_equal(apply_text("requiresCompatibilities: [FARGATE]\ncontainerDefinitions: [{name: a, memory: 1}]\n", NULL, d), 0);
	/* an intrinsic is unknown, never a finding, also under `not` */
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions:\n  - { name: a, memory: !Ref Mem, env: !Ref E }\n",
		NULL, d), 0);
	/* quoted keys with dots, `optional`, `every` and `count` */
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions: [{name: a, memory: 128, labels: {a.b: z}}]\n",
		NULL, d), 1);
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions: [{name: a, memory: 128, env: [{name: X}, {name: SECRET}]}]\n",
		NULL, d), 1);
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions: [{name: a, memory: 128, ports: [1, 2, 3]}]\n",
		NULL, d), 1);
	assert_int_equal(apply_text("requiresCompatibilities: [EC2]\ncontainerDefinitions: [{name: a, memory: 128, ports: [1], labels: {a.b: x}}]\n",
		NULL, d), 0);
	lp_diag_free(d);
}

/* A spec parameter changes the threshold: MinRetentionTime default 365 vs a 30-day group. */
static void test_lint__param_default_and_detection(void **state)
{
	const char *text = "{\"LogGroups\": [{\"LogGroupName\": \"/a\", \"RetentionInDays\": 30}]}";
	(void)state;
	assert_int_equal(findings("LP-CW-RETENTION", "x.json", text), 1);
	assert_int_equal(lp_lint_detect("a.sql", "-- c\nCREATE EXTERNAL TABLE t (a int)", 32, NULL), LP_LINT_ATHENA_DDL);
	assert_int_equal(lp_lint_detect("f.conf", "[SERVICE]\n  Flush 1\n", 19, NULL), LP_LINT_FLUENTBIT_CONF);
}

/*
 * A finding on a generated file moves to the spec node its renderer recorded:
 * the longest recorded JSON path containing it, a rule-specific origin first,
 * the whole-file origin as the fallback; the generated position is kept.
 */
static void test_lint__findings_on_artifacts_move_to_the_spec(void **state)
{
	static const char groups[] = "{\n  \"LogGroups\": [\n    {\n      \"LogGroupName\": \"/a\",\n"
		"      \"RetentionInDays\": 30\n    }\n  ]\n}\n";
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_diag *d = lp_diag_new();
	lp_span whole = { "logpipe.yaml", 2, 1, 2, 9 }, item = { "logpipe.yaml", 5, 3, 5, 6 },
		ret = { "logpipe.yaml", 1, 1, 1, 8 }, kms = { "logpipe.yaml", 1, 1, 1, 8 };
	size_t i, seen = 0;
	(void)state;
	lp_buf_puts(lp_artifact_add(&set, "cloudwatch/log-groups.json"), groups);
	lp_artifact_origin_add(&set, "cloudwatch/log-groups.json", "", NULL, &whole, NULL, 0, NULL);
	lp_artifact_origin_add(&set, "cloudwatch/log-groups.json", "LogGroups[0]", NULL, &item, NULL, 0,
		"sources.api_gateway.orders");
	lp_artifact_origin_add(&set, "cloudwatch/log-groups.json", "LogGroups[0]", "LP-CW-ENCRYPTED", &kms,
		"defaults.cloudwatch.kms_key", 1, NULL);
	lp_artifact_origin_add(&set, "cloudwatch/log-groups.json", "LogGroups[0].RetentionInDays", NULL, &ret,
		"defaults.cloudwatch.retention_days", 1, NULL);
	lp_artifact_set_sort(&set);
	assert_int_equal(lp_artifact_origin_find(&set, "cloudwatch/log-groups.json", "LogGroups[0].LogGroupName", NULL)->span.line, 5);
	assert_int_equal(lp_artifact_origin_find(&set, "cloudwatch/log-groups.json", "LogGroups[1]", NULL)->span.line, 2);
	assert_null(lp_artifact_origin_find(&set, "cloudwatch/log-groups.jsonx", "", NULL));
	assert_true(lp_artifact_owned_by(&set, "cloudwatch/log-groups.json", "LogGroups[0].RetentionInDays", "sources.api_gateway"));
	assert_true(lp_artifact_owned_by(&set, "cloudwatch/log-groups.json", "LogGroups[0]", "sources.api_gateway.orders"));
	assert_false(lp_artifact_owned_by(&set, "cloudwatch/log-groups.json", "LogGroups[0]", "sources.api_gateway.order"));
	assert_false(lp_artifact_owned_by(&set, "cloudwatch/log-groups.json", "LogGroups[1]", "sources.api_gateway.orders"));
	o.artifact_dir = "out";
	assert_lp_ok(lp_lint_artifacts(&set, NULL, &o, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!strcmp(e->rule, "LP-CW-RETENTION")) {
			assert_string_equal(e->span.file, "logpipe.yaml");
			assert_string_equal(e->related.file, "out/cloudwatch/log-groups.json");
			assert_int_equal(e->related.line, 5);
			assert_non_null(strstr(e->help, "add 'defaults.cloudwatch.retention_days' to logpipe.yaml"));
			seen++;
		} else if (!strcmp(e->rule, "LP-CW-ENCRYPTED")) {
			assert_string_equal(e->span.file, "logpipe.yaml");
			assert_non_null(strstr(e->help, "'defaults.cloudwatch.kms_key'"));
			assert_int_equal(e->related.line, 3);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	lp_artifact_set_release(&set);
	lp_diag_free(d);
}

/*
 * Origins are looked up per file: interleaved files keep their own, in the
 * order added, and forgetting one file leaves the others and a later add intact.
 */
static void test_lint__origins_are_kept_per_file(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_span a1 = { "logpipe.yaml", 1, 1, 1, 2 }, b1 = { "logpipe.yaml", 2, 1, 2, 2 },
		a2 = { "logpipe.yaml", 3, 1, 3, 2 }, b2 = { "logpipe.yaml", 4, 1, 4, 2 },
		a3 = { "logpipe.yaml", 5, 1, 5, 2 };
	(void)state;
	lp_artifact_origin_add(&set, "a.json", "X", NULL, &a1, NULL, 0, "services.a");
	lp_artifact_origin_add(&set, "b.json", "X", NULL, &b1, NULL, 0, "services.b");
	lp_artifact_origin_add(&set, "a.json", "X", NULL, &a2, NULL, 0, NULL); /* same length: the first wins */
	lp_artifact_origin_add(&set, "b.json", "X.Y", NULL, &b2, NULL, 0, NULL);
	assert_int_equal(lp_artifact_origin_find(&set, "a.json", "X.Y", NULL)->span.line, 1);
	assert_int_equal(lp_artifact_origin_find(&set, "b.json", "X.Y", NULL)->span.line, 4);
	assert_true(lp_artifact_owned_by(&set, "a.json", "X", "services.a"));
	assert_false(lp_artifact_owned_by(&set, "a.json", "X", "services.b"));
	lp_artifact_origin_forget(&set, "a.json");
	assert_null(lp_artifact_origin_find(&set, "a.json", "X", NULL));
	assert_false(lp_artifact_owned_by(&set, "a.json", "X", "services.a"));
	assert_int_equal(lp_artifact_origin_find(&set, "b.json", "X", NULL)->span.line, 2);
	lp_artifact_origin_forget(&set, "c.json");
	lp_artifact_origin_add(&set, "a.json", "X", NULL, &a3, NULL, 0, NULL);
	assert_int_equal(lp_artifact_origin_find(&set, "a.json", "X", NULL)->span.line, 5);
	lp_artifact_set_release(&set);
}

/*
 * Findings of one rule that move to one spec position become the first of
 * them, counting the others; other rules, positions and unmoved findings
 * stay, in their order.
 */
static void test_lint__relocated_findings_merge_per_spec_position(void **state)
{
	static const char json[] = "{\n  \"A\": 1,\n  \"B\": 2\n}\n";
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_diag *d = lp_diag_new();
	lp_span spec = { "logpipe.yaml", 3, 5, 3, 9 }, own = { "logpipe.yaml", 1, 1, 1, 2 };
	lp_span a2 = { "out/a.json", 2, 3, 2, 6 }, a3 = { "out/a.json", 3, 3, 3, 6 }, b2 = { "out/b.json", 2, 3, 2, 6 };
	(void)state;
	lp_buf_puts(lp_artifact_add(&set, "a.json"), json);
	lp_buf_puts(lp_artifact_add(&set, "b.json"), json);
	lp_artifact_origin_add(&set, "a.json", "", NULL, &spec, NULL, 0, NULL);
	lp_artifact_origin_add(&set, "b.json", "", NULL, &spec, NULL, 0, NULL);
	lp_artifact_set_sort(&set);
	lp_diag_add(d, LP_SEV_WARNING, "LP-X", &own, NULL, "unmoved");
	lp_diag_add(d, LP_SEV_WARNING, "LP-A", &a2, NULL, "first");
	lp_diag_add(d, LP_SEV_WARNING, "LP-B", &a2, NULL, "other rule");
	lp_diag_add(d, LP_SEV_WARNING, "LP-A", &b2, NULL, "second");
	lp_diag_add(d, LP_SEV_ERROR, "LP-A", &a3, NULL, "other severity");
	lp_diag_add(d, LP_SEV_WARNING, "LP-A", &a3, NULL, "third");
	lp_lint_relocate(d, &set, "out");
	assert_int_equal(lp_diag_count(d), 4);
	assert_string_equal(lp_diag_get(d, 0)->message, "unmoved");
	assert_string_equal(lp_diag_get(d, 1)->message, "first (and 2 more generated from the same spec value)");
	assert_string_equal(lp_diag_get(d, 1)->span.file, "logpipe.yaml");
	assert_string_equal(lp_diag_get(d, 1)->related.file, "out/a.json");
	assert_string_equal(lp_diag_get(d, 2)->message, "other rule");
	assert_string_equal(lp_diag_get(d, 3)->message, "other severity");
	lp_artifact_set_release(&set);
	lp_diag_free(d);
}

/* LP-FLB-RETENTION and LP-CW-RETENTION-VALUE accept the same values: CloudWatch's current list. */
static void test_lint__retention_values_agree(void **state)
{
	static const char *const values[] = { "1096", "2192", "2557", "2922", "3288", "3653", "366", "0" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		lp_buf flb = LP_BUF_INIT, groups = LP_BUF_INIT;
		int bad = !strcmp(values[i], "366");
		lp_buf_printf(&flb, "[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n    region us-east-1\n"
			"    log_group_name g\n    log_stream_prefix x-\n    log_retention_days %s\n", values[i]);
		lp_buf_printf(&groups, "{\"LogGroups\": [{\"LogGroupName\": \"/a\", \"RetentionInDays\": %s}]}", values[i]);
		assert_int_equal(findings("LP-FLB-RETENTION", "fluent-bit.conf", flb.ptr), bad);
		if (strcmp(values[i], "0") != 0)
			assert_int_equal(findings("LP-CW-RETENTION-VALUE", "log-groups.json", groups.ptr), bad);
		lp_buf_release(&flb);
		lp_buf_release(&groups);
	}
}

#define SETTINGS_SPEC \
	"version: 1\nname: acme\nregion: us-east-1\naccount: \"123456789012\"\n" \
	"defaults: {cloudwatch: {retention_days: 30}}\n" \
	"sources:\n  api_gateway:\n    orders: {stage: prod}\n    billing: {stage: prod}\n" \
	"lint:\n"

/* The findings of lp_lint_check_settings on SETTINGS_SPEC + `lint`, sorted. */
static lp_diag *settings(const char *lint, lp_model **mp)
{
	lp_buf spec = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	lp_model *m = NULL;
	lp_buf_printf(&spec, "%s%s", SETTINGS_SPEC, lint);
	assert_lp_ok(lp_plan_load_buffer(&m, "logpipe.yaml", spec.ptr, spec.size, d));
	assert_non_null(m);
	assert_lp_ok(lp_lint_check_settings(m, d));
	lp_diag_sort(d);
	lp_buf_release(&spec);
	if (mp)
		*mp = m;
	else
		lp_model_free(m);
	return d;
}

static void test_lint__unknown_ignore_rule_is_an_error_with_did_you_mean(void **state)
{
	lp_diag *d = settings("  ignore:\n    - {rule: LP-CW-RETENTON, reason: r}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(d), 1);
	assert_string_equal(lp_diag_get(d, 0)->rule, "LP-SPEC-LINT");
	assert_int_equal(lp_diag_get(d, 0)->span.line, 12);
	assert_string_equal(lp_diag_get(d, 0)->message, "lint.ignore names no rule 'LP-CW-RETENTON'");
	assert_non_null(strstr(lp_diag_get(d, 0)->help, "did you mean 'LP-CW-RETENTION'?"));
	lp_diag_free(d);
}

static void test_lint__unknown_params_rule_is_an_error_with_did_you_mean(void **state)
{
	lp_diag *d = settings("  params:\n    cw-loggroup-retention-period-chek: {MinRetentionTime: 30}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(d), 1);
	assert_int_equal(lp_diag_get(d, 0)->span.line, 12);
	assert_int_equal(lp_diag_get(d, 0)->span.col, 5);
	assert_non_null(strstr(lp_diag_get(d, 0)->help, "did you mean 'cw-loggroup-retention-period-check'?"));
	lp_diag_free(d);
}

static void test_lint__unknown_parameter_is_an_error_with_did_you_mean(void **state)
{
	lp_diag *d = settings("  params:\n    cw-loggroup-retention-period-check: {MinRetention: 30}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(d), 1);
	assert_string_equal(lp_diag_get(d, 0)->message,
		"rule 'cw-loggroup-retention-period-check' has no parameter 'MinRetention'");
	assert_int_equal(lp_diag_get(d, 0)->span.col, 42);
	assert_non_null(strstr(lp_diag_get(d, 0)->help, "did you mean 'MinRetentionTime'?"));
	lp_diag_free(d);
	/* a rule without parameters takes none */
	d = settings("  params:\n    LP-ECS-PRIVILEGED: {x: 1}\n", NULL);
	assert_int_equal(lp_diag_count(d), 1);
	assert_string_equal(lp_diag_get(d, 0)->message, "rule 'LP-ECS-PRIVILEGED' takes no parameters");
	lp_diag_free(d);
}

static void test_lint__parameter_of_the_wrong_type_is_an_error(void **state)
{
	lp_diag *d = settings("  params:\n    cw-loggroup-retention-period-check: {MinRetentionTime: \"30\"}\n", NULL);
	(void)state;
	assert_int_equal(lp_diag_count(d), 1);
	assert_non_null(strstr(lp_diag_get(d, 0)->message, "takes a whole number, not '30'"));
	assert_int_equal(lp_diag_get(d, 0)->span.col, 60);
	lp_diag_free(d);
}

/* The Config identifier names the rule as well as its name and the LP id, in both lists. */
static void test_lint__config_identifier_form_is_accepted(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_model *m = NULL;
	lp_diag *d = settings("  ignore:\n    - {rule: CW_LOGGROUP_RETENTION_PERIOD_CHECK, reason: archived}\n"
		"  params:\n    CW_LOGGROUP_RETENTION_PERIOD_CHECK: {MinRetentionTime: 30}\n", &m);
	size_t i;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_lp_ok(lp_render_all(&set, m, &ro, d));
	assert_lp_ok(lp_lint_artifacts(&set, m, NULL, d));
	/* MinRetentionTime 30 is read, so 30 days pass and the ignore has nothing to suppress */
	for (i = 0; i < lp_diag_count(d); i++)
		assert_string_not_equal(lp_diag_get(d, i)->rule, "LP-CW-RETENTION");
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

/* sources.api_gateway.<name> suppresses what that source generated, and nothing else. */
static void test_lint__source_path_targets_match_what_the_source_generated(void **state)
{
	lp_artifact_set set = LP_ARTIFACT_SET_INIT;
	lp_render_opts ro = LP_RENDER_OPTS_INIT;
	lp_model *m = NULL;
	lp_diag *d = settings("  ignore:\n    - {rule: LP-CW-RETENTION, target: sources.api_gateway.orders, reason: short}\n", &m);
	size_t i, suppressed = 0, open = 0;
	(void)state;
	assert_int_equal(lp_diag_count(d), 0);
	assert_lp_ok(lp_render_all(&set, m, &ro, d));
	assert_lp_ok(lp_lint_artifacts(&set, m, NULL, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		assert_string_not_equal(e->rule, "LP-LINT-UNUSED-IGNORE");
		if (strcmp(e->rule, "LP-CW-RETENTION"))
			continue;
		if (e->suppressed) {
			assert_non_null(strstr(e->message, "rders")); /* the group, or the SAM resource OrdersAccessLogGroup */
			suppressed++;
		} else {
			assert_null(strstr(e->message, "rders"));
			open++;
		}
	}
	assert_true(suppressed >= 1);
	assert_true(open >= 1);
	lp_artifact_set_release(&set);
	lp_model_free(m);
	lp_diag_free(d);
}

/* One line per finding, in the sink's insertion order (not sorted): what -j must not change. */
static void findings_in_order(lp_buf *out, unsigned jobs, const lp_lint_input *in, size_t n)
{
	lp_lint_opts o = LP_LINT_OPTS_INIT;
	lp_diag *d = lp_diag_new();
	size_t i;
	o.jobs = jobs;
	o.fix = 1;
	assert_lp_ok(lp_lint_inputs(&o, in, n, d));
	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		lp_buf_printf(out, "%s %s:%u:%u %s|%s|%s|%s\n", e->rule, e->span.file ? e->span.file : "-", e->span.line,
			e->span.col, e->message, e->target ? e->target : "", e->suppressed ? e->suppressed : "",
			e->fix ? e->fix->description : "");
	}
	lp_diag_sort(d);
	assert_lp_ok(lp_diag_print_json(out, d));
	lp_diag_free(d);
}

/*
 * Files read on several threads give the findings one thread gives, in the
 * same insertion order (the report's last sort key), fixes, suppressions
 * and an @INCLUDE of another input included.
 */
static void test_lint__jobs_keep_the_order(void **state)
{
	static const char *const texts[] = {
		"{\"family\":\"x\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"i\",\"memory\":0,"
		"\"logConfiguration\":{\"logDriver\":\"json-file\"}}]}",
		"{\"family\": ",
		"[OUTPUT]\n    Name cloudwatch_logs\n    Match *\n@INCLUDE extra.conf\n",
		"[FILTER]\n    Name grep\n    Regex log ^(\n",
		"CREATE EXTERNAL TABLE x (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
		"WITH SERDEPROPERTIES ('input.regex' = '([^ ]*) ([^ ]*)') LOCATION 's3://b/';\n",
		"hello\n",
		"Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties: {}\n  # logpipe:ignore LP-NONE why\n",
	};
	static const char *const names[] = { "task.json", "bad.json", "fluent-bit.conf", "extra.conf", "t.sql",
		"notes.txt", "stack.yaml" };
	enum { KINDS = sizeof(texts) / sizeof(texts[0]), N = 10 * KINDS };
	lp_lint_input in[N];
	lp_arena a = LP_ARENA_INIT;
	lp_buf one = LP_BUF_INIT, many = LP_BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i < N; i++) {
		/* every tenth set reuses the first one's directory: a path named twice */
		in[i].path = lp_arena_printf(&a, "d%zu/%s", i / KINDS % 9, names[i % KINDS]);
		in[i].text = texts[i % KINDS];
		in[i].len = strlen(texts[i % KINDS]);
	}
	findings_in_order(&one, 1, in, N);
	findings_in_order(&many, 4, in, N);
	assert_true(one.size > 1000);
	assert_string_equal(one.ptr, many.ptr);
	lp_buf_clear(&many);
	findings_in_order(&many, 200, in, N); /* more threads than files */
	assert_string_equal(one.ptr, many.ptr);
	lp_buf_release(&one);
	lp_buf_release(&many);
	lp_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint__embedded_cases),
		cmocka_unit_test(test_lint__findings_on_artifacts_move_to_the_spec),
		cmocka_unit_test(test_lint__origins_are_kept_per_file),
		cmocka_unit_test(test_lint__relocated_findings_merge_per_spec_position),
		cmocka_unit_test(test_lint__retention_values_agree),
		cmocka_unit_test(test_lint__unknown_ignore_rule_is_an_error_with_did_you_mean),
		cmocka_unit_test(test_lint__unknown_params_rule_is_an_error_with_did_you_mean),
		cmocka_unit_test(test_lint__unknown_parameter_is_an_error_with_did_you_mean),
		cmocka_unit_test(test_lint__parameter_of_the_wrong_type_is_an_error),
		cmocka_unit_test(test_lint__config_identifier_form_is_accepted),
		cmocka_unit_test(test_lint__source_path_targets_match_what_the_source_generated),
		cmocka_unit_test(test_lint__config_verdicts),
		cmocka_unit_test(test_lint__corpus),
		cmocka_unit_test(test_lint__realworld),
		cmocka_unit_test(test_lint__conditions),
		cmocka_unit_test(test_lint__param_default_and_detection),
		cmocka_unit_test(test_lint__jobs_keep_the_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
