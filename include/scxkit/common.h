/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by scxkit's BPF side and its userspace side: the layout of
 * the policy metadata the launcher reads from a policy's object file, of
 * the counters every policy exports and of the recorded exit information.
 *
 * Both sides include this file, so it uses only fixed-size kernel types.
 */
#ifndef __SCXKIT_COMMON_H
#define __SCXKIT_COMMON_H

#ifdef __bpf__
#include <vmlinux.h> /* __u32 and friends, as the kernel has them */
#else
#include <linux/types.h>
#endif

/* A numeric constant as a string literal, for help texts. */
#define __SCXKIT_XSTR(x) #x
#define __SCXKIT_STR(x)	 __SCXKIT_XSTR(x)

#define SCXKIT_NAME_LEN	  32
#define SCXKIT_HELP_LEN	  96
#define SCXKIT_REASON_LEN 128
#define SCXKIT_MSG_LEN	  1024
/*
 * Longest exit record (/run/scxkit/last-exit.json): its strings are the
 * kernel's, and every byte of them may escape to six ("\u001b").
 */
#define SCXKIT_EXIT_RECORD_MAX \
	(6 * (SCXKIT_MSG_LEN + SCXKIT_REASON_LEN + 3 * SCXKIT_NAME_LEN) + 256)

/* ELF sections holding metadata; they are read by the launcher, not run. */
#define SCXKIT_SEC_POLICY   ".scxkit.policy"
#define SCXKIT_SEC_OPTS	    ".scxkit.opts"
#define SCXKIT_SEC_COUNTERS ".scxkit.counters"

/* Bump when the layout of anything in this file changes. */
#define SCXKIT_ABI 1

/* One per policy object: who it is, in one line. */
struct scxkit_policy_desc {
	__u32 abi;
	__u32 flags; /* SCX_OPS_* the policy asked for */
	char name[SCXKIT_NAME_LEN];
	char summary[SCXKIT_HELP_LEN];
};

/*
 * One per policy option.  The value lives in a `const volatile __u64` of the
 * same name in .rodata, which the launcher sets before loading.
 */
struct scxkit_opt_desc {
	char name[SCXKIT_NAME_LEN];
	char help[SCXKIT_HELP_LEN];
	__u64 def;
	__u64 min;
	__u64 max;
};

/* One per counter a policy adds; slot is its index in the counter array. */
struct scxkit_counter_desc {
	char name[SCXKIT_NAME_LEN];
	char help[SCXKIT_HELP_LEN];
	__u32 slot;
	__u32 pad;
};

/*
 * Counters every policy gets.  They live in a per-CPU array (one struct
 * scxkit_counters per CPU) that userspace sums.  Policy counters follow the
 * framework's, from SCXKIT_FIRST_POLICY_COUNTER on.
 *
 * One list gives each its enum value (SCXKIT_C_<ID>), the name the stats,
 * the JSON output and the dashboard show, and its meaning.
 */
#define SCXKIT_FRAMEWORK_COUNTERS(X)                                          \
	X(ENQUEUE, enqueue, "ops.enqueue calls")                              \
	X(REENQUEUE, reenqueue, "... of them re-enqueues (SCX_ENQ_REENQ)")    \
	X(DIRECT, direct, "tasks dispatched straight from select_cpu")        \
	X(DISPATCH, dispatch, "tasks a policy inserted into a DSQ")           \
	X(DISPATCH_CALL, dispatch_call, "ops.dispatch calls")                 \
	X(RUNNING, running, "tasks started running")                          \
	X(PREEMPT_KICK, preempt_kick, "CPUs kicked to preempt their task")    \
	X(TASK_INIT, task_init, "tasks that joined the scheduler")            \
	X(TASK_EXIT, task_exit, "tasks that left it")                         \
	X(STALE_SKIP, stale_skip, "stale task-queue entries skipped")         \
	X(OVERFLOW, overflow, "pushes to a full queue (sent to a DSQ)")       \
	X(HANDOFF, handoffs, "popped tasks this CPU may not run, passed on")  \
	X(DOUBLE_DISPATCH, double_dispatch,                                   \
	  "a task popped more often than pushed (must stay 0)")               \
	X(PREEMPT_HIGHER, preempt_higher_qos,                                 \
	  "kicks: a more important task waits")                               \
	X(PREEMPT_SLICE, preempt_slice, "kicks: slice used up, a peer waits") \
	X(PREEMPT_IDLE, preempt_idle, "kicks: the task was marked idle")      \
	X(PREEMPT_OTHER, preempt_other, "kicks: any other policy reason")     \
	X(TIMER_RUNS, timer_runs, "preemption timer scans")                   \
	X(IDLE_MARKED_RUN, idle_marked_run,                                   \
	  "a task marked idle was found running (policies honouring marks)")  \
	X(WC_QUEUED_IDLE, wc_queued_idle,                                     \
	  "tasks queued while a CPU they may use sat idle")                   \
	X(WC_KICK, wc_kicks, "idle CPUs woken to take a queued task")         \
	X(WC_WAIT_NS, wc_wait_ns,                                             \
	  "ns those tasks waited to run (CPU time lost, at most)")

