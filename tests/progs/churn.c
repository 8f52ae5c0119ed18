// SPDX-License-Identifier: GPL-2.0
/*
 * churn - thread churn for the VM tests: many short-lived SCHED_EXT threads
 * while other threads change their affinity, nice value and scheduling
 * class as they sit in the scheduler's queues.
 *
 *   churn [--threads N] [--concurrent C] [--hogs H] [--limit-s S]
 *
 * Keeps C workers alive until N have been started.  Each worker switches
 * itself to SCHED_EXT, burns 0-2 ms of CPU in small steps and exits; H hog
 * threads keep the CPUs busy so workers wait in queues.  Meanwhile the main
 * thread picks live workers and changes them (sched_setaffinity,
 * setpriority, SCHED_EXT -> SCHED_OTHER -> SCHED_EXT): each change makes
 * the kernel take a queued task back from the BPF scheduler (ops.dequeue),
 * leaving a stale entry behind.  Our own watchdog fails the run if any
 * worker lives longer than S seconds (a lost task).  Prints one line:
 *   churn: threads N events E lost L max_life_ms M
 * and exits 1 if L > 0 or a thread could not become SCHED_EXT.
 */
#include <errno.h>
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

#define SCHED_EXT 7
#define MAX_CONCURRENT 256

struct slot {
	pthread_t th;
	_Atomic int tid;   /* 0 until the worker knows it */
	_Atomic int done;
	double started_ms;
	int used;
};

static struct slot slots[MAX_CONCURRENT];
static atomic_int stop_hogs, setup_failures;
static int nr_cpus;

static int to_ext(void)
{
	struct sched_param sp = { 0 };

	return sched_setscheduler(0, SCHED_EXT, &sp);
}

static void *worker(void *arg)
{
	struct slot *s = arg;
	double start, burn = (double)(rand() % 2000) / 1000.0;

	atomic_store(&s->tid, (int)syscall(SYS_gettid));
	if (to_ext())
		atomic_fetch_add(&setup_failures, 1);
	start = cpu_ms();
	while (cpu_ms() - start < burn)
		;
	atomic_store(&s->done, 1);
	return NULL;
}

static void *hog(void *arg)
{
	(void)arg;
	if (to_ext())
		atomic_fetch_add(&setup_failures, 1);
	while (!atomic_load(&stop_hogs))
		;
	return NULL;
}

/* One change to a live worker; returns 1 if it was applied. */
static int poke(int tid)
{
	struct sched_param sp = { 0 };
	cpu_set_t set;
	int cpu;

	switch (rand() % 3) {
	case 0:
		CPU_ZERO(&set);
		if (rand() % 2) {
			CPU_SET(rand() % nr_cpus, &set);
		} else {
			for (cpu = 0; cpu < nr_cpus; cpu++)
				CPU_SET(cpu, &set);
		}
		return sched_setaffinity(tid, sizeof(set), &set) == 0;
	case 1:
		return setpriority(PRIO_PROCESS, (id_t)tid, rand() % 11) == 0;
	default:
		if (sched_setscheduler(tid, SCHED_OTHER, &sp))
			return 0;
		return sched_setscheduler(tid, SCHED_EXT, &sp) == 0;
	}
}

int main(int argc, char **argv)
{
	int total = 3000, concurrent = 32, nr_hogs = 2, limit_s = 20;
	int started = 0, finished = 0, lost = 0, i;
	long events = 0;
	double max_life = 0;
	pthread_t hogs[64];

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			total = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--concurrent"))
			concurrent = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hogs"))
			nr_hogs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--limit-s"))
			limit_s = atoi(argv[i + 1]);
		else
			break;
	}
	if (i < argc || total < 1 || concurrent < 1 ||
	    concurrent > MAX_CONCURRENT || nr_hogs < 0 || nr_hogs > 64 ||
	    limit_s < 1) {
		fprintf(stderr, "usage: churn [--threads N] [--concurrent 1..%d] [--hogs 0..64] [--limit-s S]\n",
			MAX_CONCURRENT);
		return 2;
	}
	nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	srand(42);
	for (i = 0; i < nr_hogs; i++)
		pthread_create(&hogs[i], NULL, hog, NULL);

	while (finished < total && !lost) {
		for (i = 0; i < concurrent; i++) {
			struct slot *s = &slots[i];

			if (s->used && atomic_load(&s->done)) {
				double life = now_ms() - s->started_ms;

				pthread_join(s->th, NULL);
				if (life > max_life)
					max_life = life;
				s->used = 0;
				finished++;
			}
			if (s->used && now_ms() - s->started_ms >
					       limit_s * 1000.0) {
				fprintf(stderr,
					"churn: worker tid %d still not done after %d s: lost\n",
					atomic_load(&s->tid), limit_s);
				lost++;
			}
			if (!s->used && started < total) {
				atomic_store(&s->tid, 0);
				atomic_store(&s->done, 0);
				s->started_ms = now_ms();
				if (pthread_create(&s->th, NULL, worker, s)) {
					fprintf(stderr, "churn: pthread_create: %s\n",
						strerror(errno));
					return 1;
				}
				s->used = 1;
				started++;
			}
		}
		/* A few changes to random live workers per round. */
		for (i = 0; i < 4; i++) {
			struct slot *s = &slots[rand() % concurrent];
			int tid = atomic_load(&s->tid);

			if (s->used && tid && !atomic_load(&s->done))
				events += poke(tid);
		}
		usleep(200);
	}
	atomic_store(&stop_hogs, 1);
	for (i = 0; i < nr_hogs; i++)
		pthread_join(hogs[i], NULL);
	printf("churn: threads %d events %ld lost %d max_life_ms %.0f setup_failures %d\n",
	       finished, events, lost, max_life, atomic_load(&setup_failures));
	return lost || atomic_load(&setup_failures) ? 1 : 0;
}
