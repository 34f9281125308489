/*
 * The curated templates that create accepts by name: the files
 * NAME.cfg in the templates directory, read by the helper only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xlsh.h"
#include "template.h"

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the templates, sorted.  A missing directory is empty. */
int
template_list(const char *dir, char ***out, size_t *np)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL, *name;
	size_t		 n = 0, len;

	*out = NULL;
	*np = 0;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".cfg") != 0)
			continue;
		name = xstrdup(de->d_name);
		name[len - 4] = '\0';
		if (!valid_domain_name(name)) {
			free(name);
			continue;
		}
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = name;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	*np = n;
	return 0;
}

/* Read template NAME; the name was validated, so it is no path. */
int
template_read(const char *dir, const char *name, char **data,
    size_t *lenp, struct xerr *e)
{
	char		*path;
	int		 fd;
	struct stat	 st;
	ssize_t		 r;

	if (!valid_domain_name(name)) {
		xerr_set(e, XE_INVAL, "'%s' is not a template name", name);
		return -1;
	}
	xasprintf(&path, "%s/%s.cfg", dir, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd == -1) {
		xerr_set(e, XE_NOTFOUND, "no template named '%s'; "
		    "'templates' lists them", name);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > XLSH_CONFIG_MAX) {
		close(fd);
		xerr_set(e, XE_FAIL, "template '%s' is not a regular file "
		    "of at most %d bytes", name, XLSH_CONFIG_MAX);
		return -1;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	r = read(fd, *data, (size_t)st.st_size);
	close(fd);
	if (r != st.st_size) {
		free(*data);
		xerr_set(e, XE_FAIL, "cannot read template '%s'", name);
		return -1;
	}
	(*data)[r] = '\0';
	*lenp = (size_t)r;
	return 0;
}
