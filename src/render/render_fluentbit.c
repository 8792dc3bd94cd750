#include "render_ecs.h"

#include <string.h>

#include "render/escape.h"
#include "util/mem.h"

/*
 * The Fluent Bit side of FireLens: a classic-format configuration that the
 * router loads next to the input FireLens generates (aws-facts §1.1). Each
 * container's records carry the tag <container>-firelens-<task id>, so every
 * filter and output matches derived.match and a container reaches only its
 * own destinations. The core C outputs cloudwatch_logs and kinesis_firehose
 * are used (aws-facts §1.4, §1.5).
 */

/* Fluent Bit's generic retry count for both outputs: a few retries, not an unbounded backlog. */
#define RETRY_LIMIT "2"
/* What Firehose's record format conversion parses without extra settings (java.sql.Timestamp). */
#define DEFAULT_TIME_FORMAT "%Y-%m-%d %H:%M:%S.%3N"

typedef struct conf {
	lp_buf *out;
	lp_diag *d;
	int bad; /* a value could not be written; the artifact must not be used */
} conf;

/*
 * A classic-format value is the rest of the line after the key, trimmed, with
 * ${VAR} expanded from the environment. What cannot survive that (line
 * breaks, control characters, '${', surrounding blanks: the escaper's rules)
 * is refused at the spec position instead of being written differently from
 * the spec. An empty or missing value would leave the key without one.
 */
static void kv(conf *c, const char *key, const char *value, const lp_span *sp)
{
	const char *why = "Fluent Bit needs a value after the key";
	lp_buf v = LP_BUF_INIT;
	if (!value || !*value || lp_escape_flb_value(&v, value, strlen(value), &why) != 0) {
		lp_diag_error(c->d, "LP-FB-VALUE", sp, "remove line breaks, control characters, '${' and surrounding blanks",
			"'%s' cannot be written as a Fluent Bit value for '%s': %s", value ? value : "", key, why);
		c->bad = 1;
	} else {
		lp_buf_printf(c->out, "    %-18s %s\n", key, v.ptr);
	}
	lp_buf_release(&v);
}

