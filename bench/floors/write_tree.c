/*
 * Floor for `build`: write the files of an existing output tree into a new
 * directory, then one syncfs, as a build that knew its bytes in advance
 * would. The source tree is read before the clock that matters starts (the
 * bench times whole processes, so reading is included but cached).
 * usage: write_tree SRC_DIR DST_DIR
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct file {
	char *rel;
	char *data;
	size_t len;
} file;

static file *files;
static size_t nfiles, capfiles;

static void die(const char *what, const char *path)
{
	fprintf(stderr, "write_tree: %s '%s': %s\n", what, path, strerror(errno));
	exit(1);
}

static void collect(const char *root, const char *rel)
{
	char path[4096];
	DIR *dp;
	struct dirent *de;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(dp = opendir(path)))
		die("cannot open", path);
	while ((de = readdir(dp))) {
		char sub[4096], full[4096];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st) < 0)
			die("cannot stat", full);
		if (S_ISDIR(st.st_mode)) {
			collect(root, sub);
		} else if (S_ISREG(st.st_mode)) {
			FILE *f = fopen(full, "rb");
			file *x;
			if (!f)
				die("cannot read", full);
			if (nfiles == capfiles) {
				capfiles = capfiles ? capfiles * 2 : 1024;
				files = realloc(files, capfiles * sizeof(*files));
			}
			x = &files[nfiles++];
			x->rel = strdup(sub);
			x->len = (size_t)st.st_size;
			x->data = malloc(x->len + 1);
			if (fread(x->data, 1, x->len, f) != x->len)
				die("short read", full);
			fclose(f);
		}
	}
	closedir(dp);
}

static void mkdirs(const char *dst, const char *rel)
{
	char path[4096], *p;
	snprintf(path, sizeof(path), "%s/%s", dst, rel);
	for (p = path + strlen(dst) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			die("cannot create", path);
		*p = '/';
	}
}

int main(int argc, char **argv)
{
	size_t i;
	int dfd;
	if (argc != 3) {
		fprintf(stderr, "usage: write_tree SRC_DIR DST_DIR\n");
		return 2;
	}
	collect(argv[1], "");
	if (mkdir(argv[2], 0777) < 0 && errno != EEXIST)
		die("cannot create", argv[2]);
	for (i = 0; i < nfiles; i++) {
		char path[4096];
		int fd;
		mkdirs(argv[2], files[i].rel);
		snprintf(path, sizeof(path), "%s/%s", argv[2], files[i].rel);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
			die("cannot write", path);
		if (write(fd, files[i].data, files[i].len) != (ssize_t)files[i].len)
			die("short write", path);
		close(fd);
	}
	if ((dfd = open(argv[2], O_RDONLY | O_DIRECTORY)) < 0 || syncfs(dfd) < 0)
		die("cannot sync", argv[2]);
	close(dfd);
	printf("%zu files\n", nfiles);
	return 0;
}
