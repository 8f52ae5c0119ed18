/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning counter snapshots into the launcher's stats line, its JSON lines
 * and its scx_stats replies (with the stats_meta that describes them).
 * Pure functions of their inputs, so they are unit-tested without BPF.
 */
#ifndef __SCXKIT_STATS_H
#define __SCXKIT_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "policy_meta.h"

/* One CPU's occupant as the stats show it. */
struct stats_cpu {
	int pid; /* 0: no ext task running */
	unsigned int qos;
	/* What set qos (qos_server__level_of), "" if the policy has none. */
	char qos_by[16];
	double run_ms; /* how long the current run has lasted */
	__u64 runs;
	__u64 kicks;
	char comm[16];
};

struct stats_snapshot {
	double time_s; /* since attach */
	__u64 c[SCXKIT_MAX_COUNTERS];
	int nr_queues; /* task queues the policy uses */
	__s64 depth[SCXKIT_MAX_QUEUES]; /* valid tasks in each */
	int nr_cpus;
	struct stats_cpu cpus[SCXKIT_MAX_CPUS];
};

/* stats__counter_name - JSON/line name of counter @idx, NULL if unused. */
const char *stats__counter_name(const struct scxkit_policy *p, int idx);

/* stats__counter_help - what counter @idx counts, NULL if unused. */
const char *stats__counter_help(const struct scxkit_policy *p, int idx);

/*
 * stats__per_second - the rate of a total that went from @before to @now
 * in @dt seconds; 0 when it cannot be one (no time passed, the total
 * went down: a restart).  Every rate scxkit shows comes from here.
 */
double stats__per_second(double now, double before, double dt);

/* The widest line of stats__format_line()'s text, in columns. */
#define STATS_LINE_COLS 100

/*
 * stats__format_line - the human text of one sample: totals and
 * per-second rates between @prev and @cur, in lines of at most
 * STATS_LINE_COLS columns joined by '\n' (the first names the policy and
 * the framework's rates; the others start with two spaces).  Returns the
 * length written (truncated to @len).
 */
int stats__format_line(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len);

/*
 * What only the running launcher knows, for the scx_stats reply: how the
 * scheduler was started and the traffic of its QoS socket.
 */
struct stats_launcher {
	int pid;
	bool partial;
	const char *kernel_state; /* /sys/kernel/sched_ext/state */
	const __u64 *opt_value; /* p->nr_opts values */
	__u64 restarts;
	__u64 qos_requests, qos_denied, qos_regions, qos_regions_given;
	__u64 qos_binds, qos_turned_away, qos_dropped_idle;
};

/*
 * The reply follows scx_stats' schema conventions, so that generic tools
 * (sched-ext's scxstats_to_openmetrics.py, `scxkit stats --openmetrics`)
 * read it from stats_meta alone: one flat top struct whose numbers are
 * named fields (every counter is one), and rows only as dicts of structs
 * (queues by index, CPUs by number, options by name) whose struct names
 * the row's label (_om_label).  These are the members that are not
 * counters; a counter that would take one of the names is left out of the
 * reply (the stats line still shows it).  Readers such as the dashboard
 * take every other top-level number for a counter.
 */
static inline bool stats__fixed_field(const char *name)
{
	static const char *const fixed[] = {
		"type", /* JSON lines only */
		"policy",
		"time_s",
		"launcher_pid",
		"mode",
		"kernel_state",
		"restarts",
		"qos_requests",
		"qos_denied",
		"qos_regions",
		"qos_regions_given",
		"qos_binds",
		"qos_turned_away",
		"qos_dropped_idle",
		"queues",
		"cpus",
		"options",
		"rates", /* JSON lines only */
	};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!strcmp(name, fixed[i]))
			return true;
	return false;
}

/*
 * stats__counter_field - the reply's field name for counter @idx, NULL if
 * the slot is unused or its name is no metric name ([a-zA-Z_][a-zA-Z0-9_]*),
 * a fixed field's or an earlier counter's.
 */
const char *stats__counter_field(const struct scxkit_policy *p, int idx);

/*
 * stats__json_body - the stats of @cur as one JSON object: policy, time_s,
 * each counter, then with @l (the scx_stats reply) the launcher's fields,
 * then queues {"0":{"depth":N},...}, cpus {"0":{"pid":...},...} and with
 * @l options {"name":{"value":N},...}.  A new reference; NULL only
 * without memory.
 */
json_t *stats__json_body(const struct scxkit_policy *p,
			 const struct stats_snapshot *cur,
			 const struct stats_launcher *l);

/*
 * stats__format_json - the `scxkit run --json` line: {"type":"stats", the
 * members of stats__json_body() without a launcher, and "rates" (per
 * second between @prev, which may be NULL, and @cur, by counter name)}, no
 * newline.  Returns its length, or -1 ("" in @buf) if it does not fit.
 */
int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len);

/*
 * stats__json_meta - the scx_stats "stats_meta" reply for @p: the structs
 * scxkit_stats (top), scxkit_queue, scxkit_cpu and scxkit_option, with
 * the user attributes _om_prefix, _om_label, _om_skip and, on fields that
 * only grow, _om_type "counter".  A new reference.
 */
json_t *stats__json_meta(const struct scxkit_policy *p);

/*
 * stats__format_meta - stats__json_meta() as text.  Returns its length,
 * or -1 if it does not fit.
 */
int stats__format_meta(const struct scxkit_policy *p, char *buf, size_t len);

#endif
