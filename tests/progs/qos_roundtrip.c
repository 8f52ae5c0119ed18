// SPDX-License-Identifier: GPL-2.0
/*
 * qos_roundtrip - exercises <scxkit/qos.h> against a running scheduler.
 *
 *   qos_roundtrip [--rounds N] [--ext]     (exit 0 if every check held)
 *   qos_roundtrip --expect-none            (no scheduler: open must fail)
 *
 * Checks: set/get of the caller's level; bad level -> -EINVAL; a thread
 * that does not exist -> -ESRCH; pid 1 -> -EPERM unless root.  Then N
 * rounds of: a worker marks itself idle and blocks in
 * scxkit_qos_idle_wait(); for --idle-ms (default 20) it stays asleep
 * (state S), marked idle in the table, using no CPU; then the main thread
 * marks it runnable and measures how long the worker takes to wake up.
 * With --no-bpf the rounds run under a seccomp filter that fails every
 * bpf() call and every socket send and receive: in shared mode (the
 * default) marks and levels are stores into the mapped region, so the
 * rounds must still pass.  --thread-churn N first runs N short-lived
 * threads one after another, each setting and reading back its level and
 * waiting once after marking itself runnable (more threads than a handle has slots: those of exited threads must be
 * reused).  Prints one summary line.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "timing.h"

#define SCHED_EXT  7
#define MAX_ROUNDS 1000

static struct scxkit_qos *q;
static _Atomic int worker_tid, rounds_done, use_ext;
static double woke_at[MAX_ROUNDS];
static int nr_rounds = 20, failures, idle_ms = 20, no_bpf, churn;

#define FAIL(...)                                               \
	do {                                                    \
		fprintf(stderr, "qos_roundtrip: " __VA_ARGS__); \
		fputc('\n', stderr);                            \
		failures++;                                     \
	} while (0)

/* State letter and CPU time (ticks) of thread @tid of this process. */
static int thread_stat(int tid, char *state, unsigned long long *cpu)
{
	char path[64], line[512], *p;
	unsigned long long ut, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	p = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
	fclose(f);
	if (!p || sscanf(p + 2,
			 "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 state, &ut, &st) != 3)
		return -1;
	*cpu = ut + st;
	return 0;
}

static void *worker(void *arg)
{
	struct sched_param sp = { 0 };
	int i, err;

	(void)arg;
	if (atomic_load(&use_ext) && sched_setscheduler(0, SCHED_EXT, &sp))
		FAIL("worker: SCHED_EXT: %s", strerror(errno));
	if ((err = scxkit_qos_set(q, 0, 5)))
		FAIL("worker: set own level: %s", strerror(-err));
	atomic_store(&worker_tid, (int)syscall(SYS_gettid));
	for (i = 0; i < nr_rounds; i++) {
		unsigned int level = 0;
		int idle = -1;

		err = scxkit_qos_idle_wait(q, idle_ms + 10000);
		woke_at[i] = now_us();
		if (err)
			FAIL("round %d: idle_wait: %s", i, strerror(-err));
		/* Woken means marked runnable, already in the table. */
		if (scxkit_qos_get(q, 0, &level, &idle) || idle || level != 5)
			FAIL("round %d: after wake: level %u idle %d", i, level,
			     idle);
		atomic_store(&rounds_done, i + 1);
	}
	return NULL;
}

/*
 * From here on, in every thread: bpf() and the socket calls the library
 * uses fail with EPERM (a round that needed one fails).
 */
static int forbid_bpf_and_socket_io(void)
{
#define DENY(nr)                                         \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		DENY(SYS_bpf),
		DENY(SYS_sendto),
		DENY(SYS_sendmsg),
		DENY(SYS_recvfrom),
		DENY(SYS_recvmsg),
		DENY(SYS_connect),
		DENY(SYS_socket),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
#undef DENY
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
				   .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_TSYNC, &prog);
}

static void *short_lived(void *arg)
{
	unsigned int want = 1 + (unsigned int)(long)arg % 3, level = 0;
	int err, idle;

	err = scxkit_qos_set(q, 0, want);
	if (!err)
		err = scxkit_qos_get(q, 0, &level, &idle);
	/* A wait needs a waiter slot: a mark first, so it returns at once. */
	if (!err)
		err = scxkit_qos_mark_runnable(q, 0);
	if (!err)
		err = scxkit_qos_idle_wait(q, 10000);
	if (err || level != want)
		FAIL("short-lived thread %ld: err %d level %u", (long)arg, err,
		     level);
	return NULL;
}

/* @n threads in turn, each with a level of its own. */
static void thread_churn(int n)
{
	long i;

	for (i = 0; i < n && failures < 5; i++) {
		pthread_t th;

		if (pthread_create(&th, NULL, short_lived, (void *)i)) {
			FAIL("pthread_create: %s", strerror(errno));
			return;
		}
		pthread_join(th, NULL);
	}
}

int main(int argc, char **argv)
{
	double lat[MAX_ROUNDS], idle_cpu_max = 0, t0;
	unsigned int level = 0;
	pthread_t th;
	int i, idle = -1, err, tid;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expect-none")) {
			q = scxkit_qos_open();
			if (q || errno != ENOENT) {
				fprintf(stderr,
					"qos_roundtrip: open succeeded without a scheduler\n");
				return 1;
			}
			printf("qos_roundtrip: no scheduler: open failed with ENOENT\n");
			return 0;
		} else if (!strcmp(argv[i], "--ext")) {
			use_ext = 1;
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			nr_rounds = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--thread-churn") && i + 1 < argc) {
			churn = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--no-bpf")) {
			no_bpf = 1;
		} else if (!strcmp(argv[i], "--idle-ms") && i + 1 < argc) {
			idle_ms = atoi(argv[++i]);
		} else {
			fprintf(stderr,
				"usage: qos_roundtrip [--rounds N] [--idle-ms MS] [--ext] [--no-bpf] [--thread-churn N] | --expect-none\n");
			return 2;
		}
	}
	if (nr_rounds < 1 || nr_rounds > MAX_ROUNDS || idle_ms < 1)
		return 2;
	q = scxkit_qos_open();
	if (!q) {
		fprintf(stderr, "qos_roundtrip: open: %s\n", strerror(errno));
		return 1;
	}

	/* Set and read back; refusals with the documented codes. */
	if ((err = scxkit_qos_set(q, 0, 3)))
		FAIL("set own level: %s", strerror(-err));
	if ((err = scxkit_qos_get(q, 0, &level, &idle)) || level != 3 || idle)
		FAIL("get own: err %d level %u idle %d", err, level, idle);
	if ((err = scxkit_qos_set(q, 0, SCXKIT_QOS_MAX_LEVELS)) != -EINVAL)
		FAIL("level %d: got %d, want -EINVAL", SCXKIT_QOS_MAX_LEVELS,
		     err);
	if ((err = scxkit_qos_set(q, 0x3ffffff0, 1)) != -ESRCH)
		FAIL("missing thread: got %d, want -ESRCH", err);
	err = scxkit_qos_set(q, 1, 2);
	if (geteuid() != 0 && err != -EPERM)
		FAIL("pid 1 as non-root: got %d, want -EPERM", err);
	if (geteuid() == 0 && err)
		FAIL("pid 1 as root: %s", strerror(-err));
	if (geteuid() == 0)
		scxkit_qos_clear(q, 1);

	if (churn > 0)
		thread_churn(churn);

	/* Idle / runnable rounds. */
	pthread_create(&th, NULL, worker, NULL);
	while (!(tid = atomic_load(&worker_tid)))
		usleep(1000);
	/* Both threads have set their level: set-up is over. */
	if (no_bpf && forbid_bpf_and_socket_io()) {
		FAIL("seccomp: %s", strerror(errno));
		return 1;
	}
	for (i = 0; i < nr_rounds; i++) {
		unsigned long long cpu0, cpu1;
		char state = '?';
		int tries;

		/* Wait until the worker sleeps in its idle wait. */
		for (tries = 0; tries < 2000; tries++) {
			if (!thread_stat(tid, &state, &cpu0) && state == 'S' &&
			    !scxkit_qos_get(q, tid, NULL, &idle) && idle)
				break;
			usleep(1000);
		}
		if (state != 'S' || idle != 1)
			FAIL("round %d: worker state %c idle %d", i, state,
			     idle);
		usleep((useconds_t)idle_ms * 1000);
		thread_stat(tid, &state, &cpu1);
		if (state != 'S')
			FAIL("round %d: idle worker woke by itself (state %c)",
			     i, state);
		if ((double)(cpu1 - cpu0) > idle_cpu_max)
			idle_cpu_max = (double)(cpu1 - cpu0);
		t0 = now_us();
		if ((err = scxkit_qos_mark_runnable(q, tid)))
			FAIL("round %d: mark_runnable: %s", i, strerror(-err));
		while (atomic_load(&rounds_done) <= i)
			usleep(100);
		lat[i] = woke_at[i] - t0;
	}
	pthread_join(th, NULL);
	qsort(lat, (size_t)nr_rounds, sizeof(lat[0]), cmp_double);
	if (churn > 0)
		printf("qos_roundtrip: thread_churn %d\n", churn);
	printf("qos_roundtrip: mode %s%s rounds %d wake_us p50 %.0f max %.0f idle_cpu_ticks_max %.0f failures %d\n",
	       scxkit_qos_is_shared(q)	 ? "shared"
	       : scxkit_qos_is_direct(q) ? "direct"
					 : "socket",
	       no_bpf ? " no_bpf" : "", nr_rounds, lat[nr_rounds / 2],
	       lat[nr_rounds - 1], idle_cpu_max, failures);
	scxkit_qos_close(q);
	return failures ? 1 : 0;
}
