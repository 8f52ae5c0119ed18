/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning counter snapshots into the launcher's stats line and JSON lines.
 * Pure functions of their inputs, so they are unit-tested without BPF.
 */
#ifndef __SCXKIT_STATS_H
#define __SCXKIT_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "policy_meta.h"

/* One CPU's occupant as the stats show it. */
struct stats_cpu {
	int pid;	/* 0: no ext task running */
	unsigned int qos;
	double run_ms;	/* how long the current run has lasted */
	__u64 runs;
	__u64 kicks;
	char comm[16];
};

struct stats_snapshot {
	double time_s; /* since attach */
	__u64 c[SCXKIT_MAX_COUNTERS];
	int nr_queues;			 /* task queues the policy uses */
	__s64 depth[SCXKIT_MAX_QUEUES];	 /* valid tasks in each */
	int nr_cpus;
	struct stats_cpu cpus[SCXKIT_MAX_CPUS];
};

/* stats__counter_name - JSON/line name of counter @idx, NULL if unused. */
const char *stats__counter_name(const struct scxkit_policy *p, int idx);

/* stats__counter_help - what counter @idx counts, NULL if unused. */
const char *stats__counter_help(const struct scxkit_policy *p, int idx);

/*
 * stats__format_line - one human line: totals and per-second rates between
 * @prev and @cur.  Returns the length written (truncated to @len).
 */
int stats__format_line(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf,
		       size_t len);

/*
 * stats__format_json - the same as one JSON object, {"type":"stats", then
 * the members of stats__json_body()}, no newline.  Returns its length, or
 * -1 ("" in @buf) if it does not fit.
 */
int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf,
		       size_t len);

/*
 * stats__json_body - the JSON object describing @cur: policy, time_s,
 * counters, rates (per second since @prev, which may be NULL), queues,
 * cpus; for the JSON line and the scx_stats reply alike.  A new
 * reference; NULL only without memory.
 */
json_t *stats__json_body(const struct scxkit_policy *p,
			 const struct stats_snapshot *prev,
			 const struct stats_snapshot *cur);

/*
 * stats__json_run - how the scheduler was started: launcher pid, mode,
 * the kernel's sched_ext state and the value of every policy option
 * (@opt_value, p->nr_opts entries).  A new reference.
 */
json_t *stats__json_run(const struct scxkit_policy *p, const __u64 *opt_value,
			bool partial, int launcher_pid,
			const char *kernel_state);

/*
 * stats__format_meta - the scx_stats "stats_meta" reply body for @p.
 * Returns its length, or -1 if it does not fit.
 */
int stats__format_meta(const struct scxkit_policy *p, char *buf, size_t len);

#endif
