/* SPDX-License-Identifier: GPL-2.0 */
/*
 * broken_pinned - a deliberately broken policy for `scxkit check`: fifo,
 * except that a user task allowed on one CPU only is never dispatched
 * (as if the policy forgot that such a task cannot go to the global
 * queue's other consumers).  `scxkit check` must fail it in the pinned
 * scenario.  Not for use.  Per-CPU kernel threads are spared, so that
 * the machine keeps working while the check looks.
 */
#include "loses_tasks.bpf.h"

static bool loses(struct task_struct *p)
{
	return p->nr_cpus_allowed == 1 && !(p->flags & PF_KTHREAD);
}

SCXKIT_POLICY(broken_pinned, "BROKEN on purpose: never runs a pinned task", 0,
	      .select_cpu = loses_select_cpu, .enqueue = loses_enqueue);
