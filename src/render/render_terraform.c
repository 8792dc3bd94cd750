#include "render_terraform.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "render/render_ecs.h"
#include "render/render_iam.h"
#include "render/render_lake.h"
#include "util/error.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/strmap.h"

/*
 * Terraform JSON syntax (developer.hashicorp.com/terraform/language/syntax/json):
 * "resource" -> type -> name -> body; a nested block is an object, repeated
 * blocks an array of objects. Bodies are not built here: each is the API
 * document of the matching artifact, walked once and renamed by the rule
 * table of its resource type. A key without a rule becomes its snake_case
 * form, which is what the AWS provider uses for most arguments; the tables
 * list only where the provider departs from that.
 */

typedef enum {
	TF_RENAME, /* attribute `attr`; the value is mapped like any other */
	TF_HOIST,  /* no block of its own: its members join the enclosing block */
	TF_DROP,   /* no attribute: the provider's default means the same */
	TF_MAP,    /* map attribute `attr`: keys are data, not attribute names */
	TF_JSON,   /* string attribute `attr` holding the value as compact JSON */
} tf_action;

typedef struct tf_rule {
	const char *api;
	tf_action action;
	const char *attr;
} tf_rule;

/* aws_cloudwatch_log_group from an item of cloudwatch/log-groups.json. */
static const tf_rule loggroup_rules[] = {
	{ "LogGroupName", TF_RENAME, "name" },
	{ NULL, TF_DROP, NULL },
};

/* aws_ecs_task_definition from a RegisterTaskDefinition input. */
static const tf_rule taskdef_rules[] = {
	{ "containerDefinitions", TF_JSON, "container_definitions" },
	{ NULL, TF_DROP, NULL },
};

/* aws_glue_catalog_table from a Glue CreateTable input. */
static const tf_rule glue_rules[] = {
	{ "TableInput", TF_HOIST, NULL },
	{ "Parameters", TF_MAP, "parameters" },
	{ "SerdeInfo", TF_RENAME, "ser_de_info" },
	{ NULL, TF_DROP, NULL },
};

/* aws_kinesis_firehose_delivery_stream from a CreateDeliveryStream input. */
static const tf_rule firehose_rules[] = {
	{ "DeliveryStreamName", TF_RENAME, "name" },
	/* DirectPut is what the resource creates without kinesis_source_configuration. */
	{ "DeliveryStreamType", TF_DROP, NULL },
	{ "DeliveryStreamEncryptionConfigurationInput", TF_RENAME, "server_side_encryption" },
	{ "ExtendedS3DestinationConfiguration", TF_RENAME, "extended_s3_configuration" },
	/* Provider 5.x flattens the buffering hints and the KMS config into the destination block. */
	{ "BufferingHints", TF_HOIST, NULL },
	{ "SizeInMBs", TF_RENAME, "buffering_size" },
	{ "IntervalInSeconds", TF_RENAME, "buffering_interval" },
	{ "EncryptionConfiguration", TF_HOIST, NULL },
	{ "KMSEncryptionConfig", TF_HOIST, NULL },
	{ "AWSKMSKeyARN", TF_RENAME, "kms_key_arn" },
	{ "CloudWatchLoggingOptions", TF_RENAME, "cloudwatch_logging_options" },
	{ NULL, TF_DROP, NULL },
};

#define IS_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_LOWER(c) ((c) >= 'a' && (c) <= 'z')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

void lp_render_terraform__snake(lp_buf *out, const char *key)
{
	size_t i;
	for (i = 0; key[i]; i++) {
		char c = key[i];
		if (!IS_UPPER(c)) {
			lp_buf_putc(out, c);
			continue;
		}
		/* A word starts at an upper-case letter after a lower-case one or a digit, or at the last capital of an acronym. */
		if (i > 0 && (IS_LOWER(key[i - 1]) || IS_DIGIT(key[i - 1]) ||
			(IS_UPPER(key[i - 1]) && IS_LOWER(key[i + 1]))))
			lp_buf_putc(out, '_');
		lp_buf_putc(out, (char)(c - 'A' + 'a'));
	}
}

