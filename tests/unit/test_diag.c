#include "lp_test.h"

#include "diag/diag.h"
#include "diag/sarif.h"
#include "util/buf.h"

static void test_diag__text_has_position_caret_and_help(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	const char *src = "a: 1\nbuffer_mib: 5\n";
	const char *f = lp_diag_add_source(d, "logpipe.yaml", src, strlen(src));
	lp_span sp = { f, 2, 13, 2, 14 };
	(void)state;
	lp_diag_error(d, "LP-FH-003", &sp, "set buffer_mib to 64 or more", "buffer_mib must be >= 64 when format is parquet");
	lp_diag_print_text(&out, d, 0);
	assert_string_equal(out.ptr,
		"logpipe.yaml:2:13: error: buffer_mib must be >= 64 when format is parquet [LP-FH-003]\n"
		"    buffer_mib: 5\n"
		"                ^\n"
		"  help: set buffer_mib to 64 or more\n");
	lp_buf_release(&out);
	lp_diag_free(d);
}

static void test_diag__sorted_by_position_then_severity(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_span a = { "b.yaml", 1, 1, 0, 0 }, b = { "a.yaml", 9, 1, 0, 0 }, c = { "a.yaml", 2, 5, 0, 0 };
	(void)state;
	lp_diag_warning(d, "W", &a, NULL, "third");
	lp_diag_warning(d, "W", &b, NULL, "second");
	lp_diag_error(d, "E", &c, NULL, "first");
	lp_diag_sort(d);
	assert_string_equal(lp_diag_get(d, 0)->message, "first");
	assert_string_equal(lp_diag_get(d, 1)->message, "second");
	assert_string_equal(lp_diag_get(d, 2)->message, "third");
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_ERROR), 1);
	assert_int_equal(lp_diag_count_at_least(d, LP_SEV_WARNING), 3);
	lp_diag_free(d);
}

static void test_diag__json_is_stable(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	lp_span a = { "x.json", 3, 4, 3, 9 };
	(void)state;
	lp_diag_error(d, "R", &a, NULL, "bad \"thing\"");
	lp_diag_print_json(&out, d);
	assert_non_null(strstr(out.ptr, "\"message\": \"bad \\\"thing\\\"\""));
	assert_non_null(strstr(out.ptr, "\"errors\": 1"));
	lp_buf_release(&out);
	lp_diag_free(d);
}

/* Columns are code points; the caret is drawn in terminal cells, two for each CJK character. */
static void test_diag__caret_under_wide_characters(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	const char *src = "name: \"\xe3\x82\xb7\xe3\x83\xa7\", bufer: \xc3\xa9\t1\n";
	const char *f = lp_diag_add_source(d, "logpipe.yaml", src, strlen(src));
	lp_span key = { f, 1, 13, 1, 18 }, val = { f, 1, 20, 1, 22 };
	(void)state;
	lp_diag_error(d, "LP-SPEC-SCHEMA", &key, NULL, "unknown key 'bufer'");
	lp_diag_error(d, "LP-SPEC-SCHEMA", &val, NULL, "bad value");
	lp_diag_print_text(&out, d, 0);
	assert_string_equal(out.ptr,
		"logpipe.yaml:1:13: error: unknown key 'bufer' [LP-SPEC-SCHEMA]\n"
		"    name: \"\xe3\x82\xb7\xe3\x83\xa7\", bufer: \xc3\xa9\t1\n"
		"                  ^~~~~\n"
		"logpipe.yaml:1:20: error: bad value [LP-SPEC-SCHEMA]\n"
		"    name: \"\xe3\x82\xb7\xe3\x83\xa7\", bufer: \xc3\xa9\t1\n"
		"                         ^~\n");
	lp_buf_release(&out);
	lp_diag_free(d);
}

