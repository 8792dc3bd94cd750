#ifndef LP_SPEC_JSON_SCAN_H
#define LP_SPEC_JSON_SCAN_H

#include <stddef.h>
#include <yaml.h>

#include "util/buf.h"

/*
 * A fast path for the YAML loader on JSON text (most files lint reads, and
 * every file a build generates): the events libyaml would produce, without
 * libyaml's per-character reader, token queue and per-token allocations.
 *
 * It is exact only on a subset of JSON, which lp_json_scan_fits decides
 * before any event is made, so the loader either takes this path for the
 * whole text or not at all: no tab outside the root collection, no line
 * break but LF and CRLF, no
 * character libyaml's reader refuses or counts as a line break (DEL, C1
 * controls, U+2028, U+2029, U+FFFE, U+FFFF), no \u escape of a surrogate,
 * every key on the line of its ':' and less than 1,024 characters before
 * it (libyaml's simple-key limits), and nothing after the root collection.
 * Anything else, valid JSON or not, goes through libyaml, which also words
 * the errors. Marks count characters, as libyaml's do.
 */

typedef struct lp_json_scan {
	const char *data;
	size_t len, pos;
	yaml_mark_t mark;
	size_t depth;   /* collections open at pos (a stray closer wraps; lp_json_scan_fits refuses it) */
	int phase;      /* 0 before the document, 1 inside, 2 after the end of the stream */
	lp_buf scratch; /* a string's value when it has escapes */
	/* what lp_json_scan_fits checks, token by token (lp_json_scan_next does it as it reads) */
	int want;
	yaml_mark_t key;
	char *open;     /* '{' or '[' of each enclosing collection */
	size_t open_depth, open_cap;
} lp_json_scan;

/* 1 when `data` is in the subset above (the caller has checked it is UTF-8 without NUL or BOM). */
int lp_json_scan_fits(const char *data, size_t len);

/* Starts reading `data`; borrowed for the scan's life. */
void lp_json_scan_init(lp_json_scan *s, const char *data, size_t len);

/*
 * The next event as libyaml would make it, for the events the loader reads
 * (document start, scalars, collection starts and ends, stream end). A
 * scalar's value is borrowed until the next call; never pass the event to
 * yaml_event_delete. Returns 1, 0 after the stream end, or -1 at the first
 * token that shows the text is not in the subset (what lp_json_scan_fits
 * would have said of the whole text; the events so far are then worthless,
 * and the text is libyaml's). A stream end means the whole text fits.
 */
int lp_json_scan_next(lp_json_scan *s, yaml_event_t *ev);

void lp_json_scan_release(lp_json_scan *s);

#endif
