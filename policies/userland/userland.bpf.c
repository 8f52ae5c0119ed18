/* SPDX-License-Identifier: GPL-2.0 */
/*
 * userland - scheduling decisions made by a userspace agent, as in the
 * kernel's scx_userland and Google's ghOSt.  This file is the BPF half;
 * userland.c is the agent, a thread of the launcher.
 *
 * Tasks.  ops.enqueue keeps every task (it stays this policy's until the
 * agent orders it) in the framework's task queue 0, and sends the agent a
 * message through a ring buffer: pid, the sequence number of its queue
 * entry, its weight, the CPU time it has used and the current virtual
 * time.  Placement waits for the agent too: a waking task is not sent
 * straight to an idle CPU.
 *
 * The agent (userland.c) answers each message with an order in a queue
 * map: pid, sequence, a virtual time (weighted fair share as in CFS: vtime
 * += CPU time used * 100 / weight) and a slice (--slice-us * weight / 100).
 * A nice-0 and a nice-10 CPU hog sharing one CPU got 4.0 to 5.6 times
 * the CPU against 1 under fifo (the weights say 9; the 4 ms tick rounds
 * the short slice up).
 *
 * Orders.  ops.dispatch pops them, checks each is still current (the task
 * still waits with that sequence number; if it exited, was dequeued,
 * queued again or run by the valve meanwhile, the order is stale and
 * dropped: stale_orders), and inserts the task into one shared DSQ ordered
 * by vtime, from which a CPU takes the smallest it may run, for the
 * agent's slice.  So the agent decides every task's place in line and the
 * kernel keeps the line: no CPU waits for a round trip to userspace once
 * the agent has spoken, and the agent wakes once per batch of new tasks,
 * not once per CPU that runs dry (scx_rustland's split).  A CPU that took
 * a task and left others in line wakes an idle CPU for them.
 *
 * The agent itself.  In full mode the agent thread is one of the tasks it
 * schedules; it never goes through itself.  BPF recognises it
 * (scxkit_is_agent) and runs it at once, on an idle CPU or preempting the
 * current task (agent_direct).  When it stops with orders still queued it
 * wakes an idle CPU to carry them out.  Per-CPU kernel threads run at once
 * as well (kthread_direct): the agent may be waiting for one of them.
 *
 * Safety valve.  The agent can be slow, stuck or dead, and sched_ext ejects
 * a scheduler that leaves a runnable task unrun for its watchdog timeout.
 * Task queue 0 is BPF's own FIFO of the tasks still waiting for an order:
 * one that has waited --valve-ms runs next without one (valve), and a
 * 5 ms timer wakes an idle CPU for it.  A task the ring buffer has no room
 * for is placed at once at the current vtime (ring_full).
 *
 * Waking the agent.  It sleeps in epoll on the ring buffer, which wakes
 * it when a message arrives after it has read all earlier ones: once per
 * batch.  Measured against polling the ring buffer every 200 us or 1 ms
 * (2-vCPU VM, stress-ng cpu/fork/yield/switch, 10 s each, twice, 5 ms
 * slices): mean reaction 0.5-0.9 ms against 1.2-3.1 ms, and 2 to 4 times
 * the stress-ng operations, for 1.1 to 2.4 times the agent's CPU time.
 *
 * Stats: react_us / orders is the agent's mean reaction time (enqueue to
 * order), wait_us / orders the mean time from enqueue until a CPU took the
 * order.
 */
#include <scxkit/scxkit.bpf.h>

#include "userland.h"

SCXKIT_OPT(slice_us, 20000, 400, 1000000,
	   "time slice at nice 0 in microseconds (weighted by the agent)");
SCXKIT_OPT(valve_ms, 200, 10, 10000,
	   "a task waiting this long for an order runs without one");
SCXKIT_OPT(agent_delay_ms, 0, 0, 10000,
	   "testing: the agent sleeps this long before each batch");

