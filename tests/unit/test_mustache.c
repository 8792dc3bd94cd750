#include "lp_test.h"

#include <stdlib.h>

#include "diag/diag.h"
#include "render/mustache.h"
#include "render/value.h"
#include "util/arena.h"

typedef struct fixture {
	lp_arena a;
	lp_diag *d;
	lp_buf out;
	lp_mustache_opts o;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_buf b = LP_BUF_INIT;
	f->d = lp_diag_new();
	f->out = b;
	f->o = o;
	f->o.name = "t.mustache";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lp_buf_release(&f->out);
	lp_diag_free(f->d);
	lp_arena_release(&f->a);
	free(f);
	return 0;
}

static int render(fixture *f, const char *tmpl, const lp_value *ctx)
{
	lp_buf_clear(&f->out);
	return lp_mustache_render(&f->out, tmpl, strlen(tmpl), ctx, &f->o, f->d);
}

/* Asserts finding `i` is at file:line:col and its message contains `msg`. */
static void assert_finding(fixture *f, size_t i, const char *file, unsigned line, unsigned col, const char *msg)
{
	lp_diag_entry *e;
	assert_true(lp_diag_count(f->d) > i);
	e = lp_diag_get(f->d, i);
	assert_int_equal(e->severity, LP_SEV_ERROR);
	assert_string_equal(e->span.file, file);
	assert_int_equal(e->span.line, line);
	assert_int_equal(e->span.col, col);
	if (!strstr(e->message, msg))
		fail_msg("message '%s' does not contain '%s'", e->message, msg);
}

static lp_value *ctx_new(fixture *f)
{
	lp_value *m = lp_value_map(&f->a);
	lp_value *list = lp_value_list(&f->a);
	lp_value_map_set_string(&f->a, m, "name", "shop", NULL);
	lp_value_map_set_number(&f->a, m, "n", 85);
	lp_value_list_push(&f->a, list, lp_value_string(&f->a, "a", NULL));
	lp_value_list_push(&f->a, list, lp_value_string(&f->a, "b", NULL));
	lp_value_list_push(&f->a, list, lp_value_string(&f->a, "c", NULL));
	lp_value_map_set(&f->a, m, "items", list);
	lp_value_map_set(&f->a, m, "none", lp_value_null(&f->a));
	return m;
}

static void test_mustache__lenient_missing_is_empty(void **state)
{
	fixture *f = *state;
	assert_int_equal(render(f, "[{{missing}}][{{#gone}}x{{/gone}}][{{^gone}}y{{/gone}}]", ctx_new(f)), 0);
	assert_string_equal(f->out.ptr, "[][][y]");
	assert_int_equal(lp_diag_count(f->d), 0);
}

static void test_mustache__strict_missing_names_the_tag(void **state)
{
	fixture *f = *state;
	f->o.strict = 1;
	assert_int_equal(render(f, "name={{name}}\n  n={{nmae}}\n{{#sect}}{{/sect}}", ctx_new(f)), 1);
	assert_int_equal(lp_diag_count(f->d), 2);
	assert_finding(f, 0, "t.mustache", 2, 5, "'nmae' is not defined");
	assert_finding(f, 1, "t.mustache", 3, 1, "section 'sect' is not defined");
	assert_string_equal(lp_diag_get(f->d, 0)->rule, LP_MUSTACHE_RULE);
}

static void test_mustache__strict_null_is_defined(void **state)
{
	fixture *f = *state;
	f->o.strict = 1;
	assert_int_equal(render(f, "[{{none}}]{{^none}}empty{{/none}}", ctx_new(f)), 0);
	assert_string_equal(f->out.ptr, "[]empty");
}

static void test_mustache__strict_missing_in_loop_reported_once(void **state)
{
	fixture *f = *state;
	f->o.strict = 1;
	assert_int_equal(render(f, "{{#items}}{{.}}{{nope}}{{/items}}", ctx_new(f)), 1);
	assert_int_equal(lp_diag_count(f->d), 1);
}

static void test_mustache__same_finding_from_two_renders_reported_once(void **state)
{
	fixture *f = *state;
	f->o.strict = 1;
	/* One template, two artifacts (say, one DDL per table): both fail, one finding. */
	assert_int_equal(render(f, "{{nope}}", ctx_new(f)), 1);
	assert_int_equal(render(f, "{{nope}}", ctx_new(f)), 1);
	assert_int_equal(lp_diag_count(f->d), 1);
	assert_int_equal(render(f, "{{#open}}", NULL), 1);
	assert_int_equal(render(f, "{{#open}}", NULL), 1);
	assert_int_equal(lp_diag_count(f->d), 2);
}

