#include "samples/samples.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/json_record.h"
#include "read/serde_regex.h"
#include "samples/line_reader.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

/* Per-column parts of a regex are used to explain failures up to this many columns. */
#define LP_SAMPLES_MAX_CUTS 512
/* Regex bytes compiled as prefixes for those explanations, per table. */
#define LP_SAMPLES_PREFIX_BUDGET ((size_t)8 << 20)

/* How a column's Hive type reads a matched value (Trino's RegexDeserializer, as Hive's RegexSerDe). */
typedef enum {
	CONV_NONE,      /* string, varchar, char, boolean (anything not "true" is false): never NULL */
	CONV_INT,       /* Integer.parseInt and its narrower and wider siblings */
	CONV_FLOAT,     /* Double.parseDouble / Float.parseFloat */
	CONV_DECIMAL,   /* new BigDecimal */
	CONV_DATE,      /* y-M-d, after trimming and cutting at the first space */
	CONV_TIMESTAMP, /* y-M-d[ H:m:s[.f]] or ISO yyyy-MM-ddTHH:mm[:ss[.f]], no zone */
} conv_kind;

typedef struct conv_col {
	conv_kind kind;
	long long min, max; /* CONV_INT */
} conv_col;

struct lp_samples {
	pcre2_code *code;
	pcre2_code *bytes;    /* the same regex in byte mode, for ASCII lines; NULL: lp_serde_regex_bytes_safe said no */
	int utf_only;         /* tests: every line through `code` */
	pcre2_code *tolerant; /* the same regex plus (?: .*)?, to explain failures; NULL if it would not compile */
	pcre2_code *tolerant_bytes;
	pcre2_match_data *md;
	pcre2_match_data *md_tolerant;
	char *re;
	lp_serde_regex_cut *cuts; /* per-column parts of the regex, for saying where a line stops matching */
	size_t ncuts;
	pcre2_code **prefixes;    /* compiled when a search needs them; NULL: did not compile, or over budget */
	char *compiled;           /* prefixes[k] was tried */
	size_t prefix_bytes;      /* regex text compiled as prefixes so far */
	int prefixes_ready;
	pcre2_match_data *md_prefix;
	conv_col *conv;
	size_t ncolumns;
	long tail_column;
	unsigned long skip_header; /* 'skip.header.line.count': rows Athena skips at the start of each file */
	lp_samples_conv convs[LP_SAMPLES_MAX_CONV];
	/* JSON SerDe tables: the columns (borrowed from the table, which outlives this) and the last line's reading. */
	const lp_ddl_column *json_cols;
	size_t json_ncols;
	const char **json_keys; /* owned array; each key borrowed from the table: OpenX mapping.<column> or the name */
	int json_records; /* CloudTrailInputFormat: a line (a file) wraps its records in "Records" */
	int columnar;     /* Parquet or ORC: no lines to read, only the Athena query */
	lp_json_record json;
	char json_details[LP_JSON_RECORD_MAX_MISMATCH][200];
};

static void conv_of(conv_col *c, const lp_ddl_type *t, int timestamp_formats)
{
	static const struct {
		const char *name;
		long long min, max;
	} ints[] = {
		{ "tinyint", -128, 127 },
		{ "smallint", -32768, 32767 },
		{ "int", -2147483648LL, 2147483647LL },
		{ "integer", -2147483648LL, 2147483647LL },
		{ "bigint", INT64_MIN, INT64_MAX },
	};
	size_t i;
	c->kind = CONV_NONE;
	if (!t || !t->name)
		return;
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!strcmp(t->name, ints[i].name)) {
			c->kind = CONV_INT;
			c->min = ints[i].min;
			c->max = ints[i].max;
			return;
		}
	if (!strcmp(t->name, "double") || !strcmp(t->name, "float") || !strcmp(t->name, "real"))
		c->kind = CONV_FLOAT;
	else if (!strcmp(t->name, "decimal"))
		c->kind = CONV_DECIMAL;
	else if (!strcmp(t->name, "date"))
		c->kind = CONV_DATE;
	else if (!strcmp(t->name, "timestamp") && !timestamp_formats)
		c->kind = CONV_TIMESTAMP; /* with timestamp.formats the user's patterns decide: no verdict */
}

