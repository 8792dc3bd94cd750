#ifndef LP_PLAN_CHECK_SAM_H
#define LP_PLAN_CHECK_SAM_H

#include "diag/diag.h"
#include "read/sam.h"

/*
 * The SAM API Gateway logging verdicts, shared by build (on the user's
 * template, naming the generated fragment that fixes it) and lint (on any
 * template). The scan that feeds them is a reader (read/sam.h); the verdicts
 * carry rule ids and Config's semantics, so they live with the planner's
 * other checks.
 */

/*
 * Reports what the scan found as warnings:
 *   LP-SAM-IMPLICIT-API        an implicit REST API and Globals.Api lacks AccessLogSetting or MethodSettings
 *   LP-SAM-API-ACCESS-LOG      an explicit AWS::Serverless::Api without AccessLogSetting (there or in Globals.Api)
 *   LP-SAM-API-EXECUTION-LOG   an explicit API without MethodSettings, or a LoggingLevel other than ERROR/INFO
 * `fragment` names the generated file that holds the fix (for the help
 * text), or NULL when there is none (lint of a hand-written template).
 */
void lp_sam_report(const lp_sam_info *info, const char *fragment, lp_diag *d);

#endif
