/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The QoS table on the BPF side: applications write it (through
 * libscxkit_qos, see <scxkit/qos.h>), policies read it here.  Nothing an
 * application writes can hurt the scheduler: entries of other threads
 * (start time mismatch) are ignored and levels are clamped to the policy's
 * range.
 */
#ifndef __SCXKIT_QOS_BPF_H
#define __SCXKIT_QOS_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>

/* Clock ticks per second of /proc's start times; set by the launcher. */
const volatile u64 scxkit_clk_tck = 100;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCXKIT_QOS_TABLE_SIZE);
	__type(key, u32);
	__type(value, struct scxkit_qos_entry);
} scxkit_qos SEC(".maps");

/* The entry of @p, or NULL if there is none for this very thread. */
static __always_inline struct scxkit_qos_entry *
scxkit_qos_entry(struct task_struct *p)
{
	struct scxkit_qos_entry *e;
	u32 tid = (u32)p->pid;
	u64 ticks;

	e = bpf_map_lookup_elem(&scxkit_qos, &tid);
	if (!e || !scxkit_clk_tck)
		return NULL;
	ticks = p->start_boottime / (1000000000ULL / scxkit_clk_tck);
	return e->start_ticks == ticks ? e : NULL;
}

/**
 * scxkit_task_qos - @p's QoS level from the table, clamped below
 * @nr_levels; @dflt for threads that never set one.
 */
static __always_inline u32 scxkit_task_qos(struct task_struct *p,
					   u32 nr_levels, u32 dflt)
{
	struct scxkit_qos_entry *e = scxkit_qos_entry(p);
	u32 level;

	if (!nr_levels)
		return 0;
	level = e ? e->level : dflt;
	return level < nr_levels ? level : nr_levels - 1;
}

/** scxkit_task_marked_idle - did @p's application mark it idle? */
static __always_inline bool scxkit_task_marked_idle(struct task_struct *p)
{
	struct scxkit_qos_entry *e = scxkit_qos_entry(p);

	return e && (e->flags & SCXKIT_QOS_IDLE);
}

/* The thread is gone: its entry must not outlive it. */
static __always_inline void __scxkit_qos_forget(struct task_struct *p)
{
	u32 tid = (u32)p->pid;

	if (scxkit_qos_entry(p))
		bpf_map_delete_elem(&scxkit_qos, &tid);
}

#endif /* __SCXKIT_QOS_BPF_H */
