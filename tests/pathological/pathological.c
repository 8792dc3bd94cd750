/*
 * The pathological suite (cmark's pathological_tests.py, in C): generated
 * hostile inputs, each run in its own process so its time and peak memory can
 * be measured with wait4(). Every case must exit normally (never a signal or
 * an internal error), with an allowed exit code and, where the input has to
 * be refused, the expected message, using under MAX_CPU_SECONDS of CPU and
 * MAX_RSS_MB of peak RSS. Builds that are refused must write nothing.
 *
 * Most cases run the logpipe binary on files generated into a fresh directory
 * (the whole path a user's file takes: read limits, loader, schema, model,
 * renderers, lint); template cases run the renderer in a forked child, as no
 * command takes a template alone.
 *
 * usage: pathological LOGPIPE SOURCE_ROOT [CASE...]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "diag/diag.h"
#include "render/mustache.h"
#include "render/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"

/*
 * A guard against blow-ups (quadratic or exponential work), not a benchmark:
 * ASan, UBSan and a loaded machine all slow a linear run several times over,
 * so the budget leaves room for them; bench/ measures the real cost.
 */
#define MAX_CPU_SECONDS 5.0
#define MAX_RSS_MB 200
/* A hang guard only; the CPU budget is the real limit. */
#define MAX_WALL_SECONDS 20

/* Exit codes a case allows, as a bit mask. */
#define EXIT_OK (1u << 0)
#define EXIT_FINDINGS (1u << 1)
#define EXIT_INPUT (1u << 2)

static const char *source_root;
static const char *logpipe_path;

/* ---- generators ---------------------------------------------------------- */

typedef struct gen {
	const char *dir;
	FILE *f;
	int failed;
} gen;

static void gen_open(gen *g, const char *name)
{
	lp_buf path = LP_BUF_INIT;
	char *slash;
	lp_buf_printf(&path, "%s/%s", g->dir, name);
	if ((slash = strrchr(path.ptr, '/')) != NULL && slash > path.ptr + strlen(g->dir)) {
		*slash = '\0';
		mkdir(path.ptr, 0777);
		*slash = '/';
	}
	g->f = fopen(path.ptr, "wb");
	if (!g->f) {
		fprintf(stderr, "pathological: cannot write '%s': %s\n", path.ptr, strerror(errno));
		g->failed = 1;
	}
	lp_buf_release(&path);
}

static void gen_close(gen *g)
{
	if (g->f && fclose(g->f) != 0)
		g->failed = 1;
	g->f = NULL;
}

static void put(gen *g, const char *s, size_t n)
{
	if (g->f && n && fwrite(s, 1, n, g->f) != n)
		g->failed = 1;
}

static void puts_(gen *g, const char *s) { put(g, s, strlen(s)); }

static void repeat(gen *g, const char *s, size_t times)
{
	size_t n = strlen(s), i;
	for (i = 0; i < times; i++)
		put(g, s, n);
}

static void file(gen *g, const char *name, const char *text)
{
	gen_open(g, name);
	puts_(g, text);
	gen_close(g);
}

/* A spec that builds cleanly, so variants of it show what the bytes around it change. */
static void valid_spec(gen *g, lp_buf *out)
{
	lp_buf path = LP_BUF_INIT;
	lp_buf_printf(&path, "%s/examples/alb/logpipe.yaml", source_root);
	if (lp_fs_read(out, path.ptr, 1 << 20) < 0)
		g->failed = 1;
	lp_buf_release(&path);
}

static void g_billion_laughs(gen *g)
{
	int i, j;
	gen_open(g, "spec.yaml");
	puts_(g, "version: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (i = 1; i < 10; i++) {
		fprintf(g->f, "a%d: &a%d [", i, i);
		for (j = 0; j < 10; j++)
			fprintf(g->f, "%s*a%d", j ? ", " : "", i - 1);
		puts_(g, "]\n");
	}
	gen_close(g);
}

static void g_flow_seq(gen *g)
{
	gen_open(g, "spec.yaml");
	puts_(g, "version: 1\nname: ");
	repeat(g, "[", 10000);
	repeat(g, "]", 10000);
	puts_(g, "\n");
	gen_close(g);
}

