// SPDX-License-Identifier: GPL-2.0
/*
 * latprobe - what the machine itself adds to wake-up and timer latency,
 * under whatever scheduler runs it: a measure of the test bed (the VM's
 * accelerator and clock), not of a policy.
 *
 *   latprobe [--samples N] [--json]
 *
 * Four probes, N samples each (default 2000), CPUs 0 and 1:
 *   wake_idle    a thread on CPU 0 wakes (futex) a thread waiting on CPU 1,
 *                which has nothing else to run: time from FUTEX_WAKE to the
 *                woken thread running
 *   wake_busy    the same with a CPU-bound thread on CPU 1
 *   timer_idle   how late a 100 us clock_nanosleep() on CPU 1 returns
 *   timer_busy   the same with a CPU-bound thread on every CPU
 * The measured thread is SCHED_FIFO, so it takes a busy CPU from the
 * CPU-bound thread at once: what is measured is how fast the machine
 * delivers the wake-up (an IPI, a timer interrupt) to a running CPU, not
 * a scheduling class's choice to let the other thread finish its slice.
 * Prints one line per probe, "latprobe: NAME p50_us X p99_us Y max_us Z",
 * or with --json one object: {"wake_idle":{"p50_us":X,...},...}.
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

#define MAX_SAMPLES 100000
#define TIMER_US    100

enum probe { WAKE_IDLE, WAKE_BUSY, TIMER_IDLE, TIMER_BUSY, NR_PROBES };
static const char *const probe_name[NR_PROBES] = { "wake_idle", "wake_busy",
						   "timer_idle", "timer_busy" };

static int nr_samples = 2000, json, nr_cpus;
static double lat[NR_PROBES][MAX_SAMPLES];

/* The futex the sleeper waits on, and when the waker woke it. */
static atomic_int word;
static _Atomic double woken_at;
static atomic_int hogs_stop;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "latprobe: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
		exit(1);
	}
}

static long futex(atomic_int *addr, int op, int val)
{
	return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

/* The measured thread preempts the hogs (see the top of the file). */
static void make_rt(void)
{
	struct sched_param sp = { .sched_priority = 1 };

	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		fprintf(stderr, "latprobe: SCHED_FIFO: %s\n", strerror(errno));
		exit(1);
	}
}

static void *hog(void *arg)
{
	pin((int)(long)arg);
	while (!atomic_load(&hogs_stop))
		;
	return NULL;
}

/* Sleeper side of a wake probe, on CPU 1: wait, then record the delay. */
static void *sleeper(void *arg)
{
	double *out = arg;
	int i;

	pin(1);
	make_rt();
	for (i = 0; i < nr_samples; i++) {
		while (atomic_load(&word) == 0)
			futex(&word, FUTEX_WAIT_PRIVATE, 0);
		out[i] = now_us() - atomic_load(&woken_at);
		atomic_store(&word, 0);
	}
	return NULL;
}

/* Waker side, on CPU 0: wake the sleeper once it waits, N times. */
static void wake_probe(double *out)
{
	pthread_t th;
	int i;

	pthread_create(&th, NULL, sleeper, out);
	pin(0);
	for (i = 0; i < nr_samples; i++) {
		struct timespec gap = { 0, 200 * 1000 };

		/* Let the sleeper block (and its CPU go idle) before the wake. */
		nanosleep(&gap, NULL);
		while (atomic_load(&word) != 0)
			nanosleep(&gap, NULL);
		atomic_store(&woken_at, now_us());
		atomic_store(&word, 1);
		futex(&word, FUTEX_WAKE_PRIVATE, 1);
	}
	pthread_join(th, NULL);
}

static void *timer_thread(void *arg)
{
	double *out = arg;
	int i;

	pin(1);
	make_rt();
	for (i = 0; i < nr_samples; i++) {
		struct timespec t;

		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += TIMER_US * 1000;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_nsec -= 1000000000L;
			t.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
		out[i] = now_us() -
			 ((double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3);
	}
	return NULL;
}

/* In a thread of its own: the main thread stays SCHED_OTHER, so the
 * hogs it starts do too. */
static void timer_probe(double *out)
{
	pthread_t th;

	pthread_create(&th, NULL, timer_thread, out);
	pthread_join(th, NULL);
}

/* Runs @fn with hogs on @cpus CPUs (0 = none, 1 = CPU 1, else all). */
static void with_hogs(int cpus, void (*fn)(double *), double *out)
{
	pthread_t th[64];
	int n = cpus == 0 ? 0 : (cpus == 1 ? 1 : nr_cpus), i;

	if (n > 64)
		n = 64;
	atomic_store(&hogs_stop, 0);
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, hog,
			       (void *)(long)(cpus == 1 ? 1 : i));
	fn(out);
	atomic_store(&hogs_stop, 1);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--samples") && i + 1 < argc)
			nr_samples = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			break;
	}
	if (i < argc || nr_samples < 1 || nr_samples > MAX_SAMPLES) {
		fprintf(stderr, "usage: latprobe [--samples 1..%d] [--json]\n",
			MAX_SAMPLES);
		return 2;
	}
	nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nr_cpus < 2) {
		fprintf(stderr, "latprobe: needs 2 CPUs, this machine has %d\n",
			nr_cpus);
		return 1;
	}
	with_hogs(0, wake_probe, lat[WAKE_IDLE]);
	with_hogs(1, wake_probe, lat[WAKE_BUSY]);
	with_hogs(0, timer_probe, lat[TIMER_IDLE]);
	with_hogs(nr_cpus, timer_probe, lat[TIMER_BUSY]);

	if (json)
		printf("{");
	for (i = 0; i < NR_PROBES; i++) {
		double *v = lat[i];

		qsort(v, (size_t)nr_samples, sizeof(v[0]), cmp_double);
		if (json)
			printf("%s\"%s\":{\"samples\":%d,\"p50_us\":%.1f,"
			       "\"p99_us\":%.1f,\"max_us\":%.1f}",
			       i ? "," : "", probe_name[i], nr_samples,
			       percentile_sorted(v, nr_samples, 50),
			       percentile_sorted(v, nr_samples, 99),
			       v[nr_samples - 1]);
		else
			printf("latprobe: %s p50_us %.0f p99_us %.0f max_us "
			       "%.0f\n",
			       probe_name[i],
			       percentile_sorted(v, nr_samples, 50),
			       percentile_sorted(v, nr_samples, 99),
			       v[nr_samples - 1]);
	}
	if (json)
		printf("}\n");
	return 0;
}
