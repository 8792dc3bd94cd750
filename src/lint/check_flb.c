#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/checks.h"
#include "read/flb_regex.h"

static int is_one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(v, *list))
			return 1;
	return 0;
}

static int is_positive_int(const char *v)
{
	char *end;
	long n;
	if (!*v || !isdigit((unsigned char)*v))
		return 0;
	n = strtol(v, &end, 10);
	return !*end && n > 0;
}

/* Values are checked only when written literally: ${VAR} is resolved at run time. */
static int is_reference(const char *v)
{
	return strstr(v, "${") != NULL;
}

static void check_retry(lp_diag *d, const lp_flb_section *s)
{
	static const char *const words[] = { "no_limits", "false", "off", "no_retries", NULL };
	const lp_flb_entry *e = lp_flb_get(s, "retry_limit");
	if (e && !is_reference(e->value) && !is_positive_int(e->value) && !is_one_of(e->value, words))
		lp_check__report(d, "LP-FLB-RETRY", &e->value_span, "use a positive integer, no_limits, false/off or no_retries",
			"retry_limit '%s' is not a value Fluent Bit accepts", e->value);
}

static void check_retention(lp_diag *d, const lp_flb_section *s)
{
	/*
	 * The plugin passes the value to PutRetentionPolicy: what CloudWatch
	 * accepts today, the list LP-CW-RETENTION-VALUE and the spec schema use
	 * (Fluent Bit's docs still show the list from before 1096, 2192, 2557,
	 * 2922 and 3288 were added).
	 */
	static const long allowed[] = { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
		2557, 2922, 3288, 3653 };
	const lp_flb_entry *e = lp_flb_get(s, "log_retention_days");
	size_t i;
	char *end;
	long v;
	if (!e || is_reference(e->value))
		return;
	v = strtol(e->value, &end, 10);
	if (!*end && v == 0)
		return; /* 0: leave retention alone (the default) */
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (!*end && v == allowed[i])
			return;
	lp_check__report(d, "LP-FLB-RETENTION", &e->value_span,
		"use one of 1,3,5,7,14,30,60,90,120,150,180,365,400,545,731,1096,1827,2192,2557,2922,3288,3653",
		"log_retention_days '%s' is not a retention CloudWatch Logs accepts", e->value);
}

/* An enumerated key: reported when written literally and not one of `allowed` (NULL-terminated). */
static void check_enum(lp_diag *d, const lp_flb_section *s, const char *key, const char *const *allowed, const char *hint)
{
	const lp_flb_entry *e = lp_flb_get(s, key);
	if (e && !is_reference(e->value) && !is_one_of(e->value, allowed))
		lp_check__report(d, "LP-FLB-VALUE", &e->value_span, hint, "%s '%s' is not a value Fluent Bit accepts", key,
			e->value);
}

static void check_bools(lp_diag *d, const lp_flb_section *s, const char *const *keys)
{
	static const char *const bools[] = { "true", "false", "on", "off", "yes", "no", NULL };
	for (; *keys; keys++)
		check_enum(d, s, *keys, bools, "use true or false");
}

/*
 * record_accessor templates: after a $var only '.' or ',' may follow
 * ($a.$b works; $a-$b and $a/$b do not resolve as intended).
 */
static void check_templates(lp_diag *d, const lp_flb_section *s)
{
	static const char *const keys[] = { "log_group_template", "log_stream_template", NULL };
	const char *const *k;
	for (k = keys; *k; k++) {
		const lp_flb_entry *e = lp_flb_get(s, *k);
		const char *v;
		if (!e)
			continue;
		for (v = e->value; *v; v++) {
			if (*v != '$' || v[1] == '{' || v[1] == '(')
				continue;
			v++;
			while (isalnum((unsigned char)*v) || *v == '_')
				v++;
			while (*v == '[') { /* $a['b'] */
				const char *close = strchr(v, ']');
				if (!close)
					break;
				v = close + 1;
			}
			if (*v && *v != '.' && *v != ',') {
				lp_check__report(d, "LP-FLB-TEMPLATE", &e->value_span,
					"separate record_accessor variables with '.', e.g. $kubernetes['namespace_name'].$tag",
					"'%c' after a $variable in %s is not supported by record_accessor templates", *v, *k);
				break;
			}
			v--;
		}
	}
}

static void wrong_generation_keys(lp_diag *d, const lp_flb_section *s, const char *plugin, const char *const *keys,
	const char *other)
{
	size_t i;
	for (i = 0; i < s->nentries; i++)
		if (is_one_of(s->entries[i].key, keys))
			lp_check__report(d, "LP-FLB-PLUGIN-KEY", &s->entries[i].key_span, NULL,
				"'%s' is a key of the %s plugin, not of '%s'", s->entries[i].key, other, plugin);
}