static void g_flow_map(gen *g)
{
	gen_open(g, "spec.yaml");
	puts_(g, "version: 1\nname: ");
	repeat(g, "{a: ", 10000);
	puts_(g, "x");
	repeat(g, "}", 10000);
	puts_(g, "\n");
	gen_close(g);
}

/* Block sequences nest on one line ("- - - x"), so 10,000 levels stay small. */
static void g_block_seq(gen *g)
{
	gen_open(g, "spec.yaml");
	puts_(g, "version: 1\nname:\n  ");
	repeat(g, "- ", 10000);
	puts_(g, "x\n");
	gen_close(g);
}

/* Block mappings need one more space per level: 10,000 levels are ~50 MB of indentation. */
static void g_block_map(gen *g, size_t levels)
{
	size_t i;
	gen_open(g, "spec.yaml");
	for (i = 0; i < levels; i++) {
		repeat(g, " ", i);
		puts_(g, "a:\n");
	}
	gen_close(g);
}

static void g_block_map_10000(gen *g) { g_block_map(g, 10000); }
static void g_block_map_1000(gen *g) { g_block_map(g, 1000); }

static void g_scalar(gen *g, size_t mb)
{
	char *chunk = malloc(1 << 20);
	size_t i;
	memset(chunk, 'x', 1 << 20);
	gen_open(g, "spec.yaml");
	puts_(g, "version: 1\nname: \"");
	for (i = 0; i < mb; i++)
		put(g, chunk, 1 << 20);
	puts_(g, "\"\n");
	gen_close(g);
	free(chunk);
}

static void g_scalar_100mb(gen *g) { g_scalar(g, 100); }
static void g_scalar_2mb(gen *g) { g_scalar(g, 2); }

/* "k0a1f3:\n" is 8 bytes: a million keys fit under the 8 MiB document limit. */
static void g_million_keys(gen *g)
{
	size_t i;
	gen_open(g, "spec.yaml");
	for (i = 0; i < 1000000; i++)
		fprintf(g->f, "k%05zx:\n", i);
	gen_close(g);
}

/* A valid spec with a 7 MB comment line in front: must still build. */
static void g_long_line(gen *g)
{
	lp_buf spec = LP_BUF_INIT;
	valid_spec(g, &spec);
	gen_open(g, "spec.yaml");
	puts_(g, "# ");
	repeat(g, "0123456789abcdef", (size_t)7 << 16);
	puts_(g, "\n");
	put(g, spec.ptr, spec.size);
	gen_close(g);
	lp_buf_release(&spec);
}

static void g_nul_raw(gen *g)
{
	gen_open(g, "spec.yaml");
	put(g, "version: 1\nname: a\0b\n", 21);
	gen_close(g);
}

static void g_nul_escape(gen *g) { file(g, "spec.yaml", "version: 1\nname: \"a\\0b\"\n"); }
static void g_invalid_utf8(gen *g) { file(g, "spec.yaml", "version: 1\nname: \"\xff\xfe\"\n"); }
/* '/' as two bytes: an overlong form that naive decoders turn into a path separator. */
static void g_overlong_utf8(gen *g) { file(g, "spec.yaml", "version: 1\nname: \"a\xc0\xaf" "b\"\n"); }
static void g_surrogate_utf8(gen *g) { file(g, "spec.yaml", "version: 1\nname: \"\xed\xa0\x80\"\n"); }

static void g_utf16_bom(gen *g)
{
	static const char text[] = "\xff\xfev\0e\0r\0s\0i\0o\0n\0:\0 \0001\0\n\0";
	gen_open(g, "spec.yaml");
	put(g, text, sizeof(text) - 1);
	gen_close(g);
}

static void g_utf8_bom(gen *g)
{
	lp_buf spec = LP_BUF_INIT;
	valid_spec(g, &spec);
	gen_open(g, "spec.yaml");
	puts_(g, "\xef\xbb\xbf");
	put(g, spec.ptr, spec.size);
	gen_close(g);
	lp_buf_release(&spec);
}

