#include "edit.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

void lp_edit_doc_init(lp_edit_doc *d, const char *text, size_t len)
{
	size_t i = 0, nl;
	unsigned best = 0;
	memset(d, 0, sizeof(*d));
	d->text = text;
	d->len = len;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	d->json = i < len && (text[i] == '{' || text[i] == '[');
	nl = 0;
	while (nl < len && text[nl] != '\n')
		nl++;
	d->eol = nl < len && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
	/* the step: the smallest non-zero indentation of a line that holds something */
	for (i = 0; i < len; i++) {
		unsigned n = 0;
		if (i && text[i - 1] != '\n')
			continue;
		while (i + n < len && text[i + n] == ' ')
			n++;
		if (n && i + n < len && text[i + n] != '\n' && text[i + n] != '\r' && text[i + n] != '#' &&
		    (!best || n < best))
			best = n;
	}
	d->unit = best ? best : 2;
}

/* ---- writing values ------------------------------------------------------ */

static int is_intrinsic_obj(const cJSON *v, const char **fn)
{
	const cJSON *c = v && cJSON_IsObject(v) ? v->child : NULL;
	if (!c || c->next)
		return 0;
	if (!strcmp(c->string, "Ref") || !strncmp(c->string, "Fn::", 4)) {
		*fn = c->string;
		return 1;
	}
	return 0;
}

/* A string YAML reads back as the same string when written plain. */
static int plain_ok(const char *s, int flow)
{
	size_t i, n = strlen(s);
	static const char *const words[] = { "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", NULL };
	if (!n || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return 0;
	for (i = 0; words[i]; i++)
		if (!strcasecmp(s, words[i]))
			return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == ':' && (i + 1 == n || s[i + 1] == ' '))
			return 0;
		if (c == '#' && i && s[i - 1] == ' ')
			return 0;
		if (flow && strchr(",[]{}", c))
			return 0;
	}
	/* dates (2012-10-17) and times are timestamps to YAML 1.1 readers */
	if (n >= 8 && s[0] >= '0' && s[0] <= '9' && strspn(s, "0123456789-:.TZ +") == n && strchr(s, '-'))
		return 0;
	/* numbers stay strings */
	{
		const char *p = s + (s[0] == '-' || s[0] == '+');
		int digits = 0, other = 0;
		for (; *p; p++) {
			if (*p >= '0' && *p <= '9')
				digits++;
			else if (!strchr(".eExXoO_", *p))
				other = 1;
		}
		if (digits && !other)
			return 0;
	}
	return 1;
}

static void put_yaml_string(lp_buf *out, const char *s, int flow)
{
	if (plain_ok(s, flow)) {
		lp_buf_puts(out, s);
		return;
	}
	lp_buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			lp_buf_putc(out, '\'');
		lp_buf_putc(out, *s);
	}
	lp_buf_putc(out, '\'');
}

static void put_number(lp_buf *out, const cJSON *v)
{
	double x = v->valuedouble;
	if (x == (double)(long long)x)
		lp_buf_printf(out, "%lld", (long long)x);
	else
		lp_buf_printf(out, "%.17g", x);
}

static void put_json_scalar(lp_buf *out, const cJSON *v)
{
	char *s;
	if (cJSON_IsNumber(v)) {
		put_number(out, v);
		return;
	}
	s = cJSON_PrintUnformatted(v);
	lp_buf_puts(out, s);
	cJSON_free(s);
}

