/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fifo - one global first-in, first-out queue.
 *
 * Every runnable task goes to the back of the kernel's global queue
 * (SCX_DSQ_GLOBAL); a CPU that needs work takes the task at the front and
 * runs it for one slice (--slice-us).  A task waking up while a CPU sits
 * idle goes straight to that CPU (the framework's default select_cpu),
 * and one queued while a CPU it may use idles wakes that CPU
 * (scxkit_insert()).  There are no priorities and no preemption beyond
 * the slice: simple, fair in arrival order, and the template to copy when
 * writing a new policy.
 *
 * The kernel serves the global queue by itself, so fifo needs no
 * dispatch hook: the fewer callbacks a policy gives, the fewer BPF
 * programs run on each context switch.  A policy that orders tasks
 * itself keeps them in task queues and gives a dispatch hook (see rr,
 * boost or shinjuku).
 */
#include <scxkit/scxkit.bpf.h>

SCXKIT_OPT(slice_us, 20000, 50, 1000000, "time slice in microseconds");

static void fifo_enqueue(struct task_struct *p, u64 enq_flags)
{
	scxkit_insert(p, SCX_DSQ_GLOBAL, slice_us * 1000, enq_flags);
}

SCXKIT_POLICY(fifo, "one global FIFO queue; the template for new policies", 0,
	      .enqueue = fifo_enqueue);
