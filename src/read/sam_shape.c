#include "read/sam_shape.h"

#include <string.h>

#include "util/buf.h"

/*
 * The API Gateway console's JSON preset for REST access logs (aws-facts §4.6,
 * API Gateway developer guide, set-up-logging): one line, with both
 * $context.requestId and $context.extendedRequestId so every line can be
 * matched with the execution log and with AWS support cases.
 */
static const char rest_format[] =
	"{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
	"\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.caller\","
	"\"user\":\"$context.identity.user\",\"requestTime\":\"$context.requestTime\","
	"\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\","
	"\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
	"\"responseLength\":\"$context.responseLength\"}";

/*
 * HTTP APIs route by routeKey and have no resource path; the integration
 * error is what an HTTP API's 5xx needs to be understood. Well under the
 * 1024 characters APIGWv2 allows.
 */
static const char http_format[] =
	"{\"requestId\":\"$context.requestId\",\"extendedRequestId\":\"$context.extendedRequestId\","
	"\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
	"\"httpMethod\":\"$context.httpMethod\",\"routeKey\":\"$context.routeKey\","
	"\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
	"\"responseLength\":\"$context.responseLength\","
	"\"integrationError\":\"$context.integrationErrorMessage\"}";

#define PUSH_TO_CLOUDWATCH_POLICY "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"

const char *lp_sam_access_format(int http)
{
	return http ? http_format : rest_format;
}

static cJSON *intrinsic(const char *fn, cJSON *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, fn, arg);
	return o;
}

cJSON *lp_sam_shape_group_arn(const char *group_id)
{
	lp_buf s = LP_BUF_INIT;
	cJSON *v;
	lp_buf_printf(&s, "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${%s}", group_id);
	v = intrinsic("Fn::Sub", cJSON_CreateString(s.ptr));
	lp_buf_release(&s);
	return v;
}

cJSON *lp_sam_shape_access_log(cJSON *dest, int http)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "DestinationArn", dest);
	cJSON_AddStringToObject(o, "Format", lp_sam_access_format(http));
	return o;
}

cJSON *lp_sam_shape_method_settings(const char *level)
{
	cJSON *list = cJSON_CreateArray(), *ms = cJSON_CreateObject();
	cJSON_AddStringToObject(ms, "HttpMethod", "*");
	cJSON_AddStringToObject(ms, "ResourcePath", "/*");
	cJSON_AddStringToObject(ms, "LoggingLevel", level);
	cJSON_AddBoolToObject(ms, "MetricsEnabled", 1);
	cJSON_AddBoolToObject(ms, "DataTraceEnabled", 0);
	cJSON_AddItemToArray(list, ms);
	return list;
}

cJSON *lp_sam_shape_log_group(const char *name, int64_t retention_days, const char *kms_key, const char *depends_on)
{
	cJSON *r = cJSON_CreateObject(), *p;
	cJSON_AddStringToObject(r, "Type", "AWS::Logs::LogGroup");
	if (depends_on)
		cJSON_AddStringToObject(r, "DependsOn", depends_on);
	p = cJSON_AddObjectToObject(r, "Properties");
	if (name)
		cJSON_AddStringToObject(p, "LogGroupName", name);
	if (retention_days > 0)
		cJSON_AddNumberToObject(p, "RetentionInDays", (double)retention_days);
	if (kms_key)
		cJSON_AddStringToObject(p, "KmsKeyId", kms_key);
	return r;
}

cJSON *lp_sam_shape_cloudwatch_role(void)
{
	cJSON *role = cJSON_CreateObject(), *p, *doc, *st, *pr;
	cJSON_AddStringToObject(role, "Type", "AWS::IAM::Role");
	p = cJSON_AddObjectToObject(role, "Properties");
	doc = cJSON_AddObjectToObject(p, "AssumeRolePolicyDocument");
	cJSON_AddStringToObject(doc, "Version", "2012-10-17");
	st = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "Statement"), st);
	cJSON_AddStringToObject(st, "Effect", "Allow");
	pr = cJSON_AddObjectToObject(st, "Principal");
	cJSON_AddStringToObject(pr, "Service", "apigateway.amazonaws.com");
	cJSON_AddStringToObject(st, "Action", "sts:AssumeRole");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "ManagedPolicyArns"),
		intrinsic("Fn::Sub", cJSON_CreateString(PUSH_TO_CLOUDWATCH_POLICY)));
	return role;
}

cJSON *lp_sam_shape_account(const char *role_id)
{
	cJSON *acct = cJSON_CreateObject(), *p, *ga = cJSON_CreateArray();
	cJSON_AddStringToObject(acct, "Type", "AWS::ApiGateway::Account");
	p = cJSON_AddObjectToObject(acct, "Properties");
	cJSON_AddItemToArray(ga, cJSON_CreateString(role_id));
	cJSON_AddItemToArray(ga, cJSON_CreateString("Arn"));
	cJSON_AddItemToObject(p, "CloudWatchRoleArn", intrinsic("Fn::GetAtt", ga));
	return acct;
}
