#ifndef LP_READ_JSON_RECORD_H
#define LP_READ_JSON_RECORD_H

#include <stddef.h>

#include "read/ddl.h"

/*
 * One line of a JSON log (one object per line, as WAF and CloudTrail write
 * them) read against the columns of a JsonSerDe table, the way the SerDe
 * maps it: each top-level key to the column of the same name in any case,
 * struct fields to object keys, arrays element by element. Says where the
 * line is not one JSON object, which values have a JSON type the column's
 * Hive type cannot hold (a string where a struct is declared), and which
 * keys no column reads. Positions are byte offsets into the line.
 */

typedef enum {
	LP_JSON_RECORD_OK,
	LP_JSON_RECORD_NOT_JSON,   /* not valid JSON, or more than one value on the line */
	LP_JSON_RECORD_NOT_OBJECT, /* valid JSON, but not an object */
} lp_json_record_verdict;

/* A value whose JSON type disagrees with its column's Hive type. */
typedef struct lp_json_mismatch {
	size_t column;   /* 0-based */
	size_t off, len; /* the column's top-level value in the line */
	char path[96];   /* the key and where inside its value, as written: "httpRequest.headers[0]" */
	char found[16];  /* "a string", "an array", ... */
	char want[48];   /* the Hive type there, shortened */
} lp_json_mismatch;

#define LP_JSON_RECORD_MAX_MISMATCH 16

typedef struct lp_json_record {
	lp_json_record_verdict verdict;
	size_t error_off;   /* NOT_JSON: where parsing stopped */
	lp_json_mismatch mismatches[LP_JSON_RECORD_MAX_MISMATCH];
	size_t nmismatches;
	/* The first top-level key no column reads (unknown_len 0 when every key has one), and how many there are. */
	size_t unknown_off, unknown_len, nunknown;
} lp_json_record;

/* Reads `line` (len bytes) against `cols`. Pure; never fails. */
void lp_json_record_check(lp_json_record *out, const char *line, size_t len, const lp_ddl_column *cols, size_t ncols);

/*
 * The same with the top-level key each column reads given apart (keys[i]
 * for cols[i]; NULL: the column names), as a table with OpenX
 * 'mapping.<column>' properties reads keys no column name can spell.
 * Borrowed arrays.
 */
void lp_json_record_check_keys(lp_json_record *out, const char *line, size_t len, const lp_ddl_column *cols,
	const char *const *keys, size_t ncols);

/*
 * The same for a line that wraps its records in one object, as CloudTrail
 * files do ({"Records":[{...},...]}): every element of the array at `key`
 * is a record. NOT_OBJECT when the key is missing or an element is not an
 * object. Mismatches and unknown keys are summed over the records.
 */
void lp_json_record_check_wrapped(lp_json_record *out, const char *line, size_t len, const char *key,
	const lp_ddl_column *cols, size_t ncols);

#endif
