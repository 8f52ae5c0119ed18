// SPDX-License-Identifier: GPL-2.0
/*
 * turns - how long CPU-bound threads sharing one CPU run before they are
 * switched out.
 *
 *   turns [--threads N] [--cpu C] [--ms MS] [--gap-us G] [--ext] [--json]
 *
 * N threads pinned to CPU C spin for MS ms of wall time, reading
 * CLOCK_MONOTONIC in a tight loop; a jump larger than G µs between two
 * reads means the thread was off the CPU.  A "stretch" is the time between
 * two such jumps: one turn on the CPU.  Prints the stretch distribution
 * (count, p10, p50, p90, p99, max in µs) over all threads, one line.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timing.h"

#define SCHED_EXT     7
#define MAX_STRETCHES 100000

static int nr_threads = 2, cpu, use_ext, json;
static double run_ms = 3000, gap_us = 200;
static double stretch[MAX_STRETCHES];
static int nr_stretch, failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *worker(void *arg)
{
	struct sched_param sp = { 0 };
	double begin, last, turn_start, t;
	cpu_set_t set;

	(void)arg;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) ||
	    (use_ext && sched_setscheduler(0, SCHED_EXT, &sp))) {
		fprintf(stderr, "turns: setup: %s\n", strerror(errno));
		failures++;
	}
	pthread_barrier_wait(&start);
	begin = last = turn_start = now_us();
	while ((t = now_us()) - begin < run_ms * 1000) {
		if (t - last > gap_us) {
			/* The first stretch began before everyone ran: skip. */
			if (turn_start > begin) {
				pthread_mutex_lock(&lock);
				if (nr_stretch < MAX_STRETCHES)
					stretch[nr_stretch++] =
						last - turn_start;
				pthread_mutex_unlock(&lock);
			}
			turn_start = t;
			if (turn_start == begin)
				turn_start += 0.001;
		}
		last = t;
	}
	return NULL;
}

static double pct(double p)
{
	int i = (int)(p / 100.0 * (nr_stretch - 1) + 0.5);

	return nr_stretch ? stretch[i] : 0;
}

int main(int argc, char **argv)
{
	pthread_t th[64];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ext"))
			use_ext = 1;
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (i + 1 < argc && !strcmp(argv[i], "--threads"))
			nr_threads = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--cpu"))
			cpu = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--ms"))
			run_ms = atof(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--gap-us"))
			gap_us = atof(argv[++i]);
		else {
			fprintf(stderr,
				"usage: turns [--threads N] [--cpu C] [--ms MS] [--gap-us G] [--ext] [--json]\n");
			return 2;
		}
	}
	if (nr_threads < 1 || nr_threads > 64)
		return 2;
	pthread_barrier_init(&start, NULL, (unsigned int)nr_threads);
	for (i = 0; i < nr_threads; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (i = 0; i < nr_threads; i++)
		pthread_join(th[i], NULL);
	qsort(stretch, (size_t)nr_stretch, sizeof(stretch[0]), cmp_double);
	if (json)
		printf("{\"stretches\":%d,\"p10_us\":%.0f,\"p50_us\":%.0f,\"p90_us\":%.0f,\"p99_us\":%.0f,\"max_us\":%.0f}\n",
		       nr_stretch, pct(10), pct(50), pct(90), pct(99),
		       pct(100));
	else
		printf("turns: stretches %d p10_us %.0f p50_us %.0f p90_us %.0f p99_us %.0f max_us %.0f\n",
		       nr_stretch, pct(10), pct(50), pct(90), pct(99),
		       pct(100));
	return failures ? 1 : 0;
}
