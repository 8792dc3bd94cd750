#include "read/flb.h"

#include <ctype.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"

typedef struct reader {
	lp_flb_conf *c;
	lp_diag *d;
	const lp_flb_opts *o;
	size_t cap_sections, cap_vars, cap_files, cap_ignores;
	const char *stack[64]; /* files being read, for cycle detection */
	unsigned depth;
	size_t current;        /* index of the open section + 1; 0 = none */
	size_t *caps;          /* capacity of each section's entries array (heap) */
	int too_many;          /* the max_files finding was reported */
	size_t indent;         /* indentation of the open section's entries; 0 = not yet seen */
} reader;

/* Code points in the first `n` bytes of `s`: UTF-8 continuation bytes start none. */
static unsigned code_points(const char *s, size_t n)
{
	unsigned k = 0;
	size_t i;
	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/*
 * The span of bytes [b0, b1) of `text` (one line): columns in code points as
 * everywhere else, end_col one past the last character as libyaml's marks.
 */
static lp_span span_of(const char *file, unsigned line, const char *text, size_t b0, size_t b1)
{
	unsigned c0 = code_points(text, b0) + 1;
	lp_span s = { file, line, c0, line, b1 > b0 ? c0 + code_points(text + b0, b1 - b0) : c0 + 1 };
	return s;
}

static lp_flb_section_kind kind_of(const char *name)
{
	static const struct {
		const char *name;
		lp_flb_section_kind kind;
	} kinds[] = {
		{ "SERVICE", LP_FLB_SERVICE }, { "INPUT", LP_FLB_INPUT }, { "FILTER", LP_FLB_FILTER },
		{ "OUTPUT", LP_FLB_OUTPUT }, { "PARSER", LP_FLB_PARSER }, { "MULTILINE_PARSER", LP_FLB_MULTILINE_PARSER },
		{ "STREAM_TASK", LP_FLB_STREAM_TASK },
	};
	size_t i;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcasecmp(name, kinds[i].name))
			return kinds[i].kind;
	return LP_FLB_OTHER;
}

static const char *lookup_var(const reader *r, const char *name, size_t n)
{
	size_t i;
	for (i = r->c->nvars; i-- > 0;)
		if (strlen(r->c->vars[i].name) == n && !strncmp(r->c->vars[i].name, name, n))
			return r->c->vars[i].value;
	return NULL;
}

/* Expands ${name} from @SET; other references (environment) stay as written. */
static const char *expand(reader *r, const char *raw)
{
	lp_buf b = LP_BUF_INIT;
	const char *s = raw, *res;
	if (!strstr(raw, "${"))
		return raw;
	while (*s) {
		const char *close;
		if (s[0] == '$' && s[1] == '{' && (close = strchr(s + 2, '}'))) {
			const char *v = lookup_var(r, s + 2, (size_t)(close - s - 2));
			if (v) {
				lp_buf_puts(&b, v);
				s = close + 1;
				continue;
			}
		}
		lp_buf_putc(&b, *s++);
	}
	res = lp_arena_strndup(&r->c->arena, b.ptr, b.size);
	lp_buf_release(&b);
	return res;
}

static int read_file(reader *r, const char *path, lp_buf *out)
{
	if (r->o->read)
		return r->o->read(out, path, r->o->payload);
	return lp_fs_read(out, path, r->o->max_file_bytes);
}

static void parse_text(reader *r, const char *file, const char *text, size_t len);