void lp_render_terraform__ident(lp_buf *out, const char *name)
{
	size_t start = out->size;
	const char *p;
	for (p = name; *p; p++) {
		char c = *p;
		if (IS_UPPER(c)) {
			lp_buf_putc(out, (char)(c - 'A' + 'a'));
		} else if (IS_LOWER(c) || IS_DIGIT(c)) {
			lp_buf_putc(out, c);
		} else if (out->size > start && out->ptr[out->size - 1] != '_') {
			lp_buf_putc(out, '_');
		}
	}
	while (out->size > start && out->ptr[out->size - 1] == '_')
		lp_buf_truncate(out, out->size - 1);
	if (out->size == start || !IS_LOWER(out->ptr[start])) {
		lp_buf stem = LP_BUF_INIT;
		lp_buf_put(&stem, out->ptr + start, out->size - start);
		lp_buf_truncate(out, start);
		lp_buf_putc(out, '_');
		lp_buf_put(out, stem.ptr, stem.size);
		lp_buf_release(&stem);
	}
}

/*
 * A string Terraform reads literally: JSON strings are templates, so "${"
 * and "%{" (the Glue storage.location.template has "${col}") are doubled.
 */
static cJSON *tf_string(const char *s)
{
	lp_buf b = LP_BUF_INIT;
	cJSON *v;
	for (; *s; s++) {
		if ((s[0] == '$' || s[0] == '%') && s[1] == '{')
			lp_buf_putc(&b, s[0]);
		lp_buf_putc(&b, s[0]);
	}
	v = cJSON_CreateString(b.ptr);
	lp_buf_release(&b);
	return v;
}

static void add_string(cJSON *obj, const char *key, const char *value)
{
	cJSON_AddItemToObject(obj, key, tf_string(value));
}

static const tf_rule *find_rule(const tf_rule *rules, const char *key)
{
	for (; rules->api; rules++)
		if (!strcmp(rules->api, key))
			return rules;
	return NULL;
}

/* For values inside a map attribute, where no key is an attribute name. */
static const tf_rule no_rules[] = { { NULL, TF_DROP, NULL } };

static void map_members(cJSON *out, const cJSON *obj, const tf_rule *rules);

static cJSON *map_value(const cJSON *v, const tf_rule *rules)
{
	const cJSON *c;
	cJSON *out;
	if (cJSON_IsString(v))
		return tf_string(v->valuestring);
	if (cJSON_IsObject(v)) {
		out = cJSON_CreateObject();
		map_members(out, v, rules);
		return out;
	}
	if (cJSON_IsArray(v)) {
		out = cJSON_CreateArray();
		for (c = v->child; c; c = c->next)
			cJSON_AddItemToArray(out, map_value(c, rules));
		return out;
	}
	return cJSON_Duplicate(v, 1);
}

static void map_members(cJSON *out, const cJSON *obj, const tf_rule *rules)
{
	const cJSON *c;
	for (c = obj->child; c; c = c->next) {
		const tf_rule *r = find_rule(rules, c->string);
		if (!r) {
			lp_buf name = LP_BUF_INIT;
			lp_render_terraform__snake(&name, c->string);
			cJSON_AddItemToObject(out, name.ptr, map_value(c, rules));
			lp_buf_release(&name);
			continue;
		}
		switch (r->action) {
		case TF_RENAME:
			cJSON_AddItemToObject(out, r->attr, map_value(c, rules));
			break;
		case TF_HOIST:
			map_members(out, c, rules);
			break;
		case TF_DROP:
			break;
		case TF_MAP: {
			/* Keys of a map expression are templates too (HCL JSON spec), so they are escaped like values. */
			cJSON *map = cJSON_AddObjectToObject(out, r->attr);
			const cJSON *kv;
			for (kv = c->child; kv; kv = kv->next) {
				cJSON *key = tf_string(kv->string);
				cJSON_AddItemToObject(map, key->valuestring, map_value(kv, no_rules));
				cJSON_Delete(key);
			}
			break;
		}
		case TF_JSON: {
			char *json = cJSON_PrintUnformatted(c);
			add_string(out, r->attr, json);
			cJSON_free(json);
			break;
		}
		}
	}
}

