#include "render_yaml.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "util/error.h"

/* ---- building ------------------------------------------------------------ */

static lp_node *node(lp_arena *a, lp_node_kind kind)
{
	lp_node *n = lp_arena_alloc(a, sizeof(*n));
	n->kind = kind;
	return n;
}

lp_node *lp_render_yaml_map(lp_arena *a)
{
	return node(a, LP_NODE_MAP);
}

lp_node *lp_render_yaml_seq(lp_arena *a)
{
	return node(a, LP_NODE_SEQ);
}

static lp_node *scalar(lp_arena *a, const char *s, lp_scalar_type t)
{
	lp_node *n = node(a, LP_NODE_SCALAR);
	n->str = lp_arena_strdup(a, s);
	n->len = strlen(s);
	n->stype = t;
	return n;
}

lp_node *lp_render_yaml_str(lp_arena *a, const char *s)
{
	return scalar(a, s, LP_SCALAR_STR);
}

lp_node *lp_render_yaml_tagged(lp_arena *a, const char *tag, const char *s)
{
	lp_node *n = scalar(a, s, LP_SCALAR_STR);
	n->tag = lp_arena_strdup(a, tag);
	return n;
}

lp_node *lp_render_yaml_int(lp_arena *a, int64_t v)
{
	return scalar(a, lp_arena_printf(a, "%lld", (long long)v), LP_SCALAR_INT);
}

lp_node *lp_render_yaml_bool(lp_arena *a, int v)
{
	return scalar(a, v ? "true" : "false", LP_SCALAR_BOOL);
}

/*
 * Arena memory cannot be resized, so arrays grow by copying: capacity is 4,
 * then the next power of two at or above n, and is full exactly when n is 0
 * or a power of two >= 4.
 */
static void *grow(lp_arena *a, void *v, size_t n, size_t size)
{
	void *nv;
	if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
		return v;
	nv = lp_arena_alloc(a, (n ? n * 2 : 4) * size);
	if (n)
		memcpy(nv, v, n * size);
	return nv;
}

lp_node *lp_render_yaml_set(lp_arena *a, lp_node *map, const char *key, lp_node *value)
{
	LP_ASSERT_ARG(map && map->kind == LP_NODE_MAP && value);
	map->pairs = grow(a, map->pairs, map->n, sizeof(*map->pairs));
	map->pairs[map->n].key = lp_render_yaml_str(a, key);
	map->pairs[map->n].value = value;
	map->n++;
	return value;
}

lp_node *lp_render_yaml_push(lp_arena *a, lp_node *seq, lp_node *value)
{
	LP_ASSERT_ARG(seq && seq->kind == LP_NODE_SEQ && value);
	seq->items = grow(a, seq->items, seq->n, sizeof(*seq->items));
	seq->items[seq->n++] = value;
	return value;
}

lp_node *lp_render_yaml_set_str(lp_arena *a, lp_node *map, const char *key, const char *s)
{
	return lp_render_yaml_set(a, map, key, lp_render_yaml_str(a, s));
}

lp_node *lp_render_yaml_set_map(lp_arena *a, lp_node *map, const char *key)
{
	return lp_render_yaml_set(a, map, key, lp_render_yaml_map(a));
}

lp_node *lp_render_yaml_set_seq(lp_arena *a, lp_node *map, const char *key)
{
	return lp_render_yaml_set(a, map, key, lp_render_yaml_seq(a));
}

/* ---- printing ------------------------------------------------------------ */

/*
 * Words that YAML 1.1 (PyYAML, hence cfn-lint and the SAM CLI) or 1.2 read as
 * null or bool. Over-quoting is harmless; under-quoting changes a value's type.
 */
static const char *const keywords[] = {
	"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan",
	NULL,
};

int lp_render_yaml_needs_quotes(const char *s)
{
	size_t i;
	for (i = 0; keywords[i]; i++)
		if (!strcasecmp(s, keywords[i]))
			return 1;
	/* Numbers, and YAML 1.1 sexagesimals and timestamps, all start like this. */
	if (isdigit((unsigned char)s[0]))
		return 1;
	if ((s[0] == '-' || s[0] == '+' || s[0] == '.') && (isdigit((unsigned char)s[1]) || s[1] == '.'))
		return 1;
	return 0;
}

static int write_buf(void *data, unsigned char *buffer, size_t size)
{
	return lp_buf_put(data, (const char *)buffer, size) == 0;
}

static int emit_node(yaml_emitter_t *e, const lp_node *n);

static int emit(yaml_emitter_t *e, yaml_event_t *ev, int init_ok)
{
	if (!init_ok) {
		lp_error_set(LP_ERROR_LIB, "cannot build a yaml event");
		return -1;
	}
	if (!yaml_emitter_emit(e, ev)) {
		lp_error_set(LP_ERROR_LIB, "yaml emitter: %s", e->problem ? e->problem : "unknown error");
		return -1;
	}
	return 0;
}

