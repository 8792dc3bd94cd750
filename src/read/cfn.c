#include "read/cfn.h"

#include <ctype.h>
#include <string.h>

#define FOREACH_PREFIX "Fn::ForEach::"

/* ---- intrinsics -------------------------------------------------------- */

/* The tag form only: `!Ref X`; libyaml's own tags ("tag:yaml.org,2002:str", "!!str") are not calls. */
static int tag_call(lp_cfn_call *out, const lp_node *v)
{
	if (!v->tag || v->tag[0] != '!' || v->tag[1] == '!' || !v->tag[1])
		return 0;
	out->fn = v->tag + 1;
	if (!strncmp(out->fn, "Fn::", 4))
		out->fn += 4;
	out->arg = v;
	return 1;
}

static int map_call(lp_cfn_call *out, const lp_node *v)
{
	const char *k;
	if (v->kind != LP_NODE_MAP || v->n != 1 || !(k = v->pairs[0].key->str))
		return 0;
	if (!strcmp(k, "Ref") || !strcmp(k, "Condition"))
		out->fn = k;
	else if (!strncmp(k, "Fn::", 4) && k[4] && strncmp(k, FOREACH_PREFIX, strlen(FOREACH_PREFIX)) != 0)
		out->fn = k + 4;
	else
		return 0;
	out->arg = v->pairs[0].value;
	return 1;
}

int lp_cfn_call_of(lp_cfn_call *out, const lp_node *v)
{
	if (!v)
		return 0;
	return tag_call(out, v) || map_call(out, v);
}

static const char *first_str(const lp_node *n)
{
	if (!n)
		return NULL;
	if (n->kind == LP_NODE_SCALAR)
		return n->str;
	if (n->kind == LP_NODE_SEQ && n->n && n->items[0]->kind == LP_NODE_SCALAR)
		return n->items[0]->str;
	return NULL;
}

/* `tagged` says whether the tag of `v` was already read as the call (its argument is `v` itself). */
static void display(lp_buf *out, const lp_node *v, int tagged, unsigned depth)
{
	lp_cfn_call c;
	const char *s;
	if (!v) {
		lp_buf_putc(out, '?');
		return;
	}
	if (depth > 8 || !((!tagged && tag_call(&c, v)) || map_call(&c, v))) {
		lp_buf_puts(out, v->kind == LP_NODE_SCALAR ? v->str : "?");
		return;
	}
	lp_buf_printf(out, "!%s", c.fn);
	s = first_str(c.arg);
	if (!strcmp(c.fn, "GetAtt") && c.arg->kind == LP_NODE_SEQ && c.arg->n == 2 &&
		c.arg->items[1]->kind == LP_NODE_SCALAR && s) {
		lp_buf_printf(out, " %s.%s", s, c.arg->items[1]->str);
	} else if (!strcmp(c.fn, "ImportValue") || (c.arg->kind == LP_NODE_MAP && c.arg != v)) {
		lp_buf_putc(out, ' ');
		display(out, c.arg, c.arg == v, depth + 1);
	} else if (s && (c.arg->kind == LP_NODE_SCALAR || !strcmp(c.fn, "Sub"))) {
		lp_buf_printf(out, " %s", s);
	} else {
		lp_buf_puts(out, " [...]");
	}
}

void lp_cfn_display(lp_buf *out, const lp_node *v)
{
	display(out, v, 0, 0);
}

const char *lp_cfn_target(lp_arena *a, const lp_node *v)
{
	lp_cfn_call c;
	const char *s, *dot;
	if (!lp_cfn_call_of(&c, v) || !(s = first_str(c.arg)))
		return NULL;
	if (!strcmp(c.fn, "Ref"))
		return c.arg->kind == LP_NODE_SCALAR && strncmp(s, "AWS::", 5) ? s : NULL;
	if (!strcmp(c.fn, "GetAtt")) {
		if (c.arg->kind == LP_NODE_SEQ)
			return s;
		dot = strchr(s, '.');
		return dot ? lp_arena_strndup(a, s, (size_t)(dot - s)) : s;
	}
	if (!strcmp(c.fn, "Sub")) {
		size_t n = strlen(s);
		if (n < 4 || strncmp(s, "${", 2) || s[n - 1] != '}' || strchr(s + 2, '$') || !strncmp(s + 2, "AWS::", 5))
			return NULL;
		dot = strchr(s, '.');
		return lp_arena_strndup(a, s + 2, (size_t)((dot ? dot : s + n - 1) - (s + 2)));
	}
	return NULL;
}

/* ---- Fn::ForEach -------------------------------------------------------- */

typedef struct binding {
	const char *id;
	const char *value;
	const struct binding *up;
} binding;