/*
 * The document and the resource names given so far. Names derive here and
 * only here: lp_render_terraform__ident of the AWS name, and "_2", "_3", ...
 * when two AWS names of one type sanitise alike (input is sorted, so the
 * suffixes are stable).
 *
 * No resource body is kept as a tree: each is printed once complete, at the
 * depth it has in the file, into the text of its type, and freed. At 10,000
 * services the bodies as cJSON nodes would be several times the 150 MB the
 * file has; the sort, depends_on and the outputs need only each resource's
 * type, name and AWS name.
 */
typedef struct tf_name {
	size_t type; /* its tf_type, an index in tf_doc.types */
	char *aws_name, *name;
	size_t text_off, text_len; /* its body in the text of its tf_type */
} tf_name;

/* The resources of one type, in the order of the file's "resource" object. */
typedef struct tf_type {
	const char *type;
	lp_buf text;		/* the bodies in the order they were added */
	const tf_name **sorted; /* by name; set by sort_resources */
	size_t n;
} tf_type;

typedef struct tf_doc {
	/* "//", then "resource" (an empty placeholder where print_file puts the types), "variable", "output" */
	cJSON *root, *resources;
	tf_type *types;
	size_t ntypes;
	tf_name *names;
	size_t n, cap;
	/* "<type>\0<AWS name>" and "<type>\0<resource name>" -> index + 1 in names. */
	lp_strmap by_aws, taken;
} tf_doc;

/* The resources of `type`; NULL if none was added. Borrowed from `doc`. */
static tf_type *find_type(const tf_doc *doc, const char *type)
{
	size_t i;
	for (i = 0; i < doc->ntypes; i++)
		if (!strcmp(doc->types[i].type, type))
			return &doc->types[i];
	return NULL;
}

/*
 * `key` := "<type>\0<name>".
 * Filled in a statement of its own before the lookup: a call whose
 * arguments both read key.ptr and refill the key may read the pointer
 * before the refill moves it (C leaves their order open).
 */
static void type_key(lp_buf *key, const char *type, const char *name)
{
	lp_buf_clear(key);
	lp_buf_puts(key, type);
	lp_buf_putc(key, '\0');
	lp_buf_puts(key, name);
}

static const tf_name *find_name(const tf_doc *doc, const char *type, const char *aws_name)
{
	lp_buf key = LP_BUF_INIT;
	size_t i;
	type_key(&key, type, aws_name);
	i = (size_t)(uintptr_t)lp_strmap_get(&doc->by_aws, key.ptr, key.size);
	lp_buf_release(&key);
	return i ? &doc->names[i - 1] : NULL;
}

/* resource -> <type> -> <name> -> body: the body's members are at this depth + 1. */
#define TF_BODY_DEPTH 3

/*
 * Puts the finished `body` (now owned and freed here) under
 * resource.<type>.<derived name>, printed. A body past the size cap needs no
 * error here: the file holding it is past the cap too, and print_file
 * reports it.
 */
static void add_resource(tf_doc *doc, const char *type, const char *aws_name, cJSON *body)
{
	lp_buf name = LP_BUF_INIT, key = LP_BUF_INIT;
	tf_type *of_type = find_type(doc, type);
	tf_name *added;
	size_t base, seq = 1;
	if (!of_type) {
		doc->types = lp_realloc(doc->types, (doc->ntypes + 1) * sizeof(*doc->types));
		of_type = &doc->types[doc->ntypes++];
		of_type->type = type;
		lp_buf_init(&of_type->text);
		of_type->sorted = NULL;
		of_type->n = 0;
	}
	lp_render_terraform__ident(&name, aws_name);
	base = name.size;
	for (type_key(&key, type, name.ptr); lp_strmap_get(&doc->taken, key.ptr, key.size);
	     type_key(&key, type, name.ptr)) {
		lp_buf_truncate(&name, base);
		lp_buf_printf(&name, "_%zu", ++seq);
	}
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? doc->cap * 2 : 16;
		doc->names = lp_realloc(doc->names, doc->cap * sizeof(*doc->names));
	}
	added = &doc->names[doc->n++];
	added->type = (size_t)(of_type - doc->types);
	added->aws_name = lp_strdup(aws_name);
	added->name = lp_strdup(name.ptr);
	added->text_off = of_type->text.size;
	lp_json_print_at(&of_type->text, body, TF_BODY_DEPTH);
	added->text_len = of_type->text.size - added->text_off;
	of_type->n++;
	cJSON_Delete(body);
	lp_strmap_set(&doc->taken, key.ptr, key.size, (void *)(uintptr_t)doc->n);
	/* The first resource of an AWS name is the one dependencies name. */
	type_key(&key, type, aws_name);
	if (!lp_strmap_get(&doc->by_aws, key.ptr, key.size))
		lp_strmap_set(&doc->by_aws, key.ptr, key.size, (void *)(uintptr_t)doc->n);
	lp_buf_release(&name);
	lp_buf_release(&key);
}

