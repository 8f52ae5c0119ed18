// SPDX-License-Identifier: GPL-2.0
/*
 * mixqos - many SCHED_EXT threads of mixed QoS levels for a while.
 *
 *   mixqos [--threads N] [--seconds S] [--levels L] [--limit-s X]
 *
 * Thread i takes level i % L (through <scxkit/qos.h> when a scheduler
 * serves the table) and until S seconds have passed alternates CPU bursts
 * of 0.2-2 ms with sleeps of 0-4 ms; a quarter of the threads idle-wait
 * instead of sleeping and are marked runnable by the main thread.  Every
 * thread must finish within X seconds after the end (our own watchdog).
 * Prints: mixqos: threads N finished F bursts_per_level a,b,c,...
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "timing.h"

#define SCHED_EXT   7
#define MAX_THREADS 1024

static int nr_threads = 200, seconds = 60, levels = 4, limit_s = 20;
static struct scxkit_qos *q;
static atomic_int finished, tids[MAX_THREADS];
static atomic_long bursts[SCXKIT_QOS_MAX_LEVELS];
static double t_end;

static void *worker(void *arg)
{
	int id = (int)(long)arg, level = id % levels;
	unsigned int seed = (unsigned int)id * 7919u;
	struct sched_param sp = { 0 };
	int idler = id % 4 == 3;

	if (sched_setscheduler(0, SCHED_EXT, &sp))
		fprintf(stderr, "mixqos: SCHED_EXT: %s\n", strerror(errno));
	if (q)
		scxkit_qos_set(q, 0, (unsigned int)level);
	atomic_store(&tids[id], (int)syscall(SYS_gettid));
	while (now_s() < t_end) {
		double burst = (200 + rand_r(&seed) % 1800) / 1e6, c0 = cpu_s();

		while (cpu_s() - c0 < burst)
			;
		atomic_fetch_add(&bursts[level], 1);
		if (idler && q)
			scxkit_qos_idle_wait(q, 50);
		else
			usleep((useconds_t)(rand_r(&seed) % 4000));
	}
	atomic_fetch_add(&finished, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[MAX_THREADS];
	double deadline;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			nr_threads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--levels"))
			levels = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--limit-s"))
			limit_s = atoi(argv[i + 1]);
		else
			break;
	}
	if (i < argc || nr_threads < 1 || nr_threads > MAX_THREADS ||
	    levels < 1 || levels > SCXKIT_QOS_MAX_LEVELS || seconds < 1) {
		fprintf(stderr,
			"usage: mixqos [--threads N] [--seconds S] [--levels L] [--limit-s X]\n");
		return 2;
	}
	q = scxkit_qos_open();
	t_end = now_s() + seconds;
	for (i = 0; i < nr_threads; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)(long)i)) {
			fprintf(stderr, "mixqos: pthread_create failed\n");
			return 1;
		}
	/* Wake the idle-waiters now and then, as a dispatcher would. */
	while (now_s() < t_end) {
		for (i = 3; i < nr_threads; i += 4)
			if (atomic_load(&tids[i]) && q)
				scxkit_qos_mark_runnable(q,
							 atomic_load(&tids[i]));
		usleep(2000);
	}
	deadline = t_end + limit_s;
	while (atomic_load(&finished) < nr_threads && now_s() < deadline)
		usleep(10000);
	printf("mixqos: threads %d finished %d bursts_per_level", nr_threads,
	       atomic_load(&finished));
	for (i = 0; i < levels; i++)
		printf("%c%ld", i ? ',' : ' ', atomic_load(&bursts[i]));
	printf("\n");
	if (atomic_load(&finished) < nr_threads) {
		fprintf(stderr,
			"mixqos: %d threads did not finish within %d s: lost\n",
			nr_threads - atomic_load(&finished), limit_s);
		return 1;
	}
	for (i = 0; i < nr_threads; i++)
		pthread_join(th[i], NULL);
	scxkit_qos_close(q);
	return 0;
}
