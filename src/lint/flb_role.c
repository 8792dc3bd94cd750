#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lint/lint.h"
#include "read/flb.h"
#include "read/text.h"
#include "util/mem.h"
#include "util/strmap.h"

/*
 * Whether a Fluent Bit conf is a FireLens custom configuration (FireLens
 * supplies the inputs and the main file; the conf only adds to them) or a
 * configuration Fluent Bit runs on its own. The evidence, strongest first
 * (docs/lint.md "FireLens or standalone"):
 *   1. --kind firelens / --kind fluent-bit;
 *   2. a task definition in the run names the file in config-file-value
 *      (directly, or through a Dockerfile COPY to that path); the conf then
 *      joins the task definition's project for the cross-file checks;
 *   3. a Dockerfile in the run starts Fluent Bit with -c on the file;
 *   4. the content: a Match on FireLens's "<container>-firelens-<task id>"
 *      tags says FireLens; [INPUT] sections of its own say standalone.
 * Otherwise the role stays unknown and FireLens-only rules stay silent.
 */

typedef struct strv {
	const char **v;
	size_t n, cap;
} strv;

typedef struct copy_to {
	const char *src_base;
	const char *dst;
} copy_to;

typedef struct evidence {
	strv firelens;    /* config-file-value paths of task definitions */
	strv firelens_project; /* the project of the task definition naming each of them */
	strv standalone;  /* paths passed to fluent-bit -c */
	copy_to *copies;  /* Dockerfile COPY/ADD of one file */
	size_t ncopies, capcopies;
	/*
	 * Basename -> 1 + index of the first entry with it (a run lints thousands
	 * of confs against thousands of task definitions, so no scans); copies
	 * with one source basename are chained through copy_next, in order.
	 */
	lp_strmap firelens_by_base, standalone_by_base, copies_by_base;
	size_t *copy_next;
} evidence;

static void push_str(lp_arena *a, strv *v, const char *s)
{
	v->v = lp_text_vec_push(a, v->v, &v->n, &v->cap, sizeof(*v->v));
	v->v[v->n - 1] = s;
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int is_dockerfile(const char *path)
{
	const char *b = base_of(path);
	size_t l = strlen(b);
	return !strncasecmp(b, "Dockerfile", 10) || (l > 11 && !strcasecmp(b + l - 11, ".Dockerfile"));
}

static void from_taskdefs(evidence *ev, lp_arena *a, const lp_lint_doc *doc)
{
	size_t i;
	for (i = 0; doc->facts && i < doc->facts->nconfig_files; i++) {
		push_str(a, &ev->firelens, doc->facts->config_files[i]);
		push_str(a, &ev->firelens_project, doc->project ? doc->project : "");
	}
}

/* The words of one Dockerfile line, with JSON-array punctuation dropped: ["a", "-c", "b"] -> a -c b. */
static size_t words(lp_arena *a, const char *line, size_t len, const char **out, size_t max)
{
	size_t i = 0, n = 0;
	while (i < len && n < max) {
		size_t start;
		while (i < len && (isspace((unsigned char)line[i]) || strchr("[],\"'", line[i])))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)line[i]) && !strchr("[],\"'", line[i]))
			i++;
		if (i > start)
			out[n++] = lp_arena_strndup(a, line + start, i - start);
	}
	return n;
}

static void from_dockerfile(evidence *ev, lp_arena *a, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *w[32];
		size_t n, i;
		if (!eol)
			eol = end;
		n = words(a, p, (size_t)(eol - p), w, 32);
		if (n >= 3 && (!strcasecmp(w[0], "COPY") || !strcasecmp(w[0], "ADD"))) {
			for (i = 1; i + 1 < n; i++) {
				if (!strncmp(w[i], "--", 2))
					continue;
				ev->copies = lp_text_vec_push(a, ev->copies, &ev->ncopies, &ev->capcopies, sizeof(*ev->copies));
				ev->copies[ev->ncopies - 1].src_base = base_of(w[i]);
				/* COPY a.conf /fluent-bit/etc/ keeps the name */
				ev->copies[ev->ncopies - 1].dst = w[n - 1][strlen(w[n - 1]) - 1] == '/'
					? lp_arena_strdup(a, base_of(w[i])) : w[n - 1];
			}
		} else if (n >= 2 && (!strcasecmp(w[0], "CMD") || !strcasecmp(w[0], "ENTRYPOINT"))) {
			for (i = 1; i + 1 < n; i++)
				if (!strcmp(w[i], "-c") || !strcmp(w[i], "--config"))
					push_str(a, &ev->standalone, w[i + 1]);
		}
		p = eol + 1;
	}
}

