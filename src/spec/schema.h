#ifndef LP_SPEC_SCHEMA_H
#define LP_SPEC_SCHEMA_H

#include <cjson/cJSON.h>

#include "diag/diag.h"
#include "spec/yaml.h"

/*
 * JSON Schema (2020-12) validation of a positioned YAML tree, for the subset
 * of keywords schemas/logpipe.schema.json uses: type, enum, const, properties,
 * patternProperties, additionalProperties, required, propertyNames,
 * min/maxProperties, items, prefixItems, min/maxItems, uniqueItems, pattern
 * (PCRE2), min/maxLength (code points), minimum/maximum/exclusive*, $ref to
 * the same document, allOf/anyOf/oneOf/not and if/then/else. Other keywords
 * (description, examples, default, ...) are annotations and are ignored.
 *
 * Scalars are typed by the YAML 1.2 core schema the tree already resolved: an
 * unquoted 8080 is an integer (and so a number), a quoted "8080" a string,
 * `yes` a string, 1e3 a number that is also an integer (JSON Schema counts
 * any number with a zero fraction as an integer).
 *
 * Every violation is one LP-SPEC-SCHEMA error at the offending node (the key
 * for unknown keys and bad names, the owning key of the mapping for a
 * missing key), with a dotted path (services.api.containers.app.logs.to[1])
 * in the message and as the entry's target, and a help line: "did you mean"
 * for misspelled keys and enum values, the allowed values, and so on. Under
 * anyOf/oneOf only the closest alternative's errors are reported.
 */

#define LP_SCHEMA_RULE "LP-SPEC-SCHEMA"

/*
 * Validates `root` against `schema`; findings go to `d`. Returns 0 whether or
 * not the tree is valid, and a negative error (lp_error_last) only when the
 * schema itself is broken (a pattern PCRE2 refuses, a $ref that leads
 * nowhere). `root` may be NULL (an empty document is validated as null).
 * Compiled patterns are cached for the life of the process.
 */
int lp_schema_validate(const lp_node *root, const cJSON *schema, lp_diag *d);

/*
 * The embedded schemas/logpipe.schema.json, parsed on first use. Borrowed;
 * valid for the life of the process. Returns a negative error when the file
 * was not embedded or does not parse.
 */
int lp_schema_logpipe(const cJSON **out);

/* Edit distance with adjacent transpositions (optimal string alignment). */
size_t lp_schema_distance(const char *a, const char *b);

/* The candidate closest to `word` within a typo's reach, or NULL. Borrowed from `cands`. */
const char *lp_schema_closest(const char *word, const char *const *cands, size_t n);

#endif
