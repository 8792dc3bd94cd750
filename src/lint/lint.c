#define PCRE2_CODE_UNIT_WIDTH 8
#include "lint/lint.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/cfn.h"
#include "read/ddl.h"
#include "read/flb.h"
#include "read/taskdef.h"
#include "lint/rules.h"
#include "artifact/artifact.h"
#include "artifact/output.h"
#include "git/git.h"
#include "spec/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strmap.h"

#define MAX_INPUT_BYTES ((size_t)8 << 20)

/* ---- detection -------------------------------------------------------- */

/* First non-blank, non-comment character of the text. */
static char first_char(const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (isspace((unsigned char)t[i])) {
			i++;
		} else if (t[i] == '#' || (t[i] == '-' && i + 1 < len && t[i + 1] == '-')) {
			while (i < len && t[i] != '\n')
				i++;
		} else {
			return t[i];
		}
	}
	return 0;
}

/* The word at t[i] (case-insensitive) followed by a non-word byte; advances *i past it and blanks. */
static int take_word(const char *t, size_t len, size_t *i, const char *w)
{
	size_t wl = strlen(w), j;
	if (len - *i < wl || strncasecmp(t + *i, w, wl) != 0 || (len - *i > wl && (isalnum((unsigned char)t[*i + wl]) ||
		t[*i + wl] == '_')))
		return 0;
	j = *i + wl;
	while (j < len && isspace((unsigned char)t[j]))
		j++;
	*i = j;
	return 1;
}

/*
 * A statement that starts, after comments, like Athena DDL: CREATE [EXTERNAL]
 * TABLE, CREATE [OR REPLACE] VIEW, CREATE DATABASE|SCHEMA, ALTER TABLE or
 * MSCK REPAIR TABLE.
 */
static int looks_like_ddl(const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)t[i]))
			i++;
		if (i + 1 < len && t[i] == '-' && t[i + 1] == '-') {
			while (i < len && t[i] != '\n')
				i++;
			continue;
		}
		if (i + 1 < len && t[i] == '/' && t[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(t[i] == '*' && t[i + 1] == '/'); i++)
				;
			i = i + 1 < len ? i + 2 : len;
			continue;
		}
		break;
	}
	if (take_word(t, len, &i, "alter"))
		return take_word(t, len, &i, "table");
	if (take_word(t, len, &i, "msck"))
		return take_word(t, len, &i, "repair");
	if (!take_word(t, len, &i, "create"))
		return 0;
	if (take_word(t, len, &i, "or") && !take_word(t, len, &i, "replace"))
		return 0;
	(void)take_word(t, len, &i, "external");
	/* AWS's DDL pages often open with the database the tables go to */
	return take_word(t, len, &i, "table") || take_word(t, len, &i, "view") || take_word(t, len, &i, "database") ||
		take_word(t, len, &i, "schema");
}

