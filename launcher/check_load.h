/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loads `scxkit check` puts a policy under: a tree of child processes
 * that measure, inside the load itself, how long each of their tasks
 * waited to run and whether every task created ran and was reaped.
 */
#ifndef __SCXKIT_CHECK_LOAD_H
#define __SCXKIT_CHECK_LOAD_H

#include <stdbool.h>

enum load_class {
	LOAD_SPIN, /* CPU hogs: the longest gap between two loop turns */
	LOAD_PIPE, /* pipe ping-pong pairs: the longest round trip */
	LOAD_FORK, /* fork/exit: fork to the child's first instruction */
	LOAD_YIELD, /* sched_yield loops: the longest gap */
	LOAD_SLEEP, /* 1 ms sleeps: the longest oversleep */
	LOAD_CHURN, /* affinity, nice and cgroup changes of the hogs */
	LOAD_PINNED, /* one task pinned to each CPU in turn */
	NR_LOAD_CLASSES,
};

#define LOAD_MAX_HOGS 64

struct load_class_result {
	long created; /* tasks started */
	long ran; /* of those, the ones that ran */
	long reaped; /* of those, the ones whose exit was seen */
	long rounds; /* units of work done */
	long long max_wait_ns;
};

struct load_result {
	struct load_class_result cls[NR_LOAD_CLASSES];
	int nr_hogs;
	long long hog_cpu_ns[LOAD_MAX_HOGS];
	long long hog_wait_ns[LOAD_MAX_HOGS];
	bool cgroups; /* the churn moved hogs between cgroups */
	int pinned_missed; /* CPUs whose pinned task did not run in time */
	int pinned_first_missed; /* the first of them, or -1 */
	volatile int stop;
};

struct load_config {
	double seconds;
	double grace_s; /* after stopping: how long tasks get to finish */
	int hogs;
	bool mix; /* pipes, fork, yield, sleep and churn as well */
	bool pinned; /* the one-CPU tasks, each CPU in turn */
};

const char *load_class__name(enum load_class c);

/*
 * check_load__run - run the load of @cfg and wait for it; the figures in
 * @r (shared memory the caller maps with check_load__map).  Returns 0, or
 * -1 if the load could not be started.
 */
int check_load__run(const struct load_config *cfg, struct load_result *r);

/*
 * check_load__reap - reap whatever children have exited: the tasks a
 * load gave up on, once the policy that held them is gone.  Call it only
 * when no other child (the launcher) is waited for.
 */
void check_load__reap(void);

struct load_result *check_load__map(void);
void check_load__unmap(struct load_result *r);

#endif
