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

#ifndef __bpf__
#include <linux/types.h>
#endif

#define SCXKIT_NAME_LEN 32
#define SCXKIT_HELP_LEN 96
#define SCXKIT_REASON_LEN 128
#define SCXKIT_MSG_LEN 1024

/* ELF sections holding metadata; they are read by the launcher, not run. */
#define SCXKIT_SEC_POLICY ".scxkit.policy"
#define SCXKIT_SEC_OPTS ".scxkit.opts"
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
 */
enum scxkit_counter {
	SCXKIT_C_ENQUEUE,	/* ops.enqueue calls */
	SCXKIT_C_REENQUEUE,	/* ... of them re-enqueues (ENQ_REENQ) */
	SCXKIT_C_DIRECT,	/* dispatched straight from select_cpu */
	SCXKIT_C_DISPATCH,	/* tasks a policy inserted into a DSQ */
	SCXKIT_C_DISPATCH_CALL,	/* ops.dispatch calls */
	SCXKIT_C_RUNNING,	/* tasks started running */
	SCXKIT_C_PREEMPT_KICK,	/* CPUs kicked to preempt their task */
	SCXKIT_C_TASK_INIT,	/* tasks that joined the scheduler */
	SCXKIT_C_TASK_EXIT,	/* tasks that left it */
	SCXKIT_C_STALE_SKIP,	/* stale task-queue entries skipped */
	SCXKIT_C_OVERFLOW,	/* pushes to a full queue (sent to a DSQ) */
	SCXKIT_C_DOUBLE_DISPATCH, /* a task popped more often than pushed */
	SCXKIT_C_PREEMPT_HIGHER, /* kicks: a more important task waits */
	SCXKIT_C_PREEMPT_SLICE,	/* kicks: slice used up, a peer waits */
	SCXKIT_C_PREEMPT_IDLE,	/* kicks: the task was marked idle */
	SCXKIT_C_PREEMPT_OTHER,	/* kicks: any other policy reason */
	SCXKIT_C_TIMER_RUNS,	/* preemption timer scans */
	SCXKIT_C_IDLE_MARKED_RUN, /* a task marked idle was started */
	SCXKIT_NR_FRAMEWORK_COUNTERS,
};

/* Why a policy wants a CPU preempted; see scxkit_hooks.preempt_check. */
enum scxkit_preempt_reason {
	SCXKIT_NO_PREEMPT,
	SCXKIT_PREEMPT_HIGHER_QOS,
	SCXKIT_PREEMPT_SLICE,
	SCXKIT_PREEMPT_IDLE,
	SCXKIT_PREEMPT_OTHER,
};

/* Task queues a policy may use (see task_queue.bpf.h). */
#define SCXKIT_MAX_QUEUES 16

#define SCXKIT_FIRST_POLICY_COUNTER 32
#define SCXKIT_MAX_COUNTERS 64
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
	__u64 runs;	  /* ext tasks started on this CPU */
	__u64 kicks;	  /* preemption kicks sent to this CPU */
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
#define SCXKIT_QOS_IDLE 1U /* the thread marked itself idle */

struct scxkit_qos_entry {
	__u32 level; /* 0 .. SCXKIT_QOS_MAX_LEVELS-1; higher is more urgent */
	__u32 flags; /* SCXKIT_QOS_* */
	__u64 start_ticks;
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
