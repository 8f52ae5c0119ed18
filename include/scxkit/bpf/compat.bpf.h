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
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/bpf/kfuncs.bpf.h>

/*
 * The sched_ext constants the framework and policies use, taken from the
 * running kernel's BTF when the object is loaded (a CO-RE enum-value
 * relocation) instead of the vmlinux.h the object was compiled against:
 * one object loads on every kernel that has the enumerator, whatever its
 * value there.  A kernel without one refuses the object at load with the
 * enumerator's name in libbpf's message.  Each macro names itself; the
 * preprocessor does not expand a macro inside its own expansion, so the
 * inner name is the enumerator.  Not for constant expressions (case
 * labels, static initializers): there, a policy must use the value.
 */
#define __SCXKIT_KENUM(_type, _name) \
	((u64)bpf_core_enum_value(enum _type, _name))
#define SCX_DSQ_GLOBAL	 __SCXKIT_KENUM(scx_dsq_id_flags, SCX_DSQ_GLOBAL)
#define SCX_DSQ_LOCAL	 __SCXKIT_KENUM(scx_dsq_id_flags, SCX_DSQ_LOCAL)
#define SCX_DSQ_LOCAL_ON __SCXKIT_KENUM(scx_dsq_id_flags, SCX_DSQ_LOCAL_ON)
#define SCX_DSQ_LOCAL_CPU_MASK \
	__SCXKIT_KENUM(scx_dsq_id_flags, SCX_DSQ_LOCAL_CPU_MASK)
#define SCX_ENQ_PREEMPT	   __SCXKIT_KENUM(scx_enq_flags, SCX_ENQ_PREEMPT)
#define SCX_ENQ_REENQ	   __SCXKIT_KENUM(scx_enq_flags, SCX_ENQ_REENQ)
#define SCX_KICK_IDLE	   __SCXKIT_KENUM(scx_kick_flags, SCX_KICK_IDLE)
#define SCX_KICK_PREEMPT   __SCXKIT_KENUM(scx_kick_flags, SCX_KICK_PREEMPT)
#define SCX_TASK_QUEUED	   __SCXKIT_KENUM(scx_ent_flags, SCX_TASK_QUEUED)
#define SCX_SLICE_DFL	   __SCXKIT_KENUM(scx_public_consts, SCX_SLICE_DFL)
#define SCX_EXIT_ERROR_BPF __SCXKIT_KENUM(scx_exit_kind, SCX_EXIT_ERROR_BPF)

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
