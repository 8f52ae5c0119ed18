/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU occupants and the preemption timer.
 *
 * The framework records in scxkit_occupants which task runs on each CPU,
 * since when, and at what QoS level (ops.running / ops.stopping).  When a
 * policy starts the timer (scxkit_preempt_timer_start() from its init
 * hook), a BPF timer scans every CPU each interval and asks the policy's
 * preempt_check hook about its occupant; a non-zero reason kicks that CPU
 * with SCX_KICK_PREEMPT and counts the kick by reason.
 */
#ifndef __SCXKIT_PREEMPT_BPF_H
#define __SCXKIT_PREEMPT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/hooks.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_CPUS);
	__type(key, u32);
	__type(value, struct scxkit_occupant);
} scxkit_occupants SEC(".maps");

struct scxkit_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scxkit_timer);
} scxkit_timer_map SEC(".maps");

static u64 __scxkit_timer_interval_ns;

/** scxkit_occupant - the occupant record of @cpu, or NULL. */
static __always_inline struct scxkit_occupant *scxkit_occupant(s32 cpu)
{
	u32 key = (u32)cpu;

	return bpf_map_lookup_elem(&scxkit_occupants, &key);
}

/* ops.running: @p (framework state @tctx, may be NULL) starts at @now. */
static __always_inline void
__scxkit_occupant_running(struct task_struct *p, struct scxkit_task_ctx *tctx,
			  u64 now)
{
	struct scxkit_occupant *occ = scxkit_occupant(scx_bpf_task_cpu(p));

	if (!occ)
		return;
	occ->started_ns = now;
	occ->qos = tctx ? tctx->qos : 0; /* policies keep tctx->qos current */
	occ->runs++;
	__builtin_memcpy(occ->comm, p->comm, sizeof(occ->comm));
	occ->pid = p->pid; /* last: readers treat pid != 0 as "filled in" */
}

static __always_inline void __scxkit_occupant_stopping(struct task_struct *p)
{
	struct scxkit_occupant *occ = scxkit_occupant(scx_bpf_task_cpu(p));

	if (occ && occ->pid == p->pid)
		occ->pid = 0;
}

static __always_inline void __scxkit_count_preempt(u32 reason)
{
	switch (reason) {
	case SCXKIT_PREEMPT_HIGHER_QOS:
		scxkit_count(SCXKIT_C_PREEMPT_HIGHER);
		break;
	case SCXKIT_PREEMPT_SLICE:
		scxkit_count(SCXKIT_C_PREEMPT_SLICE);
		break;
	case SCXKIT_PREEMPT_IDLE:
		scxkit_count(SCXKIT_C_PREEMPT_IDLE);
		break;
	default:
		scxkit_count(SCXKIT_C_PREEMPT_OTHER);
	}
	scxkit_count(SCXKIT_C_PREEMPT_KICK);
}

/**
 * scxkit_cpu_nr_waiting - tasks already handed to @cpu's local DSQ, which
 * wait there for the CPU (they no longer count in any task queue).
 */
static __always_inline u64 scxkit_cpu_nr_waiting(s32 cpu)
{
	s32 nr = scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | (u64)(u32)cpu);

	return nr > 0 ? (u64)nr : 0;
}

/**
 * scxkit_kick_preempt - preempt whatever runs on @cpu, counting @reason
 * (enum scxkit_preempt_reason).  The timer calls it; policies may too.
 */
static __always_inline void scxkit_kick_preempt(s32 cpu, u32 reason)
{
	struct scxkit_occupant *occ = scxkit_occupant(cpu);

	if (occ)
		occ->kicks++;
	__scxkit_count_preempt(reason);
	scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
}

static int __scxkit_timer_fn(void *map, int *key, struct bpf_timer *timer)
{
	u32 nr_cpus = scx_bpf_nr_cpu_ids();
	u64 now = bpf_ktime_get_ns();
	s32 cpu;

	scxkit_count(SCXKIT_C_TIMER_RUNS);
	if (nr_cpus > SCXKIT_MAX_CPUS)
		nr_cpus = SCXKIT_MAX_CPUS;
	bpf_for(cpu, 0, (s32)nr_cpus) {
		struct scxkit_occupant *occ = scxkit_occupant(cpu);
		u32 reason;

		if (!occ || !occ->pid || !scxkit_hooks.preempt_check)
			continue;
		reason = scxkit_hooks.preempt_check(cpu, occ, now);
		if (reason)
			scxkit_kick_preempt(cpu, reason);
	}
	bpf_timer_start(timer, __scxkit_timer_interval_ns, 0);
	return 0;
}

/**
 * scxkit_preempt_timer_start - scan CPUs every @interval_ns with the
 * policy's preempt_check hook.  Call it from the init hook; returns 0 or a
 * negative error.
 */
static __always_inline s32 scxkit_preempt_timer_start(u64 interval_ns)
{
	struct scxkit_timer *t;
	u32 zero = 0;
	s32 ret;

	t = bpf_map_lookup_elem(&scxkit_timer_map, &zero);
	if (!t)
		return -2;
	__scxkit_timer_interval_ns = interval_ns;
	ret = (s32)bpf_timer_init(&t->timer, &scxkit_timer_map,
				  1 /* CLOCK_MONOTONIC */);
	if (ret)
		return ret;
	ret = (s32)bpf_timer_set_callback(&t->timer, __scxkit_timer_fn);
	if (ret)
		return ret;
	return (s32)bpf_timer_start(&t->timer, interval_ns, 0);
}

#endif /* __SCXKIT_PREEMPT_BPF_H */