/* 1 when the table's SerDe reads JSON (OpenX's, Hive's HCatalog one, CloudTrail's). */
static int json_serde(const lp_ddl_table *t)
{
	return t->serde && (strstr(t->serde, "JsonSerDe") || strstr(t->serde, "JsonSerde") ||
			       strstr(t->serde, "CloudTrailSerde"));
}

/*
 * The key each column reads when the table maps any ('mapping.<column>',
 * OpenX's), else NULL: then the column names are the keys. Caller frees.
 */
static const char **json_keys(const lp_ddl_table *t)
{
	const char **keys = NULL;
	size_t i;
	for (i = 0; i < t->ncolumns; i++) {
		const lp_ddl_prop *p = lp_ddl_json_mapping(t, t->columns[i].name);
		if (p && p->value && !keys) {
			size_t j;
			keys = lp_calloc(t->ncolumns ? t->ncolumns : 1, sizeof(*keys));
			for (j = 0; j < t->ncolumns; j++)
				keys[j] = t->columns[j].name;
		}
		if (p && p->value)
			keys[i] = p->value;
	}
	return keys;
}

const lp_ddl_table *lp_samples_find_table(const lp_ddl_file *f)
{
	size_t i;
	for (i = 0; i < f->ntables; i++)
		if (f->tables[i].serde && (strstr(f->tables[i].serde, "RegexSerDe") || json_serde(&f->tables[i])))
			return &f->tables[i];
	for (i = 0; i < f->ntables; i++)
		if (f->tables[i].serde && strstr(f->tables[i].serde, "Parquet"))
			return &f->tables[i]; /* for the Athena query only */
	return NULL;
}

static unsigned long header_lines(const lp_ddl_table *t)
{
	const lp_ddl_prop *hdr = lp_ddl_tbl_prop(t, "skip.header.line.count");
	char *end;
	unsigned long n;
	if (!hdr || !hdr->value)
		return 0;
	n = strtoul(hdr->value, &end, 10);
	return *end || n > 1000 ? 0 : n;
}

int lp_samples_new(lp_samples **out, const lp_ddl_table *t, lp_diag *d)
{
	if (lp_ddl_columnar(t)) {
		lp_samples *s = lp_calloc(1, sizeof(*s));
		s->columnar = 1;
		s->tail_column = -1;
		s->ncolumns = t->ncolumns;
		*out = s;
		return 0;
	}
	if (json_serde(t)) {
		lp_samples *s = lp_calloc(1, sizeof(*s));
		s->json_cols = t->columns;
		s->json_ncols = t->ncolumns;
		s->json_keys = json_keys(t);
		s->json_records = t->input_format && strstr(t->input_format, "CloudTrailInputFormat") != NULL;
		s->ncolumns = t->ncolumns;
		s->tail_column = -1;
		s->skip_header = header_lines(t);
		*out = s;
		return 0;
	}
	const lp_ddl_prop *re = lp_ddl_serde_prop(t, "input.regex");
	lp_serde_regex_src src;
	lp_samples *s;
	pcre2_code *code = NULL;
	lp_buf tol = LP_BUF_INIT;
	size_t i;
	*out = NULL;
	if (!re) {
		lp_diag_error(d, "LP-ATHENA-REGEX-MISSING", &t->name_span, NULL, "table '%s' has no 'input.regex'", t->name);
		return 0;
	}
	memset(&src, 0, sizeof(src));
	src.span = re->value_span;
	if (lp_serde_regex_java_check(re->value, &src, d) > 0)
		return 0; /* PCRE2 would disagree with Athena: no verdict is better than a wrong one */
	lp_serde_regex_compile(&code, re->value, &src, d);
	if (!code)
		return 0;
	s = lp_calloc(1, sizeof(*s));
	s->code = code;
	s->md = pcre2_match_data_create_from_pattern(code, NULL);
	lp_serde_regex_compile_bytes(&s->bytes, re->value);
	lp_buf_printf(&tol, "(?:%s)(?: .*)?", re->value);
	lp_serde_regex_compile(&s->tolerant, tol.ptr, NULL, NULL);
	if (s->tolerant) {
		s->md_tolerant = pcre2_match_data_create_from_pattern(s->tolerant, NULL);
		lp_serde_regex_compile_bytes(&s->tolerant_bytes, tol.ptr);
	}
	lp_buf_release(&tol);
	s->re = lp_strdup(re->value);
	s->cuts = lp_calloc(LP_SAMPLES_MAX_CUTS, sizeof(*s->cuts));
	s->ncuts = lp_serde_regex_cuts(s->cuts, LP_SAMPLES_MAX_CUTS, s->re);
	s->ncolumns = t->ncolumns;
	s->conv = lp_calloc(t->ncolumns + 1, sizeof(*s->conv));
	for (i = 0; i < t->ncolumns; i++)
		conv_of(&s->conv[i], t->columns[i].type, lp_ddl_serde_prop(t, "timestamp.formats") != NULL);
	s->tail_column = -1;
	s->skip_header = header_lines(t);
	if (s->ncuts && lp_samples_groups(s) == t->ncolumns && lp_serde_regex_tolerant_tail(s->re)) {
		const lp_serde_regex_cut *last = &s->cuts[s->ncuts - 1];
		/* the last item is one group and ends the regex: `(?: (.*))?`, `( .*)?`, `(.*)` */
		if (last->captures == last->first + 1 && last->end == strlen(s->re) && last->captures == t->ncolumns &&
			strstr(s->re + last->start, ".*"))
			s->tail_column = (long)last->first;
	}
	*out = s;
	return 0;
}

