#include "lp_test.h"

#include <stdlib.h>
#include <unistd.h>

#include "diag/diag.h"
#include "render/template.h"
#include "util/arena.h"
#include "util/fs.h"
#include "util/mem.h"

static char dir[64];

static void write_file(const char *name, const char *text)
{
	lp_buf p = LP_BUF_INIT;
	lp_buf_printf(&p, "%s/%s", dir, name);
	assert_lp_ok(lp_fs_write_atomic(p.ptr, text, strlen(text)));
	lp_buf_release(&p);
}

static void remove_file(const char *name)
{
	lp_buf p = LP_BUF_INIT;
	lp_buf_printf(&p, "%s/%s", dir, name);
	unlink(p.ptr);
	lp_buf_release(&p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s", "/tmp/lp-template-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	write_file("conf.mustache", "[OUTPUT]\n    Name {{name}}\n{{> part}}\n");
	write_file("part.mustache", "    Match {{match}}\n");
	write_file("typo.mustache", "a\n{{> part}}{{nmae}}\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_file("conf.mustache");
	remove_file("part.mustache");
	remove_file("typo.mustache");
	rmdir(dir);
	return 0;
}

static void test_template__refuses_names_outside_the_directory(void **state)
{
	static const char *const bad[] = { "../etc/passwd", "/etc/passwd", "a/b.mustache", "..", ".", "",
		"a\\b" };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lp_buf out = LP_BUF_INIT;
		char *path = (char *)"unset";
		assert_int_equal(lp_template_get(&out, &path, bad[i], dir), -1);
		assert_null(path);
		assert_non_null(strstr(lp_error_last(), "invalid template name"));
		assert_int_equal(out.size, 0);
		lp_buf_release(&out);
	}
}

static void test_template__reads_override_directory(void **state)
{
	lp_buf out = LP_BUF_INIT, want = LP_BUF_INIT;
	char *path = NULL;
	(void)state;
	assert_lp_ok(lp_template_get(&out, &path, "part.mustache", dir));
	assert_string_equal(out.ptr, "    Match {{match}}\n");
	lp_buf_printf(&want, "%s/part.mustache", dir);
	assert_string_equal(path, want.ptr);
	lp_free(path);
	lp_buf_release(&out);
	lp_buf_release(&want);
}

static void test_template__missing_is_not_found(void **state)
{
	lp_buf out = LP_BUF_INIT;
	(void)state;
	assert_int_equal(lp_template_get(&out, NULL, "no-such.mustache", dir), LP_ENOTFOUND);
	assert_int_equal(lp_template_get(&out, NULL, "no-such.mustache", NULL), LP_ENOTFOUND);
	/* A mistyped --templates is an error, not a silent fallback to the built-ins. */
	assert_int_equal(lp_template_get(&out, NULL, "conf.mustache", "/nonexistent-templates"), -1);
	assert_non_null(strstr(lp_error_last(), "does not exist"));
	lp_buf_release(&out);
}

static void test_template__render_with_partials(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	lp_value *m = lp_value_map(&a);
	(void)state;
	lp_value_map_set_string(&a, m, "name", "cloudwatch_logs", NULL);
	lp_value_map_set_string(&a, m, "match", "app-firelens*", NULL);
	assert_int_equal(lp_template_render(&out, "conf.mustache", m, LP_ESCAPE_FLB_VALUE, dir, d), 0);
	assert_string_equal(out.ptr, "[OUTPUT]\n    Name cloudwatch_logs\n    Match app-firelens*\n");
	assert_int_equal(lp_diag_count(d), 0);
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
}

static void test_template__strict_findings_name_the_file(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT, want = LP_BUF_INIT;
	lp_value *m = lp_value_map(&a);
	lp_diag_entry *e;
	(void)state;
	lp_value_map_set_string(&a, m, "match", "x", NULL);
	assert_int_equal(lp_template_render(&out, "typo.mustache", m, LP_ESCAPE_NONE, dir, d), 1);
	assert_int_equal(lp_diag_count(d), 1);
	e = lp_diag_get(d, 0);
	lp_buf_printf(&want, "%s/typo.mustache", dir);
	assert_string_equal(e->span.file, want.ptr);
	assert_int_equal(e->span.line, 2);
	assert_int_equal(e->span.col, 11);
	lp_buf_release(&want);
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
}

/* Through a cache: read once, rendered per context, and per escaper (the DDL one settles tags while parsing). */
static void test_template__cache_renders_as_each_call_would(void **state)
{
	lp_arena a = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	lp_template_cache *c = lp_template_cache_new(dir);
	lp_value *m = lp_value_map(&a), *bad = lp_value_map(&a);
	(void)state;
	lp_value_map_set_string(&a, m, "name", "cloudwatch_logs", NULL);
	lp_value_map_set_string(&a, m, "match", "app-firelens*", NULL);
	lp_value_map_set_string(&a, bad, "name", "two\nlines", NULL);
	lp_value_map_set_string(&a, bad, "match", "x", NULL);
	assert_int_equal(lp_template_cache_render(&out, c, "conf.mustache", m, LP_ESCAPE_FLB_VALUE, d), 0);
	/* A refused value leaves `out` as it was, and the next render is whole. */
	assert_int_equal(lp_template_cache_render(&out, c, "conf.mustache", bad, LP_ESCAPE_FLB_VALUE, d), 1);
	assert_int_equal(lp_template_cache_render(&out, c, "conf.mustache", m, LP_ESCAPE_NONE, d), 0);
	assert_string_equal(out.ptr, "[OUTPUT]\n    Name cloudwatch_logs\n    Match app-firelens*\n"
				     "[OUTPUT]\n    Name cloudwatch_logs\n    Match app-firelens*\n");
	assert_int_equal(lp_diag_count(d), 1);
	/* Findings are each render's; a template that cannot be read fails the same way every time. */
	assert_int_equal(lp_template_cache_render(&out, c, "typo.mustache", m, LP_ESCAPE_NONE, d), 1);
	assert_int_equal(lp_template_cache_render(&out, c, "typo.mustache", m, LP_ESCAPE_NONE, d), 1);
	assert_int_equal(lp_template_cache_render(&out, c, "nothere.mustache", m, LP_ESCAPE_NONE, d), LP_ENOTFOUND);
	lp_template_cache_free(c);
	lp_template_cache_free(NULL);
	lp_buf_release(&out);
	lp_diag_free(d);
	lp_arena_release(&a);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_template__refuses_names_outside_the_directory),
		T(test_template__reads_override_directory),
		T(test_template__cache_renders_as_each_call_would),
		T(test_template__missing_is_not_found),
		T(test_template__render_with_partials),
		T(test_template__strict_findings_name_the_file),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
