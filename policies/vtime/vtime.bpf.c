/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtime - weighted fair sharing by virtual time.
 *
 * Every task has a virtual time (p->scx.dsq_vtime): the CPU time it has
 * used, divided by its weight.  All waiting tasks sit in one shared queue
 * ordered by virtual time, and a CPU that needs work takes the task with
 * the smallest one, for at most one slice (--slice-us).  A task that ran
 * for t ns is charged t * 100 / weight, where weight is the kernel's
 * p->scx.weight (100 at nice 0, about 11 at nice 10, 1 to 10000): so over
 * time CPU time splits in proportion to the weights, and nice values mean
 * what they mean under the kernel's fair class (nice 0 against nice 10 on
 * one CPU: about 90% / 10%).
 *
 * Sleepers.  A task that slept has a small virtual time; left alone it
 * would, on waking, run until it had caught up with the others, starving
 * them for as long as it slept.  So a waking task's virtual time is raised
 * to at least the global virtual time (the largest any task had when it
 * started running) minus one slice: it runs soon, but cannot bank more
 * than one slice of credit (vtime_clamps counts these).  New tasks start
 * at the global virtual time.
 *
 * Turns.  A task whose slice is over keeps its CPU for another slice if
 * no waiting task has a smaller virtual time; the kernel asks for the next
 * task before it puts the old one back in the queue, so without this check
 * two tasks on one CPU would merely alternate (see vtime.bpf.h).
 *
 * Bound.  A task's virtual time never runs more than 16 slices ahead of
 * the global one, so weight ratios beyond 16:1 act as 16:1: true
 * proportions would leave a nice-19 task beside busy nice -20 tasks
 * runnable for longer than the kernel tolerates (see vtime.bpf.h).
 *
 * Placement.  A task waking while a CPU sits idle goes straight to that
 * CPU (the kernel's idle pick, preferring its previous CPU), bypassing the
 * queue as fifo does: nobody waits, so there is nothing to be fair about.
 *
 * It is upstream scx_simple's weighted mode in the scxkit framework; the
 * virtual-time rules live in <scxkit/bpf/vtime.bpf.h>, which nest shares.
 */
#include <scxkit/scxkit.bpf.h>
#include <scxkit/bpf/vtime.bpf.h>

SCXKIT_OPT(slice_us, 20000, 100, 1000000, "time slice in microseconds");
SCXKIT_COUNTER(vtime_clamps, 0,
	       "queued tasks whose banked credit was cut to one slice");

#define VTIME_DSQ 0

static s32 vtime_select_cpu(struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle) {
		scxkit_insert(p, SCX_DSQ_LOCAL, slice_us * 1000, 0);
		scxkit_count(SCXKIT_C_DIRECT);
	}
	return cpu;
}

static void vtime_enqueue(struct task_struct *p, u64 enq_flags)
{
	if (scxkit_vtime_insert(p, VTIME_DSQ, slice_us * 1000, enq_flags))
		scxkit_count(SCXKIT_CTR(vtime_clamps));
}

static void vtime_dispatch(s32 cpu, struct task_struct *prev)
{
	scxkit_vtime_dispatch(VTIME_DSQ, prev, slice_us * 1000);
}

static void vtime_running(struct task_struct *p)
{
	scxkit_vtime_running(p);
}

static void vtime_stopping(struct task_struct *p, bool runnable)
{
	scxkit_vtime_charge(p, slice_us * 1000);
}

static void vtime_enable(struct task_struct *p)
{
	scxkit_vtime_enable(p);
}

static s32 vtime_init_task(struct task_struct *p,
			   struct scx_init_task_args *args)
{
	return scxkit_vtime_init_task(p);
}

static s32 vtime_init(void)
{
	return scx_bpf_create_dsq(VTIME_DSQ, -1);
}

SCXKIT_POLICY(vtime, "weighted fair shares by virtual time: nice values count",
	      0, .select_cpu = vtime_select_cpu, .enqueue = vtime_enqueue,
	      .dispatch = vtime_dispatch, .running = vtime_running,
	      .stopping = vtime_stopping, .enable = vtime_enable,
	      .init_task = vtime_init_task, .init = vtime_init);