static size_t get_base(const lp_strmap *m, const char *path)
{
	const char *b = base_of(path);
	return (size_t)(uintptr_t)lp_strmap_get(m, b, strlen(b));
}

/* Keeps the first index of each basename, as a scan in order would find it. */
static void index_base(lp_strmap *m, const char *path, size_t i)
{
	const char *b = base_of(path);
	if (!lp_strmap_get(m, b, strlen(b)))
		lp_strmap_set(m, b, strlen(b), (void *)(uintptr_t)(i + 1));
}

static void index_evidence(evidence *ev, lp_arena *a)
{
	size_t i, *last;
	for (i = 0; i < ev->firelens.n; i++)
		index_base(&ev->firelens_by_base, ev->firelens.v[i], i);
	for (i = 0; i < ev->standalone.n; i++)
		index_base(&ev->standalone_by_base, ev->standalone.v[i], i);
	if (!ev->ncopies)
		return;
	ev->copy_next = lp_arena_alloc(a, ev->ncopies * sizeof(*ev->copy_next));
	last = lp_calloc(ev->ncopies, sizeof(*last));
	for (i = 0; i < ev->ncopies; i++) {
		const char *b = ev->copies[i].src_base;
		size_t first = (size_t)(uintptr_t)lp_strmap_get(&ev->copies_by_base, b, strlen(b));
		ev->copy_next[i] = 0;
		if (!first)
			lp_strmap_set(&ev->copies_by_base, b, strlen(b), (void *)(uintptr_t)(i + 1));
		else
			ev->copy_next[last[first - 1]] = i + 1;
		last[first ? first - 1 : i] = i;
	}
	lp_free(last);
}

/* 1 + the index of the first entry with the basename of `path` (`by_base` indexes them), or 0. */
static size_t listed(const lp_strmap *by_base, const char *path)
{
	return get_base(by_base, path);
}

int lp_lint__flb_content_role(const lp_flb_conf *c)
{
	size_t i;
	int inputs = 0;
	for (i = 0; i < c->nsections; i++) {
		const lp_flb_section *s = &c->sections[i];
		const char *m = lp_flb_value(s, "Match");
		if (s->kind == LP_FLB_INPUT)
			inputs = 1;
		if ((s->kind == LP_FLB_FILTER || s->kind == LP_FLB_OUTPUT) && m && strstr(m, "-firelens"))
			return 1;
	}
	return inputs ? -1 : 0;
}

/*
 * A conf a task definition names belongs with that task definition for the
 * cross-file checks, whichever project it sits in.
 */
static int firelens_by(const evidence *ev, lp_lint_doc *doc, size_t hit)
{
	doc->project = ev->firelens_project.v[hit - 1];
	return 1;
}

static int role_of(const evidence *ev, lp_lint_doc *doc)
{
	size_t i, hit;
	if ((hit = listed(&ev->firelens_by_base, doc->path)) != 0)
		return firelens_by(ev, doc, hit);
	for (i = get_base(&ev->copies_by_base, doc->path); i; i = ev->copy_next[i - 1]) {
		if ((hit = listed(&ev->firelens_by_base, ev->copies[i - 1].dst)) != 0)
			return firelens_by(ev, doc, hit);
		if (listed(&ev->standalone_by_base, ev->copies[i - 1].dst))
			return -1;
	}
	if (listed(&ev->standalone_by_base, doc->path))
		return -1;
	return doc->facts ? doc->facts->flb_content_role : 0;
}

void lp_lint__flb_roles(lp_lint_doc *docs, size_t ndocs, const lp_lint_input *in, size_t nin, int forced,
	lp_arena *a)
{
	evidence ev;
	size_t i;
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < ndocs; i++)
		from_taskdefs(&ev, a, &docs[i]);
	for (i = 0; i < nin; i++)
		if (is_dockerfile(in[i].path))
			from_dockerfile(&ev, a, in[i].text, in[i].len);
	index_evidence(&ev, a);
	for (i = 0; i < ndocs; i++)
		if (docs[i].kind == LP_LINT_FLUENTBIT_CONF)
			docs[i].firelens = forced ? forced : role_of(&ev, &docs[i]);
	lp_strmap_release(&ev.firelens_by_base);
	lp_strmap_release(&ev.standalone_by_base);
	lp_strmap_release(&ev.copies_by_base);
}