/* Appends "<type>.<name>" of an AWS name given earlier to a depends_on list; nothing if none was. */
static void add_dependency(cJSON *deps, const tf_doc *doc, const char *type, const char *aws_name)
{
	const tf_name *n = aws_name ? find_name(doc, type, aws_name) : NULL;
	lp_buf ref = LP_BUF_INIT;
	if (!n)
		return;
	lp_buf_printf(&ref, "%s.%s", type, n->name);
	cJSON_AddItemToArray(deps, cJSON_CreateString(ref.ptr));
	lp_buf_release(&ref);
}

/*
 * Puts `item` under `key` at position `pos` of `obj`, so fixed attributes read
 * first: appends it, then moves the members after `pos` behind it
 * (cJSON_InsertItemInArray refuses object members in cJSON 1.7.15).
 */
static void insert_member(cJSON *obj, int pos, const char *key, cJSON *item)
{
	int n = cJSON_GetArraySize(obj), i;
	cJSON_AddItemToObject(obj, key, item);
	for (i = pos; i < n; i++)
		cJSON_AddItemToArray(obj, cJSON_DetachItemFromArray(obj, pos));
}

static void add_log_groups(tf_doc *doc, const lp_model *m, lp_diag *d)
{
	cJSON *api = NULL;
	const cJSON *g;
	lp_render_loggroups_json(&api, m, d);
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(api, "LogGroups"))
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(g, "LogGroupName");
		add_resource(doc, "aws_cloudwatch_log_group", name->valuestring, map_value(g, loggroup_rules));
	}
	cJSON_Delete(api);
}

/* `name` is the planner's (derived.task_policy, derived.execution_policy), checked against IAM's limit. */
static void add_policy(tf_doc *doc, const lp_service *s, const char *what, const char *name, cJSON *policy)
{
	lp_buf desc = LP_BUF_INIT;
	char *json = cJSON_PrintUnformatted(policy);
	cJSON *body = cJSON_CreateObject();
	lp_buf_printf(&desc, "%s role of ECS task family %s (iam/%s.%s-policy.json)", what, s->family, s->family, what);
	add_string(body, "name", name);
	add_string(body, "description", desc.ptr);
	add_string(body, "policy", json);
	add_resource(doc, "aws_iam_policy", name, body);
	cJSON_free(json);
	lp_buf_release(&desc);
}

static int add_service(tf_doc *doc, const lp_model *m, const lp_service *s, lp_render_run *run, lp_diag *d)
{
	const char *image;
	cJSON *api = NULL;
	int error;
	if ((error = lp_render_iam_task_policy_json(&api, m, s, d)) < 0)
		goto done;
	add_policy(doc, s, "task", s->derived.task_policy, api);
	cJSON_Delete(api);
	api = NULL;
	if ((error = lp_render_iam_execution_policy_json(&api, m, s, d)) < 0)
		goto done;
	add_policy(doc, s, "execution", s->derived.execution_policy, api);
	cJSON_Delete(api);
	api = NULL;
	if ((error = lp_render_ecs_service_image(&image, m, s, run, d)) < 0 ||
		(error = lp_render_taskdef_json(&api, m, s, image, d)) < 0)
		goto done;
	add_resource(doc, "aws_ecs_task_definition", s->family, map_value(api, taskdef_rules));
done:
	cJSON_Delete(api);
	return error;
}