static int looks_like_flb(const char *t, size_t len)
{
	static const char *const heads[] = { "[SERVICE]", "[INPUT]", "[OUTPUT]", "[FILTER]", "[PARSER]",
		"[MULTILINE_PARSER]", "[PLUGINS]", "[UPSTREAM]", "[NODE]", "[STREAM_TASK]", "@INCLUDE", "@SET", NULL };
	size_t i = 0;
	while (i < len) {
		size_t j = i, k;
		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		for (k = 0; heads[k]; k++) {
			size_t hl = strlen(heads[k]);
			if (len - j >= hl && !strncasecmp(t + j, heads[k], hl))
				return 1;
		}
		while (i < len && t[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

static int has_dest_config(const lp_node *root)
{
	size_t i;
	for (i = 0; i < root->n; i++) {
		const char *k = root->pairs[i].key->str;
		size_t l = strlen(k);
		if (l > 24 && !strcasecmp(k + l - 24, "DestinationConfiguration"))
			return 1;
	}
	return 0;
}

lp_lint_kind lp_lint_detect(const char *path, const char *text, size_t len, const lp_node *tree)
{
	(void)path;
	if (tree && tree->kind == LP_NODE_MAP) {
		const lp_node *res = lp_node_get(tree, "Resources");
		if (lp_node_get(tree, "AWSTemplateFormatVersion") || lp_node_get(tree, "Transform") ||
			(res && res->kind == LP_NODE_MAP))
			return LP_LINT_CFN_TEMPLATE;
		if (lp_taskdef_is_api_shape(tree))
			return LP_LINT_TASKDEF_JSON;
		if (lp_node_get_ci(tree, "DeliveryStreamName") || has_dest_config(tree))
			return LP_LINT_FIREHOSE_JSON;
		if (lp_node_get_ci(tree, "TableInput"))
			return LP_LINT_GLUE_JSON;
		if (lp_node_get_ci(tree, "LogGroups"))
			return LP_LINT_LOGGROUPS_JSON;
		return LP_LINT_UNKNOWN;
	}
	if (tree)
		return LP_LINT_UNKNOWN;
	if (looks_like_ddl(text, len))
		return LP_LINT_ATHENA_DDL;
	if (looks_like_flb(text, len))
		return LP_LINT_FLUENTBIT_CONF;
	return LP_LINT_UNKNOWN;
}

static int is_tree_kind(lp_lint_kind k)
{
	return k == LP_LINT_TASKDEF_JSON || k == LP_LINT_CFN_TEMPLATE || k == LP_LINT_FIREHOSE_JSON ||
		k == LP_LINT_GLUE_JSON || k == LP_LINT_LOGGROUPS_JSON;
}

static int has_ext(const char *path, const char *const *exts)
{
	size_t pl = strlen(path);
	for (; *exts; exts++) {
		size_t el = strlen(*exts);
		if (pl >= el && !strcasecmp(path + pl - el, *exts))
			return 1;
	}
	return 0;
}

int lp_lint_opts_kind(lp_lint_opts *o, const char *name)
{
	if (name && !strcasecmp(name, "firelens")) {
		o->force_kind = LP_LINT_FLUENTBIT_CONF;
		o->flb_role = 1;
		return 0;
	}
	if (lp_lint_kind_parse(&o->force_kind, name) < 0 || o->force_kind == LP_LINT_UNKNOWN)
		return -1;
	o->flb_role = o->force_kind == LP_LINT_FLUENTBIT_CONF ? -1 : 0;
	return 0;
}

/* ---- one run ---------------------------------------------------------- */

typedef struct doc_ref {
	const char *path;
	size_t idx;
} doc_ref;

typedef struct reparse {
	lp_node *tree;
	int tried;
} reparse;

/*
 * The per-file phase (read, parse, the data rules on the one document) of
 * each input runs on one of the run's workers, which take inputs by index;
 * what a worker finds stays in its own sinks until every input is read, and
 * is then moved into the run's sinks in exactly the order a single thread
 * would have added it (lint_inputs), so the output cannot depend on which
 * worker read what. The cross-file checks and the suppressions run after,
 * on one thread.
 */

/* The findings of one data rule on one input: [from, to) of its worker's raw sink. */
typedef struct rule_hits {
	size_t rule, input, from, to;
	unsigned worker;
} rule_hits;

/* What reading one input left. */
typedef struct input_result {
	int has_doc;       /* 0: of no kind logpipe lints */
	size_t doc_index;  /* has_doc: its index in run.docs */
	unsigned worker;
	size_t from, to;   /* its findings of reading: [from, to) of the worker's direct sink */
	size_t *checked;   /* per check of one document (lp_lint_check.per_doc), in the order of
	                      lp_lint_checks: [from, to) of the worker's checked sink, two each */
} input_result;

struct run;

/*
 * One thread's share. The trees it parses live in its arena and point at
 * names interned in its sinks. A tree the checks over the run do not read
 * is gone when its input is done (the arena goes back to where it was, for
 * the next input), so a worker holds one such tree at a time; what lasts
 * (facts, ignores, projects) is in `keep`.
 */
typedef struct worker {
	struct run *r;
	unsigned id;
	lp_arena arena;
	lp_arena keep;
	lp_diag *direct;  /* findings of reading an input (a single thread adds them to the caller's sink) */
	lp_diag *raw;     /* findings of the data rules */
	lp_diag *checked; /* findings of the checks of one document */
	lp_diag *quiet;   /* trial parses: emptied after each input, its names kept because trees point at them */
	rule_hits *hits;
	size_t nhits, caphits;
	pthread_t thread;
	int started;
} worker;

typedef struct run {
	const lp_lint_opts *o;
	lp_arena arena;
	lp_lint_doc *docs;           /* one per input in the per-file phase (path and text set before the
	                                workers start); after it, those of a known kind, in input order */
	size_t ndocs;
	const lp_lint_input *inputs; /* for Fluent Bit @INCLUDE of in-memory artifacts */
	size_t ninputs;
	lp_strmap input_by_path;     /* path -> the first input of that path; read by the workers, built before */
	const unsigned char *named;  /* named[i]: the user named input i (NULL: all are) */
	input_result *res;           /* per input */
	unsigned char *sel;          /* sel[k]: data rule k is selected (--rule) */
	atomic_size_t next;          /* the next input no worker has taken */
	worker *workers;
	unsigned nworkers;
	lp_ruleset *rules;
	size_t ndoc_checks;      /* entries of lp_lint_checks with per_doc set */
	struct doc_ref *by_path; /* docs sorted by path, for doc_of; built on first use */
	struct reparse *reparsed; /* per doc: its tree parsed again from its text, for a finding's path; on first use */
	lp_diag *reparse_sink;   /* the names those trees point at */
	const lp_diag *sink; /* the caller's, every input registered in it; the workers only read it */
	int generated; /* the inputs are logpipe's own output, not a user's files */
	int on_disk;     /* inputs are files (lp_lint_run), so they belong to projects; else one set */
} run;

/* A file's text: from the options' overlay when it holds the path, else from the disk. */
static int read_file(lp_buf *out, const lp_lint_opts *o, const char *path)
{
	size_t i;
	for (i = 0; o && i < o->noverlay; i++)
		if (!strcmp(o->overlay[i].path, path))
			return lp_buf_put(out, o->overlay[i].text, o->overlay[i].len);
	return lp_fs_read(out, path, MAX_INPUT_BYTES);
}

static int read_input(lp_buf *out, const char *path, void *payload)
{
	run *r = payload;
	const lp_lint_input *in = lp_strmap_get(&r->input_by_path, path, strlen(path));
	if (in)
		return lp_buf_put(out, in->text, in->len);
	return lp_fs_read(out, path, MAX_INPUT_BYTES);
}

/* Every Fluent Bit include is looked up here, so thousands of confs with includes stay linear. */
static void index_inputs(run *r)
{
	size_t i;
	for (i = 0; i < r->ninputs; i++) {
		const char *p = r->inputs[i].path;
		if (!lp_strmap_get(&r->input_by_path, p, strlen(p)))
			lp_strmap_set(&r->input_by_path, p, strlen(p), (void *)&r->inputs[i]);
	}
}

/* ---- projects ---------------------------------------------------------- */

static int has_marker(const char *dir)
{
	static const char *const markers[] = { ".git", "logpipe.yaml", NULL };
	lp_buf p = LP_BUF_INIT;
	struct stat st;
	size_t i;
	int found = 0;
	for (i = 0; markers[i] && !found; i++) {
		lp_buf_clear(&p);
		lp_buf_printf(&p, "%s/%s", *dir ? dir : ".", markers[i]);
		found = stat(p.ptr, &st) == 0;
	}
	lp_buf_release(&p);
	return found;
}

/*
 * The project a file belongs to: the nearest directory at or above it that
 * holds .git or logpipe.yaml, not going above the working directory for a
 * relative path. Files without one share the project "".
 */
static const char *project_of(lp_arena *a, const char *path)
{
	char *dir = lp_arena_strdup(a, path), *slash;
	while ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (!*dir)
			break; /* "/" */
		if (strcmp(dir, ".") && has_marker(dir))
			return dir;
	}
	return "";
}

/* `# logpipe:ignore RULE reason` comments in YAML (libyaml drops comments, so scan the lines). */
static void collect_yaml_ignores(lp_lint_doc *doc, lp_arena *a)
{
	const char *t = doc->text, *end = t + doc->len;
	unsigned line = 1;
	size_t n = 0, cap = 0;
	lp_text_ignore *v = NULL;

	while (t < end) {
		const char *eol = memchr(t, '\n', (size_t)(end - t));
		const char *hash;
		if (!eol)
			eol = end;
		hash = memchr(t, '#', (size_t)(eol - t));
		while (hash) {
			lp_text_ignore ig;
			lp_span sp = { doc->path, line, (unsigned)(hash - t) + 1, line, (unsigned)(eol - t) + 1 };
			if (lp_text_ignore_parse(&ig, a, hash + 1, (size_t)(eol - hash - 1), &sp)) {
				v = lp_text_vec_push(a, v, &n, &cap, sizeof(*v));
				v[n - 1] = ig;
				break;
			}
			hash = memchr(hash + 1, '#', (size_t)(eol - hash - 1));
		}
		t = eol + 1;
		line++;
	}
	doc->ignores = v;
	doc->nignores = n;
}

/*
 * Reads input `i` into r->res[i] on worker `w`: findings go to the worker's
 * sinks, trees to its arena. Touches nothing another worker writes.
 */
static void add_doc(worker *w, size_t i, const lp_arena_pos *before_parse)
{
	run *r = w->r;
	const lp_lint_input *in = &r->inputs[i];
	int named = r->named ? r->named[i] : 1;
	lp_diag *d = w->direct;
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	lp_lint_doc doc = r->docs[i];
	lp_lint_kind kind = r->o->force_kind;
	const char *const tree_exts[] = { ".json", ".yaml", ".yml", ".template", NULL };
	char c = first_char(in->text, in->len);

	/*
	 * The size limit is a defence against hostile files. Output that build
	 * made itself is judged whatever its size: at 10,000 services the log
	 * group list alone is 10 MB, and refusing it would refuse the build.
	 */
	if (r->generated && in->len > lim.max_bytes)
		lim.max_bytes = in->len;

	if (kind == LP_LINT_UNKNOWN && !(c == '{' || has_ext(in->path, tree_exts)))
		kind = lp_lint_detect(in->path, in->text, in->len, NULL);
	if (kind == LP_LINT_UNKNOWN || is_tree_kind(kind)) {
		/* parse quietly first: an unknown file must not produce YAML errors */
		size_t before = lp_diag_count(w->quiet);
		lim.allow_multi_doc = 0;
		lp_yaml_load(&doc.tree, &w->arena, doc.path, doc.text, doc.len, &lim, w->quiet);
		if (kind == LP_LINT_UNKNOWN && doc.tree)
			kind = lp_lint_detect(in->path, in->text, in->len, doc.tree);
		if (!doc.tree && (is_tree_kind(kind) || c == '{' || has_ext(in->path, tree_exts))) {
			if (lp_diag_count(w->quiet) > before && (named || is_tree_kind(kind) || c == '{'))
				lp_yaml_load(&doc.tree, &w->arena, doc.path, doc.text, doc.len, &lim, d);
		}
	}
	if (kind == LP_LINT_UNKNOWN) {
		if (named) {
			lp_span sp = { doc.path, 1, 1, 1, 2 };
			lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-UNKNOWN-KIND", &sp,
				"name the kind with --kind taskdef|cfn|firehose|glue|ddl|fluent-bit|log-groups",
				"'%s' is not a file logpipe lints", in->path);
		}
		/* nothing keeps the tree of a file of no known kind (IAM policies of a build, say) */
		lp_arena_rewind(&w->arena, before_parse);
		return;
	}
	doc.kind = kind;
	doc.body = doc.tree;
	doc.project = r->on_disk ? project_of(&w->keep, doc.path) : "";
	if (kind == LP_LINT_TASKDEF_JSON && doc.tree) {
		lp_taskdef_set set;
		lp_span sp = { doc.path, 1, 1, 1, 2 };
		lp_taskdef_read(&set, &w->arena, doc.tree, doc.text, doc.len);
		doc.body = set.n ? set.v[0].body : NULL;
		if (!set.n)
			lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-UNKNOWN-KIND", &sp,
				"a task definition has containerDefinitions at the top or under 'taskDefinition'",
				"'%s' holds no task definition, so nothing in it was linted", in->path);
		else if (set.v[0].shape == LP_TASKDEF_SKELETON) {
			lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-UNKNOWN-KIND", &set.v[0].span,
				"fill in the skeleton (family, container names and images) to have it linted",
				"'%s' is an unfilled CLI skeleton, so nothing in it was linted", in->path);
			doc.body = NULL;
		}
	} else if (kind == LP_LINT_CFN_TEMPLATE && doc.tree) {
		const lp_node *as_written = doc.tree;
		doc.tree = (lp_node *)lp_cfn_expand(&w->arena, doc.tree, d);
		doc.expanded = doc.tree != as_written;
		doc.body = doc.tree;
	}
	if (kind == LP_LINT_ATHENA_DDL) {
		lp_ddl_file *f = NULL;
		if (lp_ddl_parse(&f, doc.path, doc.text, doc.len, d) == 0 && f) {
			doc.parsed = f;
			doc.ignores = f->ignores;
			doc.nignores = f->nignores;
		}
	} else if (kind == LP_LINT_FLUENTBIT_CONF) {
		lp_flb_conf *fc = NULL;
		lp_flb_opts fo = LP_FLB_OPTS_INIT;
		fo.read = read_input;
		fo.payload = r;
		if (lp_flb_parse(&fc, doc.path, doc.text, doc.len, &fo, d) == 0 && fc) {
			doc.parsed = fc;
			doc.ignores = fc->ignores;
			doc.nignores = fc->nignores;
		}
	} else {
		collect_yaml_ignores(&doc, &w->keep);
	}
	r->docs[i] = doc;
	r->res[i].has_doc = 1;
}

