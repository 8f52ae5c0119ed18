// SPDX-License-Identifier: GPL-2.0
/*
 * rtfront - after a real-time task preempts an ext task, who runs next?
 *
 *   rtfront [--rt-at-ms T] [--rt-ms D] [--ms TOTAL]
 *
 * Three CPU-bound SCHED_EXT spinners share CPU 1; an RT (SCHED_FIFO)
 * thread on CPU 1 wakes at T ms, spins D ms and exits.  Each spinner logs
 * its turns (gaps > 200 µs end a turn).  The victim is the spinner whose
 * turn the RT thread cut; the others were waiting, queued before the
 * victim came back.  Prints who ran first after the RT burst:
 *   rtfront: victim V next at ... gap G ms, first victim|waiter
 * Exit 0 when the measurement worked (the verdict is the test's to judge).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timing.h"

#define SCHED_EXT 7
#define NR_SPIN	  3
#define MAX_TURNS 20000

struct turn {
	double start, end;
	int cpu;
};

static struct turn turns[NR_SPIN][MAX_TURNS];
static int nr_turns[NR_SPIN];
static double rt_at_ms = 500, rt_ms = 30, total_ms = 1500, t0;
static double rt_start, rt_end;
static pthread_barrier_t go;

static void *spinner(void *arg)
{
	int id = (int)(long)arg, n = 0;
	struct sched_param sp = { 0 };
	double last, t;

	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	if (sched_setaffinity(0, sizeof(set), &set) ||
	    sched_setscheduler(0, SCHED_EXT, &sp))
		fprintf(stderr, "rtfront: setup: %s\n", strerror(errno));
	pthread_barrier_wait(&go);
	last = now_ms();
	turns[id][0] = (struct turn){ last, last, sched_getcpu() };
	while ((t = now_ms()) - t0 < total_ms) {
		if (t - last > 0.2 && n + 1 < MAX_TURNS) {
			turns[id][n].end = last;
			n++;
			turns[id][n] = (struct turn){ t, t, sched_getcpu() };
		}
		last = t;
	}
	turns[id][n].end = last;
	nr_turns[id] = n + 1;
	return NULL;
}

static void *rt(void *arg)
{
	struct sched_param sp = { .sched_priority = 10 };
	struct timespec ts;
	cpu_set_t set;
	double t;

	(void)arg;
	CPU_ZERO(&set);
	CPU_SET(1, &set);
	if (sched_setaffinity(0, sizeof(set), &set) ||
	    sched_setscheduler(0, SCHED_FIFO, &sp)) {
		fprintf(stderr, "rtfront: RT setup: %s\n", strerror(errno));
		exit(1);
	}
	pthread_barrier_wait(&go);
	t = t0 + rt_at_ms;
	ts.tv_sec = (time_t)(t / 1e3);
	ts.tv_nsec = (long)((t - (double)ts.tv_sec * 1e3) * 1e6);
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	rt_start = now_ms();
	while (now_ms() - rt_start < rt_ms)
		;
	rt_end = now_ms();
	return NULL;
}

/* First turn of spinner @id starting after @t, or a huge time. */
static double next_start(int id, double t)
{
	int i;

	for (i = 0; i < nr_turns[id]; i++)
		if (turns[id][i].start > t)
			return turns[id][i].start;
	return 1e18;
}

int main(int argc, char **argv)
{
	pthread_t th[NR_SPIN + 1];
	int i, k, victim = -1, waiter = -1;
	double victim_end = -1e18;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rt-at-ms"))
			rt_at_ms = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--rt-ms"))
			rt_ms = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--ms"))
			total_ms = atof(argv[i + 1]);
		else
			break;
	}
	if (i < argc) {
		fprintf(stderr,
			"usage: rtfront [--rt-at-ms T] [--rt-ms D] [--ms TOTAL]\n");
		return 2;
	}
	pthread_barrier_init(&go, NULL, NR_SPIN + 2);
	for (i = 0; i < NR_SPIN; i++)
		pthread_create(&th[i], NULL, spinner, (void *)(long)i);
	pthread_create(&th[NR_SPIN], NULL, rt, NULL);
	t0 = now_ms();
	pthread_barrier_wait(&go);
	for (i = 0; i <= NR_SPIN; i++)
		pthread_join(th[i], NULL);

	/*
	 * All spinners share CPU 1, so the one whose turn ended last before
	 * the RT burst is the one it cut (the emulator may make the RT task
	 * start a few ms after that turn's last sample).
	 */
	for (i = 0; i < NR_SPIN; i++)
		for (k = 0; k < nr_turns[i]; k++) {
			double end = turns[i][k].end;

			if (turns[i][k].start < rt_start &&
			    end < rt_start + 2.0 && end > rt_start - 20.0 &&
			    end > victim_end) {
				victim = i;
				victim_end = end;
			}
		}
	for (i = 0; i < NR_SPIN; i++)
		if (i != victim &&
		    (waiter < 0 ||
		     next_start(i, rt_start) < next_start(waiter, rt_start)))
			waiter = i; /* the first of the others to run again */
	if (victim < 0) {
		printf("rtfront: no spinner was running when the RT task came; rt %.1f-%.1f ms\n",
		       rt_start - t0, rt_end - t0);
		return 1;
	}
	/*
	 * gap: from the victim's last sample to the RT start.  Near zero the
	 * RT task really cut the turn; a few ms means the turn had already
	 * ended (its slice ran out) when the late RT task came, and nobody
	 * was preempted by another class: the run says nothing.
	 */
	printf("rtfront: victim %d next at %.1f ms, waiter %d next at %.1f ms, rt %.1f-%.1f ms, gap %.1f ms, first %s\n",
	       victim, next_start(victim, rt_start) - t0, waiter,
	       next_start(waiter, rt_start) - t0, rt_start - t0, rt_end - t0,
	       rt_start - victim_end,
	       next_start(victim, rt_start) < next_start(waiter, rt_start)
		       ? "victim"
		       : "waiter");
	return 0;
}
