// SPDX-License-Identifier: GPL-2.0
/*
 * The load generator of `scxkit check`: worker processes forked from the
 * caller, each measuring its own waits, and counting into shared memory
 * so that a task that never ran, or never exited, shows as a count that
 * does not add up instead of as a hang.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_load.h"
#include "mono_clock.h"

#define MAX_WORKERS 256
#define CGROUP_ROOT "/sys/fs/cgroup"

static const char *const class_names[NR_LOAD_CLASSES] = {
	[LOAD_SPIN] = "spin",	  [LOAD_PIPE] = "pipe",
	[LOAD_FORK] = "fork",	  [LOAD_YIELD] = "yield",
	[LOAD_SLEEP] = "sleep",	  [LOAD_CHURN] = "churn",
	[LOAD_PINNED] = "pinned",
};

struct workers {
	pid_t pid[MAX_WORKERS];
	enum load_class cls[MAX_WORKERS];
	int n;
	pid_t hog[LOAD_MAX_HOGS];
	char cg[2][96]; /* the churn's two cgroups, "" without */
};

const char *load_class__name(enum load_class c)
{
	return c < NR_LOAD_CLASSES ? class_names[c] : "?";
}

/* Signed, so that a wait less its planned sleep may come out negative. */
static long long now_ns(void)
{
	return (long long)mono_clock__ns();
}

static void sleep_ns(long long ns)
{
	mono_clock__sleep_ns(ns > 0 ? (uint64_t)ns : 0);
}

static void inc(long *v)
{
	__atomic_fetch_add(v, 1, __ATOMIC_RELAXED);
}

