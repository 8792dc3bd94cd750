#define PCRE2_CODE_UNIT_WIDTH 8
#include "lint/rules.h"

#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/cfn.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/mem.h"

struct lp_ruleset {
	int shared;       /* the embedded rules lp_ruleset_load hands out: never freed */
	lp_arena arena;   /* rule strings and the rule trees */
	lp_diag *sources; /* keeps the rule texts the trees point into */
	lp_rule *v;
	size_t n, cap;
};

/* ---- loading ---------------------------------------------------------- */

static const char *str_of(lp_ruleset *rs, const lp_node *map, const char *key)
{
	const lp_node *n = lp_node_get(map, key);
	const char *s = n && n->kind == LP_NODE_SCALAR && !lp_node_is_null(n) ? n->str : NULL;
	return s ? lp_arena_strdup(&rs->arena, s) : NULL;
}

static void bad(lp_diag *d, const lp_node *n, const char *what, const char *id)
{
	lp_diag_error(d, "LP-RULE-INVALID", n ? &n->span : NULL, NULL, "%s%s%s", id ? id : "", id ? ": " : "", what);
}

static int parse_resource(lp_rule_resource *out, lp_ruleset *rs, const lp_node *n, lp_diag *d)
{
	const char *kind = str_of(rs, n, "kind");
	const char *cfn = str_of(rs, n, "cfn");
	memset(out, 0, sizeof(*out));
	out->each = str_of(rs, n, "each");
	if (cfn) {
		out->kind = LP_LINT_CFN_TEMPLATE;
		out->cfn_type = cfn;
		return 0;
	}
	if (!kind || lp_lint_kind_parse(&out->kind, kind) < 0 || out->kind == LP_LINT_CFN_TEMPLATE) {
		bad(d, n, "resource needs 'cfn: TYPE' or a 'kind' that is an input shape", NULL);
		return -1;
	}
	return 0;
}

static void parse_rule(lp_ruleset *rs, const lp_node *n, const char *source, lp_diag *d)
{
	lp_rule r;
	const lp_node *x;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.span = n->span;
	r.source = source;
	r.id = str_of(rs, n, "id");
	r.title = str_of(rs, n, "title");
	r.description = str_of(rs, n, "description");
	r.message = str_of(rs, n, "message");
	r.remediation = str_of(rs, n, "remediation");
	r.help_uri = str_of(rs, n, "help_uri");
	r.guard_note = str_of(rs, n, "guard_note");
	r.security_severity = str_of(rs, n, "security_severity");
	r.cfn_nag = str_of(rs, n, "cfn_nag");
	r.example = str_of(rs, n, "example");
	r.for_each = str_of(rs, n, "for_each");
	r.when = lp_node_get(n, "when");
	r.assert_ = lp_node_get(n, "assert");
	r.tests = lp_node_get(n, "tests");
	r.fix = lp_node_get(n, "fix");
	if (!r.id || !r.title || !r.message || !r.assert_) {
		bad(d, n, "a rule needs id, title, message and assert", r.id);
		return;
	}
	x = lp_node_get(n, "severity");
	if (!lp_node_str(x) || lp_severity_parse(&r.severity, lp_node_str(x)) < 0) {
		bad(d, n, "needs severity error, warning or note", r.id);
		return;
	}
	if ((x = lp_node_get(n, "config_rule")) != NULL) {
		r.config_identifier = str_of(rs, x, "identifier");
		r.config_name = str_of(rs, x, "name");
		r.config_discontinued = str_of(rs, x, "discontinued");
		r.config_note = str_of(rs, x, "note");
	}
	if ((x = lp_node_get(n, "params")) != NULL && x->kind == LP_NODE_SEQ) {
		r.params = lp_arena_alloc(&rs->arena, (x->n + 1) * sizeof(*r.params));
		for (i = 0; i < x->n; i++) {
			r.params[r.nparams].name = str_of(rs, x->items[i], "name");
			r.params[r.nparams].def = str_of(rs, x->items[i], "default");
			r.params[r.nparams].description = str_of(rs, x->items[i], "description");
			if (r.params[r.nparams].name)
				r.nparams++;
		}
	}
	x = lp_node_get(n, "resources");
	if (!x || x->kind != LP_NODE_SEQ || x->n == 0) {
		bad(d, n, "needs a non-empty resources list", r.id);
		return;
	}
	r.resources = lp_arena_alloc(&rs->arena, x->n * sizeof(*r.resources));
	for (i = 0; i < x->n; i++)
		if (parse_resource(&r.resources[r.nresources], rs, x->items[i], d) == 0)
			r.nresources++;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->v = lp_realloc(rs->v, rs->cap * sizeof(*rs->v));
	}
	rs->v[rs->n++] = r;
}

