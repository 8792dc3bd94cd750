#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "plan/lake_table.h"
#include "plan/line_format.h"
#include "read/json_record.h"
#include "spec/schema.h"
#include "read/serde_regex.h"
#include "util/buf.h"
#include "util/mem.h"

/* "A few dozen" values (aws-facts §3.3): beyond this an enum projection is a warning. */
#define ENUM_VALUES_MAX 40

static int is_true(const char *v)
{
	return v && !strcasecmp(v, "true");
}

/* ---- identifiers ---- */

/*
 * Reserved words that Athena's DDL parser takes unquoted as column names in
 * practice: AWS's own ALB and VPC flow-log DDL write `time` and `start` bare.
 * The reserved-word list is wider than what fails; warning on these would
 * flag AWS's published tables.
 */
static int works_unquoted(const char *name)
{
	static const char *const ok[] = { "time", "start", NULL };
	size_t i;
	for (i = 0; ok[i]; i++)
		if (!strcasecmp(name, ok[i]))
			return 1;
	return 0;
}

static void check_ident(lp_diag *d, const char *what, const char *name, int quoted, int in_struct, const lp_span *sp)
{
	size_t i, n = strlen(name);
	if (n == 0 || n > 255) {
		lp_check__report(d, "LP-ATHENA-IDENT", sp, NULL, "%s name must be 1 to 255 characters (has %zu)", what, n);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		/*
		 * A back-quoted name may hold '-': Athena accepts it, and AWS's own VPC
		 * flow-log Parquet DDL partitions by `aws-region` to match the
		 * Hive-style S3 keys. Spaces, '<' and the like stay findings.
		 */
		if (quoted && c == '-')
			continue;
		if (!(isalnum(c) || c == '_' || (in_struct && c == '.'))) {
			lp_check__report(d, "LP-ATHENA-IDENT", sp, quoted ? "use only letters, digits and underscores" :
				"use only letters, digits and underscores, or back-quote the name",
				"%s name '%s' contains '%c'; unquoted Athena names hold only letters, digits and underscores", what,
				name, isprint(c) ? c : '?');
			return;
		}
	}
	if (name[0] == '_' && !quoted)
		lp_check__report(d, "LP-ATHENA-IDENT", sp, "back-quote it", "%s name '%s' starts with '_' and must be back-quoted",
			what, name);
	else if (!quoted && !in_struct && lp_ddl_is_reserved(name) && !works_unquoted(name))
		lp_check__report(d, "LP-ATHENA-RESERVED", sp, "back-quote it", "%s name '%s' is a reserved word in Athena DDL",
			what, name);
}

static void check_type_idents(lp_diag *d, const lp_ddl_type *t)
{
	size_t i;
	if (!t)
		return;
	check_type_idents(d, t->elem);
	check_type_idents(d, t->key);
	check_type_idents(d, t->value);
	for (i = 0; i < t->nfields; i++) {
		check_ident(d, "struct field", t->fields[i].name, t->fields[i].quoted, 1, &t->fields[i].span);
		check_type_idents(d, t->fields[i].type);
	}
}

/* Columns by name ignoring case, then by position, so equal names sit together in source order. */
static int cmp_column_ci(const void *a, const void *b)
{
	const lp_ddl_column *x = *(const lp_ddl_column *const *)a, *y = *(const lp_ddl_column *const *)b;
	int c = strcasecmp(x->name, y->name);
	return c ? c : (x > y) - (x < y);
}

static int find_column_ci(const void *key, const void *elem)
{
	return strcasecmp(key, (*(const lp_ddl_column *const *)elem)->name);
}

/*
 * Repeated names are found through a sorted index rather than by comparing
 * every pair: a table with 100,000 columns must lint in well under a second.
 * Each repeat is reported against the first column of that name.
 */
static void check_columns(lp_diag *d, const lp_ddl_table *t)
{
	const lp_ddl_column **by_name = NULL, **hit;
	size_t i, first = 0;
	for (i = 0; i < t->ncolumns; i++) {
		check_ident(d, "column", t->columns[i].name, t->columns[i].quoted, 0, &t->columns[i].span);
		check_type_idents(d, t->columns[i].type);
	}
	if (t->ncolumns) {
		by_name = lp_malloc(t->ncolumns * sizeof(*by_name));
		for (i = 0; i < t->ncolumns; i++)
			by_name[i] = &t->columns[i];
		qsort(by_name, t->ncolumns, sizeof(*by_name), cmp_column_ci);
	}
	for (i = 1; i < t->ncolumns; i++) {
		if (strcasecmp(by_name[i]->name, by_name[first]->name)) {
			first = i;
			continue;
		}
		lp_check__report(d, "LP-ATHENA-IDENT-CASE", &by_name[i]->span, NULL,
			"column '%s' repeats column '%s' (line %u) once lowercased", by_name[i]->name,
			by_name[first]->name, by_name[first]->span.line);
	}
	for (i = 0; i < t->npartitions; i++) {
		const lp_ddl_column *p = &t->partitions[i];
		if (!p->type)
			continue;
		check_ident(d, "partition column", p->name, p->quoted, 0, &p->span);
		hit = by_name ? bsearch(p->name, by_name, t->ncolumns, sizeof(*by_name), find_column_ci) : NULL;
		if (!hit)
			continue;
		while (hit > by_name && !strcasecmp(hit[-1]->name, p->name))
			hit--;
		lp_check__report(d, "LP-ATHENA-PART-DUP", &p->span, "drop it from the column list or rename it",
			"partition column '%s' repeats data column '%s' (line %u)", p->name, (*hit)->name, (*hit)->span.line);
	}
	lp_free(by_name);
}

/* ---- partition projection ---- */

/*
 * The projection checks read a table through this view so that DDL
 * (TBLPROPERTIES) and Glue JSON (TableInput.Parameters) get the same rules.
 */
typedef struct pval {
	const char *value; /* NULL when absent */
	lp_span span;
} pval;

typedef struct proj_col {
	const char *name;
	const char *type;  /* the column's Hive type name, or NULL */
	lp_span span;
} proj_col;

typedef struct proj_view {
	pval (*get)(const void *ctx, const char *key);
	const void *ctx;
	const proj_col *cols;
	size_t ncols;
} proj_view;

static pval proj_prop(const proj_view *v, const char *col, const char *suffix)
{
	lp_buf key = LP_BUF_INIT;
	pval p;
	lp_buf_printf(&key, "projection.%s.%s", col, suffix);
	p = v->get(v->ctx, key.ptr);
	lp_buf_release(&key);
	return p;
}

static void need_key(lp_diag *d, const proj_view *v, const proj_col *c, const char *suffix, const char *why)
{
	if (!proj_prop(v, c->name, suffix).value)
		lp_check__report(d, "LP-ATHENA-PROJ-KEYS", &c->span, NULL, "partition column '%s' needs 'projection.%s.%s' (%s)",
			c->name, c->name, suffix, why);
}

static int parse_int_range(const char *v)
{
	const char *comma = strchr(v, ',');
	char *end;
	if (!comma)
		return -1;
	(void)strtoll(v, &end, 10);
	while (*end == ' ')
		end++;
	if (end != comma || end == v)
		return -1;
	(void)strtoll(comma + 1, &end, 10);
	while (*end == ' ')
		end++;
	return *end || end == comma + 1 ? -1 : 0;
}

/* 1 when the Java date format `fmt` has one of `letters` outside its quoted text. */
static int has_pattern_letter(const char *fmt, const char *letters)
{
	int quoted = 0;
	for (; *fmt; fmt++) {
		if (*fmt == '\'')
			quoted = !quoted;
		else if (!quoted && strchr(letters, *fmt))
			return 1;
	}
	return 0;
}

/* 1 when a Java date format is finer than a day (Athena then needs interval and unit). */
static int finer_than_day(const char *fmt)
{
	return has_pattern_letter(fmt, "HhkKmsSAn");
}

/* 1 when a Java date format has no month, day or week letter: a year is the finest it tells. */
static int coarser_than_month(const char *fmt)
{
	return !has_pattern_letter(fmt, "MLdDEeuw");
}

