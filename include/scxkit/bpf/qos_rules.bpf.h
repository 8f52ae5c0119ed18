/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QoS rules on the BPF side: levels for tasks whose applications never
 * mark them, by comm, effective uid/gid, nice, cgroup subtree, or
 * descent from a process `scxkit exec` started (common.h, docs/qos.md).
 * The launcher writes the rules; scxkit_task_qos() (qos.bpf.h) reads a
 * task's verdict, which is cached in its task context and matched again
 * only when the rules or the task's comm, credentials, cgroups or nice
 * changed since: every such change shows in a word of task_struct, so
 * no hook and no userspace loop is needed to notice it.
 */
#ifndef __SCXKIT_QOS_RULES_BPF_H
#define __SCXKIT_QOS_RULES_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <scxkit/common.h>
#include <scxkit/bpf/task_ctx.bpf.h>

/* Two sets of SCXKIT_QOS_MAX_RULES rules taking turns (common.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * SCXKIT_QOS_MAX_RULES);
	__type(key, u32);
	__type(value, struct scxkit_qos_rule);
} scxkit_qos_rules SEC(".maps");

/* Per rule of each set: tasks it classifies now (`scxkit qos show`). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * SCXKIT_QOS_MAX_RULES);
	__type(key, u32);
	__type(value, s64);
} scxkit_qos_rule_hits SEC(".maps");

/* SCXKIT_QOS_RULES_CTL(gen, set, nr), written last by the launcher. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} scxkit_qos_rules_ctl SEC(".maps");

/* The rules' control word; an array lookup the verifier inlines. */
static __always_inline u64 __scxkit_rules_ctl(void)
{
	u32 zero = 0;
	u64 *ctl = bpf_map_lookup_elem(&scxkit_qos_rules_ctl, &zero);

	return ctl ? *(volatile u64 *)ctl : 0;
}

/* What one matching pass knows of the task, and what it found. */
struct __scxkit_rule_scan {
	u64 cgrp; /* its cgroup on the default hierarchy, as a number */
	u32 base; /* first rule of the set in force */
	u32 nr;
	u32 uid, gid;
	s32 nice;
	s32 cgrp_level;
	u32 found; /* matching rule + 1, 0: none yet */
	char comm[16];
};

static __always_inline bool __scxkit_rule_cgroup(struct __scxkit_rule_scan *s,
						 struct scxkit_qos_rule *r)
{
	struct cgroup *cgrp = (struct cgroup *)s->cgrp, *anc = NULL;
	u64 off = bpf_core_field_offset(struct cgroup, ancestors);

	if (!cgrp || (s32)r->cgroup_level > s->cgrp_level ||
	    r->cgroup_level > 1024)
		return false;
	if (bpf_probe_read_kernel(&anc, sizeof(anc),
				  (void *)cgrp + off +
					  r->cgroup_level * sizeof(anc)) ||
	    !anc)
		return false;
	return BPF_CORE_READ(anc, kn, id) == r->cgroup_id;
}

static long __scxkit_rule_step(u32 i, void *data)
{
	struct __scxkit_rule_scan *s = data;
	struct scxkit_qos_rule *r;
	u32 key = s->base + i, j, n;

	if (i >= s->nr)
		return 1;
	r = bpf_map_lookup_elem(&scxkit_qos_rules, &key);
	if (!r || !r->match)
		return 0;
	if ((r->match & SCXKIT_QR_UID) && r->uid != s->uid)
		return 0;
	if ((r->match & SCXKIT_QR_GID) && r->gid != s->gid)
		return 0;
	if ((r->match & SCXKIT_QR_NICE) &&
	    (s->nice < r->nice_min || s->nice > r->nice_max))
		return 0;
	if (r->match & SCXKIT_QR_COMM) {
		n = r->comm_len < 16 ? r->comm_len : 16;
		for (j = 0; j < 16 && j < n; j++)
			if (s->comm[j] != r->comm[j])
				return 0;
	}
	if ((r->match & SCXKIT_QR_CGROUP) && !__scxkit_rule_cgroup(s, r))
		return 0;
	s->found = i + 1;
	return 1;
}

/*
 * Matches @p against the rules of @ctl and records the verdict in @v,
 * with what it was based on.  A task another program changes under us
 * is matched again at its next look: the snapshot is taken first.
 */
