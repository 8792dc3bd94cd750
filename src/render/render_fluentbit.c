#include "render_ecs.h"

#include <string.h>

#include "plan/plan.h"
#include "render/escape.h"
#include "render/template.h"
#include "render/value.h"
#include "util/arena.h"
#include "util/mem.h"

/*
 * The Fluent Bit side of FireLens: a classic-format configuration that the
 * router loads next to the input FireLens generates (aws-facts §1.1). Each
 * container's records carry the tag <container>-firelens-<task id>, and every
 * filter and output selects them with the planner's anchored Match_Regex
 * (derived.match, derived.subset_match for the cw. copies): a wildcard such as
 * api-firelens* would also catch the records of a container named
 * api-firelens-proxy, so a container reaches only its own destinations. The core C outputs cloudwatch_logs and kinesis_firehose
 * are used (aws-facts §1.4, §1.5).
 *
 * The text comes from templates (design.md §2): fluent-bit.conf.mustache with
 * a partial per output kind, parsers.conf.mustache and Dockerfile.mustache,
 * rendered in strict mode with the escaper of their output kind. What is
 * decided here is the view model of one service (docs/ecs.md lists it): which
 * sections exist and the value of every key, tags and rules already composed,
 * so a template only places them and a user's template cannot get a value
 * wrong in a way the built-in one would not.
 */

/* What Firehose's record format conversion parses without extra settings (java.sql.Timestamp). */
#define DEFAULT_TIME_FORMAT "%Y-%m-%d %H:%M:%S.%3N"
/* Where the lake output's time key moves a copy the app logged itself, so the record has one. */
#define APP_TIME_SUFFIX "_app"

typedef struct view {
	lp_arena *a;
	lp_diag *d;
	int refused; /* a value was reported: render nothing */
} view;

/*
 * Sets `key` of `map` to the value of Fluent Bit key `flb_key`. The template
 * escapes it again with the same escaper; checking it here first lets the
 * finding name the Fluent Bit key, and refuses an empty or missing value: the
 * escaper accepts "" because a tag may be only part of a value, but here the
 * string is a whole value and Fluent Bit needs one after the key.
 */
static void flb(view *v, lp_value *map, const char *key, const char *flb_key, const char *value, const lp_span *sp)
{
	const char *why = "Fluent Bit needs a value after the key";
	lp_buf scratch = LP_BUF_INIT;
	if (!value || !*value || lp_escape_flb_value(&scratch, value, strlen(value), &why) != 0) {
		lp_diag_error(v->d, "LP-FB-VALUE", sp, "remove line breaks, control characters, '${' and surrounding blanks",
			"'%s' cannot be written as a Fluent Bit value for '%s': %s", value ? value : "", flb_key, why);
		v->refused = 1;
	}
	lp_buf_release(&scratch);
	lp_value_map_set_string(v->a, map, key, value ? value : "", sp);
}

static const char *parser_name(const lp_service *s)
{
	/* With config: s3 nothing can be baked into the image: use the image's own json parser. */
	return s->router.config == LP_ROUTER_CONFIG_S3 ? "json" : LP_ECS_JSON_PARSER;
}

static int has_field(const lp_container *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->nfields; i++)
		if (!strcmp(c->fields[i].name, name))
			return 1;
	return 0;
}

static int has_subset(const lp_container *k)
{
	return (k->to & LP_DEST_CLOUDWATCH) && k->cw_only_key && k->cw_only_regex;
}

/* {rule, emitter_name}: the rewrite_tag filter of the real-time subset. */
static lp_value *subset_view(view *v, const lp_container *k)
{
	lp_value *sub = lp_value_map(v->a);
	lp_buf rule = LP_BUF_INIT, emitter = LP_BUF_INIT;
	/* The last word keeps the original record for the lake, or drops it without one. */
	lp_buf_printf(&rule, "$%s %s " LP_PLAN_SUBSET_TAG_PREFIX "$TAG %s", k->cw_only_key, k->cw_only_regex,
		(k->to & LP_DEST_LAKE) ? "true" : "false");
	lp_buf_printf(&emitter, "cw_%s", k->name);
	flb(v, sub, "rule", "Rule", rule.ptr, &k->cw_only_regex_span);
	flb(v, sub, "emitter_name", "Emitter_Name", emitter.ptr, &k->cw_only_span);
	lp_buf_release(&rule);
	lp_buf_release(&emitter);
	return sub;
}

