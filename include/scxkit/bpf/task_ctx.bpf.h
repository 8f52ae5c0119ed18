/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-task state the framework keeps in task-local storage: the task's
 * queueing sequence (what makes stale queue entries recognisable) and the
 * counts that let tests prove no task is dispatched twice.  Created in
 * ops.init_task, freed by the kernel with the task.
 */
#ifndef __SCXKIT_TASK_CTX_BPF_H
#define __SCXKIT_TASK_CTX_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>

struct scxkit_task_ctx {
	/* First: the launcher reads it (`scxkit qos level`, common.h). */
	struct scxkit_qos_verdict verdict;
	/*
	 * Sequence number of the task's one valid queue entry, 0 when it has
	 * none.  A push sets it; a pop, ops.dequeue or exit clears it with an
	 * atomic exchange or compare-and-swap, so exactly one wins per push.
	 */
	u32 queued_seq;
	u32 queued_idx; /* which task queue holds the valid entry */
	u64 queued_at; /* bpf_ktime_get_ns() of the last push */
	u64 pushes; /* entries pushed for this task */
	u64 pops; /* entries popped and dispatched */
	u32 qos; /* QoS level last read for it (see qos.bpf.h) */
	u32 pad;
	/*
	 * When it was queued while a CPU it may use sat idle (work.bpf.h);
	 * 0 otherwise.  ops.running adds the wait to wc_wait_ns.
	 */
	u64 wc_since;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct scxkit_task_ctx);
} scxkit_task_ctxs SEC(".maps");

/** scxkit_task_ctx - the framework's state of @p, or NULL. */
static __always_inline struct scxkit_task_ctx *
scxkit_task_ctx(struct task_struct *p)
{
	return bpf_task_storage_get(&scxkit_task_ctxs, p, NULL, 0);
}

#endif /* __SCXKIT_TASK_CTX_BPF_H */