static __noinline int __scxkit_rules_match(struct task_struct *p,
					   struct scxkit_qos_verdict *v,
					   u64 ctl)
{
	struct __scxkit_rule_scan s = {};
	struct cgroup *cgrp;
	u32 old_idx = v->rule_idx, old_gen = v->gen, key;
	struct scxkit_qos_rule *r;
	s64 *hits;

	if (!p || !v)
		return 0;
	v->gen = SCXKIT_QOS_RULES_GEN(ctl);
	v->prio = BPF_CORE_READ(p, static_prio);
	bpf_probe_read_kernel(v->comm, sizeof(v->comm), p->comm);
	v->cred = (u64)BPF_CORE_READ(p, real_cred);
	v->css = (u64)BPF_CORE_READ(p, cgroups);
	v->level = SCXKIT_QR_NO_LEVEL;
	v->rule_idx = 0;
	if (v->inherit) {
		v->level = v->inherit - 1;
		v->rule_idx = SCXKIT_QR_INHERITED;
	} else {
		s.base = SCXKIT_QOS_RULES_SET(ctl) * SCXKIT_QOS_MAX_RULES;
		s.nr = SCXKIT_QOS_RULES_NR(ctl);
		s.uid = BPF_CORE_READ(p, real_cred, euid.val);
		s.gid = BPF_CORE_READ(p, real_cred, egid.val);
		s.nice = v->prio - 120;
		cgrp = BPF_CORE_READ(p, cgroups, dfl_cgrp);
		s.cgrp = (u64)cgrp;
		s.cgrp_level = cgrp ? BPF_CORE_READ(cgrp, level) : -1;
		__builtin_memcpy(s.comm, v->comm, sizeof(s.comm));
		if (s.nr)
			bpf_loop(SCXKIT_QOS_MAX_RULES, __scxkit_rule_step, &s,
				 0);
		if (s.found) {
			key = s.base + s.found - 1;
			r = bpf_map_lookup_elem(&scxkit_qos_rules, &key);
			if (r) {
				v->level = (u16)r->level;
				v->rule_idx = (u8)s.found;
			}
		}
	}
	/* Counts of the set in force: this task moves between rules. */
	if (old_gen == v->gen && old_idx == v->rule_idx)
		return 0;
	key = SCXKIT_QOS_RULES_SET(ctl) * SCXKIT_QOS_MAX_RULES;
	if (old_gen == v->gen && old_idx && old_idx <= SCXKIT_QOS_MAX_RULES) {
		u32 k = key + old_idx - 1;

		hits = bpf_map_lookup_elem(&scxkit_qos_rule_hits, &k);
		if (hits)
			__sync_fetch_and_sub(hits, 1);
	}
	if (v->rule_idx && v->rule_idx <= SCXKIT_QOS_MAX_RULES) {
		key += v->rule_idx - 1;
		hits = bpf_map_lookup_elem(&scxkit_qos_rule_hits, &key);
		if (hits)
			__sync_fetch_and_add(hits, 1);
	}
	return 0;
}

/*
 * @p's level from the rules, or SCXKIT_QR_NO_LEVEL.  When no rules were
 * ever loaded: one inlined array read.  Else one task-storage lookup and
 * a few loads of @p's words; the rules are matched only if one of them
 * changed.
 */
static __always_inline u32 scxkit_task_rule_level(struct task_struct *p)
{
	struct scxkit_task_ctx *tctx;
	struct scxkit_qos_verdict *v;
	u64 ctl = __scxkit_rules_ctl();

	if (!SCXKIT_QOS_RULES_GEN(ctl))
		return SCXKIT_QR_NO_LEVEL;
	tctx = bpf_task_storage_get(&scxkit_task_ctxs, p, NULL, 0);
	if (!tctx)
		return SCXKIT_QR_NO_LEVEL;
	v = &tctx->verdict;
	if (v->gen != SCXKIT_QOS_RULES_GEN(ctl) || v->prio != p->static_prio ||
	    v->cred != (u64)p->real_cred || v->css != (u64)p->cgroups ||
	    v->comm[0] != *(u64 *)&p->comm[0] ||
	    v->comm[1] != *(u64 *)&p->comm[8])
		__scxkit_rules_match(p, v, ctl);
	return v->level;
}

/*
 * ops.init_task of a forked task: it inherits what `scxkit exec` set for
 * the forking thread (@cur), from @cur's context or, the first time, from
 * its QoS-table entry (@entry_level + 1 if it has SCXKIT_QOS_INHERIT).
 */
static __always_inline void
__scxkit_rules_inherit(struct scxkit_task_ctx *child,
		       struct scxkit_task_ctx *cur, u32 entry_inherit)
{
	if (cur && !cur->verdict.inherit && entry_inherit)
		cur->verdict.inherit = (u8)entry_inherit;
	child->verdict.inherit = cur ? cur->verdict.inherit : (u8)entry_inherit;
	child->verdict.gen = 0;
}

/* The task ends: it leaves its rule's count. */
static __always_inline void __scxkit_rules_forget(struct scxkit_task_ctx *tctx)
{
	struct scxkit_qos_verdict *v = &tctx->verdict;
	u64 ctl = __scxkit_rules_ctl();
	u32 key;
	s64 *hits;

	if (!v->gen || v->gen != SCXKIT_QOS_RULES_GEN(ctl) || !v->rule_idx ||
	    v->rule_idx > SCXKIT_QOS_MAX_RULES)
		return;
	key = SCXKIT_QOS_RULES_SET(ctl) * SCXKIT_QOS_MAX_RULES + v->rule_idx -
	      1;
	hits = bpf_map_lookup_elem(&scxkit_qos_rule_hits, &key);
	if (hits)
		__sync_fetch_and_sub(hits, 1);
	v->gen = 0;
}

#endif /* __SCXKIT_QOS_RULES_BPF_H */
