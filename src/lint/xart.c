#include "lint/xart.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "read/text.h"
#include "util/mem.h"
#include "util/strmap.h"

/* Buffer interval Firehose uses when BufferingHints are not given. */
#define FIREHOSE_DEFAULT_INTERVAL 300

/* ---- layout comparison ---- */

typedef enum {
	AT_LIT,  /* a literal character */
	AT_TIME, /* one letter of a date pattern: "yyyy" is four AT_TIME 'y' */
	AT_INT,  /* an integer-projected column */
	AT_ENUM, /* an enum or injected column */
	AT_DYN,  /* !{partitionKeyFrom...:key} */
	AT_RAND, /* !{firehose:random-string} */
} atom_kind;

typedef struct atom {
	atom_kind kind;
	char c;
	int digits;
	const lp_xart_part *part;
} atom;

typedef struct atoms {
	atom *v;
	size_t n, cap;
} atoms;

static void push(atoms *a, atom_kind k, char c, const lp_xart_part *part)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = lp_realloc(a->v, a->cap * sizeof(atom));
	}
	a->v[a->n].kind = k;
	a->v[a->n].c = c;
	a->v[a->n].digits = part ? part->digits : 0;
	a->v[a->n].part = part;
	a->n++;
}

/* A Java DateTimeFormatter pattern: letters are fields, '...' is literal text. */
static void push_date_format(atoms *a, const char *fmt, size_t n)
{
	size_t i;
	int quoted = 0;
	for (i = 0; i < n; i++) {
		char c = fmt[i];
		if (c == '\'') {
			if (i + 1 < n && fmt[i + 1] == '\'') {
				push(a, AT_LIT, '\'', NULL);
				i++;
			} else {
				quoted = !quoted;
			}
		} else if (!quoted && isalpha((unsigned char)c)) {
			push(a, AT_TIME, c == 'u' ? 'y' : c, NULL); /* year-of-era and year agree for AD dates */
		} else {
			push(a, AT_LIT, c, NULL);
		}
	}
}

static void parse_prefix(atoms *a, const char *prefix)
{
	const char *s = prefix;
	int any_expr = strstr(prefix, "!{") != NULL;
	while (*s) {
		const char *close;
		if (s[0] == '!' && s[1] == '{' && (close = strchr(s + 2, '}'))) {
			const char *body = s + 2, *colon = memchr(body, ':', (size_t)(close - body));
			size_t nsl = colon ? (size_t)(colon - body) : 0;
			if (colon && nsl == 9 && !strncmp(body, "timestamp", 9))
				push_date_format(a, colon + 1, (size_t)(close - colon - 1));
			else if (colon && nsl > 16 && !strncmp(body, "partitionKeyFrom", 16))
				push(a, AT_DYN, 0, NULL);
			else
				push(a, AT_RAND, 0, NULL);
			s = close + 1;
			continue;
		}
		push(a, AT_LIT, *s++, NULL);
	}
	if (!any_expr)
		push_date_format(a, "yyyy/MM/dd/HH/", 14);
}

static const lp_xart_part *find_part(const lp_xart_part *parts, size_t n, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strlen(parts[i].name) == len && !strncasecmp(parts[i].name, name, len))
			return &parts[i];
	return NULL;
}

/* Returns -1 with a reason when the template names a column it has no part for. */
static int parse_template(atoms *a, lp_buf *why, const char *path, const lp_xart_part *parts, size_t nparts)
{
	const char *s = path;
	while (*s) {
		const char *close;
		if (s[0] == '$' && s[1] == '{' && (close = strchr(s + 2, '}'))) {
			const lp_xart_part *p = find_part(parts, nparts, s + 2, (size_t)(close - s - 2));
			if (!p) {
				if (why)
					lp_buf_printf(why, "the template names '${%.*s}', which is not a partition column",
						(int)(close - s - 2), s + 2);
				return -1;
			}
			if (p->type && !strcasecmp(p->type, "date") && p->format)
				push_date_format(a, p->format, strlen(p->format));
			else if (p->type && !strcasecmp(p->type, "integer"))
				push(a, AT_INT, 0, p);
			else
				push(a, AT_ENUM, 0, p);
			s = close + 1;
			continue;
		}
		push(a, AT_LIT, *s++, NULL);
	}
	return 0;
}

