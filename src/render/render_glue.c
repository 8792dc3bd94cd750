#include "render_lake.h"

/* Glue CreateTable input (aws-facts §3.4), walked from the shared table description. */

static cJSON *columns(const lp_lake_column *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;
	for (i = 0; i < n; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "Name", v[i].name);
		cJSON_AddStringToObject(c, "Type", v[i].type);
		cJSON_AddItemToArray(arr, c);
	}
	return arr;
}

static cJSON *props(const lp_lake_prop *v, size_t n, cJSON *obj)
{
	size_t i;
	for (i = 0; i < n; i++)
		cJSON_AddStringToObject(obj, v[i].key, v[i].value);
	return obj;
}

void lp_render_glue_json(cJSON **out, const lp_lake_table *t)
{
	cJSON *root = cJSON_CreateObject(), *in, *params, *sd, *serde;
	cJSON_AddStringToObject(root, "DatabaseName", t->db);
	in = cJSON_AddObjectToObject(root, "TableInput");
	cJSON_AddStringToObject(in, "Name", t->name);
	if (t->description)
		cJSON_AddStringToObject(in, "Description", t->description);
	cJSON_AddStringToObject(in, "TableType", "EXTERNAL_TABLE");
	params = cJSON_AddObjectToObject(in, "Parameters");
	cJSON_AddStringToObject(params, "EXTERNAL", "TRUE");
	props(t->params, t->nparams, params);
	cJSON_AddItemToObject(in, "PartitionKeys", columns(t->partitions, t->npartitions));
	sd = cJSON_AddObjectToObject(in, "StorageDescriptor");
	cJSON_AddItemToObject(sd, "Columns", columns(t->columns, t->ncolumns));
	cJSON_AddStringToObject(sd, "Location", t->location ? t->location : "");
	cJSON_AddStringToObject(sd, "InputFormat", t->input_format);
	cJSON_AddStringToObject(sd, "OutputFormat", t->output_format);
	serde = cJSON_AddObjectToObject(sd, "SerdeInfo");
	cJSON_AddStringToObject(serde, "SerializationLibrary", t->serde);
	props(t->serde_params, t->nserde_params, cJSON_AddObjectToObject(serde, "Parameters"));
	*out = root;
}

int lp_render_glue(lp_buf *out, const lp_lake_table *t)
{
	cJSON *root;
	int error;
	lp_render_glue_json(&root, t);
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	return error;
}