/* {match, log_group_name}: the cloudwatch_logs output. */
static lp_value *cloudwatch_view(view *v, const lp_container *k)
{
	lp_value *cw = lp_value_map(v->a);
	flb(v, cw, "match", "Match_Regex", has_subset(k) ? k->derived.subset_match : k->derived.match, &k->span);
	flb(v, cw, "log_group_name", "log_group_name", k->derived.log_group, &k->span);
	return cw;
}

/*
 * {delivery_stream, time_key (false: none), time_key_format, app_time_key}:
 * the kinesis_firehose output, and the modify filter before it.
 */
static lp_value *lake_view(view *v, const lp_container *k)
{
	lp_value *lake = lp_value_map(v->a);
	flb(v, lake, "delivery_stream", "delivery_stream", k->derived.stream, &k->span);
	/*
	 * A JSON app whose fields list the time_key logs it and keeps it;
	 * otherwise the output adds the record time under that key so the table
	 * has a timestamp. kinesis_firehose appends that key without looking for
	 * one already there, so a copy the app logged anyway is first moved to
	 * <time_key>_app: the record never has the key twice, and listing
	 * <time_key>_app in fields keeps the app's own time in the lake.
	 */
	if (k->time_key && (k->format == LP_LOG_TEXT || !has_field(k, k->time_key))) {
		lp_buf app = LP_BUF_INIT;
		flb(v, lake, "time_key", "time_key", k->time_key, &k->time_key_span);
		flb(v, lake, "time_key_format", "time_key_format", k->time_format ? k->time_format : DEFAULT_TIME_FORMAT,
			k->time_format ? &k->time_format_span : &k->time_key_span);
		lp_buf_printf(&app, "%s" APP_TIME_SUFFIX, k->time_key);
		flb(v, lake, "app_time_key", "Hard_rename", app.ptr, &k->time_key_span);
		lp_buf_release(&app);
	} else {
		lp_value_map_set_bool(v->a, lake, "time_key", 0);
	}
	return lake;
}

/* A section that is absent is false, never missing: strict mode tells a typo from "none". */
static lp_value *or_false(view *v, int present, lp_value *(*make)(view *, const lp_container *),
	const lp_container *k)
{
	return present ? make(v, k) : lp_value_bool(v->a, 0);
}

static lp_value *container_view(view *v, const lp_model *m, const lp_service *s, const lp_container *k)
{
	lp_value *c = lp_value_map(v->a);
	lp_value_map_set_string(v->a, c, "name", k->name, &k->span);
	lp_value_map_set_bool(v->a, c, "json", k->format == LP_LOG_JSON);
	flb(v, c, "match", "Match_Regex", k->derived.match, &k->span);
	flb(v, c, "parser", "Parser", parser_name(s), &k->span);
	flb(v, c, "region", "region", m->region, &k->span);
	lp_value_map_set(v->a, c, "subset", or_false(v, has_subset(k), subset_view, k));
	lp_value_map_set(v->a, c, "cloudwatch", or_false(v, (k->to & LP_DEST_CLOUDWATCH) != 0, cloudwatch_view, k));
	lp_value_map_set(v->a, c, "lake", or_false(v, (k->to & LP_DEST_LAKE) != 0, lake_view, k));
	return c;
}

