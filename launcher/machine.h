/* SPDX-License-Identifier: GPL-2.0 */
/* Can this machine attach a sched_ext scheduler now?  Shared by run and check. */
#ifndef __SCXKIT_MACHINE_H
#define __SCXKIT_MACHINE_H

/*
 * machine__check - root, a kernel with sched_ext, no scheduler attached:
 * 0, or -1 after saying on stderr what is missing, in the order a user
 * can fix it.  @cmd ("run", "check") names the command in the hint to
 * use the VM.
 */
int machine__check(const char *cmd);

#endif