typedef struct xctx {
	lp_arena *a;
	const lp_node *root;
	lp_diag *d;
	size_t outputs;
	int over; /* the output budget ran out; reported once */
} xctx;

static int is_loop_key(const lp_node *k)
{
	return k && k->str && !strncmp(k->str, FOREACH_PREFIX, strlen(FOREACH_PREFIX));
}

static int has_loop(const lp_node *n, unsigned depth)
{
	size_t i;
	if (!n || depth > 64)
		return 0;
	if (n->kind == LP_NODE_MAP) {
		for (i = 0; i < n->n; i++)
			if (is_loop_key(n->pairs[i].key) || has_loop(n->pairs[i].value, depth + 1))
				return 1;
	} else if (n->kind == LP_NODE_SEQ) {
		for (i = 0; i < n->n; i++)
			if (has_loop(n->items[i], depth + 1))
				return 1;
	}
	return 0;
}

static const char *bound(const binding *b, const char *id, size_t n)
{
	for (; b; b = b->up)
		if (strlen(b->id) == n && !strncmp(b->id, id, n))
			return b->value;
	return NULL;
}

/* `s` with ${Id} and &{Id} of the bound identifiers replaced; &{} keeps only letters and digits. */
static const char *subst(xctx *x, const char *s, const binding *b)
{
	lp_buf out = LP_BUF_INIT;
	const char *p = s, *r;
	char *res;
	if (!b || (!strstr(s, "${") && !strstr(s, "&{")))
		return s;
	while (*p) {
		const char *close, *v;
		if ((p[0] == '$' || p[0] == '&') && p[1] == '{' && (close = strchr(p + 2, '}')) != NULL &&
			(v = bound(b, p + 2, (size_t)(close - p - 2))) != NULL) {
			if (p[0] == '$')
				lp_buf_puts(&out, v);
			else
				for (r = v; *r; r++)
					if (isalnum((unsigned char)*r))
						lp_buf_putc(&out, *r);
			p = close + 1;
		} else {
			lp_buf_putc(&out, *p++);
		}
	}
	res = lp_arena_strndup(x->a, out.ptr, out.size);
	lp_buf_release(&out);
	return res;
}

static lp_node *new_node(xctx *x, const lp_node *like)
{
	lp_node *n = lp_arena_alloc(x->a, sizeof(*n));
	*n = *like;
	return n;
}

static lp_node *scalar_like(xctx *x, const lp_node *like, const char *str)
{
	lp_node *n = lp_arena_alloc(x->a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = LP_NODE_SCALAR;
	n->span = like->span;
	n->str = str;
	n->len = strlen(str);
	n->stype = LP_SCALAR_STR;
	n->quoted = 1;
	n->weight = 1;
	return n;
}

typedef struct pairvec {
	lp_pair *v;
	size_t n, cap;
} pairvec;

static void pair_push(xctx *x, pairvec *pv, lp_node *k, lp_node *v)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 8;
		lp_pair *fresh = lp_arena_alloc(x->a, cap * sizeof(*fresh));
		if (pv->n)
			memcpy(fresh, pv->v, pv->n * sizeof(*fresh));
		pv->v = fresh;
		pv->cap = cap;
	}
	pv->v[pv->n].key = k;
	pv->v[pv->n].value = v;
	pv->n++;
}

static lp_node *copy(xctx *x, const lp_node *n, const binding *b, unsigned depth);

static void note(xctx *x, const lp_node *at, const char *loop, const char *why)
{
	if (x->d)
		lp_diag_add(x->d, LP_SEV_NOTE, "LP-CFN-FOREACH", &at->span,
			"give the collection as a list, or a CommaDelimitedList parameter with a Default",
			"loop '%s' is not expanded (%s), so the resources it generates are not linted", loop, why);
}

/* The collection's values: a list of scalars, or !Ref to a CommaDelimitedList parameter's Default. */
static int collection(xctx *x, const lp_node *c, const binding *b, const char ***vals, size_t *n)
{
	lp_cfn_call call;
	size_t i;
	*n = 0;
	if (c->kind == LP_NODE_SEQ && !c->tag) {
		*vals = lp_arena_alloc(x->a, (c->n + 1) * sizeof(**vals));
		for (i = 0; i < c->n; i++) {
			lp_node *it = copy(x, c->items[i], b, 0);
			if (it->kind != LP_NODE_SCALAR || lp_cfn_call_of(&call, it))
				return -1;
			(*vals)[(*n)++] = it->str;
		}
		return 0;
	}
	if (lp_cfn_call_of(&call, c) && !strcmp(call.fn, "Ref") && call.arg->kind == LP_NODE_SCALAR) {
		const lp_node *param = lp_node_get(lp_node_get(x->root, "Parameters"), call.arg->str);
		const char *def = lp_node_str(lp_node_get(param, "Default"));
		const char *p;
		if (!def)
			return -1;
		*vals = lp_arena_alloc(x->a, (strlen(def) + 2) * sizeof(**vals));
		for (p = def;;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			while (len && isspace((unsigned char)*p)) {
				p++;
				len--;
			}
			while (len && isspace((unsigned char)p[len - 1]))
				len--;
			(*vals)[(*n)++] = lp_arena_strndup(x->a, p, len);
			if (!comma)
				break;
			p = comma + 1;
		}
		return 0;
	}
	return -1;
}

