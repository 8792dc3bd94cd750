#include "samples/line_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

/* One buffer of the ring: large, so the two threads meet once per megabyte, not once per line. */
#define CHUNK ((size_t)1 << 20)
#define RING 4
/*
 * gzread is asked for this much at a time, as it always was: on a corrupt
 * stream gzread drops what it decompressed in the failing call, so the
 * request size decides which rows come before the error.
 */
#define GZ_PIECE 65536

typedef struct slot {
	char *buf;
	size_t len;
	int last; /* 0; 1 the file ends after this chunk; -1 an error (msg) follows it */
} slot;

struct lp_line_reader {
	const char *path;
	size_t bound;
	int fd;    /* a plain regular file, read directly; else -1 */
	gzFile gz; /* everything else, through zlib, which also reads plain bytes */
	slot ring[RING];
	char msg[1024]; /* the error that ends the file, written before `last` = -1 is published */
	/* Producer and consumer: chunks produced and released, both only growing. */
	int threaded, stop;
	size_t head, tail;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* The consumer's side. */
	const slot *cur; /* the chunk rows are cut from, held until the next one is taken */
	size_t pos;
	int end;          /* after the last chunk: 1 end of file, -1 error */
	lp_buf carry;     /* a row that spans chunks, or ends at a chunk's last byte in a carriage return */
};

static int stopped(lp_line_reader *r)
{
	int s;
	if (!r->threaded)
		return 0;
	pthread_mutex_lock(&r->mu);
	s = r->stop;
	pthread_mutex_unlock(&r->mu);
	return s;
}

static void fill_gz(lp_line_reader *r, slot *s)
{
	int err;
	while (s->len + GZ_PIECE <= CHUNK) {
		int n = gzread(r->gz, s->buf + s->len, GZ_PIECE);
		if (n < 0) {
			snprintf(r->msg, sizeof(r->msg), "cannot read '%s': %s", r->path, gzerror(r->gz, &err));
			s->last = -1;
			return;
		}
		if (n == 0) {
			/*
			 * Z_BUF_ERROR at the end means the gzip stream stopped in the middle:
			 * a cut download or a file still being written. Counting only the lines
			 * before the cut would report a clean file.
			 */
			gzerror(r->gz, &err);
			if (err == Z_BUF_ERROR) {
				snprintf(r->msg, sizeof(r->msg), "'%s' is truncated: its gzip stream ends early", r->path);
				s->last = -1;
			} else
				s->last = 1;
			return;
		}
		s->len += (size_t)n;
		if (stopped(r))
			return;
	}
}

static void fill_fd(lp_line_reader *r, slot *s)
{
	while (s->len < CHUNK) {
		ssize_t n = read(r->fd, s->buf + s->len, CHUNK - s->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* worded as zlib words it, which read these files before */
			snprintf(r->msg, sizeof(r->msg), "cannot read '%s': %s: %s", r->path, r->path, strerror(errno));
			s->last = -1;
			return;
		}
		if (n == 0) {
			s->last = 1;
			return;
		}
		s->len += (size_t)n;
	}
}

static void fill(lp_line_reader *r, slot *s)
{
	s->len = 0;
	s->last = 0;
	if (r->gz)
		fill_gz(r, s);
	else
		fill_fd(r, s);
}

static void *produce(void *payload)
{
	lp_line_reader *r = payload;
	for (;;) {
		slot *s;
		pthread_mutex_lock(&r->mu);
		while (!r->stop && r->head - r->tail >= RING)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		s = &r->ring[r->head % RING];
		pthread_mutex_unlock(&r->mu);
		fill(r, s);
		pthread_mutex_lock(&r->mu);
		r->head++;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (s->last)
			return NULL;
	}
}

/* Whether a regular file starts as gzip does (zlib's own test: two bytes, 1f 8b). */
static int plain_regular(int fd)
{
	struct stat st;
	unsigned char magic[2];
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	return pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b;
}

