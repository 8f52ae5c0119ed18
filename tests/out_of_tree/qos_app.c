// SPDX-License-Identifier: GPL-2.0
/*
 * qos_app - the application of the out-of-tree acceptance test: built
 * outside the scxkit tree against the installed <scxkit/qos.h> and
 * libscxkit_qos.so (tests/host/check_out_of_tree.sh), run in the VM by
 * tests/vm/t_out_of_tree.sh.
 *
 *   qos_app [--threads N] [--level L] [--seconds S]
 *
 * Each of N threads sets its own QoS level to L through the shared
 * library, reads it back, then spins for S seconds so that the policy
 * queues it.  Prints one "qos_app: tid T level L shared X" line per
 * thread and a final "qos_app: ok" line; exits 1 on any error.
 */
#define _GNU_SOURCE /* gettid() */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#define MAX_THREADS 64

static struct scxkit_qos *q;
static unsigned int level = 1;
static double seconds = 3;

struct worker {
	pthread_t thread;
	pid_t tid;
	unsigned int got;
	int err;
	unsigned long loops;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	double end;
	int idle;

	w->tid = gettid();
	w->err = scxkit_qos_set(q, 0, level);
	if (!w->err)
		w->err = scxkit_qos_get(q, 0, &w->got, &idle);
	end = now_s() + seconds;
	while (!w->err && now_s() < end)
		w->loops++;
	return NULL;
}

static int parse(int argc, char **argv, int *threads)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			*threads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--level"))
			level = (unsigned int)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else
			return -1;
	}
	return i == argc && *threads > 0 && *threads <= MAX_THREADS ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct worker w[MAX_THREADS];
	int threads = 2, i, bad = 0;

	if (parse(argc, argv, &threads)) {
		fprintf(stderr,
			"usage: qos_app [--threads 1..%d] [--level L] [--seconds S]\n",
			MAX_THREADS);
		return 2;
	}
	q = scxkit_qos_open();
	if (!q) {
		fprintf(stderr, "qos_app: scxkit_qos_open: %s\n",
			strerror(errno));
		return 1;
	}
	for (i = 0; i < threads; i++)
		if (pthread_create(&w[i].thread, NULL, work, &w[i])) {
			fprintf(stderr, "qos_app: pthread_create failed\n");
			return 1;
		}
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].thread, NULL);
		printf("qos_app: tid %d level %u shared %d loops %lu%s%s\n",
		       (int)w[i].tid, w[i].got, scxkit_qos_is_shared(q),
		       w[i].loops, w[i].err ? " error " : "",
		       w[i].err ? strerror(-w[i].err) : "");
		if (w[i].err || w[i].got != level)
			bad++;
	}
	scxkit_qos_close(q);
	if (bad) {
		printf("qos_app: %d of %d threads lack level %u\n", bad,
		       threads, level);
		return 1;
	}
	printf("qos_app: ok, %d threads at level %u\n", threads, level);
	return 0;
}
