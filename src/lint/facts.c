#include <stddef.h>
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

/*
 * A copy of the `n` items of `size` bytes at `v`, and of the strings each
 * holds at the byte offsets `strings` (fields of type const char *).
 */
static void *copy_items(lp_arena *a, const void *v, size_t n, size_t size, const size_t *strings, size_t nstrings)
{
	char *out;
	size_t i, k;
	if (!n)
		return NULL;
	out = lp_arena_alloc(a, n * size);
	memcpy(out, v, n * size);
	for (i = 0; i < n; i++)
		for (k = 0; k < nstrings; k++) {
			const char **f = (const char **)(void *)(out + i * size + strings[k]);
			*f = dup(a, *f);
		}
	return out;
}

#define COPY(a, v, n, type, strings) copy_items(a, v, n, sizeof(type), strings, sizeof(strings) / sizeof(strings[0]))

static const size_t table_strings[] = { offsetof(lp_xart_table, db), offsetof(lp_xart_table, name),
	offsetof(lp_xart_table, tmpl), offsetof(lp_xart_table, location) };
static const size_t part_strings[] = { offsetof(lp_xart_part, name), offsetof(lp_xart_part, type),
	offsetof(lp_xart_part, format), offsetof(lp_xart_part, values) };
static const size_t stream_strings[] = { offsetof(lp_xart_stream, name), offsetof(lp_xart_stream, bucket),
	offsetof(lp_xart_stream, prefix), offsetof(lp_xart_stream, schema_db), offsetof(lp_xart_stream, schema_table) };
static const size_t group_strings[] = { offsetof(lp_xart_group, name) };
static const size_t output_strings[] = { offsetof(lp_xart_output, plugin), offsetof(lp_xart_output, stream),
	offsetof(lp_xart_output, group) };

static lp_xart_table *copy_tables(lp_arena *a, const lp_xart_table *v, size_t n)
{
	lp_xart_table *out = COPY(a, v, n, lp_xart_table, table_strings);
	size_t i, k;
	for (i = 0; i < n; i++) {
		lp_xart_table *t = &out[i];
		const char **cols = lp_arena_alloc(a, (t->ncolumns + 1) * sizeof(*cols));
		for (k = 0; k < t->ncolumns; k++)
			cols[k] = dup(a, t->columns[k]);
		t->columns = cols;
		t->parts = COPY(a, t->parts, t->nparts, lp_xart_part, part_strings);
	}
	return out;
}

static const size_t ignore_strings[] = { offsetof(lp_text_ignore, rule), offsetof(lp_text_ignore, reason) };

const lp_text_ignore *lp_lint__ignores_copy(lp_arena *a, const lp_text_ignore *v, size_t n)
{
	return COPY(a, v, n, lp_text_ignore, ignore_strings);
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
	out->streams = COPY(keep, streams, nstreams, lp_xart_stream, stream_strings);
	out->nstreams = nstreams;
	out->groups = COPY(keep, groups, ngroups, lp_xart_group, group_strings);
	out->ngroups = ngroups;
	out->outputs = COPY(keep, outputs, noutputs, lp_xart_output, output_strings);
	out->noutputs = noutputs;
}
