/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files the launcher creates at fixed paths (its sockets, the QoS table's
 * pin) and removes when it ends.  A launcher that detaches lets the next
 * one attach and create the same paths before it has finished; it must
 * then remove only what is still its own, never its successor's.
 */
#ifndef __SCXKIT_OWNED_PATH_H
#define __SCXKIT_OWNED_PATH_H

#include <sys/types.h>

struct owned_path {
	dev_t dev;
	ino_t ino;
	int owned; /* 0: nothing recorded, nothing to remove */
};

/* owned_path__claim - record what @path is now: the file just created. */
void owned_path__claim(struct owned_path *o, const char *path);

/* owned_path__remove - unlink @path if it is still the recorded file. */
void owned_path__remove(struct owned_path *o, const char *path);

#endif
