/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtime.bpf.h - weighted virtual time: fair CPU shares that follow nice.
 *
 * For policies that keep their waiting tasks in one DSQ ordered by virtual
 * time (scx_bpf_dsq_insert_vtime()); policies/vtime is the plain example,
 * policies/nest uses it under its own CPU placement.  Include it after
 * <scxkit/scxkit.bpf.h> and call each piece from the hook of its name:
 *
 *	init_task  scxkit_vtime_init_task(p)      (returns 0 or -ENOMEM)
 *	enable     scxkit_vtime_enable(p)
 *	enqueue    scxkit_vtime_insert(p, dsq, slice_ns, enq_flags)
 *	dispatch   scxkit_vtime_dispatch(dsq, prev, slice_ns)
 *	running    scxkit_vtime_running(p)
 *	stopping   scxkit_vtime_charge(p, slice_ns)
 *
 * The rules: a task that ran for t ns of CPU time is charged
 * t * 100 / p->scx.weight (the kernel's weight: 100 at nice 0, 1..10000);
 * the waiting task with the smallest virtual time runs next; a task
 * entering the queue (or starting another slice) with a virtual time more
 * than one slice behind the global one (the largest a task had when it
 * started to run) is raised to that, so a long sleep banks at most one
 * slice of credit.
 *
 * And a bound: a task's virtual time never runs more than
 * SCXKIT_VTIME_MAX_LEAD slices ahead of the global one.  Without it a
 * nice-19 task (weight 1) is charged 100 slices for each slice it runs and
 * then waits for every other task to catch up: beside a nice -20 hog and
 * stress-ng it sat runnable for 21 s, and the kernel's RCU stall detector
 * (21 s) ejected the policy; sched_ext's watchdog allows 30 s at most.  So
 * weight ratios beyond 16:1 (nice 0 against nice 14 or weaker) act as 16:1.
 *
 * One kernel detail shapes scxkit_vtime_dispatch(): a CPU whose task used
 * up its slice calls ops.dispatch while that task (prev) is still its own,
 * before ops.stopping and ops.enqueue put it back in the queue.  A dispatch
 * that simply takes the queue's head therefore always switches to another
 * task, and two tasks sharing a CPU just alternate, whatever their weights
 * (measured: 50/50 between nice 0 and nice 10).  So prev is charged right
 * there and runs on while no waiting task has a smaller virtual time.
 */
#ifndef __SCXKIT_VTIME_BPF_H
#define __SCXKIT_VTIME_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/compat.bpf.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/work.bpf.h>

/* Slices a task's virtual time may run ahead of the global one. */
#define SCXKIT_VTIME_MAX_LEAD 16

/* Per task: its CPU time (se.sum_exec_runtime) when last charged. */
struct scxkit_vtime_task {
	u64 exec_charged;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct scxkit_vtime_task);
} scxkit_vtime_tasks SEC(".maps");

/* The largest virtual time a task had when it started to run. */
static u64 __scxkit_vtime_now;

/** scxkit_vtime_before - is @a earlier than @b?  Right across u64 wraps. */
static __always_inline bool scxkit_vtime_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/*
 * Racy across CPUs, and that is fine: a lost update leaves the global
 * virtual time a little behind, which only loosens the sleeper clamp.
 */
static __always_inline void __scxkit_vtime_advance(struct task_struct *p)
{
	if (scxkit_vtime_before(__scxkit_vtime_now, p->scx.dsq_vtime))
		__scxkit_vtime_now = p->scx.dsq_vtime;
}