static void g_crlf(gen *g)
{
	lp_buf spec = LP_BUF_INIT;
	size_t i;
	valid_spec(g, &spec);
	gen_open(g, "spec.yaml");
	for (i = 0; i < spec.size; i++)
		put(g, spec.ptr[i] == '\n' ? "\r\n" : spec.ptr + i, spec.ptr[i] == '\n' ? 2 : 1);
	gen_close(g);
	lp_buf_release(&spec);
}

static void g_tabs(gen *g) { file(g, "spec.yaml", "version: 1\nname: shop\nlake:\n\tbucket: x\n"); }

static void g_json_array(gen *g)
{
	gen_open(g, "deep.json");
	repeat(g, "[", 10000);
	repeat(g, "]", 10000);
	puts_(g, "\n");
	gen_close(g);
}

static void g_json_object(gen *g)
{
	gen_open(g, "deep.json");
	repeat(g, "{\"Resources\": ", 10000);
	puts_(g, "1");
	repeat(g, "}", 10000);
	puts_(g, "\n");
	gen_close(g);
}

static void g_ddl_columns(gen *g)
{
	size_t i;
	gen_open(g, "t.sql");
	puts_(g, "CREATE EXTERNAL TABLE t (\n");
	for (i = 0; i < 100000; i++)
		fprintf(g->f, "%s  c%06zu string", i ? ",\n" : "", i);
	puts_(g, "\n)\nSTORED AS PARQUET\nLOCATION 's3://bucket/prefix/';\n");
	gen_close(g);
}

static void g_ddl_type_depth(gen *g)
{
	gen_open(g, "t.sql");
	puts_(g, "CREATE EXTERNAL TABLE t (a ");
	repeat(g, "array<", 10000);
	puts_(g, "string");
	repeat(g, ">", 10000);
	puts_(g, ") LOCATION 's3://bucket/prefix/';\n");
	gen_close(g);
}

static void g_ddl_long_line(gen *g)
{
	gen_open(g, "t.sql");
	puts_(g, "CREATE EXTERNAL TABLE t (a string) STORED AS PARQUET LOCATION 's3://bucket/prefix/'\n"
		 "TBLPROPERTIES ('comment'='");
	repeat(g, "it\\'s \\\\d ", (size_t)6 << 17);
	puts_(g, "');\n");
	gen_close(g);
}

static void g_flb_cycle(gen *g)
{
	file(g, "flb/a.conf", "[SERVICE]\n    Flush 1\n@INCLUDE b.conf\n");
	file(g, "flb/b.conf", "@INCLUDE a.conf\n[OUTPUT]\n    Name  stdout\n    Match *\n");
}

static void g_flb_glob_self(gen *g)
{
	file(g, "flb/fluent-bit.conf", "@INCLUDE *.conf\n[OUTPUT]\n    Name  stdout\n    Match *\n");
	file(g, "flb/other.conf", "@INCLUDE *.conf\n");
}

static void g_flb_huge_line(gen *g)
{
	gen_open(g, "flb/fluent-bit.conf");
	puts_(g, "[OUTPUT]\n    Name  stdout\n    Match ");
	repeat(g, "x", (size_t)7 << 20);
	puts_(g, "\n");
	gen_close(g);
}