static void render(lp_buf *out, const atoms *a, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to && i < a->n; i++) {
		const atom *x = &a->v[i];
		switch (x->kind) {
		case AT_LIT:
		case AT_TIME:
			lp_buf_putc(out, x->c);
			break;
		case AT_INT:
		case AT_ENUM:
			lp_buf_printf(out, "${%s}", x->part->name);
			break;
		case AT_DYN:
			lp_buf_puts(out, "!{partitionKey}");
			break;
		case AT_RAND:
			lp_buf_puts(out, "!{firehose:...}");
			break;
		}
	}
}

static void drop_trailing_slash(atoms *a)
{
	if (a->n && a->v[a->n - 1].kind == AT_LIT && a->v[a->n - 1].c == '/')
		a->n--;
}

static int enum_has(const char *values, const char *v, size_t n)
{
	const char *s = values;
	if (!values)
		return 1; /* injected: any value */
	while (s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		if (len == n && !strncmp(s, v, n))
			return 1;
		s = comma ? comma + 1 : NULL;
	}
	return 0;
}

static int compare(const atoms *pa, const atoms *ta, size_t *pi, size_t *ti)
{
	size_t i = 0, j = 0;
	while (i < pa->n && j < ta->n) {
		const atom *p = &pa->v[i], *t = &ta->v[j];
		if (t->kind == AT_INT) {
			size_t r = 0;
			while (i + r < pa->n && pa->v[i + r].kind == AT_TIME && pa->v[i + r].c == p->c)
				r++;
			if (r == 0 || (t->digits > 0 && (size_t)t->digits != r) || (t->digits == 0 && r > 1 && p->c != 'y'))
				break; /* an unpadded integer cannot read a zero-padded MM/dd/HH */
			i += r;
			j++;
		} else if (t->kind == AT_ENUM) {
			if (p->kind == AT_DYN) {
				i++;
				j++;
			} else if (p->kind == AT_LIT) {
				lp_buf v = LP_BUF_INIT;
				int ok;
				while (i < pa->n && pa->v[i].kind == AT_LIT && pa->v[i].c != '/')
					lp_buf_putc(&v, pa->v[i++].c);
				ok = v.size > 0 && enum_has(t->part->type && !strcasecmp(t->part->type, "enum") ? t->part->values : NULL,
					v.ptr, v.size);
				lp_buf_release(&v);
				if (!ok)
					break;
				j++;
			} else {
				break;
			}
		} else if (p->kind == t->kind && (p->kind == AT_LIT || p->kind == AT_TIME) && p->c == t->c) {
			i++;
			j++;
		} else {
			break;
		}
	}
	*pi = i;
	*ti = j;
	return i == pa->n && j == ta->n;
}

int lp_prefix_matches_template(lp_buf *why, const char *bucket, const char *prefix, const char *tmpl,
	const lp_xart_part *parts, size_t nparts)
{
	atoms pa = { NULL, 0, 0 }, ta = { NULL, 0, 0 };
	const char *path = tmpl;
	size_t i = 0, j = 0;
	int ok = 0;
	if (!strncmp(path, "s3://", 5)) {
		const char *slash = strchr(path + 5, '/');
		size_t blen = slash ? (size_t)(slash - path - 5) : strlen(path + 5);
		if (bucket && (strlen(bucket) != blen || strncmp(bucket, path + 5, blen))) {
			if (why)
				lp_buf_printf(why, "the template reads bucket '%.*s' but the stream writes to '%s'", (int)blen,
					path + 5, bucket);
			return 0;
		}
		path = slash ? slash + 1 : "";
	}
	parse_prefix(&pa, prefix);
	if (parse_template(&ta, why, path, parts, nparts) < 0)
		goto done;
	drop_trailing_slash(&pa);
	drop_trailing_slash(&ta);
	ok = compare(&pa, &ta, &i, &j);
	if (!ok && why) {
		lp_buf_puts(why, "the prefix lays objects out as '");
		render(why, &pa, 0, pa.n);
		lp_buf_puts(why, "' but the template with its projection reads '");
		render(why, &ta, 0, ta.n);
		lp_buf_puts(why, "'; they part after '");
		render(why, &pa, 0, i);
		lp_buf_puts(why, "'");
	}
done:
	lp_free(pa.v);
	lp_free(ta.v);
	return ok;
}