static int yaml_scalar(lp_buf *out, const cJSON *v, int flow)
{
	if (cJSON_IsString(v))
		put_yaml_string(out, v->valuestring, flow);
	else if (cJSON_IsNumber(v))
		put_number(out, v);
	else if (cJSON_IsBool(v))
		lp_buf_puts(out, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		lp_buf_puts(out, "null");
	else
		return 0;
	return 1;
}

/* !Ref X, !GetAtt A.B, !Sub 'S', !Join [...]: the short forms. */
static int yaml_intrinsic(lp_buf *out, const cJSON *v, int flow);

static void yaml_flow(lp_buf *out, const cJSON *v)
{
	const cJSON *c;
	if (yaml_scalar(out, v, 1) || yaml_intrinsic(out, v, 1))
		return;
	lp_buf_putc(out, cJSON_IsArray(v) ? '[' : '{');
	for (c = v->child; c; c = c->next) {
		if (c != v->child)
			lp_buf_puts(out, ", ");
		if (cJSON_IsObject(v)) {
			put_yaml_string(out, c->string, 1);
			lp_buf_puts(out, ": ");
		}
		yaml_flow(out, c);
	}
	lp_buf_putc(out, cJSON_IsArray(v) ? ']' : '}');
}

static int yaml_intrinsic(lp_buf *out, const cJSON *v, int flow)
{
	const char *fn;
	const cJSON *arg;
	if (!is_intrinsic_obj(v, &fn))
		return 0;
	arg = v->child;
	lp_buf_printf(out, "!%s ", !strcmp(fn, "Ref") ? "Ref" : fn + 4);
	if (!strcmp(fn, "Fn::GetAtt") && cJSON_IsArray(arg) && cJSON_GetArraySize(arg) == 2 &&
	    cJSON_IsString(arg->child) && cJSON_IsString(arg->child->next))
		lp_buf_printf(out, "%s.%s", arg->child->valuestring, arg->child->next->valuestring);
	else if (cJSON_IsString(arg))
		put_yaml_string(out, arg->valuestring, flow);
	else
		yaml_flow(out, arg);
	return 1;
}

static void indent_to(lp_buf *out, unsigned n) { lp_buf_putcn(out, ' ', n); }

/*
 * Block YAML for `v` as the value after "key:" (or "- ") at indentation
 * `ind` (the column of the key). Scalars stay on the line; collections start
 * on the next one.
 */
static void yaml_block_value(lp_buf *out, const lp_edit_doc *d, const cJSON *v, unsigned ind);

static void yaml_block_entries(lp_buf *out, const lp_edit_doc *d, const cJSON *v, unsigned ind, int first_inline)
{
	const cJSON *c;
	for (c = v->child; c; c = c->next) {
		if (!(first_inline && c == v->child)) {
			lp_buf_puts(out, d->eol);
			indent_to(out, ind);
		}
		if (cJSON_IsObject(v)) {
			put_yaml_string(out, c->string, 0);
			lp_buf_putc(out, ':');
			yaml_block_value(out, d, c, ind);
		} else {
			lp_buf_puts(out, "- ");
			if (cJSON_IsObject(c) && c->child && !is_intrinsic_obj(c, &(const char *){ NULL }))
				yaml_block_entries(out, d, c, ind + 2, 1);
			else if (cJSON_IsArray(c) && c->child)
				yaml_flow(out, c);
			else
				yaml_block_value(out, d, c, ind + 2), (void)0;
		}
	}
}

static void yaml_block_value(lp_buf *out, const lp_edit_doc *d, const cJSON *v, unsigned ind)
{
	lp_buf tmp = LP_BUF_INIT;
	const char *fn;
	if (yaml_scalar(&tmp, v, 0) || is_intrinsic_obj(v, &fn) || !v->child) {
		lp_buf_clear(&tmp);
		if (!yaml_scalar(&tmp, v, 0) && !yaml_intrinsic(&tmp, v, 0))
			yaml_flow(&tmp, v); /* {} or [] */
		/* after "- " the value follows directly; after "key:" a space comes first */
		if (out->size && out->ptr[out->size - 1] == ':')
			lp_buf_putc(out, ' ');
		lp_buf_put(out, tmp.ptr, tmp.size);
		lp_buf_release(&tmp);
		return;
	}
	lp_buf_release(&tmp);
	/* block sequences under a key sit at the key's column (as CloudFormation templates write them) +unit */
	yaml_block_entries(out, d, v, ind + d->unit, 0);
}

static void json_value(lp_buf *out, const lp_edit_doc *d, const cJSON *v, unsigned ind, int pretty)
{
	const cJSON *c;
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
		put_json_scalar(out, v);
		return;
	}
	lp_buf_putc(out, cJSON_IsArray(v) ? '[' : '{');
	for (c = v->child; c; c = c->next) {
		if (c != v->child)
			lp_buf_putc(out, ',');
		if (pretty) {
			lp_buf_puts(out, d->eol);
			indent_to(out, ind + d->unit);
		} else if (c != v->child) {
			lp_buf_putc(out, ' ');
		}
		if (cJSON_IsObject(v)) {
			char *k = cJSON_PrintUnformatted(&(cJSON){ .type = cJSON_String, .valuestring = c->string });
			lp_buf_printf(out, "%s: ", k);
			cJSON_free(k);
		}
		json_value(out, d, c, ind + d->unit, pretty);
	}
	if (pretty && v->child) {
		lp_buf_puts(out, d->eol);
		indent_to(out, ind);
	}
	lp_buf_putc(out, cJSON_IsArray(v) ? ']' : '}');
}