SCXKIT_COUNTER(to_agent, 0, "tasks sent to the agent");
SCXKIT_COUNTER(orders, 1, "tasks dispatched on the agent's orders");
SCXKIT_COUNTER(stale_orders, 2, "orders for tasks no longer waiting");
SCXKIT_COUNTER(valve, 3, "tasks run without an order after valve-ms");
SCXKIT_COUNTER(agent_direct, 4, "times the agent thread was run at once");
SCXKIT_COUNTER(kthread_direct, 5, "per-CPU kernel threads run at once");
SCXKIT_COUNTER(ring_full, 6, "tasks placed by BPF: no room to tell the agent");
SCXKIT_COUNTER(react_us, 7, "sum of us from enqueue to the agent's order");
SCXKIT_COUNTER(wait_us, 8, "sum of us from enqueue to the order's dispatch");

#define LINE_DSQ	    1 /* the line: ordered tasks, by vtime */
#define ORDERS_PER_DISPATCH 16 /* the kernel takes 32 inserts per call */
#define TIMER_NS	    (5 * 1000000ULL) /* how often the valve looks */
#define MIN_SLICE_US	    50
#define MAX_SLICE_NS	    (1000 * 1000000ULL)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, UL_RING_BYTES);
} ul_tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, UL_MAX_ORDERS);
	__type(value, struct ul_order);
} ul_orders SEC(".maps");

struct ul_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct ul_timer);
} ul_timer SEC(".maps");

static u64 vtime_now; /* the clock: vtime of the last ordered task run */

/* Wakes one idle CPU other than @self to look for work. */
static void kick_idle_cpu(s32 self)
{
	const struct cpumask *idle = scx_bpf_get_idle_cpumask();
	s32 cpu = scx_bpf_pick_idle_cpu(idle, 0);

	scx_bpf_put_idle_cpumask(idle);
	if (cpu >= 0 && cpu != self)
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
}

static bool orders_waiting(void)
{
	struct ul_order o;

	return !bpf_map_peek_elem(&ul_orders, &o);
}

static s32 userland_select_cpu(struct task_struct *p, s32 prev_cpu,
			       u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	if (!scxkit_is_agent(p))
		return prev_cpu; /* where it runs is settled at dispatch */
	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle) {
		scxkit_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
		scxkit_count(SCXKIT_CTR(agent_direct));
	}
	return cpu;
}

/* Tells the agent that @p, queued with @seq, needs a CPU. */
static bool send_to_agent(struct task_struct *p, u32 seq)
{
	struct ul_task *m = bpf_ringbuf_reserve(&ul_tasks, sizeof(*m), 0);

	if (!m)
		return false;
	m->pid = p->pid;
	m->seq = seq;
	m->weight = p->scx.weight;
	m->runtime_ns = p->se.sum_exec_runtime;
	m->vnow = vtime_now;
	bpf_ringbuf_submit(m, 0);
	return true;
}

static void userland_enqueue(struct task_struct *p, u64 enq_flags)
{
	u32 seq;

	if (scxkit_is_agent(p)) {
		scxkit_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL,
			      enq_flags | SCX_ENQ_PREEMPT);
		scxkit_count(SCXKIT_CTR(agent_direct));
		return;
	}
	if ((p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1) {
		scxkit_insert(p, SCX_DSQ_LOCAL, slice_us * 1000,
			      enq_flags | SCX_ENQ_PREEMPT);
		scxkit_count(SCXKIT_CTR(kthread_direct));
		return;
	}
	if (scxkit_tq_push_back(p, 0, enq_flags))
		return; /* queue full: the framework's overflow DSQ has it */
	seq = scxkit_tq_seq(p);
	if (send_to_agent(p, seq)) {
		scxkit_count(SCXKIT_CTR(to_agent));
		return;
	}
	if (scxkit_tq_take(p, 0, seq)) {
		scxkit_compat_dsq_insert_vtime(p, LINE_DSQ, slice_us * 1000,
					       vtime_now, enq_flags);
		scxkit_count(SCXKIT_C_DISPATCH);
		scxkit_count(SCXKIT_CTR(ring_full));
	}
}

/* The agent's slice, within what the kernel can sensibly do. */
static u64 order_slice_ns(u32 us)
{
	if (us < MIN_SLICE_US)
		us = MIN_SLICE_US;
	return us * 1000ULL < MAX_SLICE_NS ? us * 1000ULL : MAX_SLICE_NS;
}