/* ---- params ----------------------------------------------------------- */

static int rule_is(const lp_rule *r, const char *name)
{
	return name && (!strcasecmp(r->id, name) || (r->config_name && !strcasecmp(r->config_name, name)) ||
		(r->config_identifier && !strcasecmp(r->config_identifier, name)));
}

const char *lp_lint__param(void *payload, const lp_rule *r, const char *key)
{
	const lp_model *m = payload;
	size_t i;
	if (!m)
		return NULL;
	for (i = 0; i < m->nparams; i++)
		if (rule_is(r, m->params[i].rule) && !strcasecmp(m->params[i].key, key))
			return m->params[i].value;
	return NULL;
}

/* ---- data rules over documents --------------------------------------- */

static const char *api_name(const lp_node *root)
{
	static const char *const keys[] = { "family", "DeliveryStreamName", "LogGroupName", "Name", NULL };
	size_t i;
	for (i = 0; keys[i]; i++) {
		const lp_node *n = lp_node_get_ci(root, keys[i]);
		if (n && n->kind == LP_NODE_SCALAR)
			return n->str;
	}
	return NULL;
}

/* A SAM resource inherits Globals.<Api|HttpApi|Function> properties it does not set itself. */
static const lp_node *with_globals(lp_arena *a, const lp_node *tree, const char *type, const lp_node *props)
{
	const lp_node *g = lp_node_get(tree, "Globals"), *sect = NULL;
	lp_node *m;
	size_t i;

	if (!strcmp(type, "AWS::Serverless::Api"))
		sect = lp_node_get(g, "Api");
	else if (!strcmp(type, "AWS::Serverless::HttpApi"))
		sect = lp_node_get(g, "HttpApi");
	else if (!strcmp(type, "AWS::Serverless::Function"))
		sect = lp_node_get(g, "Function");
	if (!sect || sect->kind != LP_NODE_MAP || sect->n == 0)
		return props;
	m = lp_arena_alloc(a, sizeof(*m));
	*m = *props;
	m->pairs = lp_arena_alloc(a, (props->n + sect->n) * sizeof(*m->pairs));
	m->n = 0;
	for (i = 0; i < props->n; i++)
		m->pairs[m->n++] = props->pairs[i];
	for (i = 0; i < sect->n; i++)
		if (!lp_node_get(props, sect->pairs[i].key->str))
			m->pairs[m->n++] = sect->pairs[i];
	return m;
}

static void apply_on(run *r, const lp_rule *rule, const lp_rule_resource *res, const lp_node *root,
	const char *target, const lp_span *fallback, lp_lint_fixctx *fc, lp_diag *d)
{
	const lp_model *m = r->o->model;
	lp_rule_hit_fn hit = r->o->fix && rule->fix ? lp_lint__rule_fix : NULL;
	if (res->each) {
		const lp_node *list;
		size_t i;
		lp_buf seg = LP_BUF_INIT;
		const char *p = res->each;
		/* each is "Key.*": walk the key, then every item is a resource */
		while (*p && *p != '.')
			lp_buf_putc(&seg, *p++);
		list = lp_node_get_ci(root, seg.ptr);
		lp_buf_release(&seg);
		for (i = 0; list && list->kind == LP_NODE_SEQ && i < list->n; i++) {
			const lp_node *item = list->items[i];
			const char *nm = api_name(item);
			fc->props = fc->merged = item;
			lp_rule_apply_hook(rule, item, nm ? nm : target, fallback, lp_lint__param, (void *)m, hit, fc, d);
		}
		return;
	}
	lp_rule_apply_hook(rule, root, target, fallback, lp_lint__param, (void *)m, hit, fc, d);
}

