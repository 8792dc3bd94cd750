#include <string.h>

#include "lint/lint.h"
#include "lint/xart.h"
#include "read/taskdef.h"
#include "read/text.h"

/*
 * The builders of xart.c borrow their strings from the tree or parse they
 * read; the facts outlive both, so every string is copied. Spans keep their
 * file, which the run's sinks intern for as long as the run.
 */

static const char *dup(lp_arena *a, const char *s)
{
	return s ? lp_arena_strdup(a, s) : NULL;
}

static void *dup_array(lp_arena *a, const void *v, size_t n, size_t size)
{
	void *out;
	if (!n)
		return NULL;
	out = lp_arena_alloc(a, n * size);
	memcpy(out, v, n * size);
	return out;
}

static lp_xart_table *copy_tables(lp_arena *a, const lp_xart_table *v, size_t n)
{
	lp_xart_table *out = dup_array(a, v, n, sizeof(*v));
	size_t i, k;
	for (i = 0; i < n; i++) {
		lp_xart_table *t = &out[i];
		const char **cols = lp_arena_alloc(a, (t->ncolumns + 1) * sizeof(*cols));
		t->db = dup(a, t->db);
		t->name = dup(a, t->name);
		t->tmpl = dup(a, t->tmpl);
		t->location = dup(a, t->location);
		for (k = 0; k < t->ncolumns; k++)
			cols[k] = dup(a, t->columns[k]);
		t->columns = cols;
		t->parts = dup_array(a, t->parts, t->nparts, sizeof(*t->parts));
		for (k = 0; k < t->nparts; k++) {
			lp_xart_part *p = &t->parts[k];
			p->name = dup(a, p->name);
			p->type = dup(a, p->type);
			p->format = dup(a, p->format);
			p->values = dup(a, p->values);
		}
	}
	return out;
}

static lp_xart_stream *copy_streams(lp_arena *a, const lp_xart_stream *v, size_t n)
{
	lp_xart_stream *out = dup_array(a, v, n, sizeof(*v));
	size_t i;
	for (i = 0; i < n; i++) {
		lp_xart_stream *s = &out[i];
		s->name = dup(a, s->name);
		s->bucket = dup(a, s->bucket);
		s->prefix = dup(a, s->prefix);
		s->schema_db = dup(a, s->schema_db);
		s->schema_table = dup(a, s->schema_table);
	}
	return out;
}

static lp_xart_group *copy_groups(lp_arena *a, const lp_xart_group *v, size_t n)
{
	lp_xart_group *out = dup_array(a, v, n, sizeof(*v));
	size_t i;
	for (i = 0; i < n; i++)
		out[i].name = dup(a, out[i].name);
	return out;
}

static lp_xart_output *copy_outputs(lp_arena *a, const lp_xart_output *v, size_t n)
{
	lp_xart_output *out = dup_array(a, v, n, sizeof(*v));
	size_t i;
	for (i = 0; i < n; i++) {
		out[i].plugin = dup(a, out[i].plugin);
		out[i].stream = dup(a, out[i].stream);
		out[i].group = dup(a, out[i].group);
	}
	return out;
}

static const lp_node *seq_at(const lp_node *meta, const char *tool, const char *key)
{
	const lp_node *list = lp_node_get(lp_node_get(meta, tool), key);
	return list && list->kind == LP_NODE_SEQ && list->n ? list : NULL;
}

/* The resources of a template that suppress rules in their Metadata; only they can suppress a finding. */
static void suppressors(lp_lint_facts *out, lp_arena *keep, const lp_node *tree)
{
	const lp_node *resources = lp_node_get(tree, "Resources");
	size_t i, j, n = 0, cap = 0;
	lp_lint_cfn_suppressor *v = NULL;
	for (i = 0; resources && resources->kind == LP_NODE_MAP && i < resources->n; i++) {
		const lp_node *res = resources->pairs[i].value, *meta = lp_node_get(res, "Metadata");
		const lp_node *guard = seq_at(meta, "guard", "SuppressedRules"), *nag = seq_at(meta, "cfn_nag", "rules_to_suppress");
		lp_lint_cfn_suppressor *s;
		if (!guard && !nag)
			continue;
		v = lp_text_vec_push(keep, v, &n, &cap, sizeof(*v));
		s = &v[n - 1];
		s->resource = lp_arena_strdup(keep, resources->pairs[i].key->str);
		s->span = resources->pairs[i].key->span;
		s->span.end_line = res->span.end_line;
		if (guard) {
			s->guard = lp_arena_alloc(keep, guard->n * sizeof(*s->guard));
			for (j = 0; j < guard->n; j++)
				s->guard[j] = dup(keep, lp_node_str(guard->items[j]));
			s->nguard = guard->n;
		}
		if (nag) {
			s->nag_ids = lp_arena_alloc(keep, nag->n * sizeof(*s->nag_ids));
			s->nag_reasons = lp_arena_alloc(keep, nag->n * sizeof(*s->nag_reasons));
			for (j = 0; j < nag->n; j++) {
				s->nag_ids[j] = dup(keep, lp_node_str(lp_node_get(nag->items[j], "id")));
				s->nag_reasons[j] = dup(keep, lp_node_str(lp_node_get(nag->items[j], "reason")));
			}
			s->nnag = nag->n;
		}
	}
	out->suppressors = v;
	out->nsuppressors = n;
}

