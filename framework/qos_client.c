// SPDX-License-Identifier: GPL-2.0
/*
 * libscxkit_qos: the application side of the QoS table (<scxkit/qos.h>).
 * Root callers write the pinned map directly; everyone else sends one-line
 * requests over the launcher's socket.  Idle waits are futexes on words in
 * this process's memory, one per waiting thread.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "proc_thread.h"
#include "qos_request.h"

#define NR_WAITERS 1024 /* threads of one process that may idle-wait */

/*
 * A mark bumps `marks` (announce), writes "runnable" to the table, then
 * bumps `published` and wakes the waiter, which sleeps on `published`: a
 * woken waiter always finds the table saying runnable.
 */
struct waiter {
	_Atomic int tid;		/* 0: free slot */
	_Atomic unsigned long long ticks; /* its start time, 0: unknown */
	_Atomic unsigned int marks;	/* announced marks */
	_Atomic unsigned int published; /* marks whose table write is done */
	unsigned int consumed;		/* marks the waiter has seen */
};

struct scxkit_qos {
	int map_fd;	/* >= 0: direct */
	int sock_fd;	/* >= 0: through the launcher */
	pthread_mutex_t lock; /* one request at a time on the socket */
	struct waiter waiters[NR_WAITERS];
};

static pid_t this_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

struct scxkit_qos *scxkit_qos_open(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct scxkit_qos *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	q->sock_fd = -1;
	q->map_fd = geteuid() == 0 ? bpf_obj_get(SCXKIT_QOS_PIN) : -1;
	if (q->map_fd >= 0)
		return q;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", SCXKIT_QOS_SOCKET);
	q->sock_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->sock_fd >= 0 &&
	    !connect(q->sock_fd, (struct sockaddr *)&addr, sizeof(addr)))
		return q;
	if (q->sock_fd >= 0)
		close(q->sock_fd);
	free(q);
	errno = ENOENT;
	return NULL;
}

void scxkit_qos_close(struct scxkit_qos *q)
{
	if (!q)
		return;
	if (q->map_fd >= 0)
		close(q->map_fd);
	if (q->sock_fd >= 0)
		close(q->sock_fd);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

int scxkit_qos_is_direct(const struct scxkit_qos *q)
{
	return q && q->map_fd >= 0;
}

/* One request; "get" answers land in @out.  Returns 0 or -errno. */
static int request(struct scxkit_qos *q, const struct qos_request *r,
		   char *out, size_t len)
{
	static const char *const names[] = {
		[QOS_SET] = "set",     [QOS_IDLE] = "idle",
		[QOS_RUNNABLE] = "runnable", [QOS_CLEAR] = "clear",
		[QOS_GET] = "get",
	};
	char line[64], reply[128];
	size_t got = 0;
	ssize_t n;
	int err;

	if (!q)
		return -EBADF;
	if (q->map_fd >= 0) {
		return qos_request__apply(q->map_fd, r, out, len);
	}
	if (r->verb == QOS_SET)
		snprintf(line, sizeof(line), "set %d %u\n", r->tid, r->level);
	else
		snprintf(line, sizeof(line), "%s %d\n", names[r->verb], r->tid);

	pthread_mutex_lock(&q->lock);
	if (send(q->sock_fd, line, strlen(line), MSG_NOSIGNAL) < 0) {
		pthread_mutex_unlock(&q->lock);
		return -EPIPE;
	}
	while (got < sizeof(reply) - 1) {
		n = recv(q->sock_fd, reply + got, 1, 0);
		if (n <= 0) {
			pthread_mutex_unlock(&q->lock);
			return -EPIPE;
		}
		if (reply[got++] == '\n')
			break;
	}
	pthread_mutex_unlock(&q->lock);
	reply[got] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	if (!strncmp(reply, "ok", 2)) {
		if (out && len) {
			const char *data = reply[2] ? reply + 3 : "";
			size_t dlen = strnlen(data, len - 1);

			memcpy(out, data, dlen);
			out[dlen] = '\0';
		}
		return 0;
	}
	if (sscanf(reply, "err %d", &err) == 1 && err > 0)
		return -err;
	return -EPROTO;
}

/*
 * With @ticks, the thread's known start time: the direct path then skips
 * reading /proc for it, which is most of an idle/runnable mark's cost.
 */
static int simple_known(struct scxkit_qos *q, enum qos_verb verb, pid_t tid,
			unsigned int level, unsigned long long ticks)
{
	struct qos_request r = { .verb = verb, .tid = tid ? tid : this_tid(),
				 .level = level, .start_ticks = ticks };

	if (tid < 0)
		return -EINVAL;
	if (verb == QOS_SET && level >= SCXKIT_QOS_MAX_LEVELS)
		return -EINVAL;
	return request(q, &r, NULL, 0);
}

static int simple(struct scxkit_qos *q, enum qos_verb verb, pid_t tid,
		  unsigned int level)
{
	return simple_known(q, verb, tid, level, 0);
}

/* The calling thread's start time, read once per thread. */
static unsigned long long self_ticks(void)
{
	static __thread pid_t tid;
	static __thread unsigned long long ticks;
	pid_t now = this_tid();

	if (tid != now) {
		__u64 t = 0;

		ticks = proc_thread__start_ticks(now, &t) ? 0 : t;
		tid = now;
	}
	return ticks;
}

int scxkit_qos_set(struct scxkit_qos *q, pid_t tid, unsigned int level)
{
	return simple(q, QOS_SET, tid, level);
}

int scxkit_qos_clear(struct scxkit_qos *q, pid_t tid)
{
	return simple(q, QOS_CLEAR, tid, 0);
}

int scxkit_qos_get(struct scxkit_qos *q, pid_t tid, unsigned int *level,
		   int *idle)
{
	struct qos_request r = { .verb = QOS_GET,
				 .tid = tid ? tid : this_tid() };
	unsigned int lv, flags;
	char out[64];
	int err;

	if (tid < 0)
		return -EINVAL;
	err = request(q, &r, out, sizeof(out));
	if (err)
		return err;
	if (sscanf(out, "%u %u", &lv, &flags) != 2)
		return -EPROTO;
	if (level)
		*level = lv;
	if (idle)
		*idle = !!(flags & SCXKIT_QOS_IDLE);
	return 0;
}

/* The waiter slot of @tid; with @create, claims a free one. */
static struct waiter *waiter_of(struct scxkit_qos *q, pid_t tid, int create)
{
	unsigned int i, h = (unsigned int)tid % NR_WAITERS;

	for (i = 0; i < NR_WAITERS; i++) {
		struct waiter *w = &q->waiters[(h + i) % NR_WAITERS];
		int expected = 0;

		if (atomic_load(&w->tid) == tid)
			return w;
		if (create &&
		    atomic_compare_exchange_strong(&w->tid, &expected, tid))
			return w;
		if (!create && atomic_load(&w->tid) == 0)
			return NULL;
	}
	return NULL;
}

static long futex(_Atomic unsigned int *addr, int op, unsigned int val,
		  const struct timespec *timeout)
{
	return syscall(SYS_futex, addr, op, val, timeout, NULL, 0);
}

/* Seconds and nanoseconds left until @deadline; negative when past. */
static struct timespec time_left(const struct timespec *deadline)
{
	struct timespec now, left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left.tv_sec = deadline->tv_sec - now.tv_sec;
	left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0) {
		left.tv_sec--;
		left.tv_nsec += 1000000000L;
	}
	return left;
}

