// SPDX-License-Identifier: GPL-2.0
/*
 * bimodal - a synthetic request server with short and long requests, to
 * compare schedulers by the latency of the short ones (Shinjuku's case).
 *
 *   bimodal --sched cfs|ext [--load F] [--seconds S] [--workers W]
 *           [--short-us A] [--long-us B] [--long-ratio R] [--cpus N]
 *           [--dist bimodal|exp] [--service cpu|work] [--work-per-us W]
 *           [--label NAME] [--seed X]
 *
 * A generator thread (always SCHED_NORMAL, like an external load source;
 * it sleeps between arrivals) sends requests with Poisson arrivals; each is a short one (A µs of CPU,
 * default 500) or, with probability R (default 0.005), a long one (B µs,
 * default 50000).  The rate is F times the capacity of N CPUs (default:
 * all online) for that mix.  A pool of W workers (default 64; SCHED_EXT
 * with --sched ext) takes requests: an idle worker sleeps on a futex and
 * is handed one request at a time; with no idle worker the request waits
 * in a FIFO.  Each request spins on its thread's CPU clock to its service
 * time (--service work: does the work that takes that long on an idle
 * machine; for the emulated VM, see service.h).  Latency = completion -
 * arrival; the first second is warm-up.
 *
 * --dist exp draws every service time from an exponential distribution
 * of mean A instead (a light-tailed mix, so that no setting is tuned to
 * the bimodal one); "short" then means at most the mean, "long" above it.
 *
 * Prints one line (and --json one object) with the short and long
 * requests' latency percentiles in µs.
 */
#include <errno.h>
#include <linux/futex.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "service.h"
#include "timing.h"

#define SCHED_EXT   7
#define MAX_WORKERS 512
#define MAX_REQS    (1 << 20)

struct req {
	double arrival_us, done_us;
	double service_us;
	int is_long;
};

struct worker {
	pthread_t th;
	_Atomic unsigned int gen; /* bumped when a request is handed over */
	int req; /* index of the request handed over */
};

static struct req *reqs;
static _Atomic int nr_reqs;
static struct worker workers[MAX_WORKERS];
static int nr_workers = 64, use_ext, cpus;
static double load = 0.5, seconds = 10, short_us = 500, long_us = 50000,
	      long_ratio = 0.005, warmup_s = 1;
static const char *label = "", *dist = "bimodal", *service = "cpu";
static double work_per_us; /* --service work: loop iterations per µs */
static unsigned int seed = 1;
static atomic_int stop;

/* Idle workers (a stack) and waiting requests (a ring), under one lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int idle[MAX_WORKERS], nr_idle;
static int *fifo, fifo_head, fifo_tail;

static void futex_wait(_Atomic unsigned int *addr, unsigned int val)
{
	struct timespec t = { 0, 100 * 1000000L }; /* to notice `stop` */

	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, &t, NULL, 0);
}

static void futex_wake(_Atomic unsigned int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void serve(int r)
{
	service_finish(cpu_us(), reqs[r].service_us, work_per_us);
	reqs[r].done_us = now_us();
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct sched_param sp = { 0 };
	unsigned int seen = 0;

	if (use_ext && sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "bimodal: SCHED_EXT: %s\n", strerror(errno));
		exit(1);
	}
	for (;;) {
		int r;

		while (atomic_load(&w->gen) == seen) {
			if (atomic_load(&stop))
				return NULL;
			futex_wait(&w->gen, seen);
		}
		seen = atomic_load(&w->gen);
		r = w->req;
		for (;;) {
			serve(r);
			/* More waiting?  Take it; else go idle. */
			pthread_mutex_lock(&lock);
			if (fifo_head != fifo_tail) {
				r = fifo[fifo_head++ % MAX_REQS];
				pthread_mutex_unlock(&lock);
				continue;
			}
			idle[nr_idle++] = (int)(w - workers);
			pthread_mutex_unlock(&lock);
			break;
		}
	}
}

