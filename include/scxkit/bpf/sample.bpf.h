/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU occupants sampled when someone asks, instead of kept up to date
 * on every context switch.
 *
 * A policy that preempts (a preempt_check hook) or hooks running or
 * stopping gets the framework's running/stopping callbacks anyway, and
 * they keep scxkit_occupants exact (preempt.bpf.h): its preemption checks
 * need the exact start of each run.  Every other policy leaves both
 * callbacks unregistered, two BPF programs fewer on each context switch:
 * in make bench they were the largest part of what the framework cost
 * per switch over a bare two-callback FIFO.  For those policies the
 * launcher runs scxkit_sample_cpus (a syscall program, through
 * BPF_PROG_TEST_RUN) just before it reads the occupants for the stats or
 * the dashboard: it looks at what each CPU runs at that moment.
 *
 * Sampled, an occupant's `runs` is every context switch of its CPU
 * (rq->nr_switches), not only the ext tasks started there.
 */
#ifndef __SCXKIT_SAMPLE_BPF_H
#define __SCXKIT_SAMPLE_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/kernel_defs.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/hooks.bpf.h>
#include <scxkit/bpf/preempt.bpf.h>

/*
 * Does the policy have the running/stopping callbacks that keep the
 * occupants (ops.bpf.h registers them exactly then)?
 */
#define __SCXKIT_TRACKS_OCCUPANTS                         \
	(scxkit_hooks.running || scxkit_hooks.stopping || \
	 scxkit_hooks.preempt_check)

extern const struct rq runqueues __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

/*
 * Kernels before 7.0 (6.16, say) keep the task states in an enum of their
 * own, unshifted (SCX_TASK_ENABLED is 3 there); newer ones put them in
 * enum scx_ent_flags, shifted.  This local type names the old enum for a
 * CO-RE relocation (libbpf ignores the ___ suffix when matching).
 */
enum scx_task_state___scxkit_old {
	SCX_TASK_ENABLED___scxkit_old = 3,
};

/* Is @p scheduled by sched_ext now (its scx state is "enabled")? */
static __always_inline bool __scxkit_task_in_ext(struct task_struct *p)
{
	u64 mask = bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_STATE_MASK);
	u64 enabled;

	if (bpf_core_enum_value_exists(enum scx_ent_flags, SCX_TASK_ENABLED))
		enabled = bpf_core_enum_value(enum scx_ent_flags,
					      SCX_TASK_ENABLED);
	else
		enabled = bpf_core_enum_value(enum scx_task_state___scxkit_old,
					      SCX_TASK_ENABLED___scxkit_old)
			  << bpf_core_enum_value(enum scx_ent_flags,
						 SCX_TASK_STATE_SHIFT);
	return (BPF_CORE_READ(p, scx.flags) & mask) == enabled;
}

/* Fill @occ from @rq and its current task @p (NULL: none known). */
static __always_inline void __scxkit_sample_one(struct scxkit_occupant *occ,
						struct rq *rq,
						struct task_struct *p,
						bool trusted, u64 now)
{
	struct scxkit_task_ctx *tctx;
	u64 ran = 0;

	occ->runs = BPF_CORE_READ(rq, nr_switches);
	if (!p || (BPF_CORE_READ(p, flags) & PF_IDLE) ||
	    !__scxkit_task_in_ext(p)) {
		occ->pid = 0;
		return;
	}
	/* Both on the runqueue's clock: how long this run has lasted. */
	if (bpf_core_field_exists(p->sched_info.last_arrival)) {
		u64 clock = BPF_CORE_READ(rq, clock);
		u64 since = BPF_CORE_READ(p, sched_info.last_arrival);

		if (clock > since)
			ran = clock - since;
	}
	occ->started_ns = now > ran ? now - ran : now;
	occ->qos = 0;
	if (trusted) {
		tctx = scxkit_task_ctx(p);
		if (tctx)
			occ->qos = tctx->qos;
	}
	BPF_CORE_READ_STR_INTO(&occ->comm, p, comm);
	occ->pid = BPF_CORE_READ(p, pid);
}

/*
 * Run by the launcher before each read of the occupants; does nothing
 * for a policy whose callbacks keep them.
 */
SEC("syscall")
int scxkit_sample_cpus(void *ctx)
{
	u64 now = bpf_ktime_get_ns();
	s32 cpu;

	if (__SCXKIT_TRACKS_OCCUPANTS)
		return 0;
	bpf_rcu_read_lock();
	bpf_for(cpu, 0, SCXKIT_MAX_CPUS) {
		struct scxkit_occupant *occ = scxkit_occupant(cpu);
		struct rq *rq = bpf_per_cpu_ptr(&runqueues, cpu);
		struct task_struct *p;

		if (!rq || !occ)
			break;
		/* Newer kernels hand out the current task as trusted. */
		if (bpf_ksym_exists(scx_bpf_cpu_curr)) {
			p = scx_bpf_cpu_curr(cpu);
			__scxkit_sample_one(occ, rq, p, true, now);
		} else {
			p = BPF_CORE_READ(rq, curr);
			__scxkit_sample_one(occ, rq, p, false, now);
		}
	}
	bpf_rcu_read_unlock();
	return 0;
}

#endif /* __SCXKIT_SAMPLE_BPF_H */