static int emit_scalar(yaml_emitter_t *e, const lp_node *n)
{
	yaml_event_t ev;
	const char *tag = n->tag;
	int plain = 1, quoted = 1;
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (tag) {
		plain = quoted = 0;
	} else if (n->stype == LP_SCALAR_STR && lp_render_yaml_needs_quotes(n->str)) {
		plain = 0;
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	return emit(e, &ev,
		yaml_scalar_event_initialize(&ev, NULL, (yaml_char_t *)tag, (yaml_char_t *)n->str, (int)n->len, plain,
			quoted, style));
}

static int emit_node(yaml_emitter_t *e, const lp_node *n)
{
	yaml_event_t ev;
	size_t i;
	int implicit = n->tag == NULL;
	switch (n->kind) {
	case LP_NODE_SCALAR:
		return emit_scalar(e, n);
	case LP_NODE_SEQ:
		if (emit(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL, (yaml_char_t *)n->tag, implicit,
				     YAML_BLOCK_SEQUENCE_STYLE)) < 0)
			return -1;
		for (i = 0; i < n->n; i++)
			if (emit_node(e, n->items[i]) < 0)
				return -1;
		return emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
	case LP_NODE_MAP:
		if (emit(e, &ev, yaml_mapping_start_event_initialize(&ev, NULL, (yaml_char_t *)n->tag, implicit,
				     YAML_BLOCK_MAPPING_STYLE)) < 0)
			return -1;
		for (i = 0; i < n->n; i++)
			if (emit_node(e, n->pairs[i].key) < 0 || emit_node(e, n->pairs[i].value) < 0)
				return -1;
		return emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
	}
	LP_BUG("unknown node kind");
}

static int print_comment(lp_buf *out, const char *comment)
{
	const char *p = comment, *nl;
	while (p && *p) {
		nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		lp_buf_puts(out, len ? "# " : "#");
		lp_buf_put(out, p, len);
		lp_buf_putc(out, '\n');
		p = nl ? nl + 1 : NULL;
	}
	return out->toobig ? -1 : 0;
}

int lp_render_yaml_print(lp_buf *out, const lp_node *root, const char *comment)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	int error = -1;

	LP_ASSERT_ARG(out && root);
	if (print_comment(out, comment) < 0) {
		lp_error_set(LP_ERROR_INVALID, "output over its size limit");
		return -1;
	}
	if (!yaml_emitter_initialize(&e)) {
		lp_error_set(LP_ERROR_LIB, "cannot initialise the yaml emitter");
		return -1;
	}
	yaml_emitter_set_output(&e, write_buf, out);
	yaml_emitter_set_indent(&e, 2);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	if (emit(&e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) < 0 ||
		emit(&e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)) < 0 ||
		emit_node(&e, root) < 0 || emit(&e, &ev, yaml_document_end_event_initialize(&ev, 1)) < 0 ||
		emit(&e, &ev, yaml_stream_end_event_initialize(&ev)) < 0)
		goto done;
	if (!yaml_emitter_flush(&e)) {
		lp_error_set(LP_ERROR_LIB, "yaml emitter: cannot flush");
		goto done;
	}
	/* libyaml ends the last line only when another starts. */
	if (out->size && out->ptr[out->size - 1] != '\n')
		lp_buf_putc(out, '\n');
	if (out->toobig) {
		lp_error_set(LP_ERROR_INVALID, "output over its size limit");
		goto done;
	}
	error = 0;
done:
	yaml_emitter_delete(&e);
	return error;
}

lp_node *lp_render_yaml_from_json(lp_arena *a, const cJSON *v)
{
	const cJSON *c = v->child;
	lp_node *n;
	if (cJSON_IsObject(v) && c && !c->next && (!strcmp(c->string, "Ref") || !strncmp(c->string, "Fn::", 4))) {
		const char *tag = !strcmp(c->string, "Ref") ? "!Ref" : lp_arena_printf(a, "!%s", c->string + 4);
		if (cJSON_IsString(c))
			return lp_render_yaml_tagged(a, tag, c->valuestring);
		if (!strcmp(c->string, "Fn::GetAtt") && cJSON_GetArraySize(c) == 2 && cJSON_IsString(c->child) &&
		    cJSON_IsString(c->child->next))
			return lp_render_yaml_tagged(a, tag,
				lp_arena_printf(a, "%s.%s", c->child->valuestring, c->child->next->valuestring));
		n = lp_render_yaml_from_json(a, c);
		n->tag = lp_arena_strdup(a, tag);
		return n;
	}
	if (cJSON_IsObject(v)) {
		n = lp_render_yaml_map(a);
		for (; c; c = c->next)
			lp_render_yaml_set(a, n, c->string, lp_render_yaml_from_json(a, c));
		return n;
	}
	if (cJSON_IsArray(v)) {
		n = lp_render_yaml_seq(a);
		for (; c; c = c->next)
			lp_render_yaml_push(a, n, lp_render_yaml_from_json(a, c));
		return n;
	}
	if (cJSON_IsBool(v))
		return lp_render_yaml_bool(a, cJSON_IsTrue(v));
	if (cJSON_IsNumber(v))
		return lp_render_yaml_int(a, (int64_t)v->valuedouble);
	if (cJSON_IsString(v))
		return lp_render_yaml_str(a, v->valuestring);
	return lp_render_yaml_str(a, "");
}
