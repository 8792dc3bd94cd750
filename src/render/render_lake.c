#include "render_lake.h"

#include <string.h>

#include "plan/plan.h"
#include "util/mem.h"

/* Adds `path`, which as a whole comes from `from`. */
static lp_buf *add(lp_artifact_set *out, const lp_buf *path, const lp_span *from, const char *owner)
{
	lp_artifact_origin_add(out, path->ptr, "", NULL, from, NULL, 0, owner);
	return lp_artifact_add(out, path->ptr);
}

static int render_container(lp_artifact_set *out, const lp_model *m, const lp_container *c, lp_template_cache *tc,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	lp_lake_table t;
	lp_buf path = LP_BUF_INIT;
	int error;

	lp_buf_printf(&path, "firehose/%s.json", c->derived.stream);
	if ((error = lp_render_firehose(add(out, &path, &c->span, c->path), m, c, d)) < 0)
		goto done;
	/* Buffering written in the spec (a container's or the defaults'): a finding on it points there. */
	lp_artifact_origin_add(out, path.ptr, "ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds", NULL,
		&c->firehose.buffer_seconds_span, NULL, 0, NULL);
	lp_artifact_origin_add(out, path.ptr, "ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs", NULL,
		&c->firehose.buffer_mib_span, NULL, 0, NULL);
	if ((error = lp_lake_table_from_container(&t, &a, m, c)) < 0)
		goto done;
	lp_buf_clear(&path);
	lp_buf_printf(&path, "glue/%s.%s.json", t.db, t.name);
	if ((error = lp_render_glue(add(out, &path, &c->span, c->path), &t)) < 0)
		goto done;
	lp_buf_clear(&path);
	lp_buf_printf(&path, "athena/%s.%s.sql", t.db, t.name);
	error = lp_render_athena(add(out, &path, &c->span, c->path), &t, LP_LAKE_TEMPLATE_TABLE, tc, d);
done:
	lp_buf_release(&path);
	lp_arena_release(&a);
	return error;
}

static int render_alb(lp_artifact_set *out, const lp_model *m, const lp_log_source *alb, lp_template_cache *tc,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	lp_lake_table t;
	lp_buf path = LP_BUF_INIT;
	int error;
	if ((error = lp_lake_table_from_source(&t, &a, m, alb)) >= 0) {
		lp_buf_printf(&path, "glue/%s.%s.json", t.db, t.name);
		error = lp_render_glue(lp_artifact_add(out, path.ptr), &t);
	}
	if (error >= 0) {
		lp_buf_clear(&path);
		lp_buf_printf(&path, "athena/%s.%s.sql", t.db, t.name);
		/* Columnar files (Parquet flow logs) have no lines to explain: the plain table's header says it all. */
		error = lp_render_athena(add(out, &path, &alb->span, alb->path), &t,
			strstr(t.serde, "Parquet") ? LP_LAKE_TEMPLATE_TABLE : LP_LAKE_TEMPLATE_ALB, tc, d);
	}
	lp_buf_release(&path);
	lp_arena_release(&a);
	return error;
}

int lp_render_lake(lp_artifact_set *out, const lp_model *m, lp_template_cache *tc, lp_diag *d)
{
	size_t i;
	int error = 0;
	for (i = 0; i < m->derived.nstreams && error >= 0; i++)
		error = render_container(out, m, m->derived.streams[i], tc, d);
	for (i = 0; i < m->nlog_sources && error >= 0; i++)
		error = render_alb(out, m, &m->log_sources[i], tc, d);
	return error;
}