static void load_one(lp_ruleset *rs, const char *name, const char *text, size_t len, lp_diag *d)
{
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_node *root = NULL;
	const lp_node *list;
	const char *src = lp_arena_strdup(&rs->arena, name);
	size_t i;

	if (lp_yaml_load(&root, &rs->arena, name, text, len, &lim, rs->sources) < 0 || !root)
		goto done;
	list = lp_node_get(root, "rules");
	if (!list || list->kind != LP_NODE_SEQ) {
		bad(d, root, "needs a top-level 'rules' list", name);
		goto done;
	}
	for (i = 0; i < list->n; i++)
		parse_rule(rs, list->items[i], src, d);
done:
	/* syntax errors of the rule file itself are reported through the sink */
	for (i = 0; i < lp_diag_count(rs->sources); i++) {
		lp_diag_entry *e = lp_diag_get(rs->sources, i);
		if (!e->suppressed) {
			lp_diag_add(d, e->severity, e->rule, &e->span, e->help, "%s", e->message);
			e->suppressed = lp_strdup("reported");
		}
	}
}

static lp_ruleset *ruleset_new(void)
{
	lp_ruleset *rs = lp_calloc(1, sizeof(*rs));
	rs->sources = lp_diag_new();
	return rs;
}

int lp_ruleset_load_text(lp_ruleset **out, const char *name, const char *text, size_t len, lp_diag *d)
{
	lp_ruleset *rs = ruleset_new();
	load_one(rs, name, text, len, d);
	*out = rs;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const lp_rule *)a)->id, ((const lp_rule *)b)->id);
}

/*
 * The embedded rules cannot change while the process runs, and one
 * `lint --spec` asked for them three times (the options, the spec's lint
 * settings, the run), each time parsing every rule file again: a third of
 * a run on a small project. They are loaded once and shared, as the
 * schema's compiled patterns are.
 */
static pthread_once_t embedded_once = PTHREAD_ONCE_INIT;
static lp_ruleset *embedded;
static char embedded_error[512];

static void load_embedded(void)
{
	lp_ruleset *rs = ruleset_new();
	lp_diag *d = lp_diag_new();
	const lp_embedded_file *f;

	for (f = lp_embedded_files; f->path; f++) {
		size_t pl = strlen(f->path);
		if (strncmp(f->path, "rules/", 6) != 0 || pl < 5 || strcmp(f->path + pl - 5, ".yaml") != 0)
			continue;
		load_one(rs, f->path, f->data, f->len, d);
	}
	if (lp_diag_count(d) > 0) {
		lp_diag_entry *e = lp_diag_get(d, 0);
		snprintf(embedded_error, sizeof(embedded_error), "embedded rule file %s:%u: %s",
			e->span.file ? e->span.file : "?", e->span.line, e->message);
		lp_ruleset_free(rs);
	} else {
		qsort(rs->v, rs->n, sizeof(*rs->v), by_id);
		rs->shared = 1;
		embedded = rs;
	}
	lp_diag_free(d);
}

int lp_ruleset_load(lp_ruleset **out)
{
	pthread_once(&embedded_once, load_embedded);
	*out = embedded;
	if (!embedded) {
		lp_error_set(LP_ERROR_INTERNAL, "%s", embedded_error);
		return -1;
	}
	return 0;
}

