// SPDX-License-Identifier: GPL-2.0
/*
 * stale_burst - a burst of stale queue entries in front of waiting tasks,
 * then an otherwise idle system: do the waiting tasks run?
 *
 *   stale_burst [--threads N] [--hold-ms H] [--limit-ms L]
 *
 * Needs 2+ CPUs and a policy in partial mode whose slice outlasts H.  The
 * main thread stays in the fair class on CPU 0 and never sleeps during
 * set-up, so the N SCHED_EXT workers, pinned to CPU 0 as well, never get
 * to run there; an ext blocker spins on each other CPU.  The main thread
 * renices every worker twice: each renice takes a queued worker back
 * from the policy (ops.dequeue) and queues it again, so the policy's
 * queue ends up with N stale entries followed by N valid ones.  Then the
 * blockers exit and the main thread sleeps until the last worker has run
 * (futex), at most L ms.  Each worker only notes that it ran and exits.
 * Prints one line:
 *   stale_burst: workers N ran R last_ms T
 * (T: from the blockers' exit to the last worker's run) and exits 1
 * unless all ran within L ms.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define SCHED_EXT   7
#define MAX_WORKERS 2048

static _Atomic int stop, ran, tids[MAX_WORKERS], blockers_up;
static _Atomic unsigned int done_word;
static int nr_workers = 300;
static double last_run_ms;

/* Spins @ms milliseconds: the main thread must not let CPU 0 go idle. */
static void spin_ms(double ms)
{
	double end = now_ms() + ms;

	while (now_ms() < end)
		;
}

static int to_ext(void)
{
	struct sched_param sp = { 0 };

	return sched_setscheduler(0, SCHED_EXT, &sp);
}

static void *blocker(void *arg)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET((int)(long)arg, &one);
	sched_setaffinity(0, sizeof(one), &one);
	if (to_ext())
		fprintf(stderr, "stale_burst: blocker: SCHED_EXT: %s\n",
			strerror(errno));
	atomic_fetch_add(&blockers_up, 1);
	while (!atomic_load(&stop))
		;
	return NULL;
}

static void *worker(void *arg)
{
	atomic_store(&tids[(long)arg], (int)syscall(SYS_gettid));
	/* From here it waits: CPU 0 is the main thread's (fair class). */
	if (to_ext())
		return NULL;
	/*
	 * Except on a kernel that lets a running task go on after its
	 * switch to the lower class (6.16 did: 298 of 300 workers ran
	 * here at once): give the CPU up, so that the worker is queued.
	 */
	sched_yield();
	last_run_ms = now_ms(); /* racy by design: any worker's time will do */
	if (atomic_fetch_add(&ran, 1) + 1 == nr_workers) {
		atomic_store(&done_word, 1);
		syscall(SYS_futex, &done_word, FUTEX_WAKE_PRIVATE, 1, NULL,
			NULL, 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static pthread_t w[MAX_WORKERS];
	int i, ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), hold_ms = 300;
	int limit_ms = 2000;
	pthread_t b[64];
	cpu_set_t cpu0;
	struct timespec t;
	double released;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			nr_workers = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hold-ms"))
			hold_ms = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--limit-ms"))
			limit_ms = atoi(argv[i + 1]);
		else
			break;
	}
	if (i < argc || nr_workers < 1 || nr_workers > MAX_WORKERS ||
	    ncpu < 2 || ncpu > 64) {
		fprintf(stderr,
			"usage: stale_burst [--threads N] [--hold-ms H] [--limit-ms L]\n");
		return 2;
	}
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	sched_setaffinity(0, sizeof(cpu0), &cpu0); /* workers inherit it */
	for (i = 1; i < ncpu; i++)
		pthread_create(&b[i], NULL, blocker, (void *)(long)i);
	while (atomic_load(&blockers_up) < ncpu - 1)
		;
	for (i = 0; i < nr_workers; i++)
		pthread_create(&w[i], NULL, worker, (void *)(long)i);
	for (i = 0; i < nr_workers; i++)
		while (!atomic_load(&tids[i]))
			spin_ms(0.1);
	spin_ms(hold_ms / 3.0);
	/*
	 * The first round puts every worker in the policy's queue (some
	 * were just preempted on CPU 0); the second leaves a stale entry
	 * of each in front of its valid one.
	 */
	for (i = 0; i < 2 * nr_workers; i++)
		setpriority(PRIO_PROCESS,
			    (id_t)atomic_load(&tids[i % nr_workers]),
			    1 + i / nr_workers);
	spin_ms(hold_ms / 3.0);
	if (atomic_load(&ran))
		fprintf(stderr,
			"stale_burst: %d workers ran before the blockers left\n",
			atomic_load(&ran));
	released = now_ms();
	atomic_store(&stop, 1);
	/* Sleep: a waking main thread would make the CPUs look again. */
	t.tv_sec = limit_ms / 1000;
	t.tv_nsec = (long)(limit_ms % 1000) * 1000000L;
	syscall(SYS_futex, &done_word, FUTEX_WAIT_PRIVATE, 0, &t, NULL, 0);
	printf("stale_burst: workers %d ran %d last_ms %.0f\n", nr_workers,
	       atomic_load(&ran),
	       atomic_load(&ran) ? last_run_ms - released : -1.0);
	fflush(stdout);
	if (atomic_load(&ran) < nr_workers)
		_exit(1); /* stranded workers would hold up the joins */
	for (i = 1; i < ncpu; i++)
		pthread_join(b[i], NULL);
	for (i = 0; i < nr_workers; i++)
		pthread_join(w[i], NULL);
	return last_run_ms - released <= limit_ms ? 0 : 1;
}