/* ---- builders ---- */

typedef const char *(*prop_fn)(const void *ctx, const char *key);

static void fill_part(lp_xart_part *p, lp_arena *a, const char *name, prop_fn get, const void *ctx)
{
	lp_buf key = LP_BUF_INIT;
	const char *digits;
#define PROP(suffix) (lp_buf_clear(&key), lp_buf_printf(&key, "projection.%s.%s", name, suffix), get(ctx, key.ptr))
	p->name = name;
	p->type = PROP("type");
	p->format = PROP("format");
	p->values = PROP("values");
	digits = PROP("digits");
	p->digits = digits ? atoi(digits) : 0;
#undef PROP
	(void)a;
	lp_buf_release(&key);
}

static const char *ddl_prop(const void *ctx, const char *key)
{
	const lp_ddl_prop *p = lp_ddl_tbl_prop(ctx, key);
	return p ? p->value : NULL;
}

static char *lower_dup(lp_arena *a, const char *s)
{
	char *r = lp_arena_strdup(a, s);
	size_t i;
	for (i = 0; r[i]; i++)
		r[i] = (char)tolower((unsigned char)r[i]);
	return r;
}

size_t lp_xart_tables_from_ddl(lp_xart_table **arr, size_t *n, lp_arena *a, const lp_ddl_file *f)
{
	size_t i, k, cap = lp_text_vec_cap(*n, sizeof(lp_xart_table)), added = 0;
	for (i = 0; i < f->ntables; i++) {
		const lp_ddl_table *t = &f->tables[i];
		const lp_ddl_prop *tp;
		lp_xart_table *x;
		if (!t->name)
			continue;
		*arr = lp_text_vec_push(a, *arr, n, &cap, sizeof(lp_xart_table));
		x = &(*arr)[*n - 1];
		x->db = t->db;
		x->name = t->name;
		x->span = t->name_span;
		x->location = t->location;
		x->columns = lp_arena_alloc(a, (t->ncolumns + 1) * sizeof(char *));
		for (k = 0; k < t->ncolumns; k++)
			x->columns[k] = lower_dup(a, t->columns[k].name);
		x->ncolumns = t->ncolumns;
		x->parts = lp_arena_alloc(a, (t->npartitions + 1) * sizeof(lp_xart_part));
		for (k = 0; k < t->npartitions; k++)
			fill_part(&x->parts[k], a, t->partitions[k].name, ddl_prop, t);
		x->nparts = t->npartitions;
		if ((tp = lp_ddl_tbl_prop(t, "storage.location.template")) != NULL) {
			x->tmpl = tp->value;
			x->tmpl_span = tp->value_span;
		}
		added++;
	}
	return added;
}

static const char *node_prop(const void *ctx, const char *key)
{
	return lp_node_str(lp_node_get(ctx, key));
}

/* Calls `fn` for the API-shaped root itself, or for each CloudFormation resource of `type`. */
typedef void (*each_fn)(const lp_node *props, const char *logical_id, void *payload);

static void each_resource(const lp_node *root, const char *type, const char *api_key, each_fn fn, void *payload)
{
	const lp_node *res;
	size_t i;
	if (!root || root->kind != LP_NODE_MAP)
		return;
	if (lp_node_get_ci(root, api_key)) {
		fn(root, NULL, payload);
		return;
	}
	res = lp_node_get(root, "Resources");
	if (!res || res->kind != LP_NODE_MAP)
		return;
	for (i = 0; i < res->n; i++) {
		const lp_node *r = res->pairs[i].value;
		const char *ty = lp_node_str(lp_node_get(r, "Type"));
		const lp_node *props = lp_node_get(r, "Properties");
		if (ty && !strcmp(ty, type) && props && props->kind == LP_NODE_MAP)
			fn(props, res->pairs[i].key->str, payload);
	}
}

