/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The struct_ops callbacks scxkit registers with the kernel.  Each does the
 * framework's share of the work and then calls the policy's hook from
 * scxkit_hooks (defined by SCXKIT_POLICY() further down the policy file).
 *
 * scxkit_hooks is a static const object, so `if (scxkit_hooks.x)` and
 * `scxkit_hooks.x(...)` are folded by the compiler into nothing or a direct
 * (usually inlined) call.  The verifier never sees an indirect call.
 */
#ifndef __SCXKIT_OPS_BPF_H
#define __SCXKIT_OPS_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/compat.bpf.h>
#include <scxkit/bpf/helpers.bpf.h>
#include <scxkit/bpf/task_ctx.bpf.h>
#include <scxkit/bpf/task_queue.bpf.h>
#include <scxkit/bpf/qos.bpf.h>
#include <scxkit/bpf/hooks.bpf.h>
#include <scxkit/bpf/preempt.bpf.h>
#include <scxkit/bpf/work.bpf.h>
#include <scxkit/bpf/sample.bpf.h>

static u64 __scxkit_nr_enqueues; /* for the --inject-* faults */
static bool __scxkit_fault_looping; /* --inject-loop-after is armed */

/*
 * Fault injection for the reliability tests; a bug in a policy looks like
 * one of these.  Returns true if @p must be dropped: never inserted, never
 * dispatched, a task the kernel's watchdog will find stalled.
 */
static __always_inline bool __scxkit_inject_faults(struct task_struct *p)
{
	u64 n;

	if (!scxkit_fault_error_after && !scxkit_fault_stall_after &&
	    !scxkit_fault_loop_after)
		return false;
	n = __sync_add_and_fetch(&__scxkit_nr_enqueues, 1);
	if (n == scxkit_fault_error_after)
		scxkit_error("injected fault after %llu enqueues", n);
	if (scxkit_fault_loop_after && n >= scxkit_fault_loop_after)
		__scxkit_fault_looping = true;
	if (n == scxkit_fault_stall_after) {
		bpf_printk("scxkit: injected stall: %s[%d] is never dispatched",
			   p->comm, p->pid);
		return true;
	}
	return false;
}

#define SCXKIT_OP(name, args...) SEC("struct_ops/" #name) BPF_PROG(name, ##args)
#define SCXKIT_OP_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

s32 SCXKIT_OP(scxkit_select_cpu, struct task_struct *p, s32 prev_cpu,
	      u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	if (scxkit_hooks.select_cpu)
		return scxkit_hooks.select_cpu(p, prev_cpu, wake_flags);

	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle) {
		scxkit_compat_dsq_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
		scxkit_count(SCXKIT_C_DIRECT);
	}
	return cpu;
}

