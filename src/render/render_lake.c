#include "render_lake.h"

#include "render/render_ecs.h" /* lp_render_ecs__sorted */
#include "util/mem.h"

static int render_container(lp_artifact_set *out, const lp_model *m, const lp_container *c, const lp_render_opts *o,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	lp_lake_table t;
	lp_buf path = LP_BUF_INIT;
	int error;

	lp_buf_printf(&path, "firehose/%s.json", c->derived.stream);
	if ((error = lp_render_firehose(lp_artifact_add(out, path.ptr), m, c, d)) < 0)
		goto done;
	if ((error = lp_lake_table_from_container(&t, &a, m, c)) < 0)
		goto done;
	lp_buf_clear(&path);
	lp_buf_printf(&path, "glue/%s.%s.json", t.db, t.name);
	if ((error = lp_render_glue(lp_artifact_add(out, path.ptr), &t)) < 0)
		goto done;
	lp_buf_clear(&path);
	lp_buf_printf(&path, "athena/%s.%s.sql", t.db, t.name);
	error = lp_render_athena(lp_artifact_add(out, path.ptr), &t, LP_LAKE_TEMPLATE_TABLE, o, d);
done:
	lp_buf_release(&path);
	lp_arena_release(&a);
	return error;
}

static int render_alb(lp_artifact_set *out, const lp_model *m, const lp_alb_source *alb, const lp_render_opts *o,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	lp_lake_table t;
	lp_buf path = LP_BUF_INIT;
	int error;
	if ((error = lp_lake_table_from_alb(&t, &a, m, alb)) >= 0) {
		lp_buf_printf(&path, "athena/%s.%s.sql", t.db, t.name);
		error = lp_render_athena(lp_artifact_add(out, path.ptr), &t, LP_LAKE_TEMPLATE_ALB, o, d);
	}
	lp_buf_release(&path);
	lp_arena_release(&a);
	return error;
}

int lp_render_lake_has_stream(const lp_model *m, const lp_container *c)
{
	return (c->to & LP_DEST_LAKE) && m->has_lake;
}

/* Adds `path` printed from a builder's document. */
static int add_json(lp_artifact_set *out, const char *path, cJSON *doc)
{
	int error = lp_render_json_print(lp_artifact_add(out, path), doc);
	cJSON_Delete(doc);
	return error;
}

static int render_delivery_role(lp_artifact_set *out, const lp_model *m, lp_diag *d)
{
	lp_buf path = LP_BUF_INIT;
	cJSON *doc;
	int error;
	if ((error = lp_render_iam_firehose_policy_json(&doc, m, d)) < 0)
		return error;
	lp_buf_printf(&path, "iam/%s-firehose-delivery.policy.json", m->name);
	error = add_json(out, path.ptr, doc);
	if (error >= 0 && (error = lp_render_iam_firehose_trust_json(&doc, m)) >= 0) {
		lp_buf_clear(&path);
		lp_buf_printf(&path, "iam/%s-firehose-delivery.trust-policy.json", m->name);
		error = add_json(out, path.ptr, doc);
	}
	lp_buf_release(&path);
	return error;
}

int lp_render_lake(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d)
{
	size_t i, j;
	int error = 0, streams = 0;
	for (i = 0; i < m->nservices && error >= 0; i++) {
		const lp_container **v = lp_render_ecs__sorted(&m->services[i]);
		for (j = 0; j < m->services[i].ncontainers && error >= 0; j++)
			if (lp_render_lake_has_stream(m, v[j])) {
				error = render_container(out, m, v[j], o, d);
				streams++;
			}
		lp_free(v);
	}
	if (streams && error >= 0)
		error = render_delivery_role(out, m, d);
	for (i = 0; i < m->nalbs && error >= 0; i++)
		error = render_alb(out, m, &m->albs[i], o, d);
	return error;
}