static void check_cloudwatch_logs(lp_diag *d, const lp_flb_section *s, const lp_flb_entry *name)
{
	static const char *const go_only[] = { "default_log_group_name", "default_log_stream_name", "new_log_group_tags",
		"credentials_endpoint", NULL };
	const lp_flb_entry *sn = lp_flb_get(s, "log_stream_name"), *sp = lp_flb_get(s, "log_stream_prefix");
	if (!lp_flb_get(s, "log_group_name"))
		lp_check__report(d, "LP-FLB-CWL-GROUP", &name->value_span, "add 'log_group_name' (the fallback of log_group_template)",
			"cloudwatch_logs output has no log_group_name");
	if (!sn && !sp)
		lp_check__report(d, "LP-FLB-CWL-STREAM", &name->value_span, "add 'log_stream_prefix' (the tag is appended)",
			"cloudwatch_logs output needs log_stream_name or log_stream_prefix");
	else if (sn && sp)
		lp_check__report(d, "LP-FLB-CWL-STREAM", &sp->key_span, "keep only one of them",
			"log_stream_prefix cannot be combined with log_stream_name");
	static const char *const classes[] = { "STANDARD", "INFREQUENT_ACCESS", NULL };
	static const char *const bool_keys[] = { "auto_create_group", "auto_retry_requests", "add_entity", NULL };
	wrong_generation_keys(d, s, "cloudwatch_logs", go_only, "Go 'cloudwatch'");
	check_retention(d, s);
	check_enum(d, s, "log_group_class", classes, "use STANDARD or INFREQUENT_ACCESS");
	check_bools(d, s, bool_keys);
	check_templates(d, s);
}

static void check_kinesis_firehose(lp_diag *d, const lp_flb_section *s, const lp_flb_entry *name)
{
	if (!lp_flb_get(s, "delivery_stream"))
		lp_check__report(d, "LP-FLB-FH-REQUIRED", &name->value_span, "add 'delivery_stream'",
			"kinesis_firehose output has no delivery_stream");
	static const char *const compressions[] = { "gzip", "zstd", "snappy", "arrow", NULL };
	static const char *const bool_keys[] = { "auto_retry_requests", "simple_aggregation", NULL };
	if (!lp_flb_get(s, "region"))
		lp_check__report(d, "LP-FLB-FH-REQUIRED", &name->value_span, "add 'region' (e.g. ${AWS_REGION})",
			"kinesis_firehose output has no region");
	check_enum(d, s, "compression", compressions, "use gzip (zstd and snappy need a recent Fluent Bit)");
	check_bools(d, s, bool_keys);
}

static void check_go_plugin(lp_diag *d, const lp_flb_section *s, const lp_flb_entry *name)
{
	static const struct {
		const char *go, *c;
	} plugins[] = { { "firehose", "kinesis_firehose" }, { "cloudwatch", "cloudwatch_logs" }, { "kinesis", "kinesis_streams" } };
	static const char *const c_only[] = { "metric_namespace", "metric_dimensions", "auto_retry_requests", "workers", NULL };
	size_t i;
	for (i = 0; i < sizeof(plugins) / sizeof(plugins[0]); i++)
		if (!strcasecmp(name->value, plugins[i].go)) {
			lp_check__report(d, "LP-FLB-GO-PLUGIN", &name->value_span, NULL,
				"'%s' is the legacy Go plugin; the core C plugin '%s' uses fewer resources", plugins[i].go,
				plugins[i].c);
			wrong_generation_keys(d, s, plugins[i].go, c_only, "C");
		}
	if (!strcasecmp(name->value, "cloudwatch"))
		check_retention(d, s);
}

/*
 * Reports regex `re` (`len` bytes at byte `off` of entry `e`'s value) that
 * Fluent Bit would refuse at start-up or read differently (src/read/flb_regex.h).
 */