/* Digits a Java date-format letter run takes: exact when fixed, else 1 up to max. */
static int field_width(char letter, size_t run, size_t *min, size_t *max)
{
	if (!strchr("yuMdHhkKmsSDL", letter))
		return -1;
	if (letter == 'y' || letter == 'u') {
		*min = *max = run == 2 ? 2 : (run < 4 ? 1 : run);
		if (run != 2 && run < 4)
			*max = 9;
		return 0;
	}
	*min = run;
	*max = run == 1 ? (letter == 'D' ? 3 : 2) : run;
	return 0;
}

/*
 * 1 when `value` is written in the Java DateTimeFormatter pattern `fmt`, as
 * far as the numeric fields, quoted literals and separators go. Text fields
 * (MMM, EEE, a) are accepted without a check; 0 only when they surely differ.
 */
static int date_matches(const char *fmt, const char *value)
{
	const char *f = fmt, *v = value;
	while (*f) {
		if (*f == '\'') {
			f++;
			while (*f && *f != '\'') {
				if (*v++ != *f++)
					return 0;
			}
			if (*f)
				f++;
			continue;
		}
		if (isalpha((unsigned char)*f)) {
			char letter = *f;
			size_t run = 0, min, max, n = 0;
			while (*f == letter) {
				f++;
				run++;
			}
			if (field_width(letter, run, &min, &max) < 0 || (letter == 'M' && run >= 3))
				return 1; /* a text field or one logpipe does not model: do not judge */
			while (isdigit((unsigned char)v[n]) && n < max)
				n++;
			if (n < min)
				return 0;
			v += n;
			continue;
		}
		if (*v++ != *f++)
			return 0;
	}
	return *v == '\0';
}