static void test_mustache__strict_list_is_not_text(void **state)
{
	fixture *f = *state;
	f->o.strict = 1;
	assert_int_equal(render(f, "{{items}}", ctx_new(f)), 1);
	assert_finding(f, 0, "t.mustache", 1, 1, "is a list");
}

static void test_mustache__syntax_errors_have_positions(void **state)
{
	fixture *f = *state;
	assert_int_equal(render(f, "ok\n  {{#a}}\nbody\n", NULL), 1);
	assert_finding(f, 0, "t.mustache", 2, 3, "section 'a' is never closed");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "{{#a}}\n{{#b}}x{{/a}}{{/b}}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 2, 8, "closing tag 'a' does not match section 'b' opened at 2:1");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "x{{/a}}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 1, 2, "has no open section");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "a\nb {{=<% =}}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 2, 3, "bad delimiter");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "{{=<<<<<<<<<<<<<<<<< >>=}}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 1, 1, "at most 16 characters");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "a {{name", NULL), 1);
	assert_finding(f, 0, "t.mustache", 1, 3, "unclosed tag");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "{{{name}}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 1, 1, "unclosed tag");
	lp_diag_truncate(f->d, 0);

	assert_int_equal(render(f, "{{ }}", NULL), 1);
	assert_finding(f, 0, "t.mustache", 1, 1, "empty tag name");
}

static void test_mustache__refused_value_points_at_spec(void **state)
{
	fixture *f = *state;
	lp_span sp = { "logpipe.yaml", 12, 9, 12, 30 };
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_string(&f->a, m, "group", "/ecs/shop\n[OUTPUT]", &sp);
	lp_value_map_set_string(&f->a, m, "nospan", "${HOME}", NULL);
	f->o.escaper = LP_ESCAPE_FLB_VALUE;
	f->o.strict = 1;
	assert_int_equal(render(f, "    log_group_name {{group}}\n    x {{nospan}}\n", m), 1);
	assert_int_equal(lp_diag_count(f->d), 2);
	assert_finding(f, 0, "logpipe.yaml", 12, 9, "'/ecs/shop\\n[OUTPUT]' cannot be written as a Fluent Bit value");
	assert_string_equal(lp_diag_get(f->d, 0)->rule, LP_MUSTACHE_RULE_ESCAPE);
	/* Without a spec span the template tag is the best position there is. */
	assert_finding(f, 1, "t.mustache", 2, 7, "environment");
	/* Nothing of the refused value reaches the output. */
	assert_null(strstr(f->out.ptr, "OUTPUT"));
}

/* '@' is a character after a key, a directive where a value starts the line. */
static void test_mustache__flb_value_at_line_start(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_string(&f->a, m, "key", "@timestamp", NULL);
	lp_value_map_set_string(&f->a, m, "inc", "@INCLUDE /etc/passwd", NULL);
	lp_value_map_set_string(&f->a, m, "sec", "[OUTPUT]", NULL);
	f->o.escaper = LP_ESCAPE_FLB_VALUE;
	f->o.strict = 1;
	assert_int_equal(render(f, "    time_key {{key}}\n", m), 0);
	assert_string_equal(f->out.ptr, "    time_key @timestamp\n");
	assert_int_equal(lp_diag_count(f->d), 0);
	assert_int_equal(render(f, "x\n    {{inc}}\n{{sec}}\n", m), 1);
	assert_int_equal(lp_diag_count(f->d), 2);
	assert_finding(f, 0, "t.mustache", 2, 5, "directive");
	assert_finding(f, 1, "t.mustache", 3, 1, "section");
	assert_null(strstr(f->out.ptr, "INCLUDE"));
}

static void test_mustache__escaper_applies_to_double_mustache_only(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_string(&f->a, m, "re", "it's \\d", NULL);
	f->o.escaper = LP_ESCAPE_SQL_STRING;
	assert_int_equal(render(f, "'{{re}}' {{{re}}} {{&re}}", m), 0);
	assert_string_equal(f->out.ptr, "'it\\'s \\\\d' it's \\d it's \\d");
}

