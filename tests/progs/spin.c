// SPDX-License-Identifier: GPL-2.0
/*
 * spin - a CPU-bound workload for the VM tests.
 *
 *   spin [--ext] [--threads N] [--ms MS]
 *
 * Each thread burns MS milliseconds of its own CPU time, then reads its
 * /proc/self/task/TID/sched and prints one line:
 *   spin: tid T policy P ext E cpu_ms M wall_ms W
 * With --ext the threads switch themselves to SCHED_EXT (policy 7) first.
 * Exits 1 if --ext was asked and a thread did not end up with policy 7 and
 * ext.enabled 1, so a test can tell that the work really ran under ext.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define SCHED_EXT 7

static int use_ext, nr_threads = 1;
static long spin_ms = 500;
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Value of field @key in /proc/self/task/@tid/sched, or -1. */
static long sched_field(pid_t tid, const char *key)
{
	char path[64], line[256];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/sched", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		size_t n = strlen(key);

		if (!strncmp(line, key, n) &&
		    (line[n] == ' ' || line[n] == ':') && colon) {
			val = strtol(colon + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

static void *worker(void *arg)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	struct sched_param sp = { 0 };
	double start, wall;
	long policy, ext;

	(void)arg;
	if (use_ext && sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "spin: sched_setscheduler(SCHED_EXT): %s\n",
			strerror(errno));
		pthread_mutex_lock(&lock);
		failures++;
		pthread_mutex_unlock(&lock);
		return NULL;
	}
	wall = now_ms();
	start = cpu_ms();
	while (cpu_ms() - start < (double)spin_ms)
		;
	policy = sched_field(tid, "policy");
	ext = sched_field(tid, "ext.enabled");
	printf("spin: tid %d policy %ld ext %ld cpu_ms %.0f wall_ms %.0f\n",
	       tid, policy, ext, cpu_ms() - start, now_ms() - wall);
	if (use_ext && (policy != SCHED_EXT || ext != 1)) {
		pthread_mutex_lock(&lock);
		failures++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t *th;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ext")) {
			use_ext = 1;
		} else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			nr_threads = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--ms") && i + 1 < argc) {
			spin_ms = atol(argv[++i]);
		} else {
			fprintf(stderr,
				"usage: spin [--ext] [--threads N] [--ms MS]\n");
			return 2;
		}
	}
	if (nr_threads < 1 || nr_threads > 4096 || spin_ms < 0) {
		fprintf(stderr, "spin: bad --threads or --ms\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	th = calloc((size_t)nr_threads, sizeof(*th));
	if (!th)
		return 1;
	for (i = 0; i < nr_threads; i++)
		if (pthread_create(&th[i], NULL, worker, NULL)) {
			fprintf(stderr, "spin: pthread_create failed\n");
			return 1;
		}
	for (i = 0; i < nr_threads; i++)
		pthread_join(th[i], NULL);
	free(th);
	return failures ? 1 : 0;
}
