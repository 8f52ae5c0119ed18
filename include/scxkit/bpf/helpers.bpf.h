/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers a policy calls: counting, failing loudly.  (Inserting into DSQs:
 * scxkit_insert() in work.bpf.h.)
 * A policy gets them through <scxkit/scxkit.bpf.h>; the header compiles alone.
 */
#ifndef __SCXKIT_HELPERS_BPF_H
#define __SCXKIT_HELPERS_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/common.h>
#include <scxkit/bpf/kfuncs.bpf.h>
#include <scxkit/bpf/compat.bpf.h>
#include <scxkit/bpf/kernel_defs.bpf.h>

/* Set by the launcher (framework options shared by all policies). */
const volatile u64 scxkit_fault_error_after; /* --inject-error-after */
const volatile u64 scxkit_fault_stall_after; /* --inject-stall-after */
const volatile u64 scxkit_fault_loop_after; /* --inject-loop-after */
/*
 * What one context switch costs on this machine, in ns, measured by the
 * launcher at start (0: unknown).  A policy may size its time slice by
 * it: a slice only pays when it is many switches long.
 */
const volatile u64 scxkit_switch_cost_ns;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scxkit_counters);
} scxkit_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scxkit_exit_info);
} scxkit_exit_info SEC(".maps");

/**
 * scxkit_count_n - add @n to counter @idx on this CPU
 * @idx: enum scxkit_counter or SCXKIT_POLICY_COUNTER(slot)
 */
static __always_inline void scxkit_count_n(u32 idx, u64 n)
{
	u32 zero = 0;
	struct scxkit_counters *c;

	c = bpf_map_lookup_elem(&scxkit_counters, &zero);
	if (c && idx < SCXKIT_MAX_COUNTERS)
		c->c[idx] += n;
}

/** scxkit_count - add 1 to counter @idx on this CPU */
static __always_inline void scxkit_count(u32 idx)
{
	scxkit_count_n(idx, 1);
}

/**
 * scxkit_nr_cpus - the CPU ids to walk: scx_bpf_nr_cpu_ids(), at most
 * SCXKIT_MAX_CPUS, the size of every per-CPU table (the launcher refuses
 * a machine with more, so the bound only reassures the verifier).
 */
static __always_inline u32 scxkit_nr_cpus(void)
{
	u32 nr_cpus = scx_bpf_nr_cpu_ids();

	return nr_cpus < SCXKIT_MAX_CPUS ? nr_cpus : SCXKIT_MAX_CPUS;
}

/*
 * Never defined and never called: a call to it in a branch the compiler
 * drops (scxkit_error() below) has clang check a message's format string
 * against its arguments, as for printf().
 */
void __scxkit_error_format(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * scxkit_error(fmt, args...) - eject the scheduler with a formatted reason.
 * The kernel reports exit kind SCX_EXIT_ERROR_BPF and the message, which
 * starts with the file and line of the call ("ops.bpf.h:45: ..."); the
 * launcher prints both.  The line is passed as the first value, so the
 * value array is never empty (a message without arguments is fine) and at
 * most 11 arguments are left of bpf_snprintf()'s 12.  Each argument is
 * widened to 64 bits, so the format's length modifiers only matter to the
 * compile-time check: use %llu and %lld for u64 and s64.
 */
#define scxkit_error(fmt, args...)                                             \
	({                                                                     \
		static char ___fmt[] = __FILE_NAME__ ":%d: " fmt;              \
		unsigned long long ___param[___bpf_narg(__LINE__, ##args)];    \
                                                                               \
		if (0)                                                         \
			__scxkit_error_format(fmt, ##args);                    \
		_Pragma("GCC diagnostic push")                                 \
			_Pragma("GCC diagnostic ignored \"-Wint-conversion\"") \
				___bpf_fill(___param, __LINE__, ##args);       \
		_Pragma("GCC diagnostic pop") scx_bpf_error_bstr(              \
			___fmt, ___param, sizeof(___param));                   \
	})

#endif /* __SCXKIT_HELPERS_BPF_H */
