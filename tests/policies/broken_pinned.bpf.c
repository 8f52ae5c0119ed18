/* SPDX-License-Identifier: GPL-2.0 */
/*
 * broken_pinned - a deliberately broken policy for `scxkit check`: fifo,
 * except that a user task allowed on one CPU only is never dispatched
 * (as if the policy forgot that such a task cannot go to the global
 * queue's other consumers).  `scxkit check` must fail it in the pinned
 * scenario.  Not for use.  Per-CPU kernel threads are spared, so that
 * the machine keeps working while the check looks.
 */
#include <scxkit/scxkit.bpf.h>

static bool is_pinned_user(struct task_struct *p)
{
	return p->nr_cpus_allowed == 1 && !(p->flags & PF_KTHREAD);
}

static s32 pinned_select_cpu(struct task_struct *p, s32 prev_cpu,
			     u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle && !is_pinned_user(p))
		scxkit_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

static void pinned_enqueue(struct task_struct *p, u64 enq_flags)
{
	if (is_pinned_user(p))
		return; /* the bug: queued nowhere, so never run */
	scxkit_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SCXKIT_POLICY(broken_pinned, "BROKEN on purpose: never runs a pinned task", 0,
	      .select_cpu = pinned_select_cpu, .enqueue = pinned_enqueue);
