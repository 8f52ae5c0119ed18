/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Task queues: up to SCXKIT_MAX_QUEUES deques of tasks (one per QoS level,
 * say) built on deque.bpf.h, with what a scheduler needs on top:
 *
 * - Stale entries.  A queue map cannot delete from the middle, so a task
 *   that leaves (exits, is dequeued by the kernel, is re-enqueued) leaves
 *   its old entry behind.  Each entry carries a sequence number that must
 *   match the task's scxkit_task_ctx.queued_seq; popping claims it with a
 *   compare-and-swap.  Entries that fail are skipped and counted
 *   (stale_skip): a task is never dispatched twice, and never lost, since
 *   its valid entry stays until it is popped or the kernel takes the task
 *   back (and later enqueues it again).
 * - Overflow.  When a queue's map is full the task goes to a framework DSQ
 *   that every CPU drains first, and the overflow counter counts it.
 * - Depth.  scxkit_tq_nr_queued() counts valid entries only.
 *
 * The maps' capacity is the launcher's --queue-capacity (per end).
 */
#ifndef __SCXKIT_TASK_QUEUE_BPF_H
#define __SCXKIT_TASK_QUEUE_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/deque.bpf.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/work.bpf.h>

#define SCXKIT_FALLBACK_DSQ 0x5c8000000001ULL
#define SCXKIT_TQ_MAX_SKIP  64 /* stale entries skipped per pop, at most */

/* Capacity 1 is a placeholder: the launcher sizes the inner maps. */
SCXKIT_DEQUE_ARRAY(scxkit_tq, SCXKIT_MAX_QUEUES, 1);

/* Valid entries per queue; the extra last slot: queues in use. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_QUEUES + 1);
	__type(key, u32);
	__type(value, s64);
} scxkit_tq_nr SEC(".maps");

static u32 __scxkit_tq_next_seq;
/*
 * Valid entries in all queues together: "does anything wait?" in one
 * read instead of a lookup per queue.  dispatch and the preemption scan
 * ask it on every call, and they run on most context switches.
 */
static s64 __scxkit_tq_nr_total;

static __always_inline void __scxkit_tq_nr_add(u32 idx, s64 d)
{
	s64 *nr = bpf_map_lookup_elem(&scxkit_tq_nr, &idx);

	if (nr)
		__sync_fetch_and_add(nr, d);
	__sync_fetch_and_add(&__scxkit_tq_nr_total, d);
}

/*
 * The claim protocol, on a task context alone so the host unit tests can
 * run it without tasks.  A push takes a fresh non-zero sequence and makes
 * it the context's queued_seq; pop, dequeue and exit release the claim.
 */

/* Makes @ctx's queued entry, if any, stale; true if there was one. */
static __always_inline bool __scxkit_tq_forget(struct scxkit_task_ctx *ctx)
{
	u32 old = __sync_lock_test_and_set(&ctx->queued_seq, 0);

	if (!old)
		return false;
	__scxkit_tq_nr_add(ctx->queued_idx, -1);
	return true;
}

/* Claims a new entry for @ctx in queue @idx; returns its sequence. */
static __always_inline u32 __scxkit_tq_claim(struct scxkit_task_ctx *ctx,
					     u32 idx)
{
	u32 seq = __sync_add_and_fetch(&__scxkit_tq_next_seq, 1);

	if (!seq) /* 0 means "not queued"; skip it on wrap-around */
		seq = __sync_add_and_fetch(&__scxkit_tq_next_seq, 1);
	__scxkit_tq_forget(ctx);
	ctx->queued_idx = idx;
	ctx->queued_seq = seq;
	return seq;
}

/*
 * Takes the claim of entry @seq of @ctx, popped from queue @idx: true if
 * it was the valid entry (the caller now owns the dispatch), false if it
 * was stale.  Also checks, independently of the claim, that pops never
 * outnumber pushes.
 */
static __always_inline bool __scxkit_tq_take(struct scxkit_task_ctx *ctx,
					     u32 idx, u32 seq)
{
	if (__sync_val_compare_and_swap(&ctx->queued_seq, seq, 0) != seq) {
		scxkit_count(SCXKIT_C_STALE_SKIP);
		return false;
	}
	__scxkit_tq_nr_add(idx, -1);
	if (++ctx->pops > ctx->pushes) /* ordered: see __scxkit_tq_push_ctx */
		scxkit_count(SCXKIT_C_DOUBLE_DISPATCH);
	return true;
}