/* Interning returns one pointer per string, and a name interned before its text still finds the text. */
static void test_diag__intern_and_sources(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf name = LP_BUF_INIT;
	const char *early = lp_diag_intern(d, "a.yaml"), *text;
	size_t i, len = 0;
	(void)state;
	assert_ptr_equal(lp_diag_intern(d, "a.yaml"), early);
	assert_null(lp_diag_source_text(d, "a.yaml", NULL));
	assert_ptr_equal(lp_diag_add_source(d, "a.yaml", "x: 1\n", 5), early);
	text = lp_diag_source_text(d, early, &len);
	assert_non_null(text);
	assert_int_equal(len, 5);
	/* many files, as a lint of a large repository registers */
	for (i = 0; i < 5000; i++) {
		lp_buf_clear(&name);
		lp_buf_printf(&name, "dir/f%zu.json", i);
		lp_diag_add_source(d, name.ptr, name.ptr, name.size);
	}
	for (i = 0; i < 5000; i += 499) {
		lp_buf_clear(&name);
		lp_buf_printf(&name, "dir/f%zu.json", i);
		text = lp_diag_source_text(d, name.ptr, &len);
		assert_non_null(text);
		assert_int_equal(len, name.size);
		assert_memory_equal(text, name.ptr, len);
		assert_ptr_equal(lp_diag_intern(d, name.ptr), lp_diag_add_source(d, name.ptr, NULL, 0));
	}
	assert_null(lp_diag_source_text(d, "dir/f5000.json", NULL));
	assert_null(lp_diag_intern(d, NULL));
	lp_buf_release(&name);
	lp_diag_free(d);
}

/* SARIF artifact URIs are URI references: odd file names are percent-encoded, absolute ones get file://. */
static void test_diag__sarif_uris_are_encoded(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	lp_span a = { "./infra/my file#1.json", 1, 1, 1, 2 }, b = { "/abs/100%.conf", 2, 3, 2, 4 };
	(void)state;
	lp_diag_error(d, "LP-X", &a, NULL, "a");
	lp_diag_error(d, "LP-X", &b, NULL, "b");
	assert_lp_ok(lp_diag_print_sarif(&out, d, NULL, 0, NULL, NULL, NULL));
	assert_non_null(strstr(out.ptr, "\"uri\": \"infra/my%20file%231.json\""));
	assert_non_null(strstr(out.ptr, "\"uri\": \"file:///abs/100%25.conf\""));
	lp_buf_release(&out);
	lp_diag_free(d);
}

/* A finding moved to the spec keeps the generated position: text "  in ...", JSON "related", SARIF relatedLocations. */
static void test_diag__related_location_in_every_format(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_buf out = LP_BUF_INIT;
	const char *src = "version: 1\nservices:\n  web:\n";
	const char *f = lp_diag_add_source(d, "logpipe.yaml", src, strlen(src));
	lp_span gen = { "generated/ecs/web.task-definition.json", 38, 33, 38, 38 }, spec = { f, 3, 3, 3, 6 };
	lp_diag_entry *e;
	(void)state;
	e = lp_diag_warning(d, "LP-ECS-READONLY-ROOT", &gen, "old help", "container 'app' has a writable root file system");
	lp_diag_relocate(d, e, &spec, "set 'services.web.containers.app.readonly_root'");
	lp_diag_print_text(&out, d, 0);
	assert_string_equal(out.ptr,
		"logpipe.yaml:3:3: warning: container 'app' has a writable root file system [LP-ECS-READONLY-ROOT]\n"
		"  in generated/ecs/web.task-definition.json:38:33\n"
		"      web:\n"
		"      ^~~\n"
		"  help: set 'services.web.containers.app.readonly_root'\n");
	lp_buf_clear(&out);
	lp_diag_print_json(&out, d);
	assert_non_null(strstr(out.ptr, "\"file\": \"logpipe.yaml\""));
	assert_non_null(strstr(out.ptr, "\"related\": {\n        \"file\": \"generated/ecs/web.task-definition.json\",\n        \"line\": 38"));
	lp_buf_clear(&out);
	assert_lp_ok(lp_diag_print_sarif(&out, d, NULL, 0, NULL, NULL, NULL));
	assert_true(strstr(out.ptr, "\"uri\": \"logpipe.yaml\"") < strstr(out.ptr, "\"relatedLocations\""));
	assert_non_null(strstr(out.ptr, "\"uri\": \"generated/ecs/web.task-definition.json\""));
	lp_buf_release(&out);
	lp_diag_free(d);
}

