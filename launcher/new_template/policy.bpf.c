/* SPDX-License-Identifier: GPL-2.0 */
/*
 * @NAME@ - a sched_ext policy built on scxkit, started by `scxkit new`.
 *
 * Two first-in, first-out queues.  Threads whose application asked for
 * QoS level 1 or more through <scxkit/qos.h> wait in the "qos" queue,
 * all other tasks in the "other" queue.  A CPU that needs work takes
 * from the qos queue first, but every --share-th turn goes to the other
 * queue first, so busy QoS threads cannot starve the rest (the kernel's
 * watchdog would eject the policy if a task waited too long).
 *
 * Build it with `make` (see the Makefile beside this file), start it
 * with `sudo scxkit run ./@NAME@.bpf.o`; `scxkit run ./@NAME@.bpf.o
 * --help` lists the options below.  scxkit-policy(7) describes the
 * hooks and helpers; policies/ in the scxkit sources has more examples.
 */
#include <scxkit/scxkit.bpf.h>

#define QOS_QUEUE 0
#define OTHER_QUEUE 1

SCXKIT_OPT(slice_us, 5000, 50, 1000000, "time slice in microseconds");
SCXKIT_OPT(share, 4, 1, 1000,
	   "every N-th turn serves the other queue first");
SCXKIT_COUNTER(qos_runs, 0, "tasks run from the qos queue");
SCXKIT_COUNTER(other_runs, 1, "tasks run from the other queue");

static u64 turns; /* dispatch turns so far, over all CPUs */

/* Try @first, then @second; count which one gave a task. */
static bool run_from(u32 first, u32 second, u64 slice_ns)
{
	u32 q = first;

	if (!scxkit_tq_dispatch(q, SCX_DSQ_LOCAL, slice_ns)) {
		q = second;
		if (!scxkit_tq_dispatch(q, SCX_DSQ_LOCAL, slice_ns))
			return false;
	}
	if (q == QOS_QUEUE)
		scxkit_count(SCXKIT_CTR(qos_runs));
	else
		scxkit_count(SCXKIT_CTR(other_runs));
	return true;
}

static void @NAME@_enqueue(struct task_struct *p, u64 enq_flags)
{
	/* Level 0 (or none set) is "other"; any higher level is "qos". */
	u32 queue = scxkit_task_qos(p, 2, 0) ? QOS_QUEUE : OTHER_QUEUE;

	scxkit_tq_push_back(p, queue, enq_flags);
}

static void @NAME@_dispatch(s32 cpu, struct task_struct *prev)
{
	u64 turn = __sync_fetch_and_add(&turns, 1);

	if (turn % share == 0)
		run_from(OTHER_QUEUE, QOS_QUEUE, slice_us * 1000);
	else
		run_from(QOS_QUEUE, OTHER_QUEUE, slice_us * 1000);
}

static s32 @NAME@_init(void)
{
	/* The stats and the dashboard show the depth of both queues. */
	scxkit_tq_set_nr_used(2);
	return 0;
}

SCXKIT_POLICY(@NAME@, "two FIFO queues, QoS threads first (scxkit new)", 0,
	      .enqueue = @NAME@_enqueue,
	      .dispatch = @NAME@_dispatch,
	      .init = @NAME@_init);