/* A RegexSerDe regex that backtracks exponentially on lines it almost matches. */
static void g_samples_backtracking(gen *g)
{
	size_t i;
	file(g, "t.sql", "CREATE EXTERNAL TABLE t (a string)\n"
			 "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
			 "WITH SERDEPROPERTIES ('input.regex' = '(\\\\w+\\\\s?)*')\n"
			 "LOCATION 's3://bucket/prefix/';\n");
	gen_open(g, "log.txt");
	for (i = 0; i < 1000; i++)
		puts_(g, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n");
	gen_close(g);
}

/* Two links to '.': followed while walking, they make 2^40 paths. */
static void g_lint_symlink_loops(gen *g)
{
	lp_buf link = LP_BUF_INIT;
	const char *const names[] = { "tree/a", "tree/b" };
	size_t i;
	file(g, "tree/deep.json", "{\"LogGroups\": []}\n");
	for (i = 0; i < 2; i++) {
		lp_buf_clear(&link);
		lp_buf_printf(&link, "%s/%s", g->dir, names[i]);
		if (symlink(".", link.ptr) < 0)
			g->failed = 1;
	}
	lp_buf_release(&link);
}

/*
 * A commit whose generated file inflates to 300 MB (zeros compress to almost
 * nothing): 'check' must not inflate it to learn that it differs.
 */
static void g_check_blob_bomb(gen *g)
{
	lp_buf spec = LP_BUF_INIT, cmd = LP_BUF_INIT;
	valid_spec(g, &spec);
	gen_open(g, "logpipe.yaml");
	put(g, spec.ptr, spec.size);
	gen_close(g);
	lp_buf_printf(&cmd,
		"cd '%s' && git init -q && git config user.email t@example.invalid && git config user.name t && "
		"'%s' build logpipe.yaml -o generated >/dev/null 2>&1 && "
		"for f in generated/athena/*.sql; do head -c 300000000 /dev/zero >\"$f\"; break; done && "
		"git add -A && git commit -qm bomb && "
		"for f in generated/athena/*.sql; do : >\"$f\"; done",
		g->dir, logpipe_path);
	if (system(cmd.ptr) != 0)
		g->failed = 1;
	lp_buf_release(&cmd);
	lp_buf_release(&spec);
}

/* ---- template cases (run in the child) ----------------------------------- */

/* 0 when the renderer stayed within its limits and said so (a finding or LP_ETOOBIG), else 1. */
static int render(const lp_buf *tmpl, lp_value *ctx, int want_refusal)
{
	lp_mustache_opts o = LP_MUSTACHE_OPTS_INIT;
	lp_buf out = LP_BUF_INIT;
	lp_diag *d = lp_diag_new();
	int rc;
	o.name = "pathological.mustache";
	o.partial = NULL;
	rc = lp_mustache_render(&out, tmpl->ptr, tmpl->size, ctx, &o, d);
	if (rc == 1) {
		lp_buf text = LP_BUF_INIT;
		lp_diag_print_text(&text, d, 0);
		fputs(text.ptr, stderr);
		lp_buf_release(&text);
	} else if (rc < 0) {
		fprintf(stderr, "%s\n", lp_error_last());
	}
	lp_buf_release(&out);
	lp_diag_free(d);
	return want_refusal ? !(rc == 1 || rc < 0) : rc != 0;
}

static int t_nested_sections(void)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf t = LP_BUF_INIT;
	lp_value *ctx = lp_value_map(&a);
	int i, rc;
	lp_value_map_set_bool(&a, ctx, "s", 1);
	for (i = 0; i < 10000; i++)
		lp_buf_puts(&t, "{{#s}}");
	for (i = 0; i < 10000; i++)
		lp_buf_puts(&t, "{{/s}}");
	rc = render(&t, ctx, 1);
	lp_buf_release(&t);
	lp_arena_release(&a);
	return rc;
}

/* Six nested loops over ten items: a million iterations from a 100-byte template. */
static int t_expansion(void)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf t = LP_BUF_INIT;
	lp_value *ctx = lp_value_map(&a), *list = lp_value_list(&a);
	int i, rc;
	for (i = 0; i < 10; i++)
		lp_value_list_push(&a, list, lp_value_string(&a, "0123456789abcdef0123456789abcdef", NULL));
	lp_value_map_set(&a, ctx, "l", list);
	for (i = 0; i < 7; i++)
		lp_buf_puts(&t, "{{#l}}");
	lp_buf_puts(&t, "{{.}}");
	for (i = 0; i < 7; i++)
		lp_buf_puts(&t, "{{/l}}");
	rc = render(&t, ctx, 1);
	lp_buf_release(&t);
	lp_arena_release(&a);
	return rc;
}

/* The same loops with nothing to write: only the step budget stops them. */
static int t_silent_expansion(void)
{
	lp_arena a = LP_ARENA_INIT;
	lp_buf t = LP_BUF_INIT;
	lp_value *ctx = lp_value_map(&a), *list = lp_value_list(&a);
	int i, rc;
	for (i = 0; i < 10; i++)
		lp_value_list_push(&a, list, lp_value_bool(&a, 1));
	lp_value_map_set(&a, ctx, "l", list);
	for (i = 0; i < 8; i++)
		lp_buf_puts(&t, "{{#l}}");
	lp_buf_puts(&t, "{{missing}}");
	for (i = 0; i < 8; i++)
		lp_buf_puts(&t, "{{/l}}");
	rc = render(&t, ctx, 1);
	lp_buf_release(&t);
	lp_arena_release(&a);
	return rc;
}