static void check_regex(lp_diag *d, const lp_flb_entry *e, size_t off, size_t len)
{
	lp_flb_regex_result r;
	lp_span sp = e->value_span;
	size_t i, at;
	if (lp_flb_regex_check(&r, NULL, e->value + off, len) < 0 || (r.status == LP_FLB_REGEX_OK && !r.backtracking))
		return;
	at = off + (r.status == LP_FLB_REGEX_OK ? r.backtracking_offset : r.offset);
	/* the column of that byte when the value is written as read (no ${...} expanded) */
	if (!strcmp(e->value, e->raw) && sp.line == sp.end_line)
		for (i = 0; i < at && e->value[i]; i++)
			sp.col += ((unsigned char)e->value[i] & 0xC0) != 0x80;
	sp.end_line = sp.line;
	sp.end_col = sp.col + 1;
	if (r.status == LP_FLB_REGEX_INVALID)
		lp_check__report(d, "LP-FLB-REGEX", &sp, "Fluent Bit stops at start-up on an invalid regex; fix the pattern",
			"%s: not a valid regex: %s", e->key, r.why);
	else if (r.status == LP_FLB_REGEX_DIFFERS)
		lp_check__report(d, "LP-FLB-REGEX", &sp, r.help, "%s: %s", e->key, r.why);
	else
		lp_check__report(d, "LP-FLB-REGEX-BACKTRACK", &sp,
			"make the inner repeat possessive (a++) or the group atomic ((?>...)), or match more narrowly",
			"%s: a repeated group that itself repeats can backtrack for exponential time", e->key);
}

/* The byte offset and length of word `n` (0-based, blank-separated) of `v`; 0 when there is none. */
static int word(const char *v, unsigned n, size_t *off, size_t *len, int rest)
{
	size_t i = 0;
	for (;;) {
		while (v[i] == ' ' || v[i] == '\t')
			i++;
		if (!v[i])
			return 0;
		if (!n--)
			break;
		while (v[i] && v[i] != ' ' && v[i] != '\t')
			i++;
	}
	*off = i;
	*len = rest ? strlen(v + i) : strcspn(v + i, " \t");
	return 1;
}

/*
 * The regexes Fluent Bit compiles with flb_regex_create: Match_Regex
 * anywhere, the second word of a rewrite_tag Rule, what follows the key of
 * grep's Regex and Exclude, and a regex parser's Regex.
 */
static void check_regexes(lp_diag *d, const lp_flb_section *s, const char *plugin)
{
	size_t i, off, len;
	for (i = 0; i < s->nentries; i++) {
		const lp_flb_entry *e = &s->entries[i];
		if (!strcasecmp(e->key, "Match_Regex") && word(e->value, 0, &off, &len, 1))
			check_regex(d, e, off, len);
		else if (plugin && !strcasecmp(plugin, "rewrite_tag") && !strcasecmp(e->key, "Rule") &&
			word(e->value, 1, &off, &len, 0))
			check_regex(d, e, off, len);
		else if (plugin && !strcasecmp(plugin, "grep") && (!strcasecmp(e->key, "Regex") || !strcasecmp(e->key, "Exclude")) &&
			word(e->value, 1, &off, &len, 1))
			check_regex(d, e, off, len);
		else if (s->kind == LP_FLB_PARSER && !strcasecmp(e->key, "Regex") && word(e->value, 0, &off, &len, 1))
			check_regex(d, e, off, len);
	}
}

#define FIRELENS_FORWARD "LP-FLB-FIRELENS-FORWARD"

int lp_check_flb_firelens_only(const char *rule)
{
	return !strcmp(rule, FIRELENS_FORWARD);
}

void lp_check_flb(const lp_flb_conf *c, int firelens, lp_diag *d)
{
	size_t i;
	for (i = 0; i < c->nsections; i++) {
		const lp_flb_section *s = &c->sections[i];
		const lp_flb_entry *name = lp_flb_get(s, "Name");
		check_regexes(d, s, name ? name->value : NULL);
		if (s->kind != LP_FLB_INPUT && s->kind != LP_FLB_FILTER && s->kind != LP_FLB_OUTPUT)
			continue;
		if (!name) {
			lp_check__report(d, "LP-FLB-NAME", &s->span, "add 'Name <plugin>'", "[%s] section has no Name", s->name);
			continue;
		}
		if (firelens == 1 && s->kind == LP_FLB_INPUT && !strcasecmp(name->value, "forward"))
			lp_check__report(d, FIRELENS_FORWARD, &name->value_span,
				"remove this section: FireLens supplies the forward input (lint with --kind fluent-bit when "
				"Fluent Bit runs this file on its own)",
				"FireLens already adds a forward input; another one in its custom configuration conflicts with it");
		if (s->kind != LP_FLB_OUTPUT)
			continue;
		check_retry(d, s);
		if (!strcasecmp(name->value, "cloudwatch_logs"))
			check_cloudwatch_logs(d, s, name);
		else if (!strcasecmp(name->value, "kinesis_firehose"))
			check_kinesis_firehose(d, s, name);
		else
			check_go_plugin(d, s, name);
	}
}