typedef struct build_ctx {
	void **arr;
	size_t *n;
	size_t cap;
	lp_arena *a;
	size_t added;
} build_ctx;

static void *grow(build_ctx *b, size_t elsize)
{
	*b->arr = lp_text_vec_push(b->a, *b->arr, b->n, &b->cap, elsize);
	b->added++;
	return (char *)*b->arr + (*b->n - 1) * elsize;
}

static void glue_table(const lp_node *props, const char *logical_id, void *payload)
{
	build_ctx *b = payload;
	const lp_node *ti = lp_node_get_ci(props, "TableInput"), *sd, *cols, *pk, *params, *tn;
	lp_xart_table *x;
	size_t k;
	if (!ti || ti->kind != LP_NODE_MAP)
		return;
	x = grow(b, sizeof(lp_xart_table));
	x->db = lp_node_str(lp_node_get_ci(props, "DatabaseName"));
	tn = lp_node_get_ci(ti, "Name");
	x->name = lp_node_str(tn) ? lp_node_str(tn) : logical_id;
	x->span = tn ? tn->span : ti->span;
	sd = lp_node_get_ci(ti, "StorageDescriptor");
	x->location = lp_node_str(lp_node_get_ci(sd, "Location"));
	cols = lp_node_get_ci(sd, "Columns");
	if (cols && cols->kind == LP_NODE_SEQ) {
		x->columns = lp_arena_alloc(b->a, (cols->n + 1) * sizeof(char *));
		for (k = 0; k < cols->n; k++) {
			const char *cn = lp_node_str(lp_node_get_ci(cols->items[k], "Name"));
			if (cn)
				x->columns[x->ncolumns++] = lower_dup(b->a, cn);
		}
	}
	params = lp_node_get_ci(ti, "Parameters");
	pk = lp_node_get_ci(ti, "PartitionKeys");
	if (pk && pk->kind == LP_NODE_SEQ) {
		x->parts = lp_arena_alloc(b->a, (pk->n + 1) * sizeof(lp_xart_part));
		for (k = 0; k < pk->n; k++) {
			const char *pn = lp_node_str(lp_node_get_ci(pk->items[k], "Name"));
			if (pn && params)
				fill_part(&x->parts[x->nparts++], b->a, pn, node_prop, params);
			else if (pn)
				x->parts[x->nparts++].name = pn;
		}
	}
	if (params) {
		const lp_node *t = lp_node_get(params, "storage.location.template");
		if (lp_node_str(t)) {
			x->tmpl = lp_node_str(t);
			x->tmpl_span = t->span;
		}
	}
}

size_t lp_xart_tables_from_glue(lp_xart_table **arr, size_t *n, lp_arena *a, const lp_node *root)
{
	build_ctx b = { (void **)arr, n, lp_text_vec_cap(*n, sizeof(**arr)), a, 0 };
	each_resource(root, "AWS::Glue::Table", "TableInput", glue_table, &b);
	return b.added;
}

