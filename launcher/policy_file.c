// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a policy object from a file, for policies built outside this
 * tree against the installed headers (scxkit-policy.pc).  The object is
 * parsed exactly like a built-in one; only where its bytes come from
 * differs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy_file.h"

/* Far above any policy (tens of KiB stripped, a few MiB with DWARF). */
#define POLICY_FILE_MAX (64u << 20)

bool policy_file__is_path(const char *arg)
{
	size_t len = strlen(arg);

	return strchr(arg, '/') || (len > 2 && !strcmp(arg + len - 2, ".o"));
}

static int read_whole(int fd, void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, (char *)buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

int policy_file__load(struct scxkit_policy *p, const char *path, char *err,
		      size_t errlen)
{
	char why[256];
	struct stat st;
	void *buf;
	int fd, ret;

	memset(p, 0, sizeof(*p));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > POLICY_FILE_MAX) {
		snprintf(err, errlen, "%s: not a policy object (%s)", path,
			 !S_ISREG(st.st_mode) ? "not a regular file"
					      : "empty or too large");
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size);
	ret = buf ? read_whole(fd, buf, (size_t)st.st_size) : -ENOMEM;
	close(fd);
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		free(buf);
		return -1;
	}
	/* Parsed in place: the launcher loads the policy from this buffer. */
	if (policy_meta__parse(p, buf, (size_t)st.st_size, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		free(buf);
		p->obj = NULL;
		return -1;
	}
	p->path = path;
	return 0;
}
