/* SPDX-License-Identifier: GPL-2.0 */
/* What /sys/kernel/sched_ext says about the running sched_ext scheduler. */
#ifndef __SCXKIT_SCHED_EXT_SYSFS_H
#define __SCXKIT_SCHED_EXT_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

/* sched_ext_sysfs__present - true if this kernel has sched_ext. */
bool sched_ext_sysfs__present(void);

/*
 * sched_ext_sysfs__state - "disabled", "enabling", "enabled", "disabling"
 * into @buf; returns -1 if unreadable.
 */
int sched_ext_sysfs__state(char *buf, size_t len);

/* sched_ext_sysfs__ops_name - name of the attached scheduler, -1 if none. */
int sched_ext_sysfs__ops_name(char *buf, size_t len);

#endif
