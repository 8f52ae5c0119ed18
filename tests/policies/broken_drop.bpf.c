/* SPDX-License-Identifier: GPL-2.0 */
/*
 * broken_drop - a deliberately broken policy for `scxkit check`: fifo,
 * except that every 100th task forked after it attached is never run.
 * `scxkit check` must fail it in the stress scenario (lost tasks: the
 * fork/exit load sees children that never ran).  Not for use.
 *
 * Kernel threads are spared, so that the machine itself keeps working
 * long enough for the check to see the loss rather than a hang.
 */
#include "loses_tasks.bpf.h"

/* The tasks it lost, by pid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, s32);
	__type(value, u8);
} dropped SEC(".maps");

static u64 forks;

static bool loses(struct task_struct *p)
{
	s32 pid = p->pid;

	return bpf_map_lookup_elem(&dropped, &pid) != NULL;
}

static s32 drop_init_task(struct task_struct *p,
			  struct scx_init_task_args *args)
{
	s32 pid = p->pid;
	u8 one = 1;

	if (args->fork && !(p->flags & PF_KTHREAD) &&
	    __sync_fetch_and_add(&forks, 1) % 100 == 99)
		bpf_map_update_elem(&dropped, &pid, &one, BPF_ANY);
	return 0;
}

static void drop_exit_task(struct task_struct *p,
			   struct scx_exit_task_args *args)
{
	s32 pid = p->pid;

	bpf_map_delete_elem(&dropped, &pid);
}

SCXKIT_POLICY(broken_drop, "BROKEN on purpose: loses every 100th new task", 0,
	      .select_cpu = loses_select_cpu, .enqueue = loses_enqueue,
	      .init_task = drop_init_task, .exit_task = drop_exit_task);