static void firehose_stream(const lp_node *props, const char *logical_id, void *payload)
{
	build_ctx *b = payload;
	const lp_node *dest = lp_node_get_ci(props, "ExtendedS3DestinationConfiguration"), *nm, *v, *sc;
	const char *arn;
	lp_xart_stream *x;
	int64_t iv;
	if (!dest)
		dest = lp_node_get_ci(props, "S3DestinationConfiguration");
	if (!dest || dest->kind != LP_NODE_MAP)
		return;
	x = grow(b, sizeof(lp_xart_stream));
	nm = lp_node_get_ci(props, "DeliveryStreamName");
	x->name = lp_node_str(nm) ? lp_node_str(nm) : logical_id;
	x->span = nm ? nm->span : dest->span;
	arn = lp_node_str(lp_node_get_ci(dest, "BucketARN"));
	if (arn && !strncmp(arn, "arn:", 4) && strstr(arn, ":::"))
		x->bucket = strstr(arn, ":::") + 3;
	if ((v = lp_node_get_ci(dest, "Prefix")) && lp_node_str(v)) {
		x->prefix = lp_node_str(v);
		x->prefix_span = v->span;
	}
	x->interval = -1;
	v = lp_node_get_ci(lp_node_get_ci(dest, "BufferingHints"), "IntervalInSeconds");
	if (v && lp_node_int(&iv, v) == 0) {
		x->interval = (long)iv;
		x->interval_span = v->span;
	} else {
		x->interval_span = x->span;
	}
	sc = lp_node_get_ci(lp_node_get_ci(dest, "DataFormatConversionConfiguration"), "SchemaConfiguration");
	if (sc) {
		const lp_node *tn = lp_node_get_ci(sc, "TableName");
		x->schema_db = lp_node_str(lp_node_get_ci(sc, "DatabaseName"));
		x->schema_table = lp_node_str(tn);
		x->schema_span = tn ? tn->span : sc->span;
	}
}

size_t lp_xart_streams_from_json(lp_xart_stream **arr, size_t *n, lp_arena *a, const lp_node *root)
{
	build_ctx b = { (void **)arr, n, lp_text_vec_cap(*n, sizeof(**arr)), a, 0 };
	each_resource(root, "AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName", firehose_stream, &b);
	return b.added;
}

static void log_group(const lp_node *props, const char *logical_id, void *payload)
{
	build_ctx *b = payload;
	const lp_node *nm = lp_node_get_ci(props, "LogGroupName");
	lp_xart_group *g;
	if (!lp_node_str(nm))
		return;
	g = grow(b, sizeof(lp_xart_group));
	g->name = lp_node_str(nm);
	g->span = nm->span;
	(void)logical_id;
}

size_t lp_xart_groups_from_json(lp_xart_group **arr, size_t *n, lp_arena *a, const lp_node *root)
{
	build_ctx b = { (void **)arr, n, lp_text_vec_cap(*n, sizeof(**arr)), a, 0 };
	const lp_node *list = root && root->kind == LP_NODE_MAP ? lp_node_get_ci(root, "LogGroups") : NULL;
	size_t i;
	if (list && list->kind == LP_NODE_SEQ) {
		for (i = 0; i < list->n; i++)
			log_group(list->items[i], NULL, &b);
		return b.added;
	}
	each_resource(root, "AWS::Logs::LogGroup", "LogGroupName", log_group, &b);
	return b.added;
}

size_t lp_xart_outputs_from_flb(lp_xart_output **arr, size_t *n, lp_arena *a, const lp_flb_conf *c)
{
	size_t i, cap = lp_text_vec_cap(*n, sizeof(lp_xart_output)), added = 0;
	for (i = 0; c && i < c->nsections; i++) {
		const lp_flb_section *s = &c->sections[i];
		const char *plugin = lp_flb_value(s, "Name");
		const lp_flb_entry *e;
		lp_xart_output *o;
		if (s->kind != LP_FLB_OUTPUT || !plugin)
			continue;
		*arr = lp_text_vec_push(a, *arr, n, &cap, sizeof(lp_xart_output));
		o = &(*arr)[*n - 1];
		o->plugin = plugin;
		if ((e = lp_flb_get(s, "delivery_stream")) != NULL) {
			o->stream = e->value;
			o->stream_span = e->value_span;
		}
		if ((e = lp_flb_get(s, "log_group_name")) != NULL) {
			o->group = e->value;
			o->group_span = e->value_span;
		}
		added++;
	}
	return added;
}

/* ---- the joins ---- */

/*
 * What the joins look up, hashed once per run: a repository-wide lint of
 * thousands of generated files made each lookup a scan of every table,
 * stream or group, quadratic in the size of the spec.
 */
