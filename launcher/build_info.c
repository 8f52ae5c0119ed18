// SPDX-License-Identifier: GPL-2.0
/*
 * The version and build folder the Makefile wrote into build_info.h, and
 * whether this process is the binary in that folder: messages that name
 * make targets or files of the source tree are only for that binary.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "build_info.h"
#include "build_info_gen.h"

const char *build_info__version(void)
{
	return SCXKIT_VERSION_STR;
}

bool build_info__in_tree(void)
{
	static int in_tree = -1;
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (in_tree >= 0)
		return in_tree;
	/* The kernel's name of the file we run: symbolic links resolved. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	in_tree = 0;
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			in_tree = !strcmp(exe, SCXKIT_BUILD_DIR);
		}
	}
	return in_tree;
}
