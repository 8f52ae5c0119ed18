/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scxkit.bpf.h - everything a policy's .bpf.c includes.
 *
 * A policy is one BPF C file: it includes this header, declares its options
 * with SCXKIT_OPT(), writes the sched_ext callbacks it needs as plain static
 * functions and names them once, at the end, in SCXKIT_POLICY():
 *
 *	#include <scxkit/scxkit.bpf.h>
 *
 *	SCXKIT_OPT(slice_us, 20000, 100, 1000000, "slice in us");
 *
 *	static void fifo_enqueue(struct task_struct *p, u64 enq_flags)
 *	{
 *		scxkit_insert(p, SCX_DSQ_GLOBAL, slice_us * 1000, enq_flags);
 *	}
 *
 *	SCXKIT_POLICY(fifo, "one global FIFO queue", 0,
 *		      .enqueue = fifo_enqueue);
 *
 * The framework owns the real struct_ops callbacks.  Each one does the
 * framework's bookkeeping (counters, exit recording, fault injection,
 * per-task state, per-CPU occupants) and then calls the policy's hook of
 * the same name, or a sensible default when the policy gave none.  Hooks
 * are resolved at compile time: no indirect calls reach the verifier.
 *
 * What a policy can use (each is documented where it is defined):
 *
 * Declaring               SCXKIT_POLICY, SCXKIT_OPT, SCXKIT_COUNTER,
 *                         struct scxkit_hooks (below)
 * Counting, failing       scxkit_count, scxkit_count_n, scxkit_insert,
 *                         scxkit_error                       (helpers.bpf.h)
 * Task queues             scxkit_tq_push_back, scxkit_tq_push_front,
 *  (one per QoS level,    scxkit_tq_dispatch, scxkit_tq_nr_queued,
 *   stale-safe)           scxkit_tq_highest, scxkit_tq_nr_queued_above,
 *                         scxkit_tq_set_nr_used,
 *                         scxkit_task_can_run_on,
 *                         scxkit_tq_seq, scxkit_tq_take,
 *                         scxkit_tq_drop_stale            (task_queue.bpf.h)
 * Raw u64 deques          SCXKIT_DEQUE_ARRAY, SCXKIT_DEQUE,
 *                         scxkit_deque_push_back/_front, _pop_front,
 *                         _peek_front, _len             (scxkit/deque.bpf.h)
 * QoS table               scxkit_task_qos, scxkit_task_marked_idle
 *                                                               (qos.bpf.h)
 * Preemption              scxkit_preempt_timer_start, hooks.preempt_check,
 *                         scxkit_kick_preempt, scxkit_occupant,
 *                         scxkit_cpu_nr_waiting                (preempt.bpf.h)
 * Per-task state          scxkit_task_ctx                   (task_ctx.bpf.h)
 * Userspace agent         scxkit_is_agent, and <scxkit/agent.h> for the
 *                         agent's own code                    (agent.bpf.h)
 *
 * The implementation headers live in framework/bpf/; applications use
 * <scxkit/qos.h> instead.
 */
#ifndef __SCXKIT_BPF_H
#define __SCXKIT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <scxkit/common.h>

/*
 * The hooks a policy may give.  Each has the signature of the sched_ext_ops
 * member of the same name (see the kernel's Documentation/scheduler/
 * sched-ext.rst); unset hooks get the defaults noted beside them.
 */
struct scxkit_hooks {
	/* default: builtin idle-CPU pick, direct dispatch when idle */
	s32 (*select_cpu)(struct task_struct *p, s32 prev_cpu, u64 wake_flags);
	/* default: insert into SCX_DSQ_GLOBAL with the default slice */
	void (*enqueue)(struct task_struct *p, u64 enq_flags);
	void (*dequeue)(struct task_struct *p, u64 deq_flags);
	void (*dispatch)(s32 cpu, struct task_struct *prev);
	void (*tick)(struct task_struct *p);
	void (*runnable)(struct task_struct *p, u64 enq_flags);
	void (*running)(struct task_struct *p);
	void (*stopping)(struct task_struct *p, bool runnable);
	void (*quiescent)(struct task_struct *p, u64 deq_flags);
	s32 (*init_task)(struct task_struct *p,
			 struct scx_init_task_args *args);
	void (*exit_task)(struct task_struct *p,
			  struct scx_exit_task_args *args);
	void (*enable)(struct task_struct *p);
	void (*disable)(struct task_struct *p);
	s32 (*init)(void);
	void (*exit)(struct scx_exit_info *ei);
	/*
	 * Not a sched_ext op: asked by the preemption timer about each CPU's
	 * occupant; returns an enum scxkit_preempt_reason, 0 to leave it be.
	 * @now is bpf_ktime_get_ns().
	 */
	u32 (*preempt_check)(s32 cpu, struct scxkit_occupant *occ, u64 now);
};