static void test_mustache__athena_ddl_escapes_by_context(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_string(&f->a, m, "col", "latency_ms", NULL);
	lp_value_map_set_string(&f->a, m, "re", "^(\\d+) '(.*)'$", NULL);
	lp_value_map_set_string(&f->a, m, "bad", "x` string, `y", NULL);
	f->o.escaper = LP_ESCAPE_ATHENA_DDL;
	f->o.strict = 1;
	assert_int_equal(render(f,
		"CREATE EXTERNAL TABLE `{{col}}` ( -- it's {{col}}\n"
		"  `{{col}}` string COMMENT 'it\\'s {{re}}'\n"
		")\n"
		"WITH SERDEPROPERTIES ('input.regex' = '{{re}}', \"k\" = \"{{re}}\")\n"
		"LOCATION 's3://b/{{col}}/' {{col}}\n", m), 0);
	assert_string_equal(f->out.ptr,
		"CREATE EXTERNAL TABLE `latency_ms` ( -- it's latency_ms\n"
		"  `latency_ms` string COMMENT 'it\\'s ^(\\\\d+) \\'(.*)\\'$'\n"
		")\n"
		"WITH SERDEPROPERTIES ('input.regex' = '^(\\\\d+) \\'(.*)\\'$', \"k\" = \"^(\\\\d+) \\'(.*)\\'$\")\n"
		"LOCATION 's3://b/latency_ms/' latency_ms\n");
	/* A back-quote cannot close the identifier; a regex cannot be a bare word. */
	assert_int_equal(render(f, "`{{bad}}` {{re}}", m), 1);
	assert_int_equal(lp_diag_count(f->d), 2);
	assert_finding(f, 0, "t.mustache", 1, 2, "back-quote");
	assert_finding(f, 1, "t.mustache", 1, 11, "cannot be written as an Athena identifier");
}

static void test_mustache__numbers_and_bools(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_number(&f->a, m, "a", 85);
	lp_value_map_set_number(&f->a, m, "b", 1.21);
	lp_value_map_set_number(&f->a, m, "c", -0.5);
	lp_value_map_set_number(&f->a, m, "d", 1e21);
	lp_value_map_set_number(&f->a, m, "e", 3653);
	lp_value_map_set_number(&f->a, m, "f", 30);
	lp_value_map_set_number(&f->a, m, "g", -100);
	lp_value_map_set_number(&f->a, m, "h", 1e15);
	lp_value_map_set_number(&f->a, m, "i", 0.1);
	lp_value_map_set_bool(&f->a, m, "t", 1);
	lp_value_map_set_number(&f->a, m, "zero", 0);
	assert_int_equal(render(f, "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}} {{i}} {{t}} {{#zero}}zero-is-true{{/zero}}", m), 0);
	assert_string_equal(f->out.ptr, "85 1.21 -0.5 1e+21 3653 30 -100 1000000000000000 0.1 true zero-is-true");
}

static void test_mustache__map_keeps_insertion_order_and_replaces_in_place(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set_string(&f->a, m, "z", "1", NULL);
	lp_value_map_set_string(&f->a, m, "a", "2", NULL);
	lp_value_map_set_string(&f->a, m, "z", "3", NULL);
	assert_int_equal(m->u.map.n, 2);
	assert_string_equal(m->u.map.v[0].key, "z");
	assert_string_equal(lp_value_map_get(m, "z")->u.str.ptr, "3");
	assert_null(lp_value_map_get(m, "y"));
}

static int self_partial(lp_buf *out, const char *name, void *payload)
{
	(void)payload;
	if (strcmp(name, "self") == 0)
		return lp_buf_puts(out, "{{#items}}<{{>self}}>{{/items}}");
	if (strcmp(name, "deep") == 0)
		return lp_buf_puts(out, "x{{>deep}}");
	if (strcmp(name, "indented") == 0) /* standalone at two indentations: a new one per level and path */
		return lp_buf_puts(out, "{{#items}}\n {{>indented}}\n\t{{>indented}}\n{{/items}}\n");
	return LP_ENOTFOUND;
}

static void test_mustache__recursive_partial_hits_depth_limit(void **state)
{
	fixture *f = *state;
	f->o.partial = self_partial;
	f->o.max_depth = 8;
	assert_int_equal(render(f, "{{>deep}}", NULL), 1);
	assert_string_equal(f->out.ptr, "xxxxxxxx");
	assert_finding(f, 0, "deep", 1, 2, "nested deeper than 8");
}

