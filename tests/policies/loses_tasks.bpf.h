/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body the deliberately broken test policies share: fifo (the global
 * DSQ), except that a task the including file's loses(p) names is never
 * queued anywhere, the bug `scxkit check` must catch.  Each broken policy
 * defines loses() and its SCXKIT_POLICY() line, and nothing else of fifo.
 */
#ifndef __SCXKIT_TEST_LOSES_TASKS_BPF_H
#define __SCXKIT_TEST_LOSES_TASKS_BPF_H

#include <scxkit/scxkit.bpf.h>

static bool loses(struct task_struct *p);

static s32 loses_select_cpu(struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle && !loses(p))
		scxkit_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

static void loses_enqueue(struct task_struct *p, u64 enq_flags)
{
	if (loses(p))
		return; /* the bug: queued nowhere, so never run */
	scxkit_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

#endif /* __SCXKIT_TEST_LOSES_TASKS_BPF_H */
