#ifndef LP_UTIL_EMBEDDED_H
#define LP_UTIL_EMBEDDED_H

#include <stddef.h>

/* Data files compiled into the binary (templates/, schemas/, rules/). */
typedef struct lp_embedded_file {
	const char *path; /* relative to the source root, e.g. "templates/fluent-bit.conf.mustache" */
	const char *data; /* NUL-terminated */
	size_t len;
} lp_embedded_file;

/* Terminated by an entry whose path is NULL. */
extern const lp_embedded_file lp_embedded_files[];

/* Borrowed (static storage); NULL when no such file was embedded. */
const lp_embedded_file *lp_embedded_find(const char *path);

#endif