int scxkit_qos_idle_wait(struct scxkit_qos *q, int timeout_ms)
{
	pid_t tid = this_tid();
	unsigned long long ticks = self_ticks();
	struct timespec deadline;
	struct waiter *w;
	unsigned int seen;
	int err;

	if (!q)
		return -EBADF;
	w = waiter_of(q, tid, 1);
	if (!w)
		return -ENOSPC;
	/* For mark_runnable: the start time of the slot's current thread. */
	atomic_store(&w->ticks, ticks);
	/* A mark that came before this wait is not lost. */
	seen = atomic_load(&w->marks);
	if (seen != w->consumed) {
		w->consumed = seen;
		return 0;
	}
	err = simple_known(q, QOS_IDLE, tid, 0, ticks);
	if (err)
		return err;
	/*
	 * A mark announced since may have written "runnable" before our
	 * "idle" landed: restore it ourselves.  A mark announced after this
	 * check writes after us.
	 */
	seen = atomic_load(&w->marks);
	if (seen != w->consumed) {
		w->consumed = seen;
		return simple_known(q, QOS_RUNNABLE, tid, 0, ticks);
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	/* Sleep until a mark beyond those consumed is fully published. */
	while ((int)((seen = atomic_load(&w->published)) - w->consumed) <= 0) {
		struct timespec left;

		if (timeout_ms >= 0) {
			left = time_left(&deadline);
			if (left.tv_sec < 0) {
				simple_known(q, QOS_RUNNABLE, tid, 0, ticks);
				return -ETIMEDOUT;
			}
		}
		futex(&w->published, FUTEX_WAIT_PRIVATE, seen,
		      timeout_ms >= 0 ? &left : NULL);
	}
	w->consumed = seen;
	return 0;
}

int scxkit_qos_mark_runnable(struct scxkit_qos *q, pid_t tid)
{
	struct waiter *w;
	int err;

	if (!q || tid < 0)
		return -EINVAL;
	if (!tid)
		tid = this_tid();
	/* Only our own threads can be sleeping on our futex words. */
	w = waiter_of(q, tid, 0);
	if (!w && proc_thread__in_process(getpid(), tid))
		w = waiter_of(q, tid, 1);
	if (!w)
		return simple(q, QOS_RUNNABLE, tid, 0);
	atomic_fetch_add(&w->marks, 1);
	/*
	 * The start time the waiter left; if its thread id was reused since,
	 * the write carries the old thread's time and the policy ignores it
	 * until the new thread's own idle_wait.
	 */
	err = simple_known(q, QOS_RUNNABLE, tid, 0, atomic_load(&w->ticks));
	atomic_fetch_add(&w->published, 1);
	futex(&w->published, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
	return err;
}