long lp_samples_tail_column(const lp_samples *s)
{
	return s->tail_column;
}

void lp_samples_free(lp_samples *s)
{
	if (!s)
		return;
	lp_free((void *)s->json_keys);
	pcre2_match_data_free(s->md);
	pcre2_match_data_free(s->md_tolerant);
	pcre2_code_free(s->code);
	pcre2_code_free(s->bytes);
	pcre2_code_free(s->tolerant);
	pcre2_code_free(s->tolerant_bytes);
	if (s->prefixes) {
		size_t i;
		for (i = 0; i < s->ncuts; i++)
			pcre2_code_free(s->prefixes[i]);
		lp_free(s->prefixes);
	}
	pcre2_match_data_free(s->md_prefix);
	lp_free(s->compiled);
	lp_free(s->cuts);
	lp_free(s->conv);
	lp_free(s->re);
	lp_free(s);
}

unsigned lp_samples_groups(const lp_samples *s)
{
	return s->code ? lp_serde_regex_groups(s->code) : 0;
}

int lp_samples_json(const lp_samples *s)
{
	return s->code == NULL && !s->columnar;
}

int lp_samples_columnar(const lp_samples *s)
{
	return s->columnar;
}

/*
 * Byte mode reads an ASCII line exactly as UTF mode does
 * (lp_serde_regex_bytes_safe), and the ASCII test is much cheaper than UTF
 * mode's per-character decoding. Where byte mode gives up, UTF mode decides,
 * so a resource limit never makes the two differ.
 */
static int match_either(const lp_samples *s, const pcre2_code *utf, const pcre2_code *bytes, const char *line,
	size_t len, pcre2_match_data *md)
{
	if (bytes && !s->utf_only && lp_serde_regex_ascii(line, len)) {
		int rc = lp_serde_regex_match(bytes, line, len, md);
		if (rc != LP_SERDE_GAVE_UP)
			return rc;
	}
	return lp_serde_regex_match(utf, line, len, md);
}

int lp_samples_match(lp_samples *s, const char *line, size_t len)
{
	if (!s->code) {
		if (s->json_records)
			lp_json_record_check_wrapped(&s->json, line, len, "Records", s->json_cols, s->json_ncols);
		else
			lp_json_record_check_keys(&s->json, line, len, s->json_cols, s->json_keys, s->json_ncols);
		return s->json.verdict == LP_JSON_RECORD_OK;
	}
	return match_either(s, s->code, s->bytes, line, len, s->md);
}

int lp_samples__byte_mode(lp_samples *s, int on)
{
	s->utf_only = !on;
	return s->bytes != NULL;
}

