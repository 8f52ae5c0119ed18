/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening, configuring, loading and attaching a policy's BPF object, and
 * reading its counters and exit record while it runs.  Functions that
 * return int return 0 or a negative errno, and say why through print.h.
 */
#ifndef __SCXKIT_LOADER_H
#define __SCXKIT_LOADER_H

#include <stdbool.h>

#include "map_in_map.h"
#include "policy_meta.h"
#include "stats.h"

struct bpf_object;
struct bpf_link;

struct loaded_policy {
	const struct scxkit_policy *policy;
	struct bpf_object *obj;
	struct bpf_link *link;
	int counters_fd;
	int exit_fd;
	int nr_cpus;
	struct map_in_map_plan deques; /* inner maps to create after load */
	unsigned int queue_capacity; /* entries per task-queue end */
	int tq_nr_fd; /* valid entries per task queue */
	int occupants_fd; /* per-CPU occupants */
	int sample_fd; /* the program that samples them */
	int qos_fd; /* the QoS table */
	int qos_regions_fd; /* its shared regions, and their */
	int qos_gen_fd; /* generations (qos.bpf.h) */
};

/* loader__open - open @p's object; options can be set until loader__load. */
int loader__open(struct loaded_policy *lp, const struct scxkit_policy *p);

/*
 * loader__check_cpus - 0 if @nr_cpus possible CPUs fit the framework's
 * per-CPU tables (SCXKIT_MAX_CPUS); else says so (print.h) and returns
 * -E2BIG: refused at load, not truncated.  loader__open() checks it.
 */
int loader__check_cpus(int nr_cpus);

/* loader__has_rodata - does the object have `const volatile` @name? */
bool loader__has_rodata(struct loaded_policy *lp, const char *name);

/* loader__set_rodata - set `const volatile` variable @name before load. */
int loader__set_rodata(struct loaded_policy *lp, const char *name, __u64 value);

/* loader__add_ops_flags - OR SCX_OPS_* @flags into the ops before load. */
int loader__add_ops_flags(struct loaded_policy *lp, __u64 flags);

/* loader__set_ops_u32 - set u32 member @name (e.g. timeout_ms) of the ops. */
int loader__set_ops_u32(struct loaded_policy *lp, const char *name,
			__u32 value);

/*
 * loader__register_op - before load: have the kernel call program
 * @prog_name for callback @op (e.g. "dispatch") even if the policy left
 * it unregistered (SCXKIT_DEFINE_OPS).  Needs libbpf >= 1.4.
 */
int loader__register_op(struct loaded_policy *lp, const char *op,
			const char *prog_name);

/*
 * loader__reuse_qos - before loader__load: take over the QoS table, its
 * shared regions and their generations (fds of a previous load of the
 * same policy, -1 to skip one), so that a restarted policy keeps what
 * applications marked and the regions they have mapped stay live.
 */
int loader__reuse_qos(struct loaded_policy *lp, int qos_fd, int regions_fd,
		      int gen_fd);

/* loader__load - verify and load the programs and maps. */
int loader__load(struct loaded_policy *lp);

/* loader__attach - register the struct_ops: the scheduler takes over. */
int loader__attach(struct loaded_policy *lp);

/* loader__read_counters - sum the per-CPU counters into @snap->c. */
int loader__read_counters(struct loaded_policy *lp,
			  struct stats_snapshot *snap);

/*
 * loader__read_snapshot - counters, queue depths and per-CPU occupants
 * into @snap (time_s is the caller's).
 */
int loader__read_snapshot(struct loaded_policy *lp,
			  struct stats_snapshot *snap);

/* loader__read_exit - copy the exit record; @ei->kind is 0 while running. */
int loader__read_exit(struct loaded_policy *lp, struct scxkit_exit_info *ei);

/* loader__destroy - detach (if attached) and free everything. */
void loader__destroy(struct loaded_policy *lp);

#endif
