#ifndef LP_READ_SAM_SHAPE_H
#define LP_READ_SAM_SHAPE_H

#include <cjson/cJSON.h>
#include <stdint.h>

/*
 * The API Gateway logging settings logpipe writes into SAM and
 * CloudFormation templates, as values: `build` prints them into its SAM
 * fragment and `fix` edits them into a hand-written template, so both say
 * exactly the same thing. Intrinsics are in their long form ({"Fn::Sub": S});
 * the writers turn them into !Sub and friends. Every function returns a new
 * tree the caller owns (cJSON_Delete).
 */

#define LP_SAM_ROLE_ID "ApiGatewayCloudWatchRole"
#define LP_SAM_ACCOUNT_ID "ApiGatewayAccount"

/*
 * The access-log Format, one line of JSON with $context.requestId and
 * $context.extendedRequestId: the console's REST preset, or for HTTP APIs
 * (`http`) the variables an HTTP API has ($context.routeKey instead of the
 * resource path and caller). Static.
 */
const char *lp_sam_access_format(int http);

/* "arn:...:log-group:${ID}" as Fn::Sub: the ARN API Gateway documents (without GetAtt's ":*"). */
cJSON *lp_sam_shape_group_arn(const char *group_id);

/* {DestinationArn: dest, Format}: `dest` is taken over. REST AccessLogSetting and HTTP AccessLogSettings alike. */
cJSON *lp_sam_shape_access_log(cJSON *dest, int http);

/*
 * MethodSettings: one entry for every method of every resource (HttpMethod
 * `*`, ResourcePath `/` then `*`)
 * at `level`, with metrics, and data tracing off (full bodies in the logs
 * may hold personal data).
 */
cJSON *lp_sam_shape_method_settings(const char *level);

/*
 * An AWS::Logs::LogGroup resource: `name` and `kms_key` may be NULL (left
 * out), `retention_days` <= 0 leaves retention out, `depends_on` (may be
 * NULL) orders it after another resource.
 */
cJSON *lp_sam_shape_log_group(const char *name, int64_t retention_days, const char *kms_key, const char *depends_on);

/* The role API Gateway writes to CloudWatch with (AmazonAPIGatewayPushToCloudWatchLogs). */
cJSON *lp_sam_shape_cloudwatch_role(void);

/* The Region's AWS::ApiGateway::Account naming the role `role_id`. */
cJSON *lp_sam_shape_account(const char *role_id);

#endif