/* NOW, or NOW[+-]N<unit> as projection ranges allow. */
static int relative_date(const char *s, size_t n)
{
	size_t i = 3;
	if (n < 3 || strncasecmp(s, "NOW", 3))
		return 0;
	if (n == 3)
		return 1;
	if (s[3] != '+' && s[3] != '-')
		return 0;
	for (i = 4; i < n && isdigit((unsigned char)s[i]); i++)
		;
	if (i == 4)
		return 0;
	for (; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	return 1;
}

static void check_date_range(lp_diag *d, const proj_col *c, const pval *range, const char *fmt)
{
	const char *comma = strchr(range->value, ',');
	const char *ends[2];
	size_t lens[2], i;
	lp_buf one = LP_BUF_INIT;
	if (!comma || !fmt)
		return;
	ends[0] = range->value;
	lens[0] = (size_t)(comma - range->value);
	ends[1] = comma + 1;
	lens[1] = strlen(comma + 1);
	for (i = 0; i < 2; i++) {
		while (lens[i] && *ends[i] == ' ') {
			ends[i]++;
			lens[i]--;
		}
		while (lens[i] && ends[i][lens[i] - 1] == ' ')
			lens[i]--;
		if (relative_date(ends[i], lens[i]))
			continue;
		lp_buf_clear(&one);
		lp_buf_put(&one, ends[i], lens[i]);
		if (!date_matches(fmt, one.ptr))
			lp_check__report(d, "LP-ATHENA-PROJ-RANGE", &range->span,
				"write both ends of the range in the projection's format, or NOW / NOW-3YEARS",
				"%s '%s' of 'projection.%s.range' is not written in its format '%s', so Athena cannot read "
				"the range and queries of the table fail", i ? "end" : "start", one.ptr, c->name, fmt);
	}
	lp_buf_release(&one);
}

static void check_projection_column(lp_diag *d, const proj_view *v, const proj_col *c)
{
	pval type = proj_prop(v, c->name, "type"), p;
	const char *ty;
	if (!type.value) {
		lp_check__report(d, "LP-ATHENA-PROJ-TYPE", &c->span,
			"add 'projection.<col>.type' (enum, integer, date or injected) with its keys",
			"partition column '%s' has no 'projection.%s.type' but projection is enabled", c->name, c->name);
		return;
	}
	ty = type.value;
	if (!strcasecmp(ty, "enum")) {
		p = proj_prop(v, c->name, "values");
		if (!p.value) {
			need_key(d, v, c, "values", "enum projection lists its values");
		} else {
			size_t n = 1;
			const char *s;
			for (s = p.value; *s; s++)
				n += *s == ',';
			if (n > ENUM_VALUES_MAX)
				lp_check__report(d, "LP-ATHENA-PROJ-ENUM", &p.span, "use integer, date or injected projection",
					"enum projection of '%s' lists %zu values (keep it to a few dozen)", c->name, n);
		}
	} else if (!strcasecmp(ty, "integer")) {
		p = proj_prop(v, c->name, "range");
		if (!p.value)
			need_key(d, v, c, "range", "integer projection needs \"min,max\"");
		else if (parse_int_range(p.value) < 0)
			lp_check__report(d, "LP-ATHENA-PROJ-KEYS", &p.span, "write \"min,max\", e.g. \"2020,2100\"",
				"'projection.%s.range' is '%s', not two integers", c->name, p.value);
	} else if (!strcasecmp(ty, "date")) {
		pval fmt = proj_prop(v, c->name, "format");
		p = proj_prop(v, c->name, "range");
		if (!p.value)
			need_key(d, v, c, "range", "date projection needs \"start,end\"");
		else if (!strchr(p.value, ','))
			lp_check__report(d, "LP-ATHENA-PROJ-KEYS", &p.span, "write \"start,end\", e.g. \"2024/01/01,NOW\"",
				"'projection.%s.range' is '%s', not \"start,end\"", c->name, p.value);
		if (p.value && fmt.value)
			check_date_range(d, c, &p, fmt.value);
		if (!fmt.value)
			need_key(d, v, c, "format", "date projection needs a Java date format");
		else if (finer_than_day(fmt.value) || coarser_than_month(fmt.value)) {
			need_key(d, v, c, "interval", "the format is not at day or month precision");
			need_key(d, v, c, "interval.unit", "the format is not at day or month precision");
		}
	} else if (!strcasecmp(ty, "injected")) {
		if (c->type && strcasecmp(c->type, "string"))
			lp_check__report(d, "LP-ATHENA-PROJ-KEYS", &c->span, "declare the column as string",
				"injected projection needs a string column, '%s' is %s", c->name, c->type);
	} else {
		lp_check__report(d, "LP-ATHENA-PROJ-KEYS", &type.span, "use enum, integer, date or injected",
			"unknown projection type '%s' for '%s'", ty, c->name);
	}
}

static int template_has(const char *tmpl, const char *col)
{
	const char *s = tmpl;
	size_t n = strlen(col);
	while ((s = strstr(s, "${")) != NULL) {
		if (!strncasecmp(s + 2, col, n) && s[2 + n] == '}')
			return 1;
		s += 2;
	}
	return 0;
}

static void check_projection(lp_diag *d, const proj_view *v)
{
	pval en = v->get(v->ctx, "projection.enabled");
	pval tmpl = v->get(v->ctx, "storage.location.template");
	size_t i;
	if (is_true(en.value))
		for (i = 0; i < v->ncols; i++)
			check_projection_column(d, v, &v->cols[i]);
	if (tmpl.value)
		for (i = 0; i < v->ncols; i++)
			if (!template_has(tmpl.value, v->cols[i].name)) {
				lp_buf help = LP_BUF_INIT;
				/* the help is not a format: the column name goes in here */
				lp_buf_printf(&help, "add '${%s}' where that partition's value sits in the path", v->cols[i].name);
				lp_check__report(d, "LP-ATHENA-TEMPLATE", &tmpl.span, help.ptr,
					"storage.location.template has no '${%s}' for partition column '%s'", v->cols[i].name,
					v->cols[i].name);
				lp_buf_release(&help);
			}
}

static pval ddl_get(const void *ctx, const char *key)
{
	const lp_ddl_prop *p = lp_ddl_tbl_prop(ctx, key);
	pval v = { NULL, { NULL, 0, 0, 0, 0 } };
	if (p) {
		v.value = p->value;
		v.span = p->value_span;
	}
	return v;
}

static void check_ddl_projection(lp_diag *d, const lp_ddl_table *t)
{
	proj_col *cols = lp_calloc(t->npartitions + 1, sizeof(*cols));
	proj_view v;
	size_t i;
	for (i = 0; i < t->npartitions; i++) {
		cols[i].name = t->partitions[i].name;
		cols[i].type = t->partitions[i].type ? t->partitions[i].type->name : NULL;
		cols[i].span = t->partitions[i].span;
	}
	v.get = ddl_get;
	v.ctx = t;
	v.cols = cols;
	v.ncols = t->npartitions;
	check_projection(d, &v);
	lp_free(cols);
}

static pval node_get(const void *ctx, const char *key)
{
	const lp_node *n = lp_node_get(ctx, key);
	pval v = { NULL, { NULL, 0, 0, 0, 0 } };
	if (n && lp_node_str(n)) {
		v.value = lp_node_str(n);
		v.span = n->span;
	}
	return v;
}

static void check_type(lp_diag *d, const lp_ddl_type *t, int map_key);

/*
 * What the rules say of one Glue type text, whatever column holds it: a
 * table repeats a few types over many columns, and judging one means a DDL
 * parse, so each distinct text is judged once per table.
 */
typedef struct {
	const char *text;  /* borrowed from the table's tree */
	int not_hive;      /* the DDL reader refused it */
	lp_diag *findings; /* check_type's, spans meaningless; NULL: nothing to report */
} glue_verdict;

/*
 * Bounds the linear memo lookup: a hostile table of many distinct types is
 * judged text by text rather than searched quadratically.
 */
#define GLUE_MEMO_MAX 32

typedef struct {
	glue_verdict v[GLUE_MEMO_MAX];
	size_t n;
} glue_verdicts;

/*
 * A Glue column's Type is the same Hive type text a DDL column has: read it
 * with the DDL reader and judge it by the same rules.
 */
static void judge_glue_type(glue_verdict *out, const char *t)
{
	lp_buf text = LP_BUF_INIT;
	lp_ddl_file *f = NULL;
	out->text = t;
	out->not_hive = 0;
	out->findings = lp_diag_new();
	lp_buf_printf(&text, "CREATE EXTERNAL TABLE t (c %s) LOCATION 's3://b/';", t);
	if (lp_ddl_parse(&f, "glue-type", text.ptr, text.size, out->findings) < 0 || !f) {
		/* the reader failed on its own terms, not the type's: nothing to say */
		lp_diag_free(out->findings);
		out->findings = NULL;
		goto done;
	}
	if (lp_diag_count(out->findings) > 0 || f->ntables != 1 || f->tables[0].ncolumns != 1)
		out->not_hive = 1;
	else
		check_type(out->findings, f->tables[0].columns[0].type, 0);
done:
	lp_ddl_free(f);
	lp_buf_release(&text);
}

/* Reports at the Type value: positions inside the string are not kept. */
static void check_glue_type(glue_verdicts *memo, const lp_node *type, lp_diag *d)
{
	glue_verdict one, *v = NULL;
	const char *t = lp_node_str(type);
	size_t i;
	if (!t || !*t || type->kind != LP_NODE_SCALAR)
		return;
	for (i = 0; i < memo->n && !v; i++)
		if (!strcmp(memo->v[i].text, t))
			v = &memo->v[i];
	if (!v) {
		v = memo->n < GLUE_MEMO_MAX ? &memo->v[memo->n++] : &one;
		judge_glue_type(v, t);
	}
	if (v->not_hive)
		lp_check__report(d, "LP-ATHENA-TYPE", &type->span, "write a Hive type such as string, bigint or "
			"struct<name:string>", "column type '%s' is not a Hive type", t);
	else
		for (i = 0; v->findings && i < lp_diag_count(v->findings); i++) {
			const lp_diag_entry *e = lp_diag_get(v->findings, i);
			lp_diag_add(d, e->severity, e->rule, &type->span, e->help, "%s", e->message);
		}
	if (v == &one)
		lp_diag_free(one.findings);
}

static void glue_verdicts_release(glue_verdicts *memo)
{
	size_t i;
	for (i = 0; i < memo->n; i++)
		lp_diag_free(memo->v[i].findings);
}

void lp_check_glue_table(const lp_node *table_input, lp_diag *d)
{
	const lp_node *params = lp_node_get_ci(table_input, "Parameters");
	const lp_node *pk = lp_node_get_ci(table_input, "PartitionKeys");
	const lp_node *cols = lp_node_get_ci(lp_node_get_ci(table_input, "StorageDescriptor"), "Columns");
	proj_col *pcols;
	proj_view v;
	size_t i, j, n = 0;
	glue_verdicts memo;
	memo.n = 0;
	for (i = 0; cols && cols->kind == LP_NODE_SEQ && i < cols->n; i++)
		check_glue_type(&memo, lp_node_get_ci(cols->items[i], "Type"), d);
	for (i = 0; pk && pk->kind == LP_NODE_SEQ && i < pk->n; i++)
		check_glue_type(&memo, lp_node_get_ci(pk->items[i], "Type"), d);
	glue_verdicts_release(&memo);
	if (!params || params->kind != LP_NODE_MAP || !pk || pk->kind != LP_NODE_SEQ)
		return;
	pcols = lp_calloc(pk->n + 1, sizeof(*pcols));
	for (i = 0; i < pk->n; i++) {
		const lp_node *nm = lp_node_get_ci(pk->items[i], "Name");
		if (!lp_node_str(nm))
			continue;
		pcols[n].name = lp_node_str(nm);
		pcols[n].type = lp_node_str(lp_node_get_ci(pk->items[i], "Type"));
		pcols[n].span = nm->span;
		for (j = 0; cols && cols->kind == LP_NODE_SEQ && j < cols->n; j++) {
			const char *cn = lp_node_str(lp_node_get_ci(cols->items[j], "Name"));
			if (cn && !strcasecmp(cn, pcols[n].name)) {
				lp_check__report(d, "LP-ATHENA-PART-DUP", &nm->span, "drop it from the columns or rename it",
					"partition key '%s' repeats column '%s'", pcols[n].name, cn);
				break;
			}
		}
		n++;
	}
	v.get = node_get;
	v.ctx = params;
	v.cols = pcols;
	v.ncols = n;
	check_projection(d, &v);
	lp_free(pcols);
}

/* ---- RegexSerDe ---- */

/* The raw source from the value's literal on, for mapping regex offsets to columns (`text` NULL: none). */
static void regex_source(lp_serde_regex_src *src, const char *text, size_t len, const lp_ddl_prop *p)
{
	memset(src, 0, sizeof(src[0]));
	src->span = p->value_span;
	if (!text || p->value_offset >= len)
		return;
	src->raw = text + p->value_offset;
	src->raw_len = len - p->value_offset;
}

/*
 * The AWS log a hand-written table reads, told by the columns only that log
 * has, then by a location under ELB's folders (read as ALB access logs, the
 * common case); -1 when it is none of them.
 */
static int source_kind_of(const lp_ddl_table *t)
{
	static const struct {
		lp_source_kind kind;
		const char *column;
	} marks[] = {
		{ LP_SOURCE_CLB, "backend_ip" },
		{ LP_SOURCE_CLB, "backend_port" },
		{ LP_SOURCE_CLB, "backend_processing_time" },
		{ LP_SOURCE_CLB, "elb_name" },
		{ LP_SOURCE_CLB, "backend_status_code" },
		{ LP_SOURCE_CLB, "backend_response_code" },
		{ LP_SOURCE_NLB, "alpn_fe_protocol" },
		{ LP_SOURCE_NLB, "tls_handshake_time" },
		{ LP_SOURCE_ALB_CONN, "tls_verify_status" },
		{ LP_SOURCE_ALB_CONN, "leaf_client_cert_serial_number" },
		{ LP_SOURCE_ALB_CONN, "tls_handshake_latency" },
		{ LP_SOURCE_S3_ACCESS, "bucketowner" },
		{ LP_SOURCE_S3_ACCESS, "requestdatetime" },
		{ LP_SOURCE_S3_ACCESS, "turnaroundtime" },
		{ LP_SOURCE_VPC_FLOW, "interface_id" },
		{ LP_SOURCE_VPC_FLOW, "log_status" },
		{ LP_SOURCE_VPC_FLOW, "pkt_srcaddr" },
		{ LP_SOURCE_CLOUDFRONT, "x_edge_location" },
		{ LP_SOURCE_CLOUDFRONT, "x_edge_request_id" },
		{ LP_SOURCE_CLOUDFRONT, "x_edge_result_type" },
		{ LP_SOURCE_WAF, "webaclid" },
		{ LP_SOURCE_WAF, "terminatingruleid" },
		{ LP_SOURCE_WAF, "httpsourcename" },
		{ LP_SOURCE_CLOUDTRAIL, "eventversion" },
		{ LP_SOURCE_CLOUDTRAIL, "useridentity" },
		{ LP_SOURCE_CLOUDTRAIL, "recipientaccountid" },
	};
	size_t i;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (lp_ddl_find_column(t, marks[i].column))
			return (int)marks[i].kind;
	if (t->location && strstr(t->location, "vpcflowlogs"))
		return LP_SOURCE_VPC_FLOW;
	if ((t->location && strstr(t->location, "elasticloadbalancing")) || lp_ddl_find_column(t, "elb_status_code") ||
		lp_ddl_find_column(t, "target_group_arn"))
		return LP_SOURCE_ALB;
	return -1;
}

/* The documented line shape of the format must match, or every such line is a row of NULLs. */
static void check_doc_line(lp_diag *d, const lp_ddl_table *t, const lp_ddl_prop *re, const pcre2_code *code,
	const lp_line_format *f, const char *line, const char *what)
{
	if (!line || lp_serde_regex_match(code, line, strlen(line), NULL) != 0)
		return;
	lp_check__report(d, "LP-SOURCE-DOC-LINE", &re->value_span,
		"run 'logpipe samples --table' on such a line to see the column where matching stops, or use the table "
		"'logpipe build' generates",
		"input.regex of %s table '%s' does not match %s; Athena returns such lines as rows of NULLs", f->title,
		t->name, what);
}

/* A JSON table must hold the documented record: every value's JSON type fits its column's type. */
static void check_json_doc_line(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	lp_json_record r;
	const lp_json_mismatch *m;
	lp_json_record_check(&r, f->probe_line, strlen(f->probe_line), t->columns, t->ncolumns);
	if (r.verdict != LP_JSON_RECORD_OK || !r.nmismatches)
		return;
	m = &r.mismatches[0];
	lp_check__report(d, "LP-SOURCE-DOC-LINE", &t->columns[m->column].span,
		"declare the column with the type the records hold, or use the table 'logpipe build' generates",
		"column '%s' of %s table '%s' cannot hold %s: '%s' is %s where the column reads %s",
		t->columns[m->column].name, f->title, t->name, f->probe_what,
		m->path, m->found, m->want);
}

/*
 * A flow log's NODATA record in the table's own field order (the VPC guide's
 * example, whatever the LogFormat): '-' in every field but the version,
 * account, interface, times and status. 0 when a column is no flow log field
 * (but a last one, the tail), so the table's format cannot be told.
 */
static int vpc_nodata_line(lp_buf *out, const lp_ddl_table *t)
{
	static const char *const values[][2] = { { "version", "2" }, { "account_id", "123456789010" },
		{ "interface_id", "eni-1235b8ca123456789" }, { "start", "1431280876" }, { "end", "1431280934" },
		{ "log_status", "NODATA" } };
	char name[64];
	size_t i, k, n;
	for (i = 0; i < t->ncolumns; i++) {
		const char *col = t->columns[i].name, *v = "-";
		n = strlen(col);
		if (n >= sizeof(name))
			return 0;
		for (k = 0; k <= n; k++)
			name[k] = col[k] == '_' ? '-' : (char)tolower((unsigned char)col[k]);
		if (!lp_line_format_vpc_type(name, n)) {
			if (i + 1 == t->ncolumns && i > 0)
				break;
			return 0;
		}
		for (k = 0; k < sizeof(values) / sizeof(values[0]); k++)
			if (!strcasecmp(col, values[k][0]))
				v = values[k][1];
		lp_buf_printf(out, "%s%s", i ? " " : "", v);
	}
	return t->ncolumns > 0;
}

static const lp_ddl_prop *part_prop(const lp_ddl_table *t, const char *col, size_t len, const char *suffix)
{
	lp_buf key = LP_BUF_INIT;
	const lp_ddl_prop *p;
	lp_buf_printf(&key, "projection.%.*s.%s", (int)len, col, suffix);
	p = lp_ddl_tbl_prop(t, key.ptr);
	lp_buf_release(&key);
	return p;
}

/*
 * 1 when ${col} renders the service's folder: the whole yyyy/mm/dd (width
 * 0; also yyyy/mm/dd/HH with `hours`), the year (4) or the zero-padded
 * month, day or hour (2).
 */
static int projects_folder(const lp_ddl_table *t, const char *col, size_t len, int width, int hours)
{
	const lp_ddl_prop *type = part_prop(t, col, len, "type"), *p;
	if (!type)
		return 1; /* not projected: partitions are added by hand, nothing to compare */
	if (!strcasecmp(type->value, "date")) {
		p = part_prop(t, col, len, "format");
		if (p && width == 0 && hours && !strcmp(p->value, "yyyy/MM/dd/HH"))
			return 1;
		return p && !strcmp(p->value, width == 0 ? "yyyy/MM/dd" : width == 4 ? "yyyy" : "MM") ? 1 :
		       p && width == 2 && (!strcmp(p->value, "dd") || (hours && !strcmp(p->value, "HH")));
	}
	if (!strcasecmp(type->value, "integer")) {
		if (width == 2) {
			p = part_prop(t, col, len, "digits");
			return p && !strcmp(p->value, "2");
		}
		return width == 4;
	}
	return 1; /* enum and injected values are the user's to get right */
}

/* The length of "${name}" at s (0 when s does not start one); *name and *len are the name. */
static size_t placeholder(const char *s, const char **name, size_t *len)
{
	const char *e;
	if (strncmp(s, "${", 2) || !(e = strchr(s + 2, '}')))
		return 0;
	*name = s + 2;
	*len = (size_t)(e - *name);
	return (size_t)(e + 1 - s);
}

/*
 * 1 when the template from `s` on is the date folders: /${day} projected as
 * yyyy/MM/dd, or /${year}/${month}/${day} with zero-padded month and day,
 * and nothing after them but a '/'.
 */
static int date_folders(const lp_ddl_table *t, const char *s, int hours)
{
	const char *names[4];
	size_t lens[4], n = 0, k, max = hours ? 4 : 3;
	while (s && *s == '/' && n < max && (k = placeholder(s + 1, &names[n], &lens[n])) > 0) {
		s += 1 + k;
		n++;
	}
	if (!s || (*s && strcmp(s, "/")))
		return 0;
	if (n == 1)
		return projects_folder(t, names[0], lens[0], 0, hours);
	return (n == 3 || n == 4) && projects_folder(t, names[0], lens[0], 4, 0) &&
	       projects_folder(t, names[1], lens[1], 2, 0) && projects_folder(t, names[2], lens[2], 2, 0) &&
	       (n == 3 || projects_folder(t, names[3], lens[3], 2, 1));
}

/*
 * 1 when `s` is the Hive-compatible date folders of a flow log:
 * /year=${y}/month=${m}/day=${d}, optionally /hour=${h}, then at most '/'.
 */
static int hive_date_folders(const lp_ddl_table *t, const char *s)
{
	static const char *const keys[] = { "/year=", "/month=", "/day=", "/hour=" };
	const char *name;
	size_t len, k, i;
	for (i = 0; i < 4; i++) {
		if (i == 3 && (!*s || !strcmp(s, "/")))
			return 1;
		if (strncmp(s, keys[i], strlen(keys[i])))
			return 0;
		s += strlen(keys[i]);
		if (!(k = placeholder(s, &name, &len)) || !projects_folder(t, name, len, i == 0 ? 4 : 2, i == 3))
			return 0;
		s += k;
	}
	return !*s || !strcmp(s, "/");
}

/* The start of the last `n` '/'-separated segments of [s, e) (s when it has fewer), and whether it has them. */
static const char *last_segments(const char *s, const char *e, int n, int *ok)
{
	const char *p = e;
	*ok = 0;
	while (p > s && n > 0) {
		p--;
		if (*p == '/' && --n == 0) {
			*ok = 1;
			return p;
		}
	}
	return s;
}

/* 1 when [s, e) is a segment of the S3 layout: a ${placeholder}, or `want` (12 digits, a Region, a bucket). */
static int layout_segment(const char *s, const char *e, int want)
{
	const char *name;
	size_t len, i, n = (size_t)(e - s);
	if (n > 0 && placeholder(s, &name, &len) == n)
		return 1;
	if (want == 'a') {
		for (i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return 0;
		return n == 12;
	}
	if (want == 'r') {
		for (i = 0; i < n && s[i] != '-'; i++)
			if (s[i] < 'a' || s[i] > 'z')
				return 0;
		return i > 0 && i < n;
	}
	return n >= 3;
}

/*
 * S3's date-based key format puts <account>/<region>/<source bucket>/ above
 * the date folders (PartitionedPrefix); 1 when `tmpl`, cut at `dates`, ends
 * with those three segments. The simple key format has no folders at all,
 * so a projected table over it finds no files either.
 */
static int s3_partitioned_above(const char *tmpl, const char *dates)
{
	int ok;
	const char *p = last_segments(tmpl, dates, 3, &ok), *a, *r, *b;
	if (!ok)
		return 0;
	a = p + 1;
	r = strchr(a, '/');
	b = r ? strchr(r + 1, '/') : NULL;
	return r && b && b < dates && layout_segment(a, r, 'a') && layout_segment(r + 1, b, 'r') &&
	       layout_segment(b + 1, dates, 'b');
}

/* Where the date folders start in `tmpl`: the first '/' followed only by placeholders and '/'. */
static const char *date_start(const char *tmpl)
{
	const char *s = strstr(tmpl, "/${");
	while (s) {
		const char *p = s, *name;
		size_t len, k;
		while (*p == '/' && (k = placeholder(p + 1, &name, &len)) > 0)
			p += 1 + k;
		if (!*p || !strcmp(p, "/"))
			return s;
		s = strstr(s + 1, "/${");
	}
	return NULL;
}

/*
 * A flow log writes <prefix>/AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/[HH/],
 * or with Hive-compatible partitions .../AWSLogs/aws-account-id=<account>/
 * aws-service=vpcflowlogs/aws-region=<region>/year=yyyy/month=mm/day=dd/[hour=HH/]
 * (aws-facts-2026-12 §5).
 */
static void check_vpc_layout(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f, const lp_ddl_prop *tmpl)
{
	const char *s = strstr(tmpl->value, "/aws-service=vpcflowlogs/aws-region=");
	int ok;
	if (s) {
		s = strchr(s + strlen("/aws-service=vpcflowlogs/aws-region="), '/');
		ok = s && strstr(tmpl->value, "/AWSLogs/aws-account-id=") && hive_date_folders(t, s);
	} else if ((s = strstr(tmpl->value, "/vpcflowlogs/")) && strstr(tmpl->value, "/AWSLogs/")) {
		s = strchr(s + strlen("/vpcflowlogs/"), '/'); /* past the Region */
		ok = date_folders(t, s, 1);
	} else {
		ok = 0;
	}
	if (!ok)
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"write s3://<bucket>/<prefix>/AWSLogs/<account>/vpcflowlogs/<region>/${day} (yyyy/MM/dd), or for "
			"Hive-compatible partitions .../AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/"
			"aws-region=<region>/year=${year}/month=${month}/day=${day}",
			"storage.location.template of %s table '%s' does not render the folders VPC Flow Logs writes "
			"(AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/, or the Hive-compatible year=/month=/day=); "
			"the projected partitions would find no files", f->title, t->name);
}

/*
 * CloudTrail writes <bucket>/<prefix>/AWSLogs/[<organization ID>/]<account>/CloudTrail/<region>/yyyy/MM/dd/
 * (aws-facts-2026-12 §6.2).
 */
static void check_cloudtrail_layout(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f,
	const lp_ddl_prop *tmpl)
{
	const char *s = strstr(tmpl->value, "/CloudTrail/");
	int ok = 0;
	if (s && strstr(tmpl->value, "/AWSLogs/")) {
		s = strchr(s + strlen("/CloudTrail/"), '/'); /* past the Region */
		ok = date_folders(t, s, 0);
	}
	if (!ok)
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"write s3://<bucket>/<prefix>/AWSLogs/${account}/CloudTrail/${region}/${timestamp} (timestamp a date "
			"in yyyy/MM/dd; an organization trail puts its ID after AWSLogs/)",
			"storage.location.template of %s table '%s' does not render the AWSLogs/<account>/CloudTrail/<region>/"
			"yyyy/MM/dd/ folders CloudTrail writes; the projected partitions would find no files", f->title, t->name);
}