/* The config-file-value of every FireLens container, in order: what names a Fluent Bit conf FireLens's. */
static void config_files(lp_lint_facts *out, lp_arena *keep, lp_arena *scratch, const lp_node *tree)
{
	lp_taskdef_set set;
	size_t i, j, n = 0, cap = 0;
	const char **v = NULL;
	lp_taskdef_read(&set, scratch, tree, NULL, 0);
	for (i = 0; i < set.n; i++)
		for (j = 0; j < set.v[i].ncontainers; j++) {
			const lp_node *fc = lp_node_get_ci(set.v[i].containers[j].node, "firelensConfiguration");
			const char *s = lp_node_str(lp_node_get_ci(lp_node_get_ci(fc, "options"), "config-file-value"));
			if (s && *s) {
				v = lp_text_vec_push(keep, v, &n, &cap, sizeof(*v));
				v[n - 1] = lp_arena_strdup(keep, s);
			}
		}
	out->config_files = v;
	out->nconfig_files = n;
}

void lp_lint__facts_take(lp_lint_facts *out, lp_arena *keep, lp_arena *scratch, const lp_lint_doc *doc)
{
	lp_xart_table *tables = NULL;
	lp_xart_stream *streams = NULL;
	lp_xart_group *groups = NULL;
	lp_xart_output *outputs = NULL;
	size_t ntables = 0, nstreams = 0, ngroups = 0, noutputs = 0;

	memset(out, 0, sizeof(*out));
	switch (doc->kind) {
	case LP_LINT_ATHENA_DDL:
		if (doc->parsed)
			lp_xart_tables_from_ddl(&tables, &ntables, scratch, doc->parsed);
		break;
	case LP_LINT_GLUE_JSON:
		lp_xart_tables_from_glue(&tables, &ntables, scratch, doc->tree);
		break;
	case LP_LINT_FIREHOSE_JSON:
		lp_xart_streams_from_json(&streams, &nstreams, scratch, doc->tree);
		break;
	case LP_LINT_LOGGROUPS_JSON:
		out->have_groups = 1; /* loaded, even when empty or unparsable */
		lp_xart_groups_from_json(&groups, &ngroups, scratch, doc->tree);
		break;
	case LP_LINT_FLUENTBIT_CONF:
		if (doc->parsed) {
			lp_xart_outputs_from_flb(&outputs, &noutputs, scratch, doc->parsed);
			out->flb_content_role = lp_lint__flb_content_role(doc->parsed);
		}
		break;
	case LP_LINT_CFN_TEMPLATE:
		lp_xart_tables_from_glue(&tables, &ntables, scratch, doc->tree);
		lp_xart_streams_from_json(&streams, &nstreams, scratch, doc->tree);
		out->have_groups = lp_xart_groups_from_json(&groups, &ngroups, scratch, doc->tree) > 0;
		break;
	default:
		break;
	}
	if ((doc->kind == LP_LINT_TASKDEF_JSON || doc->kind == LP_LINT_CFN_TEMPLATE) && doc->tree)
		config_files(out, keep, scratch, doc->tree);
	if (doc->kind == LP_LINT_CFN_TEMPLATE && doc->tree)
		suppressors(out, keep, doc->tree);
	out->tables = copy_tables(keep, tables, ntables);
	out->ntables = ntables;
	out->streams = copy_streams(keep, streams, nstreams);
	out->nstreams = nstreams;
	out->groups = copy_groups(keep, groups, ngroups);
	out->ngroups = ngroups;
	out->outputs = copy_outputs(keep, outputs, noutputs);
	out->noutputs = noutputs;
}
