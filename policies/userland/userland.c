// SPDX-License-Identifier: GPL-2.0
/*
 * The userland policy's agent: the thread that makes its decisions (the
 * design is in the header comment of userland.bpf.c).
 *
 * It sleeps until the BPF side writes messages to the ring buffer ul_tasks,
 * one per task that needs a CPU, and answers each with an order through
 * the queue map ul_orders: the task's place in line and how long it may
 * run.  Both follow the task's weight (100 at nice 0):
 *
 * - Place in line: a virtual time, weighted fair share as in CFS.  A
 *   task's vtime advances by the CPU time it used times 100 / weight; a
 *   task that slept comes back at most one --slice-us behind the clock,
 *   so sleeping earns no hoard of credit.  This orders the tasks waiting
 *   together.
 * - Slice: --slice-us times weight / 100, within 1/8 and 8 times it.  Two
 *   tasks taking turns on one CPU never wait in line together (the one
 *   that just ran is still on its way to the agent when the CPU picks the
 *   other), so there only the slice shares the CPU by weight.  Slices end
 *   at the scheduler tick (4 ms in the VM), which rounds short ones up.
 *
 * Per-task memory is a table indexed by pid: a slot keeps the vtime and
 * the CPU time last seen.  A task the slot does not know (new, or the slot
 * went to another pid, or the pid was reused) starts at the clock.
 *
 * Nothing here allocates, prints or locks once the agent runs: in full
 * mode every other thread of the launcher may be waiting for this one.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <scxkit/agent.h>

#include "userland.h"

#define NR_SLOTS    16384
#define POLL_MS	    100 /* a step returns this often at least */
#define SLICE_RANGE 8 /* slices run from --slice-us / 8 to 8 times it */

struct slot {
	__s32 pid;
	__u64 vtime;
	__u64 runtime_ns;
};

struct agent {
	struct ring_buffer *tasks;
	int orders_fd;
	__u64 slice_us;
	__u64 delay_ms;
	struct slot slots[NR_SLOTS];
};

/* One message: the task's vtime, and its order. */
static int on_task(void *ctx, void *data, size_t size)
{
	struct agent *a = ctx;
	const struct ul_task *t = data;
	struct timespec now;
	struct ul_order o;
	__u64 weight, slice;
	struct slot *s;

	if (size < sizeof(*t))
		return 0;
	s = &a->slots[(__u32)t->pid % NR_SLOTS];
	if (s->pid != t->pid || t->runtime_ns < s->runtime_ns) {
		s->pid = t->pid;
		s->vtime = t->vnow;
		s->runtime_ns = t->runtime_ns;
	}
	weight = t->weight ? t->weight : 100;
	s->vtime += (t->runtime_ns - s->runtime_ns) * 100 / weight;
	s->runtime_ns = t->runtime_ns;
	if (s->vtime + a->slice_us * 1000 < t->vnow)
		s->vtime = t->vnow - a->slice_us * 1000;

	slice = a->slice_us * weight / 100;
	if (slice < a->slice_us / SLICE_RANGE)
		slice = a->slice_us / SLICE_RANGE;
	if (slice > a->slice_us * SLICE_RANGE)
		slice = a->slice_us * SLICE_RANGE;

	clock_gettime(CLOCK_MONOTONIC, &now);
	o = (struct ul_order){ .pid = t->pid,
			       .seq = t->seq,
			       .slice_us = (__u32)slice,
			       .vtime = s->vtime,
			       .ordered_ns = (__u64)now.tv_sec * 1000000000 +
					     (__u64)now.tv_nsec };
	/* A full queue loses nothing: BPF's valve runs the task later. */
	bpf_map_update_elem(a->orders_fd, NULL, &o, BPF_ANY);
	return 0;
}

static int agent_step(void *data)
{
	struct agent *a = data;
	struct timespec delay = { .tv_sec = (time_t)(a->delay_ms / 1000),
				  .tv_nsec = (long)(a->delay_ms % 1000) *
					     1000000 };
	int n;

	if (a->delay_ms)
		nanosleep(&delay, NULL);
	n = ring_buffer__poll(a->tasks, POLL_MS);
	return n < 0 && n != -EINTR ? n : 0;
}

static int agent_init(const struct scxkit_agent_env *env, void **data)
{
	struct bpf_map *tasks, *orders;
	struct agent *a;
	int err;

	tasks = bpf_object__find_map_by_name(env->obj, "ul_tasks");
	orders = bpf_object__find_map_by_name(env->obj, "ul_orders");
	if (!tasks || !orders)
		return -ENOENT;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	err = scxkit_agent_opt(env, "slice_us", &a->slice_us);
	if (!err)
		err = scxkit_agent_opt(env, "agent_delay_ms", &a->delay_ms);
	if (err) {
		free(a);
		return err;
	}
	a->orders_fd = bpf_map__fd(orders);
	a->tasks = ring_buffer__new(bpf_map__fd(tasks), on_task, a, NULL);
	if (!a->tasks) {
		err = -errno;
		free(a);
		return err;
	}
	*data = a;
	return 0;
}

static void agent_fini(void *data)
{
	struct agent *a = data;

	ring_buffer__free(a->tasks);
	free(a);
}

SCXKIT_AGENT(userland, .init = agent_init, .step = agent_step,
	     .fini = agent_fini);