/*
 * WAF writes <bucket>/AWSLogs/<account>/WAFLogs/<region or cloudfront>/<web ACL>/yyyy/MM/dd/HH/mm/
 * and only to buckets named aws-waf-logs-* (aws-facts-2026-12 §6.1): a
 * template elsewhere projects partitions that hold no files.
 */
static void check_waf_layout(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f, const lp_ddl_prop *tmpl)
{
	const char *s = strstr(tmpl->value, "/WAFLogs/"), *acl;
	int ok = 0;
	if (!strncmp(tmpl->value, "s3://", 5) && strncmp(tmpl->value + 5, "aws-waf-logs-", 13)) {
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"name the logging bucket aws-waf-logs-<something>; WAF refuses any other destination",
			"storage.location.template of %s table '%s' is in a bucket whose name does not start with "
			"aws-waf-logs-: WAF writes no logs there", f->title, t->name);
		return;
	}
	if (s && strstr(tmpl->value, "/AWSLogs/")) {
		acl = strchr(s + strlen("/WAFLogs/"), '/'); /* past the Region */
		s = acl ? strchr(acl + 1, '/') : NULL;       /* past the web ACL */
		ok = s && date_folders(t, s, 1);
	}
	if (!ok)
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"write s3://aws-waf-logs-<name>/AWSLogs/<account>/WAFLogs/<region>/<web ACL>/${day} (date projection, "
			"format yyyy/MM/dd)",
			"storage.location.template of %s table '%s' does not render the AWSLogs/<account>/WAFLogs/<region>/"
			"<web ACL>/yyyy/MM/dd/ folders WAF writes; the projected partitions would find no files", f->title,
			t->name);
}