enum scxkit_counter {
#define __SCXKIT_COUNTER_ENUM(id, name, help) SCXKIT_C_##id,
	SCXKIT_FRAMEWORK_COUNTERS(__SCXKIT_COUNTER_ENUM)
#undef __SCXKIT_COUNTER_ENUM
		SCXKIT_NR_FRAMEWORK_COUNTERS,
};

#ifndef __bpf__
/* scxkit_counter_name - the name of framework counter @c, NULL past them. */
static inline const char *scxkit_counter_name(int c)
{
	switch (c) {
#define __SCXKIT_COUNTER_NAME(id, name, help) \
	case SCXKIT_C_##id:                   \
		return #name;
		SCXKIT_FRAMEWORK_COUNTERS(__SCXKIT_COUNTER_NAME)
#undef __SCXKIT_COUNTER_NAME
	}
	return (const char *)0;
}

/* scxkit_counter_help - what framework counter @c counts, NULL past them. */
static inline const char *scxkit_counter_help(int c)
{
	switch (c) {
#define __SCXKIT_COUNTER_HELP(id, name, help) \
	case SCXKIT_C_##id:                   \
		return help;
		SCXKIT_FRAMEWORK_COUNTERS(__SCXKIT_COUNTER_HELP)
#undef __SCXKIT_COUNTER_HELP
	}
	return (const char *)0;
}
#endif

/* Why a policy wants a CPU preempted; see scxkit_hooks.preempt_check. */
enum scxkit_preempt_reason {
	SCXKIT_NO_PREEMPT,
	SCXKIT_PREEMPT_HIGHER_QOS,
	SCXKIT_PREEMPT_SLICE,
	SCXKIT_PREEMPT_IDLE,
	SCXKIT_PREEMPT_OTHER,
};

/* Task queues a policy may use (see task_queue.bpf.h), and how many
 * entries each end holds unless --queue-capacity says otherwise. */
#define SCXKIT_MAX_QUEUES	  16
#define SCXKIT_QUEUE_CAPACITY_DFL 4096

#define SCXKIT_FIRST_POLICY_COUNTER 32
#define SCXKIT_MAX_COUNTERS	    64
_Static_assert(SCXKIT_NR_FRAMEWORK_COUNTERS <= SCXKIT_FIRST_POLICY_COUNTER,
	       "framework counters run into the policies' slots");

struct scxkit_counters {
	__u64 c[SCXKIT_MAX_COUNTERS];
};

/*
 * Who runs on a CPU, kept by the framework's running/stopping callbacks in
 * an array indexed by CPU; pid 0 means no ext task is running there.
 */
struct scxkit_occupant {
	__s32 pid;
	__u32 qos;
	__u64 started_ns; /* bpf_ktime_get_ns() when this run started */
	__u64 runs; /* ext tasks started on this CPU */
	__u64 kicks; /* preemption kicks sent to this CPU */
	char comm[16];
};

#define SCXKIT_MAX_CPUS 512

/*
 * The QoS table: what applications tell the scheduler about their threads,
 * keyed by thread id.  start_ticks pins an entry to one thread: it must
 * equal the thread's start time in clock ticks (field 22 of
 * /proc/TID/stat), so a reused thread id never inherits a stale entry.
 */
#define SCXKIT_QOS_MAX_LEVELS 16
#define SCXKIT_QOS_TABLE_SIZE 65536
#define SCXKIT_QOS_IDLE	      1U /* the thread marked itself idle */

struct scxkit_qos_entry {
	__u32 level; /* 0 .. SCXKIT_QOS_MAX_LEVELS-1; higher is more urgent */
	__u32 flags; /* SCXKIT_QOS_* */
	__u64 start_ticks;
	/*
	 * Bound to a shared region (1-based, 0: not bound): then level and
	 * flags are read from slot @slot of region @region instead, as long
	 * as the region still has generation @region_gen.  Only the
	 * launcher binds, and only a thread of the region owner's process.
	 */
	__u32 region;
	__u32 slot;
	__u64 region_gen;
};