void lp_samples__captures(size_t *out, size_t n, const lp_samples *s)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
	uint32_t count = pcre2_get_ovector_count(s->md), i;
	for (i = 0; i < n; i++)
		out[i] = i < 2 * count ? ov[i] : (size_t)-1;
}

/*
 * A JSON line's reading as a verdict: not one object (the OpenX SerDe fails
 * the query on it unless 'ignore.malformed.json' is set, then it is a row of
 * NULLs), values whose JSON type disagrees with their column, keys no
 * column reads.
 */
static void inspect_json(lp_samples *s, lp_samples_line *l)
{
	const lp_json_record *j = &s->json;
	size_t i;
	if (j->verdict != LP_JSON_RECORD_OK) {
		l->stop_off = j->error_off;
		snprintf(l->expected, sizeof(l->expected), "%s", j->verdict == LP_JSON_RECORD_NOT_JSON ?
				"not valid JSON from this byte on" : s->json_records ?
				"not an object whose \"Records\" array holds objects" : "a JSON value that is not an object");
		return;
	}
	for (i = 0; i < j->nmismatches && l->nconv < LP_SAMPLES_MAX_CONV; i++) {
		const lp_json_mismatch *m = &j->mismatches[i];
		lp_samples_conv *c = &s->convs[l->nconv++];
		snprintf(s->json_details[i], sizeof(s->json_details[i]), "%s holds %s, where the column reads %s", m->path,
			m->found, m->want);
		c->column = (unsigned)m->column;
		c->off = m->off;
		c->len = m->len;
		c->json_detail = s->json_details[i];
	}
	l->conv = s->convs;
	if (j->unknown_len) {
		l->appended = 1;
		l->tail_off = j->unknown_off;
		l->tail_len = j->unknown_len;
	}
}

/* Java's String.trim: drops bytes <= ' ' at both ends. */
static void java_trim(const char **v, size_t *n)
{
	while (*n && (unsigned char)**v <= ' ') {
		(*v)++;
		(*n)--;
	}
	while (*n && (unsigned char)(*v)[*n - 1] <= ' ')
		(*n)--;
}

static size_t digits(const char *v, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && v[j] >= '0' && v[j] <= '9')
		j++;
	return j - i;
}

/* Integer.parseInt and relatives: an optional sign, ASCII digits, in range; no spaces. */
static int int_ok(const char *v, size_t n, long long min, long long max)
{
	size_t i = 0;
	int neg = 0;
	unsigned long long x = 0, lim;
	if (i < n && (v[i] == '+' || v[i] == '-'))
		neg = v[i++] == '-';
	if (i == n || digits(v, n, i) != n - i)
		return 0;
	lim = neg ? (unsigned long long)(-(min + 1)) + 1 : (unsigned long long)max;
	for (; i < n; i++) {
		if (x > (lim - (unsigned long long)(v[i] - '0')) / 10)
			return 0;
		x = x * 10 + (unsigned long long)(v[i] - '0');
	}
	return x <= lim;
}

/* [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, from i; returns the end or 0. */
static size_t decimal_end(const char *v, size_t n, size_t i)
{
	size_t d1, d2 = 0;
	if (i < n && (v[i] == '+' || v[i] == '-'))
		i++;
	d1 = digits(v, n, i);
	i += d1;
	if (i < n && v[i] == '.') {
		i++;
		d2 = digits(v, n, i);
		i += d2;
	}
	if (!d1 && !d2)
		return 0;
	if (i < n && (v[i] == 'e' || v[i] == 'E')) {
		size_t e = i + 1;
		if (e < n && (v[e] == '+' || v[e] == '-'))
			e++;
		if (!digits(v, n, e))
			return 0;
		i = e + digits(v, n, e);
	}
	return i;
}

