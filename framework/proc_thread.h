/* SPDX-License-Identifier: GPL-2.0 */
/* Facts about a thread read from /proc: start time and thread group. */
#ifndef __SCXKIT_PROC_THREAD_H
#define __SCXKIT_PROC_THREAD_H

#include <linux/types.h>
#include <stdbool.h>
#include <sys/types.h>

/*
 * proc_thread__parse_start_ticks - field 22 (starttime) of one
 * /proc/TID/stat line; the command name in parentheses may hold anything.
 * 0 or -1.
 */
int proc_thread__parse_start_ticks(const char *line, __u64 *ticks);

/* proc_thread__start_ticks - start time of thread @tid; -errno on error. */
int proc_thread__start_ticks(pid_t tid, __u64 *ticks);

/* proc_thread__in_process - is @tid a thread of process @pid? */
bool proc_thread__in_process(pid_t pid, pid_t tid);

/*
 * proc_thread__pidfd_tid - the thread a pidfd refers to, as this
 * process's PID namespace numbers it.  -EBADF: not a pidfd; -ESRCH: the
 * thread is gone or not visible from here.
 */
int proc_thread__pidfd_tid(int pidfd, pid_t *tid);

/* proc_thread__euid - the effective uid of process @pid now. */
int proc_thread__euid(pid_t pid, uid_t *euid);

/*
 * proc_thread__same_pid_ns - 1 if process @pid (numbered in our
 * namespace) is in our PID namespace, 0 if not, -ESRCH if it is gone.
 */
int proc_thread__same_pid_ns(pid_t pid);

#endif