static int t_long_line(void)
{
	lp_buf t = LP_BUF_INIT;
	int rc;
	lp_buf_putcn(&t, 'x', (size_t)7 << 20);
	lp_buf_puts(&t, "{{missing}}\n");
	rc = render(&t, NULL, 0);
	lp_buf_release(&t);
	return rc;
}

/* ---- the runner ---------------------------------------------------------- */

typedef struct pcase {
	const char *name;
	void (*gen)(gen *g);
	const char *args[6];  /* logpipe arguments, run in the case's directory */
	int (*lib)(void);     /* instead of args: runs in a forked child, exit code = its result */
	unsigned exits;       /* allowed exit codes (EXIT_*) */
	const char *expect;   /* must appear in the output, or NULL */
} pcase;

/*
 * The node budget follows the size limit (8 MiB / 8 bytes), so the densest
 * hostile text loads a million nodes before it is refused: about 190 MB in a
 * release build, more under ASan's shadow memory.
 */
static long rss_limit_mb(const pcase *c)
{
	return !strcmp(c->name, "yaml-million-keys") ? 320 : MAX_RSS_MB;
}

#define BUILD(spec) { "build", spec, "-o", "out", NULL }

static const pcase cases[] = {
	{ "yaml-billion-laughs", g_billion_laughs, BUILD("spec.yaml"), NULL, EXIT_INPUT, "through aliases" },
	{ "yaml-flow-seq-10000-deep", g_flow_seq, BUILD("spec.yaml"), NULL, EXIT_INPUT, "nesting deeper than 64" },
	{ "yaml-flow-map-10000-deep", g_flow_map, BUILD("spec.yaml"), NULL, EXIT_INPUT, "nesting deeper than 64" },
	{ "yaml-block-seq-10000-deep", g_block_seq, BUILD("spec.yaml"), NULL, EXIT_INPUT, "nesting deeper than 64" },
	{ "yaml-block-map-1000-deep", g_block_map_1000, BUILD("spec.yaml"), NULL, EXIT_INPUT, "nesting deeper than 64" },
	{ "yaml-block-map-10000-deep", g_block_map_10000, BUILD("spec.yaml"), NULL, EXIT_INPUT, "larger than the limit" },
	{ "yaml-scalar-100mb", g_scalar_100mb, BUILD("spec.yaml"), NULL, EXIT_INPUT, "larger than the limit" },
	{ "yaml-scalar-2mb", g_scalar_2mb, BUILD("spec.yaml"), NULL, EXIT_INPUT, "exceeds the limit of 1048576" },
	{ "yaml-million-keys", g_million_keys, BUILD("spec.yaml"), NULL, EXIT_INPUT, "document has more than 1048576 nodes" },
	{ "yaml-7mb-line", g_long_line, BUILD("spec.yaml"), NULL, EXIT_OK, NULL },
	{ "yaml-nul-raw", g_nul_raw, BUILD("spec.yaml"), NULL, EXIT_INPUT, "spec.yaml:2:8: error: NUL byte" },
	{ "yaml-nul-escape", g_nul_escape, BUILD("spec.yaml"), NULL, EXIT_INPUT, "NUL character in a scalar" },
	{ "yaml-invalid-utf8", g_invalid_utf8, BUILD("spec.yaml"), NULL, EXIT_INPUT, "invalid UTF-8 byte 0xff" },
	{ "yaml-overlong-utf8", g_overlong_utf8, BUILD("spec.yaml"), NULL, EXIT_INPUT, "invalid UTF-8 byte 0xc0" },
	{ "yaml-surrogate-utf8", g_surrogate_utf8, BUILD("spec.yaml"), NULL, EXIT_INPUT, "invalid UTF-8 byte 0xed" },
	{ "yaml-utf16-bom", g_utf16_bom, BUILD("spec.yaml"), NULL, EXIT_INPUT, "error:" },
	{ "yaml-utf8-bom", g_utf8_bom, BUILD("spec.yaml"), NULL, EXIT_OK, NULL },
	{ "yaml-crlf", g_crlf, BUILD("spec.yaml"), NULL, EXIT_OK, NULL },
	{ "yaml-tab-indent", g_tabs, BUILD("spec.yaml"), NULL, EXIT_INPUT, "spec.yaml:4:1: error: invalid YAML" },
	{ "lint-json-array-10000-deep", g_json_array, { "lint", "--kind", "cfn", "deep.json", NULL }, NULL,
		EXIT_FINDINGS | EXIT_INPUT, "nesting deeper than 64" },
	{ "lint-json-object-10000-deep", g_json_object, { "lint", "deep.json", NULL }, NULL,
		EXIT_FINDINGS | EXIT_INPUT, "nesting deeper than 64" },
	{ "lint-json-array-detect", g_json_array, { "lint", "deep.json", NULL }, NULL, EXIT_OK | EXIT_FINDINGS | EXIT_INPUT,
		NULL },
	{ "lint-symlink-loops", g_lint_symlink_loops, { "lint", "tree", NULL }, NULL, EXIT_OK | EXIT_FINDINGS, NULL },
	{ "ddl-100000-columns", g_ddl_columns, { "lint", "t.sql", NULL }, NULL, EXIT_OK | EXIT_FINDINGS, NULL },
	{ "ddl-type-10000-deep", g_ddl_type_depth, { "lint", "t.sql", NULL }, NULL, EXIT_FINDINGS,
		"type nested deeper than 64" },
	{ "ddl-7mb-literal", g_ddl_long_line, { "lint", "t.sql", NULL }, NULL, EXIT_OK | EXIT_FINDINGS, NULL },
	{ "flb-include-cycle", g_flb_cycle, { "lint", "flb/a.conf", NULL }, NULL, EXIT_FINDINGS, "includes itself" },
	{ "flb-include-glob-self", g_flb_glob_self, { "lint", "flb/fluent-bit.conf", NULL }, NULL, EXIT_FINDINGS,
		"includes itself" },
	{ "flb-7mb-line", g_flb_huge_line, { "lint", "flb/fluent-bit.conf", NULL }, NULL, EXIT_OK | EXIT_FINDINGS, NULL },
	{ "samples-backtracking-regex", g_samples_backtracking, { "samples", "--table", "t.sql", "log.txt", NULL }, NULL,
		EXIT_FINDINGS | EXIT_INPUT, NULL },
	{ "check-300mb-blob", g_check_blob_bomb, { "check", "--rev", "HEAD", "logpipe.yaml", NULL }, NULL, EXIT_FINDINGS,
		"differs: generated/athena/" },
	{ "mustache-10000-nested-sections", NULL, { NULL }, t_nested_sections, EXIT_OK, "sections nested deeper than 64" },
	{ "mustache-expansion", NULL, { NULL }, t_expansion, EXIT_OK, "exceeds" },
	{ "mustache-silent-expansion", NULL, { NULL }, t_silent_expansion, EXIT_OK, "exceeds" },
	{ "mustache-7mb-line", NULL, { NULL }, t_long_line, EXIT_OK, NULL },
};