static void add_table(tf_doc *doc, const lp_lake_table *t)
{
	cJSON *api;
	lp_buf name = LP_BUF_INIT;
	lp_render_glue_json(&api, t);
	lp_buf_printf(&name, "%s.%s", t->db, t->name);
	add_resource(doc, "aws_glue_catalog_table", name.ptr, map_value(api, glue_rules));
	lp_buf_release(&name);
	cJSON_Delete(api);
}

static void add_stream(tf_doc *doc, const cJSON *api)
{
	const cJSON *s3 = cJSON_GetObjectItemCaseSensitive(api, "ExtendedS3DestinationConfiguration");
	const cJSON *schema = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(s3, "DataFormatConversionConfiguration"), "SchemaConfiguration");
	const cJSON *cw = cJSON_GetObjectItemCaseSensitive(s3, "CloudWatchLoggingOptions");
	cJSON *body = map_value(api, firehose_rules), *sse, *deps;
	insert_member(body, 1, "destination", cJSON_CreateString("extended_s3"));
	/* The API's encryption input means "on"; the provider's block has an explicit switch. */
	if ((sse = cJSON_GetObjectItemCaseSensitive(body, "server_side_encryption")))
		insert_member(sse, 0, "enabled", cJSON_CreateTrue());
	/* Order only: the stream converts against the table and logs errors to the group. */
	deps = cJSON_CreateArray();
	if (schema) {
		lp_buf table = LP_BUF_INIT;
		lp_buf_printf(&table, "%s.%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(schema, "DatabaseName")),
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(schema, "TableName")));
		add_dependency(deps, doc, "aws_glue_catalog_table", table.ptr);
		lp_buf_release(&table);
	}
	add_dependency(deps, doc, "aws_cloudwatch_log_group",
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cw, "LogGroupName")));
	if (cJSON_GetArraySize(deps))
		cJSON_AddItemToObject(body, "depends_on", deps);
	else
		cJSON_Delete(deps);
	add_resource(doc, "aws_kinesis_firehose_delivery_stream",
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(api, "DeliveryStreamName")), body);
}

/* Glue tables then streams, each in the order of the lake artifacts; `streams` pass 1 adds the streams. */
static int add_lake(tf_doc *doc, const lp_model *m, int streams, lp_diag *d)
{
	size_t i;
	int error = 0;
	for (i = 0; i < m->derived.nstreams && error >= 0; i++) {
		const lp_container *c = m->derived.streams[i];
		lp_arena a = LP_ARENA_INIT;
		lp_lake_table t;
		cJSON *api;
		if (streams) {
			if ((error = lp_render_firehose_json(&api, m, c, d)) >= 0) {
				add_stream(doc, api);
				cJSON_Delete(api);
			}
		} else if ((error = lp_lake_table_from_container(&t, &a, m, c)) >= 0) {
			add_table(doc, &t);
		}
		lp_arena_release(&a);
	}
	for (i = 0; i < m->nlog_sources && !streams && error >= 0; i++) {
		lp_arena a = LP_ARENA_INIT;
		lp_lake_table t;
		if ((error = lp_lake_table_from_source(&t, &a, m, &m->log_sources[i])) >= 0)
			add_table(doc, &t);
		lp_arena_release(&a);
	}
	return error;
}

/*
 * The Firehose delivery role: its permission policy always (the role may be
 * the user's own, named by lake.firehose_role), and the role itself with its
 * trust policy when the stream points at the planner's default role name.
 */