void lp_ruleset_free(lp_ruleset *rs)
{
	if (!rs || rs->shared)
		return;
	lp_free(rs->v);
	lp_diag_free(rs->sources);
	lp_arena_release(&rs->arena);
	lp_free(rs);
}

size_t lp_ruleset_count(const lp_ruleset *rs)
{
	return rs ? rs->n : 0;
}

const lp_rule *lp_ruleset_get(const lp_ruleset *rs, size_t i)
{
	return &rs->v[i];
}

const lp_rule *lp_ruleset_find(const lp_ruleset *rs, const char *id)
{
	size_t i;
	if (!rs || !id)
		return NULL;
	for (i = 0; i < rs->n; i++) {
		const lp_rule *r = &rs->v[i];
		if (!strcasecmp(r->id, id) || (r->config_name && !strcasecmp(r->config_name, id)) ||
			(r->config_identifier && !strcasecmp(r->config_identifier, id)))
			return r;
	}
	return NULL;
}

const char *lp_rule_param_value(const lp_rule *r, const char *key, lp_rule_param_fn pf, void *payload)
{
	size_t i;
	const char *v = pf ? pf(payload, r, key) : NULL;
	if (v)
		return v;
	for (i = 0; i < r->nparams; i++)
		if (!strcasecmp(r->params[i].name, key))
			return r->params[i].def;
	return NULL;
}

/* ---- paths ------------------------------------------------------------ */

typedef struct nodevec {
	const lp_node **v;
	size_t n, cap;
	int unknown;           /* the walk met an intrinsic it could not see through */
	const lp_node *deepest; /* the last node that existed, for positioning "missing" */
} nodevec;

static void vec_push(nodevec *nv, const lp_node *n)
{
	if (nv->n == nv->cap) {
		nv->cap = nv->cap ? nv->cap * 2 : 8;
		nv->v = lp_realloc(nv->v, nv->cap * sizeof(*nv->v));
	}
	nv->v[nv->n++] = n;
}

int lp_rule_is_intrinsic(const lp_node *n)
{
	if (!n)
		return 0;
	if (n->tag && n->tag[0] == '!')
		return 1;
	if (n->kind == LP_NODE_MAP && n->n == 1 && n->pairs[0].key->str) {
		const char *k = n->pairs[0].key->str;
		return !strcmp(k, "Ref") || !strncmp(k, "Fn::", 4) || !strcmp(k, "Condition");
	}
	return 0;
}

/* Next segment of `p` into `seg`; returns the rest or NULL at the end. */
static const char *next_seg(lp_buf *seg, const char *p)
{
	lp_buf_clear(seg);
	if (!*p)
		return NULL;
	if (*p == '"') {
		p++;
		while (*p && *p != '"')
			lp_buf_putc(seg, *p++);
		if (*p == '"')
			p++;
	} else {
		while (*p && *p != '.')
			lp_buf_putc(seg, *p++);
	}
	if (*p == '.')
		p++;
	return p;
}

static void walk(nodevec *out, const lp_node *n, const char *rest, lp_buf *seg)
{
	const char *next;
	size_t i;

	if (!n)
		return;
	if (!*rest) {
		vec_push(out, n);
		return;
	}
	if (lp_rule_is_intrinsic(n)) {
		out->unknown = 1;
		return;
	}
	out->deepest = n;
	next = next_seg(seg, rest);
	if (!strcmp(seg->ptr, "*")) {
		char *keep = lp_strdup(next);
		for (i = 0; i < n->n; i++) {
			if (n->kind == LP_NODE_MAP)
				walk(out, n->pairs[i].value, keep, seg);
			else if (n->kind == LP_NODE_SEQ)
				walk(out, n->items[i], keep, seg);
		}
		lp_free(keep);
		return;
	}
	if (n->kind == LP_NODE_MAP) {
		walk(out, lp_node_get_ci(n, seg->ptr), next, seg);
	} else if (n->kind == LP_NODE_SEQ && isdigit((unsigned char)seg->ptr[0])) {
		unsigned long ix = strtoul(seg->ptr, NULL, 10);
		if (ix < n->n)
			walk(out, n->items[ix], next, seg);
	}
}

