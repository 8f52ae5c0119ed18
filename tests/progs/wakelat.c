// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat - how fast an urgent thread gets its CPU back from a hog.
 *
 *   wakelat [--cpu C] [--rounds N] [--period-us P] [--hog-level L]
 *           [--level H]
 *
 * On CPU C, a CPU-bound SCHED_EXT hog at QoS level L (default 0) and a
 * SCHED_EXT sleeper at level H (default 3).  The sleeper sleeps until an
 * absolute time P µs ahead, N times; the latency is how late it runs after
 * that time.  Prints: wakelat: rounds N p50_us X p99_us Y max_us Z
 * Levels are set through <scxkit/qos.h> when a scheduler serves the table.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scxkit/qos.h>

#include "timing.h"

#define SCHED_EXT  7
#define MAX_ROUNDS 10000

static int cpu = 1, rounds = 200, hog_level, level = 3;
static long period_us = 5000;
static atomic_int stop;
static struct scxkit_qos *q;
static double lat[MAX_ROUNDS];

static int setup(int qos)
{
	struct sched_param sp = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) ||
	    sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "wakelat: setup: %s\n", strerror(errno));
		return -1;
	}
	if (q && scxkit_qos_set(q, 0, (unsigned int)qos))
		fprintf(stderr, "wakelat: could not set QoS %d\n", qos);
	return 0;
}

static void *hog(void *arg)
{
	(void)arg;
	if (setup(hog_level))
		exit(1);
	while (!atomic_load(&stop))
		;
	return NULL;
}

int main(int argc, char **argv)
{
	struct timespec t, now;
	pthread_t th;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--cpu"))
			cpu = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--rounds"))
			rounds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--period-us"))
			period_us = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--hog-level"))
			hog_level = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--level"))
			level = atoi(argv[i + 1]);
		else
			break;
	}
	if (i < argc || rounds < 1 || rounds > MAX_ROUNDS || period_us < 100) {
		fprintf(stderr,
			"usage: wakelat [--cpu C] [--rounds N] [--period-us P] [--hog-level L] [--level H]\n");
		return 2;
	}
	q = scxkit_qos_open(); /* optional: without a table, no levels */
	if (setup(level))
		return 1;
	pthread_create(&th, NULL, hog, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t);
	for (i = 0; i < rounds; i++) {
		t.tv_nsec += period_us * 1000;
		while (t.tv_nsec >= 1000000000L) {
			t.tv_nsec -= 1000000000L;
			t.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		lat[i] = (double)(now.tv_sec - t.tv_sec) * 1e6 +
			 (double)(now.tv_nsec - t.tv_nsec) / 1e3;
		t = now; /* next period from here: no catch-up bursts */
	}
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	qsort(lat, (size_t)rounds, sizeof(lat[0]), cmp_double);
	printf("wakelat: rounds %d p50_us %.0f p99_us %.0f max_us %.0f\n",
	       rounds, lat[rounds / 2], lat[(rounds * 99) / 100],
	       lat[rounds - 1]);
	scxkit_qos_close(q);
	return 0;
}
