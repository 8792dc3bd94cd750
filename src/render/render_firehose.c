#include "render_lake.h"

/*
 * A CreateDeliveryStream input (aws-facts §2): DirectPut from the FireLens
 * router, ExtendedS3 into the lake with the planner's prefix, and for
 * parquet/orc record format conversion against the Glue table the same build
 * writes. Conversion requires an uncompressed outer format (the SerDe
 * compresses); plain JSON lines are gzipped instead.
 */

static cJSON *encryption_input(const lp_model *m)
{
	cJSON *e = cJSON_CreateObject();
	if (m->lake.kms_key) {
		cJSON_AddStringToObject(e, "KeyType", "CUSTOMER_MANAGED_CMK");
		cJSON_AddStringToObject(e, "KeyARN", m->lake.kms_key);
	} else {
		cJSON_AddStringToObject(e, "KeyType", "AWS_OWNED_CMK");
	}
	return e;
}

static cJSON *conversion(const lp_model *m, const lp_container *c)
{
	cJSON *conv = cJSON_CreateObject(), *in, *outf, *serde, *schema;
	cJSON_AddBoolToObject(conv, "Enabled", 1);
	in = cJSON_AddObjectToObject(cJSON_AddObjectToObject(conv, "InputFormatConfiguration"), "Deserializer");
	/* Column names are lowercase; the record's keys may not be. */
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(in, "OpenXJsonSerDe"), "CaseInsensitive", 1);
	outf = cJSON_AddObjectToObject(cJSON_AddObjectToObject(conv, "OutputFormatConfiguration"), "Serializer");
	serde = cJSON_AddObjectToObject(outf, c->firehose.format == LP_LAKE_ORC ? "OrcSerDe" : "ParquetSerDe");
	cJSON_AddStringToObject(serde, "Compression", "SNAPPY");
	schema = cJSON_AddObjectToObject(conv, "SchemaConfiguration");
	cJSON_AddStringToObject(schema, "DatabaseName", lp_lake_database(m));
	cJSON_AddStringToObject(schema, "TableName", c->derived.table);
	cJSON_AddStringToObject(schema, "Region", m->region ? m->region : "");
	cJSON_AddStringToObject(schema, "RoleARN", m->lake.firehose_role ? m->lake.firehose_role : "");
	cJSON_AddStringToObject(schema, "VersionId", "LATEST");
	return conv;
}

int lp_render_firehose_json(cJSON **out, const lp_model *m, const lp_container *c, lp_diag *d)
{
	cJSON *root = cJSON_CreateObject(), *s3, *b, *cw;
	lp_buf arn = LP_BUF_INIT;
	(void)d;
	cJSON_AddStringToObject(root, "DeliveryStreamName", c->derived.stream);
	cJSON_AddStringToObject(root, "DeliveryStreamType", "DirectPut");
	cJSON_AddItemToObject(root, "DeliveryStreamEncryptionConfigurationInput", encryption_input(m));
	s3 = cJSON_AddObjectToObject(root, "ExtendedS3DestinationConfiguration");
	cJSON_AddStringToObject(s3, "RoleARN", m->lake.firehose_role ? m->lake.firehose_role : "");
	lp_buf_printf(&arn, "arn:aws:s3:::%s", m->lake.bucket ? m->lake.bucket : "");
	cJSON_AddStringToObject(s3, "BucketARN", arn.ptr);
	cJSON_AddStringToObject(s3, "Prefix", c->derived.prefix);
	cJSON_AddStringToObject(s3, "ErrorOutputPrefix", c->derived.error_prefix);
	b = cJSON_AddObjectToObject(s3, "BufferingHints");
	cJSON_AddNumberToObject(b, "SizeInMBs", (double)c->firehose.buffer_mib);
	cJSON_AddNumberToObject(b, "IntervalInSeconds", (double)c->firehose.buffer_seconds);
	cJSON_AddStringToObject(s3, "CompressionFormat", c->firehose.format == LP_LAKE_JSON ? "GZIP" : "UNCOMPRESSED");
	if (m->lake.kms_key)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(s3, "EncryptionConfiguration"),
			"KMSEncryptionConfig"), "AWSKMSKeyARN", m->lake.kms_key);
	cw = cJSON_AddObjectToObject(s3, "CloudWatchLoggingOptions");
	cJSON_AddBoolToObject(cw, "Enabled", 1);
	cJSON_AddStringToObject(cw, "LogGroupName", c->derived.firehose_log_group);
	cJSON_AddStringToObject(cw, "LogStreamName", "DestinationDelivery");
	if (c->firehose.format != LP_LAKE_JSON)
		cJSON_AddItemToObject(s3, "DataFormatConversionConfiguration", conversion(m, c));
	lp_buf_release(&arn);
	*out = root;
	return 0;
}

int lp_render_firehose(lp_buf *out, const lp_model *m, const lp_container *c, lp_diag *d)
{
	cJSON *root;
	int error;
	if ((error = lp_render_firehose_json(&root, m, c, d)) < 0)
		return error;
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	return error;
}
