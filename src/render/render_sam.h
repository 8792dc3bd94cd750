#ifndef LP_RENDER_RENDER_SAM_H
#define LP_RENDER_RENDER_SAM_H

#include "read/sam.h"
#include "render/render.h"

/*
 * The SAM side of `build` (docs/sam.md): for every sources.api_gateway.<name>
 * a CloudFormation/SAM fragment sam/<name>.yaml to merge into the
 * application's template. It holds the API Gateway logging settings
 * (AccessLogSetting, MethodSettings, TracingEnabled) where SAM takes them
 * (Globals.Api when the template has implicit APIs, else the explicit
 * AWS::Serverless::Api resources, else a new one), the access-log group, and
 * the Region's AWS::ApiGateway::Account CloudWatch role. HTTP APIs get
 * AccessLogSettings (Globals.HttpApi for implicit ones, else their
 * resources), never a REST API.
 *
 * When the source names a `template`, it is read (relative to the spec's
 * directory) and scanned with lp_sam_scan; what it lacks is reported to `d`
 * as warnings at the template's positions, a missing or unreadable file as
 * an error at the spec's `template:` value. Returns -1 only on operational
 * failures (emitter, buffer cap).
 */
int lp_render_sam(lp_artifact_set *out, const lp_model *m, const lp_render_opts *o, lp_diag *d);

/* Where the fragment goes. */
typedef enum {
	LP_SAM_NEW_API,      /* no REST API in the template (or no template): a new AWS::Serverless::Api */
	LP_SAM_GLOBALS,      /* implicit REST APIs: Globals.Api, the only place that reaches them */
	LP_SAM_EXPLICIT,     /* explicit AWS::Serverless::Api resources only: their Properties */
	LP_SAM_HTTP_ONLY,    /* HTTP APIs only: no REST settings, no Account (HTTP APIs log without it) */
} lp_sam_placement;

/* The placement for a scanned template (`info` may be NULL: no template). */
lp_sam_placement lp_render_sam_placement(const lp_sam_info *info);

/*
 * The fragment for one source into `out`. `info` is the scan of its
 * template, or NULL when the source has none.
 */
int lp_render_sam_fragment(lp_buf *out, const lp_model *m, const lp_apigw_source *g, const lp_sam_info *info,
	lp_diag *d);

/* The access-log Format: one line of JSON, the console's preset (requestId and extendedRequestId). Static. */
const char *lp_render_sam_access_format(void);

#endif
