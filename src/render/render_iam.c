#include "render/render_iam.h"

#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "util/mem.h"

/*
 * Minimal IAM policy documents for a service: the task role gets exactly what
 * the Fluent Bit outputs call (aws-facts §1.4, §1.5) on exactly the streams
 * and groups of this service's containers; the execution role gets what the
 * awslogs driver of the router and, with config: s3, the config download need.
 */

typedef struct arn_list {
	char **v;
	size_t n, cap;
} arn_list;

static void arn_add(arn_list *l, lp_buf *b)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = lp_realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = lp_buf_detach(b, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void arn_release(arn_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		lp_free(l->v[i]);
	lp_free(l->v);
}

static void log_group_arn(arn_list *l, const lp_model *m, const char *group)
{
	lp_buf b = LP_BUF_INIT;
	lp_buf_printf(&b, "arn:aws:logs:%s:%s:log-group:%s:*", m->region, m->account, group);
	arn_add(l, &b);
}

/*
 * Adds one Allow statement with sorted, de-duplicated resources; none when
 * `res` is empty. `condition` (may be NULL) is taken over by the statement.
 */
static void add_statement_if(cJSON *stmts, const char *sid, const char *const *actions, arn_list *res,
	cJSON *condition)
{
	cJSON *st, *act, *arr;
	size_t i;
	if (!res->n) {
		cJSON_Delete(condition);
		return;
	}
	qsort(res->v, res->n, sizeof(*res->v), cmp_str);
	st = cJSON_CreateObject();
	cJSON_AddStringToObject(st, "Sid", sid);
	cJSON_AddStringToObject(st, "Effect", "Allow");
	act = cJSON_AddArrayToObject(st, "Action");
	for (; *actions; actions++)
		cJSON_AddItemToArray(act, cJSON_CreateString(*actions));
	arr = cJSON_AddArrayToObject(st, "Resource");
	for (i = 0; i < res->n; i++)
		if (i == 0 || strcmp(res->v[i], res->v[i - 1]))
			cJSON_AddItemToArray(arr, cJSON_CreateString(res->v[i]));
	if (condition)
		cJSON_AddItemToObject(st, "Condition", condition);
	cJSON_AddItemToArray(stmts, st);
}

static void add_statement(cJSON *stmts, const char *sid, const char *const *actions, arn_list *res)
{
	add_statement_if(stmts, sid, actions, res, NULL);
}

/* Prints what `build` returned (0) into `out`, or passes its failure on. */
static int print_policy(lp_buf *out, int (*build)(cJSON **, const lp_model *, const lp_service *, lp_diag *),
	const lp_model *m, const lp_service *s, lp_diag *d)
{
	cJSON *root;
	int error;
	if ((error = build(&root, m, s, d)) < 0)
		return error;
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	return error;
}

int lp_render_iam_task_policy_json(cJSON **out, const lp_model *m, const lp_service *s, lp_diag *d)
{
	static const char *const fh_actions[] = { "firehose:PutRecordBatch", NULL };
	/* No CreateLogGroup: groups are created with retention and KMS from cloudwatch/log-groups.json. */
	static const char *const cw_actions[] = { "logs:CreateLogStream", "logs:PutLogEvents", NULL };
	arn_list streams = { NULL, 0, 0 }, groups = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *stmts;
	size_t i;
	(void)d;
	for (i = 0; i < s->ncontainers; i++) {
		const lp_container *c = &s->containers[i];
		if ((c->to & LP_DEST_LAKE) && c->derived.stream) {
			lp_buf b = LP_BUF_INIT;
			lp_buf_printf(&b, "arn:aws:firehose:%s:%s:deliverystream/%s", m->region, m->account, c->derived.stream);
			arn_add(&streams, &b);
		}
		if ((c->to & LP_DEST_CLOUDWATCH) && c->derived.log_group)
			log_group_arn(&groups, m, c->derived.log_group);
	}
	cJSON_AddStringToObject(root, "Version", "2012-10-17");
	stmts = cJSON_AddArrayToObject(root, "Statement");
	add_statement(stmts, "FirelensToFirehose", fh_actions, &streams);
	add_statement(stmts, "FirelensToCloudWatch", cw_actions, &groups);
	arn_release(&streams);
	arn_release(&groups);
	*out = root;
	return 0;
}

int lp_render_iam_execution_policy_json(cJSON **out, const lp_model *m, const lp_service *s, lp_diag *d)
{
	/* awslogs-create-group "true" needs CreateLogGroup on top of the managed execution policy. */
	static const char *const log_actions[] = { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", NULL };
	static const char *const get_actions[] = { "s3:GetObject", NULL };
	static const char *const loc_actions[] = { "s3:GetBucketLocation", NULL };
	arn_list groups = { NULL, 0, 0 }, objects = { NULL, 0, 0 }, buckets = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *stmts;
	(void)d;
	log_group_arn(&groups, m, s->derived.router_log_group);
	/* The agent downloads an S3 config with the execution role (aws-facts §1.1). */
	if (s->router.config == LP_ROUTER_CONFIG_S3 && s->router.config_s3_bucket) {
		lp_buf b = LP_BUF_INIT;
		lp_buf_printf(&b, "arn:aws:s3:::%s/%s.fluent-bit.conf", s->router.config_s3_bucket, s->family);
		arn_add(&objects, &b);
		lp_buf_printf(&b, "arn:aws:s3:::%s", s->router.config_s3_bucket);
		arn_add(&buckets, &b);
	}
	cJSON_AddStringToObject(root, "Version", "2012-10-17");
	stmts = cJSON_AddArrayToObject(root, "Statement");
	add_statement(stmts, "RouterOwnLogs", log_actions, &groups);
	add_statement(stmts, "RouterConfigObject", get_actions, &objects);
	add_statement(stmts, "RouterConfigBucket", loc_actions, &buckets);
	arn_release(&groups);
	arn_release(&objects);
	arn_release(&buckets);
	*out = root;
	return 0;
}

int lp_render_iam_task_policy(lp_buf *out, const lp_model *m, const lp_service *s, lp_diag *d)
{
	return print_policy(out, lp_render_iam_task_policy_json, m, s, d);
}

int lp_render_iam_execution_policy(lp_buf *out, const lp_model *m, const lp_service *s, lp_diag *d)
{
	return print_policy(out, lp_render_iam_execution_policy_json, m, s, d);
}

/*
 * The Firehose delivery role (lake.firehose_role, or the planner's default
 * name) needs, per the Firehose developer guide's "Grant Firehose access to an
 * Amazon S3 destination" and "... to AWS Glue for data format conversion": the
 * lake bucket, the Glue tables it converts against, the KMS key through S3
 * only, and its own error-logging groups. One policy covers every stream.
 */
int lp_render_iam_firehose_policy_json(cJSON **out, const lp_model *m, lp_diag *d)
{
	static const char *const s3_actions[] = { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
		"s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject", NULL };
	static const char *const glue_actions[] = { "glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions", NULL };
	static const char *const kms_actions[] = { "kms:Decrypt", "kms:GenerateDataKey", NULL };
	static const char *const log_actions[] = { "logs:PutLogEvents", NULL };
	arn_list s3 = { NULL, 0, 0 }, glue = { NULL, 0, 0 }, kms = { NULL, 0, 0 }, logs = { NULL, 0, 0 };
	cJSON *root = cJSON_CreateObject(), *stmts, *cond = NULL;
	lp_buf b = LP_BUF_INIT;
	size_t i, j;
	(void)d;
	for (i = 0; i < m->nservices; i++) {
		for (j = 0; j < m->services[i].ncontainers; j++) {
			const lp_container *c = &m->services[i].containers[j];
			if (!lp_plan_has_stream(m, c))
				continue;
			lp_buf_printf(&b, "arn:aws:logs:%s:%s:log-group:%s:log-stream:*", m->region, m->account,
				c->derived.firehose_log_group);
			arn_add(&logs, &b);
			if (c->firehose.format == LP_LAKE_JSON)
				continue;
			lp_buf_printf(&b, "arn:aws:glue:%s:%s:table/%s/%s", m->region, m->account, m->lake.database,
				c->derived.table);
			arn_add(&glue, &b);
		}
	}
	if (glue.n) {
		lp_buf_printf(&b, "arn:aws:glue:%s:%s:catalog", m->region, m->account);
		arn_add(&glue, &b);
		lp_buf_printf(&b, "arn:aws:glue:%s:%s:database/%s", m->region, m->account, m->lake.database);
		arn_add(&glue, &b);
	}
	if (logs.n && m->lake.bucket) {
		lp_buf_printf(&b, "arn:aws:s3:::%s", m->lake.bucket);
		arn_add(&s3, &b);
		lp_buf_printf(&b, "arn:aws:s3:::%s/*", m->lake.bucket);
		arn_add(&s3, &b);
	}
	if (logs.n && m->lake.kms_key) {
		cJSON *eq, *like;
		lp_buf_puts(&b, m->lake.kms_key);
		arn_add(&kms, &b);
		/* The key serves the lake bucket through S3 only, not any caller of KMS. */
		cond = cJSON_CreateObject();
		eq = cJSON_AddObjectToObject(cond, "StringEquals");
		lp_buf_printf(&b, "s3.%s.amazonaws.com", m->region);
		cJSON_AddStringToObject(eq, "kms:ViaService", b.ptr);
		lp_buf_clear(&b);
		like = cJSON_AddObjectToObject(cond, "StringLike");
		lp_buf_printf(&b, "arn:aws:s3:::%s/*", m->lake.bucket ? m->lake.bucket : "");
		cJSON_AddStringToObject(like, "kms:EncryptionContext:aws:s3:arn", b.ptr);
		lp_buf_clear(&b);
	}
	cJSON_AddStringToObject(root, "Version", "2012-10-17");
	stmts = cJSON_AddArrayToObject(root, "Statement");
	add_statement(stmts, "DeliverToLakeBucket", s3_actions, &s3);
	add_statement(stmts, "ReadConversionSchema", glue_actions, &glue);
	add_statement_if(stmts, "EncryptThroughS3", kms_actions, &kms, cond);
	add_statement(stmts, "ReportDeliveryErrors", log_actions, &logs);
	arn_release(&s3);
	arn_release(&glue);
	arn_release(&kms);
	arn_release(&logs);
	lp_buf_release(&b);
	*out = root;
	return 0;
}

/* Only Firehose, acting for this account, may assume the delivery role (confused-deputy guard). */
int lp_render_iam_firehose_trust_json(cJSON **out, const lp_model *m)
{
	cJSON *root = cJSON_CreateObject(), *st, *cond;
	cJSON_AddStringToObject(root, "Version", "2012-10-17");
	st = cJSON_CreateObject();
	cJSON_AddStringToObject(st, "Effect", "Allow");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(st, "Principal"), "Service", "firehose.amazonaws.com");
	cJSON_AddStringToObject(st, "Action", "sts:AssumeRole");
	cond = cJSON_AddObjectToObject(st, "Condition");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(cond, "StringEquals"), "sts:ExternalId", m->account ? m->account : "");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "Statement"), st);
	*out = root;
	return 0;
}

/* Adds `path` printed from a builder's document, which it frees. */
static int add_json(lp_artifact_set *out, const lp_model *m, const lp_buf *path, cJSON *doc)
{
	int error = lp_render_json_print(lp_artifact_add(out, path->ptr), doc);
	lp_artifact_origin_add(out, path->ptr, "", NULL, &m->lake.span, NULL, 0, "lake");
	cJSON_Delete(doc);
	return error;
}

int lp_render_iam_firehose(lp_artifact_set *out, const lp_model *m, lp_diag *d)
{
	lp_buf path = LP_BUF_INIT;
	cJSON *doc;
	int error;
	if (!m->derived.nstreams)
		return 0;
	if ((error = lp_render_iam_firehose_policy_json(&doc, m, d)) < 0)
		return error;
	lp_buf_printf(&path, "iam/%s-firehose-delivery.policy.json", m->name);
	error = add_json(out, m, &path, doc);
	if (error >= 0 && (error = lp_render_iam_firehose_trust_json(&doc, m)) >= 0) {
		lp_buf_clear(&path);
		lp_buf_printf(&path, "iam/%s-firehose-delivery.trust-policy.json", m->name);
		error = add_json(out, m, &path, doc);
	}
	lp_buf_release(&path);
	return error;
}