void lp_edit_render(lp_buf *out, const lp_edit_doc *d, const cJSON *value, unsigned indent)
{
	if (d->json)
		json_value(out, d, value, indent, 1);
	else if (cJSON_IsObject(value) && value->child && !is_intrinsic_obj(value, &(const char *){ NULL }))
		yaml_block_entries(out, d, value, indent, 1);
	else
		yaml_block_value(out, d, value, indent);
}

/* ---- where things are ------------------------------------------------------ */

static size_t line_start(const lp_edit_doc *d, size_t off)
{
	while (off > 0 && d->text[off - 1] != '\n')
		off--;
	return off;
}

/* After the line break that ends the line holding `off` (or the end of the text). */
static size_t next_line(const lp_edit_doc *d, size_t off)
{
	if (off > 0 && d->text[off - 1] == '\n')
		return off;
	while (off < d->len && d->text[off] != '\n')
		off++;
	return off < d->len ? off + 1 : d->len;
}

static unsigned col_of(const lp_edit_doc *d, size_t off) { return (unsigned)(off - line_start(d, off)); }

/* Spaces at the start of the line holding `off`. */
static unsigned indent_of_line(const lp_edit_doc *d, size_t off)
{
	size_t s = line_start(d, off), i = s;
	while (i < d->len && d->text[i] == ' ')
		i++;
	return (unsigned)(i - s);
}

static int multiline(const lp_edit_doc *d, const lp_node *n) { return memchr(d->text + n->start, '\n', n->end - n->start) != NULL; }

static int in_the_way(const lp_node *n, const char **why)
{
	if (n->anchor) {
		*why = "an anchor or alias is in the way";
		return 1;
	}
	if (n->tag && n->tag[0] == '!' && n->tag[1] != '!' && strncmp(n->tag, "tag:", 4) != 0) {
		*why = !strcmp(n->tag, "!If") ? "the value comes from !If" : "the value is an intrinsic function";
		return 1;
	}
	if (n->kind == LP_NODE_MAP && n->n == 1 &&
	    (!strcmp(n->pairs[0].key->str, "Ref") || !strncmp(n->pairs[0].key->str, "Fn::", 4))) {
		*why = !strcmp(n->pairs[0].key->str, "Fn::If") ? "the value comes from Fn::If" : "the value is an intrinsic function";
		return 1;
	}
	return 0;
}