/* Double.parseDouble: trimmed; NaN, Infinity, decimals with an f/d suffix; hexadecimal floats pass. */
static int float_ok(const char *v, size_t n)
{
	size_t i = 0, e;
	java_trim(&v, &n);
	if (i < n && (v[i] == '+' || v[i] == '-'))
		i++;
	if ((n - i == 3 && !memcmp(v + i, "NaN", 3)) || (n - i == 8 && !memcmp(v + i, "Infinity", 8)))
		return 1;
	if (n - i > 2 && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X'))
		return 1; /* rare in logs; never called NULL without parsing it exactly */
	e = decimal_end(v, n, i);
	if (e && e < n && strchr("fFdD", v[e]))
		e++;
	return e && e == n;
}

/* y-M-d with 1-10, 1-2 and 1-2 digits (a leading '-' on the year), at v[i]; returns the end or 0. */
static size_t ymd_end(const char *v, size_t n, size_t i)
{
	size_t d;
	if (i < n && v[i] == '-')
		i++;
	if ((d = digits(v, n, i)) < 1 || d > 10)
		return 0;
	i += d;
	if (i >= n || v[i++] != '-' || (d = digits(v, n, i)) < 1 || d > 2)
		return 0;
	i += d;
	if (i >= n || v[i++] != '-' || (d = digits(v, n, i)) < 1 || d > 2)
		return 0;
	return i + d;
}

static int fixed(const char *v, size_t n, size_t i, size_t want)
{
	return i + want <= n && digits(v, n, i) >= want;
}

static int timestamp_ok(const char *v, size_t n)
{
	size_t i, d;
	java_trim(&v, &n);
	/* y-M-d[ H:m:s[.fffffffff]] */
	i = ymd_end(v, n, 0);
	if (i && i == n)
		return 1;
	if (i && v[i] == ' ') {
		size_t j = i + 1, k;
		for (k = 0; k < 3; k++) {
			d = digits(v, n, j);
			if (d < 1 || d > 2)
				break;
			j += d;
			if (k < 2 && (j >= n || v[j++] != ':'))
				break;
		}
		if (k == 3) {
			if (j < n && v[j] == '.' && (d = digits(v, n, j + 1)) >= 1 && d <= 9)
				j += 1 + d;
			if (j == n)
				return 1;
		}
	}
	/* ISO_LOCAL_DATE_TIME: yyyy-MM-ddTHH:mm[:ss[.f{0,9}]], T in either case, no zone */
	if (!fixed(v, n, 0, 4))
		return 0;
	i = digits(v, n, 0);
	if (i >= n || v[i] != '-' || !fixed(v, n, i + 1, 2) || v[i + 3] != '-' || !fixed(v, n, i + 4, 2) ||
		i + 6 >= n || (v[i + 6] != 'T' && v[i + 6] != 't') || !fixed(v, n, i + 7, 2) || i + 9 >= n ||
		v[i + 9] != ':' || !fixed(v, n, i + 10, 2))
		return 0;
	i += 12;
	if (i == n)
		return 1;
	if (v[i] != ':' || !fixed(v, n, i + 1, 2))
		return 0;
	i += 3;
	if (i < n && v[i] == '.')
		i += 1 + digits(v, n, i + 1);
	return i == n;
}

static int conv_ok(const conv_col *c, const char *v, size_t n)
{
	size_t e;
	switch (c->kind) {
	case CONV_NONE:
		return 1;
	case CONV_INT:
		return int_ok(v, n, c->min, c->max);
	case CONV_FLOAT:
		return float_ok(v, n);
	case CONV_DECIMAL:
		e = decimal_end(v, n, 0);
		return e && e == n;
	case CONV_DATE: {
		const char *sp;
		java_trim(&v, &n);
		sp = memchr(v, ' ', n);
		if (sp)
			n = (size_t)(sp - v);
		e = ymd_end(v, n, 0);
		return e && e == n;
	}
	case CONV_TIMESTAMP:
		return timestamp_ok(v, n);
	}
	return 1;
}

/* What a regex item reads, in words, from its first capture group. */
static void describe(char *out, size_t size, const char *re, const lp_serde_regex_cut *cut)
{
	static const struct {
		const char *group, *what, *quoted;
	} known[] = {
		{ "([^\"]*)", "a value without '\"'", "a quoted value" },
		{ "([^ ]*)", "a value without spaces", "a quoted value without spaces" },
		{ "([^ ]+)", "a value without spaces", "a quoted value without spaces" },
		{ "([^\\s]*)", "a value without spaces", "a quoted value without spaces" },
		{ "([^\\s]+)", "a value without spaces", "a quoted value without spaces" },
		{ "([^\\s]+?)", "a value without spaces", "a quoted value without spaces" },
		{ "([0-9]*)", "digits", "quoted digits" },
		{ "([-0-9]*)", "an integer or '-'", "a quoted integer or '-'" },
		{ "([0-9]+)", "digits", "quoted digits" },
		{ "([-0-9]+)", "an integer or '-'", "a quoted integer or '-'" },
		{ "([-.0-9]*)", "a number or '-'", "a quoted number or '-'" },
		{ "(.*)", "any text", "any quoted text" },
	};
	const char *g = re + cut->start, *end = re + cut->end, *open;
	size_t i, glen;
	/* the first capture group in the item */
	for (open = g; open < end; open++)
		if (*open == '(' && open[1] != '?')
			break;
	if (open < end) {
		int quoted = open > re && open[-1] == '"';
		const char *close = strchr(open, ')');
		glen = close ? (size_t)(close - open) + 1 : 0;
		for (i = 0; glen && i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i].group) == glen && !memcmp(known[i].group, open, glen)) {
				snprintf(out, size, "%s", quoted ? known[i].quoted : known[i].what);
				return;
			}
	}
	snprintf(out, size, "text matching %.*s", (int)(cut->end - cut->start > 60 ? 60 : cut->end - cut->start),
		re + cut->start);
}