static void resolve(nodevec *out, const lp_node *cur, const lp_node *root, const char *path)
{
	lp_buf seg = LP_BUF_INIT;
	memset(out, 0, sizeof(*out));
	if (!path)
		path = "";
	if (*path == '/') {
		cur = root;
		path++;
	}
	out->deepest = cur;
	walk(out, cur, path, &seg);
	lp_buf_release(&seg);
}

/* ---- evaluation ------------------------------------------------------- */

typedef enum { T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = 2 } tri;

/* A leaf whose path starts at the resource root has one result per resource. */
typedef struct memo {
	const lp_node *cond;
	int t;
	const lp_node *blame;
} memo;

typedef struct eval {
	const lp_rule *r;
	const lp_node *root;
	lp_rule_param_fn pf;
	void *payload;
	memo memo[8];
	size_t nmemo;
} eval;

static const char *param_of(eval *e, const lp_node *v)
{
	const lp_node *p = v && v->kind == LP_NODE_MAP ? lp_node_get(v, "param") : NULL;
	return p ? lp_rule_param_value(e->r, lp_node_str(p), e->pf, e->payload) : NULL;
}

static int is_param(const lp_node *v)
{
	return v && v->kind == LP_NODE_MAP && lp_node_get(v, "param");
}

static int to_number(double *out, const char *s)
{
	char *end;
	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return errno || *end ? -1 : 0;
}

static int is_boolish(const char *s)
{
	return !strcasecmp(s, "true") || !strcasecmp(s, "false");
}

/* Scalar equality: booleans and numbers by value (CloudFormation writes "true" and "128"), else exact. */
static int text_equals(const char *have, const char *want)
{
	double a, b;
	if (is_boolish(want))
		return !strcasecmp(have, want);
	if (to_number(&a, have) == 0 && to_number(&b, want) == 0)
		return a == b;
	return !strcmp(have, want);
}

static int in_list(eval *e, const char *have, const lp_node *list)
{
	size_t i;
	if (is_param(list)) {
		const char *csv = param_of(e, list), *p = csv;
		lp_buf item = LP_BUF_INIT;
		int found = 0;
		while (p && *p && !found) {
			const char *c = strchr(p, ',');
			size_t l = c ? (size_t)(c - p) : strlen(p);
			lp_buf_clear(&item);
			lp_buf_put(&item, p, l);
			while (item.size && isspace((unsigned char)item.ptr[item.size - 1]))
				lp_buf_truncate(&item, item.size - 1);
			{
				const char *t = item.ptr;
				while (isspace((unsigned char)*t))
					t++;
				found = *t && text_equals(have, t);
			}
			p = c ? c + 1 : NULL;
		}
		lp_buf_release(&item);
		return found;
	}
	if (list && list->kind == LP_NODE_SEQ)
		for (i = 0; i < list->n; i++)
			if (list->items[i]->kind == LP_NODE_SCALAR && text_equals(have, list->items[i]->str))
				return 1;
	return 0;
}

static int regex_matches(const char *re, const char *subject)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
	pcre2_match_data *md;
	int rc;
	if (!code)
		return 0;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = pcre2_match(code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return rc >= 0;
}

static const char *num_text(eval *e, const lp_node *v)
{
	return is_param(v) ? param_of(e, v) : lp_node_str(v);
}

