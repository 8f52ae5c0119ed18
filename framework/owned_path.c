// SPDX-License-Identifier: GPL-2.0
/*
 * Removing a fixed path only while it is still the file this launcher
 * created (owned_path.h): compared by device and inode number.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "owned_path.h"

void owned_path__claim(struct owned_path *o, const char *path)
{
	struct stat st;

	o->owned = !stat(path, &st);
	if (o->owned) {
		o->dev = st.st_dev;
		o->ino = st.st_ino;
	}
}

void owned_path__remove(struct owned_path *o, const char *path)
{
	struct stat st;

	if (o->owned && !stat(path, &st) && st.st_dev == o->dev &&
	    st.st_ino == o->ino)
		unlink(path);
	o->owned = 0;
}
