/*
 * A main for a fuzz harness without libFuzzer: each file named, or each
 * file of each directory named, is given to LLVMFuzzerTestOneInput
 * once.  make check runs every harness over its corpus so; a crash, a
 * sanitizer's report or an abort is a failure.  Prints how many inputs
 * it ran, as a TAP line per corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int	run_file(const char *);

static int
run_file(const char *path)
{
	FILE	*f;
	uint8_t	*data = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap == 0 ? 4096 : cap * 2;
			if ((data = realloc(data, cap)) == NULL) {
				fclose(f);
				return -1;
			}
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		 path[4096];
	int		 i, n, bad = 0, t = 0;

	for (i = 1; i < argc; i++) {
		n = 0;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((d = opendir(argv[i])) == NULL) {
				bad = 1;
				continue;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    de->d_name);
				bad |= run_file(path) == -1;
				n++;
			}
			closedir(d);
		} else {
			bad |= run_file(argv[i]) == -1;
			n++;
		}
		printf("%s %d - %s: %d inputs replayed\n",
		    bad || n == 0 ? "not ok" : "ok", ++t, argv[i], n);
	}
	printf("1..%d\n", t);
	return bad;
}
