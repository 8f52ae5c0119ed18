/* SPDX-License-Identifier: GPL-2.0 */
/* What the launcher knows of its own build: version, and where it runs. */
#ifndef __SCXKIT_BUILD_INFO_H
#define __SCXKIT_BUILD_INFO_H

#include <stdbool.h>

/* "0.1 (git 1234abc)": the release, and the commit when built from git. */
const char *build_info__version(void);

/*
 * build_info__in_tree - true when this binary runs from the build folder
 * it was linked in, so that messages may name the source tree's files
 * and make targets; an installed copy gets none of those.
 */
bool build_info__in_tree(void);

#endif
