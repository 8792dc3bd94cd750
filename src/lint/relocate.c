#include "lint/lint.h"

#include <stdint.h>
#include <string.h>

#include "artifact/artifact.h"
#include "util/mem.h"
#include "util/strmap.h"

/*
 * A finding on a generated file is only useful where the user can act on it:
 * the spec. The renderers recorded, per JSON path of what they emitted, the
 * spec node it came from; here a finding's line and column become a JSON
 * path again (through the positioned tree of the artifact), and the longest
 * recorded path that contains it says where in the spec to report it.
 */

static int before(unsigned l1, unsigned c1, unsigned l2, unsigned c2)
{
	return l1 < l2 || (l1 == l2 && c1 < c2);
}

/* `sp` contains line:col (end exclusive; a zero-width span contains its start). */
static int contains(const lp_span *sp, unsigned line, unsigned col)
{
	if (!sp->line || before(line, col, sp->line, sp->col))
		return 0;
	if (sp->end_line == sp->line && sp->end_col <= sp->col)
		return line == sp->line && col == sp->col;
	return before(line, col, sp->end_line, sp->end_col);
}

/* Appends to `path` the JSON path of the deepest node under `n` at line:col. */
static void path_at(lp_buf *path, const lp_node *n, unsigned line, unsigned col, size_t depth)
{
	size_t i;
	if (!n || depth > 64)
		return;
	if (n->kind == LP_NODE_MAP) {
		for (i = 0; i < n->n; i++) {
			const lp_pair *p = &n->pairs[i];
			if (contains(&p->key->span, line, col) || contains(&p->value->span, line, col)) {
				lp_buf_printf(path, "%s%s", path->size ? "." : "", p->key->str);
				path_at(path, p->value, line, col, depth + 1);
				return;
			}
		}
	} else if (n->kind == LP_NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			if (contains(&n->items[i]->span, line, col)) {
				lp_buf_printf(path, "[%zu]", i);
				path_at(path, n->items[i], line, col, depth + 1);
				return;
			}
		}
	}
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* The help of a relocated finding: the spec key first, then what the rule says about the generated file. */
static void relocated_help(lp_buf *out, const lp_artifact_origin *o, const char *spec, const char *help)
{
	if (o->key && o->defaulted)
		lp_buf_printf(out, "add '%s' to %s", o->key, spec);
	else if (o->key)
		lp_buf_printf(out, "change '%s' in %s", o->key, spec);
	if (help)
		lp_buf_printf(out, "%s%s", out->size ? "; in the generated file: " : "", help);
}

/*
 * Findings of one rule that moved to one spec position are one decision for
 * the user (a default every log group inherits): one finding, which names the
 * first generated place and counts the others. The first of each position is
 * found through an index and the others dropped in one pass: comparing each
 * with every later one, and closing the gap after each drop, was quadratic
 * when thousands of log groups inherit the same default.
 */
static void merge_same_origin(lp_diag *d, size_t first_moved)
{
	size_t n = lp_diag_count(d), i, kept;
	size_t *more = lp_calloc(n ? n : 1, sizeof(*more));
	unsigned char *drop = lp_calloc(n ? n : 1, 1);
	lp_strmap firsts = LP_STRMAP_INIT;
	lp_buf key = LP_BUF_INIT;
	for (i = first_moved; i < n; i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		uintptr_t first;
		if (!e->related.file || e->suppressed || !e->rule)
			continue;
		/* the rule's text, then the position's fields one by one: no padding bytes in the key */
		lp_buf_clear(&key);
		lp_buf_put(&key, e->rule, strlen(e->rule) + 1);
		lp_buf_put(&key, (const char *)&e->span.file, sizeof(e->span.file)); /* interned: one pointer per file */
		lp_buf_put(&key, (const char *)&e->span.line, sizeof(e->span.line));
		lp_buf_put(&key, (const char *)&e->span.col, sizeof(e->span.col));
		lp_buf_put(&key, (const char *)&e->severity, sizeof(e->severity));
		if ((first = (uintptr_t)lp_strmap_get(&firsts, key.ptr, key.size)) != 0) {
			more[first - 1]++;
			drop[i] = 1;
		} else {
			lp_strmap_set(&firsts, key.ptr, key.size, (void *)(uintptr_t)(i + 1));
		}
	}
	/* [0, kept) holds the kept findings in order, [kept, i) the dropped ones, released at the end */
	for (i = kept = 0; i < n; i++) {
		lp_diag_entry *e;
		if (drop[i])
			continue;
		if (kept != i) {
			lp_diag_entry t = *lp_diag_get(d, kept);
			*lp_diag_get(d, kept) = *lp_diag_get(d, i);
			*lp_diag_get(d, i) = t;
		}
		e = lp_diag_get(d, kept++);
		if (more[i]) {
			lp_buf msg = LP_BUF_INIT;
			lp_buf_printf(&msg, "%s (and %zu more generated from the same spec value)", e->message, more[i]);
			lp_free(e->message);
			e->message = lp_buf_detach(&msg, NULL);
		}
	}
	lp_diag_truncate(d, kept);
	lp_strmap_release(&firsts);
	lp_buf_release(&key);
	lp_free(more);
	lp_free(drop);
}

void lp_lint__path_at(lp_buf *path, const lp_node *root, unsigned line, unsigned col)
{
	path_at(path, root, line, col, 0);
}

void lp_lint_relocate(lp_diag *d, const lp_artifact_set *set, const char *prefix)
{
	size_t i, plen = prefix ? strlen(prefix) : 0;
	lp_arena arena = LP_ARENA_INIT;
	lp_diag *quiet = lp_diag_new();
	const char *parsed_file = NULL;
	const lp_node *tree = NULL;
	lp_buf path = LP_BUF_INIT, help = LP_BUF_INIT;
	size_t first_moved = (size_t)-1;

	for (i = 0; i < lp_diag_count(d); i++) {
		lp_diag_entry *e = lp_diag_get(d, i);
		const char *file = e->span.file;
		const lp_artifact *a;
		const lp_artifact_origin *o;
		if (!file || e->related.file)
			continue;
		if (plen) {
			if (strncmp(file, prefix, plen) != 0 || file[plen] != '/')
				continue;
			file += plen + 1;
		}
		if (!(a = lp_artifact_find(set, file)))
			continue;
		if (parsed_file != a->path) {
			lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
			lp_node *root = NULL;
			/* JSON and YAML artifacts have paths; the others relocate as a whole. */
			if (a->content.size && (a->content.ptr[0] == '{' || has_suffix(a->path, ".yaml")))
				lp_yaml_load(&root, &arena, a->path, a->content.ptr, a->content.size, &lim, quiet);
			tree = root;
			parsed_file = a->path;
		}
		lp_buf_clear(&path);
		path_at(&path, tree, e->span.line, e->span.col, 0);
		if (!(o = lp_artifact_origin_find(set, a->path, path.ptr, e->rule)))
			continue;
		lp_buf_clear(&help);
		relocated_help(&help, o, o->span.file, e->help);
		lp_diag_relocate(d, e, &o->span, help.size ? help.ptr : NULL);
		if (first_moved == (size_t)-1)
			first_moved = i;
	}
	if (first_moved != (size_t)-1)
		merge_same_origin(d, first_moved);
	lp_buf_release(&path);
	lp_buf_release(&help);
	lp_diag_free(quiet);
	lp_arena_release(&arena);
}
