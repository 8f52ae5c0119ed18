/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU occupants and the preemption timers.
 *
 * The framework records in scxkit_occupants which task runs on each CPU,
 * since when, and at what QoS level (ops.running / ops.stopping).  Two
 * ways ask the policy's preempt_check hook about an occupant; a non-zero
 * reason kicks that CPU with SCX_KICK_PREEMPT and counts the kick by
 * reason (timer_runs counts the hook's calls):
 *
 * - The periodic scan (scxkit_preempt_timer_start() from the init hook):
 *   one BPF timer looks at every CPU each interval, while a task waits
 *   anywhere: a scan that finds none stops, and the next queueing starts
 *   it again (work.bpf.h).  It costs in proportion to its frequency and
 *   the CPUs, and only while something waits: every preemption reason
 *   (a more urgent task, a peer whose turn it is, an idle mark with work
 *   waiting, starvation) needs a waiting task.
 * - One-shot timers, one per CPU (scxkit_cpu_timers_init() from the init
 *   hook, then scxkit_cpu_timer_arm()): the policy arms a CPU's timer for
 *   the moment its task should go, e.g. its slice end, and only while
 *   work waits for it; the timer then looks at that CPU alone.  Armed on
 *   the CPU it is for (ops.running), the timer is pinned there
 *   (BPF_F_TIMER_CPU_PIN); armed from elsewhere it fires where it was
 *   armed and kicks the CPU from there.
 */
#ifndef __SCXKIT_PREEMPT_BPF_H
#define __SCXKIT_PREEMPT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/work.bpf.h>
#include <scxkit/bpf/task_queue.bpf.h>
#include <scxkit/bpf/hooks.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_CPUS);
	__type(key, u32);
	__type(value, struct scxkit_occupant);
} scxkit_occupants SEC(".maps");

/* One-shot timers: one per CPU, armed by the policy. */
struct scxkit_cpu_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_CPUS);
	__type(key, u32);
	__type(value, struct scxkit_cpu_timer);
} scxkit_cpu_timers SEC(".maps");

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
 * scxkit_cpu_nr_waiting - tasks @cpu takes before any task queue's: those
 * already in its local DSQ, and those in the framework's DSQ, which every
 * CPU drains first (tasks handed off by a CPU that may not run them, or
 * overflowed).  None of them counts in a task queue any more; a
 * preemption check that looked at the queues alone would let the running
 * task go on while they wait.
 */
static __always_inline u64 scxkit_cpu_nr_waiting(s32 cpu)
{
	s32 local = scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | (u64)(u32)cpu);
	s32 shared = scx_bpf_dsq_nr_queued(SCXKIT_FALLBACK_DSQ);

	return (u64)(local > 0 ? local : 0) + (u64)(shared > 0 ? shared : 0);
}

/* Does a task wait in a task queue, the framework's DSQ or a local DSQ? */
static __always_inline bool __scxkit_anything_waits(u32 nr_cpus)
{
	s32 cpu;

	if (scxkit_tq_nr_total())
		return true;
	if (scx_bpf_dsq_nr_queued(SCXKIT_FALLBACK_DSQ) > 0)
		return true;
	bpf_for(cpu, 0, (s32)nr_cpus) {
		if (scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | (u64)(u32)cpu) > 0)
			return true;
	}
	return false;
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

/*
 * Asks the policy about @cpu's occupant; kicks it if told to.  With
 * @wake_idle, a CPU that runs no ext task is woken instead: a backstop
 * for work conservation while tasks are queued (a CPU that found the
 * queues empty just before a task was queued, and was not yet idle when
 * the queueing CPU looked for one to wake, sleeps beside that task; the
 * kernel ignores the kick if the CPU is not idle).
 */
static __always_inline void __scxkit_preempt_check_cpu(s32 cpu, u64 now,
						       bool wake_idle)
{
	struct scxkit_occupant *occ = scxkit_occupant(cpu);
	u32 reason;

	if (!occ)
		return;
	if (!occ->pid) {
		if (wake_idle)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}
	if (!scxkit_hooks.preempt_check)
		return;
	reason = scxkit_hooks.preempt_check(cpu, occ, now);
	if (reason)
		scxkit_kick_preempt(cpu, reason);
}

static int __scxkit_timer_fn(void *map, int *key, struct bpf_timer *timer)
{
	u32 nr_cpus = scxkit_nr_cpus();
	u64 now = bpf_ktime_get_ns();
	bool waits, queued;
	s32 cpu;

	scxkit_count(SCXKIT_C_TIMER_RUNS);
	queued = scxkit_tq_nr_total() > 0;
	bpf_for(cpu, 0, (s32)nr_cpus)
		__scxkit_preempt_check_cpu(cpu, now, queued);
	if (__scxkit_anything_waits(nr_cpus)) {
		bpf_timer_start(timer, __scxkit_timer_interval_ns, 0);
		return 0;
	}
	/*
	 * Nothing waits: sleep until a queueing wakes the scan.  A task
	 * queued between the look and the mark found the scan awake and
	 * did not wake it, so look once more after the mark.
	 */
	__sync_lock_test_and_set(&__scxkit_scan_asleep, 1);
	waits = __scxkit_anything_waits(nr_cpus);
	if (waits && __sync_bool_compare_and_swap(&__scxkit_scan_asleep, 1, 0))
		bpf_timer_start(timer, __scxkit_timer_interval_ns, 0);
	return 0;
}

static int __scxkit_cpu_timer_fn(void *map, int *key,
				 struct scxkit_cpu_timer *t)
{
	scxkit_count(SCXKIT_C_TIMER_RUNS);
	__scxkit_preempt_check_cpu(*key, bpf_ktime_get_ns(), false);
	return 0;
}

/**
 * scxkit_cpu_timers_init - set up the per-CPU one-shot timers; call it
 * from the init hook.  Returns 0 or a negative error.
 */
static __always_inline s32 scxkit_cpu_timers_init(void)
{
	u32 nr_cpus = scxkit_nr_cpus();
	s32 cpu, ret;

	bpf_for(cpu, 0, (s32)nr_cpus) {
		u32 key = (u32)cpu;
		struct scxkit_cpu_timer *t =
			bpf_map_lookup_elem(&scxkit_cpu_timers, &key);

		if (!t)
			return -ENOENT;
		ret = (s32)bpf_timer_init(&t->timer, &scxkit_cpu_timers,
					  1 /* CLOCK_MONOTONIC */);
		if (ret)
			return ret;
		ret = (s32)bpf_timer_set_callback(&t->timer,
						  __scxkit_cpu_timer_fn);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * scxkit_cpu_timer_arm - ask preempt_check about @cpu at @at_ns
 * (bpf_ktime_get_ns() time; a time past fires at once).  Re-arming moves
 * the one pending expiry.  Needs scxkit_cpu_timers_init().
 */
static __always_inline void scxkit_cpu_timer_arm(s32 cpu, u64 at_ns)
{
	u32 key = (u32)cpu;
	struct scxkit_cpu_timer *t =
		bpf_map_lookup_elem(&scxkit_cpu_timers, &key);
	u64 flags = BPF_F_TIMER_ABS;

	if (!t)
		return;
	if (cpu == (s32)bpf_get_smp_processor_id())
		flags |= BPF_F_TIMER_CPU_PIN;
	bpf_timer_start(&t->timer, at_ns, flags);
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
		return -ENOENT;
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
