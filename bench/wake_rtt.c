// SPDX-License-Identifier: GPL-2.0
/*
 * wake_rtt - the round trip of two cross-CPU wake-ups, to compare what a
 * scheduler's wake-up path costs (make bench-wake, bench/run_wake.sh).
 *
 *   wake_rtt [--rounds N] [--pause-us P] [--cpus A,B] [--ext]
 *            [--json FILE] [--help]
 *
 * Two threads, pinned to CPUs A and B (default 0 and 1), pass a token
 * back and forth through a futex.  In each of N rounds (default 2000)
 * the thread on A hands the token over and wakes the one on B, which
 * hands it back and wakes A; the round trip (RTT) is the time from the
 * hand-over until A has the token again: two wake-ups, each onto a CPU
 * whose only task was waiting.  A then sleeps P µs (default 200) so that
 * both CPUs go idle before the next round, as between requests.
 *
 * A task allowed on one CPU only skips ops.select_cpu when it wakes, so
 * under a sched_ext policy each wake-up goes through ops.enqueue and the
 * dispatch path: the RTT shows what they cost for a wake-up onto an idle
 * CPU.  With --ext both threads become SCHED_EXT (policy 7), i.e. the
 * attached sched_ext scheduler's even in partial mode; without it they
 * stay SCHED_NORMAL.
 *
 * Prints one line for people and one JSON line for programs (to FILE
 * with --json, else to stdout after the first):
 *   {"rounds":N,"pause_us":P,"cpus":[A,B],"ext":0|1,
 *    "rtt_us":{"min":..,"p50":..,"p90":..,"p99":..,"max":..}}
 * Exit status: 0; 1 if a thread cannot be pinned or made SCHED_EXT, or
 * FILE cannot be written; 2 for a bad option.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define SCHED_EXT    7
#define MAX_ROUNDS   1000000
#define MAX_PAUSE_US 1000000
/*
 * Unmeasured first rounds: they pay for page faults, cold caches and the
 * policy's first sight of the threads.
 */
#define WARMUP 10

static int rounds = 2000, pause_us = 200, cpu_a, cpu_b = 1, use_ext;
static const char *json_path;

/* Whose turn it is: 0 the thread on CPU A (main), 1 the one on CPU B. */
static _Atomic int turn;
static pthread_barrier_t start;

static void futex_wait(_Atomic int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Pins the calling thread to @cpu and, with --ext, makes it SCHED_EXT. */
static void setup(int cpu)
{
	struct sched_param sp = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "wake_rtt: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
		exit(1);
	}
	if (use_ext && sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "wake_rtt: SCHED_EXT: %s\n", strerror(errno));
		exit(1);
	}
}

/* The thread on CPU B: waits for the token, hands it straight back. */
static void *partner(void *arg)
{
	int i;

	(void)arg;
	setup(cpu_b);
	pthread_barrier_wait(&start);
	for (i = 0; i < WARMUP + rounds; i++) {
		while (atomic_load(&turn) != 1)
			futex_wait(&turn, 0);
		atomic_store(&turn, 0);
		futex_wake(&turn);
	}
	return NULL;
}

static void pause_between_rounds(void)
{
	struct timespec ts = {
		.tv_sec = pause_us / 1000000,
		.tv_nsec = (long)(pause_us % 1000000) * 1000,
	};

	if (pause_us)
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
}

/* One round; returns its RTT in µs. */
static double round_trip(void)
{
	double t0 = now_us();

	atomic_store(&turn, 1);
	futex_wake(&turn);
	while (atomic_load(&turn) != 0)
		futex_wait(&turn, 1);
	return now_us() - t0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wake_rtt [--rounds N] [--pause-us P] [--cpus A,B]\n"
		"                [--ext] [--json FILE] [--help]\n"
		"Cross-CPU wake-up round trip between two pinned threads.\n"
		"  --rounds N     measured round trips (default 2000)\n"
		"  --pause-us P   sleep between rounds, us (default 200)\n"
		"  --cpus A,B     the two threads' CPUs (default 0,1)\n"
		"  --ext          run both threads as SCHED_EXT\n"
		"  --json FILE    write the JSON line to FILE, not stdout\n");
}

