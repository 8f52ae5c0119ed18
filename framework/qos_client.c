// SPDX-License-Identifier: GPL-2.0
/*
 * libscxkit_qos: the application side of the QoS table (<scxkit/qos.h>).
 *
 * Shared mode (the default): the launcher hands this process a region of
 * slots it maps (common.h), and binds each of our threads to a slot once,
 * over the socket.  From then on a level or an idle mark is a store into
 * the slot, an idle wait sleeps on the slot's futex word and a mark
 * runnable bumps it: no bpf() call, no socket round trip.
 *
 * Without a region (SCXKIT_QOS_SHARED=0, or none to be had): root writes
 * the pinned map directly, everyone else sends one-line requests over the
 * launcher's socket, and idle waits are futexes on words in this
 * process's own memory.  Threads of other processes (root only) always
 * go through the socket, which knows about their regions.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "fd_pass.h"
#include "proc_thread.h"
#include "qos_request.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* linux/pidfd.h, 6.9 */
#endif

#define NR_WAITERS   SCXKIT_QOS_REGION_SLOTS /* slot i is waiter i */
#define REGION_BYTES (NR_WAITERS * sizeof(struct scxkit_qos_slot))

/*
 * A mark bumps `marks` (announce), writes "runnable" to the table, then
 * bumps `published` and wakes the waiter, which sleeps on `published`: a
 * woken waiter always finds the table saying runnable.
 */
struct waiter {
	_Atomic int tid; /* 0: free slot */
	_Atomic unsigned long long ticks; /* its start time, 0: unknown */
	_Atomic unsigned int marks; /* announced marks */
	_Atomic unsigned int published; /* marks whose table write is done */
	unsigned int consumed; /* marks the waiter has seen */
	_Atomic int bound; /* shared mode: slot bound to tid */
};

struct scxkit_qos {
	int map_fd; /* >= 0: direct */
	int sock_fd; /* >= 0: through the launcher */
	pthread_mutex_t lock; /* one request at a time on the socket */
	struct scxkit_qos_slot *region; /* shared mode; NULL: not */
	struct waiter waiters[NR_WAITERS];
};

/*
 * The calling thread's id, asked of the kernel once per thread: marks and
 * waits run on it, and should cost no system call but the futex.  A
 * child of fork() starts with its parent's copy, so it is forgotten there.
 */
static __thread pid_t cached_tid;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void forget_tid(void)
{
	cached_tid = 0;
}

static void register_forget_tid(void)
{
	pthread_atfork(NULL, NULL, forget_tid);
}

static pid_t this_tid(void)
{
	if (!cached_tid) {
		pthread_once(&atfork_once, register_forget_tid);
		cached_tid = (pid_t)syscall(SYS_gettid);
	}
	return cached_tid;
}

/* Reads one reply line into @reply; the first read takes a passed fd. */
static int read_reply(int sock, char *reply, size_t len, int *fd)
{
	union {
		char space[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	size_t got = 0;
	ssize_t n;

	if (fd) {
		struct iovec iov = { .iov_base = reply, .iov_len = 1 };
		struct msghdr msg = { .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = control.space,
				      .msg_controllen = sizeof(control.space) };
		struct cmsghdr *c;

		*fd = -1;
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
		if (n <= 0)
			return -EPIPE;
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_RIGHTS &&
			    c->cmsg_len == CMSG_LEN(sizeof(int)))
				memcpy(fd, CMSG_DATA(c), sizeof(int));
		if (reply[got++] == '\n')
			goto done;
	}
	while (got < len - 1) {
		n = recv(sock, reply + got, 1, 0);
		if (n <= 0)
			return -EPIPE;
		if (reply[got++] == '\n')
			break;
	}
done:
	reply[got] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	return 0;
}

/* SCXKIT_QOS_SHARED=0: no region, every call a request. */
static bool shared_off(void)
{
	const char *env = getenv("SCXKIT_QOS_SHARED");

	return env && !strcmp(env, "0");
}

/* Asks the launcher for this process's region and maps it; NULL if none. */
static struct scxkit_qos_slot *map_region(int sock)
{
	static const char ask[] = "region\n";
	char reply[64];
	void *mem;
	int fd;

	if (shared_off())
		return NULL;
	if (send(sock, ask, sizeof(ask) - 1, MSG_NOSIGNAL) < 0 ||
	    read_reply(sock, reply, sizeof(reply), &fd))
		return NULL;
	mem = MAP_FAILED;
	if (fd >= 0 && !strncmp(reply, "ok ", 3) &&
	    atoi(reply + 3) == NR_WAITERS)
		mem = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, 0);
	if (fd >= 0)
		close(fd); /* the mapping keeps the region */
	if (mem == MAP_FAILED)
		return NULL;
	/*
	 * Not inherited by children: a child that execs another program,
	 * or this process exec'ing a privileged one, must not leave a
	 * writable window onto this process's threads' levels.
	 */
	madvise(mem, REGION_BYTES, MADV_DONTFORK);
	return mem;
}

