#include <string.h>

#include "lint/checks.h"
#include "lint/lint.h"
#include "lint/xart.h"
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

static int in_project(const lp_lint_doc *doc, const char *project)
{
	return !strcmp(doc->project ? doc->project : "", project);
}

/* Copies `n` items of `size` bytes to *at and advances it. */
static void put(char **at, const void *items, size_t n, size_t size)
{
	if (n)
		memcpy(*at, items, n * size);
	*at += n * size;
}

/*
 * The facts of the project's documents, in document order, each kind in
 * one array sized once (half a million items at 10,000 services: arrays
 * grown by doubling in an arena left every smaller copy behind).
 */
static void gather_facts(lp_xart_input *in, const lp_lint_ctx *ctx, const char *project)
{
	size_t i;
	char *t, *s, *g, *o;
	for (i = 0; i < ctx->ndocs; i++) {
		const lp_lint_facts *f = ctx->docs[i].facts;
		if (!f || !in_project(&ctx->docs[i], project))
			continue;
		in->ntables += f->ntables;
		in->nstreams += f->nstreams;
		in->ngroups += f->ngroups;
		in->noutputs += f->noutputs;
		in->have_groups |= f->have_groups;
	}
	t = lp_arena_alloc(ctx->arena, (in->ntables + 1) * sizeof(*in->tables));
	s = lp_arena_alloc(ctx->arena, (in->nstreams + 1) * sizeof(*in->streams));
	g = lp_arena_alloc(ctx->arena, (in->ngroups + 1) * sizeof(*in->groups));
	o = lp_arena_alloc(ctx->arena, (in->noutputs + 1) * sizeof(*in->outputs));
	in->tables = (const lp_xart_table *)t;
	in->streams = (const lp_xart_stream *)s;
	in->groups = (const lp_xart_group *)g;
	in->outputs = (const lp_xart_output *)o;
	for (i = 0; i < ctx->ndocs; i++) {
		const lp_lint_facts *f = ctx->docs[i].facts;
		if (!f || !in_project(&ctx->docs[i], project))
			continue;
		/* one template may hold tables, streams and log groups */
		put(&t, f->tables, f->ntables, sizeof(*in->tables));
		put(&s, f->streams, f->nstreams, sizeof(*in->streams));
		put(&g, f->groups, f->ngroups, sizeof(*in->groups));
		put(&o, f->outputs, f->noutputs, sizeof(*in->outputs));
	}
}

/* The cross-file checks over the documents of one project (lp_lint_doc.project). */
static void xart_project(const lp_lint_ctx *ctx, const char *project, lp_diag *d)
{
	lp_xart_input in;
	memset(&in, 0, sizeof(in));
	gather_facts(&in, ctx, project);
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
			if (in_project(&ctx->docs[j], p))
				break;
		if (j == i)
			xart_project(ctx, p, d);
	}
}