/* The key spelled like its siblings: "logDriver" beside "Name" becomes "LogDriver". */
static void spell_key(lp_buf *out, const lp_node *map, const char *key)
{
	int upper = -1;
	size_t i;
	for (i = 0; map && map->kind == LP_NODE_MAP && i < map->n; i++) {
		const char *k = map->pairs[i].key->str;
		if (strchr(k, '-') || strchr(k, ':'))
			continue;
		if (k[0] >= 'A' && k[0] <= 'Z')
			upper = 1;
		else if (k[0] >= 'a' && k[0] <= 'z')
			upper = 0;
		break;
	}
	lp_buf_puts(out, key);
	if (upper < 0 || strchr(key, '-') || strchr(key, ':') || !out->size)
		return;
	{
		char *c = out->ptr + out->size - strlen(key);
		if (upper && *c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
		else if (!upper && *c >= 'A' && *c <= 'Z' && !(c[1] >= 'A' && c[1] <= 'Z'))
			*c = (char)(*c - 'A' + 'a');
	}
}

/* Renames the keys of new objects inside `v` like the keys of `map`, recursively (borrowed `map`). */
static cJSON *respell(const cJSON *v, const lp_node *like)
{
	cJSON *copy = cJSON_Duplicate(v, 1), *c;
	const char *fn;
	if (!cJSON_IsObject(copy) || is_intrinsic_obj(copy, &fn))
		return copy;
	for (c = copy->child; c; c = c->next) {
		lp_buf k = LP_BUF_INIT;
		spell_key(&k, like, c->string);
		if (strcmp(k.ptr, c->string)) {
			cJSON_free(c->string);
			c->string = (char *)cJSON_malloc(k.size + 1);
			memcpy(c->string, k.ptr, k.size + 1);
		}
		lp_buf_release(&k);
		if (cJSON_IsObject(c)) {
			cJSON *r = respell(c, like);
			/* swap children in place */
			cJSON *tmpchild = c->child;
			c->child = r->child;
			r->child = tmpchild;
			cJSON_Delete(r);
		}
	}
	return copy;
}

/* ---- edits ---------------------------------------------------------------- */

/* How far the block maps under `map` indent their keys past its own, else the file's step. */
static unsigned block_step(const lp_edit_doc *d, const lp_node *map)
{
	size_t i;
	unsigned kc = col_of(d, map->pairs[0].key->start);
	for (i = 0; i < map->n; i++) {
		const lp_node *v = map->pairs[i].value;
		if (v->kind == LP_NODE_MAP && !v->flow && v->n) {
			unsigned vc = col_of(d, v->pairs[0].key->start);
			if (vc > kc)
				return vc - kc;
		}
	}
	return d->unit;
}

static void put_key(lp_buf *out, const lp_edit_doc *d, const char *key)
{
	if (d->json) {
		char *k = cJSON_PrintUnformatted(&(cJSON){ .type = cJSON_String, .valuestring = (char *)key });
		lp_buf_puts(out, k);
		cJSON_free(k);
	} else {
		put_yaml_string(out, key, 0);
	}
}

int lp_edit_insert(lp_edits *out, const lp_edit_doc *d, const lp_node *map, const char *key, const cJSON *value,
	const char *before, const char **why)
{
	lp_buf t = LP_BUF_INIT, k = LP_BUF_INIT;
	const char *dummy;
	cJSON *v;
	const lp_pair *at = before ? lp_node_pair(map, before) : NULL;
	if (!why)
		why = &dummy;
	if (!map || map->kind != LP_NODE_MAP) {
		*why = "the place to insert is not a mapping";
		return LP_EDIT_REFUSED;
	}
	if (in_the_way(map, why))
		return LP_EDIT_REFUSED;
	spell_key(&k, map, key);
	v = respell(value, map);
	if (map->flow && (!d->json || !multiline(d, map))) {
		/* {a: 1} -> {a: 1, Key: v}; {} -> {Key: v} */
		size_t pos = map->n ? map->pairs[map->n - 1].value->end : map->start + 1;
		if (map->n)
			lp_buf_puts(&t, ", ");
		put_key(&t, d, k.ptr);
		lp_buf_puts(&t, ": ");
		if (d->json)
			json_value(&t, d, v, 0, 0);
		else
			yaml_flow(&t, v);
		lp_edits_add(out, pos, pos, t.ptr, t.size);
	} else if (map->flow) {
		/* a JSON object over several lines: a new member line at the members' indentation */
		unsigned ind = map->n ? indent_of_line(d, map->pairs[map->n - 1].key->start)
				      : indent_of_line(d, map->start) + d->unit;
		size_t pos = map->n ? map->pairs[map->n - 1].value->end : map->start + 1;
		if (map->n)
			lp_buf_putc(&t, ',');
		lp_buf_puts(&t, d->eol);
		indent_to(&t, ind);
		put_key(&t, d, k.ptr);
		lp_buf_puts(&t, ": ");
		json_value(&t, d, v, ind, 1);
		if (!map->n) {
			lp_buf_puts(&t, d->eol);
			indent_to(&t, indent_of_line(d, map->start));
		}
		lp_edits_add(out, pos, pos, t.ptr, t.size);
	} else {
		unsigned ind = col_of(d, map->pairs[0].key->start);
		lp_edit_doc local = *d;
		size_t pos;
		/* nest the new value as this map nests its own (a file may mix steps, or indent block text by another) */
		local.unit = block_step(d, map);
		d = &local;
		if (at) {
			pos = line_start(d, at->key->start);
			/* stay above the comments that belong to the key we insert before */
			while (pos > 0) {
				size_t prev = line_start(d, pos - 1), i = prev;
				while (i < pos && (d->text[i] == ' ' || d->text[i] == '\t'))
					i++;
				if (i >= pos || d->text[i] != '#')
					break;
				pos = prev;
			}
		} else {
			pos = next_line(d, map->pairs[map->n - 1].value->end);
		}
		if (pos == d->len && d->len && d->text[d->len - 1] != '\n')
			lp_buf_puts(&t, d->eol); /* the file has no final newline: keep it that way */
		indent_to(&t, ind);
		put_yaml_string(&t, k.ptr, 0);
		lp_buf_putc(&t, ':');
		yaml_block_value(&t, d, v, ind);
		if (!(pos == d->len && d->len && d->text[d->len - 1] != '\n'))
			lp_buf_puts(&t, d->eol);
		lp_edits_add(out, pos, pos, t.ptr, t.size);
	}
	cJSON_Delete(v);
	lp_buf_release(&t);
	lp_buf_release(&k);
	return 0;
}

int lp_edit_append(lp_edits *out, const lp_edit_doc *d, const lp_node *seq, const cJSON *value, const char **why)
{
	lp_buf t = LP_BUF_INIT;
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!seq || seq->kind != LP_NODE_SEQ) {
		*why = "the place to append is not a list";
		return LP_EDIT_REFUSED;
	}
	if (in_the_way(seq, why))
		return LP_EDIT_REFUSED;
	if (seq->flow && (!d->json || !multiline(d, seq))) {
		size_t pos = seq->n ? seq->items[seq->n - 1]->end : seq->start + 1;
		if (seq->n)
			lp_buf_puts(&t, ", ");
		if (d->json)
			json_value(&t, d, value, 0, 0);
		else
			yaml_flow(&t, value);
		lp_edits_add(out, pos, pos, t.ptr, t.size);
	} else if (seq->flow) {
		unsigned ind = seq->n ? indent_of_line(d, seq->items[seq->n - 1]->start)
				      : indent_of_line(d, seq->start) + d->unit;
		size_t pos = seq->n ? seq->items[seq->n - 1]->end : seq->start + 1;
		if (seq->n)
			lp_buf_putc(&t, ',');
		lp_buf_puts(&t, d->eol);
		indent_to(&t, ind);
		json_value(&t, d, value, ind, 1);
		lp_edits_add(out, pos, pos, t.ptr, t.size);
	} else {
		unsigned ind = col_of(d, seq->start);
		size_t pos = next_line(d, seq->items[seq->n - 1]->end);
		int nofinal = pos == d->len && d->len && d->text[d->len - 1] != '\n';
		cJSON wrap;
		memset(&wrap, 0, sizeof(wrap));
		wrap.type = cJSON_Array;
		wrap.child = (cJSON *)value;
		if (nofinal)
			lp_buf_puts(&t, d->eol);
		indent_to(&t, ind);
		{
			/* one-item list rendered at the dash's column, without its leading line break */
			cJSON *one = cJSON_Duplicate(value, 1);
			cJSON *arr = cJSON_CreateArray();
			cJSON_AddItemToArray(arr, one);
			yaml_block_entries(&t, d, arr, ind, 1);
			cJSON_Delete(arr);
		}
		if (!nofinal)
			lp_buf_puts(&t, d->eol);
		lp_edits_add(out, pos, pos, t.ptr, t.size);
		(void)wrap;
	}
	lp_buf_release(&t);
	return 0;
}

