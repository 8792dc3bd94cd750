#ifndef LP_SAMPLES_LINE_READER_H
#define LP_SAMPLES_LINE_READER_H

#include <stddef.h>

/*
 * Rows of a log file as Athena's line readers cut them: a row ends at a
 * newline, a carriage return or both. A plain file is read with large
 * read()s; gzip (and standard input, pipes and anything else that is not a
 * regular file, which zlib reads either way) is decompressed by a thread
 * into a small ring of large buffers while the caller matches. Rows are
 * handed out in file order, and an error (a truncated or corrupt stream, an
 * I/O error) comes after exactly the rows read before it, so the output does
 * not depend on the thread's timing.
 */

typedef struct lp_line_reader lp_line_reader;

typedef struct lp_line_row {
	const char *text; /* borrowed; valid until the next lp_line_reader_next */
	size_t len;
	int too_long;     /* longer than the reader's bound: text holds the first `bound` bytes */
	int cr;           /* ended at a carriage return not followed by a newline */
} lp_line_row;

/*
 * Opens `path` ("-" is standard input). Rows longer than `bound` bytes are
 * cut there and flagged too_long. Returns -1 with lp_error_set when the file
 * cannot be opened. Caller owns *out; free with lp_line_reader_free.
 */
int lp_line_reader_open(lp_line_reader **out, const char *path, size_t bound);

/* The next row: 1 a row in *row, 0 the end of the file, -1 a read error (lp_error_set). */
int lp_line_reader_next(lp_line_row *row, lp_line_reader *r);

/* Stops the thread, if any, wherever it is, and closes the file. NULL is a no-op. */
void lp_line_reader_free(lp_line_reader *r);

#endif
