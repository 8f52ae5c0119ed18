/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing `scxkit run POLICY [options]`: framework and policy options. */
#ifndef __SCXKIT_RUN_OPTIONS_H
#define __SCXKIT_RUN_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "policy_meta.h"

struct run_options {
	const struct scxkit_policy *policy;
	bool help;
	bool partial; /* only tasks that chose SCHED_EXT */
	bool quiet; /* no periodic stats line */
	bool json; /* stats and exit as JSON lines on stdout */
	bool verbose; /* libbpf debug output */
	bool tui; /* the dashboard instead of stats lines */
	bool check_only; /* --check-options: parse, then exit */
	double duration; /* seconds; 0 runs until a signal */
	__u64 interval_ms; /* between stats lines */
	/* Fault injection; 0: off.  Counts of enqueues (see the usage). */
	__u64 fault_error_after; /* scx_bpf_error() at the Nth */
	__u64 fault_stall_after; /* the Nth task is never dispatched */
	__u64 fault_loop_after; /* dispatch loops without dispatching */
	__u64 queue_capacity; /* entries per task-queue end */
	__u64 watchdog_ms; /* 0: the kernel's default (30 s) */
	__u64 idle_kick; /* 1: wake an idle CPU for a queued task */
	char stats_socket[108]; /* scx_stats socket path; "" for none */
	char qos_rules[256]; /* QoS rules file; "" for none */
	__u64 opt_value[SCXKIT_MAX_OPTS];
};

/*
 * run_options__parse - parse the arguments after the policy name.
 *
 * @argv holds @argc arguments (not including "run" and the policy name).
 * Policy options start from their defaults.  Returns 0, or -1 with a
 * one-line reason in @err.  Accepts --opt VALUE and --opt=VALUE; in option
 * names '-' and '_' are the same.
 */
int run_options__parse(struct run_options *o, const struct scxkit_policy *p,
		       int argc, char **argv, char *err, size_t errlen);

/*
 * run_options__usage - `scxkit run POLICY --help` text for @p.  With
 * @in_tree (the launcher runs from its build folder) it names the
 * policy's source file, else the man page that describes the policy.
 */
void run_options__usage(FILE *out, const struct scxkit_policy *p, bool in_tree);

/*
 * run_options__parse_u64 - strict unsigned decimal (or 0x hex) parse of @s into @v.
 * Rejects empty strings, signs, trailing junk and overflow.
 */
int run_options__parse_u64(const char *s, __u64 *v);

#endif