/*
 * Prefix `k`, compiled the first time a search needs it. A hostile table
 * could make every prefix huge; past LP_SAMPLES_PREFIX_BUDGET bytes of
 * prefixes compiled, lines get no position rather than unbounded work.
 */
static pcre2_code *prefix(lp_samples *s, size_t k)
{
	if (!s->compiled[k]) {
		s->compiled[k] = 1;
		if (s->prefix_bytes + s->cuts[k].end > LP_SAMPLES_PREFIX_BUDGET)
			return NULL;
		s->prefix_bytes += s->cuts[k].end;
		lp_serde_regex_compile_prefix(&s->prefixes[k], s->re, &s->cuts[k]);
	}
	return s->prefixes[k];
}

/*
 * Where a failing line stops matching: the longest run of per-column regex
 * items that matches a prefix of the line. Each prefix is compiled once, on
 * first use; matching is monotone (a prefix that matches
 * implies every shorter one does), so a binary search finds it.
 */
static void diagnose(lp_samples *s, lp_samples_line *l)
{
	size_t lo = 0, hi, mid;
	PCRE2_SIZE end = 0;
	l->stop_column = -1;
	if (!s->ncuts)
		return;
	if (!s->prefixes_ready) {
		s->prefixes = lp_calloc(s->ncuts, sizeof(*s->prefixes));
		s->compiled = lp_calloc(s->ncuts, 1);
		s->md_prefix = pcre2_match_data_create(1, NULL);
		s->prefixes_ready = 1;
	}
	/* invariant: items [0, lo) match; items [hi, ncuts) are not known to */
	hi = s->ncuts;
	while (lo < hi) {
		int rc;
		mid = lo + (hi - lo) / 2;
		if (!prefix(s, mid))
			return;
		rc = pcre2_match(s->prefixes[mid], (PCRE2_SPTR)l->text, l->len, 0, 0, s->md_prefix, NULL);
		if (rc >= 0)
			lo = mid + 1;
		else if (rc == PCRE2_ERROR_NOMATCH)
			hi = mid;
		else
			return; /* a resource limit: no position is better than a wrong one */
	}
	if (lo > 0) {
		if (pcre2_match(s->prefixes[lo - 1], (PCRE2_SPTR)l->text, l->len, 0, 0, s->md_prefix, NULL) < 0)
			return;
		end = pcre2_get_ovector_pointer(s->md_prefix)[1];
	}
	l->stop_off = end;
	if (lo == s->ncuts) {
		l->stop_column = (long)s->ncolumns; /* every column matched; the line goes on */
		return;
	}
	l->stop_column = (long)s->cuts[lo].first;
	describe(l->expected, sizeof(l->expected), s->re, &s->cuts[lo]);
}

