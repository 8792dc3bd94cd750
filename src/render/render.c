#include "render.h"

#include "util/json.h"

int lp_render_json_print(lp_buf *out, const cJSON *root)
{
	return lp_json_print(out, root);
}
