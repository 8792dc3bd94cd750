/*
 * libFuzzer target for the JSON log reader samples and lint use on WAF and
 * CloudTrail lines (lp_json_record_check and its Records-wrapped form),
 * against a table with nested struct, array and map columns. The first byte
 * selects the wrapped form (bit 0). Whatever the bytes, this must not
 * crash, recurse without bound, leak or read out of bounds; any verdict is
 * fine, and every offset it gives must lie inside the line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "read/ddl.h"
#include "read/json_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ddl =
	"CREATE EXTERNAL TABLE t (`timestamp` bigint, action string, ratio double, ok boolean, "
	"httprequest struct<clientip:string,headers:array<struct<name:string,value:string>>>, "
	"labels array<struct<name:string>>, tags map<string,int>) "
	"ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/p/'";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lp_ddl_file *f;
	lp_json_record r;
	size_t i;
	if (!f) {
		lp_diag *d = lp_diag_new();
		lp_ddl_parse(&f, "t.sql", ddl, strlen(ddl), d);
		lp_diag_free(d);
		if (!f || f->ntables != 1)
			abort();
	}
	if (size < 1)
		return 0;
	if (data[0] & 1)
		lp_json_record_check_wrapped(&r, (const char *)data + 1, size - 1, "Records", f->tables[0].columns,
			f->tables[0].ncolumns);
	else
		lp_json_record_check(&r, (const char *)data + 1, size - 1, f->tables[0].columns, f->tables[0].ncolumns);
	if (r.error_off > size - 1 || r.unknown_off + r.unknown_len > size - 1 || r.nmismatches > LP_JSON_RECORD_MAX_MISMATCH)
		abort();
	for (i = 0; i < r.nmismatches; i++)
		if (r.mismatches[i].off + r.mismatches[i].len > size - 1 || r.mismatches[i].column >= f->tables[0].ncolumns)
			abort();
	return 0;
}
