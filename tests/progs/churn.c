// SPDX-License-Identifier: GPL-2.0
/*
 * churn - thread churn for the VM tests: many short-lived SCHED_EXT threads
 * while other threads change their affinity, nice value, scheduling class
 * and cgroup as they sit in the scheduler's queues.
 *
 *   churn [--threads N] [--concurrent C] [--hogs H] [--limit-s S]
 *         [--pokes-per-round P] [--cgroup DIR]
 *
 * Keeps C workers alive until N have been started.  Each worker switches
 * itself to SCHED_EXT, burns 0-2 ms of CPU in small steps and exits; H hog
 * threads keep the CPUs busy so workers wait in queues.  Meanwhile the main
 * thread changes about P random live workers per round (spread over its
 * sweep of the slots)
 * (sched_setaffinity, setpriority, SCHED_EXT -> SCHED_OTHER -> SCHED_EXT,
 * and with --cgroup a move between two threaded cgroups DIR/a and DIR/b
 * with the cpu controller on): each change makes the kernel take a queued
 * task back from the BPF scheduler (ops.dequeue), leaving a stale entry
 * behind.  DIR is created under a cgroup2 mount and removed at the end.
 * Our own watchdog fails the run if any worker lives longer than S seconds
 * (a lost task).  Prints one line:
 *   churn: threads N created C exited X affinity A nice I class K cgroup G
 *          events E lost L max_life_ms M setup_failures F pokes_tried T
 *          pokes_no_target U
 * (one line; events = created + exited + every change applied; pokes_*:
 * rounds that found a live worker to change, and that found none) and
 * exits 1 if L > 0 or a thread could not become SCHED_EXT.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define SCHED_EXT      7
#define MAX_CONCURRENT 256

struct slot {
	pthread_t th;
	_Atomic int tid; /* 0 until the worker knows it */
	_Atomic int done;
	double started_ms;
	int used;
};

static struct slot slots[MAX_CONCURRENT];
static atomic_int stop_hogs, setup_failures;
static int nr_cpus;
static const char *cgroup_dir; /* --cgroup: move workers between a and b */

enum change { CH_AFFINITY, CH_NICE, CH_CLASS, CH_CGROUP, NR_CHANGES };
static long changes[NR_CHANGES];
static long pokes_tried,
	pokes_no_target; /* diagnostics for a run with no change */

static int write_str(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	ok &= fclose(f) == 0; /* cgroup writes fail at close */
	return ok ? 0 : -1;
}

static int write_in(const char *dir, const char *file, const char *text)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return write_str(path, text);
}

/*
 * DIR becomes a "domain threaded" cgroup holding this process, with two
 * threaded children whose threads the cpu controller schedules as groups:
 * moving a thread between them goes through the scheduler.
 */
static int cgroup_setup(void)
{
	char sub[512], pid[32];
	const char *child[] = { "a", "b" };
	char parent[512], *slash;
	int i;

	/* The cpu controller must reach DIR from its parent. */
	snprintf(parent, sizeof(parent), "%s", cgroup_dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	if (write_in(parent, "cgroup.subtree_control", "+cpu"))
		return -1;
	if (mkdir(cgroup_dir, 0755) && errno != EEXIST)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", cgroup_dir, child[i]);
		if (mkdir(sub, 0755) && errno != EEXIST)
			return -1;
		if (write_in(sub, "cgroup.type", "threaded"))
			return -1;
	}
	if (write_in(cgroup_dir, "cgroup.subtree_control", "+cpu"))
		return -1;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return write_in(cgroup_dir, "cgroup.procs", pid);
}

/*
 * rmdir() of a cgroup whose threads have all exited can still fail with
 * EBUSY for a moment: the kernel drops an exited task's hold on it a bit
 * later.  Retry for up to two seconds, then say why.
 */
static void rmdir_retry(const char *path)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!rmdir(path) || errno == ENOENT)
			return;
		if (errno != EBUSY)
			break;
		usleep(10 * 1000);
	}
	fprintf(stderr, "churn: cannot remove %s: %s\n", path, strerror(errno));
}