/*
 * Each service writes its own folders (ELB: <prefix>/AWSLogs/<account>/
 * elasticloadbalancing/<region>/yyyy/mm/dd/, aws-facts §4.1; S3 with
 * date-based keys: <prefix><account>/<region>/<bucket>/yyyy/mm/dd/): a
 * projection that renders other folders finds no files, and queries return
 * nothing, without an error.
 */
static void check_layout(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	const lp_ddl_prop *tmpl = lp_ddl_tbl_prop(t, "storage.location.template");
	const char *s;
	if (!tmpl || !tmpl->value)
		return;
	if (f->layout == LP_LAYOUT_S3_PARTITIONED) {
		s = date_start(tmpl->value);
		if (!s || !date_folders(t, s, 0) || !s3_partitioned_above(tmpl->value, s))
			lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
				"write s3://<bucket>/<prefix><account>/<region>/<source bucket>/${day} (date projection, format "
				"yyyy/MM/dd), and log with the date-based key format (PartitionedPrefix)",
				"storage.location.template of %s table '%s' does not render the <account>/<region>/<source "
				"bucket>/yyyy/mm/dd/ folders S3 writes with date-based keys; the projected partitions would "
				"find no files", f->title, t->name);
		return;
	}
	if (f->layout == LP_LAYOUT_VPC) {
		check_vpc_layout(d, t, f, tmpl);
		return;
	}
	if (f->layout == LP_LAYOUT_FLAT)
		return; /* legacy CloudFront files have no folders; a template is the v2 partitioning's, not judged here */
	if (f->layout == LP_LAYOUT_WAF) {
		check_waf_layout(d, t, f, tmpl);
		return;
	}
	if (f->layout == LP_LAYOUT_CLOUDTRAIL) {
		check_cloudtrail_layout(d, t, f, tmpl);
		return;
	}
	s = strstr(tmpl->value, "/elasticloadbalancing/");
	if (!s || !strstr(tmpl->value, "/AWSLogs/")) {
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"write s3://<bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/${day}",
			"storage.location.template of %s table '%s' is not under AWSLogs/<account>/elasticloadbalancing/"
			"<region>/, where ELB writes its logs", f->title, t->name);
		return;
	}
	s = strchr(s + strlen("/elasticloadbalancing/"), '/'); /* past the Region */
	if (!date_folders(t, s, 0))
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"end the template with /${day} projected as a date in yyyy/MM/dd, or /${year}/${month}/${day} with "
			"'projection.month.digits' and 'projection.day.digits' = 2",
			"storage.location.template of %s table '%s' does not render ELB's yyyy/mm/dd folders after the "
			"Region; the projected partitions would find no files", f->title, t->name);
}