int lp_edit_replace(lp_edits *out, const lp_edit_doc *d, const lp_node *node, const cJSON *value, const char **why)
{
	lp_buf t = LP_BUF_INIT;
	const char *dummy;
	if (!why)
		why = &dummy;
	if (in_the_way(node, why))
		return LP_EDIT_REFUSED;
	if (node->kind != LP_NODE_SCALAR || node->style == LP_STYLE_LITERAL || node->style == LP_STYLE_FOLDED) {
		if (d->json || node->flow || (cJSON_IsObject(value) || cJSON_IsArray(value))) {
			if (!d->json && !node->flow) {
				*why = "a block collection cannot be replaced in place";
				return LP_EDIT_REFUSED;
			}
		}
	}
	if (d->json) {
		json_value(&t, d, value, indent_of_line(d, node->start), multiline(d, node));
	} else if (cJSON_IsString(value) && node->style == LP_STYLE_DOUBLE) {
		char *s = cJSON_PrintUnformatted(value);
		lp_buf_puts(&t, s);
		cJSON_free(s);
	} else if (cJSON_IsString(value) && node->style == LP_STYLE_SINGLE) {
		const char *s;
		lp_buf_putc(&t, '\'');
		for (s = value->valuestring; *s; s++) {
			if (*s == '\'')
				lp_buf_putc(&t, '\'');
			lp_buf_putc(&t, *s);
		}
		lp_buf_putc(&t, '\'');
	} else {
		yaml_flow(&t, value);
	}
	lp_edits_add(out, node->start, node->end, t.ptr, t.size);
	lp_buf_release(&t);
	return 0;
}

static const lp_pair *pair_ci(const lp_node *map, const char *key)
{
	size_t i;
	for (i = 0; map && map->kind == LP_NODE_MAP && i < map->n; i++)
		if (!strcasecmp(map->pairs[i].key->str, key))
			return &map->pairs[i];
	return NULL;
}

