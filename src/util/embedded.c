#include "embedded.h"

#include <string.h>

const lp_embedded_file *lp_embedded_find(const char *path)
{
	const lp_embedded_file *f;
	for (f = lp_embedded_files; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}
