/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel compatibility, decided by what the running kernel offers (libbpf
 * resolves a missing __weak kfunc to 0 and the verifier drops the branch
 * that would call it), never by version numbers.
 *
 * Kernels before 6.13 named the DSQ kfuncs scx_bpf_dispatch() and
 * scx_bpf_consume(); they were renamed to scx_bpf_dsq_insert() and
 * scx_bpf_dsq_move_to_local() (kernel commits cc26abb1a19a and
 * 5209c03c8ed2), and scx_bpf_dispatch_vtime() became
 * scx_bpf_dsq_insert_vtime() with them.  The framework and the policies
 * call the wrappers below.
 */
#ifndef __SCXKIT_COMPAT_BPF_H
#define __SCXKIT_COMPAT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

/* The old names, absent from newer kernels' vmlinux.h. */
void scx_bpf_dispatch(struct task_struct *p, u64 dsq_id, u64 slice,
		      u64 enq_flags) __ksym __weak;
bool scx_bpf_consume(u64 dsq_id) __ksym __weak;
void scx_bpf_dispatch_vtime(struct task_struct *p, u64 dsq_id, u64 slice,
			    u64 vtime, u64 enq_flags) __ksym __weak;

/** scxkit_compat_dsq_insert - scx_bpf_dsq_insert() on any kernel. */
static __always_inline void scxkit_compat_dsq_insert(struct task_struct *p,
						     u64 dsq_id, u64 slice,
						     u64 enq_flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert))
		scx_bpf_dsq_insert(p, dsq_id, slice, enq_flags);
	else
		scx_bpf_dispatch(p, dsq_id, slice, enq_flags);
}

/** scxkit_compat_dsq_move_to_local - scx_bpf_dsq_move_to_local() anywhere. */
static __always_inline bool scxkit_compat_dsq_move_to_local(u64 dsq_id)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local))
		return scx_bpf_dsq_move_to_local(dsq_id);
	return scx_bpf_consume(dsq_id);
}

/** scxkit_compat_dsq_insert_vtime - scx_bpf_dsq_insert_vtime() anywhere. */
static __always_inline void
scxkit_compat_dsq_insert_vtime(struct task_struct *p, u64 dsq_id, u64 slice,
			       u64 vtime, u64 enq_flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert_vtime))
		scx_bpf_dsq_insert_vtime(p, dsq_id, slice, vtime, enq_flags);
	else
		scx_bpf_dispatch_vtime(p, dsq_id, slice, vtime, enq_flags);
}

#endif /* __SCXKIT_COMPAT_BPF_H */
