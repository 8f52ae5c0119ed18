/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Putting tasks in DSQs (scxkit_insert) without leaving a CPU idle while a
 * task it may run waits.
 *
 * A task put on a shared queue (a task queue, the global DSQ, any DSQ but
 * a CPU's local one) is found only when some CPU next asks for work
 * (ops.dispatch).  A busy CPU asks when its task stops; an idle one only
 * when something wakes it.  select_cpu sends a waking task straight to an
 * idle CPU, but a task queued any other way (its slice ended, the idle CPU
 * was taken in between, the policy queues every task) would wait for a
 * busy CPU while an idle one sleeps: the capacity a FIFO loses against CFS.
 *
 * So after queueing on a shared queue (scxkit_insert() into a shared DSQ,
 * the task-queue pushes, scxkit_vtime_insert()) the framework calls
 * __scxkit_queued_shared(): if a CPU the task may use is idle it counts
 * the near miss (wc_queued_idle), claims that CPU and wakes it
 * (wc_kicks); ops.running later adds how long the task still waited
 * (wc_wait_ns).  `scxkit run --idle-kick 0` only counts, which measures
 * what the kick saves.
 */
#ifndef __SCXKIT_WORK_BPF_H
#define __SCXKIT_WORK_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/compat.bpf.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>

/*
 * The periodic preemption scan (preempt.bpf.h) runs only while a task
 * waits somewhere: a scan finding nothing waiting leaves its timer
 * unarmed and marks it asleep, and queueing a task wakes it.  A policy
 * whose CPUs are all busy or all idle pays nothing for it.
 */
struct scxkit_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scxkit_timer);
} scxkit_timer_map SEC(".maps");

static u64 __scxkit_timer_interval_ns; /* 0: the policy has no scan */
static u32 __scxkit_scan_asleep; /* 1: the timer is not armed */

/* A task now waits: have the scan look within one interval. */
static __always_inline void __scxkit_scan_wake(void)
{
	struct scxkit_timer *t;
	u32 zero = 0;

	/* One read in the common case: awake, or no scan at all. */
	if (!__scxkit_scan_asleep ||
	    !__sync_bool_compare_and_swap(&__scxkit_scan_asleep, 1, 0))
		return;
	t = bpf_map_lookup_elem(&scxkit_timer_map, &zero);
	if (t)
		bpf_timer_start(&t->timer, __scxkit_timer_interval_ns, 0);
}

/* --idle-kick: wake an idle CPU for a queued task (1) or only count (0). */
const volatile u64 scxkit_idle_kick = 1;

/* Is a CPU @p may run on idle?  Looks only: claims nothing. */
static __always_inline bool __scxkit_idle_cpu_for(struct task_struct *p)
{
	const struct cpumask *idle = scx_bpf_get_idle_cpumask();
	bool found = bpf_cpumask_intersects(p->cpus_ptr, idle);

	scx_bpf_put_idle_cpumask(idle);
	return found;
}

/*
 * @p was just put on a shared queue (after the insertion, so that a CPU
 * going idle meanwhile finds it in ops.dispatch).
 */
static __always_inline void __scxkit_queued_shared(struct task_struct *p)
{
	struct scxkit_task_ctx *ctx;
	s32 cpu = -1;

	__scxkit_scan_wake();
	if (scxkit_idle_kick) {
		/* Claimed: a concurrent wake-up will not pick it too. */
		cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
		if (cpu < 0)
			return;
	} else if (!__scxkit_idle_cpu_for(p)) {
		return;
	}
	scxkit_count(SCXKIT_C_WC_QUEUED_IDLE);
	ctx = scxkit_task_ctx(p);
	if (ctx)
		ctx->wc_since = bpf_ktime_get_ns();
	if (cpu >= 0) {
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		scxkit_count(SCXKIT_C_WC_KICK);
	}
}

/* ops.running: @p (with @ctx) starts at @now; account a wait it began idle. */
static __always_inline void __scxkit_wc_running(struct scxkit_task_ctx *ctx,
						u64 now)
{
	if (!ctx->wc_since)
		return;
	if (now > ctx->wc_since)
		scxkit_count_n(SCXKIT_C_WC_WAIT_NS, now - ctx->wc_since);
	ctx->wc_since = 0;
}

/**
 * scxkit_insert - insert @p into DSQ @dsq_id and count the dispatch
 *
 * scx_bpf_dsq_insert(), counted in the stats; and when @dsq_id is a shared
 * DSQ, an idle CPU @p may use is woken to take it (see above).
 */
static __always_inline void scxkit_insert(struct task_struct *p, u64 dsq_id,
					  u64 slice_ns, u64 enq_flags)
{
	scxkit_compat_dsq_insert(p, dsq_id, slice_ns, enq_flags);
	scxkit_count(SCXKIT_C_DISPATCH);
	if (dsq_id == SCX_DSQ_LOCAL)
		return;
	if ((dsq_id & SCX_DSQ_LOCAL_ON) != SCX_DSQ_LOCAL_ON)
		__scxkit_queued_shared(p);
	else /* it may wait there for that CPU's task */
		__scxkit_scan_wake();
}

#endif /* __SCXKIT_WORK_BPF_H */
