/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel functions (kfuncs) the framework and the built-in policies
 * call, declared here so that a vmlinux.h with types only builds: bpftool
 * writes kfunc prototypes into the vmlinux.h it dumps, other generators
 * and older bpftool do not.  When vmlinux.h has them too, these are
 * redeclarations with the very same types, which C allows.  Each is
 * __weak: a kfunc the running kernel lacks resolves to 0, which
 * bpf_ksym_exists() tests (compat.bpf.h).
 *
 * The types are the kernel's as of sched_ext in 6.13 and later.  A kernel
 * whose vmlinux.h declares one differently fails to compile here with
 * both declarations named; the kernel's is then the one to follow.
 * bpf_for()'s iterator kfuncs come from libbpf's bpf_helpers.h.  A new
 * kfunc call in include/ or policies/ gets its line here
 * (tests/host/check_kfuncs.sh compiles everything without vmlinux.h's).
 */
#ifndef __SCXKIT_KFUNCS_BPF_H
#define __SCXKIT_KFUNCS_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

/* Dispatch queues */
extern s32 scx_bpf_create_dsq(u64 dsq_id, s32 node) __weak __ksym;
extern void scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice,
			       u64 enq_flags) __weak __ksym;
extern void scx_bpf_dsq_insert_vtime(struct task_struct *p, u64 dsq_id,
				     u64 slice, u64 vtime,
				     u64 enq_flags) __weak __ksym;
extern bool scx_bpf_dsq_move_to_local(u64 dsq_id) __weak __ksym;
extern s32 scx_bpf_dsq_nr_queued(u64 dsq_id) __weak __ksym;
extern u32 scx_bpf_dispatch_nr_slots(void) __weak __ksym;
extern int bpf_iter_scx_dsq_new(struct bpf_iter_scx_dsq *it, u64 dsq_id,
				u64 flags) __weak __ksym;
extern struct task_struct *
bpf_iter_scx_dsq_next(struct bpf_iter_scx_dsq *it) __weak __ksym;
extern void bpf_iter_scx_dsq_destroy(struct bpf_iter_scx_dsq *it) __weak __ksym;

/* CPUs: choosing, waking, idle state */
extern s32 scx_bpf_select_cpu_dfl(struct task_struct *p, s32 prev_cpu,
				  u64 wake_flags, bool *is_idle) __weak __ksym;
extern s32 scx_bpf_pick_idle_cpu(const struct cpumask *cpus_allowed,
				 u64 flags) __weak __ksym;
extern s32 scx_bpf_pick_any_cpu(const struct cpumask *cpus_allowed,
				u64 flags) __weak __ksym;
extern bool scx_bpf_test_and_clear_cpu_idle(s32 cpu) __weak __ksym;
extern const struct cpumask *scx_bpf_get_idle_cpumask(void) __weak __ksym;
extern void
scx_bpf_put_idle_cpumask(const struct cpumask *idle_mask) __weak __ksym;
extern void scx_bpf_kick_cpu(s32 cpu, u64 flags) __weak __ksym;
extern u32 scx_bpf_nr_cpu_ids(void) __weak __ksym;
extern s32 scx_bpf_task_cpu(const struct task_struct *p) __weak __ksym;
extern s32 scx_bpf_cpu_node(s32 cpu) __weak __ksym;
extern struct task_struct *scx_bpf_cpu_curr(s32 cpu) __weak __ksym;
extern bool bpf_cpumask_test_cpu(u32 cpu,
				 const struct cpumask *cpumask) __weak __ksym;
extern bool bpf_cpumask_intersects(const struct cpumask *src1,
				   const struct cpumask *src2) __weak __ksym;

/* Errors */
extern void scx_bpf_error_bstr(char *fmt, unsigned long long *data,
			       u32 data__sz) __weak __ksym;

/* Tasks and RCU */
extern struct task_struct *bpf_task_from_pid(s32 pid) __weak __ksym;
extern void bpf_task_release(struct task_struct *p) __weak __ksym;
extern void bpf_rcu_read_lock(void) __weak __ksym;
extern void bpf_rcu_read_unlock(void) __weak __ksym;

#endif /* __SCXKIT_KFUNCS_BPF_H */