/*
 * A column of a table read by name that names no field of its log: NULL in
 * every row. `cands` are the names it may have, for "did you mean".
 */
static void report_field_name(lp_diag *d, const lp_ddl_table *t, size_t i, const lp_line_format *f,
	const char *const *cands, size_t n, const char *field, const char *otherwise)
{
	char word[64];
	const char *col = t->columns[i].name, *hit;
	size_t k, len = strlen(col);
	lp_buf help = LP_BUF_INIT;
	for (k = 0; k <= len && k < sizeof(word); k++)
		word[k] = (char)tolower((unsigned char)col[k]);
	word[sizeof(word) - 1] = '\0';
	hit = lp_schema_closest(word, cands, n);
	if (hit)
		lp_buf_printf(&help, "did you mean '%s'?", hit);
	else
		lp_buf_puts(&help, otherwise);
	lp_check__report(d, "LP-SOURCE-FIELD-NAME", &t->columns[i].span, help.ptr,
		"column '%s' of %s table '%s' names no %s; Parquet columns are read by name, so it is NULL in every row",
		col, f->title, t->name, field);
	lp_buf_release(&help);
}

/*
 * A Parquet flow log is read by column name (aws-facts-2026-12 §5): a column
 * that names no flow log field ('-' written '_') is NULL in every row.
 */
static void check_vpc_names(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	char names[64][40], word[64];
	const char *cands[64];
	size_t n = 0, i, k, len;
	const char *fld;
	while (n < 64 && (fld = lp_line_format_vpc_field(n))) {
		for (k = 0; fld[k] && k + 1 < sizeof(names[n]); k++)
			names[n][k] = fld[k] == '-' ? '_' : fld[k];
		names[n][k] = '\0';
		cands[n] = names[n];
		n++;
	}
	for (i = 0; i < t->ncolumns; i++) {
		const char *col = t->columns[i].name;
		len = strlen(col);
		if (len >= sizeof(word))
			continue;
		for (k = 0; k <= len; k++)
			word[k] = col[k] == '_' ? '-' : (char)tolower((unsigned char)col[k]);
		if (lp_line_format_vpc_type(word, len))
			continue;
		report_field_name(d, t, i, f, cands, n, "flow log field", "name each column after a flow log field, '-' written '_'");
	}
}

/*
 * A CloudFront standard logging v2 table (aws-facts-2026-12 §3.2): Parquet,
 * or JSON read by OpenX's JsonSerDe, with the guide's `cs_referer` column,
 * rather than the legacy W3C text.
 */
static int cf_v2_table(const lp_ddl_table *t)
{
	return lp_ddl_columnar(t) || (t->serde && strstr(t->serde, "Json")) || lp_ddl_find_column(t, "cs_referer");
}

/*
 * Parquet columns are read by name (the guide's: cs_referer, c_ip); JSON
 * keys by the column's OpenX mapping, else its own name, and v2 JSON names
 * its keys as written (c-ip, cs(Referer)), which no column name can be.
 * AWS's Parquet columns are all strings: a typed column over one fails the
 * query (HIVE_BAD_DATA) instead of converting.
 */
static void check_cf_v2_columns(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	const char *cands[64];
	size_t n = 0, i;
	int columnar = lp_ddl_columnar(t);
	while (n < f->nfields && n < 64) {
		cands[n] = f->fields[n].column;
		n++;
	}
	for (i = 0; i < t->ncolumns; i++) {
		const lp_ddl_column *c = &t->columns[i];
		const char *field = lp_line_format_cf_v2_field_of(c->name);
		if (columnar) {
			if (!field)
				report_field_name(d, t, i, f, cands, n, "CloudFront v2 record field",
					"name each column as the Athena guide's table does: the field with '_' for '-' and "
					"no parentheses (c_ip, cs_user_agent)");
			else if (c->type && c->type->name && strcmp(c->type->name, "string"))
				lp_check__report(d, "LP-SOURCE-FIELD-TYPE", &c->type->span,
					"declare the column string and cast in queries (CAST(sc_status AS integer))",
					"column '%s' of %s table '%s' is %s, and CloudFront writes '%s' as a string Parquet column: "
					"every query that reads it fails", c->name, f->title, t->name, c->type->name, field);
			continue;
		}
		{
			const lp_ddl_prop *map = lp_ddl_json_mapping(t, c->name);
			const char *reads;
			size_t k;
			reads = map && map->value ? map->value : c->name;
			for (k = 0; lp_line_format_cf_v2_field(k) && strcasecmp(lp_line_format_cf_v2_field(k), reads); k++)
				;
			if (lp_line_format_cf_v2_field(k))
				continue;
			if (field)
				lp_check__report(d, "LP-SOURCE-FIELD-NAME", map ? &map->value_span : &c->span,
					"add 'mapping.<column>' = '<field>' to SERDEPROPERTIES, as the table 'logpipe build' "
					"generates does",
					"column '%s' of %s table '%s' reads the JSON key '%s', and CloudFront writes the field as "
					"'%s': it is NULL in every row", c->name, f->title, t->name, reads, field);
			else
				report_field_name(d, t, i, f, cands, n, "CloudFront v2 record field",
					"name each column after a record field and map it to the key CloudFront writes");
		}
	}
}

/*
 * A v2 delivery writes {yyyy} as four digits and {MM}, {dd}, {HH} as two:
 * a projected year, month, day or hour that renders other text finds no
 * files. (Which variables a path has, and any prefix before them, is the
 * delivery's choice: the template is taken as the spec of the folders.)
 */
static void check_cf_v2_layout(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	static const char *const dates[] = { "year", "month", "day", "hour" };
	const lp_ddl_prop *tmpl = lp_ddl_tbl_prop(t, "storage.location.template");
	const char *s, *name;
	size_t len, k, i;
	if (!tmpl || !tmpl->value)
		return;
	for (s = tmpl->value; (s = strstr(s, "${")) != NULL; s += k ? k : 2) {
		if (!(k = placeholder(s, &name, &len)))
			break;
		for (i = 0; i < t->npartitions; i++)
			if (strlen(t->partitions[i].name) == len && !strncasecmp(t->partitions[i].name, name, len))
				break;
		if (i == t->npartitions) {
			lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
				"declare the partition column, or take its folder out of the template",
				"storage.location.template of %s table '%s' renders ${%.*s}, which is no partition column; "
				"Athena cannot project the folders", f->title, t->name, (int)len, name);
			return;
		}
		for (i = 0; i < 4; i++)
			if (strlen(dates[i]) == len && !strncmp(dates[i], name, len))
				break;
		if (i == 4 || projects_folder(t, name, len, i == 0 ? 4 : 2, i == 3))
			continue;
		lp_check__report(d, "LP-SOURCE-LAYOUT", &tmpl->value_span,
			"project year as an integer and month, day and hour as integers with 'projection.<col>.digits' = 2",
			"storage.location.template of %s table '%s' renders ${%.*s} other than CloudFront writes it ({yyyy} "
			"four digits, {MM}, {dd} and {HH} two); the projected partitions would find no files", f->title,
			t->name, (int)len, name);
		return;
	}
}