/* `path` is `root` or below it (both real paths). */
static int path_under(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return 1;
	return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

/*
 * A linted conf may come from a pull request, and findings quote the lines
 * of the files they are in (in CI logs and SARIF): an @INCLUDE of
 * /root/.aws/credentials must not print them. An include that exists outside
 * both the working directory and the top file's directory is therefore not
 * read. Real paths are compared, so a symlink cannot lead out either; a path
 * that does not resolve has nothing to leak and goes on to the reader.
 */
static int include_allowed(const reader *r, const char *path)
{
	char real[PATH_MAX], root[PATH_MAX];
	lp_buf dir = LP_BUF_INIT;
	const char *slash = strrchr(r->c->path, '/');
	int ok;
	if (!realpath(path, real))
		return 1;
	if (realpath(".", root) && path_under(real, root))
		return 1;
	if (slash)
		lp_buf_put(&dir, r->c->path, slash == r->c->path ? 1 : (size_t)(slash - r->c->path));
	else
		lp_buf_putc(&dir, '.');
	ok = realpath(dir.ptr, root) && path_under(real, root);
	lp_buf_release(&dir);
	return ok;
}

static void include_one(reader *r, const char *path, const lp_span *at)
{
	lp_buf b = LP_BUF_INIT;
	unsigned i;
	int rc;
	for (i = 0; i < r->depth; i++)
		if (!strcmp(r->stack[i], path)) {
			lp_diag_error(r->d, "LP-FLB-INCLUDE", at, "remove the @INCLUDE that closes the cycle",
				"'%s' includes itself (through %u file%s)", path, r->depth - i, r->depth - i == 1 ? "" : "s");
			return;
		}
	if (r->c->nfiles > r->o->max_files) {
		if (!r->too_many) /* once is enough: the rest of the fan-out is the same problem */
			lp_diag_error(r->d, "LP-FLB-INCLUDE", at, NULL, "more than %zu included files", r->o->max_files);
		r->too_many = 1;
		return;
	}
	if (r->depth >= r->o->max_include_depth || r->depth >= sizeof(r->stack) / sizeof(r->stack[0])) {
		lp_diag_error(r->d, "LP-FLB-INCLUDE", at, NULL, "@INCLUDE nested deeper than %u files",
			r->o->max_include_depth);
		return;
	}
	if (path[0] == '/' && access(path, F_OK) != 0) {
		lp_diag_add(r->d, LP_SEV_NOTE, "LP-FLB-INCLUDE-IMAGE", at,
			"lint the included file too, or suppress this note with a reason",
			"'%s' is not on this machine (it is inside the image or on the host Fluent Bit runs on), so what "
			"it includes cannot be checked here", path);
		return;
	}
	if (!include_allowed(r, path)) {
		lp_diag_error(r->d, "LP-FLB-INCLUDE", at, "lint from a directory that contains the included file",
			"included file '%s' is outside the working directory and the including file's directory; not read",
			path);
		return;
	}
	rc = read_file(r, path, &b);
	if (rc < 0) {
		if (rc == LP_ENOTFOUND)
			lp_diag_error(r->d, "LP-FLB-INCLUDE", at, NULL, "included file '%s' does not exist", path);
		else
			lp_diag_error(r->d, "LP-FLB-INCLUDE", at, NULL, "cannot read included file '%s': %s", path,
				lp_error_last());
		lp_buf_release(&b);
		return;
	}
	parse_text(r, lp_diag_add_source(r->d, path, b.ptr, b.size), b.ptr, b.size);
	lp_buf_release(&b);
}

static void do_include(reader *r, const char *file, const char *arg, const lp_span *at)
{
	lp_buf path = LP_BUF_INIT;
	const char *slash = strrchr(file, '/');
	if (arg[0] != '/' && slash)
		lp_buf_put(&path, file, (size_t)(slash - file) + 1);
	lp_buf_puts(&path, arg);
	if (r->o->glob && strpbrk(arg, "*?[")) {
		glob_t g;
		size_t i;
		memset(&g, 0, sizeof(g));
		if (glob(path.ptr, 0, NULL, &g) == 0) {
			for (i = 0; i < g.gl_pathc; i++)
				include_one(r, lp_diag_intern(r->d, g.gl_pathv[i]), at);
		}
		globfree(&g);
	} else {
		include_one(r, lp_diag_intern(r->d, path.ptr), at);
	}
	lp_buf_release(&path);
}

static void add_var(reader *r, const char *body, size_t n, const lp_span *at)
{
	const char *eq = memchr(body, '=', n);
	lp_flb_var *v;
	size_t kn;
	if (!eq) {
		lp_diag_error(r->d, "LP-FLB-SYNTAX", at, "write @SET name=value", "@SET without '='");
		return;
	}
	kn = (size_t)(eq - body);
	while (kn && isspace((unsigned char)body[kn - 1]))
		kn--;
	r->c->vars = lp_text_vec_push(&r->c->arena, r->c->vars, &r->c->nvars, &r->cap_vars, sizeof(lp_flb_var));
	v = &r->c->vars[r->c->nvars - 1];
	v->name = lp_arena_strndup(&r->c->arena, body, kn);
	eq++;
	while (eq < body + n && isspace((unsigned char)*eq))
		eq++;
	v->value = lp_arena_strndup(&r->c->arena, eq, (size_t)(body + n - eq));
	v->span = *at;
}

static void parse_line(reader *r, const char *file, unsigned lineno, const char *line, size_t n)
{
	size_t ind = 0, i;
	lp_span sp;
	while (n && (line[n - 1] == '\r' || isspace((unsigned char)line[n - 1])))
		n--;
	while (ind < n && (line[ind] == ' ' || line[ind] == '\t'))
		ind++;
	if (ind == n)
		return;
	sp = span_of(file, lineno, line, ind, n);
	if (line[ind] == '#') {
		lp_text_ignore ig;
		if (lp_text_ignore_parse(&ig, &r->c->arena, line + ind + 1, n - ind - 1, &sp)) {
			r->c->ignores = lp_text_vec_push(&r->c->arena, r->c->ignores, &r->c->nignores, &r->cap_ignores,
				sizeof(lp_text_ignore));
			r->c->ignores[r->c->nignores - 1] = ig;
		}
		return;
	}
	if (line[ind] == '[') {
		const char *close = memchr(line + ind, ']', n - ind);
		lp_flb_section *s;
		if (!close || close == line + ind + 1) {
			lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, NULL, "section header without a name and ']'");
			r->current = 0;
			return;
		}
		r->c->sections = lp_text_vec_push(&r->c->arena, r->c->sections, &r->c->nsections, &r->cap_sections,
			sizeof(lp_flb_section));
		s = &r->c->sections[r->c->nsections - 1];
		s->name = lp_arena_strndup(&r->c->arena, line + ind + 1, (size_t)(close - line - ind - 1));
		s->kind = kind_of(s->name);
		s->span = sp;
		r->caps = lp_realloc(r->caps, r->c->nsections * sizeof(size_t));
		r->caps[r->c->nsections - 1] = 0;
		r->current = r->c->nsections;
		r->indent = 0;
		return;
	}
	if (line[ind] == '@') {
		size_t w = ind + 1;
		const char *arg;
		while (w < n && !isspace((unsigned char)line[w]))
			w++;
		i = w;
		while (i < n && isspace((unsigned char)line[i]))
			i++;
		arg = line + i;
		if (w - ind == 8 && !strncasecmp(line + ind, "@INCLUDE", 8)) {
			char *a;
			if (i == n) {
				lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, NULL, "@INCLUDE without a file name");
				return;
			}
			a = lp_strndup(arg, n - i);
			r->stack[r->depth++] = file;
			do_include(r, file, a, &sp);
			r->depth--;
			lp_free(a);
		} else if (w - ind == 4 && !strncasecmp(line + ind, "@SET", 4)) {
			add_var(r, arg, n - i, &sp);
		} else {
			lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, "use @INCLUDE or @SET", "unknown command '%.*s'",
				(int)(w - ind), line + ind);
		}
		return;
	}
	/* key value */
	if (!r->current) {
		lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, "put it under a [SECTION] header", "entry outside a section");
		return;
	}
	if (ind == 0) {
		lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, "indent the entries of a section", "entry is not indented");
		return;
	}
	if (!r->indent) {
		r->indent = ind;
	} else if (ind != r->indent) {
		lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, "indent every entry of a section the same way",
			"invalid indentation level (%zu, the section uses %zu)", ind, r->indent);
		return;
	}
	{
		lp_flb_section *s = &r->c->sections[r->current - 1];
		lp_flb_entry *e;
		size_t k = ind, v;
		while (k < n && !isspace((unsigned char)line[k]))
			k++;
		v = k;
		while (v < n && isspace((unsigned char)line[v]))
			v++;
		if (v == n) {
			lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, NULL, "key '%.*s' has no value", (int)(k - ind), line + ind);
			return;
		}
		s->entries = lp_text_vec_push(&r->c->arena, s->entries, &s->nentries, &r->caps[r->current - 1],
			sizeof(lp_flb_entry));
		e = &s->entries[s->nentries - 1];
		e->key = lp_arena_strndup(&r->c->arena, line + ind, k - ind);
		e->raw = lp_arena_strndup(&r->c->arena, line + v, n - v);
		e->value = expand(r, e->raw);
		e->key_span = span_of(file, lineno, line, ind, k);
		e->value_span = span_of(file, lineno, line, v, n);
	}
}