void lp_samples_explain(lp_samples_line *l)
{
	if (l->explained || l->verdict != LP_SAMPLES_NOMATCH || !l->samples->code)
		return;
	l->explained = 1;
	diagnose(l->samples, l);
}

/* Values of a matched line its columns' types turn into NULL, and the tail column's text. */
static void inspect_match(lp_samples *s, lp_samples_line *l)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
	unsigned groups = lp_samples_groups(s);
	size_t i;
	l->nconv = 0;
	l->conv = s->convs;
	for (i = 0; i < s->ncolumns && i < groups; i++) {
		PCRE2_SIZE a = ov[2 * (i + 1)], b = ov[2 * (i + 1) + 1];
		if (a == PCRE2_UNSET)
			continue; /* an unset group is NULL by design, not by conversion */
		if ((long)i == s->tail_column) {
			if (b > a) {
				l->appended = 1;
				l->tail_off = a;
				l->tail_len = b - a;
			}
			continue;
		}
		if (!conv_ok(&s->conv[i], l->text + a, b - a) && l->nconv < LP_SAMPLES_MAX_CONV) {
			s->convs[l->nconv].column = (unsigned)i;
			s->convs[l->nconv].off = a;
			s->convs[l->nconv].len = b - a;
			l->nconv++;
		}
	}
}

int lp_samples_run_file(lp_samples_result *res, lp_samples *s, const char *path, lp_samples_line_fn fn,
	void *payload)
{
	lp_line_reader *r;
	size_t lineno = 0;
	int rc = 0;
	if (lp_line_reader_open(&r, path, LP_SAMPLES_MAX_LINE) < 0)
		return -1;
	for (;;) {
		int m;
		lp_line_row row;
		lp_samples_line l;
		if ((rc = lp_line_reader_next(&row, r)) <= 0)
			break;
		if (lineno++ < s->skip_header)
			continue; /* Athena skips it: not a row */
		res->lines++;
		memset(&l, 0, sizeof(l));
		l.samples = s;
		l.file = path;
		l.lineno = lineno;
		l.text = row.text;
		l.len = row.len;
		l.cr = row.cr;
		l.stop_column = -1;
		res->cr_split += row.cr != 0;
		if (row.too_long) {
			res->failed++;
			res->too_long++;
			l.verdict = LP_SAMPLES_TOO_LONG;
		} else if (!s->code) {
			m = lp_samples_match(s, row.text, row.len);
			l.verdict = m ? LP_SAMPLES_MATCH : LP_SAMPLES_NOMATCH;
			res->matched += m != 0;
			res->failed += m == 0;
			inspect_json(s, &l);
			res->appended += l.appended != 0;
			res->converted += l.nconv != 0;
		} else if ((m = lp_samples_match(s, row.text, row.len)) < 0) {
			rc = -1;
			break;
		} else if (m == 1) {
			res->matched++;
			l.verdict = LP_SAMPLES_MATCH;
			inspect_match(s, &l);
			res->appended += l.appended != 0;
			res->converted += l.nconv != 0;
		} else if (m == LP_SERDE_GAVE_UP) {
			res->failed++;
			res->gave_up++;
			l.verdict = LP_SAMPLES_GAVE_UP;
		} else {
			res->failed++;
			l.verdict = LP_SAMPLES_NOMATCH;
			l.extended = s->tolerant &&
				match_either(s, s->tolerant, s->tolerant_bytes, row.text, row.len, s->md_tolerant) == 1;
			res->extended += l.extended != 0;
		}
		if (fn && (l.verdict != LP_SAMPLES_MATCH || l.appended || l.nconv || l.cr))
			fn(&l, payload);
		/* A few such lines say something about the line; many say the regex is unusable. */
		if (l.verdict == LP_SAMPLES_GAVE_UP && res->gave_up >= LP_SAMPLES_MAX_GAVE_UP) {
			lp_error_set(LP_ERROR_INVALID,
				"the table's regex backtracked past PCRE2's limits on %zu lines; stopped at %s:%zu "
				"(rewrite nested quantifiers such as (\\w+\\s?)*)", res->gave_up, path, lineno);
			rc = -1;
			break;
		}
	}
	lp_line_reader_free(r);
	return rc;
}