/* One default shared by two services (LP-ECS-ROUTER-EOL on defaults.router.image) is one finding, not two. */
static void test_diag__same_finding_at_one_place_is_kept_once(void **state)
{
	lp_diag *d = lp_diag_new();
	lp_span at = { "logpipe.yaml", 7, 12, 7, 20 }, other = { "logpipe.yaml", 9, 12, 9, 20 };
	(void)state;
	lp_diag_warning(d, "LP-ECS-ROUTER-EOL", &at, "move to 3.x", "AWS for Fluent Bit 2.x reached end of life");
	lp_diag_warning(d, "LP-ECS-ROUTER-EOL", &at, "move to 3.x", "AWS for Fluent Bit 2.x reached end of life");
	lp_diag_warning(d, "LP-ECS-ROUTER-EOL", &other, "move to 3.x", "AWS for Fluent Bit 2.x reached end of life");
	lp_diag_sort(d);
	assert_int_equal(lp_diag_count(d), 2);
	assert_int_equal(lp_diag_get(d, 0)->span.line, 7);
	assert_int_equal(lp_diag_get(d, 1)->span.line, 9);
	lp_diag_free(d);
}

/* A sharing sink copies nothing the shared one holds, and keeps what only it was given. */
static void test_diag__sharing_sink_uses_the_shared_names_and_texts(void **state)
{
	lp_diag *run = lp_diag_new(), *w;
	const char *name = lp_diag_add_source_borrowed(run, "ecs/a.json", "{}\n", 3), *text;
	size_t len = 0;
	lp_span sp = { NULL, 1, 1, 1, 2 };
	(void)state;
	w = lp_diag_new_sharing(run);
	assert_ptr_equal(lp_diag_intern(w, "ecs/a.json"), name);
	assert_ptr_equal(lp_diag_add_source(w, "ecs/a.json", "{}\n", 3), name);
	text = lp_diag_source_text(w, "ecs/a.json", &len);
	assert_ptr_equal(text, lp_diag_source_text(run, name, NULL));
	assert_int_equal(len, 3);
	/* a file only the worker read (an @INCLUDE outside the run) is its own */
	assert_ptr_not_equal(lp_diag_add_source(w, "extra.conf", "x\n", 2), NULL);
	assert_null(lp_diag_source_text(run, "extra.conf", NULL));
	assert_string_equal(lp_diag_source_text(w, "extra.conf", NULL), "x\n");
	sp.file = name;
	lp_diag_add(w, LP_SEV_ERROR, "LP-X", &sp, NULL, "%s", "m");
	assert_ptr_equal(lp_diag_get(w, 0)->span.file, name);
	lp_diag_free(w);
	lp_diag_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag__text_has_position_caret_and_help),
		cmocka_unit_test(test_diag__caret_under_wide_characters),
		cmocka_unit_test(test_diag__intern_and_sources),
		cmocka_unit_test(test_diag__sharing_sink_uses_the_shared_names_and_texts),
		cmocka_unit_test(test_diag__sarif_uris_are_encoded),
		cmocka_unit_test(test_diag__sorted_by_position_then_severity),
		cmocka_unit_test(test_diag__json_is_stable),
		cmocka_unit_test(test_diag__related_location_in_every_format),
		cmocka_unit_test(test_diag__same_finding_at_one_place_is_kept_once),
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