int lp_line_reader_open(lp_line_reader **out, const char *path, size_t bound)
{
	lp_line_reader *r;
	int fd = -1;
	gzFile gz = NULL;
	size_t i;
	struct stat st;
	*out = NULL;
	/* "-" is standard input, as for lint, so `zcat *.gz | logpipe samples --table t.sql -` works. */
	if (!strcmp(path, "-")) {
		int in = dup(0);
		gz = in >= 0 ? gzdopen(in, "rb") : NULL;
		if (!gz && in >= 0)
			close(in);
	} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0 &&
		   !plain_regular(fd)) {
		close(fd); /* gzip: zlib opens it by name, so its messages name the file */
		fd = -1;
		gz = gzopen(path, "rb");
	} else if (fd < 0)
		gz = gzopen(path, "rb"); /* not a regular file (or unreadable): zlib reads it, or says why not */
	if (fd < 0 && !gz) {
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, errno ? strerror(errno) : "out of memory");
		return -1;
	}
	r = lp_calloc(1, sizeof(*r));
	r->path = path;
	r->bound = bound;
	r->fd = fd;
	r->gz = gz;
	lp_buf_init(&r->carry);
	for (i = 0; i < (gz ? RING : 1); i++)
		r->ring[i].buf = lp_malloc(CHUNK);
	if (gz) {
		pthread_mutex_init(&r->mu, NULL);
		pthread_cond_init(&r->cv, NULL);
		/* without a thread, the same chunks are decompressed in line, one at a time */
		r->threaded = pthread_create(&r->thread, NULL, produce, r) == 0;
		if (!r->threaded) {
			pthread_mutex_destroy(&r->mu);
			pthread_cond_destroy(&r->cv);
		}
	}
	*out = r;
	return 0;
}

/* The next chunk into r->cur: 1, or 0 at the end, -1 on an error (lp_error_set). */
static int next_chunk(lp_line_reader *r)
{
	const slot *s;
	if (!r->end && r->cur && r->cur->last)
		r->end = r->cur->last;
	if (r->end) {
		if (r->end < 0)
			lp_error_set(LP_ERROR_IO, "%s", r->msg);
		return r->end < 0 ? -1 : 0;
	}
	if (!r->threaded) {
		fill(r, &r->ring[0]);
		s = &r->ring[0];
	} else {
		pthread_mutex_lock(&r->mu);
		if (r->cur) {
			r->tail++; /* the chunk rows were cut from goes back to the producer */
			pthread_cond_broadcast(&r->cv);
		}
		while (r->head == r->tail)
			pthread_cond_wait(&r->cv, &r->mu);
		s = &r->ring[r->tail % RING];
		pthread_mutex_unlock(&r->mu);
	}
	r->cur = s;
	r->pos = 0;
	if (s->len == 0)
		return next_chunk(r);
	return 1;
}

/* Appends to the row being carried, up to the bound. */
static void carry(lp_line_row *row, lp_line_reader *r, const char *p, size_t n)
{
	if (r->carry.size + n > r->bound) {
		row->too_long = 1;
		n = r->bound - r->carry.size;
	}
	lp_buf_put(&r->carry, p, n);
}

int lp_line_reader_next(lp_line_row *row, lp_line_reader *r)
{
	int any = 0, rc;
	memset(row, 0, sizeof(*row));
	lp_buf_clear(&r->carry);
	for (;;) {
		const char *p, *nl, *cr;
		size_t n, span;
		if (!r->cur || r->pos == r->cur->len) {
			if ((rc = next_chunk(r)) < 0)
				return -1;
			if (rc == 0)
				break;
		}
		p = r->cur->buf + r->pos;
		n = r->cur->len - r->pos;
		nl = memchr(p, '\n', n);
		span = nl ? (size_t)(nl - p) : n;
		cr = memchr(p, '\r', span);
		if (cr)
			span = (size_t)(cr - p);
		r->pos += span;
		if (!any && span < n && (!cr || r->pos + 1 < r->cur->len)) {
			/* the whole row is in this chunk, and so is the byte after a carriage return: no copy */
			row->text = p;
			row->len = span > r->bound ? r->bound : span;
			row->too_long = span > r->bound;
			r->pos++;
			if (cr) {
				if (p[span + 1] == '\n')
					r->pos++;
				else
					row->cr = 1;
			}
			return 1;
		}
		any = 1;
		if (!row->too_long)
			carry(row, r, p, span);
		if (span == n)
			continue;
		r->pos++;
		if (cr) {
			/* CRLF is one terminator; the LF may sit in the next chunk */
			if (r->pos == r->cur->len && (rc = next_chunk(r)) < 0)
				return -1;
			if (r->pos < r->cur->len && r->cur->buf[r->pos] == '\n')
				r->pos++;
			else
				row->cr = 1;
		}
		break;
	}
	if (!any)
		return 0;
	row->text = r->carry.ptr;
	row->len = r->carry.size;
	return 1;
}

void lp_line_reader_free(lp_line_reader *r)
{
	size_t i;
	if (!r)
		return;
	if (r->threaded) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	if (r->gz)
		gzclose(r->gz);
	if (r->fd >= 0)
		close(r->fd);
	for (i = 0; i < RING; i++)
		lp_free(r->ring[i].buf);
	lp_buf_release(&r->carry);
	lp_free(r);
}
