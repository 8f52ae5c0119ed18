/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boost - the policy built step by step in docs/tutorial.md.
 *
 * Two FIFO queues.  Threads whose application asked for QoS level 1 or
 * more through <scxkit/qos.h> go to the boosted queue, everyone else to
 * the normal one.  A CPU that needs work takes a boosted task first, but
 * after --burst boosted tasks in a row it takes a normal one if any
 * waits, so a busy boosted group slows the rest down without starving it.
 */
#include <scxkit/scxkit.bpf.h>

#define NORMAL	0
#define BOOSTED 1

SCXKIT_OPT(slice_us, 5000, 50, 1000000, "time slice in microseconds");
SCXKIT_OPT(burst, 8, 1, 1000,
	   "boosted tasks dispatched in a row before a normal one");
SCXKIT_COUNTER(boosted, 0, "tasks dispatched from the boosted queue");
SCXKIT_COUNTER(burst_ends, 1, "normal tasks run to end a boosted burst");

static u64 in_a_row; /* boosted dispatches since the last normal one */

static void boost_enqueue(struct task_struct *p, u64 enq_flags)
{
	/* Levels above 1 are clamped to 1: the table's levels are 0..15. */
	u32 queue = scxkit_task_qos(p, 2, NORMAL);

	scxkit_tq_push_back(p, queue, enq_flags);
}

static void boost_dispatch(s32 cpu, struct task_struct *prev)
{
	u64 slice_ns = slice_us * 1000;

	if (in_a_row >= burst &&
	    scxkit_tq_dispatch(NORMAL, SCX_DSQ_LOCAL, slice_ns)) {
		in_a_row = 0;
		scxkit_count(SCXKIT_CTR(burst_ends));
		return;
	}
	if (scxkit_tq_dispatch(BOOSTED, SCX_DSQ_LOCAL, slice_ns)) {
		__sync_fetch_and_add(&in_a_row, 1);
		scxkit_count(SCXKIT_CTR(boosted));
		return;
	}
	in_a_row = 0;
	scxkit_tq_dispatch(NORMAL, SCX_DSQ_LOCAL, slice_ns);
}

static s32 boost_init(void)
{
	/* The stats show the depth of the queues in use. */
	scxkit_tq_set_nr_used(2);
	return 0;
}

SCXKIT_POLICY(boost, "two queues: QoS-boosted threads first, in bursts", 0,
	      .enqueue = boost_enqueue, .dispatch = boost_dispatch,
	      .init = boost_init);
