/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-side tests of the task queues' claim protocol and QoS helpers
 * (task_queue.bpf.h) with fake task contexts in an array, run as
 * SEC("syscall") programs by tests/unit/test_bpf_task_queue.c.  The code
 * under test is the framework's own; only the tasks are made up.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/deque.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/task_queue.bpf.h>

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, u32);
	__type(value, struct scxkit_task_ctx);
} fake_ctx SEC(".maps");

#include "results.bpf.h"

static struct scxkit_task_ctx *task(u32 pid)
{
	return bpf_map_lookup_elem(&fake_ctx, &pid);
}

static int push(u32 pid, u32 idx, bool front)
{
	struct scxkit_task_ctx *ctx = task(pid);

	return ctx ? __scxkit_tq_push_ctx(ctx, (s32)pid, idx, front) : -1;
}

/*
 * What scxkit_tq_dispatch() does, with the fake tasks: pop until a valid
 * entry; returns its pid, 0 when the queue ran dry.  *stale counts skips.
 */
static u32 pop_valid(u32 idx, s64 *stale)
{
	u64 entry;
	int i;

	for (i = 0; i < 32; i++) {
		struct scxkit_task_ctx *ctx;

		if (scxkit_deque_pop_front(SCXKIT_DEQUE(scxkit_tq), idx,
					   &entry))
			return 0;
		ctx = task((u32)(entry >> 32));
		if (ctx && __scxkit_tq_take(ctx, idx, (u32)entry))
			return (u32)(entry >> 32);
		(*stale)++;
	}
	return 0;
}

/*
 * A, B, C pushed; B dequeued by the kernel; A re-enqueued without a
 * dequeue in between.  Valid: C then A; A's first entry and B's are stale.
 */
SEC("syscall")
int stale_entries(void *ctx)
{
	struct scxkit_task_ctx *b;
	s64 stale = 0;

	push(1, 0, false);
	push(2, 0, false);
	push(3, 0, false);
	b = task(2);
	if (b)
		put(0, __scxkit_tq_forget(b)); /* ops.dequeue */
	put(1, (s64)scxkit_tq_nr_queued(0));
	push(1, 0, false);
	put(2, (s64)scxkit_tq_nr_queued(0));
	put(3, pop_valid(0, &stale));
	put(4, pop_valid(0, &stale));
	put(5, pop_valid(0, &stale));
	put(6, stale);
	put(7, (s64)scxkit_tq_nr_queued(0));
	if (b)
		put(8, __scxkit_tq_forget(b)); /* nothing left to forget */
	return 0;
}

/* A popped entry cannot be taken twice, even if it were seen again. */
SEC("syscall")
int no_double_take(void *ctx)
{
	struct scxkit_task_ctx *t = task(5);
	u64 entry = 0;

	if (!t)
		return 1;
	push(5, 1, false);
	scxkit_deque_peek_front(SCXKIT_DEQUE(scxkit_tq), 1, &entry);
	put(0, __scxkit_tq_take(t, 1, (u32)entry));
	put(1, __scxkit_tq_take(t, 1, (u32)entry));
	put(2, (s64)t->pops);
	put(3, (s64)t->pushes);
	return 0;
}

/* A full queue refuses the push and leaves the task unclaimed. */
SEC("syscall")
int overflow(void *ctx)
{
	struct scxkit_task_ctx *t = task(9);
	s64 stale = 0;
	int i;

	for (i = 0; i < 4; i++) /* the test fills capacity 4 */
		push(10 + (u32)i, 2, false);
	put(0, push(9, 2, false));
	put(1, t ? t->queued_seq : -1);
	put(2, (s64)scxkit_tq_nr_queued(2));
	/* Leave the queue empty for the programs that follow. */
	for (i = 0; i < 4; i++)
		pop_valid(2, &stale);
	put(3, (s64)scxkit_tq_nr_queued(2));
	return 0;
}

/* Highest non-empty level and the work above a level; starts empty. */
SEC("syscall")
int qos_helpers(void *ctx)
{
	s64 stale = 0;

	put(0, scxkit_tq_highest(8));
	push(1, 4, false);
	push(2, 4, false);
	push(3, 6, false);
	put(1, scxkit_tq_highest(8));
	put(2, scxkit_tq_highest(5)); /* only levels 0..4 considered */
	put(3, (s64)scxkit_tq_nr_queued(4));
	put(4, (s64)scxkit_tq_nr_queued(6));
	put(5, (s64)scxkit_tq_nr_queued(5));
	pop_valid(6, &stale);
	put(6, scxkit_tq_highest(8));
	put(7, scxkit_tq_highest(1000)); /* clamped to SCXKIT_MAX_QUEUES */
	return 0;
}
