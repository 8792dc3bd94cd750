/*
 * Replays fuzz corpora through a fuzz target without libFuzzer, so that every
 * `meson test` runs the seeds and every crash input saved next to them
 * (libgit2's standalone driver). Files are fed in name order.
 *
 * usage: replay_<target> FILE|DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer's default -max_len is far below this; bigger files are not seeds. */
#define REPLAY_MAX_INPUT ((size_t)1 << 20)

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const char *path)
{
	lp_buf data = LP_BUF_INIT;
	if (lp_fs_read(&data, path, REPLAY_MAX_INPUT) < 0) {
		fprintf(stderr, "replay: %s\n", lp_error_last());
		lp_buf_release(&data);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data.ptr, data.size);
	lp_buf_release(&data);
	return 0;
}

/* Returns the number of inputs replayed, or -1. */
static long replay_dir(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	long count = 0;
	int failed = 0;
	if (!dh) {
		fprintf(stderr, "replay: cannot open '%s'\n", dir);
		return -1;
	}
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = lp_realloc(names, cap * sizeof(*names));
		}
		names[n++] = lp_strdup(e->d_name);
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		lp_buf path = LP_BUF_INIT;
		lp_buf_printf(&path, "%s/%s", dir, names[i]);
		if (!lp_fs_is_dir(path.ptr)) {
			if (replay_file(path.ptr) < 0)
				failed = 1;
			else
				count++;
		}
		lp_buf_release(&path);
		lp_free(names[i]);
	}
	lp_free(names);
	return failed ? -1 : count;
}

int main(int argc, char **argv)
{
	long total = 0, n;
	int i;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		n = lp_fs_is_dir(argv[i]) ? replay_dir(argv[i]) : replay_file(argv[i]) < 0 ? -1 : 1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("replayed %ld inputs\n", total);
	/* An empty corpus means the test replays nothing: treat it as a mistake. */
	return total ? 0 : 1;
}