static double seconds(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int rm_rf(const char *path)
{
	pid_t pid = fork();
	int status;
	if (pid == 0) {
		execlp("rm", "rm", "-rf", path, (char *)NULL);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int run_case(const pcase *c, const char *logpipe, const char *tmp)
{
	lp_buf dir = LP_BUF_INIT, log = LP_BUF_INIT, text = LP_BUF_INIT, why = LP_BUF_INIT;
	gen g = { NULL, NULL, 0 };
	struct rusage ru;
	double start, wall, cpu;
	long rss_mb;
	int status = 0, code = -1, ok = 1;
	pid_t pid;

	lp_buf_printf(&dir, "%s/%s", tmp, c->name);
	lp_buf_printf(&log, "%s/output.txt", dir.ptr);
	mkdir(dir.ptr, 0777);
	g.dir = dir.ptr;
	if (c->gen)
		c->gen(&g);
	if (g.failed) {
		printf("FAIL %-32s cannot generate the input\n", c->name);
		return 1;
	}
	start = now();
	pid = fork();
	if (pid == 0) {
		int fd = open(log.ptr, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0 || chdir(dir.ptr) < 0)
			_exit(127);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		alarm(MAX_WALL_SECONDS);
		if (c->lib)
			_exit(c->lib());
		{
			const char *argv[8] = { logpipe };
			size_t i;
			for (i = 0; c->args[i]; i++)
				argv[i + 1] = c->args[i];
			setenv("NO_COLOR", "1", 1);
			execv(logpipe, (char *const *)argv);
		}
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
		printf("FAIL %-32s cannot run: %s\n", c->name, strerror(errno));
		return 1;
	}
	wall = now() - start;
	cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
	rss_mb = ru.ru_maxrss / 1024;
	lp_fs_read(&text, log.ptr, (size_t)64 << 20);

	if (WIFSIGNALED(status)) {
		lp_buf_printf(&why, " killed by signal %d;", WTERMSIG(status));
		ok = 0;
	} else {
		code = WEXITSTATUS(status);
		if (code > 2 || !(c->exits & (1u << code))) {
			lp_buf_printf(&why, " unexpected exit %d;", code);
			ok = 0;
		}
	}
	if (c->expect && !strstr(text.ptr, c->expect)) {
		lp_buf_printf(&why, " no '%s' in the output;", c->expect);
		ok = 0;
	}
	if (cpu > MAX_CPU_SECONDS) {
		lp_buf_printf(&why, " %.2f s of CPU (limit %.1f);", cpu, MAX_CPU_SECONDS);
		ok = 0;
	}
	if (rss_mb > rss_limit_mb(c)) {
		lp_buf_printf(&why, " peak RSS %ld MB (limit %ld);", rss_mb, rss_limit_mb(c));
		ok = 0;
	}
	if (c->args[0] && !strcmp(c->args[0], "build") && code != 0) {
		lp_buf out = LP_BUF_INIT;
		lp_buf_printf(&out, "%s/out", dir.ptr);
		if (lp_fs_exists(out.ptr)) {
			lp_buf_puts(&why, " a refused build wrote files;");
			ok = 0;
		}
		lp_buf_release(&out);
	}
	printf("%s %-32s exit=%d cpu=%.2fs wall=%.2fs rss=%ldMB%s\n", ok ? "ok  " : "FAIL", c->name, code, cpu, wall,
		rss_mb, why.ptr);
	if (!ok) {
		/* the first lines of what it said, to see why without rerunning */
		lp_buf_truncate(&text, text.size > 600 ? 600 : text.size);
		printf("     | %s\n", text.ptr);
	}
	rm_rf(dir.ptr);
	lp_buf_release(&dir);
	lp_buf_release(&log);
	lp_buf_release(&text);
	lp_buf_release(&why);
	return !ok;
}

static int selected(const pcase *c, int argc, char **argv)
{
	int i;
	if (argc <= 3)
		return 1;
	for (i = 3; i < argc; i++)
		if (!strcmp(argv[i], c->name))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = getenv("TMPDIR");
	char logpipe[PATH_MAX];
	lp_buf tmp = LP_BUF_INIT;
	size_t i, passed = 0, failed = 0;
	if (argc < 3) {
		fprintf(stderr, "usage: %s LOGPIPE SOURCE_ROOT [CASE...]\n", argv[0]);
		return 2;
	}
	/* Cases run in their own directory: make the binary's path absolute first. */
	if (!realpath(argv[1], logpipe)) {
		fprintf(stderr, "pathological: cannot find '%s': %s\n", argv[1], strerror(errno));
		return 2;
	}
	source_root = argv[2];
	logpipe_path = logpipe;
	lp_buf_printf(&tmp, "%s/logpipe-pathological-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp.ptr)) {
		fprintf(stderr, "pathological: cannot create a temporary directory: %s\n", strerror(errno));
		return 2;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!selected(&cases[i], argc, argv))
			continue;
		if (run_case(&cases[i], logpipe, tmp.ptr))
			failed++;
		else
			passed++;
		fflush(stdout);
	}
	rm_rf(tmp.ptr);
	lp_buf_release(&tmp);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
