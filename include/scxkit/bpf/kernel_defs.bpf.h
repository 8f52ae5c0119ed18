/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel constants that are preprocessor macros, and so absent from
 * vmlinux.h (which holds only types and enums): errno values and the task
 * flags (task_struct->flags) the framework and policies test.  Named here
 * once, so no BPF file writes a bare -12 or 0x4.
 */
#ifndef __SCXKIT_KERNEL_DEFS_BPF_H
#define __SCXKIT_KERNEL_DEFS_BPF_H

/* The errno values, from the UAPI headers (linux-libc-dev). */
#include <asm-generic/errno.h>

/* include/linux/sched.h; stable for as long as sched_ext has existed. */
#ifndef PF_IDLE
#define PF_IDLE 0x00000002 /* the CPU's idle task */
#endif
#ifndef PF_EXITING
#define PF_EXITING 0x00000004 /* the task is exiting */
#endif
#ifndef PF_KTHREAD
#define PF_KTHREAD 0x00200000 /* a kernel thread */
#endif

#endif /* __SCXKIT_KERNEL_DEFS_BPF_H */