/* Moves the tasks the agent ordered into the line. */
static void take_orders(void)
{
	u64 now = bpf_ktime_get_ns();
	int i;

	bpf_for(i, 0, ORDERS_PER_DISPATCH) {
		struct scxkit_task_ctx *tctx;
		struct task_struct *p;
		struct ul_order o;

		/* The valve's dispatch may have used the last slot. */
		if (bpf_ksym_exists(scx_bpf_dispatch_nr_slots) &&
		    !scx_bpf_dispatch_nr_slots()) {
			scx_bpf_kick_cpu((s32)bpf_get_smp_processor_id(), 0);
			break;
		}
		if (bpf_map_pop_elem(&ul_orders, &o))
			break;
		p = bpf_task_from_pid(o.pid);
		if (!p) {
			scxkit_count(SCXKIT_CTR(stale_orders));
			continue;
		}
		if (!scxkit_tq_take(p, 0, o.seq)) {
			bpf_task_release(p);
			scxkit_count(SCXKIT_CTR(stale_orders));
			continue;
		}
		tctx = scxkit_task_ctx(p);
		if (tctx && o.ordered_ns > tctx->queued_at &&
		    now > o.ordered_ns) {
			scxkit_count_n(SCXKIT_CTR(react_us),
				       (o.ordered_ns - tctx->queued_at) / 1000);
			scxkit_count_n(SCXKIT_CTR(wait_us),
				       (now - tctx->queued_at) / 1000);
		}
		scxkit_compat_dsq_insert_vtime(
			p, LINE_DSQ, order_slice_ns(o.slice_us), o.vtime, 0);
		scxkit_count(SCXKIT_C_DISPATCH);
		scxkit_count(SCXKIT_CTR(orders));
		bpf_task_release(p);
	}
}

/* Has the oldest task without an order waited --valve-ms? */
static bool valve_due(void)
{
	scxkit_tq_drop_stale(0);
	return scxkit_tq_head_wait_ns(0, bpf_ktime_get_ns()) >
	       valve_ms * 1000000;
}

static void userland_dispatch(s32 cpu, struct task_struct *prev)
{
	bool ran = false;

	if (valve_due() &&
	    scxkit_tq_dispatch(0, SCX_DSQ_LOCAL, slice_us * 1000)) {
		scxkit_count(SCXKIT_CTR(valve));
		ran = true;
	}
	take_orders();
	if (!ran)
		ran = scxkit_compat_dsq_move_to_local(LINE_DSQ);
	if (ran && scx_bpf_dsq_nr_queued(LINE_DSQ) > 0)
		kick_idle_cpu(cpu);
}

static void userland_running(struct task_struct *p)
{
	if ((s64)(p->scx.dsq_vtime - vtime_now) > 0)
		vtime_now = p->scx.dsq_vtime;
}

static void userland_stopping(struct task_struct *p, bool runnable)
{
	if (scxkit_is_agent(p) && orders_waiting())
		kick_idle_cpu(-1);
}

/* The valve's watch: also catches an idle CPU nobody woke for the line. */
static int valve_timer(void *map, int *key, struct bpf_timer *timer)
{
	if (valve_due() || scx_bpf_dsq_nr_queued(LINE_DSQ) > 0 ||
	    orders_waiting())
		kick_idle_cpu(-1);
	bpf_timer_start(timer, TIMER_NS, 0);
	return 0;
}

static s32 userland_init(void)
{
	struct ul_timer *t;
	u32 zero = 0;
	s32 ret;

	ret = scx_bpf_create_dsq(LINE_DSQ, -1);
	if (ret)
		return ret;
	t = bpf_map_lookup_elem(&ul_timer, &zero);
	if (!t)
		return -ENOENT;
	ret = (s32)bpf_timer_init(&t->timer, &ul_timer, 1 /* MONOTONIC */);
	if (!ret)
		ret = (s32)bpf_timer_set_callback(&t->timer, valve_timer);
	if (!ret)
		ret = (s32)bpf_timer_start(&t->timer, TIMER_NS, 0);
	return ret;
}

SCXKIT_POLICY(userland, "decisions by a userspace agent thread (scx_userland)",
	      0, .select_cpu = userland_select_cpu, .enqueue = userland_enqueue,
	      .dispatch = userland_dispatch, .running = userland_running,
	      .stopping = userland_stopping, .init = userland_init);