typedef struct xart_index {
	lp_strmap tables;  /* lowercased table name -> index + 1 of its first table */
	size_t *next;      /* per table: index + 1 of the next one with that name, 0 at the end */
	lp_strmap dbs;     /* lowercased names of the databases tables were loaded for */
	int any_db;        /* some table names its database */
	lp_strmap streams; /* stream names, exact */
	lp_strmap groups;  /* log group names, exact */
} xart_index;

/*
 * `b` := `s` in lower case.
 * Filled in a statement of its own before the lookup: a call whose
 * arguments both read key.ptr and refill the key may read the pointer
 * before the refill moves it (C leaves their order open).
 */
static void lowered(lp_buf *b, const char *s)
{
	lp_buf_clear(b);
	for (; *s; s++)
		lp_buf_putc(b, (char)tolower((unsigned char)*s));
}

static void index_build(xart_index *ix, const lp_xart_input *in)
{
	lp_buf key = LP_BUF_INIT;
	size_t i, *last = lp_calloc(in->ntables ? in->ntables : 1, sizeof(*last));
	memset(ix, 0, sizeof(*ix));
	ix->next = lp_calloc(in->ntables ? in->ntables : 1, sizeof(*ix->next));
	for (i = 0; i < in->ntables; i++) {
		const lp_xart_table *t = &in->tables[i];
		size_t first;
		lowered(&key, t->name);
		first = (size_t)(uintptr_t)lp_strmap_get(&ix->tables, key.ptr, key.size);
		if (!first) {
			lp_strmap_set(&ix->tables, key.ptr, key.size, (void *)(uintptr_t)(i + 1));
			last[i] = i;
		} else { /* append to the chain, whose tail is kept at its head's slot */
			ix->next[last[first - 1]] = i + 1;
			last[first - 1] = i;
		}
		if (t->db) {
			ix->any_db = 1;
			lowered(&key, t->db);
			lp_strmap_set(&ix->dbs, key.ptr, key.size, ix);
		}
	}
	for (i = 0; i < in->nstreams; i++)
		if (in->streams[i].name)
			lp_strmap_set(&ix->streams, in->streams[i].name, strlen(in->streams[i].name), ix);
	for (i = 0; i < in->ngroups; i++)
		lp_strmap_set(&ix->groups, in->groups[i].name, strlen(in->groups[i].name), ix);
	lp_free(last);
	lp_buf_release(&key);
}

static void index_release(xart_index *ix)
{
	lp_strmap_release(&ix->tables);
	lp_strmap_release(&ix->dbs);
	lp_strmap_release(&ix->streams);
	lp_strmap_release(&ix->groups);
	lp_free(ix->next);
}

/* The first table named `name` (any case) in `db`, or in any database when either side names none. */
static const lp_xart_table *find_table(const xart_index *ix, const lp_xart_input *in, const char *db,
	const char *name)
{
	lp_buf key = LP_BUF_INIT;
	size_t i;
	lowered(&key, name);
	i = (size_t)(uintptr_t)lp_strmap_get(&ix->tables, key.ptr, key.size);
	lp_buf_release(&key);
	for (; i; i = ix->next[i - 1]) {
		const lp_xart_table *t = &in->tables[i - 1];
		if (!db || !t->db || !strcasecmp(db, t->db))
			return t;
	}
	return NULL;
}

/*
 * 1 when some loaded table is in `db`: only then is a missing table news. A
 * repository often defines tables of other databases elsewhere (Terraform, the console).
 */
static int db_loaded(const xart_index *ix, const char *db)
{
	lp_buf key = LP_BUF_INIT;
	int found = ix->any_db;
	if (db) {
		lowered(&key, db);
		found = lp_strmap_get(&ix->dbs, key.ptr, key.size) != NULL;
	}
	lp_buf_release(&key);
	return found;
}

/* The literal head of a prefix or template path, up to the first expression. */
static size_t literal_head(const char *s, const char *stop)
{
	const char *e = strstr(s, stop);
	return e ? (size_t)(e - s) : strlen(s);
}