static int add_delivery_role(tf_doc *doc, const lp_model *m, lp_diag *d)
{
	lp_buf name = LP_BUF_INIT, role = LP_BUF_INIT, desc = LP_BUF_INIT;
	cJSON *api = NULL, *body;
	char *json;
	int error;
	if ((error = lp_render_iam_firehose_policy_json(&api, m, d)) < 0)
		return error;
	lp_buf_puts(&name, m->derived.delivery_policy);
	lp_buf_printf(&desc, "Firehose delivery role of the lake streams (iam/%s-firehose-delivery.policy.json)", m->name);
	body = cJSON_CreateObject();
	add_string(body, "name", name.ptr);
	add_string(body, "description", desc.ptr);
	json = cJSON_PrintUnformatted(api);
	add_string(body, "policy", json);
	add_resource(doc, "aws_iam_policy", name.ptr, body);
	cJSON_free(json);
	cJSON_Delete(api);
	lp_buf_printf(&role, "arn:aws:iam::%s:role/%s", m->account ? m->account : "", m->derived.delivery_role);
	if (m->lake.firehose_role && !strcmp(m->lake.firehose_role, role.ptr) &&
		(error = lp_render_iam_firehose_trust_json(&api, m)) >= 0) {
		lp_buf_clear(&name);
		lp_buf_puts(&name, m->derived.delivery_role);
		body = cJSON_CreateObject();
		add_string(body, "name", name.ptr);
		json = cJSON_PrintUnformatted(api);
		add_string(body, "assume_role_policy", json);
		add_resource(doc, "aws_iam_role", name.ptr, body);
		cJSON_free(json);
		cJSON_Delete(api);
	}
	lp_buf_release(&name);
	lp_buf_release(&role);
	lp_buf_release(&desc);
	return error;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(const tf_name *const *)a)->name, (*(const tf_name *const *)b)->name);
}

/*
 * Resources of each type by name, so the file does not depend on the order of
 * services or sources in the spec (the API artifacts get that from their paths).
 * Names are unique within a type, so the order is total.
 */
static void sort_resources(tf_doc *doc)
{
	size_t i, t, *filled = lp_calloc(doc->ntypes + 1, sizeof(*filled));
	for (t = 0; t < doc->ntypes; t++)
		doc->types[t].sorted = lp_malloc(doc->types[t].n * sizeof(*doc->types[t].sorted));
	for (i = 0; i < doc->n; i++) {
		t = doc->names[i].type;
		doc->types[t].sorted[filled[t]++] = &doc->names[i];
	}
	for (t = 0; t < doc->ntypes; t++)
		qsort(doc->types[t].sorted, doc->types[t].n, sizeof(*doc->types[t].sorted), cmp_name);
	lp_free(filled);
}

/* "${<type>.<name>.<attr>}" of a resource given earlier: a reference, written as is (never escaped). */
static cJSON *reference(const tf_doc *doc, const char *type, const char *aws_name, const char *attr)
{
	const tf_name *n = find_name(doc, type, aws_name);
	lp_buf ref = LP_BUF_INIT;
	cJSON *v;
	if (!n)
		LP_BUG("reference to a resource that was not added");
	lp_buf_printf(&ref, "${%s.%s.%s}", type, n->name, attr);
	v = cJSON_CreateString(ref.ptr);
	lp_buf_release(&ref);
	return v;
}

/* The role name of an IAM role ARN ("arn:aws:iam::1:role/path/name" -> "name"), or NULL. */
static const char *role_name(const char *arn)
{
	const char *r = arn ? strstr(arn, ":role/") : NULL, *slash;
	if (!r)
		return NULL;
	slash = strrchr(r, '/');
	return slash[1] ? slash + 1 : NULL;
}

/*
 * Attaches policy `policy` (an aws_iam_policy of the file) to a role: the
 * role the file creates, else the role the spec names by ARN. Without it the
 * roles exist but may do nothing (Firehose could not write to S3).
 * var.attach_policies turns every attachment off for callers who attach
 * policies their own way.
 */
static void add_attachment(tf_doc *doc, const char *policy, const char *role_arn, const char *created_role)
{
	const char *name = role_name(role_arn);
	cJSON *body;
	if (!created_role && !name)
		return;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "count", "${var.attach_policies ? 1 : 0}");
	if (created_role)
		cJSON_AddItemToObject(body, "role", reference(doc, "aws_iam_role", created_role, "name"));
	else
		add_string(body, "role", name);
	cJSON_AddItemToObject(body, "policy_arn", reference(doc, "aws_iam_policy", policy, "arn"));
	add_resource(doc, "aws_iam_role_policy_attachment", policy, body);
}

