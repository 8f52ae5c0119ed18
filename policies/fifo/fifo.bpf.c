/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fifo - one global first-in, first-out queue.
 *
 * Every runnable task goes to the back of one shared queue; any CPU that
 * needs work takes the task at the front and runs it for one slice
 * (--slice-us).  A task waking up while a CPU sits idle goes straight to
 * that CPU (the framework's default select_cpu), and so does one queued
 * while the queue is empty and a CPU idles (scxkit_tq_run_idle(): a
 * pinned thread's wake-up skips select_cpu).  There are no priorities
 * and no preemption beyond the slice: simple, fair in arrival order, and
 * the template to copy when writing a new policy.
 */
#include <scxkit/scxkit.bpf.h>

SCXKIT_OPT(slice_us, 20000, 50, 1000000, "time slice in microseconds");

static void fifo_enqueue(struct task_struct *p, u64 enq_flags)
{
	/* Nobody waits and a CPU idles: no need to queue. */
	if (!scxkit_tq_run_idle(p, 0, slice_us * 1000, enq_flags))
		scxkit_tq_push_back(p, 0, enq_flags);
}

static void fifo_dispatch(s32 cpu, struct task_struct *prev)
{
	scxkit_tq_dispatch(0, SCX_DSQ_LOCAL, slice_us * 1000);
}

SCXKIT_POLICY(fifo, "one global FIFO queue; the template for new policies", 0,
	      .enqueue = fifo_enqueue,
	      .dispatch = fifo_dispatch);