/* 1 when the stream writes under the table's template path (same bucket, same literal head). */
static int stream_feeds_table(const lp_xart_stream *s, const lp_xart_table *t)
{
	const char *path = t->tmpl, *slash;
	size_t hp, ht;
	if (!s->prefix || !path || strncmp(path, "s3://", 5))
		return 0;
	slash = strchr(path + 5, '/');
	if (!slash || (s->bucket && (strlen(s->bucket) != (size_t)(slash - path - 5) ||
		strncmp(s->bucket, path + 5, (size_t)(slash - path - 5)))))
		return 0;
	path = slash + 1;
	hp = literal_head(s->prefix, "!{");
	ht = literal_head(path, "${");
	/* the shorter head must be a prefix of the longer one, and not empty */
	if (hp == 0 || ht == 0)
		return 0;
	return !strncmp(s->prefix, path, hp < ht ? hp : ht);
}

static void check_layout(lp_diag *d, const lp_xart_stream *s, const lp_xart_table *t)
{
	lp_buf why = LP_BUF_INIT;
	if (!s->prefix || !t->tmpl)
		return;
	if (!lp_prefix_matches_template(&why, s->bucket, s->prefix, t->tmpl, t->parts, t->nparts))
		lp_check__report(d, "LP-XART-PREFIX-TEMPLATE", &s->prefix_span, "make both spell the same path, e.g. prefix "
			"'logs/!{timestamp:yyyy/MM/dd/HH}/' with template 's3://bucket/logs/${datehour}/' and format "
			"'yyyy/MM/dd/HH'", "Firehose stream '%s' and table '%s' disagree on the object layout: %s",
			s->name ? s->name : "?", t->name, why.ptr);
	lp_buf_release(&why);
}

static int has_template_syntax(const char *v)
{
	return strchr(v, '$') != NULL;
}

static void check_flb_refs(const xart_index *ix, const lp_xart_input *in, lp_diag *d)
{
	size_t i;
	for (i = 0; i < in->noutputs; i++) {
		const lp_xart_output *o = &in->outputs[i];
		int found = 0;
		if (in->nstreams && (!strcasecmp(o->plugin, "kinesis_firehose") || !strcasecmp(o->plugin, "firehose")) &&
		    o->stream && !has_template_syntax(o->stream)) {
			found = lp_strmap_get(&ix->streams, o->stream, strlen(o->stream)) != NULL;
			if (!found)
				lp_check__report(d, "LP-XART-FH-STREAM", &o->stream_span, NULL,
					"delivery stream '%s' is not defined by any Firehose artifact", o->stream);
		}
		if (in->have_groups && (!strcasecmp(o->plugin, "cloudwatch_logs") || !strcasecmp(o->plugin, "cloudwatch")) &&
		    o->group && !has_template_syntax(o->group)) {
			found = found || lp_strmap_get(&ix->groups, o->group, strlen(o->group)) != NULL;
			if (!found)
				lp_check__report(d, "LP-XART-LOG-GROUP", &o->group_span,
					"declare it (with retention and KMS) or fix the name",
					"log group '%s' is not defined by any log-group artifact", o->group);
		}
	}
}

/* Athena sees JSON keys lowercased; Firehose's OpenX deserializer matches columns case-insensitively. */
static void check_fields(const xart_index *ix, const lp_xart_input *in, lp_diag *d)
{
	size_t i, k;
	for (i = 0; i < in->nfields; i++) {
		const lp_xart_field *f = &in->fields[i];
		const lp_xart_table *t = find_table(ix, in, f->db, f->table);
		int found = 0;
		if (!t || t->ncolumns == 0)
			continue;
		for (k = 0; k < t->ncolumns && !found; k++)
			found = !strcasecmp(t->columns[k], f->name);
		for (k = 0; k < t->nparts && !found; k++)
			found = !strcasecmp(t->parts[k].name, f->name);
		if (!found)
			lp_check__report(d, "LP-XART-FIELDS", &f->span, "add the column to the table, or drop the field",
				"field '%s' has no column in table '%s'; format conversion drops it", f->name, t->name);
	}
}