/* A connection to the launcher's QoS socket; -1 if there is none. */
static int connect_socket(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", SCXKIT_QOS_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

struct scxkit_qos *scxkit_qos_open(void)
{
	struct scxkit_qos *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	q->map_fd = -1;
	q->sock_fd = connect_socket();
	if (q->sock_fd >= 0 && !(q->region = map_region(q->sock_fd)) &&
	    !shared_off() &&
	    recv(q->sock_fd, &(char){ 0 }, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
		/* Hung up on: this user holds too many connections. */
		close(q->sock_fd);
		q->sock_fd = -1;
		if (geteuid() != 0) {
			pthread_mutex_destroy(&q->lock);
			free(q);
			errno = EAGAIN;
			return NULL;
		}
	}
	/* No region: root writes the map itself, no round trip. */
	if (!q->region && geteuid() == 0)
		q->map_fd = bpf_obj_get(SCXKIT_QOS_PIN);
	if (q->region || q->map_fd >= 0 || q->sock_fd >= 0)
		return q;
	pthread_mutex_destroy(&q->lock);
	free(q);
	errno = ENOENT;
	return NULL;
}

void scxkit_qos_close(struct scxkit_qos *q)
{
	if (!q)
		return;
	if (q->region)
		munmap(q->region, REGION_BYTES);
	if (q->map_fd >= 0)
		close(q->map_fd);
	if (q->sock_fd >= 0)
		close(q->sock_fd);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

int scxkit_qos_is_shared(const struct scxkit_qos *q)
{
	return q && q->region;
}

int scxkit_qos_is_direct(const struct scxkit_qos *q)
{
	return q && q->map_fd >= 0;
}

/*
 * Sends one request line, with a pidfd for thread @tid (if not 0): the
 * launcher may number threads differently (we may be in a container's
 * PID namespace); the kernel translates a pidfd for it, and a launcher in
 * another namespace accepts nothing else.  Without pidfds for threads
 * (kernels before 6.9) the number goes alone.
 */
static ssize_t send_request(int sock, const char *line, pid_t tid)
{
	int fd = tid > 0 ? (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD) : -1;
	ssize_t n;

	if (fd < 0 && tid > 0 && errno == ESRCH)
		return -ESRCH; /* no such thread here: nothing to ask */
	n = fd_pass__send(sock, line, strlen(line), fd, MSG_NOSIGNAL);
	if (fd >= 0)
		close(fd);
	return n;
}

/* One request; "get" answers land in @out.  Returns 0 or -errno. */
static int request(struct scxkit_qos *q, const struct qos_request *r, char *out,
		   size_t len)
{
	static const char *const names[] = {
		[QOS_SET] = "set",	     [QOS_IDLE] = "idle",
		[QOS_RUNNABLE] = "runnable", [QOS_CLEAR] = "clear",
		[QOS_GET] = "get",	     [QOS_REGION] = "region",
		[QOS_BIND] = "bind",
	};
	char line[64], reply[128];
	int err, attempt;
	ssize_t n;

	if (!q)
		return -EBADF;
	/*
	 * Direct writes only for this process's threads: another's may be
	 * bound to its region, which only the launcher can reach.
	 */
	if (q->map_fd >= 0 && (q->sock_fd < 0 || r->tid == this_tid() ||
			       proc_thread__in_process(getpid(), r->tid)))
		return qos_request__apply(q->map_fd, NULL, r, out, len);
	if (q->sock_fd < 0)
		return -EPIPE;
	if (r->verb == QOS_SET)
		snprintf(line, sizeof(line), "set %d %u\n", r->tid, r->level);
	else if (r->verb == QOS_BIND)
		snprintf(line, sizeof(line), "bind %d %u\n", r->tid, r->slot);
	else
		snprintf(line, sizeof(line), "%s %d\n", names[r->verb], r->tid);

	pthread_mutex_lock(&q->lock);
	for (attempt = 0;; attempt++) {
		n = send_request(q->sock_fd, line,
				 r->verb == QOS_REGION ? 0 : r->tid);
		err = n == -ESRCH ? -ESRCH
		      : n < 0	  ? -EPIPE
				  : read_reply(q->sock_fd, reply, sizeof(reply),
					       NULL);
		/*
		 * The launcher drops a connection idle since it was opened
		 * (a handle that sends nothing holds a slot others may
		 * need): connect again, once.  Not with a region, which
		 * belongs to the first connection.
		 */
		if (err != -EPIPE || attempt || q->region)
			break;
		close(q->sock_fd);
		q->sock_fd = connect_socket();
		if (q->sock_fd < 0)
			break;
	}
	pthread_mutex_unlock(&q->lock);
	if (err)
		return err;
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
	struct qos_request r = { .verb = verb,
				 .tid = tid ? tid : this_tid(),
				 .level = level,
				 .start_ticks = ticks };

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

/* Is @tid a live thread of this process? */
static bool thread_alive(pid_t tid)
{
	return syscall(SYS_tgkill, getpid(), tid, 0) == 0 || errno != ESRCH;
}

/*
 * All slots taken: take one whose thread has exited.  Slots never go back
 * to free (0), so the table stays full and lookups probe all of it.
 */
static struct waiter *reclaim(struct scxkit_qos *q, pid_t tid)
{
	unsigned int i;

	for (i = 0; i < NR_WAITERS; i++) {
		struct waiter *w = &q->waiters[i];
		int old = atomic_load(&w->tid);

		if (old == tid)
			return w; /* reclaimed for @tid meanwhile */
		if (!old || thread_alive(old) ||
		    !atomic_compare_exchange_strong(&w->tid, &old, tid))
			continue;
		/* Marks meant for the dead thread are not this one's. */
		atomic_store(&w->bound, 0);
		atomic_store(&w->ticks, 0);
		w->consumed = q->region ? __atomic_load_n(&q->region[i].wake,
							  __ATOMIC_SEQ_CST)
					: atomic_load(&w->marks);
		return w;
	}
	return NULL;
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
		    (atomic_compare_exchange_strong(&w->tid, &expected, tid) ||
		     expected == tid)) /* another thread claimed it for @tid */
			return w;
		if (!create && atomic_load(&w->tid) == 0)
			return NULL;
	}
	return create ? reclaim(q, tid) : NULL;
}

static long futex(_Atomic unsigned int *addr, int op, unsigned int val,
		  const struct timespec *timeout)
{
	return syscall(SYS_futex, addr, op, val, timeout, NULL, 0);
}

/* The CLOCK_MONOTONIC time @timeout_ms from now. */
static struct timespec deadline_in(int timeout_ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += timeout_ms / 1000;
	t.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
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

/* The futex word of a shared slot, as the futex call wants it. */
static long slot_futex(__u32 *addr, int op, unsigned int val,
		       const struct timespec *timeout)
{
	return syscall(SYS_futex, addr, op, val, timeout, NULL, 0);
}

/*
 * Shared mode: the waiter (and slot) of @tid if it is a thread of this
 * process, else NULL (the caller goes through the socket).
 */
static struct scxkit_qos_slot *slot_of(struct scxkit_qos *q,
				       const struct waiter *w)
{
	return &q->region[w - q->waiters];
}

/*
 * @w is the calling thread's: if it was bound for an earlier thread with
 * this id (ids get reused), bind again.
 */
static struct waiter *fresh_self(struct waiter *w)
{
	unsigned long long ticks = self_ticks();

	/*
	 * Marks already counted stay: one may be meant for this thread
	 * (sent before its first wait); at worst a wait returns early.
	 */
	if (w && atomic_load(&w->bound) && ticks &&
	    atomic_load(&w->ticks) != ticks)
		atomic_store(&w->bound, 0);
	return w;
}

static struct waiter *own_waiter(struct scxkit_qos *q, pid_t tid)
{
	struct waiter *w;

	if (!q->region)
		return NULL;
	if (tid == this_tid())
		return fresh_self(waiter_of(q, tid, 1));
	w = waiter_of(q, tid, 0);
	if (w)
		return w;
	if (!proc_thread__in_process(getpid(), tid))
		return NULL;
	return waiter_of(q, tid, 1);
}

/* Binds @w's thread to its slot, once: the only round trip it needs. */
static int bind_slot(struct scxkit_qos *q, struct waiter *w)
{
	struct qos_request r = { .verb = QOS_BIND };
	int err;

	__u64 ticks = 0;

	if (atomic_load(&w->bound))
		return 0;
	r.tid = atomic_load(&w->tid);
	r.slot = (unsigned int)(w - q->waiters);
	if (r.tid == this_tid())
		ticks = self_ticks();
	else if (proc_thread__start_ticks(r.tid, &ticks))
		ticks = 0;
	err = request(q, &r, NULL, 0);
	if (!err) {
		atomic_store(&w->ticks, ticks);
		atomic_store(&w->bound, 1);
	}
	return err;
}

int scxkit_qos_set(struct scxkit_qos *q, pid_t tid, unsigned int level)
{
	struct waiter *w;
	int err;

	if (!q || tid < 0 || level >= SCXKIT_QOS_MAX_LEVELS)
		return q ? -EINVAL : -EBADF;
	w = own_waiter(q, tid ? tid : this_tid());
	if (!w)
		return simple(q, QOS_SET, tid, level);
	err = bind_slot(q, w);
	if (!err)
		__atomic_store_n(&slot_of(q, w)->level, level,
				 __ATOMIC_RELEASE);
	return err;
}

int scxkit_qos_clear(struct scxkit_qos *q, pid_t tid)
{
	struct waiter *w;
	int err;

	if (!q || tid < 0)
		return q ? -EINVAL : -EBADF;
	w = own_waiter(q, tid ? tid : this_tid());
	err = simple(q, QOS_CLEAR, tid, 0);
	if (!err && w && atomic_exchange(&w->bound, 0)) {
		__atomic_store_n(&slot_of(q, w)->level, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&slot_of(q, w)->flags, 0, __ATOMIC_RELAXED);
	}
	return err;
}

int scxkit_qos_get(struct scxkit_qos *q, pid_t tid, unsigned int *level,
		   int *idle)
{
	struct qos_request r = { .verb = QOS_GET,
				 .tid = tid ? tid : this_tid() };
	unsigned int lv, flags;
	struct waiter *w;
	char out[64];
	int err;

	if (!q || tid < 0)
		return q ? -EINVAL : -EBADF;
	w = own_waiter(q, r.tid);
	if (w && atomic_load(&w->bound)) {
		lv = __atomic_load_n(&slot_of(q, w)->level, __ATOMIC_ACQUIRE);
		flags = __atomic_load_n(&slot_of(q, w)->flags,
					__ATOMIC_ACQUIRE);
	} else {
		err = request(q, &r, out, sizeof(out));
		if (err)
			return err;
		if (sscanf(out, "%u %u", &lv, &flags) != 2)
			return -EPROTO;
	}
	if (level)
		*level = lv;
	if (idle)
		*idle = !!(flags & SCXKIT_QOS_IDLE);
	return 0;
}

/*
 * Shared mode.  A mark bumps the slot's futex word, clears the idle flag,
 * then wakes; a waiter sets the flag, then looks at the word.  Either the
 * waiter sees the bump and clears the flag itself, or the mark's clear
 * comes after the waiter's set: the flag never stays set on a thread that
 * was marked runnable.
 */
static int shared_idle_wait(struct scxkit_qos *q, struct waiter *w,
			    int timeout_ms)
{
	struct scxkit_qos_slot *slot = slot_of(q, fresh_self(w));
	struct timespec deadline;
	unsigned int seen;
	int err;

	err = bind_slot(q, w);
	if (err)
		return err;
	/* A mark that came before this wait is not lost. */
	seen = __atomic_load_n(&slot->wake, __ATOMIC_SEQ_CST);
	if (seen != w->consumed) {
		w->consumed = seen;
		return 0;
	}
	__atomic_fetch_or(&slot->flags, SCXKIT_QOS_IDLE, __ATOMIC_SEQ_CST);
	deadline = deadline_in(timeout_ms);
	while ((seen = __atomic_load_n(&slot->wake, __ATOMIC_SEQ_CST)) ==
	       w->consumed) {
		struct timespec left;

		if (timeout_ms >= 0) {
			left = time_left(&deadline);
			if (left.tv_sec < 0) {
				__atomic_fetch_and(&slot->flags,
						   ~SCXKIT_QOS_IDLE,
						   __ATOMIC_SEQ_CST);
				return -ETIMEDOUT;
			}
		}
		slot_futex(&slot->wake, FUTEX_WAIT_PRIVATE, seen,
			   timeout_ms >= 0 ? &left : NULL);
	}
	w->consumed = seen;
	__atomic_fetch_and(&slot->flags, ~SCXKIT_QOS_IDLE, __ATOMIC_SEQ_CST);
	return 0;
}

static void shared_mark_runnable(struct scxkit_qos *q, struct waiter *w)
{
	struct scxkit_qos_slot *slot = slot_of(q, w);

	__atomic_fetch_add(&slot->wake, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&slot->flags, ~SCXKIT_QOS_IDLE, __ATOMIC_SEQ_CST);
	slot_futex(&slot->wake, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
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
	if (q->region)
		return shared_idle_wait(q, w, timeout_ms);
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
	deadline = deadline_in(timeout_ms);
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
	w = own_waiter(q, tid);
	if (w) {
		shared_mark_runnable(q, w);
		return 0;
	}
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
