#include "fix.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/mem.h"

#define MAX_PASSES 8

static lp_fix_file *file_of(lp_fix_result *r, const char *path, lp_diag *d)
{
	size_t i;
	const char *text;
	size_t len;
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].path, path))
			return &r->v[i];
	text = lp_diag_source_text(d, path, &len);
	if (!text)
		return NULL;
	r->v = lp_realloc(r->v, (r->n + 1) * sizeof(*r->v));
	memset(&r->v[r->n], 0, sizeof(r->v[r->n]));
	r->v[r->n].path = lp_malloc(strlen(path) + 1);
	memcpy(r->v[r->n].path, path, strlen(path) + 1);
	lp_buf_put(&r->v[r->n].before, text, len);
	lp_buf_put(&r->v[r->n].after, text, len);
	return &r->v[r->n++];
}

/* Applies the fixes of one pass; returns how many findings were fixed. */
static size_t apply_pass(lp_fix_result *r, lp_diag *d, int first)
{
	size_t i, j, fixed = 0;
	lp_edits *accepted = NULL;
	const char **paths = NULL;
	size_t nfiles = 0;

	for (i = 0; i < lp_diag_count(d); i++) {
		const lp_diag_entry *e = lp_diag_get(d, i);
		if (!e->fix || e->fix->manual || !e->fix->edits.n || e->suppressed || !e->span.file)
			continue;
		for (j = 0; j < nfiles; j++)
			if (!strcmp(paths[j], e->span.file))
				break;
		if (j == nfiles) {
			paths = lp_realloc(paths, (nfiles + 1) * sizeof(*paths));
			accepted = lp_realloc(accepted, (nfiles + 1) * sizeof(*accepted));
			paths[nfiles] = e->span.file;
			memset(&accepted[nfiles], 0, sizeof(accepted[nfiles]));
			nfiles++;
		}
		/* two fixes on the same bytes: the second waits for the next pass, over the edited text */
		if (lp_edits_conflict(&accepted[j], &e->fix->edits))
			continue;
		lp_edits_extend(&accepted[j], &e->fix->edits);
		fixed++;
		{
			lp_fix_file *f = file_of(r, e->span.file, d);
			if (f)
				f->fixes++;
		}
	}
	for (j = 0; j < nfiles; j++) {
		lp_fix_file *f = file_of(r, paths[j], d);
		lp_buf next = LP_BUF_INIT;
		lp_edits_sort(&accepted[j]);
		if (f && lp_edits_apply(&next, f->after.ptr, f->after.size, &accepted[j]) == 0) {
			if (first)
				lp_edits_extend(&f->edits, &accepted[j]);
			lp_buf_release(&f->after);
			f->after = next;
		} else {
			lp_buf_release(&next);
		}
		lp_edits_release(&accepted[j]);
	}
	lp_free(accepted);
	lp_free(paths);
	return fixed;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const lp_fix_file *)a)->path, ((const lp_fix_file *)b)->path);
}

int lp_fix_run(lp_fix_result *out, const lp_lint_opts *o, const char **paths, size_t npaths, lp_diag *report,
	lp_diag **left)
{
	lp_lint_opts lo = *o;
	lp_lint_input *overlay = NULL;
	lp_diag *d = NULL;
	size_t pass, i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	*left = NULL;
	lo.fix = 1;
	for (pass = 0; pass < MAX_PASSES; pass++) {
		size_t fixed;
		if (d && d != report)
			lp_diag_free(d);
		d = pass == 0 ? report : lp_diag_new();
		lo.overlay = overlay;
		lo.noverlay = out->n;
		if ((error = lp_lint_run(&lo, paths, npaths, d)) < 0)
			goto done;
		lp_diag_sort(d);
		fixed = apply_pass(out, d, pass == 0);
		out->fixed += fixed;
		out->passes = pass + 1;
		if (!fixed)
			break;
		overlay = lp_realloc(overlay, (out->n + 1) * sizeof(*overlay));
		for (i = 0; i < out->n; i++) {
			overlay[i].path = out->v[i].path;
			overlay[i].text = out->v[i].after.ptr;
			overlay[i].len = out->v[i].after.size;
		}
	}
	/* the last pass's findings: what the fixed files still have */
	if (d && d != report)
		*left = d;
	d = NULL;
done:
	if (d && d != report)
		lp_diag_free(d);
	lp_free(overlay);
	/* files that end as they began are not changed (a fix undone by another cannot happen, but say so) */
	for (i = 0; i < out->n;) {
		lp_fix_file *f = &out->v[i];
		if (f->before.size == f->after.size && !memcmp(f->before.ptr, f->after.ptr, f->before.size)) {
			lp_free(f->path);
			lp_buf_release(&f->before);
			lp_buf_release(&f->after);
			lp_edits_release(&f->edits);
			memmove(f, f + 1, (out->n - i - 1) * sizeof(*f));
			out->n--;
		} else {
			i++;
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_file);
	return error;
}

void lp_fix_result_release(lp_fix_result *r)
{
	size_t i;
	for (i = 0; i < r->n; i++) {
		lp_free(r->v[i].path);
		lp_buf_release(&r->v[i].before);
		lp_buf_release(&r->v[i].after);
		lp_edits_release(&r->v[i].edits);
	}
	lp_free(r->v);
	memset(r, 0, sizeof(*r));
}