/* 1 when `hay` holds the lowercase `needle`, in any case. */
/*
 * Files that start with header lines (a flow log's field names, CloudFront's
 * #Version and #Fields) need 'skip.header.line.count', or every file adds
 * rows that hold the header's words: NULLs in every typed column.
 */
static void check_header(lp_diag *d, const lp_ddl_table *t, const lp_line_format *f)
{
	const lp_ddl_prop *p = lp_ddl_tbl_prop(t, "skip.header.line.count");
	char want[2] = { 0, 0 };
	if (!f->header_lines || f->header_lines > 9 || lp_ddl_columnar(t))
		return;
	want[0] = (char)('0' + f->header_lines);
	if (p && p->value && !strcmp(p->value, want))
		return;
	lp_check__report(d, "LP-SOURCE-HEADER", p ? &p->value_span : &t->name_span, NULL,
		"%s table '%s' %s 'skip.header.line.count' = '%s': each file starts with %u header line%s, which "
		"Athena would read as rows", f->title, t->name, p ? "sets" : "lacks", p && p->value ? p->value : want,
		f->header_lines, f->header_lines == 1 ? "" : "s");
}

static void check_regex_serde(lp_diag *d, const lp_ddl_table *t, const char *text, size_t len)
{
	const lp_ddl_prop *re;
	lp_serde_regex_src src;
	pcre2_code *code = NULL;
	int kind = source_kind_of(t);
	const lp_line_format *f = kind >= 0 ? lp_line_format_of((lp_source_kind)kind) : NULL;
	if (kind == LP_SOURCE_CLOUDFRONT && cf_v2_table(t)) {
		f = lp_line_format_cf_v2_all();
		check_cf_v2_layout(d, t, f);
		check_cf_v2_columns(d, t, f);
		return;
	}
	if (f) {
		check_layout(d, t, f);
		check_header(d, t, f);
		if (f->layout == LP_LAYOUT_VPC && lp_ddl_columnar(t))
			check_vpc_names(d, t, f);
	}
	if (f && f->json_serde && f->probe_line && t->serde && strstr(t->serde, "Json")) {
		/* CloudTrail files are one {"Records":[...]} each: only its input format makes the events rows. */
		if (f->input_format && (!t->input_format || !strstr(t->input_format, "CloudTrailInputFormat")))
			lp_check__report(d, "LP-SOURCE-DOC-LINE", &t->serde_span,
				"STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
				"%s table '%s' reads each file with %s: a CloudTrail file is one object that wraps its events "
				"in \"Records\", so every file is one row and every event column NULL", f->title, t->name,
				t->input_format ? t->input_format : "the default input format");
		check_json_doc_line(d, t, f);
		return;
	}
	if (!t->serde || !strstr(t->serde, "RegexSerDe"))
		return;
	re = lp_ddl_serde_prop(t, "input.regex");
	if (!re) {
		lp_check__report(d, "LP-ATHENA-REGEX-MISSING", &t->serde_span, NULL,
			"table '%s' uses RegexSerDe without 'input.regex'", t->name);
		return;
	}
	regex_source(&src, text, len, re);
	lp_serde_regex_java_check(re->value, &src, d);
	lp_serde_regex_compile(&code, re->value, &src, d);
	if (code) {
		unsigned groups = lp_serde_regex_groups(code);
		if (groups != t->ncolumns)
			lp_check__report(d, "LP-ATHENA-REGEX-GROUPS", &re->value_span,
				groups > t->ncolumns ? "make the extra groups non-capturing with (?:...), e.g. a trailing (?: .*)?"
						     : "add a capture group per column, or drop the columns that can never fill",
				"input.regex has %u capture group%s but table '%s' has %zu column%s; RegexSerDe maps group N "
				"to column N, so rows come back NULL or columns never fill",
				groups, groups == 1 ? "" : "s", t->name, t->ncolumns, t->ncolumns == 1 ? "" : "s");
		if (f && f->layout == LP_LAYOUT_VPC) {
			lp_buf line = LP_BUF_INIT;
			if (vpc_nodata_line(&line, t))
				check_doc_line(d, t, re, code, f, line.ptr,
					"a NODATA record, whose addresses and ports are '-', as the VPC guide documents");
			lp_buf_release(&line);
		} else if (f) {
			check_doc_line(d, t, re, code, f, f->probe_line, f->probe_what);
		}
		pcre2_code_free(code);
	}
	/* Each kind is judged as itself: a Classic ELB table is told it is one, never called an ALB table. */
	if (f && !lp_serde_regex_tolerant_tail(re->value))
		lp_check__report(d, "LP-ALB-APPENDED-FIELDS", &re->value_span,
			"end the regex with (?: (.*))? and a string column for it, so appended fields stay visible (or the "
			"non-capturing (?: .*)? to drop them)",
			"input.regex of %s table '%s' must match the whole line and has no trailing catch-all: when AWS "
			"appends a field every row comes back NULL", f->title, t->name);
}

/* ---- the fix for a load balancer table -------------------------------- */

static int fixes_regex(const char *rule)
{
	return rule && (!strcmp(rule, "LP-ATHENA-REGEX-GROUPS") || !strcmp(rule, "LP-ALB-APPENDED-FIELDS") ||
		!strcmp(rule, "LP-SOURCE-DOC-LINE"));
}

/* Byte offset where line `line` (1-based) starts. */
static size_t line_offset(const char *text, size_t len, unsigned line)
{
	size_t i = 0;
	unsigned n = 1;
	while (i < len && n < line)
		if (text[i++] == '\n')
			n++;
	return i;
}

/* Logpipe's column list for format `f`, laid out as the table's first column is (indentation, line ends). */
static void column_list(lp_buf *out, const lp_ddl_table *t, const lp_lake_table *lt, const char *text, size_t len)
{
	size_t start = t->ncolumns ? line_offset(text, len, t->columns[0].span.line) : t->columns_start, i, nl;
	size_t indent = 0;
	const char *eol = "\n", *pad;
	while (start + indent < len && (text[start + indent] == ' ' || text[start + indent] == '\t'))
		indent++;
	pad = text + start;
	if (start <= t->columns_start) {
		/* the columns began on the line of '(': one a line now, indented by two */
		pad = "  ";
		indent = 2;
	}
	for (nl = t->columns_start; nl < len && text[nl] != '\n'; nl++)
		;
	if (nl < len && nl > 0 && text[nl - 1] == '\r')
		eol = "\r\n";
	lp_buf_putc(out, '(');
	for (i = 0; i < lt->ncolumns; i++) {
		lp_buf_puts(out, eol);
		lp_buf_put(out, pad, indent);
		lp_buf_printf(out, "`%s` %s%s", lt->columns[i].name, lt->columns[i].type, i + 1 < lt->ncolumns ? "," : "");
	}
	lp_buf_puts(out, eol);
	lp_buf_putc(out, ')');
}