static void parse_text(reader *r, const char *file, const char *text, size_t len)
{
	size_t pos = 0;
	unsigned lineno = 0;
	r->c->files = lp_text_vec_push(&r->c->arena, (void *)r->c->files, &r->c->nfiles, &r->cap_files, sizeof(char *));
	r->c->files[r->c->nfiles - 1] = file;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		lineno++;
		if (memchr(text + pos, '\0', end - pos)) {
			lp_span sp = span_of(file, lineno, text + pos, 0, 1);
			lp_diag_error(r->d, "LP-FLB-SYNTAX", &sp, NULL, "NUL byte in configuration line");
		} else {
			parse_line(r, file, lineno, text + pos, end - pos);
		}
		pos = end + 1;
	}
}

int lp_flb_parse(lp_flb_conf **out, const char *path, const char *text, size_t len, const lp_flb_opts *o,
	lp_diag *d)
{
	static const lp_flb_opts defaults = LP_FLB_OPTS_INIT;
	reader r;
	lp_flb_conf *c = lp_calloc(1, sizeof(*c));
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.d = d;
	r.o = o ? o : &defaults;
	c->path = lp_diag_add_source(d, path, text, len);
	/*
	 * A generated conf takes about 1 KiB of arena plus 3 bytes per byte of
	 * text: sized so, a build's thousands of confs fill one chunk each
	 * instead of most of a 4 KiB one, or of a second, 8 KiB one.
	 */
	lp_arena_reserve(&c->arena, len * 3 + 1024);
	parse_text(&r, c->path, text, len);
	lp_free(r.caps);
	*out = c;
	return 0;
}

