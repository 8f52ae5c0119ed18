/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the userland policy's two halves tell each other: its BPF side
 * (userland.bpf.c) and its agent thread (userland.c) both include this.
 */
#ifndef __USERLAND_H
#define __USERLAND_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define UL_RING_BYTES (256 * 1024) /* BPF -> agent: ~6500 messages */
#define UL_MAX_ORDERS 8192 /* agent -> BPF */

/* BPF -> agent, through the ring buffer ul_tasks: a task needs a CPU. */
struct ul_task {
	__s32 pid;
	__u32 seq; /* its queue entry; the order must quote it */
	__u64 weight; /* p->scx.weight: 100 at nice 0 */
	__u64 runtime_ns; /* CPU time it used in its whole life */
	__u64 vnow; /* vtime of the ordered task that started last */
};

/* Agent -> BPF, through the queue map ul_orders: run this task. */
struct ul_order {
	__s32 pid;
	__u32 seq;
	__u32 slice_us; /* how long it may run */
	__u32 pad;
	__u64 vtime; /* its place in line: the smallest runs first */
	__u64 ordered_ns; /* CLOCK_MONOTONIC when the agent decided */
};

#endif /* __USERLAND_H */
