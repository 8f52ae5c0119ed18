/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent thread, seen from BPF.  A policy with userspace code
 * (<scxkit/agent.h>) gets one thread in the launcher, whose id the launcher
 * writes here after loading the policy and before attaching it.
 *
 * In full mode that thread is one of the tasks the policy schedules.  A
 * policy that waits for its agent must never queue the agent behind the
 * tasks it is to decide about: it recognises it with scxkit_is_agent() and
 * runs it at once.
 */
#ifndef __SCXKIT_AGENT_BPF_H
#define __SCXKIT_AGENT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, s32);
} scxkit_agent_tid SEC(".maps");

/** scxkit_is_agent - is @p the policy's agent thread?  False without one. */
static __always_inline bool scxkit_is_agent(const struct task_struct *p)
{
	u32 zero = 0;
	s32 *tid = bpf_map_lookup_elem(&scxkit_agent_tid, &zero);

	return tid && *tid && p->pid == *tid;
}

#endif /* __SCXKIT_AGENT_BPF_H */