void SCXKIT_OP(scxkit_enqueue, struct task_struct *p, u64 enq_flags)
{
	scxkit_count(SCXKIT_C_ENQUEUE);
	if (enq_flags & SCX_ENQ_REENQ)
		scxkit_count(SCXKIT_C_REENQUEUE);

	if (__scxkit_inject_faults(p))
		return;
	/*
	 * Injected loop, policy without a dispatch hook: its tasks would
	 * sit in DSQs the kernel serves without ops.dispatch, and the
	 * looping dispatch would starve nobody.  Queue them where only
	 * dispatch takes from, as a policy with this bug would have them.
	 */
	if (!scxkit_hooks.dispatch && __scxkit_fault_looping) {
		scxkit_insert(p, SCXKIT_FALLBACK_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}

	if (scxkit_hooks.enqueue)
		scxkit_hooks.enqueue(p, enq_flags);
	else
		scxkit_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void SCXKIT_OP(scxkit_dequeue, struct task_struct *p, u64 deq_flags)
{
	struct scxkit_task_ctx *tctx = scxkit_task_ctx(p);

	/*
	 * The kernel took @p back: its queue entry, if any, is now stale.
	 * (wc_since stays: clearing it here zeroed every wait measured in
	 * make bench, so this callback also runs on the way to a CPU.)
	 */
	if (tctx)
		__scxkit_tq_forget(tctx);
	if (scxkit_hooks.dequeue)
		scxkit_hooks.dequeue(p, deq_flags);
}

void SCXKIT_OP(scxkit_dispatch, s32 cpu, struct task_struct *prev)
{
	scxkit_count(SCXKIT_C_DISPATCH_CALL);
	/* Injected: make no progress, and come straight back here. */
	if (scxkit_fault_loop_after && __scxkit_fault_looping) {
		scx_bpf_kick_cpu(cpu, 0);
		return;
	}
	/* Overflowed tasks waited longest; they go first. */
	if (scx_bpf_dsq_nr_queued(SCXKIT_FALLBACK_DSQ) > 0 &&
	    scxkit_compat_dsq_move_to_local(SCXKIT_FALLBACK_DSQ))
		return;
	if (scxkit_hooks.dispatch)
		scxkit_hooks.dispatch(cpu, prev);
}

void SCXKIT_OP(scxkit_tick, struct task_struct *p)
{
	if (scxkit_hooks.tick)
		scxkit_hooks.tick(p);
}

void SCXKIT_OP(scxkit_runnable, struct task_struct *p, u64 enq_flags)
{
	if (scxkit_hooks.runnable)
		scxkit_hooks.runnable(p, enq_flags);
}

void SCXKIT_OP(scxkit_running, struct task_struct *p)
{
	struct scxkit_task_ctx *tctx = scxkit_task_ctx(p);
	u64 now = bpf_ktime_get_ns();

	/*
	 * No QoS-table lookup here: on every context switch it cost every
	 * policy, most of which never read the table (the policies that
	 * honour idle marks count idle_marked_run themselves).
	 */
	scxkit_count(SCXKIT_C_RUNNING);
	if (tctx)
		__scxkit_wc_running(tctx, now);
	__scxkit_occupant_running(p, tctx, now);
	if (scxkit_hooks.running)
		scxkit_hooks.running(p);
}

void SCXKIT_OP(scxkit_stopping, struct task_struct *p, bool runnable)
{
	__scxkit_occupant_stopping(p);
	if (scxkit_hooks.stopping)
		scxkit_hooks.stopping(p, runnable);
}

void SCXKIT_OP(scxkit_quiescent, struct task_struct *p, u64 deq_flags)
{
	if (scxkit_hooks.quiescent)
		scxkit_hooks.quiescent(p, deq_flags);
}

s32 SCXKIT_OP_SLEEPABLE(scxkit_init_task, struct task_struct *p,
			struct scx_init_task_args *args)
{
	struct scxkit_task_ctx *tctx;

	scxkit_count(SCXKIT_C_TASK_INIT);
	tctx = bpf_task_storage_get(&scxkit_task_ctxs, p, NULL,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx)
		return -ENOMEM;
	/* Forked: what `scxkit exec` set passes to the child (qos_rules). */
	if (args->fork)
		__scxkit_qos_inherit(tctx);
	if (scxkit_hooks.init_task)
		return scxkit_hooks.init_task(p, args);
	return 0;
}

void SCXKIT_OP(scxkit_exit_task, struct task_struct *p,
	       struct scx_exit_task_args *args)
{
	struct scxkit_task_ctx *tctx = scxkit_task_ctx(p);

	scxkit_count(SCXKIT_C_TASK_EXIT);
	if (tctx && (p->flags & PF_EXITING))
		__scxkit_rules_forget(tctx);
	if (tctx) {
		__scxkit_tq_forget(tctx);
		tctx->wc_since = 0; /* it may come back to ext much later */
	}
	/* Only when the thread itself ends, not when it leaves ext. */
	if (p->flags & PF_EXITING)
		__scxkit_qos_forget(p);
	if (scxkit_hooks.exit_task)
		scxkit_hooks.exit_task(p, args);
}

void SCXKIT_OP(scxkit_enable, struct task_struct *p)
{
	if (scxkit_hooks.enable)
		scxkit_hooks.enable(p);
}

void SCXKIT_OP(scxkit_disable, struct task_struct *p)
{
	if (scxkit_hooks.disable)
		scxkit_hooks.disable(p);
}

SEC("struct_ops.s/scxkit_init")
s32 scxkit_init(unsigned long long *ctx __attribute__((unused)))
{
	s32 ret;

	ret = scx_bpf_create_dsq(SCXKIT_FALLBACK_DSQ, -1);
	if (ret)
		return ret;
	if (scxkit_hooks.init)
		return scxkit_hooks.init();
	return 0;
}

void SCXKIT_OP(scxkit_exit, struct scx_exit_info *ei)
{
	struct scxkit_exit_info *out;
	u32 zero = 0;

	out = bpf_map_lookup_elem(&scxkit_exit_info, &zero);
	if (out) {
		bpf_probe_read_kernel_str(out->reason, sizeof(out->reason),
					  ei->reason);
		bpf_probe_read_kernel_str(out->msg, sizeof(out->msg), ei->msg);
		out->exit_code = ei->exit_code;
		/* Newer kernels only (not in 6.16): a CO-RE read of a
		 * missing field would refuse the whole object. */
		if (bpf_core_field_exists(ei->exit_cpu))
			out->exit_cpu = ei->exit_cpu;
		else
			out->exit_cpu = -1;
		/* Written last: userspace treats kind != 0 as "exit is in". */
		asm volatile("" ::: "memory");
		out->kind = ei->kind;
	}
	if (scxkit_hooks.exit)
		scxkit_hooks.exit(ei);
}

/*
 * @_op if @_cond holds, else NULL: the kernel then skips the callback,
 * one BPF program less per scheduling event (in the emulator each run
 * has a fixed cost that dwarfs what most callbacks do).  The conditions
 * are on scxkit_hooks, a static const object, so clang folds them.  An
 * unregistered program stays in the object; the launcher does not load
 * it (loader__open()).
 *
 * - Callbacks that only pass on to a hook: registered with the hook.
 * - dispatch: only a policy with a dispatch hook can have tasks anywhere
 *   but in SCX_DSQ_GLOBAL or a local DSQ, both of which the kernel
 *   serves by itself (the global one before it would call dispatch);
 *   the framework's DSQ for overflowed task-queue entries is drained
 *   there too, and only task-queue users (who dispatch) fill it.
 *   --inject-loop-after registers it anyway (the launcher does).
 * - dequeue: forgets task-queue entries, so only with dispatch as well.
 * - running, stopping: keep the per-CPU occupants, which preemption
 *   checks need exactly; the others sample them (sample.bpf.h).
 */
#define __SCXKIT_OP_IF(_cond, _op)   ((_cond) ? (void *)(_op) : 0)
#define __SCXKIT_IF_HOOK(_hook, _op) __SCXKIT_OP_IF(scxkit_hooks._hook, _op)

/* The struct_ops map the launcher attaches; named for SCXKIT_POLICY(). */
#define SCXKIT_DEFINE_OPS(_kname, _flags)                                   \
	SEC(".struct_ops.link")                                             \
	struct sched_ext_ops scxkit_ops = {                                 \
		.select_cpu = (void *)scxkit_select_cpu,                    \
		.enqueue = (void *)scxkit_enqueue,                          \
		.dequeue = __SCXKIT_OP_IF(scxkit_hooks.dequeue ||           \
						  scxkit_hooks.dispatch,    \
					  scxkit_dequeue),                  \
		.dispatch = __SCXKIT_IF_HOOK(dispatch, scxkit_dispatch),    \
		.tick = __SCXKIT_IF_HOOK(tick, scxkit_tick),                \
		.runnable = __SCXKIT_IF_HOOK(runnable, scxkit_runnable),    \
		.running = __SCXKIT_OP_IF(__SCXKIT_TRACKS_OCCUPANTS,        \
					  scxkit_running),                  \
		.stopping = __SCXKIT_OP_IF(__SCXKIT_TRACKS_OCCUPANTS,       \
					   scxkit_stopping),                \
		.quiescent = __SCXKIT_IF_HOOK(quiescent, scxkit_quiescent), \
		.init_task = (void *)scxkit_init_task,                      \
		.exit_task = (void *)scxkit_exit_task,                      \
		.enable = __SCXKIT_IF_HOOK(enable, scxkit_enable),          \
		.disable = __SCXKIT_IF_HOOK(disable, scxkit_disable),       \
		.init = (void *)scxkit_init,                                \
		.exit = (void *)scxkit_exit,                                \
		.flags = (_flags),                                          \
		.name = _kname,                                             \
	}

#endif /* __SCXKIT_OPS_BPF_H */