/* Entries pack the pid with the claim's sequence. */
static __always_inline u64 __scxkit_tq_entry(s32 pid, u32 seq)
{
	return ((u64)(u32)pid << 32) | seq;
}

/*
 * Queues the entry of a task (@ctx, @pid) in queue @idx.  Returns 0, or
 * -E2BIG when that end is full (the claim is then taken back).  Called
 * from ops.enqueue only, with the task's runqueue locked: see "Why the
 * claim protocol holds" below.
 */
static __always_inline int __scxkit_tq_push_ctx(struct scxkit_task_ctx *ctx,
						s32 pid, u32 idx, bool front)
{
	u32 seq = __scxkit_tq_claim(ctx, idx);
	u64 entry = __scxkit_tq_entry(pid, seq);
	int ret;

	ctx->queued_at = bpf_ktime_get_ns();
	/*
	 * Counted before the entry is visible: a CPU that pops it at once
	 * must see pushes >= pops (the deque's lock orders the two), and
	 * the queue's count must never read 0 while it holds a valid
	 * entry, or a CPU that trusts the count would go idle beside it.
	 */
	ctx->pushes++;
	__scxkit_tq_nr_add(idx, 1);
	ret = front ? scxkit_deque_push_front(SCXKIT_DEQUE(scxkit_tq), idx,
					      entry)
		    : scxkit_deque_push_back(SCXKIT_DEQUE(scxkit_tq), idx,
					     entry);
	if (ret) {
		/* Never visible, so nobody else can hold this claim. */
		__sync_val_compare_and_swap(&ctx->queued_seq, seq, 0);
		ctx->pushes--;
		__scxkit_tq_nr_add(idx, -1);
		return ret;
	}
	return 0;
}

static __always_inline int __scxkit_tq_push(struct task_struct *p, u32 idx,
					    bool front, u64 enq_flags)
{
	struct scxkit_task_ctx *ctx = scxkit_task_ctx(p);

	if (ctx && idx < SCXKIT_MAX_QUEUES) {
		if (!__scxkit_tq_push_ctx(ctx, p->pid, idx, front)) {
			__scxkit_queued_shared(p);
			return 0;
		}
		scxkit_count(SCXKIT_C_OVERFLOW);
	}
	scxkit_insert(p, SCXKIT_FALLBACK_DSQ, SCX_SLICE_DFL, enq_flags);
	return 1;
}

/**
 * scxkit_tq_push_back - queue @p at the back of task queue @idx
 * @enq_flags: the flags ops.enqueue got (used only on overflow)
 *
 * Returns 0, or 1 when the queue was full (or @idx invalid) and @p went to
 * the overflow DSQ instead, which the framework drains before dispatching.
 */
static __always_inline int scxkit_tq_push_back(struct task_struct *p, u32 idx,
					       u64 enq_flags)
{
	return __scxkit_tq_push(p, idx, false, enq_flags);
}

/**
 * scxkit_tq_push_front - queue @p at the front of task queue @idx
 *
 * Tasks pushed to the front run before those pushed to the back, the most
 * recently pushed first (LIFO among front pushes).  Returns as push_back.
 */
static __always_inline int scxkit_tq_push_front(struct task_struct *p, u32 idx,
						u64 enq_flags)
{
	return __scxkit_tq_push(p, idx, true, enq_flags);
}

/* Can @p run on @cpu right now (affinity, and migration not disabled)? */
static __always_inline bool scxkit_task_can_run_on(struct task_struct *p,
						   s32 cpu)
{
	if (!bpf_cpumask_test_cpu((u32)cpu, p->cpus_ptr))
		return false;
	return !p->migration_disabled || scx_bpf_task_cpu(p) == cpu;
}

/*
 * Why the claim protocol holds, on any number of CPUs:
 * - Entries are made only by ops.enqueue, which runs with the task's
 *   runqueue locked, and so do the only writes of queued_idx and pushes
 *   (ops.dequeue, under the same lock, only releases the claim).
 * - Each entry's sequence is claimed by one compare-and-swap on
 *   queued_seq: exactly one of the popping CPU, ops.dequeue or the next
 *   ops.enqueue wins it.
 * - The CPU that wins a pop writes nothing more to the task's context: it
 *   only inserts the task into a DSQ.  If the task left BPF's hands in
 *   the meantime (dequeued, exited), the kernel drops that insertion
 *   itself (it checks the task's queue sequence when the dispatch lands).
 * So no entry is ever revived for a task that left, and a task popped
 * twice would need two wins of one claim.  double_dispatch checks it.
 */