static void run_rule_on_doc(run *r, lp_arena *a, const lp_rule *rule, const lp_lint_doc *doc, lp_diag *d)
{
	size_t i, j;
	const lp_node *tree = doc->tree;
	lp_span fallback = { doc->path, 1, 1, 1, 2 };

	if (!tree)
		return;
	for (i = 0; i < rule->nresources; i++) {
		const lp_rule_resource *res = &rule->resources[i];
		if (res->kind != LP_LINT_CFN_TEMPLATE) {
			if (res->kind == doc->kind && doc->body) {
				lp_lint_fixctx fc = { doc, NULL, doc->body, doc->body, r->o->model, r->rules };
				apply_on(r, rule, res, doc->body, api_name(doc->body), &doc->body->span, &fc, d);
			}
			continue;
		}
		if (doc->kind != LP_LINT_CFN_TEMPLATE)
			continue;
		{
			const lp_node *resources = lp_node_get(tree, "Resources");
			for (j = 0; resources && resources->kind == LP_NODE_MAP && j < resources->n; j++) {
				const lp_pair *p = &resources->pairs[j];
				const char *type = lp_node_str(lp_node_get(p->value, "Type"));
				const lp_node *props;
				if (!type || strcmp(type, res->cfn_type) != 0)
					continue;
				lp_lint_fixctx fc = { doc, p->value, NULL, NULL, r->o->model, r->rules };
				props = lp_node_get(p->value, "Properties");
				if (props && props->kind == LP_NODE_MAP)
					fc.props = props;
				if (!props || props->kind != LP_NODE_MAP) {
					lp_node *empty = lp_arena_alloc(a, sizeof(*empty));
					empty->kind = LP_NODE_MAP;
					empty->span = p->key->span;
					props = empty;
				}
				props = with_globals(a, tree, type, props);
				fc.merged = props;
				apply_on(r, rule, res, props, p->key->str, &p->key->span, &fc, d);
			}
		}
	}
	(void)fallback;
}

/* ---- suppressions ------------------------------------------------------ */

typedef struct supp_state {
	int *spec_used;  /* per lp_model ignore */
	int **inline_used; /* per doc, per inline ignore */
} supp_state;