static void cgroup_teardown(void)
{
	char path[512], parent[512], pid[32];
	char *slash;

	/* Back to the parent, so the directories can go. */
	snprintf(parent, sizeof(parent), "%s", cgroup_dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	write_in(parent, "cgroup.procs", pid);
	snprintf(path, sizeof(path), "%s/a", cgroup_dir);
	rmdir_retry(path);
	snprintf(path, sizeof(path), "%s/b", cgroup_dir);
	rmdir_retry(path);
	rmdir_retry(cgroup_dir);
}

static int to_ext(void)
{
	struct sched_param sp = { 0 };

	return sched_setscheduler(0, SCHED_EXT, &sp);
}

static void *worker(void *arg)
{
	struct slot *s = arg;
	double start, burn = (double)(rand() % 2000) / 1000.0;

	atomic_store(&s->tid, (int)syscall(SYS_gettid));
	if (to_ext())
		atomic_fetch_add(&setup_failures, 1);
	start = cpu_ms();
	while (cpu_ms() - start < burn)
		;
	atomic_store(&s->done, 1);
	return NULL;
}

static void *hog(void *arg)
{
	(void)arg;
	if (to_ext())
		atomic_fetch_add(&setup_failures, 1);
	while (!atomic_load(&stop_hogs))
		;
	return NULL;
}

/* One change to a live worker; counted if it was applied. */
static void poke(int tid)
{
	struct sched_param sp = { 0 };
	char path[512], num[32];
	cpu_set_t set;
	int cpu, kind = rand() % (cgroup_dir ? NR_CHANGES : CH_CGROUP);
	int ok;

	switch (kind) {
	case CH_AFFINITY:
		CPU_ZERO(&set);
		if (rand() % 2) {
			CPU_SET(rand() % nr_cpus, &set);
		} else {
			for (cpu = 0; cpu < nr_cpus; cpu++)
				CPU_SET(cpu, &set);
		}
		ok = sched_setaffinity(tid, sizeof(set), &set) == 0;
		break;
	case CH_NICE:
		ok = setpriority(PRIO_PROCESS, (id_t)tid, rand() % 11) == 0;
		break;
	case CH_CLASS:
		ok = !sched_setscheduler(tid, SCHED_OTHER, &sp) &&
		     !sched_setscheduler(tid, SCHED_EXT, &sp);
		break;
	default:
		snprintf(path, sizeof(path), "%s/%s/cgroup.threads", cgroup_dir,
			 rand() % 2 ? "a" : "b");
		snprintf(num, sizeof(num), "%d", tid);
		ok = write_str(path, num) == 0;
		break;
	}
	if (ok)
		changes[kind]++;
}

/*
 * One change to the first live worker from a random slot on.  Looking at
 * one random slot found a live worker once in 288 tries at 64 vCPUs,
 * where workers start late and end fast.
 */
static void try_poke(int concurrent)
{
	int first = rand() % concurrent, i;

	for (i = 0; i < concurrent; i++) {
		struct slot *s = &slots[(first + i) % concurrent];
		int tid = atomic_load(&s->tid);

		if (s->used && tid && !atomic_load(&s->done)) {
			pokes_tried++;
			poke(tid);
			return;
		}
	}
	pokes_no_target++;
}

int main(int argc, char **argv)
{
	int total = 3000, concurrent = 32, nr_hogs = 2, limit_s = 20;
	int pokes_per_round = 4;
	int started = 0, finished = 0, lost = 0, i;
	long events;
	double max_life = 0;
	pthread_t hogs[64];

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--threads"))
			total = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--concurrent"))
			concurrent = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hogs"))
			nr_hogs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--limit-s"))
			limit_s = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--pokes-per-round"))
			pokes_per_round = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--cgroup"))
			cgroup_dir = argv[i + 1];
		else
			break;
	}
	if (i < argc || total < 1 || concurrent < 1 ||
	    concurrent > MAX_CONCURRENT || nr_hogs < 0 || nr_hogs > 64 ||
	    limit_s < 1 || pokes_per_round < 0 || pokes_per_round > 1000) {
		fprintf(stderr,
			"usage: churn [--threads N] [--concurrent 1..%d] [--hogs 0..64] [--limit-s S] [--pokes-per-round 0..1000] [--cgroup DIR]\n",
			MAX_CONCURRENT);
		return 2;
	}
	if (cgroup_dir && cgroup_setup()) {
		fprintf(stderr,
			"churn: cannot set up threaded cgroups in %s: %s\n",
			cgroup_dir, strerror(errno));
		cgroup_teardown();
		return 1;
	}
	nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	srand(42);
	for (i = 0; i < nr_hogs; i++)
		pthread_create(&hogs[i], NULL, hog, NULL);

	while (finished < total && !lost) {
		for (i = 0; i < concurrent; i++) {
			struct slot *s = &slots[i];

			if (s->used && atomic_load(&s->done)) {
				double life = now_ms() - s->started_ms;

				pthread_join(s->th, NULL);
				if (life > max_life)
					max_life = life;
				s->used = 0;
				finished++;
			}
			if (s->used &&
			    now_ms() - s->started_ms > limit_s * 1000.0) {
				fprintf(stderr,
					"churn: worker tid %d still not done after %d s: lost\n",
					atomic_load(&s->tid), limit_s);
				lost++;
			}
			if (!s->used && started < total) {
				atomic_store(&s->tid, 0);
				atomic_store(&s->done, 0);
				s->started_ms = now_ms();
				if (pthread_create(&s->th, NULL, worker, s)) {
					fprintf(stderr,
						"churn: pthread_create: %s\n",
						strerror(errno));
					return 1;
				}
				s->used = 1;
				started++;
			}
			/*
			 * About pokes_per_round changes per round, spread over
			 * the sweep: on many idle CPUs the workers of one sweep
			 * may be done by its end.
			 */
			if (rand() % concurrent < pokes_per_round)
				try_poke(concurrent);
		}
		usleep(200);
	}
	atomic_store(&stop_hogs, 1);
	for (i = 0; i < nr_hogs; i++)
		pthread_join(hogs[i], NULL);
	if (cgroup_dir)
		cgroup_teardown();
	events = started + finished;
	for (i = 0; i < NR_CHANGES; i++)
		events += changes[i];
	printf("churn: threads %d created %d exited %d affinity %ld nice %ld class %ld cgroup %ld events %ld lost %d max_life_ms %.0f setup_failures %d pokes_tried %ld pokes_no_target %ld\n",
	       finished, started, finished, changes[CH_AFFINITY],
	       changes[CH_NICE], changes[CH_CLASS], changes[CH_CGROUP], events,
	       lost, max_life, atomic_load(&setup_failures), pokes_tried,
	       pokes_no_target);
	return lost || atomic_load(&setup_failures) ? 1 : 0;
}