static void test_mustache__exponential_partial_hits_step_budget(void **state)
{
	fixture *f = *state;
	f->o.partial = self_partial;
	f->o.max_steps = 100000;
	/* 3 items, 64 levels: 3^64 expansions unless bounded. */
	assert_int_equal(render(f, "{{>self}}", ctx_new(f)), LP_ETOOBIG);
	assert_non_null(strstr(lp_error_last(), "steps"));
}

static int counting_partial(lp_buf *out, const char *name, void *payload)
{
	(*(size_t *)payload)++;
	return self_partial(out, name, NULL);
}

static void test_mustache__partials_at_many_indentations_are_bounded(void **state)
{
	fixture *f = *state;
	size_t loads = 0;
	f->o.partial = counting_partial;
	f->o.payload = &loads;
	/*
	 * Every level doubles the distinct indentations (' ' or '\t' per
	 * level), and each is a partial loaded, indented and parsed anew. They
	 * were found by a scan over all the others, which made the step budget
	 * quadratic (a fuzz_mustache timeout), and were not bounded apart
	 * from it: now found by hash and capped.
	 */
	assert_int_equal(render(f, "{{>indented}}", ctx_new(f)), LP_ETOOBIG);
	assert_true(loads <= 256);
	assert_non_null(strstr(lp_error_last(), "partials at more than 256 indentations"));
}

static int cached_partial(lp_buf *out, const char *name, void *payload)
{
	(*(size_t *)payload)++;
	if (strcmp(name, "part") == 0)
		return lp_buf_puts(out, "<{{.}}>");
	if (strcmp(name, "broken") == 0)
		return lp_buf_puts(out, "{{#open}}");
	return self_partial(out, name, NULL);
}

/* A parsed template renders as the text does, and loads a partial once for all its renders. */
static void test_mustache__parsed_template_loads_each_partial_once(void **state)
{
	fixture *f = *state;
	const char *t = "{{#items}}{{>part}}{{/items}}{{name}}";
	lp_mustache_template *tpl = NULL;
	size_t loads = 0, i;
	f->o.partial = cached_partial;
	f->o.payload = &loads;
	f->o.strict = 1;
	assert_int_equal(lp_mustache_parse(&tpl, t, strlen(t), &f->o, f->d), 0);
	for (i = 0; i < 3; i++) {
		lp_buf_clear(&f->out);
		assert_int_equal(lp_mustache_template_render(&f->out, tpl, ctx_new(f), f->d), 0);
		assert_string_equal(f->out.ptr, "<a><b><c>shop");
	}
	assert_int_equal(loads, 1);
	/* A name the next context lacks is still a finding of that render. */
	lp_buf_clear(&f->out);
	assert_int_equal(lp_mustache_template_render(&f->out, tpl, lp_value_map(&f->a), f->d), 1);
	assert_finding(f, 0, "t.mustache", 1, 1, "section 'items' is not defined");
	lp_mustache_template_free(tpl);
}

/* A partial with a syntax error is not kept: each render that uses it fails as the first did. */
static void test_mustache__parsed_template_reports_a_broken_partial_every_render(void **state)
{
	fixture *f = *state;
	const char *t = "a{{>broken}}";
	lp_mustache_template *tpl = NULL;
	size_t loads = 0;
	f->o.partial = cached_partial;
	f->o.payload = &loads;
	assert_int_equal(lp_mustache_parse(&tpl, t, strlen(t), &f->o, f->d), 0);
	assert_int_equal(lp_mustache_template_render(&f->out, tpl, NULL, f->d), 1);
	assert_finding(f, 0, "broken", 1, 1, "section 'open' is never closed");
	assert_int_equal(lp_mustache_template_render(&f->out, tpl, NULL, f->d), 1);
	assert_int_equal(loads, 2);
	lp_mustache_template_free(tpl);
	/* A syntax error in the template itself: nothing to render. */
	assert_int_equal(lp_mustache_parse(&tpl, "{{/x}}", 6, &f->o, f->d), 1);
	assert_null(tpl);
}