int lp_flb_load(lp_flb_conf **out, const char *path, const lp_flb_opts *o, lp_diag *d)
{
	static const lp_flb_opts defaults = LP_FLB_OPTS_INIT;
	lp_buf b = LP_BUF_INIT;
	int rc;
	if (!o)
		o = &defaults;
	rc = o->read ? o->read(&b, path, o->payload) : lp_fs_read(&b, path, o->max_file_bytes);
	if (rc < 0) {
		if (rc == LP_ENOTFOUND)
			lp_error_set(LP_ERROR_IO, "cannot read '%s': no such file", path);
		lp_buf_release(&b);
		return rc;
	}
	rc = lp_flb_parse(out, path, b.ptr, b.size, o, d);
	lp_buf_release(&b);
	return rc;
}

void lp_flb_free(lp_flb_conf *c)
{
	if (!c)
		return;
	lp_arena_release(&c->arena);
	lp_free(c);
}

const lp_flb_entry *lp_flb_get(const lp_flb_section *s, const char *key)
{
	size_t i;
	for (i = 0; i < s->nentries; i++)
		if (!strcasecmp(s->entries[i].key, key))
			return &s->entries[i];
	return NULL;
}

const char *lp_flb_value(const lp_flb_section *s, const char *key)
{
	const lp_flb_entry *e = lp_flb_get(s, key);
	return e ? e->value : NULL;
}
