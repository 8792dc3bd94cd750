/*
 * Validates one YAML file against the embedded logpipe schema and prints
 * ACCEPT or REJECT, then the findings; tests/schema/differential.py compares
 * the verdict with python-jsonschema's. Exit 0 whatever the verdict, 3 when
 * the file or the schema cannot be used.
 */
#include <stdio.h>

#include "diag/diag.h"
#include "spec/schema.h"
#include "spec/yaml.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

int main(int argc, char **argv)
{
	lp_buf data = LP_BUF_INIT, out = LP_BUF_INIT;
	lp_arena arena = LP_ARENA_INIT;
	lp_diag *d = lp_diag_new();
	lp_node *root = NULL;
	const cJSON *schema;
	int rc = 3;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.yaml\n", argv[0]);
		goto done;
	}
	if (lp_fs_read(&data, argv[1], 8u << 20) < 0 ||
	    lp_yaml_load(&root, &arena, argv[1], data.ptr, data.size, NULL, d) < 0 ||
	    lp_schema_logpipe(&schema) < 0)
		goto fail;
	if (!lp_diag_count_at_least(d, LP_SEV_ERROR) && lp_schema_validate(root, schema, d) < 0)
		goto fail;
	lp_diag_sort(d);
	lp_diag_print_text(&out, d, 0);
	printf("%s\n%s", lp_diag_count_at_least(d, LP_SEV_ERROR) ? "REJECT" : "ACCEPT", out.ptr);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "validate: %s\n", lp_error_last());
done:
	lp_buf_release(&out);
	lp_buf_release(&data);
	lp_arena_release(&arena);
	lp_diag_free(d);
	return rc;
}