/*
 * @p, popped from queue @idx by a CPU it may not run on, goes to the
 * framework DSQ that every CPU drains before its queues: it keeps its
 * place ahead of the queue, the kernel gives it only to a CPU it may run
 * on, and a CPU it may use is woken to take it.  The popping CPU goes on
 * to look for a task of its own (no head-of-line blocking).
 */
static __always_inline void __scxkit_tq_hand_off(struct task_struct *p,
						 u64 slice_ns)
{
	s32 target = scx_bpf_task_cpu(p);

	if (!scxkit_task_can_run_on(p, target))
		target = scx_bpf_pick_any_cpu(p->cpus_ptr, 0);
	scxkit_insert(p, SCXKIT_FALLBACK_DSQ, slice_ns, 0);
	scxkit_count(SCXKIT_C_HANDOFF);
	if (target >= 0)
		scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
}

/** scxkit_tq_nr_total - valid (non-stale) tasks in all task queues. */
static __always_inline u64 scxkit_tq_nr_total(void)
{
	s64 nr = __scxkit_tq_nr_total;

	return nr > 0 ? (u64)nr : 0;
}

/** scxkit_tq_nr_queued - valid (non-stale) tasks in queue @idx. */
static __always_inline u64 scxkit_tq_nr_queued(u32 idx)
{
	s64 *nr = bpf_map_lookup_elem(&scxkit_tq_nr, &idx);

	return nr && *nr > 0 ? (u64)*nr : 0;
}

/**
 * scxkit_tq_run_idle - give @p to an idle CPU at once, bypassing queue @idx
 * @slice_ns: its time slice
 * @enq_flags: the flags ops.enqueue got
 *
 * From ops.enqueue: when queue @idx holds no task and a CPU @p may run on
 * sits idle, @p goes straight to that CPU's local DSQ and the CPU is
 * woken; returns true.  Otherwise returns false and the caller queues @p
 * as usual.  Nobody waits ahead of @p, so FIFO order holds, and the push,
 * pop, task lookup and claim of a trip through the queue are saved: in the
 * VM a cross-CPU futex round trip between two pinned threads (whose
 * wake-ups skip ops.select_cpu) took 123 us through the queue, 90 us this
 * way, 81 us under a FIFO written without the framework.  A policy with
 * several queues calls it only when no queue it would serve first has a
 * task either.
 */
static __always_inline bool scxkit_tq_run_idle(struct task_struct *p, u32 idx,
					       u64 slice_ns, u64 enq_flags)
{
	bool ok;
	s32 cpu;

	if (scxkit_tq_nr_queued(idx))
		return false;
	cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (cpu < 0)
		return false;
	/* Migration disabled elsewhere: it must wait for its own CPU. */
	ok = scxkit_task_can_run_on(p, cpu);
	if (ok)
		scxkit_insert(p, SCX_DSQ_LOCAL_ON | (u64)(u32)cpu, slice_ns,
			      enq_flags);
	/* Claimed: woken either way, so that it goes back to idle if unused. */
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	return ok;
}

/*
 * Is a dispatch slot left?  Each insertion takes one, and overrunning
 * them ejects the policy ("dispatch buffer overflow").
 */
static __always_inline bool __scxkit_tq_slot_left(void)
{
	return !bpf_ksym_exists(scx_bpf_dispatch_nr_slots) ||
	       scx_bpf_dispatch_nr_slots();
}

/* Are @a and @b on one NUMA node?  (No answer from the kernel: no.) */
static __always_inline bool __scxkit_same_node(s32 a, s32 b)
{
	return bpf_ksym_exists(scx_bpf_cpu_node) &&
	       scx_bpf_cpu_node(a) == scx_bpf_cpu_node(b);
}