static lp_value *service_view(view *v, const lp_model *m, const lp_service *s)
{
	lp_value *root = lp_value_map(v->a), *list = lp_value_list(v->a);
	const lp_container **cs = s->derived.by_name;
	size_t i;
	lp_value_map_set_string(v->a, root, "family", s->family, &s->span);
	flb(v, root, "parsers_file", "Parsers_File",
		s->router.config == LP_ROUTER_CONFIG_S3 ? LP_ECS_IMAGE_PARSERS_PATH : LP_ECS_PARSERS_PATH, &s->span);
	lp_value_map_set_bool(v->a, root, "health_check", s->router.health_check);
	for (i = 0; i < s->ncontainers; i++)
		lp_value_list_push(v->a, list, container_view(v, m, s, cs[i]));
	lp_value_map_set(v->a, root, "containers", list);
	return root;
}

/*
 * Renders template `name` against `ctx` unless a value was refused while
 * building it. A render with findings leaves `out` as it was, so a partial
 * file is never used (not even for the router image's hash).
 */
static int render(lp_buf *out, const char *name, view *v, const lp_value *ctx, lp_escaper e,
	lp_template_cache *tc)
{
	size_t start = out->size;
	int rc;
	if (v->refused)
		return 0; /* reported; the build writes nothing */
	rc = lp_template_cache_render(out, tc, name, ctx, e, v->d);
	if (rc == 1)
		lp_buf_truncate(out, start);
	return rc < 0 ? rc : 0;
}

int lp_render_fluentbit(lp_buf *out, const lp_model *m, const lp_service *s, lp_template_cache *tc, lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	view v = { &a, d, 0 };
	const lp_value *ctx = service_view(&v, m, s);
	int error = render(out, "fluent-bit.conf.mustache", &v, ctx, LP_ESCAPE_FLB_VALUE, tc);
	lp_arena_release(&a);
	return error;
}

int lp_render_fluentbit_parsers(lp_buf *out, const lp_model *m, const lp_service *s, lp_template_cache *tc,
	lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	view v = { &a, d, 0 };
	lp_value *ctx = lp_value_map(&a);
	int error;
	(void)m;
	lp_value_map_set_string(&a, ctx, "family", s->family, &s->span);
	flb(&v, ctx, "parser", "Name", LP_ECS_JSON_PARSER, &s->span);
	error = render(out, "parsers.conf.mustache", &v, ctx, LP_ESCAPE_FLB_VALUE, tc);
	lp_arena_release(&a);
	return error;
}

int lp_render_fluentbit_dockerfile(lp_buf *out, const lp_model *m, const lp_service *s, const char *router_image,
	lp_template_cache *tc, lp_diag *d)
{
	lp_arena a = LP_ARENA_INIT;
	view v = { &a, d, 0 };
	lp_value *ctx = lp_value_map(&a);
	const lp_span *image_span = s->router.image_span.line ? &s->router.image_span : &s->router.span;
	const char *why = "an image is required";
	lp_buf scratch = LP_BUF_INIT;
	int error;
	(void)m;
	/* Checked here too so the finding says which image; the template's escaper is the same. */
	if (!s->router.image ||
		lp_escape_docker_word(&scratch, s->router.image, strlen(s->router.image), &why) != 0) {
		lp_diag_error(d, "LP-FB-VALUE", image_span, "use a plain image reference (registry/name:tag)",
			"router image '%s' cannot be written into a Dockerfile: %s", s->router.image ? s->router.image : "",
			why);
		v.refused = 1;
	}
	lp_buf_release(&scratch);
	lp_value_map_set_string(&a, ctx, "family", s->family, &s->span);
	lp_value_map_set_string(&a, ctx, "image", router_image, image_span);
	lp_value_map_set_string(&a, ctx, "base_image", s->router.image ? s->router.image : "", image_span);
	lp_value_map_set_string(&a, ctx, "config_path", s->derived.config_path, &s->router.span);
	lp_value_map_set_string(&a, ctx, "parsers_path", LP_ECS_PARSERS_PATH, NULL);
	error = render(out, "Dockerfile.mustache", &v, ctx, LP_ESCAPE_DOCKER_WORD, tc);
	lp_arena_release(&a);
	return error;
}