/* One value test on one matched node. */
static tri test_value(eval *e, const lp_node *cond, const lp_node *m)
{
	const lp_node *v;
	const char *s;
	double have, lim;

	if (lp_rule_is_intrinsic(m))
		return T_UNKNOWN;
	if (m->kind != LP_NODE_SCALAR)
		return T_FALSE;
	s = m->str;
	if ((v = lp_node_get(cond, "equals")) != NULL) {
		const char *want = is_param(v) ? param_of(e, v) : lp_node_str(v);
		if (!want || !text_equals(s, want))
			return T_FALSE;
	}
	if ((v = lp_node_get(cond, "in")) != NULL && !in_list(e, s, v))
		return T_FALSE;
	if ((v = lp_node_get(cond, "matches")) != NULL && !regex_matches(lp_node_str(v), s))
		return T_FALSE;
	if ((v = lp_node_get(cond, "min")) != NULL) {
		if (to_number(&lim, num_text(e, v)) < 0)
			return T_UNKNOWN;
		if (to_number(&have, s) < 0 || have < lim)
			return T_FALSE;
	}
	if ((v = lp_node_get(cond, "max")) != NULL) {
		if (to_number(&lim, num_text(e, v)) < 0)
			return T_UNKNOWN;
		if (to_number(&have, s) < 0 || have > lim)
			return T_FALSE;
	}
	return T_TRUE;
}

static tri eval_cond(eval *e, const lp_node *cond, const lp_node *cur, const lp_node **blame);

static tri eval_leaf_uncached(eval *e, const lp_node *cond, const lp_node *cur, const lp_node **blame);

/* Without the memo, a for_each item that looks at every sibling ("/containerDefinitions.*...") is quadratic. */
static tri eval_leaf(eval *e, const lp_node *cond, const lp_node *cur, const lp_node **blame)
{
	const char *path = lp_node_str(lp_node_get(cond, "path"));
	size_t i;
	tri t;
	if (!path || path[0] != '/')
		return eval_leaf_uncached(e, cond, cur, blame);
	for (i = 0; i < e->nmemo; i++)
		if (e->memo[i].cond == cond) {
			*blame = e->memo[i].blame;
			return (tri)e->memo[i].t;
		}
	t = eval_leaf_uncached(e, cond, cur, blame);
	if (e->nmemo < sizeof(e->memo) / sizeof(e->memo[0])) {
		e->memo[e->nmemo].cond = cond;
		e->memo[e->nmemo].t = t;
		e->memo[e->nmemo].blame = *blame;
		e->nmemo++;
	}
	return t;
}

static tri eval_leaf_uncached(eval *e, const lp_node *cond, const lp_node *cur, const lp_node **blame)
{
	nodevec m;
	const lp_node *v;
	tri res = T_TRUE;
	size_t i;
	int optional = 0;

	resolve(&m, cur, e->root, lp_node_str(lp_node_get(cond, "path")));
	lp_node_bool(&optional, lp_node_get(cond, "optional"));
	*blame = m.n ? m.v[0] : m.deepest;

	if ((v = lp_node_get(cond, "exists")) != NULL) {
		int want = 1;
		lp_node_bool(&want, v);
		if (m.n)
			res = want ? T_TRUE : T_FALSE;
		else
			res = m.unknown ? T_UNKNOWN : (want ? T_FALSE : T_TRUE);
	} else if ((v = lp_node_get(cond, "count")) != NULL) {
		int64_t lo = 0, hi = -1;
		lp_node_int(&lo, lp_node_get(v, "min"));
		lp_node_int(&hi, lp_node_get(v, "max"));
		if (m.unknown)
			res = T_UNKNOWN;
		else
			res = ((int64_t)m.n >= lo && (hi < 0 || (int64_t)m.n <= hi)) ? T_TRUE : T_FALSE;
	} else if ((v = lp_node_get(cond, "some")) != NULL) {
		res = m.unknown ? T_UNKNOWN : T_FALSE;
		for (i = 0; i < m.n && res != T_TRUE; i++) {
			const lp_node *b = NULL;
			tri t = eval_cond(e, v, m.v[i], &b);
			if (t == T_TRUE) {
				res = T_TRUE;
				*blame = b;
			} else if (t == T_UNKNOWN) {
				res = T_UNKNOWN;
			}
		}
	} else if ((v = lp_node_get(cond, "every")) != NULL) {
		res = m.unknown ? T_UNKNOWN : T_TRUE;
		for (i = 0; i < m.n && res != T_FALSE; i++) {
			const lp_node *b = NULL;
			tri t = eval_cond(e, v, m.v[i], &b);
			if (t == T_FALSE) {
				res = T_FALSE;
				*blame = b ? b : m.v[i];
			} else if (t == T_UNKNOWN) {
				res = T_UNKNOWN;
			}
		}
	} else if (m.n == 0) {
		res = m.unknown ? T_UNKNOWN : (optional ? T_TRUE : T_FALSE);
	} else {
		for (i = 0; i < m.n; i++) {
			tri t = test_value(e, cond, m.v[i]);
			if (t == T_FALSE) {
				res = T_FALSE;
				*blame = m.v[i];
				break;
			}
			if (t == T_UNKNOWN)
				res = T_UNKNOWN;
		}
	}
	lp_free(m.v);
	return res;
}