static __always_inline s32 scxkit_vtime_init_task(struct task_struct *p)
{
	if (!bpf_task_storage_get(&scxkit_vtime_tasks, p, NULL,
				  BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -ENOMEM;
	return 0;
}

/** scxkit_vtime_enable - a task joining the policy starts at global time. */
static __always_inline void scxkit_vtime_enable(struct task_struct *p)
{
	p->scx.dsq_vtime = __scxkit_vtime_now;
}

/*
 * scxkit_vtime_charge - add @p's CPU time since the last charge, scaled by
 * its weight, to its virtual time, but no further than
 * SCXKIT_VTIME_MAX_LEAD slices of @slice_ns beyond the global time.  CPU
 * time, not slice given minus slice left: the kernel refills the slice of a
 * task that keeps its CPU without a stop, so what is left can exceed what
 * was given.
 */
static __always_inline void scxkit_vtime_charge(struct task_struct *p,
						u64 slice_ns)
{
	u64 exec = p->se.sum_exec_runtime, vtime = p->scx.dsq_vtime, ceiling;
	struct scxkit_vtime_task *t;

	t = bpf_task_storage_get(&scxkit_vtime_tasks, p, NULL, 0);
	if (!t)
		return;
	if (exec > t->exec_charged)
		vtime += (exec - t->exec_charged) * 100 / p->scx.weight;
	t->exec_charged = exec;
	ceiling = __scxkit_vtime_now + SCXKIT_VTIME_MAX_LEAD * slice_ns;
	if (scxkit_vtime_before(ceiling, vtime))
		vtime = ceiling;
	p->scx.dsq_vtime = vtime;
}

/** scxkit_vtime_running - @p starts a run: note it, move global time. */
static __always_inline void scxkit_vtime_running(struct task_struct *p)
{
	struct scxkit_vtime_task *t;

	t = bpf_task_storage_get(&scxkit_vtime_tasks, p, NULL, 0);
	if (t)
		t->exec_charged = p->se.sum_exec_runtime;
	__scxkit_vtime_advance(p);
}

/*
 * @vtime, raised to the sleeper floor (one slice behind global time) if it
 * is below; *@clamped says whether it was.
 */
static __always_inline u64 __scxkit_vtime_floored(u64 vtime, u64 slice_ns,
						  bool *clamped)
{
	u64 floor = __scxkit_vtime_now - slice_ns;

	*clamped = scxkit_vtime_before(vtime, floor);
	return *clamped ? floor : vtime;
}

/*
 * scxkit_vtime_insert - queue @p in vtime-ordered @dsq_id for @slice_ns.
 * Returns true if its virtual time was raised to the sleeper floor.
 * Counts the insertion as a dispatch.
 */
static __always_inline bool scxkit_vtime_insert(struct task_struct *p,
						u64 dsq_id, u64 slice_ns,
						u64 enq_flags)
{
	bool clamped;
	u64 vtime =
		__scxkit_vtime_floored(p->scx.dsq_vtime, slice_ns, &clamped);

	scxkit_compat_dsq_insert_vtime(p, dsq_id, slice_ns, vtime, enq_flags);
	__scxkit_queued_shared(p);
	scxkit_count(SCXKIT_C_DISPATCH);
	return clamped;
}

/* Does a task wait in @dsq_id with a virtual time before @vtime? */
static __always_inline bool __scxkit_vtime_head_before(u64 dsq_id, u64 vtime)
{
	struct task_struct *p;
	bool before = false;

	/* A vtime DSQ iterates in vtime order: the first task is enough. */
	bpf_for_each(scx_dsq, p, dsq_id, 0) {
		before = scxkit_vtime_before(p->scx.dsq_vtime, vtime);
		break;
	}
	return before;
}

/*
 * scxkit_vtime_dispatch - fill this CPU from @dsq_id: @prev runs on for
 * another @slice_ns if it is still runnable and no waiting task has a
 * smaller virtual time, else the earliest waiting task moves here.  Returns
 * true if the CPU has a task.
 *
 * prev gets the sleeper floor too, as if it had been queued: a task that
 * keeps its CPU is never queued, and without the floor its virtual time
 * could fall far behind that of tasks queued since, which would then wait
 * for it to catch up.
 */
static __always_inline bool
scxkit_vtime_dispatch(u64 dsq_id, struct task_struct *prev, u64 slice_ns)
{
	bool clamped;

	if (prev && (prev->scx.flags & SCX_TASK_QUEUED)) {
		scxkit_vtime_charge(prev, slice_ns);
		prev->scx.dsq_vtime = __scxkit_vtime_floored(
			prev->scx.dsq_vtime, slice_ns, &clamped);
		if (!__scxkit_vtime_head_before(dsq_id, prev->scx.dsq_vtime)) {
			prev->scx.slice = slice_ns;
			__scxkit_vtime_advance(prev);
			return true;
		}
	}
	return scxkit_compat_dsq_move_to_local(dsq_id);
}

#endif /* __SCXKIT_VTIME_BPF_H */