void lp_check_ddl_fix(const lp_ddl_file *f, const char *text, size_t len, size_t from, lp_diag *d)
{
	size_t i, j;
	for (i = from; i < lp_diag_count(d); i++) {
		lp_diag_entry *e = lp_diag_get(d, i);
		const lp_ddl_table *t = NULL;
		const lp_ddl_prop *re = NULL;
		const lp_line_format *fmt;
		lp_lake_table lt;
		lp_arena a = LP_ARENA_INIT;
		lp_edits edits = LP_EDITS_INIT;
		lp_buf cols = LP_BUF_INIT, lit = LP_BUF_INIT, desc = LP_BUF_INIT;
		int kind;
		if (!fixes_regex(e->rule) || e->fix || !e->span.file || strcmp(e->span.file, f->path) != 0)
			continue;
		for (j = 0; j < f->ntables && !t; j++) {
			const lp_ddl_prop *p = lp_ddl_serde_prop(&f->tables[j], "input.regex");
			if (p && p->value_span.line == e->span.line && p->value_span.col == e->span.col) {
				t = &f->tables[j];
				re = p;
			}
		}
		if (!t || (kind = source_kind_of(t)) < 0 || !t->columns_end || re->value_end > len)
			continue;
		fmt = lp_line_format_of((lp_source_kind)kind);
		memset(&lt, 0, sizeof(lt));
		lp_lake_table_set_line_format(&lt, &a, fmt);
		column_list(&cols, t, &lt, text, len);
		lp_ddl_quote(&lit, lt.serde_params[1].value);
		lp_edits_add(&edits, t->columns_start, t->columns_end, cols.ptr, cols.size);
		lp_edits_add(&edits, re->value_offset, re->value_end, lit.ptr, lit.size);
		lp_buf_printf(&desc,
			"replace the columns and input.regex with logpipe's %s table: %zu columns, one capture group each, "
			"the last (%s) taking whatever AWS appends; the name, LOCATION, partitions and TBLPROPERTIES stay "
			"(queries that named the old columns may need the new names)",
			fmt->title, lt.ncolumns, fmt->tail_column ? fmt->tail_column : "none");
		lp_diag_set_fix(d, e, desc.ptr, &edits, 0);
		lp_edits_release(&edits);
		lp_buf_release(&cols);
		lp_buf_release(&lit);
		lp_buf_release(&desc);
		lp_arena_release(&a);
	}
}

/* ---- Hive types ---- */

static const char *const hive_primitives[] = { "tinyint", "smallint", "int", "integer", "bigint", "boolean",
	"float", "double", "real", "string", "binary", "timestamp", "date", "decimal", "char", "varchar", NULL };

/* Levenshtein distance, capped: only a near miss is offered as "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[32], cur[32];
	if (la >= 31 || lb >= 31)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

static void check_type(lp_diag *d, const lp_ddl_type *t, int map_key)
{
	size_t i;
	if (!t)
		return;
	switch (t->kind) {
	case LP_DDL_TYPE_ARRAY:
		check_type(d, t->elem, 0);
		break;
	case LP_DDL_TYPE_MAP:
		check_type(d, t->key, 1);
		check_type(d, t->value, 0);
		break;
	case LP_DDL_TYPE_STRUCT:
		for (i = 0; i < t->nfields; i++)
			check_type(d, t->fields[i].type, 0);
		break;
	case LP_DDL_TYPE_PRIMITIVE: {
		const char *best = NULL;
		size_t bestd = 3;
		/* Distance 0 is a case-insensitive match; find that first, as nearly every type is one. */
		for (i = 0; hive_primitives[i]; i++)
			if (!strcasecmp(t->name, hive_primitives[i]))
				break;
		for (i = hive_primitives[i] ? i : 0; hive_primitives[i]; i++) {
			size_t dist = edit_distance(t->name, hive_primitives[i]);
			if (dist == 0)
				break;
			if (dist < bestd) {
				bestd = dist;
				best = hive_primitives[i];
			}
		}
		if (!hive_primitives[i]) {
			if (best)
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span, NULL, "unknown type '%s'; did you mean '%s'?",
					t->name, best);
			else
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span,
					"use a Hive type: string, int, bigint, double, boolean, timestamp, date, decimal(p,s), "
					"varchar(n), array<...>, map<...>, struct<...>", "unknown type '%s'", t->name);
			return;
		}
		if (!strcmp(t->name, "decimal")) {
			if (t->nparams >= 1 && (t->params[0] < 1 || t->params[0] > 38))
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span, "use a precision from 1 to 38",
					"decimal precision %ld is out of range", t->params[0]);
			else if (t->nparams == 2 && (t->params[1] < 0 || t->params[1] > t->params[0]))
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span, "use a scale from 0 to the precision",
					"decimal scale %ld does not fit precision %ld", t->params[1], t->params[0]);
		} else if (!strcmp(t->name, "char") || !strcmp(t->name, "varchar")) {
			long max = t->name[0] == 'c' ? 255 : 65535;
			if (t->nparams != 1)
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span, "write the length, e.g. varchar(255)",
					"%s needs one length parameter", t->name);
			else if (t->params[0] < 1 || t->params[0] > max)
				lp_check__report(d, "LP-ATHENA-TYPE", &t->span, NULL, "%s length %ld is outside 1 to %ld",
					t->name, t->params[0], max);
		} else if (t->nparams) {
			lp_check__report(d, "LP-ATHENA-TYPE", &t->span, "drop the parentheses", "type '%s' takes no parameters",
				t->name);
		}
		break;
	}
	}
	if (map_key && t->kind != LP_DDL_TYPE_PRIMITIVE)
		lp_check__report(d, "LP-ATHENA-TYPE", &t->span, "use a primitive key type such as string",
			"map keys must be a primitive type, not %s", t->name);
}

static void check_types(lp_diag *d, const lp_ddl_table *t)
{
	size_t i;
	for (i = 0; i < t->ncolumns; i++)
		check_type(d, t->columns[i].type, 0);
	for (i = 0; i < t->npartitions; i++)
		check_type(d, t->partitions[i].type, 0);
}

/* ---- the table ---- */

/* CTAS and view names must not need quoting (Athena: CTAS considerations). */
static void check_query_name(lp_diag *d, const char *what, const char *name, const lp_span *sp)
{
	if (lp_ddl_is_reserved(name) || lp_ddl_is_dml_reserved(name))
		lp_check__report(d, "LP-ATHENA-RESERVED", sp, "choose a name that is not a reserved word",
			"%s name '%s' is a reserved word, and names created by a query cannot be quoted", what, name);
}

void lp_check_ddl_table(const lp_ddl_table *t, const char *text, size_t len, lp_diag *d)
{
	const lp_ddl_prop *tt = t->ctas ? NULL : lp_ddl_tbl_prop(t, "table_type");
	int iceberg = tt && !strcasecmp(tt->value, "ICEBERG");
	if (!t->name)
		return; /* the statement did not parse far enough */
	if (t->ctas) {
		/* columns come from the query; EXTERNAL, SerDe and projection rules are about written tables */
		if (t->db)
			check_ident(d, "database", t->db, 1, 0, &t->name_span);
		check_ident(d, "table", t->name, t->name_quoted, 0, &t->name_span);
		if (!t->name_quoted)
			check_query_name(d, "table", t->name, &t->name_span);
		return;
	}
	if (iceberg && t->external)
		lp_check__report(d, "LP-ATHENA-EXTERNAL", &t->span, "write CREATE TABLE",
			"Iceberg table '%s' must not be EXTERNAL (Athena: External keyword not supported)", t->name);
	else if (!iceberg && !t->external)
		lp_check__report(d, "LP-ATHENA-EXTERNAL", &t->span, "write CREATE EXTERNAL TABLE",
			"table '%s' is not EXTERNAL; Athena requires EXTERNAL for non-Iceberg tables", t->name);
	if (t->db)
		check_ident(d, "database", t->db, 1, 0, &t->name_span);
	check_ident(d, "table", t->name, t->name_quoted, 0, &t->name_span);
	check_columns(d, t);
	check_types(d, t);
	check_ddl_projection(d, t);
	check_regex_serde(d, t, text, len);
}

void lp_check_ddl(const lp_ddl_file *f, lp_diag *d)
{
	size_t len = 0;
	const char *text = lp_diag_source_text(d, f->path, &len);
	lp_check_ddl_text(f, text, len, d);
}

void lp_check_ddl_text(const lp_ddl_file *f, const char *text, size_t len, lp_diag *d)
{
	size_t i;
	for (i = 0; i < f->ntables; i++)
		lp_check_ddl_table(&f->tables[i], text, len, d);
	for (i = 0; i < f->nstmts; i++)
		if (f->stmts[i].kind == LP_DDL_STMT_CREATE_VIEW && f->stmts[i].name)
			check_query_name(d, "view", f->stmts[i].name, &f->stmts[i].name_span);
}
