// SPDX-License-Identifier: GPL-2.0
/*
 * duty - CPU hogs and light duty-cycle threads for the VM tests, reporting
 * how much CPU time each thread got and on which CPUs it was spent.
 *
 *   duty [--ext] [--threads N] [--cpu C] [--nice N[,N...]]
 *        [--spin-us US] [--sleep-us US] [--seconds S] [--min-pct P]
 *
 * Each thread pins itself to CPU C (if given), takes the nice value of its
 * index in the --nice list (the last one repeats), switches to SCHED_EXT
 * with --ext, waits for the others, and then for S seconds of wall time
 * repeats: burn --spin-us of its own CPU time, sleep --sleep-us (0: never
 * sleeps, a CPU hog).  While burning it asks which CPU it is on and charges
 * the CPU time since it last asked to that CPU, so the CPU shares are
 * weighted by time, not by samples.  Output:
 *
 *   duty: thread I tid T nice N cpu_ms M
 *   duty: cpu_ms M cpus 0:P 1:P ... used K
 *
 * P is the percentage of all threads' CPU time spent on that CPU and K the
 * number of CPUs with at least --min-pct (default 5) percent of it.  Exits
 * 1 if --ext was asked and a thread did not end up run by sched_ext.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define SCHED_EXT   7
#define MAX_THREADS 64
#define MAX_NICE    16
#define MAX_CPUS    256

struct thread {
	pthread_t th;
	int idx;
	pid_t tid;
	int nice;
	double cpu_ms;
	double on_cpu_us[MAX_CPUS];
	int failed;
};

static int use_ext, nr_threads = 1, pin_cpu = -1;
static int nice_list[MAX_NICE], nr_nice;
static double spin_us = 1000, sleep_us, run_s = 3, min_pct = 5;
static pthread_barrier_t start;
static struct thread threads[MAX_THREADS];

/* Is @tid run by sched_ext right now (ext.enabled in its sched file)? */
static int ext_enabled(pid_t tid)
{
	char path[64], line[256];
	int on = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/sched", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "ext.enabled", 11) && colon)
			on = atoi(colon + 1) == 1;
	}
	fclose(f);
	return on;
}

static int setup(struct thread *t)
{
	struct sched_param sp = { 0 };
	cpu_set_t set;

	if (pin_cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(pin_cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("duty: sched_setaffinity");
			return -1;
		}
	}
	/* Per thread: Linux applies PRIO_PROCESS with a tid to that thread. */
	if (setpriority(PRIO_PROCESS, (id_t)t->tid, t->nice)) {
		perror("duty: setpriority");
		return -1;
	}
	if (use_ext && sched_setscheduler(0, SCHED_EXT, &sp)) {
		perror("duty: sched_setscheduler(SCHED_EXT)");
		return -1;
	}
	return 0;
}

/* Burns @us of this thread's CPU time, charging it to the CPUs it ran on. */
static void burn(struct thread *t, double us)
{
	double begin = cpu_us(), last = begin, now;
	int cpu;

	do {
		now = cpu_us();
		cpu = sched_getcpu();
		if (cpu >= 0 && cpu < MAX_CPUS)
			t->on_cpu_us[cpu] += now - last;
		last = now;
	} while (now - begin < us);
}

static void *worker(void *arg)
{
	struct thread *t = arg;
	long long nap_ns = (long long)(sleep_us * 1e3);
	struct timespec nap = { .tv_sec = (time_t)(nap_ns / 1000000000),
				.tv_nsec = (long)(nap_ns % 1000000000) };
	double end, cpu0;

	t->tid = (pid_t)syscall(SYS_gettid);
	t->failed = setup(t) != 0;
	pthread_barrier_wait(&start);
	cpu0 = cpu_ms();
	end = now_us() + run_s * 1e6;
	while (!t->failed && now_us() < end) {
		burn(t, sleep_us > 0 ? spin_us : 1000);
		if (sleep_us > 0)
			nanosleep(&nap, NULL);
	}
	t->cpu_ms = cpu_ms() - cpu0;
	if (use_ext && !t->failed && !ext_enabled(t->tid)) {
		fprintf(stderr, "duty: thread %d is not run by sched_ext\n",
			t->tid);
		t->failed = 1;
	}
	return NULL;
}

/* Parses "N[,N...]" into nice_list; -1 if malformed or too long. */
static int parse_nice(const char *s)
{
	char *end;

	for (nr_nice = 0; nr_nice < MAX_NICE;) {
		long v = strtol(s, &end, 10);

		if (end == s || v < -20 || v > 19)
			return -1;
		nice_list[nr_nice++] = (int)v;
		if (*end != ',')
			return *end ? -1 : 0;
		s = end + 1;
	}
	return -1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: duty [--ext] [--threads N] [--cpu C] [--nice N[,N...]]\n"
		"            [--spin-us US] [--sleep-us US] [--seconds S] [--min-pct P]\n");
}

int main(int argc, char **argv)
{
	double total = 0, per_cpu[MAX_CPUS] = { 0 };
	int i, c, used = 0, failures = 0;
	/* Show every online CPU, the unused ones too. */
	int last_cpu = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ext")) {
			use_ext = 1;
		} else if (i + 1 < argc && !strcmp(argv[i], "--threads")) {
			nr_threads = atoi(argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--cpu")) {
			pin_cpu = atoi(argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--nice")) {
			if (parse_nice(argv[++i])) {
				fprintf(stderr, "duty: bad --nice list\n");
				return 2;
			}
		} else if (i + 1 < argc && !strcmp(argv[i], "--spin-us")) {
			spin_us = atof(argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--sleep-us")) {
			sleep_us = atof(argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--seconds")) {
			run_s = atof(argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--min-pct")) {
			min_pct = atof(argv[++i]);
		} else {
			usage();
			return 2;
		}
	}
	if (nr_threads < 1 || nr_threads > MAX_THREADS || spin_us <= 0 ||
	    sleep_us < 0 || run_s <= 0 || pin_cpu >= MAX_CPUS ||
	    last_cpu >= MAX_CPUS) {
		usage();
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_barrier_init(&start, NULL, (unsigned int)nr_threads);
	for (i = 0; i < nr_threads; i++) {
		threads[i].idx = i;
		threads[i].nice =
			nr_nice ? nice_list[i < nr_nice ? i : nr_nice - 1] : 0;
		if (pthread_create(&threads[i].th, NULL, worker, &threads[i])) {
			fprintf(stderr, "duty: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < nr_threads; i++) {
		struct thread *t = &threads[i];

		pthread_join(t->th, NULL);
		failures += t->failed;
		printf("duty: thread %d tid %d nice %d cpu_ms %.0f\n", i,
		       t->tid, t->nice, t->cpu_ms);
		for (c = 0; c < MAX_CPUS; c++) {
			per_cpu[c] += t->on_cpu_us[c];
			total += t->on_cpu_us[c];
			if (t->on_cpu_us[c] > 0 && c > last_cpu)
				last_cpu = c;
		}
	}
	printf("duty: cpu_ms %.0f cpus", total / 1e3);
	for (c = 0; c <= last_cpu; c++) {
		double pct = total > 0 ? per_cpu[c] * 100 / total : 0;

		printf(" %d:%.1f", c, pct);
		used += pct >= min_pct;
	}
	printf(" used %d\n", used);
	return failures ? 1 : 0;
}
