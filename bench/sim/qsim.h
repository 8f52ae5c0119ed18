/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qsim - a discrete-event simulator of idealized, zero-overhead CPU
 * schedulers serving a request stream: the reference the bench's measured
 * latencies are held against (bench/ideal.c, bench/README.md).
 *
 * Requests arrive at given times with a given service demand (µs of CPU at
 * full speed) and a class (0: Get, 1: Range).  A request needs a worker: at
 * most `workers` are in service, the rest wait in arrival order, as
 * rocksdb_bench's generator hands requests to idle worker threads.  A
 * worker with a request is a task, scheduled on `cpus` CPUs.  With
 * shared_speed (the VM under QEMU's icount clock, which runs one vCPU at a
 * time) k busy CPUs each progress at 1/k of full speed; otherwise each busy
 * CPU runs at full speed.  Slices, timers and starvation bounds are
 * counted in wall time, as the kernel counts them.
 */
#ifndef __SCXKIT_QSIM_H
#define __SCXKIT_QSIM_H

#include <stdbool.h>

#define QSIM_MAX_LEVELS 8
#define QSIM_GET	0
#define QSIM_RANGE	1

enum qsim_kind {
	/* Processor sharing: every task in service progresses at once, at
	 * an equal share of the machine (the fluid ideal of fairness). */
	QSIM_PS,
	/* CPUs serving level queues (FIFO each, highest first), optionally
	 * time-sliced, with demotion and preemption: FCFS, round robin,
	 * shinjuku and strict priority are settings of it (qsim_preset_*). */
	QSIM_QUEUES,
};

struct qsim_config {
	enum qsim_kind kind;
	int cpus;
	bool shared_speed;
	int workers; /* 0: as many as there are requests */
	/* QSIM_QUEUES only: */
	int levels; /* 1..QSIM_MAX_LEVELS */
	int class_level[2]; /* the level of a Get, of a Range */
	double slice_us; /* 0: run until done or outranked */
	double timer_us; /* preemption checks every timer_us; 0: at once */
	int demote_slices; /* ran this many slices: one level lower */
	bool wake_preempt; /* a waking task preempts a lower level at once */
	/* A task preempted for a higher level resumes first in its own
	 * (preemptive resume); else it rejoins the back, as shinjuku's do. */
	bool resume_first;
	double starve_us; /* waited this long: runs next; 0: no bound */
	/* No request is handed to a worker after this time (rocksdb_bench's
	 * drain limit); 0: no limit. */
	double handover_until;
	/* The window the utilization is measured over. */
	double window_start, window_end;
};

struct qsim_job {
	double arrival, service; /* in: µs */
	int cls; /* in: QSIM_GET or QSIM_RANGE */
	/* out: handed to a worker, finished; -1 if it never was. */
	double start, finish;
};

struct qsim_result {
	double busy_us; /* in the window: machine busy time (see qsim.c) */
	double end_us; /* when the last job finished */
	long preemptions; /* QSIM_QUEUES: tasks taken off a CPU unfinished */
	long demotions;
	long dispatches;
};

/* Presets of QSIM_QUEUES. */
void qsim_preset_fcfs(struct qsim_config *c);
void qsim_preset_rr(struct qsim_config *c, double slice_us, double timer_us);
/* Gets strictly first, preempting Ranges at once: the floor for Gets. */
void qsim_preset_prio(struct qsim_config *c);
/*
 * policies/shinjuku with the given options: workers at @worker_level,
 * Ranges at @range_level (rocksdb_bench --range-qos; -1: the workers').
 */
void qsim_preset_shinjuku(struct qsim_config *c, int levels, int worker_level,
			  int range_level, double slice_us, double timer_us,
			  int demote_slices, double starve_us);

/*
 * Runs @n jobs, sorted by arrival, under @cfg; fills their start and
 * finish.  Returns 0, or -1 if @cfg is invalid or memory runs out.
 */
int qsim_run(const struct qsim_config *cfg, struct qsim_job *jobs, int n,
	     struct qsim_result *res);

#endif
