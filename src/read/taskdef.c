#include "read/taskdef.h"

#include <string.h>
#include <strings.h>

#include "read/text.h"

/* Line starts of the text, so a (line, code-point column) position becomes a byte offset. */
typedef struct lines {
	const char *text;
	size_t len;
	size_t *start;
	size_t n;
} lines;

static void lines_init(lines *l, lp_arena *a, const char *text, size_t len)
{
	size_t i, n = 1;
	memset(l, 0, sizeof(*l));
	if (!text)
		return;
	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	l->text = text;
	l->len = len;
	l->start = lp_arena_alloc(a, (n + 1) * sizeof(*l->start));
	l->start[l->n++] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			l->start[l->n++] = i + 1;
}

static size_t offset_of(const lines *l, unsigned line, unsigned col)
{
	size_t off;
	unsigned c = 1;
	if (!l->text || line == 0 || line > l->n)
		return 0;
	off = l->start[line - 1];
	while (off < l->len && c < col && l->text[off] != '\n') {
		off++;
		while (off < l->len && ((unsigned char)l->text[off] & 0xC0) == 0x80)
			off++; /* columns count code points */
		c++;
	}
	return off;
}

static lp_taskdef_bytes bytes_of(const lines *l, const lp_span *sp)
{
	lp_taskdef_bytes b = { 0, 0 };
	if (!l->text || !sp->line)
		return b;
	b.start = offset_of(l, sp->line, sp->col);
	b.end = offset_of(l, sp->end_line ? sp->end_line : sp->line, sp->end_line ? sp->end_col : sp->col + 1);
	if (b.end < b.start)
		b.end = b.start;
	return b;
}

static int empty_str(const lp_node *n)
{
	return n && n->kind == LP_NODE_SCALAR && n->stype == LP_SCALAR_STR && n->str[0] == '\0';
}

/*
 * The CLI skeleton fills strings with "" (enums get their first value, so
 * they are not a sign): an empty family and containers without a name and
 * an image are.
 */
static int is_skeleton(const lp_node *root)
{
	const lp_node *cd = lp_node_get_ci(root, "containerDefinitions");
	size_t i;
	if (!empty_str(lp_node_get_ci(root, "family")) || !cd || cd->kind != LP_NODE_SEQ)
		return 0;
	for (i = 0; i < cd->n; i++)
		if (!empty_str(lp_node_get_ci(cd->items[i], "name")) || !empty_str(lp_node_get_ci(cd->items[i], "image")))
			return 0;
	return 1;
}

static const lp_node *inner_of(const lp_node *root)
{
	const lp_node *td = lp_node_get_ci(root, "taskDefinition");
	if (td && td->kind == LP_NODE_MAP && lp_node_get_ci(td, "containerDefinitions"))
		return td;
	return NULL;
}

int lp_taskdef_is_api_shape(const lp_node *root)
{
	if (!root || root->kind != LP_NODE_MAP)
		return 0;
	return lp_node_get_ci(root, "containerDefinitions") != NULL || inner_of(root) != NULL;
}

static void push(lp_taskdef_set *out, lp_arena *a, size_t *cap, const lp_taskdef *t)
{
	out->v = lp_text_vec_push(a, out->v, &out->n, cap, sizeof(*out->v));
	out->v[out->n - 1] = *t;
}

static void fill(lp_taskdef *t, lp_arena *a, const lines *l, const lp_node *body)
{
	const lp_node *cd = lp_node_get_ci(body, "containerDefinitions");
	size_t i;
	t->body = body;
	t->family = lp_node_get_ci(body, "family");
	if (!t->span.line)
		t->span = body->span;
	t->bytes = bytes_of(l, &body->span);
	if (!cd || cd->kind != LP_NODE_SEQ)
		return;
	t->containers = lp_arena_alloc(a, (cd->n + 1) * sizeof(*t->containers));
	for (i = 0; i < cd->n; i++) {
		lp_taskdef_container *c = &t->containers[t->ncontainers++];
		c->node = cd->items[i];
		c->name = lp_node_get_ci(cd->items[i], "name");
		c->span = cd->items[i]->span;
		c->bytes = bytes_of(l, &c->span);
	}
}

void lp_taskdef_read(lp_taskdef_set *out, lp_arena *a, const lp_node *root, const char *text, size_t len)
{
	lines l;
	size_t cap = 0, i;
	const lp_node *res, *inner;
	lp_taskdef t;

	memset(out, 0, sizeof(*out));
	if (!root || root->kind != LP_NODE_MAP)
		return;
	lines_init(&l, a, text, len);
	memset(&t, 0, sizeof(t));
	if ((inner = inner_of(root)) != NULL) {
		t.shape = LP_TASKDEF_DESCRIBE;
		fill(&t, a, &l, inner);
		push(out, a, &cap, &t);
		return;
	}
	if (lp_node_get_ci(root, "containerDefinitions")) {
		t.shape = is_skeleton(root) ? LP_TASKDEF_SKELETON : LP_TASKDEF_REGISTER;
		fill(&t, a, &l, root);
		push(out, a, &cap, &t);
		return;
	}
	res = lp_node_get(root, "Resources");
	for (i = 0; res && res->kind == LP_NODE_MAP && i < res->n; i++) {
		const lp_node *r = res->pairs[i].value;
		const char *type = lp_node_str(lp_node_get(r, "Type"));
		const lp_node *props = lp_node_get(r, "Properties");
		if (!type || strcmp(type, "AWS::ECS::TaskDefinition") || !props || props->kind != LP_NODE_MAP)
			continue;
		memset(&t, 0, sizeof(t));
		t.shape = LP_TASKDEF_CFN;
		t.logical_id = res->pairs[i].key->str;
		t.span = res->pairs[i].key->span;
		fill(&t, a, &l, props);
		push(out, a, &cap, &t);
	}
}

const char *lp_taskdef_shape_name(lp_taskdef_shape s)
{
	switch (s) {
	case LP_TASKDEF_REGISTER: return "RegisterTaskDefinition input";
	case LP_TASKDEF_DESCRIBE: return "DescribeTaskDefinition output";
	case LP_TASKDEF_SKELETON: return "CLI skeleton";
	case LP_TASKDEF_CFN: return "AWS::ECS::TaskDefinition resource";
	}
	return "task definition";
}