static void raise_max(long long *slot, long long v)
{
	long long cur = __atomic_load_n(slot, __ATOMIC_RELAXED);

	while (v > cur &&
	       !__atomic_compare_exchange_n(slot, &cur, v, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

static bool stopping(struct load_result *r)
{
	return __atomic_load_n(&r->stop, __ATOMIC_RELAXED);
}

static void spin_worker(struct load_result *r, int idx)
{
	long long last = now_ns(), gap = 0, t;
	struct timespec cpu;
	unsigned long turns = 0;

	while (!(++turns % 1024 == 0 && stopping(r))) {
		t = now_ns();
		if (t - last > gap)
			gap = t - last;
		last = t;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	r->hog_cpu_ns[idx] = (long long)cpu.tv_sec * 1000000000LL + cpu.tv_nsec;
	r->hog_wait_ns[idx] = gap;
	raise_max(&r->cls[LOAD_SPIN].max_wait_ns, gap);
}

/* One end of a ping-pong pair: @ping times the round trips. */
static void pipe_worker(struct load_result *r, int rfd, int wfd, bool ping)
{
	char c = 'p';

	for (;;) {
		long long t0 = now_ns();

		if (ping) {
			c = stopping(r) ? 'q' : 'p';
			if (write(wfd, &c, 1) != 1 || c == 'q')
				return;
		}
		if (read(rfd, &c, 1) != 1)
			return;
		if (!ping) {
			if (c == 'q' || write(wfd, &c, 1) != 1)
				return;
			continue;
		}
		raise_max(&r->cls[LOAD_PIPE].max_wait_ns, now_ns() - t0);
		inc(&r->cls[LOAD_PIPE].rounds);
	}
}

/*
 * Forks short-lived children, at most 16 outstanding, and reaps them
 * without blocking: a child the policy never runs stays outstanding and
 * is counted, it does not hang the forker.
 */
static void fork_worker(struct load_result *r, double grace_s)
{
	struct load_class_result *c = &r->cls[LOAD_FORK];
	int outstanding = 0;
	long long deadline = 0;

	for (;;) {
		bool stop = stopping(r);

		while (outstanding > 0 && waitpid(-1, NULL, WNOHANG) > 0) {
			outstanding--;
			inc(&c->reaped);
		}
		if (stop) {
			if (!deadline)
				deadline =
					now_ns() + (long long)(grace_s * 1e9);
			if (!outstanding || now_ns() > deadline)
				return;
			sleep_ns(1000000);
			continue;
		}
		if (outstanding >= 16) {
			sleep_ns(500000);
			continue;
		}
		long long t0 = now_ns();
		pid_t pid = fork();

		if (pid == 0) {
			raise_max(&c->max_wait_ns, now_ns() - t0);
			inc(&c->ran);
			_exit(0);
		}
		if (pid < 0) {
			sleep_ns(1000000);
			continue;
		}
		inc(&c->created);
		inc(&c->rounds);
		outstanding++;
	}
}

static void yield_worker(struct load_result *r)
{
	long long last = now_ns(), t;

	while (!stopping(r)) {
		sched_yield();
		t = now_ns();
		raise_max(&r->cls[LOAD_YIELD].max_wait_ns, t - last);
		inc(&r->cls[LOAD_YIELD].rounds);
		last = t;
	}
}

static void sleep_worker(struct load_result *r, enum load_class cls,
			 long long period)
{
	while (!stopping(r)) {
		long long t0 = now_ns();

		sleep_ns(period);
		raise_max(&r->cls[cls].max_wait_ns, now_ns() - t0 - period);
		inc(&r->cls[cls].rounds);
	}
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Every 5 ms, one hog in turn gets a new affinity (one CPU or all), a
 * new nice value (0..4: enough to move it, not so much that a weighted
 * policy would rightly make it wait seconds) or, with cgroup v2, the
 * other of two cgroups.
 */
static void churn_worker(struct load_result *r, struct workers *w)
{
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	long k = 0;
	long long t0;
	char pid[16], path[128];
	cpu_set_t set;

	while (!stopping(r)) {
		int i = (int)(k % r->nr_hogs), cpu;
		pid_t hog = w->hog[i];

		switch ((k / r->nr_hogs) % 3) {
		case 0:
			CPU_ZERO(&set);
			if (k % 2) {
				cpu = (int)(k % ncpu);
				CPU_SET(cpu, &set);
			} else {
				for (cpu = 0; cpu < ncpu && cpu < CPU_SETSIZE;
				     cpu++)
					CPU_SET(cpu, &set);
			}
			sched_setaffinity(hog, sizeof(set), &set);
			break;
		case 1:
			setpriority(PRIO_PROCESS, (id_t)hog, (int)(k % 5));
			break;
		case 2:
			if (!w->cg[0][0])
				break;
			snprintf(pid, sizeof(pid), "%d", (int)hog);
			snprintf(path, sizeof(path), "%s/cgroup.procs",
				 w->cg[k % 2]);
			write_str(path, pid);
			break;
		}
		k++;
		t0 = now_ns();
		sleep_ns(5000000);
		raise_max(&r->cls[LOAD_CHURN].max_wait_ns,
			  now_ns() - t0 - 5000000);
		inc(&r->cls[LOAD_CHURN].rounds);
	}
}

/* What a forked worker does. */
enum worker_kind { W_SPIN, W_PING, W_PONG, W_FORK, W_YIELD, W_SLEEP, W_CHURN };

struct spawn_args {
	struct load_result *r;
	struct workers *w;
	const struct load_config *cfg;
	int idx;
	int rfd, wfd; /* the pipe ends of a ping-pong worker */
	int close_fds[2];
};

static pid_t spawn(enum worker_kind kind, enum load_class cls,
		   struct spawn_args *a)
{
	struct load_result *r = a->r;
	struct workers *w = a->w;
	pid_t pid;

	if (w->n >= MAX_WORKERS)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		w->pid[w->n] = pid;
		w->cls[w->n++] = cls;
		inc(&r->cls[cls].created);
		return pid;
	}
	inc(&r->cls[cls].ran);
	if (a->close_fds[0] >= 0)
		close(a->close_fds[0]);
	if (a->close_fds[1] >= 0)
		close(a->close_fds[1]);
	switch (kind) {
	case W_SPIN:
		spin_worker(r, a->idx);
		break;
	case W_PING:
	case W_PONG:
		pipe_worker(r, a->rfd, a->wfd, kind == W_PING);
		break;
	case W_FORK:
		fork_worker(r, a->cfg->grace_s);
		break;
	case W_YIELD:
		yield_worker(r);
		break;
	case W_SLEEP:
		sleep_worker(r, LOAD_SLEEP, 1000000);
		break;
	case W_CHURN:
		churn_worker(r, w);
		break;
	}
	_exit(0);
}

static int spawn_pair(struct spawn_args *a)
{
	int ab[2], ba[2], ok;

	if (pipe(ab) || pipe(ba))
		return -1;
	a->rfd = ba[0];
	a->wfd = ab[1];
	a->close_fds[0] = ab[0];
	a->close_fds[1] = ba[1];
	ok = spawn(W_PING, LOAD_PIPE, a) > 0;
	a->rfd = ab[0];
	a->wfd = ba[1];
	a->close_fds[0] = ba[0];
	a->close_fds[1] = ab[1];
	ok = ok && spawn(W_PONG, LOAD_PIPE, a) > 0;
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	a->close_fds[0] = a->close_fds[1] = -1;
	return ok ? 0 : -1;
}

/* Two cgroups next to ours for the churn, if cgroup v2 lets us. */
static void cgroups_make(struct workers *w)
{
	int i;

	if (access(CGROUP_ROOT "/cgroup.procs", W_OK))
		return;
	for (i = 0; i < 2; i++) {
		snprintf(w->cg[i], sizeof(w->cg[i]),
			 CGROUP_ROOT "/scxkit-check-%d-%c", (int)getpid(),
			 'a' + i);
		if (mkdir(w->cg[i], 0755) && errno != EEXIST) {
			if (i)
				rmdir(w->cg[0]);
			w->cg[0][0] = w->cg[1][0] = '\0';
			return;
		}
	}
}

static void cgroups_remove(struct workers *w)
{
	int i, n;

	/* A killed task leaves its cgroup a moment after it is reaped. */
	for (i = 0; i < 2 && w->cg[i][0]; i++)
		for (n = 0; n < 100 && rmdir(w->cg[i]) && errno == EBUSY; n++)
			sleep_ns(10000000);
}

/*
 * One task pinned to each online CPU in turn, each given @bound_s to
 * run: it checks it is where it was put, then sleeps and yields a few
 * times (a pinned task's wake-ups must find its one CPU).
 */
static void pinned_pass(struct load_result *r, double bound_s)
{
	struct load_class_result *c = &r->cls[LOAD_PINNED];
	int ncpu = (int)sysconf(_SC_NPROCESSORS_CONF), cpu, k;
	cpu_set_t old, one;

	r->pinned_first_missed = -1;
	if (sched_getaffinity(0, sizeof(old), &old))
		return;
	for (cpu = 0; cpu < ncpu && cpu < CPU_SETSIZE; cpu++) {
		long long t0, deadline;
		pid_t pid;
		int st;

		if (!CPU_ISSET(cpu, &old))
			continue; /* offline */
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		/* The child inherits the one-CPU mask before it first runs. */
		if (sched_setaffinity(0, sizeof(one), &one))
			continue;
		t0 = now_ns();
		pid = fork();
		if (pid == 0) {
			raise_max(&c->max_wait_ns, now_ns() - t0);
			if (sched_getcpu() != cpu)
				_exit(1);
			for (k = 0; k < 5; k++) {
				sleep_ns(1000000);
				sched_yield();
			}
			inc(&c->ran);
			_exit(0);
		}
		sched_setaffinity(0, sizeof(old), &old);
		if (pid < 0)
			continue;
		inc(&c->created);
		deadline = t0 + (long long)(bound_s * 1e9);
		while (waitpid(pid, &st, WNOHANG) == 0 && now_ns() < deadline)
			sleep_ns(1000000);
		if (now_ns() >= deadline && waitpid(pid, &st, WNOHANG) == 0) {
			kill(pid, SIGKILL); /* reaped by check_load__reap */
			if (!r->pinned_missed++)
				r->pinned_first_missed = cpu;
			continue;
		}
		inc(&c->reaped);
		inc(&c->rounds);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			if (!r->pinned_missed++)
				r->pinned_first_missed = cpu;
		}
	}
}

int check_load__run(const struct load_config *cfg, struct load_result *r)
{
	static struct workers w;
	struct spawn_args a = {
		.r = r, .w = &w, .cfg = cfg, .close_fds = { -1, -1 }
	};
	long long deadline;
	int i, st, left;

	memset(&w, 0, sizeof(w));
	memset(r, 0, sizeof(*r));
	r->nr_hogs = cfg->hogs < LOAD_MAX_HOGS ? cfg->hogs : LOAD_MAX_HOGS;
	signal(SIGPIPE, SIG_IGN);
	if (cfg->mix) {
		cgroups_make(&w);
		r->cgroups = w.cg[0][0] != '\0';
	}
	for (i = 0; i < r->nr_hogs; i++) {
		a.idx = i;
		w.hog[i] = spawn(W_SPIN, LOAD_SPIN, &a);
		if (w.hog[i] < 0)
			goto fail;
	}
	if (cfg->mix) {
		if (spawn_pair(&a) || spawn_pair(&a) ||
		    spawn(W_FORK, LOAD_FORK, &a) < 0 ||
		    spawn(W_FORK, LOAD_FORK, &a) < 0 ||
		    spawn(W_YIELD, LOAD_YIELD, &a) < 0 ||
		    spawn(W_YIELD, LOAD_YIELD, &a) < 0 ||
		    spawn(W_SLEEP, LOAD_SLEEP, &a) < 0 ||
		    spawn(W_SLEEP, LOAD_SLEEP, &a) < 0 ||
		    (r->nr_hogs && spawn(W_CHURN, LOAD_CHURN, &a) < 0))
			goto fail;
	}
	if (cfg->pinned)
		pinned_pass(r, cfg->grace_s);
	else
		sleep_ns((long long)(cfg->seconds * 1e9));
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELAXED);

	/* Every worker gets the grace time to see the stop and exit. */
	deadline = now_ns() + (long long)(cfg->grace_s * 1e9);
	do {
		left = 0;
		for (i = 0; i < w.n; i++) {
			if (!w.pid[i])
				continue;
			if (waitpid(w.pid[i], &st, WNOHANG) == w.pid[i]) {
				inc(&r->cls[w.cls[i]].reaped);
				w.pid[i] = 0;
			} else {
				left++;
			}
		}
		if (left)
			sleep_ns(5000000);
	} while (left && now_ns() < deadline);
	/* Those left are lost; they die when the policy lets them run. */
	for (i = 0; i < w.n; i++)
		if (w.pid[i])
			kill(w.pid[i], SIGKILL);
	cgroups_remove(&w);
	return 0;
fail:
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < w.n; i++)
		kill(w.pid[i], SIGKILL);
	for (i = 0; i < w.n; i++)
		waitpid(w.pid[i], NULL, 0);
	cgroups_remove(&w);
	return -1;
}

void check_load__reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

struct load_result *check_load__map(void)
{
	void *p = mmap(NULL, sizeof(struct load_result), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void check_load__unmap(struct load_result *r)
{
	munmap(r, sizeof(*r));
}
