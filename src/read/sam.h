#ifndef LP_READ_SAM_H
#define LP_READ_SAM_H

#include <stddef.h>

#include "diag/diag.h"
#include "spec/yaml.h"
#include "util/arena.h"

/*
 * What a SAM template does about API Gateway logging (docs/sam.md). SAM
 * creates an implicit REST API (logical id ServerlessRestApi, stage Prod) for
 * every function event `Type: Api` without `RestApiId`; that API has no
 * resource of its own in the template, so its AccessLogSetting and
 * MethodSettings can only come from `Globals.Api`. Without them AWS Config's
 * api-gw-execution-logging-enabled marks the stage NON_COMPLIANT.
 *
 * lp_sam_scan is a pure function over a loaded template tree: `build` uses it
 * to choose between a Globals.Api block and per-resource settings, and the
 * lint engine can use it on any CloudFormation/SAM document.
 */

/* A function event that makes SAM create an implicit API. */
typedef struct lp_sam_event {
	const char *function;    /* logical id of the AWS::Serverless::Function */
	const char *event;       /* key under Events */
	const lp_node *type;     /* the `Type: Api` value, for positions */
	int http;                /* `Type: HttpApi` (ServerlessHttpApi) instead of a REST API */
} lp_sam_event;

/* An explicit AWS::Serverless::Api (or HttpApi) resource. */
typedef struct lp_sam_api {
	const char *logical_id;
	const lp_node *key;          /* the logical id key, for positions */
	const lp_node *stage_name;   /* Properties.StageName, or NULL */
	int http;                    /* AWS::Serverless::HttpApi */
	int has_access_log;          /* AccessLogSetting (HttpApi: AccessLogSettings) */
	int has_method_settings;     /* MethodSettings with at least one entry */
	const lp_node *logging_off;  /* a MethodSettings LoggingLevel that is not ERROR/INFO, or NULL */
	int has_openapi;             /* OpenApiVersion: no hidden "Stage" stage (aws-facts-2026-12 §12) */
	const lp_pair *resource;     /* the resource's entry under Resources */
} lp_sam_api;

typedef struct lp_sam_info {
	int is_sam;                  /* Transform names AWS::Serverless-2016-10-31 */
	lp_sam_event *implicit;      /* in template order */
	size_t nimplicit, nimplicit_rest; /* the HTTP ones: nimplicit - nimplicit_rest */
	lp_sam_api *apis;            /* in template order */
	size_t napis;
	const lp_node *globals_api;  /* the Globals.Api map, or NULL */
	int globals_access_log, globals_method_settings;
	const lp_node *globals_logging_off;
	int globals_openapi;         /* Globals.Api.OpenApiVersion */
	const lp_node *globals_http_api; /* the Globals.HttpApi map, or NULL */
	int globals_http_access_log;     /* Globals.HttpApi.AccessLogSettings */
	const lp_node *account;      /* key of the first AWS::ApiGateway::Account resource, or NULL */
} lp_sam_info;

/*
 * Fills *out from a template's root (NULL or a non-map root gives an empty
 * result). Arrays are allocated in `a`; node pointers are borrowed from the
 * tree. Never fails: a malformed template is simply one with less in it.
 */
void lp_sam_scan(lp_sam_info *out, lp_arena *a, const lp_node *root);

/* 1 when the scan says the fix must go to Globals.Api (implicit REST APIs exist). */
int lp_sam_needs_globals(const lp_sam_info *info);

#endif
