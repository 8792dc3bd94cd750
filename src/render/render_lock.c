#include <string.h>

#include "render.h"
#include "util/sha256.h"

/*
 * logpipe.lock.json records what a build produced: the spec digest, the tool
 * version and every file's SHA-256. `build --check` and `check` compare
 * against it, and a later build uses it to remove files it no longer emits
 * (and only those: files logpipe did not write are never touched).
 */
int lp_render_lock(lp_artifact_set *set, const lp_model *m, const char *spec_name)
{
	cJSON *root = cJSON_CreateObject(), *files;
	lp_buf *out;
	size_t i;
	int error;

	lp_artifact_set_sort(set);
	cJSON_AddStringToObject(root, "generator", "logpipe " LP_VERSION);
	cJSON_AddStringToObject(root, "spec", spec_name);
	cJSON_AddStringToObject(root, "spec_sha256", m->sha256);
	files = cJSON_AddObjectToObject(root, "files");
	for (i = 0; i < set->n; i++) {
		char hex[65];
		lp_sha256_hex(hex, set->v[i].content.ptr, set->v[i].content.size);
		cJSON_AddStringToObject(files, set->v[i].path, hex);
	}
	out = lp_artifact_add(set, LP_LOCK_FILE);
	error = lp_render_json_print(out, root);
	cJSON_Delete(root);
	lp_artifact_set_sort(set);
	return error;
}
