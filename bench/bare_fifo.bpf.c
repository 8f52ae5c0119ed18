/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bare_fifo - make bench's overhead baseline: a FIFO scheduler written
 * directly against sched_ext, without scxkit.
 *
 * It does what scxkit's fifo does - a waking task goes straight to an idle
 * CPU, every other runnable task to the back of one shared queue, each
 * runs for one slice - with the least BPF the kernel allows: two
 * callbacks, no maps, no counters.  The benchmark divides each policy's
 * BPF time per request by this one's (bench/bpf_prog_stats.c), so what the
 * framework costs is a ratio measured in the same boot.  Loaded by
 * bench/bare_sched.c; partial mode, like the policies in the benchmark.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

/* scxkit fifo's default slice. */
const volatile u64 slice_ns = 20000000;

SEC("struct_ops/bare_select_cpu")
s32 BPF_PROG(bare_select_cpu, struct task_struct *p, s32 prev_cpu,
	     u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle)
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
	return cpu;
}

/* The global DSQ is FIFO, and the kernel takes from it on its own. */
SEC("struct_ops/bare_enqueue")
void BPF_PROG(bare_enqueue, struct task_struct *p, u64 enq_flags)
{
	scx_bpf_dsq_insert(p, SCX_DSQ_GLOBAL, slice_ns, enq_flags);
}

SEC(".struct_ops.link")
struct sched_ext_ops bare_fifo_ops = {
	.select_cpu = (void *)bare_select_cpu,
	.enqueue = (void *)bare_enqueue,
	.flags = SCX_OPS_SWITCH_PARTIAL,
	.name = "bare_fifo",
};