/*
 * Shared regions: the QoS table as memory an application maps.  The
 * launcher gives each QoS-socket connection that asks one region (a
 * BPF_F_MMAPABLE array of slots; libscxkit_qos asks once per handle, and
 * a process keeps one handle) and binds the asking process's threads to
 * its slots; the process then sets levels and idle marks with plain
 * stores, and sleeps and wakes on the slot's futex word, with no system
 * call but the futex.  A region is only ever written by its owner (who
 * holds the only mapping) and read by BPF; whatever it contains, BPF
 * clamps the level and looks at the idle bit only.
 */
#define SCXKIT_QOS_REGIONS	64 /* one per QoS-socket connection */
#define SCXKIT_QOS_REGION_SLOTS 1024 /* threads per region */

struct scxkit_qos_slot {
	__u32 level; /* as in scxkit_qos_entry */
	__u32 flags; /* SCXKIT_QOS_IDLE */
	__u32 wake; /* futex word: bumped by every mark-runnable */
	__u32 tid; /* the thread bound here (for people reading it) */
};

/*
 * QoS rules: levels for threads whose applications never mark them (see
 * docs/qos.md).  The launcher parses a rules file (framework/qos_rules.c)
 * into at most SCXKIT_QOS_MAX_RULES of these; a task takes the level of
 * the first rule all of whose matchers (SCXKIT_QR_*) hold for it.
 */
#define SCXKIT_QOS_MAX_RULES 64
#define SCXKIT_QOS_INHERIT   2U /* entry flag: children inherit the level */

#define SCXKIT_QR_COMM	      1U /* comm[] equals (or begins with) ... */
#define SCXKIT_QR_COMM_PREFIX 2U /* ... with comm_len bytes compared */
#define SCXKIT_QR_UID	      4U /* effective uid */
#define SCXKIT_QR_GID	      8U /* effective gid */
#define SCXKIT_QR_NICE	      16U /* nice_min <= nice <= nice_max */
#define SCXKIT_QR_CGROUP      32U /* in cgroup cgroup_id or below it */
#define SCXKIT_QR_ALL	      64U /* every task */

struct scxkit_qos_rule {
	__u32 match; /* SCXKIT_QR_*; 0 matches nothing */
	__u32 level;
	__u32 uid;
	__u32 gid;
	__s32 nice_min;
	__s32 nice_max;
	__u32 comm_len; /* bytes of comm[] compared, NUL included if exact */
	__u32 cgroup_level; /* depth of the cgroup below the root (root: 0) */
	__u64 cgroup_id; /* its kernfs id: the inode number on cgroup2 */
	char comm[16];
};

/*
 * The rules in force, as one word BPF reads at once: two sets of rules
 * take turns (the launcher fills the idle one, then switches), so a task
 * never sees half of a reload.  gen counts loads (0: no rules were ever
 * loaded and nothing inherits a level: the lookup is skipped).
 */
#define SCXKIT_QOS_RULES_CTL(gen, set, nr) \
	(((__u64)(gen) << 32) | ((__u64)(nr) << 8) | (__u64)(set))
#define SCXKIT_QOS_RULES_GEN(ctl) ((__u32)((ctl) >> 32))
#define SCXKIT_QOS_RULES_SET(ctl) ((__u32)((ctl)&1))
#define SCXKIT_QOS_RULES_NR(ctl)  ((__u32)(((ctl) >> 8) & 0xff))

/*
 * A task's verdict from the rules, cached in its task context (BPF's
 * struct scxkit_task_ctx begins with it) and valid while the rules'
 * generation and what they match on (comm, credentials, cgroups, nice)
 * are the ones recorded here.
 */
#define SCXKIT_QR_NO_LEVEL  0xffff
#define SCXKIT_QR_INHERITED 0xff /* rule_idx: `scxkit exec` set the level */

struct scxkit_qos_verdict {
	__u32 gen; /* the rules' generation; 0: never classified */
	__u16 level; /* SCXKIT_QR_NO_LEVEL: no rule matched */
	__u8 rule_idx; /* matching rule + 1, 0: none, or SCXKIT_QR_INHERITED */
	__u8 inherit; /* level + 1 from `scxkit exec`, passed to children */
	__s32 prio; /* static_prio */
	__u32 pad;
	__u64 comm[2];
	__u64 cred; /* real_cred, as a number */
	__u64 css; /* cgroups (the css_set), as a number */
};

/* What ops.exit was told, copied out for userspace to report. */
struct scxkit_exit_info {
	__s32 kind; /* enum scx_exit_kind; 0 while the scheduler runs */
	__s32 exit_cpu;
	__s64 exit_code;
	char reason[SCXKIT_REASON_LEN];
	char msg[SCXKIT_MSG_LEN];
};

#endif /* __SCXKIT_COMMON_H */