static tri eval_cond(eval *e, const lp_node *cond, const lp_node *cur, const lp_node **blame)
{
	const lp_node *v;
	size_t i;

	*blame = cur;
	if (!cond || cond->kind != LP_NODE_MAP)
		return T_UNKNOWN;
	if ((v = lp_node_get(cond, "all")) != NULL) {
		tri res = T_TRUE;
		for (i = 0; v->kind == LP_NODE_SEQ && i < v->n; i++) {
			const lp_node *b;
			tri t = eval_cond(e, v->items[i], cur, &b);
			if (t == T_FALSE) {
				*blame = b;
				return T_FALSE;
			}
			if (t == T_UNKNOWN)
				res = T_UNKNOWN;
		}
		return res;
	}
	if ((v = lp_node_get(cond, "any")) != NULL) {
		tri res = T_FALSE;
		int first = 1;
		for (i = 0; v->kind == LP_NODE_SEQ && i < v->n; i++) {
			const lp_node *b;
			tri t = eval_cond(e, v->items[i], cur, &b);
			if (t == T_TRUE) {
				*blame = b;
				return T_TRUE;
			}
			if (t == T_UNKNOWN)
				res = T_UNKNOWN;
			if (first && b)
				*blame = b;
			first = 0;
		}
		return res;
	}
	if ((v = lp_node_get(cond, "not")) != NULL) {
		tri t = eval_cond(e, v, cur, blame);
		return t == T_UNKNOWN ? T_UNKNOWN : (t == T_TRUE ? T_FALSE : T_TRUE);
	}
	if ((v = lp_node_get(cond, "param_set")) != NULL) {
		const char *pv = lp_rule_param_value(e->r, lp_node_str(v), e->pf, e->payload);
		return pv && *pv ? T_TRUE : T_FALSE;
	}
	return eval_leaf(e, cond, cur, blame);
}

/* ---- messages and findings ------------------------------------------- */

static void format_message(lp_buf *out, eval *e, const char *tmpl, const lp_node *item, const lp_node *blame,
	const char *target)
{
	const char *p = tmpl;
	lp_buf key = LP_BUF_INIT;

	while (*p) {
		const char *close;
		/* !{firehose:...} and ${col} are literal text, not placeholders */
		if (*p != '{' || (p > tmpl && (p[-1] == '!' || p[-1] == '$')) || !(close = strchr(p, '}'))) {
			lp_buf_putc(out, *p++);
			continue;
		}
		lp_buf_clear(&key);
		lp_buf_put(&key, p + 1, (size_t)(close - p - 1));
		if (!strcmp(key.ptr, "value")) {
			lp_cfn_display(out, blame);
		} else if (!strcmp(key.ptr, "resource")) {
			lp_buf_puts(out, target ? target : "?");
		} else if (!strncmp(key.ptr, "param:", 6)) {
			const char *pv = lp_rule_param_value(e->r, key.ptr + 6, e->pf, e->payload);
			lp_buf_puts(out, pv ? pv : "");
		} else {
			nodevec m;
			resolve(&m, item, e->root, key.ptr);
			lp_cfn_display(out, m.n ? m.v[0] : NULL);
			lp_free(m.v);
		}
		p = close + 1;
	}
	lp_buf_release(&key);
}

