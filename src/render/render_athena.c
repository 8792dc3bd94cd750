#include "render_lake.h"

#include <string.h>

#include "render/escape.h"
#include "render/template.h"
#include "util/arena.h"

/*
 * The DDL template is rendered with the SQL identifier escaper, so every
 * {{name}} is a checked identifier inside back-quotes. String literals are
 * escaped here with the SQL string escaper and reach the template through
 * {{{...}}}; Hive types are not user text at this point (lp_lake_hive_type
 * rebuilt them from a grammar) and also go through {{{...}}}.
 */

typedef struct ctx {
	lp_arena *a;
	lp_diag *d;
	const lp_lake_table *t;
	int refused;
} ctx;

static lp_value *sql_string(ctx *c, const char *s, const lp_span *span)
{
	lp_buf b = LP_BUF_INIT;
	const char *why = NULL;
	lp_value *v;
	if (lp_escape_sql_string(&b, s, strlen(s), &why) != 0) {
		lp_diag_error(c->d, "LP-TEMPLATE-VALUE", span && span->line ? span : &c->t->span, NULL,
			"'%s' cannot be written as an Athena string literal: %s", s, why ? why : "too long");
		c->refused = 1;
	}
	v = lp_value_string(c->a, b.ptr, span);
	lp_buf_release(&b);
	return v;
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
		lp_value_map_set(c->a, item, "key", sql_string(c, v[i].key, &v[i].span));
		lp_value_map_set(c->a, item, "value", sql_string(c, v[i].value, &v[i].span));
		lp_value_map_set_string(c->a, item, "comma", i + 1 < n ? "," : "", NULL);
		lp_value_list_push(c->a, list, item);
	}
	return list;
}

int lp_render_athena(lp_buf *out, const lp_lake_table *t, const char *template_name, const lp_render_opts *o,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	ctx c = { &a, d, t, 0 };
	lp_value *root = lp_value_map(&a);
	int error;

	lp_value_map_set_string(&a, root, "db", t->db, &t->span);
	lp_value_map_set_string(&a, root, "name", t->name, &t->span);
	lp_value_map_set(&a, root, "description", sql_string(&c, t->description ? t->description : "", &t->span));
	lp_value_map_set(&a, root, "columns", column_list(&c, t->columns, t->ncolumns));
	lp_value_map_set(&a, root, "partitions", column_list(&c, t->partitions, t->npartitions));
	lp_value_map_set_bool(&a, root, "has_partitions", t->npartitions > 0);
	lp_value_map_set(&a, root, "serde", sql_string(&c, t->serde, &t->span));
	lp_value_map_set(&a, root, "serde_params", prop_list(&c, t->serde_params, t->nserde_params));
	lp_value_map_set_bool(&a, root, "has_serde_params", t->nserde_params > 0);
	lp_value_map_set(&a, root, "input_format", sql_string(&c, t->input_format, &t->span));
	lp_value_map_set(&a, root, "output_format", sql_string(&c, t->output_format, &t->span));
	lp_value_map_set(&a, root, "location", sql_string(&c, t->location ? t->location : "", &t->span));
	lp_value_map_set(&a, root, "params", prop_list(&c, t->params, t->nparams));
	if (c.refused)
		error = 0; /* reported; the build writes nothing */
	else
		error = lp_template_render(out, template_name, root, LP_ESCAPE_SQL_IDENT, o ? o->templates_dir : NULL, d);
	lp_arena_release(&a);
	return error < 0 ? error : 0;
}