/* Parses a whole decimal integer in [lo, hi] into *@out; -1 if not one. */
static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_cpus(const char *s)
{
	char a[16];
	const char *comma = strchr(s, ',');
	size_t n = comma ? (size_t)(comma - s) : 0;

	if (!comma || n >= sizeof(a))
		return -1;
	memcpy(a, s, n);
	a[n] = '\0';
	if (parse_int(a, 0, CPU_SETSIZE - 1, &cpu_a) ||
	    parse_int(comma + 1, 0, CPU_SETSIZE - 1, &cpu_b) || cpu_a == cpu_b)
		return -1;
	return 0;
}

/* Exits 2 with a message on a bad command line. */
static void parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		}
		if (!strcmp(a, "--ext")) {
			use_ext = 1;
			continue;
		}
		if (strcmp(a, "--rounds") && strcmp(a, "--pause-us") &&
		    strcmp(a, "--cpus") && strcmp(a, "--json")) {
			fprintf(stderr, "wake_rtt: unknown option '%s'\n", a);
			goto bad;
		}
		if (!v) {
			fprintf(stderr, "wake_rtt: %s wants a value\n", a);
			goto bad;
		}
		if (!strcmp(a, "--json"))
			json_path = v;
		if (!strcmp(a, "--rounds"))
			bad = parse_int(v, 1, MAX_ROUNDS, &rounds);
		else if (!strcmp(a, "--pause-us"))
			bad = parse_int(v, 0, MAX_PAUSE_US, &pause_us);
		else if (!strcmp(a, "--cpus"))
			bad = parse_cpus(v);
		else
			bad = !*json_path; /* --json "" */
		if (bad) {
			fprintf(stderr,
				"wake_rtt: bad value '%s' for %s "
				"(--rounds 1..%d, --pause-us 0..%d, "
				"--cpus A,B two different CPUs)\n",
				v, a, MAX_ROUNDS, MAX_PAUSE_US);
			goto bad;
		}
		i++;
	}
	return;
bad:
	fprintf(stderr, "usage: wake_rtt [options]; see wake_rtt --help\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double *lat, p50, p90, p99;
	FILE *out = stdout;
	pthread_t th;
	int i;

	parse_args(argc, argv);
	lat = calloc((size_t)rounds, sizeof(*lat));
	if (!lat)
		return 1;
	/* The barrier: no round starts before B waits where it should. */
	pthread_barrier_init(&start, NULL, 2);
	setup(cpu_a);
	if (pthread_create(&th, NULL, partner, NULL)) {
		fprintf(stderr, "wake_rtt: cannot start a thread\n");
		return 1;
	}
	pthread_barrier_wait(&start);
	for (i = 0; i < WARMUP + rounds; i++) {
		double rtt = round_trip();

		if (i >= WARMUP)
			lat[i - WARMUP] = rtt;
		pause_between_rounds();
	}
	pthread_join(th, NULL);

	qsort(lat, (size_t)rounds, sizeof(*lat), cmp_double);
	p50 = percentile_sorted(lat, rounds, 50);
	p90 = percentile_sorted(lat, rounds, 90);
	p99 = percentile_sorted(lat, rounds, 99);
	printf("wake_rtt: %d rounds, CPUs %d,%d, %s, pause %d us: "
	       "rtt_us p50 %.1f p90 %.1f p99 %.1f max %.1f\n",
	       rounds, cpu_a, cpu_b, use_ext ? "SCHED_EXT" : "SCHED_NORMAL",
	       pause_us, p50, p90, p99, lat[rounds - 1]);
	if (json_path && !(out = fopen(json_path, "we"))) {
		fprintf(stderr, "wake_rtt: %s: %s\n", json_path,
			strerror(errno));
		return 1;
	}
	fprintf(out,
		"{\"rounds\":%d,\"pause_us\":%d,\"cpus\":[%d,%d],\"ext\":%d,"
		"\"rtt_us\":{\"min\":%.2f,\"p50\":%.2f,\"p90\":%.2f,"
		"\"p99\":%.2f,\"max\":%.2f}}\n",
		rounds, pause_us, cpu_a, cpu_b, use_ext, lat[0], p50, p90, p99,
		lat[rounds - 1]);
	if (fclose(out)) {
		fprintf(stderr, "wake_rtt: writing the JSON: %s\n",
			strerror(errno));
		return 1;
	}
	free(lat);
	return 0;
}