/*
 * Runs @p, popped and claimed for local DSQ @dsq_id of CPU @target, which
 * it may run on as far as this CPU can tell.
 *
 * Straight into the local DSQ when @p sits on this CPU's runqueue: this
 * CPU holds that lock through ops.dispatch and until the insertion
 * lands, so neither @p's affinity nor its CPU can change in between.  A
 * task on another runqueue can have both changed, and be queued again,
 * between our look at its mask and the landing; the kernel then finds it
 * may not run here and ejects the policy ("SCX_DSQ_LOCAL[_ON] target CPU
 * n not allowed", seen on 16 vCPUs with tasks changing their affinity).
 * Such a task goes to a DSQ that the kernel moves to this CPU's local one
 * with the mask checked under the lock, leaving it to another CPU if it
 * may no longer run here: the global DSQ, which the kernel drains right
 * after ops.dispatch (one insertion, as a local one), when @p's CPU is on
 * this CPU's NUMA node (the global DSQ is per node: the task's); else the
 * framework's DSQ and scx_bpf_dsq_move_to_local(), which doubled
 * dispatch's run time (3.5 to 7.8 us a run in the VM, make bench-ab).
 *
 * Another CPU's local DSQ (@target not this CPU: shinjuku --central 1)
 * is inserted into directly, as before: the central CPU counts on
 * seeing the task there, and the race above remains on that path.
 */
static __always_inline void __scxkit_tq_run_local(struct task_struct *p,
						  u64 dsq_id, s32 target,
						  u64 slice_ns)
{
	s32 self = (s32)bpf_get_smp_processor_id();
	s32 cpu = scx_bpf_task_cpu(p);

	if (target != self || cpu == self) {
		scxkit_insert(p, dsq_id, slice_ns, 0);
		return;
	}
	if (__scxkit_same_node(cpu, self)) {
		/*
		 * Not scxkit_insert(), which would wake an idle CPU for a
		 * task on a shared DSQ: the kernel hands it to this CPU.
		 */
		scxkit_compat_dsq_insert(p, SCX_DSQ_GLOBAL, slice_ns, 0);
		scxkit_count(SCXKIT_C_DISPATCH);
		return;
	}
	scxkit_insert(p, SCXKIT_FALLBACK_DSQ, slice_ns, 0);
	scxkit_compat_dsq_move_to_local(SCXKIT_FALLBACK_DSQ);
}

/**
 * scxkit_tq_dispatch - move the first valid task of queue @idx to @dsq_id
 * @slice_ns: its time slice
 *
 * Call from ops.dispatch.  Skips (and counts) stale entries.  With a
 * local DSQ as @dsq_id (SCX_DSQ_LOCAL, the usual call, or
 * SCX_DSQ_LOCAL_ON | cpu), a task that may not run on that CPU is handed
 * to one that may (counted as handoffs) and the search goes on for a task
 * that can; a task on another CPU's runqueue reaches this CPU through a
 * DSQ the kernel checks it against (__scxkit_tq_run_local).  Returns true
 * if a task was sent to @dsq_id; false also when no dispatch slot is
 * left (the CPU is kicked to ask again).  It may use the last slot: a
 * caller that inserts more afterwards checks scx_bpf_dispatch_nr_slots().
 */