/* The partial cap and the step budget are per render, whatever earlier renders loaded. */
static void test_mustache__parsed_template_keeps_the_budgets_of_one_render(void **state)
{
	fixture *f = *state;
	const char *t = "{{>indented}}";
	lp_mustache_template *tpl = NULL;
	size_t loads = 0, i;
	f->o.partial = cached_partial;
	f->o.payload = &loads;
	assert_int_equal(lp_mustache_parse(&tpl, t, strlen(t), &f->o, f->d), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(lp_mustache_template_render(&f->out, tpl, ctx_new(f), f->d), LP_ETOOBIG);
		assert_non_null(strstr(lp_error_last(), "partials at more than 256 indentations"));
	}
	lp_mustache_template_free(tpl);
	lp_mustache_template_free(NULL);
}

static void test_mustache__output_cap(void **state)
{
	fixture *f = *state;
	f->o.max_output = 10;
	assert_int_equal(render(f, "{{#items}}0123456789{{/items}}", ctx_new(f)), LP_ETOOBIG);
	assert_non_null(strstr(lp_error_last(), "exceeds 10 bytes"));
	f->o.max_output = 30;
	assert_int_equal(render(f, "{{#items}}0123456789{{/items}}", ctx_new(f)), 0);
}

static void test_mustache__missing_partial_strict(void **state)
{
	fixture *f = *state;
	f->o.partial = self_partial;
	f->o.strict = 1;
	assert_int_equal(render(f, "a\n {{> nothere}}\n", NULL), 1);
	assert_finding(f, 0, "t.mustache", 2, 2, "partial 'nothere' not found");
}

static void test_mustache__nul_in_a_value_is_refused_not_truncated(void **state)
{
	fixture *f = *state;
	lp_value *m = lp_value_map(&f->a);
	lp_value_map_set(&f->a, m, "v", lp_value_stringn(&f->a, "ab\0cd", 5, NULL));
	f->o.escaper = LP_ESCAPE_SQL_STRING;
	assert_int_equal(render(f, "'{{v}}'", m), 1);
	assert_finding(f, 0, "t.mustache", 1, 2, "NUL");
	assert_string_equal(f->out.ptr, "''");
}

static void test_mustache__deterministic(void **state)
{
	fixture *f = *state;
	const char *t = "{{#items}}{{.}},{{/items}}{{name}}={{n}}";
	char *first;
	assert_int_equal(render(f, t, ctx_new(f)), 0);
	first = strdup(f->out.ptr);
	assert_int_equal(render(f, t, ctx_new(f)), 0);
	assert_string_equal(f->out.ptr, first);
	assert_string_equal(first, "a,b,c,shop=85");
	free(first);
}

static void test_mustache__appends_to_existing_output(void **state)
{
	fixture *f = *state;
	lp_buf_clear(&f->out);
	lp_buf_puts(&f->out, "head|");
	f->o.max_output = 4;
	assert_int_equal(lp_mustache_render(&f->out, "{{name}}", 8, ctx_new(f), &f->o, f->d), 0);
	assert_string_equal(f->out.ptr, "head|shop");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mustache__lenient_missing_is_empty),
		T(test_mustache__strict_missing_names_the_tag),
		T(test_mustache__strict_null_is_defined),
		T(test_mustache__strict_missing_in_loop_reported_once),
		T(test_mustache__same_finding_from_two_renders_reported_once),
		T(test_mustache__strict_list_is_not_text),
		T(test_mustache__syntax_errors_have_positions),
		T(test_mustache__refused_value_points_at_spec),
		T(test_mustache__flb_value_at_line_start),
		T(test_mustache__escaper_applies_to_double_mustache_only),
		T(test_mustache__athena_ddl_escapes_by_context),
		T(test_mustache__numbers_and_bools),
		T(test_mustache__map_keeps_insertion_order_and_replaces_in_place),
		T(test_mustache__recursive_partial_hits_depth_limit),
		T(test_mustache__exponential_partial_hits_step_budget),
		T(test_mustache__partials_at_many_indentations_are_bounded),
		T(test_mustache__output_cap),
		T(test_mustache__parsed_template_loads_each_partial_once),
		T(test_mustache__parsed_template_reports_a_broken_partial_every_render),
		T(test_mustache__parsed_template_keeps_the_budgets_of_one_render),
		T(test_mustache__missing_partial_strict),
		T(test_mustache__nul_in_a_value_is_refused_not_truncated),
		T(test_mustache__deterministic),
		T(test_mustache__appends_to_existing_output),
	};
	return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