int lp_edit_set(lp_edits *out, const lp_edit_doc *d, const lp_node *map, const char *path, const cJSON *value,
	const char **why)
{
	const char *p = path, *dummy;
	lp_buf seg = LP_BUF_INIT;
	int error = 0;
	if (!why)
		why = &dummy;
	for (;;) {
		const char *dot = strchr(p, '.');
		const lp_pair *pr;
		lp_buf_clear(&seg);
		lp_buf_put(&seg, p, dot ? (size_t)(dot - p) : strlen(p));
		if (!map || map->kind != LP_NODE_MAP) {
			*why = "the path crosses something that is not a mapping";
			error = LP_EDIT_REFUSED;
			break;
		}
		if (in_the_way(map, why)) {
			error = LP_EDIT_REFUSED;
			break;
		}
		pr = pair_ci(map, seg.ptr);
		if (!pr) {
			/* insert the rest of the path as nested maps */
			cJSON *nested = cJSON_Duplicate(value, 1);
			const char *rest = dot ? dot + 1 : NULL;
			if (rest) {
				/* build from the innermost key outwards */
				lp_buf keys = LP_BUF_INIT;
				char *s, *e;
				lp_buf_puts(&keys, rest);
				while ((e = strrchr(keys.ptr, '.')) != NULL || keys.size) {
					cJSON *o = cJSON_CreateObject();
					s = e ? e + 1 : keys.ptr;
					cJSON_AddItemToObject(o, s, nested);
					nested = o;
					if (!e)
						break;
					lp_buf_truncate(&keys, (size_t)(e - keys.ptr));
				}
				lp_buf_release(&keys);
			}
			error = lp_edit_insert(out, d, map, seg.ptr, nested, NULL, why);
			cJSON_Delete(nested);
			break;
		}
		if (!dot) {
			error = lp_edit_replace(out, d, pr->value, value, why);
			break;
		}
		map = pr->value;
		p = dot + 1;
	}
	lp_buf_release(&seg);
	return error;
}

cJSON *lp_edit_json_of(const lp_node *n)
{
	cJSON *v;
	size_t i;
	if (!n)
		return cJSON_CreateNull();
	if (n->tag && n->tag[0] == '!' && n->tag[1] != '!') {
		cJSON *o = cJSON_CreateObject();
		lp_node plain = *n;
		lp_buf fn = LP_BUF_INIT;
		plain.tag = NULL;
		lp_buf_printf(&fn, "%s%s", !strcmp(n->tag, "!Ref") ? "" : "Fn::", n->tag + 1);
		if (!strcmp(n->tag, "!GetAtt") && n->kind == LP_NODE_SCALAR && strchr(n->str, '.')) {
			const char *dot = strchr(n->str, '.');
			cJSON *a = cJSON_CreateArray();
			char *id = lp_malloc((size_t)(dot - n->str) + 1);
			memcpy(id, n->str, (size_t)(dot - n->str));
			id[dot - n->str] = '\0';
			cJSON_AddItemToArray(a, cJSON_CreateString(id));
			cJSON_AddItemToArray(a, cJSON_CreateString(dot + 1));
			lp_free(id);
			cJSON_AddItemToObject(o, fn.ptr, a);
		} else {
			cJSON_AddItemToObject(o, fn.ptr, lp_edit_json_of(&plain));
		}
		lp_buf_release(&fn);
		return o;
	}
	switch (n->kind) {
	case LP_NODE_SCALAR: {
		int64_t iv;
		double dv;
		int bv;
		if (n->stype == LP_SCALAR_INT && lp_node_int(&iv, n) == 0)
			return cJSON_CreateNumber((double)iv);
		if (n->stype == LP_SCALAR_FLOAT && lp_node_double(&dv, n) == 0)
			return cJSON_CreateNumber(dv);
		if (n->stype == LP_SCALAR_BOOL && lp_node_bool(&bv, n) == 0)
			return cJSON_CreateBool(bv);
		if (n->stype == LP_SCALAR_NULL)
			return cJSON_CreateNull();
		return cJSON_CreateString(n->str);
	}
	case LP_NODE_SEQ:
		v = cJSON_CreateArray();
		for (i = 0; i < n->n; i++)
			cJSON_AddItemToArray(v, lp_edit_json_of(n->items[i]));
		return v;
	default:
		v = cJSON_CreateObject();
		for (i = 0; i < n->n; i++)
			cJSON_AddItemToObject(v, n->pairs[i].key->str, lp_edit_json_of(n->pairs[i].value));
		return v;
	}
}