static __always_inline bool scxkit_tq_dispatch(u32 idx, u64 dsq_id,
					       u64 slice_ns)
{
	s32 target = -1; /* the CPU whose local DSQ @dsq_id is, if any */

	if (dsq_id == SCX_DSQ_LOCAL)
		target = (s32)bpf_get_smp_processor_id();
	else if ((dsq_id & SCX_DSQ_LOCAL_ON) == SCX_DSQ_LOCAL_ON)
		target = (s32)(dsq_id & SCX_DSQ_LOCAL_CPU_MASK);
	struct scxkit_task_ctx *ctx;
	struct task_struct *p;
	u64 entry;
	int i;

	/*
	 * A CPU going idle asks for work whether or not there is any: one
	 * lookup answers the common "none", where the loop below would set
	 * up an iterator and try both ends of the deque.
	 */
	if (!scxkit_deque_len(SCXKIT_DEQUE(scxkit_tq), idx))
		return false;
	bpf_for(i, 0, SCXKIT_TQ_MAX_SKIP) {
		u32 seq;

		/* Hand-offs took them all: look again, from a fresh call. */
		if (!__scxkit_tq_slot_left()) {
			scx_bpf_kick_cpu((s32)bpf_get_smp_processor_id(), 0);
			return false;
		}
		if (scxkit_deque_pop_front(SCXKIT_DEQUE(scxkit_tq), idx,
					   &entry))
			return false;
		seq = (u32)entry;
		p = bpf_task_from_pid((s32)(entry >> 32));
		if (!p) {
			scxkit_count(SCXKIT_C_STALE_SKIP);
			continue;
		}
		ctx = scxkit_task_ctx(p);
		if (!ctx) {
			bpf_task_release(p);
			scxkit_count(SCXKIT_C_STALE_SKIP);
			continue;
		}
		if (!__scxkit_tq_take(ctx, idx, seq)) {
			bpf_task_release(p);
			continue;
		}
		if (target >= 0 && !scxkit_task_can_run_on(p, target)) {
			__scxkit_tq_hand_off(p, slice_ns);
			bpf_task_release(p);
			continue;
		}
		if (target < 0)
			scxkit_insert(p, dsq_id, slice_ns, 0);
		else
			__scxkit_tq_run_local(p, dsq_id, target, slice_ns);
		bpf_task_release(p);
		return true;
	}
	/*
	 * A whole budget of stale entries, and waiting tasks behind them:
	 * the kernel asks again only if something was dispatched, so make
	 * this CPU look again rather than go idle on them.
	 */
	if (scxkit_tq_nr_queued(idx))
		scx_bpf_kick_cpu(target >= 0 ? target
					     : (s32)bpf_get_smp_processor_id(),
				 0);
	return false;
}

/**
 * scxkit_tq_highest - the highest-numbered non-empty queue below @nr, or -1.
 * With one queue per QoS level (higher number, more important), this is
 * the level to serve next.
 */
static __always_inline s32 scxkit_tq_highest(u32 nr)
{
	s32 i;

	if (!scxkit_tq_nr_total())
		return -1;
	if (nr > SCXKIT_MAX_QUEUES)
		nr = SCXKIT_MAX_QUEUES;
	bpf_for(i, 0, (s32)nr) {
		s32 level = (s32)nr - 1 - i;

		if (scxkit_tq_nr_queued((u32)level))
			return level;
	}
	return -1;
}

/**
 * scxkit_tq_dispatch_highest - dispatch the first valid task of the most
 * important non-empty queue among 0..@nr-1, trying lower ones when a queue
 * holds only stale entries.  Returns the level served, or -1 if none had a
 * task.  Strict priority across levels, FIFO within one.
 */
static __always_inline s32 scxkit_tq_dispatch_highest(u32 nr, u64 dsq_id,
						      u64 slice_ns)
{
	s32 i;

	if (!scxkit_tq_nr_total())
		return -1;
	if (nr > SCXKIT_MAX_QUEUES)
		nr = SCXKIT_MAX_QUEUES;
	bpf_for(i, 0, (s32)nr) {
		s32 level = (s32)nr - 1 - i;

		if (!scxkit_tq_nr_queued((u32)level))
			continue;
		if (scxkit_tq_dispatch((u32)level, dsq_id, slice_ns))
			return level;
	}
	return -1;
}

/**
 * scxkit_tq_head_wait_ns - how long the task at the front of queue @idx has
 * waited, 0 if the queue is empty or its front entry is stale.
 */
static __always_inline u64 scxkit_tq_head_wait_ns(u32 idx, u64 now)
{
	struct scxkit_task_ctx *ctx;
	struct task_struct *p;
	u64 entry, wait = 0;

	if (!scxkit_tq_nr_queued(idx) ||
	    scxkit_deque_peek_front(SCXKIT_DEQUE(scxkit_tq), idx, &entry))
		return 0;
	p = bpf_task_from_pid((s32)(entry >> 32));
	if (!p)
		return 0;
	ctx = scxkit_task_ctx(p);
	if (ctx && ctx->queued_seq == (u32)entry && now > ctx->queued_at)
		wait = now - ctx->queued_at;
	bpf_task_release(p);
	return wait;
}

/**
 * scxkit_tq_starving - the queue among 0..@nr-1 whose front task has waited
 * longest, if that is more than @max_wait_ns; else -1.  Policies with
 * strict priority use it to bound waiting: sched_ext ejects a scheduler
 * that leaves a runnable task unrun for its watchdog timeout.
 */