/* Appends the pairs loop `pair` generates to `out`. */
static void expand_loop(xctx *x, const lp_pair *pair, const binding *b, unsigned depth, pairvec *out)
{
	const char *loop = pair->key->str + strlen(FOREACH_PREFIX);
	const lp_node *v = pair->value, *id, *body;
	const char **vals = NULL;
	size_t nvals = 0, i, j;

	if (x->over)
		return;
	if (depth >= LP_CFN_FOREACH_MAX_DEPTH) {
		note(x, pair->key, loop, "loops nest too deep");
		return;
	}
	if (!v || v->kind != LP_NODE_SEQ || v->n != 3 || (id = v->items[0])->kind != LP_NODE_SCALAR ||
		(body = v->items[2])->kind != LP_NODE_MAP) {
		note(x, pair->key, loop, "it is not [Identifier, Collection, {OutputKey: OutputValue}]");
		return;
	}
	if (collection(x, v->items[1], b, &vals, &nvals) < 0) {
		note(x, v->items[1], loop, "its collection is only known at deploy time");
		return;
	}
	for (i = 0; i < nvals && !x->over; i++) {
		binding nb = { id->str, vals[i], b };
		for (j = 0; j < body->n; j++) {
			const lp_pair *bp = &body->pairs[j];
			if (is_loop_key(bp->key)) {
				expand_loop(x, bp, &nb, depth + 1, out);
				continue;
			}
			if (x->outputs >= LP_CFN_FOREACH_MAX_OUTPUTS) {
				if (!x->over)
					note(x, pair->key, loop, "the template generates more than 10000 keys");
				x->over = 1;
				return;
			}
			x->outputs++;
			pair_push(x, out, scalar_like(x, bp->key, subst(x, bp->key->str, &nb)), copy(x, bp->value, &nb, depth + 1));
		}
	}
}

static lp_node *copy(xctx *x, const lp_node *n, const binding *b, unsigned depth)
{
	lp_cfn_call call;
	lp_node *c;
	size_t i;

	if (!b && !has_loop(n, 0))
		return (lp_node *)n;
	if (b && lp_cfn_call_of(&call, n) && !strcmp(call.fn, "Ref") && call.arg->kind == LP_NODE_SCALAR) {
		const char *v = bound(b, call.arg->str, strlen(call.arg->str));
		if (v)
			return scalar_like(x, n, v);
	}
	c = new_node(x, n);
	if (n->kind == LP_NODE_SCALAR) {
		if (b)
			c->str = subst(x, n->str, b);
		c->len = strlen(c->str);
	} else if (n->kind == LP_NODE_SEQ) {
		c->items = lp_arena_alloc(x->a, (n->n + 1) * sizeof(*c->items));
		for (i = 0; i < n->n; i++)
			c->items[i] = copy(x, n->items[i], b, depth);
	} else {
		pairvec pv = { NULL, 0, 0 };
		for (i = 0; i < n->n; i++) {
			const lp_pair *p = &n->pairs[i];
			if (is_loop_key(p->key))
				expand_loop(x, p, b, depth, &pv);
			else
				pair_push(x, &pv, b ? scalar_like(x, p->key, subst(x, p->key->str, b)) : p->key,
					copy(x, p->value, b, depth));
		}
		c->pairs = pv.v;
		c->n = pv.n;
	}
	return c;
}

const lp_node *lp_cfn_expand(lp_arena *a, const lp_node *root, lp_diag *d)
{
	const lp_node *res = lp_node_get(root, "Resources");
	xctx x;
	lp_node *out;
	size_t i;

	if (!res || res->kind != LP_NODE_MAP || !has_loop(res, 0))
		return root;
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.root = root;
	x.d = d;
	out = new_node(&x, root);
	out->pairs = lp_arena_alloc(a, root->n * sizeof(*out->pairs));
	for (i = 0; i < root->n; i++) {
		out->pairs[i] = root->pairs[i];
		if (root->pairs[i].value == res)
			out->pairs[i].value = copy(&x, res, NULL, 0);
	}
	return out;
}