/* The item's name as lp_cfn_display shows it (an intrinsic reads the same in JSON and YAML); NULL when unnamed. */
static const char *item_name(lp_buf *tmp, const lp_node *item)
{
	const lp_node *n = lp_node_get_ci(item, "name");
	if (!n || (n->kind != LP_NODE_SCALAR && !lp_rule_is_intrinsic(n)))
		return NULL;
	lp_buf_clear(tmp);
	lp_cfn_display(tmp, n);
	return tmp->ptr;
}

int lp_rule_holds(const lp_rule *r, const lp_node *cond, const lp_node *root, const lp_node *item,
	lp_rule_param_fn pf, void *payload)
{
	eval e;
	const lp_node *blame = NULL;
	memset(&e, 0, sizeof(e));
	e.r = r;
	e.root = root;
	e.pf = pf;
	e.payload = payload;
	return eval_cond(&e, cond, item, &blame) == T_TRUE;
}

size_t lp_rule_apply(const lp_rule *r, const lp_node *root, const char *target, const lp_span *fallback,
	lp_rule_param_fn pf, void *payload, lp_diag *d)
{
	return lp_rule_apply_hook(r, root, target, fallback, pf, payload, NULL, NULL, d);
}

size_t lp_rule_apply_hook(const lp_rule *r, const lp_node *root, const char *target, const lp_span *fallback,
	lp_rule_param_fn pf, void *payload, lp_rule_hit_fn hit, void *hit_payload, lp_diag *d)
{
	eval e;
	nodevec items;
	size_t i, found = 0;
	lp_buf msg = LP_BUF_INIT, tgt = LP_BUF_INIT;

	if (!root)
		return 0;
	memset(&e, 0, sizeof(e));
	e.r = r;
	e.root = root;
	e.pf = pf;
	e.payload = payload;
	if (r->for_each) {
		resolve(&items, root, root, r->for_each);
	} else {
		memset(&items, 0, sizeof(items));
		vec_push(&items, root);
	}
	for (i = 0; i < items.n; i++) {
		const lp_node *item = items.v[i], *blame = NULL;
		lp_diag_entry *de;
		const lp_span *sp;

		if (lp_rule_is_intrinsic(item))
			continue;
		if (r->when && eval_cond(&e, r->when, item, &blame) != T_TRUE)
			continue;
		if (eval_cond(&e, r->assert_, item, &blame) != T_FALSE)
			continue;
		lp_buf_clear(&msg);
		lp_buf_clear(&tgt);
		format_message(&msg, &e, r->message, item, blame, target);
		if (target)
			lp_buf_puts(&tgt, target);
		if (r->for_each) {
			lp_buf nb = LP_BUF_INIT;
			const char *nm = item_name(&nb, item);
			if (nm)
				lp_buf_printf(&tgt, "%s%s", tgt.size ? "." : "", nm);
			else
				lp_buf_printf(&tgt, "[%zu]", i);
			lp_buf_release(&nb);
		}
		sp = blame ? &blame->span : item->span.line ? &item->span : fallback;
		/* a multi-line node is pointed at by its first line only */
		{
			lp_span one = *sp;
			if (one.end_line != one.line) {
				one.end_line = one.line;
				one.end_col = one.col + 1;
			}
			de = lp_diag_add(d, r->severity, r->id, &one, r->remediation, "%s", msg.ptr);
		}
		if (tgt.size)
			de->target = lp_diag_intern(d, tgt.ptr);
		if (hit)
			hit(hit_payload, r, root, item, de, d);
		found++;
	}
	lp_free(items.v);
	lp_buf_release(&msg);
	lp_buf_release(&tgt);
	return found;
}
