/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <scxkit/qos.h> - tell the running scxkit policy about your threads.
 *
 * Link with build/libscxkit_qos.a -lbpf -lelf -lz, or once installed with
 * $(pkg-config --cflags --libs scxkit-qos).  Every function returns
 * 0 or a negative errno and never exits or aborts; a thread id of 0 means
 * the calling thread.
 *
 *	struct scxkit_qos *q = scxkit_qos_open();
 *	scxkit_qos_set(q, 0, 3);          // this thread: QoS level 3
 *	...
 *	scxkit_qos_idle_wait(q, -1);      // worker: no work, sleep
 *	...
 *	scxkit_qos_mark_runnable(q, tid); // dispatcher: work for tid
 *
 * Levels run from 0 to SCXKIT_QOS_MAX_LEVELS-1; higher is more urgent (a
 * policy with fewer levels clamps to its highest).  What the level and the
 * idle mark mean is the policy's to say (see its --help).
 *
 * Who may write: root may change any thread; other users only the threads
 * of their own process.  The launcher's socket SCXKIT_QOS_SOCKET checks
 * the caller's credentials.  A handle gets a shared region from it: each
 * thread of this process is bound to a slot once (one round trip), then
 * levels and marks of this process's threads are stores into the region
 * and waits and wake-ups a futex in it, with no bpf() call and no socket
 * message.  SCXKIT_QOS_SHARED=0 in the environment (or no region to be
 * had) makes every call a request instead: root writes the table map
 * pinned at SCXKIT_QOS_PIN, others go through the socket.
 *
 * Idle and runnable: scxkit_qos_idle_wait() marks the caller idle and
 * blocks it (off the CPU, so the sched_ext watchdog never sees an idle
 * thread sit runnable) until another thread of the same process calls
 * scxkit_qos_mark_runnable() on it.  A mark that arrives before the wait
 * is not lost: the next wait returns at once.  Waits and wake-ups pair up
 * through the handle, so a process opens one and shares it among its
 * threads (every function is safe to call from many threads at once).
 */
#ifndef __SCXKIT_QOS_H
#define __SCXKIT_QOS_H

#ifdef __bpf__
#error "<scxkit/qos.h> is for applications; policies use scxkit_task_qos()"
#endif

#include <sys/types.h>

#include <scxkit/common.h>

#define SCXKIT_QOS_SOCKET "/run/scxkit/qos.sock"
#define SCXKIT_QOS_PIN	  "/sys/fs/bpf/scxkit/qos"

struct scxkit_qos;

/*
 * scxkit_qos_open - connect to the running scheduler's QoS table.
 * Returns NULL with errno ENOENT when no scxkit scheduler runs, EAGAIN
 * when the launcher turned the connection away (this user already holds
 * as many as one user may).
 */
struct scxkit_qos *scxkit_qos_open(void);

/* scxkit_qos_close - release @q; safe on NULL. */
void scxkit_qos_close(struct scxkit_qos *q);

/*
 * scxkit_qos_set - set thread @tid's QoS level.  -EINVAL for a level out
 * of range, -EPERM for a thread you may not change, -ESRCH if it is gone.
 */
int scxkit_qos_set(struct scxkit_qos *q, pid_t tid, unsigned int level);

/* scxkit_qos_get - read @tid's level and whether it is marked idle. */
int scxkit_qos_get(struct scxkit_qos *q, pid_t tid, unsigned int *level,
		   int *idle);

/* scxkit_qos_clear - forget @tid's entry (it gets the policy's default). */
int scxkit_qos_clear(struct scxkit_qos *q, pid_t tid);

/*
 * scxkit_qos_idle_wait - mark the calling thread idle and sleep until it is
 * marked runnable, or @timeout_ms passes (-1: no limit; then -ETIMEDOUT,
 * and the thread is marked runnable again).
 */
int scxkit_qos_idle_wait(struct scxkit_qos *q, int timeout_ms);

/*
 * scxkit_qos_mark_runnable - mark @tid runnable and wake it if it sleeps
 * in scxkit_qos_idle_wait().  @tid must belong to this process to be
 * woken; root may mark other processes' threads, which only changes the
 * table.
 */
int scxkit_qos_mark_runnable(struct scxkit_qos *q, pid_t tid);

/*
 * scxkit_qos_is_shared - 1 if @q writes its own threads' levels and marks
 * into shared memory (the default), 0 if every call is a request.
 */
int scxkit_qos_is_shared(const struct scxkit_qos *q);

/* scxkit_qos_is_direct - 1 if @q writes the map itself, 0 via the socket. */
int scxkit_qos_is_direct(const struct scxkit_qos *q);

#endif /* __SCXKIT_QOS_H */