static int cmp_doc_path(const void *a, const void *b)
{
	const doc_ref *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * The document a finding is in (the first one when a path was named twice).
 * Every finding asks, so a scan over all documents made a lint of thousands
 * of files quadratic; the docs are indexed by path once instead.
 */
static const lp_lint_doc *doc_of(run *r, const char *file)
{
	size_t lo = 0, hi = r->ndocs, i;
	if (!file || !r->ndocs)
		return NULL;
	if (!r->by_path) {
		r->by_path = lp_calloc(r->ndocs, sizeof(*r->by_path));
		for (i = 0; i < r->ndocs; i++) {
			r->by_path[i].path = r->docs[i].path;
			r->by_path[i].idx = i;
		}
		qsort(r->by_path, r->ndocs, sizeof(*r->by_path), cmp_doc_path);
	}
	while (lo < hi) { /* the first entry whose path is >= file */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->by_path[mid].path, file) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->ndocs && !strcmp(r->by_path[lo].path, file) ? &r->docs[r->by_path[lo].idx] : NULL;
}

static int rule_matches_name(const lp_ruleset *rs, const char *entry_rule, const char *name)
{
	const lp_rule *rule;
	if (!entry_rule || !name)
		return 0;
	if (!strcasecmp(entry_rule, name) || !strcmp(name, "*"))
		return 1;
	rule = lp_ruleset_find(rs, entry_rule);
	return rule && (rule_is(rule, name) || (rule->cfn_nag && !strcasecmp(rule->cfn_nag, name)));
}

static int contains(const lp_span *outer, unsigned line)
{
	return outer->line && line >= outer->line && line <= (outer->end_line ? outer->end_line : outer->line);
}

/* CloudFormation Metadata: guard.SuppressedRules and cfn_nag.rules_to_suppress of the enclosing resource. */
static const char *cfn_suppression(run *r, const lp_lint_doc *doc, const lp_diag_entry *e, lp_buf *why)
{
	size_t i, j;
	for (i = 0; i < doc->facts->nsuppressors; i++) {
		const lp_lint_cfn_suppressor *s = &doc->facts->suppressors[i];
		if (!contains(&s->span, e->span.line))
			continue;
		for (j = 0; j < s->nguard; j++)
			if (rule_matches_name(r->rules, e->rule, s->guard[j])) {
				lp_buf_printf(why, "Metadata.guard.SuppressedRules of %s", s->resource);
				return why->ptr;
			}
		for (j = 0; j < s->nnag; j++)
			if (rule_matches_name(r->rules, e->rule, s->nag_ids[j])) {
				const char *reason = s->nag_reasons[j];
				lp_buf_printf(why, "%s", reason && *reason ? reason : "Metadata.cfn_nag.rules_to_suppress");
				return why->ptr;
			}
	}
	return NULL;
}

/*
 * The tree of `doc`, which did not outlive the per-file phase: its text
 * parsed again, once. Only a finding a spec-path ignore might cover asks,
 * so most runs parse nothing twice.
 */
static const lp_node *tree_of(run *r, const lp_lint_doc *doc)
{
	size_t di = (size_t)(doc - r->docs);
	lp_yaml_limits lim = LP_YAML_LIMITS_INIT;
	if (!is_tree_kind(doc->kind))
		return NULL;
	if (!r->reparsed) {
		r->reparsed = lp_calloc(r->ndocs + 1, sizeof(*r->reparsed));
		r->reparse_sink = lp_diag_new();
	}
	if (!r->reparsed[di].tried) {
		r->reparsed[di].tried = 1;
		if (r->generated && doc->len > lim.max_bytes)
			lim.max_bytes = doc->len;
		lim.allow_multi_doc = 0;
		lp_diag_add_source_borrowed(r->reparse_sink, doc->path, doc->text, doc->len);
		lp_yaml_load(&r->reparsed[di].tree, &r->arena, doc->path, doc->text, doc->len, &lim, r->reparse_sink);
		/* the tree the findings were made on, loops expanded */
		if (doc->kind == LP_LINT_CFN_TEMPLATE && r->reparsed[di].tree)
			r->reparsed[di].tree = (lp_node *)lp_cfn_expand(&r->arena, r->reparsed[di].tree, r->reparse_sink);
	}
	return r->reparsed[di].tree;
}

static int glob_match(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*')
		return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
	return *s && *pat == *s && glob_match(pat + 1, s + 1);
}

/*
 * A spec-path target ("sources.api_gateway.orders") matches a finding on a
 * generated file when the part of the file it is in was generated for that
 * spec node (the renderers' origins say so).
 */
static int spec_target_matches(run *r, const char *want, const lp_diag_entry *e)
{
	const lp_lint_doc *doc;
	const char *file, *dir = r->o->artifact_dir;
	const lp_node *tree;
	lp_buf path = LP_BUF_INIT;
	int hit;
	if (!want || !r->o->origins || !e->span.file ||
		(strncmp(want, "services.", 9) != 0 && strncmp(want, "sources.", 8) != 0))
		return 0;
	file = e->span.file;
	if (dir) {
		size_t n = strlen(dir);
		if (strncmp(file, dir, n) != 0 || file[n] != '/')
			return 0;
		file += n + 1;
	}
	doc = doc_of(r, e->span.file);
	if (doc && (tree = tree_of(r, doc)) != NULL)
		lp_lint__path_at(&path, tree, e->span.line, e->span.col);
	hit = lp_artifact_owned_by(r->o->origins, file, path.ptr, want);
	lp_buf_release(&path);
	return hit;
}

static int target_matches(const char *want, const lp_diag_entry *e)
{
	size_t wl;
	if (!want || !*want)
		return 1;
	wl = strlen(want);
	if (e->target && (!strcmp(e->target, want) || (!strncmp(e->target, want, wl) &&
		(e->target[wl] == '.' || e->target[wl] == '['))))
		return 1;
	if (e->span.file) {
		size_t fl = strlen(e->span.file);
		if (glob_match(want, e->span.file))
			return 1;
		/* a path suffix ("ecs/shop-api.task-definition.json") */
		if (fl > wl && e->span.file[fl - wl - 1] == '/' && !strcmp(e->span.file + fl - wl, want))
			return 1;
	}
	return 0;
}

/* The justification when `e` is suppressed, else NULL; `why` holds the text. */
static const char *suppression_of(run *r, supp_state *st, const lp_diag_entry *e, lp_buf *why)
{
	const lp_model *m = r->o->model;
	const lp_lint_doc *doc = doc_of(r, e->span.file);
	size_t i;

	lp_buf_clear(why);
	if (doc) {
		size_t di = (size_t)(doc - r->docs);
		for (i = 0; i < doc->nignores; i++) {
			const lp_text_ignore *ig = &doc->ignores[i];
			if (ig->span.file && strcmp(ig->span.file, doc->path) != 0)
				continue; /* an ignore inside an @INCLUDEd file covers that file */
			if ((e->span.line == ig->span.line || e->span.line == ig->span.line + 1) && ig->reason[0] &&
				rule_matches_name(r->rules, e->rule, ig->rule)) {
				st->inline_used[di][i] = 1;
				lp_buf_puts(why, ig->reason);
				return why->ptr;
			}
		}
		if (doc->kind == LP_LINT_CFN_TEMPLATE && cfn_suppression(r, doc, e, why))
			return why->ptr;
	}
	for (i = 0; m && i < m->nignores; i++) {
		const lp_ignore *ig = &m->ignores[i];
		if (rule_matches_name(r->rules, e->rule, ig->rule) &&
			(target_matches(ig->resolved_target ? ig->resolved_target : ig->target, e) ||
				spec_target_matches(r, ig->target, e))) {
			st->spec_used[i] = 1;
			lp_buf_printf(why, "%s%s", LP_LINT_SPEC_IGNORE_PREFIX, ig->reason ? ig->reason : "");
			return why->ptr;
		}
	}
	return NULL;
}

static int selected(const lp_lint_opts *o, const lp_ruleset *rs, const char *rule)
{
	size_t i;
	if (!o->rules || o->nrules == 0)
		return 1;
	for (i = 0; i < o->nrules; i++)
		if (rule_matches_name(rs, rule, o->rules[i]))
			return 1;
	return 0;
}

/* A target written as a file path or glob ("ecs/x.json", "*.sql"), not a resource or spec path. */
static int is_file_target(const lp_ignore *ig)
{
	static const char *const exts[] = { ".json", ".yaml", ".yml", ".sql", ".conf", NULL };
	const char *t = ig->target;
	size_t i, tl;
	if (!t || !*t || ig->resolved_target)
		return 0;
	if (strchr(t, '/') || strchr(t, '*'))
		return 1;
	tl = strlen(t);
	for (i = 0; exts[i]; i++)
		if (tl > strlen(exts[i]) && !strcmp(t + tl - strlen(exts[i]), exts[i]))
			return 1;
	return 0;
}

/*
 * Whether an unmatched lint.ignore entry can be called unused: one about a
 * file only when the run read that file (build lints only what it
 * generates, a hook only what is staged); one without a target, or about a
 * resource, only when the run is not partial.
 */
static int unused_is_known(run *r, const lp_ignore *ig)
{
	lp_diag_entry probe;
	size_t i;
	if (!is_file_target(ig))
		return !r->o->partial;
	memset(&probe, 0, sizeof(probe));
	for (i = 0; i < r->ndocs; i++) {
		probe.span.file = r->docs[i].path;
		if (target_matches(ig->target, &probe))
			return 1;
	}
	return 0;
}

static void report_ignores(run *r, supp_state *st, lp_diag *d)
{
	const lp_model *m = r->o->model;
	size_t i, j;
	for (i = 0; i < r->ndocs; i++)
		for (j = 0; j < r->docs[i].nignores; j++) {
			const lp_text_ignore *ig = &r->docs[i].ignores[j];
			if (!ig->reason[0])
				lp_diag_add(d, LP_SEV_WARNING, "LP-LINT-IGNORE-REASON", &ig->span,
					"write why after the rule id: # logpipe:ignore RULE-ID reason",
					"ignore comment for '%s' has no reason, so it suppresses nothing", ig->rule);
			else if (!st->inline_used[i][j] && (ig->span.file == NULL || !strcmp(ig->span.file, r->docs[i].path)))
				lp_diag_add(d, LP_SEV_WARNING, "LP-LINT-UNUSED-IGNORE", &ig->span,
					"remove the comment, or fix the rule id", "ignore comment for '%s' matches no finding",
					ig->rule);
		}
	for (i = 0; m && i < m->nignores; i++)
		if (!st->spec_used[i] && unused_is_known(r, &m->ignores[i]))
			lp_diag_add(d, LP_SEV_WARNING, "LP-LINT-UNUSED-IGNORE", &m->ignores[i].span,
				"remove the entry from lint.ignore, or fix its rule or target",
				"lint.ignore entry for '%s' matches no finding", m->ignores[i].rule);
}

/* ---- driver ------------------------------------------------------------ */

/* The checks of one document (lp_lint_check.per_doc) on `doc`, each into its range of the checked sink. */
static void check_doc(worker *w, input_result *res, const lp_lint_doc *doc)
{
	lp_lint_ctx ctx = { doc, 1, w->r->o, &w->arena, w->r->rules };
	const lp_lint_check *c;
	size_t k = 0;
	res->checked = lp_arena_alloc(&w->keep, (2 * w->r->ndoc_checks + 1) * sizeof(*res->checked));
	for (c = lp_lint_checks; c->name; c++) {
		if (!c->per_doc)
			continue;
		res->checked[2 * k] = lp_diag_count(w->checked);
		c->fn(&ctx, w->checked);
		res->checked[2 * k + 1] = lp_diag_count(w->checked);
		k++;
	}
}

/* Most documents have no facts: they share one empty set instead of a copy each. */
static void take_facts(worker *w, lp_lint_doc *doc)
{
	static const lp_lint_facts none;
	lp_lint_facts f, *kept;
	lp_lint__facts_take(&f, &w->keep, &w->arena, doc);
	if (!f.ntables && !f.nstreams && !f.ngroups && !f.have_groups && !f.nconfig_files && !f.noutputs &&
		!f.flb_content_role && !f.nsuppressors) {
		doc->facts = &none;
		return;
	}
	kept = lp_arena_alloc(&w->keep, sizeof(*kept));
	*kept = f;
	doc->facts = kept;
}

/*
 * Lets go of the document's tree (the arena goes back to where it was
 * before the parse) and parse (its ignore comments copied) once its facts
 * are taken: nothing after the per-file phase reads them.
 */
static void drop_parse(worker *w, lp_lint_doc *doc, const lp_arena_pos *before_parse)
{
	if (doc->parsed) {
		doc->ignores = lp_lint__ignores_copy(&w->keep, doc->ignores, doc->nignores);
		if (doc->kind == LP_LINT_ATHENA_DDL)
			lp_ddl_free(doc->parsed);
		else
			lp_flb_free(doc->parsed);
		doc->parsed = NULL;
	}
	doc->tree = NULL;
	doc->body = NULL;
	lp_arena_rewind(&w->arena, before_parse);
}

/*
 * The per-file phase of input `i` on worker `w`: read it, run every selected
 * data rule and every check of one document on it, take its facts and let
 * go of its tree.
 */
static void lint_one(worker *w, size_t i)
{
	run *r = w->r;
	input_result *res = &r->res[i];
	lp_arena_pos before_parse;
	size_t k;

	res->worker = w->id;
	res->from = lp_diag_count(w->direct);
	lp_arena_mark(&before_parse, &w->arena);
	add_doc(w, i, &before_parse);
	res->to = lp_diag_count(w->direct);
	lp_diag_truncate(w->quiet, 0);
	if (!res->has_doc)
		return;
	for (k = 0; k < lp_ruleset_count(r->rules); k++) {
		size_t from = lp_diag_count(w->raw);
		rule_hits *h;
		if (!r->sel[k])
			continue;
		run_rule_on_doc(r, &w->arena, lp_ruleset_get(r->rules, k), &r->docs[i], w->raw);
		if (lp_diag_count(w->raw) == from)
			continue;
		if (w->nhits == w->caphits) {
			w->caphits = w->caphits ? w->caphits * 2 : 16;
			w->hits = lp_realloc(w->hits, w->caphits * sizeof(*w->hits));
		}
		h = &w->hits[w->nhits++];
		h->rule = k;
		h->input = i;
		h->from = from;
		h->to = lp_diag_count(w->raw);
		h->worker = w->id;
	}
	check_doc(w, res, &r->docs[i]);
	take_facts(w, &r->docs[i]);
	drop_parse(w, &r->docs[i], &before_parse);
}

static void *work(void *payload)
{
	worker *w = payload;
	size_t i;
	while ((i = atomic_fetch_add(&w->r->next, 1)) < w->r->ninputs)
		lint_one(w, i);
	return NULL;
}

/* Every input through lint_one on up to `jobs` threads, the calling one included. */
static void read_all(run *r, unsigned jobs)
{
	unsigned k;
	r->nworkers = jobs < 1 ? 1 : jobs;
	if (r->nworkers > r->ninputs)
		r->nworkers = r->ninputs ? (unsigned)r->ninputs : 1;
	r->workers = lp_calloc(r->nworkers, sizeof(*r->workers));
	for (k = 0; k < r->nworkers; k++) {
		worker *w = &r->workers[k];
		w->r = r;
		w->id = k;
		/* the run's sink holds every input's name and text already, and does not change until they are done */
		w->direct = lp_diag_new_sharing(r->sink);
		w->raw = lp_diag_new_sharing(r->sink);
		w->checked = lp_diag_new_sharing(r->sink);
		w->quiet = lp_diag_new_sharing(r->sink);
	}
	atomic_init(&r->next, 0);
	/* a thread that cannot start leaves its share to the others: the result is the same */
	for (k = 1; k < r->nworkers; k++)
		r->workers[k].started = pthread_create(&r->workers[k].thread, NULL, work, &r->workers[k]) == 0;
	work(&r->workers[0]);
	for (k = 1; k < r->nworkers; k++)
		if (r->workers[k].started)
			pthread_join(r->workers[k].thread, NULL);
}

static int cmp_hits(const void *a, const void *b)
{
	const rule_hits *x = a, *y = b;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return (x->input > y->input) - (x->input < y->input);
}

/*
 * Moves the findings of reading, in input order, into `d`, and collects the
 * documents in input order: as if each input had been read in turn on one
 * thread.
 */
static void gather_docs(run *r, lp_diag *d)
{
	size_t i, j;
	unsigned k;
	for (k = 0; k < r->nworkers; k++)
		lp_diag_take_sources(d, r->workers[k].direct); /* files a Fluent Bit conf @INCLUDEs */
	/* docs[i] was input i's; those of no kind drop out, the rest keep their order */
	for (i = 0; i < r->ninputs; i++) {
		input_result *res = &r->res[i];
		for (j = res->from; j < res->to; j++)
			lp_diag_take(d, r->workers[res->worker].direct, j);
		if (res->has_doc) {
			res->doc_index = r->ndocs;
			if (r->ndocs != i)
				r->docs[r->ndocs] = r->docs[i];
			r->ndocs++;
		}
	}
	for (k = 0; k < r->nworkers; k++)
		lp_diag_truncate(r->workers[k].direct, 0);
}

/*
 * Moves the data rules' findings into `raw` rule by rule, and within a rule
 * document by document: the order of the loop a single thread runs (every
 * rule over every document), which the sort of the report falls back on.
 * (rule, input) names each run once, so the order is total.
 */
static void gather_hits(run *r, lp_diag *raw)
{
	rule_hits *all;
	size_t n = 0, i, j;
	unsigned k;
	for (k = 0; k < r->nworkers; k++)
		n += r->workers[k].nhits;
	all = lp_calloc(n + 1, sizeof(*all));
	n = 0;
	for (k = 0; k < r->nworkers; k++) {
		if (r->workers[k].nhits)
			memcpy(all + n, r->workers[k].hits, r->workers[k].nhits * sizeof(*all));
		n += r->workers[k].nhits;
	}
	if (n)
		qsort(all, n, sizeof(*all), cmp_hits);
	for (i = 0; i < n; i++)
		for (j = all[i].from; j < all[i].to; j++)
			lp_diag_take(raw, r->workers[all[i].worker].raw, j);
	for (k = 0; k < r->nworkers; k++)
		lp_diag_truncate(r->workers[k].raw, 0);
	lp_free(all);
}

/* Moves the findings of the `k`th check of one document, `c`, that stand into `raw`, in input order. */
static void gather_checked(run *r, const lp_lint_check *c, size_t k, lp_diag *raw)
{
	size_t i, j;
	for (i = 0; i < r->ninputs; i++) {
		const input_result *res = &r->res[i];
		lp_diag *from = r->workers[res->worker].checked;
		if (!res->has_doc)
			continue;
		for (j = res->checked[2 * k]; j < res->checked[2 * k + 1]; j++)
			if (!c->keep || c->keep(&r->docs[res->doc_index], lp_diag_get(from, j)))
				lp_diag_take(raw, from, j);
	}
}

static void run_checks(run *r, lp_diag *raw)
{
	lp_lint_ctx ctx = { r->docs, r->ndocs, r->o, &r->arena, r->rules };
	const lp_lint_check *c;
	size_t k = 0;

	gather_hits(r, raw);
	for (c = lp_lint_checks; c->name; c++) {
		if (c->per_doc)
			gather_checked(r, c, k++, raw);
		else
			c->fn(&ctx, raw);
	}
}

static void finish(run *r, lp_diag *raw, lp_diag *d)
{
	supp_state st;
	lp_buf why = LP_BUF_INIT;
	size_t i;
	const lp_model *m = r->o->model;

	st.spec_used = lp_calloc((m ? m->nignores : 0) + 1, sizeof(int));
	st.inline_used = lp_calloc(r->ndocs + 1, sizeof(int *));
	for (i = 0; i < r->ndocs; i++)
		st.inline_used[i] = lp_calloc(r->docs[i].nignores + 1, sizeof(int));

	for (i = 0; i < lp_diag_count(raw); i++) {
		lp_diag_entry *e = lp_diag_get(raw, i), *out;
		const char *sup;
		if (!selected(r->o, r->rules, e->rule))
			continue;
		sup = suppression_of(r, &st, e, &why);
		out = lp_diag_add(d, e->severity, e->rule, &e->span, e->help, "%s", e->message);
		if (e->target)
			out->target = lp_diag_intern(d, e->target);
		if (sup)
			out->suppressed = lp_strdup(sup);
		/* now owned by `d` */
		out->fix = e->fix;
		e->fix = NULL;
	}
	if (!r->o->rules || r->o->nrules == 0)
		report_ignores(r, &st, d);

	for (i = 0; i < r->ndocs; i++)
		lp_free(st.inline_used[i]);
	lp_free(st.inline_used);
	lp_free(st.spec_used);
	lp_buf_release(&why);
}

static void run_release(run *r)
{
	unsigned k;
	for (k = 0; k < r->nworkers; k++) {
		worker *w = &r->workers[k];
		lp_diag_free(w->direct);
		lp_diag_free(w->raw);
		lp_diag_free(w->checked);
		lp_diag_free(w->quiet);
		lp_free(w->hits);
		lp_arena_release(&w->arena);
		lp_arena_release(&w->keep);
	}
	lp_free(r->workers);
	lp_free(r->res);
	lp_free(r->sel);
	lp_free(r->docs);
	lp_free(r->by_path);
	lp_free(r->reparsed);
	lp_diag_free(r->reparse_sink);
	lp_ruleset_free(r->rules);
	lp_strmap_release(&r->input_by_path);
	lp_arena_release(&r->arena);
}

/* named[i]: the user named the input; lasting[i]: its text outlives `d` (NULL: none does). */
static int lint_inputs(size_t *ndocs, const lp_lint_opts *o, const lp_lint_input *in, size_t n,
	const unsigned char *named, const unsigned char *lasting, int generated, int on_disk, lp_diag *d)
{
	static const lp_lint_opts defaults = LP_LINT_OPTS_INIT;
	run r;
	lp_diag *raw;
	size_t i;
	int error;

	memset(&r, 0, sizeof(r));
	r.o = o ? o : &defaults;
	r.inputs = in;
	r.ninputs = n;
	r.named = named;
	r.generated = generated;
	r.on_disk = on_disk;
	if ((error = lp_ruleset_load(&r.rules)) < 0)
		return error;
	r.sel = lp_calloc(lp_ruleset_count(r.rules) + 1, 1);
	for (i = 0; lp_lint_checks[i].name; i++)
		r.ndoc_checks += lp_lint_checks[i].per_doc != 0;
	for (i = 0; i < lp_ruleset_count(r.rules); i++)
		r.sel[i] = (unsigned char)selected(r.o, r.rules, lp_ruleset_get(r.rules, i)->id);
	/* `d` is registered in before the workers start and not touched by them */
	r.res = lp_calloc(n + 1, sizeof(*r.res));
	r.docs = lp_calloc(n + 1, sizeof(*r.docs));
	for (i = 0; i < n; i++) {
		lp_lint_doc *doc = &r.docs[i];
		doc->path = lasting && lasting[i] ? lp_diag_add_source_borrowed(d, in[i].path, in[i].text, in[i].len)
						  : lp_diag_add_source(d, in[i].path, in[i].text, in[i].len);
		doc->text = lp_diag_source_text(d, doc->path, &doc->len);
	}
	index_inputs(&r);
	r.sink = d;
	read_all(&r, r.o->jobs);
	gather_docs(&r, d);
	if (r.o->nfiles)
		*r.o->nfiles = n; /* every file read, those of no known kind too */
	lp_lint__flb_roles(r.docs, r.ndocs, in, n, r.o->flb_role, &r.arena);
	if (ndocs)
		*ndocs = r.ndocs;
	raw = lp_diag_new();
	run_checks(&r, raw);
	finish(&r, raw, d);
	lp_diag_free(raw);
	run_release(&r);
	return 0;
}

int lp_lint_inputs(const lp_lint_opts *o, const lp_lint_input *in, size_t n, lp_diag *d)
{
	return lint_inputs(NULL, o, in, n, NULL, NULL, 0, 0, d);
}

int lp_lint_artifacts(const lp_artifact_set *set, const lp_model *m, const lp_lint_opts *o, lp_diag *d)
{
	lp_lint_opts opts = LP_LINT_OPTS_INIT;
	lp_lint_input *in;
	unsigned char *named, *lasting;
	lp_arena names = LP_ARENA_INIT;
	lp_buf *extra;
	size_t i, n = 0;
	int error;

	if (o)
		opts = *o;
	if (m)
		opts.model = m;
	opts.origins = set;
	in = lp_calloc(set->n + opts.nextra + 1, sizeof(*in));
	named = lp_calloc(set->n + opts.nextra + 1, 1);
	lasting = lp_calloc(set->n + opts.nextra + 1, 1);
	extra = lp_calloc(opts.nextra + 1, sizeof(*extra));
	for (i = 0; i < set->n; i++) {
		const char *p = set->v[i].path;
		size_t pl = strlen(p);
		if (pl >= 17 && !strcmp(p + pl - 17, "logpipe.lock.json"))
			continue;
		/*
		 * No rule reads Terraform JSON: it carries the values of the API
		 * files linted here, and at scale it outgrows the JSON size limit.
		 */
		if (pl >= 8 && !strcmp(p + pl - 8, ".tf.json"))
			continue;
		in[n].path = opts.artifact_dir ? lp_arena_printf(&names, "%s/%s", opts.artifact_dir, p) : p;
		in[n].text = set->v[i].content.ptr;
		in[n].len = set->v[i].content.size;
		lasting[n] = 1; /* the set outlives `d` (lint.h) */
		n++;
	}
	for (i = 0; i < opts.nextra; i++) {
		lp_buf_init(&extra[i]);
		if (read_file(&extra[i], &opts, opts.extra[i]) < 0)
			continue; /* a missing referenced file is the spec's finding (LP-SAM-TEMPLATE) */
		in[n].path = opts.extra[i];
		in[n].text = extra[i].ptr;
		in[n].len = extra[i].size;
		named[n] = 1;
		n++;
	}
	error = lint_inputs(NULL, &opts, in, n, named, lasting, 1, 0, d);
	if (error >= 0)
		lp_lint_relocate(d, set, opts.artifact_dir);
	for (i = 0; i < opts.nextra; i++)
		lp_buf_release(&extra[i]);
	lp_free(extra);
	lp_arena_release(&names);
	lp_free(lasting);
	lp_free(named);
	lp_free(in);
	return error;
}

/* ---- files and directories -------------------------------------------- */

typedef struct walker {
	lp_lint_input *in;
	unsigned char *named;
	size_t n, cap;
	lp_git_ignore *ignore; /* of the first named directory inside a work tree */
	int no_gitignore;
	size_t ignored;        /* files and directories the walk left out because git ignores them */
	const lp_lint_opts *o;  /* for its overlay */
	char **special;        /* FIFOs, devices and sockets the walk met: reported, never opened */
	const char **special_kind;
	size_t nspecial;
	char **staging;        /* interrupted builds' staging folders met, left out (owned) */
	size_t nstaging;
} walker;

static int is_ignored(walker *w, const char *path)
{
	return !w->no_gitignore && lp_git_ignore_has(w->ignore, path);
}

static int push_file(walker *w, const char *path, int named)
{
	lp_buf b = LP_BUF_INIT;
	int error = read_file(&b, w->o, path);
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (error == LP_ETOOBIG && !named) {
		lp_buf_release(&b);
		return 0;
	}
	if (error < 0) {
		lp_buf_release(&b);
		return error;
	}
	if (!named && (memchr(b.ptr, '\0', b.size) || !strcmp(base, "logpipe.lock.json"))) {
		lp_buf_release(&b);
		return 0;
	}
	if (memchr(b.ptr, '\0', b.size)) {
		lp_buf_release(&b);
		lp_error_set(LP_ERROR_INVALID, "'%s' is a binary file", path);
		return LP_ERROR;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->in = lp_realloc(w->in, w->cap * sizeof(*w->in));
		w->named = lp_realloc(w->named, w->cap);
	}
	w->in[w->n].path = lp_strdup(path);
	w->in[w->n].len = b.size;
	w->in[w->n].text = lp_buf_detach(&b, NULL);
	w->named[w->n] = (unsigned char)named;
	w->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_special(walker *w, const char *path, const char *kind)
{
	w->special = lp_realloc(w->special, (w->nspecial + 1) * sizeof(*w->special));
	w->special_kind = lp_realloc(w->special_kind, (w->nspecial + 1) * sizeof(*w->special_kind));
	w->special[w->nspecial] = lp_strdup(path);
	w->special_kind[w->nspecial] = kind;
	w->nspecial++;
}

static int walk_dir(walker *w, const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int error = 0;
	lp_buf p = LP_BUF_INIT;

	if (!dp) {
		lp_error_set(LP_ERROR_IO, "cannot open directory '%s': %s", dir, strerror(errno));
		return LP_ERROR;
	}
	while ((de = readdir(dp)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, ".git"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = lp_realloc(names, cap * sizeof(*names));
		}
		names[n++] = lp_strdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && error == 0; i++) {
		struct stat st;
		lp_buf_clear(&p);
		if (strcmp(dir, ".") && strcmp(dir, "./")) /* findings in the current directory read "a/b", not "./a/b" */
			lp_buf_printf(&p, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
		lp_buf_puts(&p, names[i]);
		/*
		 * Symlinks met while walking are not followed (named paths still are):
		 * two links to '.' would walk 2^40 paths, and a link to
		 * ~/.docker/config.json would be read and quoted in findings.
		 */
		if (lstat(p.ptr, &st) < 0 || S_ISLNK(st.st_mode))
			continue;
		/*
		 * logpipe's own bookkeeping in an output directory is not input: a
		 * killed build's staging holds a second copy of the output (or half
		 * of one), which would be reported twice or half-new.
		 */
		if (!strcmp(names[i], LP_OUTPUT_BUILD_LOCK))
			continue;
		if (!strncmp(names[i], LP_OUTPUT_STAGING_PREFIX, strlen(LP_OUTPUT_STAGING_PREFIX))) {
			if (S_ISDIR(st.st_mode)) {
				w->staging = lp_realloc(w->staging, (w->nstaging + 1) * sizeof(*w->staging));
				w->staging[w->nstaging++] = lp_strdup(p.ptr);
			}
			continue;
		}
		if (is_ignored(w, p.ptr)) {
			w->ignored++;
			continue;
		}
		if (S_ISDIR(st.st_mode))
			error = walk_dir(w, p.ptr);
		else if (S_ISREG(st.st_mode))
			error = push_file(w, p.ptr, 0);
		else
			add_special(w, p.ptr, lp_fs_special_kind(st.st_mode));
	}
	for (i = 0; i < n; i++)
		lp_free(names[i]);
	lp_free(names);
	lp_buf_release(&p);
	return error;
}

static int open_repo(walker *w, const char *start)
{
	if (w->no_gitignore || w->ignore)
		return 0;
	return lp_git_ignore_open(&w->ignore, start);
}

int lp_lint_run(const lp_lint_opts *o, const char **paths, size_t npaths, lp_diag *d)
{
	walker w;
	size_t i, before, ignored, ndocs = 0;
	int error = 0;

	memset(&w, 0, sizeof(w));
	w.no_gitignore = o ? o->no_gitignore : 0;
	w.o = o;
	for (i = 0; i < npaths && error == 0; i++) {
		if (lp_fs_is_dir(paths[i])) {
			int saved = w.no_gitignore;
			if ((error = open_repo(&w, paths[i])) < 0)
				break;
			/*
			 * A directory named on the command line is linted even when git
			 * ignores it (generated output often is); .gitignore only prunes
			 * what the walk finds below a root that is not itself ignored.
			 */
			if (is_ignored(&w, paths[i]))
				w.no_gitignore = 1;
			before = w.n;
			ignored = w.ignored;
			error = walk_dir(&w, paths[i]);
			/*
			 * A .gitignore line 'some/dir/<star>' ignores everything below a directory
			 * that is not itself ignored: the user named it, so lint it.
			 */
			if (error == 0 && w.n == before && w.ignored > ignored && !w.no_gitignore) {
				w.no_gitignore = 1;
				error = walk_dir(&w, paths[i]);
			}
			w.no_gitignore = saved;
		} else {
			error = push_file(&w, paths[i], 1); /* lp_fs_read has said why */
		}
	}
	if (error == 0)
		error = lint_inputs(&ndocs, o, w.in, w.n, w.named, NULL, 0, 1, d);
	for (i = 0; error == 0 && i < w.nspecial; i++) {
		lp_span sp = { lp_diag_intern(d, w.special[i]), 0, 0, 0, 0 };
		lp_diag_add(d, LP_SEV_ERROR, "LP-LINT-SPECIAL-FILE", &sp,
			"remove it, add it to .gitignore, or name the regular files to lint",
			"'%s' is %s; logpipe reads only regular files, so it was not linted", w.special[i],
			w.special_kind[i]);
	}
	for (i = 0; error == 0 && i < w.nstaging; i++) {
		lp_span sp = { lp_diag_intern(d, w.staging[i]), 0, 0, 0, 0 };
		lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-INTERRUPTED", &sp, "run 'logpipe build' into this output directory: "
			"it rolls the interrupted build back or finishes it", "'%s' is what an interrupted logpipe build left; "
			"it was not linted, and the files beside it may be part old, part new", w.staging[i]);
	}
	if (error == 0 && ndocs == 0 && npaths > 0 && w.nspecial == 0) {
		lp_span sp = { lp_diag_intern(d, paths[0]), 0, 0, 0, 0 };
		if (w.n == 0)
			lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-NO-FILES", &sp, "name the files or directories to lint",
				"nothing was linted: no file under '%s'%s", paths[0],
				npaths > 1 ? " or the other paths" : "");
		else
			lp_diag_add(d, LP_SEV_NOTE, "LP-LINT-NO-FILES", &sp, "pass --kind to lint a file of a kind logpipe "
				"does not recognise", "nothing was linted: none of the %zu file%s read is of a kind logpipe lints",
				w.n, w.n == 1 ? "" : "s");
	}
	for (i = 0; i < w.n; i++) {
		lp_free((char *)w.in[i].path);
		lp_free((char *)w.in[i].text);
	}
	for (i = 0; i < w.nstaging; i++)
		lp_free(w.staging[i]);
	lp_free(w.staging);
	lp_free(w.in);
	lp_free(w.named);
	for (i = 0; i < w.nspecial; i++)
		lp_free(w.special[i]);
	lp_free(w.special);
	lp_free(w.special_kind);
	lp_git_ignore_free(w.ignore);
	return error;
}
