#include <string.h>

#include "lint/checks.h"
#include "lint/lint.h"
#include "lint/xart.h"
#include "read/text.h"
#include "spec/model.h"
#include "util/mem.h"

void lp_check_ddl_docs(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i;
	for (i = 0; i < ctx->ndocs; i++)
		if (ctx->docs[i].kind == LP_LINT_ATHENA_DDL && ctx->docs[i].parsed) {
			size_t seen = lp_diag_count(d);
			/* `d` collects findings and holds no sources: the text comes from the doc */
			lp_check_ddl_text(ctx->docs[i].parsed, ctx->docs[i].text, ctx->docs[i].len, d);
			if (ctx->opts->fix)
				lp_check_ddl_fix(ctx->docs[i].parsed, ctx->docs[i].text, ctx->docs[i].len, seen, d);
		}
}

void lp_check_flb_docs(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i;
	/* as if FireLens's: the rules of that role only add findings (lp_check_flb_keep drops them) */
	for (i = 0; i < ctx->ndocs; i++)
		if (ctx->docs[i].kind == LP_LINT_FLUENTBIT_CONF && ctx->docs[i].parsed)
			lp_check_flb(ctx->docs[i].parsed, 1, d);
}

int lp_check_flb_keep(const lp_lint_doc *doc, const lp_diag_entry *e)
{
	return doc->firelens == 1 || !lp_check_flb_firelens_only(e->rule);
}

void lp_check_glue_docs(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i, k;
	for (i = 0; i < ctx->ndocs; i++) {
		const lp_lint_doc *doc = &ctx->docs[i];
		const lp_node *res;
		if (!doc->tree || doc->tree->kind != LP_NODE_MAP)
			continue;
		if (doc->kind == LP_LINT_GLUE_JSON) {
			lp_check_glue_table(lp_node_get_ci(doc->tree, "TableInput"), d);
			continue;
		}
		if (doc->kind != LP_LINT_CFN_TEMPLATE || !(res = lp_node_get(doc->tree, "Resources")) || res->kind != LP_NODE_MAP)
			continue;
		for (k = 0; k < res->n; k++) {
			const lp_node *r = res->pairs[k].value;
			const char *ty = lp_node_str(lp_node_get(r, "Type"));
			if (ty && !strcmp(ty, "AWS::Glue::Table"))
				lp_check_glue_table(lp_node_get_ci(lp_node_get(r, "Properties"), "TableInput"), d);
		}
	}
}

/* Appends `n` items of `size` bytes to the array *arr of *len items (in `a`). */
static void append(lp_arena *a, void **arr, size_t *len, size_t *cap, const void *items, size_t n, size_t size)
{
	size_t i;
	for (i = 0; i < n; i++) {
		*arr = lp_text_vec_push(a, *arr, len, cap, size);
		memcpy((char *)*arr + (*len - 1) * size, (const char *)items + i * size, size);
	}
}

/* The cross-file checks over the documents of one project (lp_lint_doc.project). */
static void xart_project(const lp_lint_ctx *ctx, const char *project, lp_diag *d)
{
	lp_xart_table *tables = NULL;
	lp_xart_stream *streams = NULL;
	lp_xart_group *groups = NULL;
	lp_xart_output *outputs = NULL;
	size_t ntables = 0, nstreams = 0, ngroups = 0, noutputs = 0, i;
	size_t captables = 0, capstreams = 0, capgroups = 0, capoutputs = 0;
	lp_xart_input in;
	memset(&in, 0, sizeof(in));
	for (i = 0; i < ctx->ndocs; i++) {
		const lp_lint_doc *doc = &ctx->docs[i];
		const lp_lint_facts *f = doc->facts;
		if (strcmp(doc->project ? doc->project : "", project))
			continue;
		if (!f)
			continue;
		/* one template may hold tables, streams and log groups */
		append(ctx->arena, (void **)&tables, &ntables, &captables, f->tables, f->ntables, sizeof(*tables));
		append(ctx->arena, (void **)&streams, &nstreams, &capstreams, f->streams, f->nstreams, sizeof(*streams));
		append(ctx->arena, (void **)&groups, &ngroups, &capgroups, f->groups, f->ngroups, sizeof(*groups));
		append(ctx->arena, (void **)&outputs, &noutputs, &capoutputs, f->outputs, f->noutputs, sizeof(*outputs));
		in.have_groups |= f->have_groups;
	}
	in.tables = tables;
	in.ntables = ntables;
	in.streams = streams;
	in.nstreams = nstreams;
	in.outputs = outputs;
	in.noutputs = noutputs;
	in.groups = groups;
	in.ngroups = ngroups;
	if (ctx->opts && ctx->opts->model) {
		const lp_model *m = ctx->opts->model;
		size_t s, c, f, nf = 0;
		lp_xart_field *fields;
		in.realtime_budget_seconds = (long)m->realtime_budget_seconds;
		for (s = 0; s < m->nservices; s++)
			for (c = 0; c < m->services[s].ncontainers; c++)
				nf += m->services[s].containers[c].nfields;
		fields = lp_arena_alloc(ctx->arena, (nf + 1) * sizeof(*fields));
		for (s = 0; s < m->nservices; s++)
			for (c = 0; c < m->services[s].ncontainers; c++) {
				const lp_container *ct = &m->services[s].containers[c];
				if (!(ct->to & LP_DEST_LAKE) || !ct->derived.table)
					continue;
				for (f = 0; f < ct->nfields; f++) {
					lp_xart_field *x = &fields[in.nfields++];
					x->db = m->lake.database;
					x->table = ct->derived.table;
					x->name = ct->fields[f].name;
					x->span = ct->fields[f].span;
				}
			}
		in.fields = fields;
	}
	lp_check_xart(&in, d);
}

/*
 * Files join only within their project: a folder of unrelated repositories
 * must not make one repository's Fluent Bit outputs look for the log groups
 * of another.
 */
void lp_check_xart_docs(const lp_lint_ctx *ctx, lp_diag *d)
{
	size_t i, j;
	for (i = 0; i < ctx->ndocs; i++) {
		const char *p = ctx->docs[i].project ? ctx->docs[i].project : "";
		for (j = 0; j < i; j++)
			if (!strcmp(ctx->docs[j].project ? ctx->docs[j].project : "", p))
				break;
		if (j == i)
			xart_project(ctx, p, d);
	}
}
