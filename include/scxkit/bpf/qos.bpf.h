/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The QoS table on the BPF side: applications write it (through
 * libscxkit_qos, see <scxkit/qos.h>), policies read it here.  A thread's
 * entry holds its level and idle mark, or binds it to a slot of a shared
 * region its process writes directly (common.h).  Nothing an application
 * writes can hurt the scheduler: entries of other threads (start time
 * mismatch) and bindings to regions since handed out again are ignored,
 * and levels are clamped to the policy's range.
 */
#ifndef __SCXKIT_QOS_BPF_H
#define __SCXKIT_QOS_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/qos_rules.bpf.h>

/* Clock ticks per second of /proc's start times; set by the launcher. */
const volatile u64 scxkit_clk_tck = 100;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCXKIT_QOS_TABLE_SIZE);
	__type(key, u32);
	__type(value, struct scxkit_qos_entry);
} scxkit_qos SEC(".maps");

/*
 * The regions handed out, each an array of slots (common.h) the launcher
 * creates; it fills and empties the outer slots.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, SCXKIT_QOS_REGIONS);
	__type(key, u32);
	__array(
		values, struct {
			__uint(type, BPF_MAP_TYPE_ARRAY);
			__uint(map_flags, BPF_F_MMAPABLE);
			__uint(max_entries, SCXKIT_QOS_REGION_SLOTS);
			/* By size: clang leaves the struct a forward here. */
			__uint(key_size, sizeof(u32));
			__uint(value_size, sizeof(struct scxkit_qos_slot));
		});
} scxkit_qos_regions SEC(".maps");

/*
 * Each region's generation (0: none); bindings name the generation they
 * were made for, so a region handed to another process never carries the
 * previous owner's threads along.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_QOS_REGIONS);
	__type(key, u32);
	__type(value, u64);
} scxkit_qos_region_gen SEC(".maps");

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

/*
 * @p's level and flags, from its table entry or the shared slot it is
 * bound to; false if it has neither (or a binding to a region since
 * handed to someone else).  The slot is the application's memory: read
 * each word once, trust nothing in it.
 */
static __always_inline bool scxkit_qos_read(struct task_struct *p, u32 *level,
					    u32 *flags)
{
	struct scxkit_qos_entry *e = scxkit_qos_entry(p);
	struct scxkit_qos_slot *slot;
	u32 region, index;
	void *inner;
	u64 *gen;

	if (!e)
		return false;
	region = e->region;
	if (!region) {
		*level = e->level;
		*flags = e->flags;
		return true;
	}
	region--;
	index = e->slot;
	gen = bpf_map_lookup_elem(&scxkit_qos_region_gen, &region);
	if (!gen || !*gen || *gen != e->region_gen)
		return false;
	inner = bpf_map_lookup_elem(&scxkit_qos_regions, &region);
	if (!inner)
		return false;
	slot = bpf_map_lookup_elem(inner, &index);
	if (!slot)
		return false;
	*level = *(volatile u32 *)&slot->level;
	*flags = *(volatile u32 *)&slot->flags;
	/*
	 * Taken back (generation 0, set before the map leaves the array)
	 * and handed out again while we read: not this thread's slot.
	 */
	asm volatile("" ::: "memory"); /* loads stay in order (no BPF fence) */
	return *(volatile u64 *)gen == e->region_gen;
}

/**
 * scxkit_task_qos - @p's QoS level, clamped below @nr_levels: the one its
 * thread set in the table, else the one the QoS rules give it (a level
 * `scxkit exec` passed down, else the first matching rule's), else
 * @dflt.  The thread's own mark wins: it knows what it is doing now,
 * where a rule only knows what kind of process it is (docs/qos.md).
 */
static __always_inline u32 scxkit_task_qos(struct task_struct *p, u32 nr_levels,
					   u32 dflt)
{
	u32 level = dflt, flags;

	if (!nr_levels)
		return 0;
	if (!scxkit_qos_read(p, &level, &flags)) {
		level = scxkit_task_rule_level(p);
		if (level == SCXKIT_QR_NO_LEVEL)
			level = dflt;
	}
	return level < nr_levels ? level : nr_levels - 1;
}

/** scxkit_task_marked_idle - did @p's application mark it idle? */
static __always_inline bool scxkit_task_marked_idle(struct task_struct *p)
{
	u32 level, flags = 0;

	return scxkit_qos_read(p, &level, &flags) && (flags & SCXKIT_QOS_IDLE);
}

/*
 * @child was forked by the current thread: it inherits the level
 * `scxkit exec` gave the current thread (its table entry with
 * SCXKIT_QOS_INHERIT) or that thread's own inherited one.
 */
static __always_inline void __scxkit_qos_inherit(struct scxkit_task_ctx *child)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	struct scxkit_qos_entry *e = scxkit_qos_entry(cur);
	struct scxkit_task_ctx *ctx = scxkit_task_ctx(cur);
	u32 from_entry = 0;

	if (e && (e->flags & SCXKIT_QOS_INHERIT) && !e->region &&
	    e->level < SCXKIT_QOS_MAX_LEVELS)
		from_entry = e->level + 1;
	__scxkit_rules_inherit(child, ctx, from_entry);
}

/* The thread is gone: its entry must not outlive it. */
static __always_inline void __scxkit_qos_forget(struct task_struct *p)
{
	u32 tid = (u32)p->pid;

	if (scxkit_qos_entry(p))
		bpf_map_delete_elem(&scxkit_qos, &tid);
}

#endif /* __SCXKIT_QOS_BPF_H */