static __always_inline s32 scxkit_tq_starving(u32 nr, u64 max_wait_ns)
{
	u64 now = bpf_ktime_get_ns(), worst = max_wait_ns;
	s32 i, found = -1;

	if (nr > SCXKIT_MAX_QUEUES)
		nr = SCXKIT_MAX_QUEUES;
	bpf_for(i, 0, (s32)nr) {
		u64 wait = scxkit_tq_head_wait_ns((u32)i, now);

		if (wait > worst) {
			worst = wait;
			found = i;
		}
	}
	return found;
}

/**
 * scxkit_tq_set_nr_used - tell the stats how many task queues the policy
 * uses (queues 0..@nr-1 are shown); call it from the init hook.  Default 1.
 */
static __always_inline void scxkit_tq_set_nr_used(u32 nr)
{
	u32 key = SCXKIT_MAX_QUEUES;
	s64 val = nr;

	bpf_map_update_elem(&scxkit_tq_nr, &key, &val, 0);
}

/*
 * Dispatching from a copy of the queue.  A policy may keep a second view
 * of its waiting tasks elsewhere (a userspace agent, say) and dispatch in
 * that order: it pushes as usual, passes scxkit_tq_seq() along with the
 * task, and when the copy names the task, claims it with scxkit_tq_take()
 * before inserting it into a DSQ.  The entry left in the queue is then
 * stale; scxkit_tq_drop_stale() clears such entries off the front, and the
 * queue itself still serves as the FIFO of those not yet claimed.
 */

/** scxkit_tq_seq - the sequence of @p's valid queue entry, 0 if none. */
static __always_inline u32 scxkit_tq_seq(struct task_struct *p)
{
	struct scxkit_task_ctx *ctx = scxkit_task_ctx(p);

	return ctx ? ctx->queued_seq : 0;
}

/**
 * scxkit_tq_take - claim @p's entry @seq in queue @idx for a dispatch the
 * caller makes itself
 *
 * Returns true if @seq was still @p's valid entry: the caller must now
 * insert @p into a DSQ.  False if @p was dispatched, dequeued by the
 * kernel or queued again since (counted as stale_skip).
 */
static __always_inline bool scxkit_tq_take(struct task_struct *p, u32 idx,
					   u32 seq)
{
	struct scxkit_task_ctx *ctx = scxkit_task_ctx(p);

	if (!ctx || !seq) {
		scxkit_count(SCXKIT_C_STALE_SKIP);
		return false;
	}
	return __scxkit_tq_take(ctx, idx, seq);
}

/* Is queue entry @entry stale (its task gone, or with another sequence)? */
static __always_inline bool __scxkit_tq_entry_stale(u64 entry)
{
	struct task_struct *p = bpf_task_from_pid((s32)(entry >> 32));
	struct scxkit_task_ctx *ctx;
	bool stale;

	if (!p)
		return true;
	ctx = scxkit_task_ctx(p);
	stale = !ctx || ctx->queued_seq != (u32)entry;
	bpf_task_release(p);
	return stale;
}

/**
 * scxkit_tq_drop_stale - remove the stale entries at the front of queue
 * @idx (at most SCXKIT_TQ_MAX_SKIP), so that its front is a waiting task
 * and scxkit_tq_head_wait_ns() sees it.  Policies that claim tasks with
 * scxkit_tq_take() call it now and then, or stale entries fill the queue.
 * Returns how many it removed (also counted as stale_skip).
 */
static __always_inline u32 scxkit_tq_drop_stale(u32 idx)
{
	u64 entry;
	u32 n = 0;
	int i;

	bpf_for(i, 0, SCXKIT_TQ_MAX_SKIP) {
		if (scxkit_deque_peek_front(SCXKIT_DEQUE(scxkit_tq), idx,
					    &entry) ||
		    !__scxkit_tq_entry_stale(entry) ||
		    scxkit_deque_pop_front(SCXKIT_DEQUE(scxkit_tq), idx,
					   &entry))
			break;
		/* Another CPU popped the entry we saw: keep what we got. */
		if (!__scxkit_tq_entry_stale(entry)) {
			scxkit_deque_push_front(SCXKIT_DEQUE(scxkit_tq), idx,
						entry);
			break;
		}
		scxkit_count(SCXKIT_C_STALE_SKIP);
		n++;
	}
	return n;
}

#endif /* __SCXKIT_TASK_QUEUE_BPF_H */
