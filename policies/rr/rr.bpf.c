/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rr - round robin with microsecond time slices.
 *
 * One global queue, as in fifo, but a task's turn ends after --slice-us of
 * running whenever another task is waiting, checked every --timer-us by the
 * framework's preemption timer (the scheduler tick alone only ends slices
 * at tick granularity, 4 ms here).  A preempted task goes to the back of
 * the queue.  A task running alone is never interrupted.
 *
 * It is the smallest policy that uses the timer and the per-CPU occupants;
 * shinjuku adds QoS levels on top of the same mechanism.
 */
#include <scxkit/scxkit.bpf.h>

SCXKIT_OPT(slice_us, 1000, 20, 1000000, "time slice in microseconds");
SCXKIT_OPT(timer_us, 250, 20, 100000,
	   "preemption timer period in microseconds");
SCXKIT_COUNTER(turns_extended, 0,
	       "slices over but nobody waiting: the task ran on");

static void rr_enqueue(struct task_struct *p, u64 enq_flags)
{
	/* Nobody waits and a CPU idles: no turn to wait for. */
	if (!scxkit_tq_run_idle(p, 0, SCX_SLICE_DFL, enq_flags))
		scxkit_tq_push_back(p, 0, enq_flags);
}

static void rr_dispatch(s32 cpu, struct task_struct *prev)
{
	/* The timer ends turns, so the kernel's slice only backs it up. */
	scxkit_tq_dispatch(0, SCX_DSQ_LOCAL, SCX_SLICE_DFL);
}

static u32 rr_preempt_check(s32 cpu, struct scxkit_occupant *occ, u64 now)
{
	if (now - occ->started_ns < slice_us * 1000)
		return SCXKIT_NO_PREEMPT;
	if (!scxkit_tq_nr_queued(0) && !scxkit_cpu_nr_waiting(cpu)) {
		scxkit_count(SCXKIT_CTR(turns_extended));
		return SCXKIT_NO_PREEMPT;
	}
	return SCXKIT_PREEMPT_SLICE;
}

static s32 rr_init(void)
{
	return scxkit_preempt_timer_start(timer_us * 1000);
}

SCXKIT_POLICY(rr, "round robin, microsecond slices ended by a BPF timer", 0,
	      .enqueue = rr_enqueue, .dispatch = rr_dispatch,
	      .preempt_check = rr_preempt_check, .init = rr_init);
