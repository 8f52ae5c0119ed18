/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-side tests of qos.bpf.h: the test writes entries for its own thread
 * into scxkit_qos and runs these SEC("syscall") programs in that thread,
 * so scxkit_task_qos() reads them for the current task.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/qos.bpf.h>

char _license[] SEC("license") = "GPL";

#include "results.bpf.h"

/* Level with 4 policy levels and default 1, and the idle mark. */
SEC("syscall")
int current_qos(void *ctx)
{
	struct task_struct *p = bpf_get_current_task_btf();

	put(0, scxkit_task_qos(p, 4, 1));
	put(1, scxkit_task_marked_idle(p));
	put(2, scxkit_task_qos(p, 0, 1)); /* no levels: always 0 */
	return 0;
}

/* The task context ops.init_task would have made for the current task. */
SEC("syscall")
int make_ctx(void *ctx)
{
	struct task_struct *p = bpf_get_current_task_btf();

	put(0, !!bpf_task_storage_get(&scxkit_task_ctxs, p, NULL,
				      BPF_LOCAL_STORAGE_GET_F_CREATE));
	return 0;
}