static int has_name(const char *const *v, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcasecmp(v[i], name))
			return 1;
	return 0;
}

/*
 * One table defined in two files (a Glue CreateTable JSON and its DDL, say)
 * must have the same columns: whichever is applied last wins, so the other
 * file lies about the table.
 */
static void check_duplicate_tables(const xart_index *ix, const lp_xart_input *in, lp_diag *d)
{
	lp_buf key = LP_BUF_INIT;
	size_t i, j, k;
	for (i = 0; i < in->ntables; i++) {
		const lp_xart_table *b = &in->tables[i];
		/* The earlier tables of this name, in order: its chain up to itself. */
		lowered(&key, b->name);
		j = (size_t)(uintptr_t)lp_strmap_get(&ix->tables, key.ptr, key.size);
		for (; j && j - 1 < i; j = ix->next[j - 1]) {
			const lp_xart_table *a = &in->tables[j - 1];
			const char *missing = NULL, *extra = NULL;
			if ((a->db && b->db && strcasecmp(a->db, b->db)) ||
				!a->span.file || !b->span.file || !strcmp(a->span.file, b->span.file) ||
				a->ncolumns == 0 || b->ncolumns == 0)
				continue;
			for (k = 0; k < a->ncolumns && !missing; k++)
				if (!has_name(b->columns, b->ncolumns, a->columns[k]))
					missing = a->columns[k];
			for (k = 0; k < b->ncolumns && !extra; k++)
				if (!has_name(a->columns, a->ncolumns, b->columns[k]))
					extra = b->columns[k];
			if (missing || extra) {
				lp_buf why = LP_BUF_INIT;
				if (missing)
					lp_buf_printf(&why, "'%s' is missing here", missing);
				if (extra)
					lp_buf_printf(&why, "%s'%s' is only here", missing ? ", " : "", extra);
				lp_check__report(d, "LP-XART-TABLE-DIFFERS", &b->span,
					"keep one definition of the table, or give both the same columns",
					"table '%s' is also defined in %s (line %u) with other columns: %s", b->name, a->span.file,
					a->span.line, why.ptr);
				lp_buf_release(&why);
			}
			break;
		}
	}
	lp_buf_release(&key);
}

void lp_check_xart(const lp_xart_input *in, lp_diag *d)
{
	xart_index ix;
	size_t i, k;
	index_build(&ix, in);
	check_fields(&ix, in, d);
	check_duplicate_tables(&ix, in, d);
	for (i = 0; i < in->nstreams; i++) {
		const lp_xart_stream *s = &in->streams[i];
		const lp_xart_table *t = NULL;
		if (s->schema_table) {
			t = find_table(&ix, in, s->schema_db, s->schema_table);
			if (!t && db_loaded(&ix, s->schema_db))
				lp_check__report(d, "LP-XART-SCHEMA-TABLE", &s->schema_span, NULL,
					"Firehose stream '%s' converts with table '%s%s%s', which no Glue or DDL artifact defines",
					s->name ? s->name : "?", s->schema_db ? s->schema_db : "", s->schema_db ? "." : "",
					s->schema_table);
		}
		if (t)
			check_layout(d, s, t);
		else
			for (k = 0; k < in->ntables; k++)
				if (stream_feeds_table(s, &in->tables[k]))
					check_layout(d, s, &in->tables[k]);
		if (in->realtime_budget_seconds > 0) {
			long iv = s->interval >= 0 ? s->interval : FIREHOSE_DEFAULT_INTERVAL;
			if (iv > in->realtime_budget_seconds)
				lp_check__report(d, "LP-XART-REALTIME", &s->interval_span,
					"lower IntervalInSeconds, or read real-time data from CloudWatch Logs",
					"Firehose stream '%s' buffers up to %ld s%s, longer than the declared real-time budget of %ld s",
					s->name ? s->name : "?", iv, s->interval >= 0 ? "" : " (the default)",
					in->realtime_budget_seconds);
		}
	}
	check_flb_refs(&ix, in, d);
	index_release(&ix);
}
