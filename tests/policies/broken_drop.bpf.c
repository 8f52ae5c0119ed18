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
#include <scxkit/scxkit.bpf.h>

/* The tasks it lost, by pid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, s32);
	__type(value, u8);
} dropped SEC(".maps");

static u64 forks;

static bool is_dropped(struct task_struct *p)
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

static s32 drop_select_cpu(struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle && !is_dropped(p))
		scxkit_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

static void drop_enqueue(struct task_struct *p, u64 enq_flags)
{
	if (is_dropped(p))
		return; /* the bug: queued nowhere, so never run */
	scxkit_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SCXKIT_POLICY(broken_drop, "BROKEN on purpose: loses every 100th new task", 0,
	      .select_cpu = drop_select_cpu, .enqueue = drop_enqueue,
	      .init_task = drop_init_task, .exit_task = drop_exit_task);
