#include "render_lake.h"

#include <string.h>

#include "render/escape.h"
#include "render/template.h"
#include "util/arena.h"

/*
 * The DDL template is rendered with the Athena DDL escaper, which picks the
 * rule from the template's own quoting: {{x}} inside back-quotes is a checked
 * identifier, inside '...' an escaped string literal. So no value is escaped
 * here, and a template author cannot forget to. Hive types are not user text
 * (lp_lake_hive_type rebuilt them from a grammar) and go through {{{type}}}.
 */

typedef struct ctx {
	lp_arena *a;
	lp_diag *d;
	const lp_lake_table *t;
} ctx;

static lp_value *text(ctx *c, const char *s, const lp_span *span)
{
	return lp_value_string(c->a, s, span && span->line ? span : &c->t->span);
}

static lp_value *column_list(ctx *c, const lp_lake_column *v, size_t n)
{
	lp_value *list = lp_value_list(c->a);
	size_t i;
	for (i = 0; i < n; i++) {
		lp_value *item = lp_value_map(c->a);
		lp_value_map_set_string(c->a, item, "name", v[i].name, v[i].span.line ? &v[i].span : &c->t->span);
		lp_value_map_set_string(c->a, item, "type", v[i].type, NULL);
		lp_value_map_set_string(c->a, item, "comma", i + 1 < n ? "," : "", NULL);
		lp_value_list_push(c->a, list, item);
	}
	return list;
}

static lp_value *prop_list(ctx *c, const lp_lake_prop *v, size_t n)
{
	lp_value *list = lp_value_list(c->a);
	size_t i;
	for (i = 0; i < n; i++) {
		lp_value *item = lp_value_map(c->a);
		lp_value_map_set(c->a, item, "key", text(c, v[i].key, &v[i].span));
		lp_value_map_set(c->a, item, "value", text(c, v[i].value, &v[i].span));
		lp_value_map_set_string(c->a, item, "comma", i + 1 < n ? "," : "", NULL);
		lp_value_list_push(c->a, list, item);
	}
	return list;
}

int lp_render_athena(lp_buf *out, const lp_lake_table *t, const char *template_name, lp_template_cache *tc,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	ctx c = { &a, d, t };
	lp_value *root = lp_value_map(&a);
	int error;

	lp_value_map_set_string(&a, root, "db", t->db, &t->span);
	lp_value_map_set_string(&a, root, "name", t->name, &t->span);
	lp_value_map_set(&a, root, "description", text(&c, t->description ? t->description : "", &t->span));
	lp_value_map_set(&a, root, "columns", column_list(&c, t->columns, t->ncolumns));
	lp_value_map_set(&a, root, "partitions", column_list(&c, t->partitions, t->npartitions));
	lp_value_map_set_bool(&a, root, "has_partitions", t->npartitions > 0);
	lp_value_map_set(&a, root, "serde", text(&c, t->serde, &t->span));
	lp_value_map_set(&a, root, "serde_params", prop_list(&c, t->serde_params, t->nserde_params));
	lp_value_map_set_bool(&a, root, "has_serde_params", t->nserde_params > 0);
	lp_value_map_set_bool(&a, root, "is_regex", t->serde && strstr(t->serde, "RegexSerDe") != NULL);
	lp_value_map_set(&a, root, "input_format", text(&c, t->input_format, &t->span));
	lp_value_map_set(&a, root, "output_format", text(&c, t->output_format, &t->span));
	lp_value_map_set(&a, root, "location", text(&c, t->location ? t->location : "", &t->span));
	lp_value_map_set(&a, root, "params", prop_list(&c, t->params, t->nparams));
	error = lp_template_cache_render(out, tc, template_name, root, LP_ESCAPE_ATHENA_DDL, d);
	lp_arena_release(&a);
	return error < 0 ? error : 0;
}
