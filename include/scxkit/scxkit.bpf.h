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
 *                         SCXKIT_CTR, SCXKIT_POLICY_COUNTER       (below),
 *                         struct scxkit_hooks                 (hooks.bpf.h)
 * Counting, failing       scxkit_count, scxkit_count_n,
 *                         scxkit_error                       (helpers.bpf.h)
 * CPU ids to walk         scxkit_nr_cpus                     (helpers.bpf.h)
 * Inserting into DSQs     scxkit_insert (wakes an idle CPU for a task
 *                         put on a shared DSQ)                  (work.bpf.h)
 * Task queues             scxkit_tq_push_back, scxkit_tq_push_front,
 *  (one per QoS level,    scxkit_tq_run_idle,
 *   stale-safe)           scxkit_tq_dispatch, scxkit_tq_dispatch_highest,
 *                         scxkit_tq_nr_queued, scxkit_tq_highest,
 *                         scxkit_tq_head_wait_ns, scxkit_tq_starving,
 *                         scxkit_tq_set_nr_used, scxkit_task_can_run_on,
 *                         scxkit_tq_seq, scxkit_tq_take,
 *                         scxkit_tq_drop_stale            (task_queue.bpf.h)
 * Raw u64 deques          SCXKIT_DEQUE_ARRAY, SCXKIT_DEQUE,
 *                         scxkit_deque_push_back/_front, _pop_front,
 *                         _peek_front, _len                  (deque.bpf.h)
 * Virtual-time ordering   scxkit_vtime_init_task, _enable, _insert,
 *                         _dispatch, _running, _charge,
 *                         _before                             (vtime.bpf.h)
 * QoS table               scxkit_task_qos, scxkit_task_marked_idle
 *                                                               (qos.bpf.h)
 * Preemption              scxkit_preempt_timer_start, hooks.preempt_check,
 *                         scxkit_kick_preempt, scxkit_occupant,
 *                         scxkit_cpu_nr_waiting                (preempt.bpf.h)
 * Per-task state          scxkit_task_ctx                   (task_ctx.bpf.h)
 * Userspace agent         scxkit_is_agent, and <scxkit/agent.h> for the
 *                         agent's own code                    (agent.bpf.h)
 * Kernel differences      scxkit_compat_dsq_insert, _dsq_insert_vtime,
 *                         _dsq_move_to_local                 (compat.bpf.h)
 * Kernel functions        the scx_bpf_* and bpf_* kfuncs called here,
 *                         declared (vmlinux.h need not)      (kfuncs.bpf.h)
 *
 * Names that start with __scxkit_ are the framework's internals.
 *
 * The headers named in parentheses are in <scxkit/bpf/> (vtime.bpf.h is
 * included only by the policies that use it); applications use
 * <scxkit/qos.h>.  <scxkit/deque.bpf.h> and <scxkit/vtime.bpf.h>, their
 * old paths, forward there for one release.
 */
#ifndef __SCXKIT_BPF_H
#define __SCXKIT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>

/*
 * SCXKIT_OPT(name, default, min, max, help) - declare a policy option.
 *
 * Creates `const volatile u64 name`, which the policy reads like a constant
 * (the verifier sees the loaded value).  The launcher offers it as
 * `--name VALUE` (underscores may be written as dashes), checks it against
 * [min, max] and shows it with its default in `scxkit run POLICY --help`.
 */
#define SCXKIT_OPT(_name, _def, _min, _max, _help)                  \
	const volatile u64 _name = (_def);                          \
	static const struct scxkit_opt_desc __scxkit_opt_##_name    \
		__attribute__((section(SCXKIT_SEC_OPTS), used)) = { \
			.name = #_name,                             \
			.help = _help,                              \
			.def = (_def),                              \
			.min = (_min),                              \
			.max = (_max),                              \
		}

/*
 * SCXKIT_COUNTER(name, slot, help) - declare a policy counter.
 *
 * slot counts from 0 and fixes where the counter lives; bump it with
 * scxkit_count(SCXKIT_CTR(name)).  The launcher shows it by name in the
 * stats line, the JSON output and the dashboard.  (A computed slot, as in
 * a histogram, is SCXKIT_POLICY_COUNTER(slot).)
 */
#define SCXKIT_POLICY_COUNTER(_slot) (SCXKIT_FIRST_POLICY_COUNTER + (_slot))
#define SCXKIT_CTR(_name)	     __scxkit_ctr_##_name
#define SCXKIT_COUNTER(_name, _slot, _help)                              \
	_Static_assert((_slot) >= 0 && SCXKIT_POLICY_COUNTER(_slot) <    \
					       SCXKIT_MAX_COUNTERS,      \
		       "counter slot out of range");                     \
	enum { SCXKIT_CTR(_name) = SCXKIT_POLICY_COUNTER(_slot) };       \
	static const struct scxkit_counter_desc __scxkit_counter_##_name \
		__attribute__((section(SCXKIT_SEC_COUNTERS), used)) = {  \
			.name = #_name,                                  \
			.help = _help,                                   \
			.slot = SCXKIT_POLICY_COUNTER(_slot),            \
		}

/* The framework, in dependency order (each header also stands alone). */
#include <scxkit/bpf/kfuncs.bpf.h> /* the kernel functions called */
#include <scxkit/bpf/helpers.bpf.h> /* counters, errors */
#include <scxkit/bpf/deque.bpf.h> /* arrays of u64 deques */
#include <scxkit/bpf/task_ctx.bpf.h> /* per-task framework state */
#include <scxkit/bpf/work.bpf.h> /* waking idle CPUs for queued tasks */
#include <scxkit/bpf/task_queue.bpf.h> /* queues of tasks on the deques */
#include <scxkit/bpf/qos.bpf.h> /* the QoS table applications write */
#include <scxkit/bpf/agent.bpf.h> /* the userspace agent thread */
#include <scxkit/bpf/hooks.bpf.h> /* struct scxkit_hooks */
#include <scxkit/bpf/preempt.bpf.h> /* occupants, preemption timer */
#include <scxkit/bpf/ops.bpf.h> /* the struct_ops callbacks */

/*
 * SCXKIT_POLICY(name, summary, ops_flags, hooks...) - the policy itself.
 *
 * name becomes the policy's name in `scxkit list` and, as "scxkit_<name>",
 * in /sys/kernel/sched_ext/root/ops.  ops_flags are SCX_OPS_* flags the
 * policy always wants (the launcher adds SCX_OPS_SWITCH_PARTIAL for
 * --partial).  hooks are designated initialisers of struct scxkit_hooks.
 * Use it once, after the hook functions.
 */
#define SCXKIT_POLICY(_name, _summary, _flags, ...)                      \
	static const struct scxkit_hooks scxkit_hooks = { __VA_ARGS__ }; \
	static const struct scxkit_policy_desc __scxkit_policy           \
		__attribute__((section(SCXKIT_SEC_POLICY), used)) = {    \
			.abi = SCXKIT_ABI,                               \
			.flags = (_flags),                               \
			.name = #_name,                                  \
			.summary = _summary,                             \
		};                                                       \
	SCXKIT_DEFINE_OPS("scxkit_" #_name, _flags)

char _license[] SEC("license") = "GPL";

#endif /* __SCXKIT_BPF_H */