static void add_attachments(tf_doc *doc, const lp_model *m)
{
	lp_buf policy = LP_BUF_INIT, role = LP_BUF_INIT;
	size_t i;
	for (i = 0; i < m->nservices; i++) {
		const lp_service *s = &m->services[i];
		lp_buf_clear(&policy);
		lp_buf_printf(&policy, "%s-task-policy", s->family);
		add_attachment(doc, policy.ptr, s->task_role, NULL);
		lp_buf_clear(&policy);
		lp_buf_printf(&policy, "%s-execution-policy", s->family);
		add_attachment(doc, policy.ptr, s->execution_role, NULL);
	}
	if (m->derived.nstreams) {
		lp_buf_clear(&policy);
		lp_buf_printf(&policy, "%s-firehose-delivery-policy", m->name);
		lp_buf_printf(&role, "%s-firehose-delivery", m->name);
		add_attachment(doc, policy.ptr, m->lake.firehose_role,
			find_name(doc, "aws_iam_role", role.ptr) ? role.ptr : NULL);
	}
	lp_buf_release(&policy);
	lp_buf_release(&role);
}

static void add_output(cJSON *outputs, const char *name, const char *description, cJSON *value)
{
	cJSON *o = cJSON_AddObjectToObject(outputs, name);
	cJSON_AddStringToObject(o, "description", description);
	cJSON_AddItemToObject(o, "value", value);
}

/*
 * { "<AWS name>": "${<type>.<name>.<attr>}" } over every resource of `type`,
 * in the order of the sorted resources. AWS names are keys of an object
 * expression, so they are escaped like any template.
 */
static cJSON *map_of(const tf_doc *doc, const char *type, const char *attr)
{
	const tf_type *of_type = find_type(doc, type);
	cJSON *map = cJSON_CreateObject();
	size_t i;
	for (i = 0; of_type && i < of_type->n; i++) {
		const char *aws_name = of_type->sorted[i]->aws_name;
		cJSON *key = tf_string(aws_name);
		cJSON_AddItemToObject(map, key->valuestring, reference(doc, type, aws_name, attr));
		cJSON_Delete(key);
	}
	return map;
}

/* What a caller of the module reads (module.logpipe.firehose_role_arn, ...). */
static void add_outputs(tf_doc *doc, const lp_model *m)
{
	cJSON *outputs = cJSON_AddObjectToObject(doc->root, "output");
	static const struct {
		const char *type, *attr, *output, *description;
	} maps[] = {
		{ "aws_cloudwatch_log_group", "arn", "log_group_arns", "ARN of each log group, by log group name" },
		{ "aws_ecs_task_definition", "arn", "task_definition_arns", "ARN (with revision) of each task definition, by family" },
		{ "aws_ecs_task_definition", "revision", "task_definition_revisions", "revision of each task definition, by family" },
		{ "aws_iam_policy", "arn", "policy_arns", "ARN of each IAM policy, by policy name" },
		{ "aws_kinesis_firehose_delivery_stream", "arn", "firehose_stream_arns", "ARN of each Firehose stream, by stream name" },
		{ "aws_glue_catalog_table", "arn", "glue_table_arns", "ARN of each Glue table, by <database>.<table>" },
	};
	lp_buf role = LP_BUF_INIT;
	size_t i;
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (find_type(doc, maps[i].type))
			add_output(outputs, maps[i].output, maps[i].description, map_of(doc, maps[i].type, maps[i].attr));
	if (!m->derived.nstreams)
		return;
	lp_buf_printf(&role, "%s-firehose-delivery", m->name);
	if (find_name(doc, "aws_iam_role", role.ptr)) {
		add_output(outputs, "firehose_role_arn", "ARN of the Firehose delivery role this module creates",
			reference(doc, "aws_iam_role", role.ptr, "arn"));
		add_output(outputs, "firehose_role_name", "name of the Firehose delivery role this module creates",
			reference(doc, "aws_iam_role", role.ptr, "name"));
	} else if (m->lake.firehose_role) {
		add_output(outputs, "firehose_role_arn", "ARN of the Firehose delivery role (lake.firehose_role)",
			tf_string(m->lake.firehose_role));
		if (role_name(m->lake.firehose_role))
			add_output(outputs, "firehose_role_name", "name of the Firehose delivery role (lake.firehose_role)",
				tf_string(role_name(m->lake.firehose_role)));
	}
	lp_buf_release(&role);
}