int main(int argc, char **argv)
{
	double mean_us, rate, t0, next, *lat_s, *lat_l, s50, s99, s999, l50,
		l99;
	int i, json = 0, n_s = 0, n_l = 0, n;
	const char *v_wpu = NULL; /* --work-per-us given */

	cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		}
		if (!v)
			goto usage;
		if (!strcmp(a, "--sched"))
			use_ext = !strcmp(v, "ext");
		else if (!strcmp(a, "--load"))
			load = atof(v);
		else if (!strcmp(a, "--seconds"))
			seconds = atof(v);
		else if (!strcmp(a, "--workers"))
			nr_workers = atoi(v);
		else if (!strcmp(a, "--short-us"))
			short_us = atof(v);
		else if (!strcmp(a, "--long-us"))
			long_us = atof(v);
		else if (!strcmp(a, "--long-ratio"))
			long_ratio = atof(v);
		else if (!strcmp(a, "--cpus"))
			cpus = atoi(v);
		else if (!strcmp(a, "--label"))
			label = v;
		else if (!strcmp(a, "--dist"))
			dist = v;
		else if (!strcmp(a, "--service"))
			service = v;
		else if (!strcmp(a, "--work-per-us"))
			work_per_us = atof(v_wpu = v);
		else if (!strcmp(a, "--seed"))
			seed = (unsigned int)atoi(v);
		else
			goto usage;
		i++;
	}
	if (load <= 0 || load > 2 || seconds <= warmup_s || nr_workers < 1 ||
	    nr_workers > MAX_WORKERS || cpus < 1 || short_us <= 0 ||
	    long_us <= 0 || long_ratio < 0 || long_ratio > 1 ||
	    (v_wpu && (!(work_per_us > 0) || service_parse(service) != 1)) ||
	    (strcmp(dist, "bimodal") && strcmp(dist, "exp")) ||
	    service_parse(service) < 0)
		goto usage;

	if (!strcmp(dist, "exp"))
		mean_us = short_us;
	else
		mean_us = (1 - long_ratio) * short_us + long_ratio * long_us;
	if (service_parse(service) == 1 && !work_per_us)
		work_per_us = work_calibrate();
	rate = load * cpus / mean_us; /* requests per µs */
	reqs = calloc(MAX_REQS, sizeof(*reqs));
	fifo = calloc(MAX_REQS, sizeof(*fifo));
	if (!reqs || !fifo)
		return 1;
	for (i = 0; i < nr_workers; i++) {
		idle[nr_idle++] = i;
		pthread_create(&workers[i].th, NULL, worker_fn, &workers[i]);
	}
	usleep(200000); /* let the workers settle into their waits */

	t0 = next = now_us();
	while (next - t0 < seconds * 1e6 && atomic_load(&nr_reqs) < MAX_REQS) {
		double u = (double)rand_r(&seed) / ((double)RAND_MAX + 1);
		int r;

		next += -log(1 - u) / rate;
		/*
		 * Sleep, not spin, until the arrival: in partial mode this
		 * CFS thread outranks every ext worker, and spinning would
		 * take a CPU from them.  Latency counts from the intended
		 * arrival, so the generator's own lateness is charged to the
		 * scheduler under test like any other delay.
		 */
		if (now_us() < next) {
			struct timespec ts = {
				.tv_sec = (time_t)(next / 1e6),
				.tv_nsec = (long)((next -
						   floor(next / 1e6) * 1e6) *
						  1e3),
			};

			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL);
		}
		r = atomic_fetch_add(&nr_reqs, 1);
		reqs[r].arrival_us = next;
		if (!strcmp(dist, "exp")) {
			u = (double)rand_r(&seed) / ((double)RAND_MAX + 1);
			reqs[r].service_us = -log(1 - u) * short_us;
			reqs[r].is_long = reqs[r].service_us > short_us;
		} else {
			reqs[r].is_long = (double)rand_r(&seed) / RAND_MAX <
					  long_ratio;
			reqs[r].service_us = reqs[r].is_long ? long_us
							     : short_us;
		}
		pthread_mutex_lock(&lock);
		if (nr_idle) {
			struct worker *w = &workers[idle[--nr_idle]];

			pthread_mutex_unlock(&lock);
			w->req = r;
			atomic_fetch_add(&w->gen, 1);
			futex_wake(&w->gen);
		} else {
			fifo[fifo_tail++ % MAX_REQS] = r;
			pthread_mutex_unlock(&lock);
		}
	}
	/* Let the last requests finish (bounded), then stop the workers. */
	for (i = 0; i < 300; i++) {
		pthread_mutex_lock(&lock);
		n = nr_idle == nr_workers && fifo_head == fifo_tail;
		pthread_mutex_unlock(&lock);
		if (n)
			break;
		usleep(100000);
	}
	atomic_store(&stop, 1);
	for (i = 0; i < nr_workers; i++) {
		futex_wake(&workers[i].gen);
		pthread_join(workers[i].th, NULL);
	}

	n = atomic_load(&nr_reqs);
	lat_s = calloc((size_t)n + 1, sizeof(double));
	lat_l = calloc((size_t)n + 1, sizeof(double));
	for (i = 0; i < n; i++) {
		double l = reqs[i].done_us - reqs[i].arrival_us;

		if (reqs[i].arrival_us - t0 < warmup_s * 1e6 ||
		    !reqs[i].done_us)
			continue;
		if (reqs[i].is_long)
			lat_l[n_l++] = l;
		else
			lat_s[n_s++] = l;
	}
	qsort(lat_s, (size_t)n_s, sizeof(double), cmp_double);
	qsort(lat_l, (size_t)n_l, sizeof(double), cmp_double);
	s50 = percentile_sorted(lat_s, n_s, 50);
	s99 = percentile_sorted(lat_s, n_s, 99);
	s999 = percentile_sorted(lat_s, n_s, 99.9);
	l50 = percentile_sorted(lat_l, n_l, 50);
	l99 = percentile_sorted(lat_l, n_l, 99);
	if (json)
		printf("{\"label\":\"%s\",\"sched\":\"%s\",\"dist\":\"%s\","
		       "\"service\":\"%s\",\"work_per_us\":%.1f,"
		       "\"load\":%.2f,\"cpus\":%d,"
		       "\"rate_per_s\":%.0f,\"short_n\":%d,\"short_p50_us\":%.0f,"
		       "\"short_p99_us\":%.0f,\"short_p999_us\":%.0f,\"long_n\":%d,"
		       "\"long_p50_us\":%.0f,\"long_p99_us\":%.0f}\n",
		       label, use_ext ? "ext" : "cfs", dist, service,
		       work_per_us, load, cpus, rate * 1e6, n_s, s50, s99, s999,
		       n_l, l50, l99);
	else
		printf("bimodal: %s load %.2f rate %.0f/s short n %d p50 %.0f p99 %.0f p99.9 %.0f us; long n %d p50 %.0f p99 %.0f us\n",
		       label, load, rate * 1e6, n_s, s50, s99, s999, n_l, l50,
		       l99);
	return 0;
usage:
	fprintf(stderr,
		"usage: bimodal --sched cfs|ext [--load F] [--seconds S] [--workers W]\n"
		"               [--short-us A] [--long-us B] [--long-ratio R] [--cpus N]\n"
		"               [--dist bimodal|exp] [--service cpu|work]\n"
		"               [--work-per-us W] [--label NAME] [--seed X] [--json]\n"
		"  --dist exp: exponential service times of mean --short-us\n"
		"  --service work: fixed work instead of a CPU-clock spin (VMs)\n"
		"  --work-per-us W: that work at W loop iterations per us, not\n"
		"                   calibrated (the same work for every scheduler)\n");
	return 2;
}
