#include "samples/samples.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "read/serde_regex.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

struct lp_samples {
	pcre2_code *code;
	pcre2_code *tolerant; /* the same regex plus (?: .*)?, to explain failures; NULL if it would not compile */
	pcre2_match_data *md;
	pcre2_match_data *md_tolerant;
};

const lp_ddl_table *lp_samples_find_table(const lp_ddl_file *f)
{
	size_t i;
	for (i = 0; i < f->ntables; i++)
		if (f->tables[i].serde && strstr(f->tables[i].serde, "RegexSerDe"))
			return &f->tables[i];
	return NULL;
}

int lp_samples_new(lp_samples **out, const lp_ddl_table *t, lp_diag *d)
{
	const lp_ddl_prop *re = lp_ddl_serde_prop(t, "input.regex");
	lp_serde_regex_src src;
	lp_samples *s;
	pcre2_code *code = NULL;
	lp_buf tol = LP_BUF_INIT;
	*out = NULL;
	if (!re) {
		lp_diag_error(d, "LP-ATHENA-REGEX-MISSING", &t->name_span, NULL, "table '%s' has no 'input.regex'", t->name);
		return 0;
	}
	memset(&src, 0, sizeof(src));
	src.span = re->value_span;
	if (lp_serde_regex_java_check(re->value, &src, d) > 0)
		return 0; /* PCRE2 would disagree with Athena: no verdict is better than a wrong one */
	lp_serde_regex_compile(&code, re->value, &src, d);
	if (!code)
		return 0;
	s = lp_calloc(1, sizeof(*s));
	s->code = code;
	s->md = pcre2_match_data_create_from_pattern(code, NULL);
	lp_buf_printf(&tol, "(?:%s)(?: .*)?", re->value);
	lp_serde_regex_compile(&s->tolerant, tol.ptr, NULL, NULL);
	if (s->tolerant)
		s->md_tolerant = pcre2_match_data_create_from_pattern(s->tolerant, NULL);
	lp_buf_release(&tol);
	*out = s;
	return 0;
}

void lp_samples_free(lp_samples *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_data_free(s->md_tolerant);
	pcre2_code_free(s->code);
	pcre2_code_free(s->tolerant);
	lp_free(s);
}

unsigned lp_samples_groups(const lp_samples *s)
{
	return lp_serde_regex_groups(s->code);
}

int lp_samples_match(lp_samples *s, const char *line, size_t len)
{
	return lp_serde_regex_match(s->code, line, len, s->md);
}

/*
 * A buffered line reader over zlib's gzread (which reads plain files too).
 * gzgets cannot say how long a line is, so a NUL byte in a log line would
 * silently glue it to the next one; counting bytes ourselves keeps NULs in the
 * line, where the regex sees them as Athena would.
 */
typedef struct reader {
	gzFile gz;
	const char *path;
	char buf[65536];
	size_t pos, len;
	int eof;
} reader;

static int fill(reader *r)
{
	int n = gzread(r->gz, r->buf, sizeof(r->buf));
	if (n < 0) {
		int err;
		const char *msg = gzerror(r->gz, &err);
		lp_error_set(LP_ERROR_IO, "cannot read '%s': %s", r->path, msg);
		return -1;
	}
	if (n == 0) {
		int err;
		/*
		 * Z_BUF_ERROR at the end means the gzip stream stopped in the middle:
		 * a cut download or a file still being written. Counting only the lines
		 * before the cut would report a clean file.
		 */
		gzerror(r->gz, &err);
		if (err == Z_BUF_ERROR) {
			lp_error_set(LP_ERROR_IO, "'%s' is truncated: its gzip stream ends early", r->path);
			return -1;
		}
	}
	r->pos = 0;
	r->len = (size_t)n;
	r->eof = n == 0;
	return 0;
}

/* One line into `b` (without its newline); *too_long when it exceeds the bound (the rest is skipped). */
static int read_line(lp_buf *b, reader *r, int *too_long, int *eof)
{
	int any = 0;
	lp_buf_clear(b);
	*too_long = 0;
	*eof = 0;
	for (;;) {
		const char *nl;
		size_t n;
		if (r->pos == r->len) {
			if (fill(r) < 0)
				return -1;
			if (r->eof) {
				*eof = !any;
				break;
			}
		}
		any = 1;
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		n = nl ? (size_t)(nl - r->buf) - r->pos : r->len - r->pos;
		if (!*too_long) {
			if (b->size + n > LP_SAMPLES_MAX_LINE)
				*too_long = 1;
			else
				lp_buf_put(b, r->buf + r->pos, n);
		}
		r->pos += n;
		if (nl) {
			r->pos++;
			break;
		}
	}
	if (b->size && b->ptr[b->size - 1] == '\r')
		lp_buf_truncate(b, b->size - 1);
	return 0;
}

int lp_samples_run_file(lp_samples_result *res, lp_samples *s, const char *path, lp_samples_fail_fn fail,
	void *payload)
{
	reader *r;
	lp_buf line = LP_BUF_INIT;
	size_t lineno = 0;
	int rc = 0;
	/* "-" is standard input, as for lint, so `zcat *.gz | logpipe samples --table t.sql -` works. */
	int fd = strcmp(path, "-") ? -1 : dup(0);
	gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : strcmp(path, "-") ? gzopen(path, "rb") : NULL;
	if (!gz) {
		if (fd >= 0)
			close(fd);
		lp_error_set(LP_ERROR_IO, "cannot open '%s': %s", path, errno ? strerror(errno) : "out of memory");
		return -1;
	}
	r = lp_calloc(1, sizeof(*r));
	r->gz = gz;
	r->path = path;
	for (;;) {
		int too_long, eof, m;
		if ((rc = read_line(&line, r, &too_long, &eof)) < 0)
			break;
		if (eof)
			break;
		lineno++;
		res->lines++;
		if (too_long) {
			res->failed++;
			res->too_long++;
			if (fail)
				fail(path, lineno, line.ptr, line.size, 0, payload);
			continue;
		}
		if ((m = lp_samples_match(s, line.ptr, line.size)) < 0) {
			rc = -1;
			break;
		}
		if (m == 1) {
			res->matched++;
			continue;
		}
		res->failed++;
		if (m == LP_SERDE_GAVE_UP) {
			res->gave_up++;
			if (fail)
				fail(path, lineno, line.ptr, line.size, 0, payload);
			/* A few such lines say something about the line; many say the regex is unusable. */
			if (res->gave_up >= LP_SAMPLES_MAX_GAVE_UP) {
				lp_error_set(LP_ERROR_INVALID,
					"the table's regex backtracked past PCRE2's limits on %zu lines; stopped at %s:%zu "
					"(rewrite nested quantifiers such as (\\w+\\s?)*)", res->gave_up, path, lineno);
				rc = -1;
				break;
			}
			continue;
		}
		m = s->tolerant && lp_serde_regex_match(s->tolerant, line.ptr, line.size, s->md_tolerant) == 1;
		if (m)
			res->extended++;
		if (fail)
			fail(path, lineno, line.ptr, line.size, m, payload);
	}
	gzclose(gz);
	lp_free(r);
	lp_buf_release(&line);
	return rc;
}