static void add_variables(tf_doc *doc)
{
	cJSON *vars = cJSON_AddObjectToObject(doc->root, "variable");
	cJSON *v = cJSON_AddObjectToObject(vars, "attach_policies");
	cJSON_AddStringToObject(v, "type", "bool");
	cJSON_AddTrueToObject(v, "default");
	cJSON_AddStringToObject(v, "description",
		"attach the generated policies to the task, execution and Firehose roles (false: attach them yourself)");
}

/*
 * resource -> type -> name -> body, in sorted order. Each type's text is
 * released once copied, so the file and every body are never all held
 * together: call it once, last.
 */
static void print_resources(lp_buf *out, tf_doc *doc)
{
	size_t t, i;
	lp_buf_putc(out, '{');
	for (t = 0; t < doc->ntypes; t++) {
		tf_type *of_type = &doc->types[t];
		lp_json_print_key(out, t == 0, 1, of_type->type);
		lp_buf_putc(out, '{');
		for (i = 0; i < of_type->n; i++) {
			const tf_name *r = of_type->sorted[i];
			lp_json_print_key(out, i == 0, 2, r->name);
			lp_buf_put(out, of_type->text.ptr + r->text_off, r->text_len);
		}
		lp_json_print_close(out, 2, '}');
		lp_buf_release(&of_type->text);
	}
	lp_json_print_close(out, 1, '}');
}

/* The members of doc->root in order, the resources where their placeholder is; as lp_json_print would. */
static int print_file(lp_buf *out, tf_doc *doc)
{
	const cJSON *c;
	lp_buf_putc(out, '{');
	for (c = doc->root->child; c; c = c->next) {
		lp_json_print_key(out, c == doc->root->child, 0, c->string);
		if (c == doc->resources)
			print_resources(out, doc);
		else
			lp_json_print_at(out, c, 1);
	}
	lp_json_print_close(out, 0, '}');
	lp_buf_putc(out, '\n');
	return out->toobig ? -1 : 0;
}

int lp_render_terraform(lp_artifact_set *out, const lp_model *m, lp_render_run *run, lp_diag *d)
{
	tf_doc doc = { NULL, NULL, NULL, 0, NULL, 0, 0, LP_STRMAP_INIT, LP_STRMAP_INIT };
	lp_buf note = LP_BUF_INIT;
	size_t i;
	int error = 0;

	doc.root = cJSON_CreateObject();
	lp_buf_printf(&note, "generated by logpipe from spec '%s'; edit logpipe.yaml and run logpipe build instead",
		m->name ? m->name : "");
	cJSON_AddStringToObject(doc.root, "//", note.ptr);
	doc.resources = cJSON_AddObjectToObject(doc.root, "resource");
	/* Dependencies first, so depends_on can name what exists. */
	add_log_groups(&doc, m, d);
	for (i = 0; i < m->nservices && error >= 0; i++)
		error = add_service(&doc, m, &m->services[i], run, d);
	if (error >= 0)
		error = add_lake(&doc, m, 0, d);
	if (error >= 0)
		error = add_lake(&doc, m, 1, d);
	if (error >= 0 && m->derived.nstreams)
		error = add_delivery_role(&doc, m, d);
	if (error >= 0)
		add_attachments(&doc, m);
	sort_resources(&doc);
	if (error >= 0 && doc.n) {
		add_variables(&doc);
		add_outputs(&doc, m);
		error = print_file(lp_artifact_add(out, LP_TERRAFORM_PATH), &doc);
	}
	for (i = 0; i < doc.ntypes; i++) {
		lp_buf_release(&doc.types[i].text);
		lp_free(doc.types[i].sorted);
	}
	lp_free(doc.types);
	for (i = 0; i < doc.n; i++) {
		lp_free(doc.names[i].aws_name);
		lp_free(doc.names[i].name);
	}
	lp_free(doc.names);
	lp_strmap_release(&doc.by_aws);
	lp_strmap_release(&doc.taken);
	lp_buf_release(&note);
	cJSON_Delete(doc.root);
	return error;
}