/*
 * SCXKIT_OPT(name, default, min, max, help) - declare a policy option.
 *
 * Creates `const volatile u64 name`, which the policy reads like a constant
 * (the verifier sees the loaded value).  The launcher offers it as
 * `--name VALUE` (underscores may be written as dashes), checks it against
 * [min, max] and shows it with its default in `scxkit run POLICY --help`.
 */
#define SCXKIT_OPT(_name, _def, _min, _max, _help)                           \
	const volatile u64 _name = (_def);                                   \
	static const struct scxkit_opt_desc __scxkit_opt_##_name             \
		__attribute__((section(SCXKIT_SEC_OPTS), used)) = {          \
			.name = #_name,                                      \
			.help = _help,                                       \
			.def = (_def),                                       \
			.min = (_min),                                       \
			.max = (_max),                                       \
	}

/*
 * SCXKIT_COUNTER(name, slot, help) - declare a policy counter.
 *
 * slot counts from 0; bump it with scxkit_count(SCXKIT_POLICY_COUNTER(slot)).
 * The launcher prints it by name in the stats line and the JSON output.
 */
#define SCXKIT_POLICY_COUNTER(_slot) (SCXKIT_FIRST_POLICY_COUNTER + (_slot))
#define SCXKIT_COUNTER(_name, _slot, _help)                                  \
	_Static_assert((_slot) >= 0 &&                                       \
			       SCXKIT_POLICY_COUNTER(_slot) <                \
				       SCXKIT_MAX_COUNTERS,                  \
		       "counter slot out of range");                         \
	static const struct scxkit_counter_desc __scxkit_counter_##_name    \
		__attribute__((section(SCXKIT_SEC_COUNTERS), used)) = {      \
			.name = #_name,                                      \
			.help = _help,                                       \
			.slot = SCXKIT_POLICY_COUNTER(_slot),                \
	}

/* Frequently used helpers: counters, DSQ insertion, errors. */
#include "../../framework/bpf/helpers.bpf.h"
/* Arrays of u64 deques over BPF stack and queue maps. */
#include <scxkit/deque.bpf.h>
/* Per-task framework state, and queues of tasks built on the deques. */
#include "../../framework/bpf/task_ctx.bpf.h"
#include "../../framework/bpf/task_queue.bpf.h"
/* The QoS table applications write: scxkit_task_qos() and friends. */
#include "../../framework/bpf/qos.bpf.h"
/* The agent thread of policies with userspace code. */
#include "../../framework/bpf/agent.bpf.h"

/* Tentative definition; SCXKIT_POLICY() gives the initialiser. */
static const struct scxkit_hooks scxkit_hooks;

/* Per-CPU occupants and the preemption timer. */
#include "../../framework/bpf/preempt.bpf.h"
/* The struct_ops callbacks that wrap the policy's hooks. */
#include "../../framework/bpf/ops.bpf.h"

/*
 * SCXKIT_POLICY(name, summary, ops_flags, hooks...) - the policy itself.
 *
 * name becomes the policy's name in `scxkit list` and, as "scxkit_<name>",
 * in /sys/kernel/sched_ext/root/ops.  ops_flags are SCX_OPS_* flags the
 * policy always wants (the launcher adds SCX_OPS_SWITCH_PARTIAL for
 * --partial).  hooks are designated initialisers of struct scxkit_hooks.
 * Use it once, after the hook functions.
 */
#define SCXKIT_POLICY(_name, _summary, _flags, ...)                          \
	static const struct scxkit_hooks scxkit_hooks = { __VA_ARGS__ };     \
	static const struct scxkit_policy_desc __scxkit_policy               \
		__attribute__((section(SCXKIT_SEC_POLICY), used)) = {        \
			.abi = SCXKIT_ABI,                                   \
			.flags = (_flags),                                   \
			.name = #_name,                                      \
			.summary = _summary,                                 \
	};                                                                   \
	SCXKIT_DEFINE_OPS("scxkit_" #_name, _flags)

char _license[] SEC("license") = "GPL";

#endif /* __SCXKIT_BPF_H */