static void section(conf *c, const char *name)
{
	lp_buf_printf(c->out, "\n[%s]\n", name);
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

static void container_filters(conf *c, const lp_service *s, const lp_container *k)
{
	if (k->format == LP_LOG_JSON) {
		/* The app's line is in `log`; Reserve_Data keeps the ECS metadata next to the parsed keys. */
		section(c, "FILTER");
		kv(c, "Name", "parser", &k->span);
		kv(c, "Match", k->derived.match, &k->span);
		kv(c, "Key_Name", "log", &k->span);
		kv(c, "Parser", parser_name(s), &k->span);
		kv(c, "Reserve_Data", "On", &k->span);
	}
	if ((k->to & LP_DEST_CLOUDWATCH) && k->cw_only_key && k->cw_only_regex) {
		/*
		 * The real-time subset: matching records are copied under cw.<tag> for
		 * CloudWatch; the original goes on to the lake (keep = true) or, without
		 * the lake, is dropped here.
		 */
		lp_buf rule = LP_BUF_INIT, emitter = LP_BUF_INIT;
		lp_buf_printf(&rule, "$%s %s cw.$TAG %s", k->cw_only_key, k->cw_only_regex,
			(k->to & LP_DEST_LAKE) ? "true" : "false");
		lp_buf_printf(&emitter, "cw_%s", k->name);
		section(c, "FILTER");
		kv(c, "Name", "rewrite_tag", &k->cw_only_span);
		kv(c, "Match", k->derived.match, &k->cw_only_span);
		kv(c, "Rule", rule.ptr, &k->cw_only_span);
		kv(c, "Emitter_Name", emitter.ptr, &k->cw_only_span);
		lp_buf_release(&rule);
		lp_buf_release(&emitter);
	}
}

static void container_outputs(conf *c, const lp_model *m, const lp_container *k)
{
	if (k->to & LP_DEST_CLOUDWATCH) {
		lp_buf match = LP_BUF_INIT;
		if (k->cw_only_key && k->cw_only_regex)
			lp_buf_printf(&match, "cw.%s", k->derived.match);
		else
			lp_buf_puts(&match, k->derived.match);
		section(c, "OUTPUT");
		kv(c, "Name", "cloudwatch_logs", &k->span);
		kv(c, "Match", match.ptr, &k->span);
		kv(c, "region", m->region, &k->span);
		kv(c, "log_group_name", k->derived.log_group, &k->span);
		/* The tag (<container>-firelens-<task id>) is appended: one stream per task. */
		kv(c, "log_stream_prefix", "ecs-", &k->span);
		/* Groups are created with retention and KMS from cloudwatch/log-groups.json. */
		kv(c, "auto_create_group", "false", &k->span);
		if (k->format == LP_LOG_TEXT)
			kv(c, "log_key", "log", &k->span);
		kv(c, "retry_limit", RETRY_LIMIT, &k->span);
		lp_buf_release(&match);
	}
	if (k->to & LP_DEST_LAKE) {
		section(c, "OUTPUT");
		kv(c, "Name", "kinesis_firehose", &k->span);
		kv(c, "Match", k->derived.match, &k->span);
		kv(c, "region", m->region, &k->span);
		kv(c, "delivery_stream", k->derived.stream, &k->span);
		/*
		 * A JSON app that logs its own time_key keeps it; otherwise Fluent Bit
		 * adds the record time under that key so the table has a timestamp.
		 */
		if (k->time_key && (k->format == LP_LOG_TEXT || !has_field(k, k->time_key))) {
			kv(c, "time_key", k->time_key, &k->span);
			kv(c, "time_key_format", k->time_format ? k->time_format : DEFAULT_TIME_FORMAT, &k->span);
		}
		kv(c, "retry_limit", RETRY_LIMIT, &k->span);
	}
}

static const char *dest_text(unsigned to)
{
	switch (to & (LP_DEST_CLOUDWATCH | LP_DEST_LAKE)) {
	case LP_DEST_CLOUDWATCH: return "CloudWatch Logs";
	case LP_DEST_LAKE: return "the lake (Firehose)";
	case LP_DEST_CLOUDWATCH | LP_DEST_LAKE: return "CloudWatch Logs and the lake (Firehose)";
	}
	return "nowhere";
}

int lp_render_fluentbit(lp_buf *out, const lp_model *m, const lp_service *s, const lp_render_opts *o, lp_diag *d)
{
	conf c = { out, d, 0 };
	const lp_container **cs = lp_render_ecs__sorted(s);
	size_t i;
	(void)o;
	lp_buf_printf(out, "# Generated by logpipe for task definition family %s; do not edit.\n", s->family);
	lp_buf_puts(out, "# FireLens adds the forward input; this file parses and routes each container's records.\n");
	section(&c, "SERVICE");
	kv(&c, "Flush", "1", &s->span);
	kv(&c, "Grace", "30", &s->span);
	kv(&c, "Log_Level", "info", &s->span);
	kv(&c, "Parsers_File", s->router.config == LP_ROUTER_CONFIG_S3 ? LP_ECS_IMAGE_PARSERS_PATH : LP_ECS_PARSERS_PATH,
		&s->span);
	if (s->router.health_check) {
		/* The monitoring server behind the task definition's uptime health check. */
		kv(&c, "HTTP_Server", "On", &s->router.span);
		kv(&c, "HTTP_Listen", "127.0.0.1", &s->router.span);
		kv(&c, "HTTP_Port", "2020", &s->router.span);
	}
	for (i = 0; i < s->ncontainers; i++) {
		const lp_container *k = cs[i];
		lp_buf_printf(out, "\n# Container %s: %s logs to %s.\n", k->name, k->format == LP_LOG_JSON ? "JSON" : "text",
			dest_text(k->to));
		container_filters(&c, s, k);
		container_outputs(&c, m, k);
	}
	lp_free(cs);
	return out->toobig ? -1 : 0;
}

int lp_render_fluentbit_parsers(lp_buf *out, const lp_model *m, const lp_service *s, const lp_render_opts *o,
	lp_diag *d)
{
	(void)m;
	(void)o;
	(void)d;
	lp_buf_printf(out, "# Generated by logpipe for task definition family %s; do not edit.\n", s->family);
	/*
	 * Fluent Bit's stock `json` parser sets Time_Key time and drops that key
	 * once parsed; the lake wants every key the app logged, so this parser
	 * takes none.
	 */
	lp_buf_puts(out, "# A json parser that keeps every key (the stock one consumes 'time').\n");
	lp_buf_puts(out, "\n[PARSER]\n");
	lp_buf_printf(out, "    %-18s %s\n", "Name", LP_ECS_JSON_PARSER);
	lp_buf_printf(out, "    %-18s %s\n", "Format", "json");
	return out->toobig ? -1 : 0;
}

/* A Dockerfile word: no whitespace or line breaks that would split or end the instruction. */
static int docker_word_ok(const char *v)
{
	return *v && !strpbrk(v, " \t\r\n\\");
}

int lp_render_fluentbit_dockerfile(lp_buf *out, const lp_model *m, const lp_service *s, const char *router_image,
	const lp_render_opts *o, lp_diag *d)
{
	(void)m;
	(void)o;
	if (!s->router.image || !docker_word_ok(s->router.image)) {
		lp_diag_error(d, "LP-FB-VALUE", s->router.image_span.line ? &s->router.image_span : &s->router.span,
			"remove spaces and line breaks", "router image '%s' cannot be written into a Dockerfile",
			s->router.image ? s->router.image : "");
		return 0;
	}
	lp_buf_printf(out, "# Generated by logpipe for task definition family %s; do not edit.\n", s->family);
	lp_buf_puts(out, "# Fargate reads FireLens configuration only from a file in the image: this bakes it in.\n");
	lp_buf_puts(out, "# Build from this directory and push the tag the task definition runs:\n");
	lp_buf_printf(out, "#   docker build -t %s -f %s.Dockerfile .\n", router_image, s->family);
	lp_buf_printf(out, "#   docker push %s\n", router_image);
	lp_buf_printf(out, "FROM %s\n", s->router.image);
	lp_buf_printf(out, "COPY %s.fluent-bit.conf %s\n", s->family, s->derived.config_path);
	lp_buf_printf(out, "COPY %s.parsers.conf %s\n", s->family, LP_ECS_PARSERS_PATH);
	return out->toobig ? -1 : 0;
}
