/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct scxkit_hooks: what a policy gives the framework, and the object
 * that holds them.
 *
 * SCXKIT_POLICY() (scxkit.bpf.h) defines scxkit_hooks with the policy's
 * hooks at the end of the policy file; until then the tentative definition
 * below stands, so the framework's callbacks (ops.bpf.h) and the
 * preemption timer (preempt.bpf.h) can name it.  Being a static const
 * object, `if (scxkit_hooks.x)` and `scxkit_hooks.x(...)` fold into
 * nothing or a direct call: the verifier never sees an indirect call.
 */
#ifndef __SCXKIT_HOOKS_BPF_H
#define __SCXKIT_HOOKS_BPF_H

#include <vmlinux.h>
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

/* Tentative definition; SCXKIT_POLICY() gives the initialiser. */
static const struct scxkit_hooks scxkit_hooks;

#endif /* __SCXKIT_HOOKS_BPF_H */
