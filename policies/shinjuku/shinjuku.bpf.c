/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shinjuku - microsecond-scale preemptive scheduling with QoS levels,
 * after Shinjuku (NSDI'19) and ghOSt's Shinjuku policy (SOSP'21), entirely
 * in BPF: no agent thread, no userspace in the scheduling path.
 *
 * Queues.  One task queue per QoS level (--nr-levels, higher is more
 * urgent); a task's level comes from the QoS table its application writes
 * through <scxkit/qos.h>, --default-level for threads that never set one.
 * CPUs serve the highest non-empty level first, FIFO within a level.
 *
 * Insertion.  New, woken (including marked-runnable) and slice-preempted
 * tasks go to the back of their level, and so do tasks preempted for a more
 * urgent level: at the front they would keep the starvation bound below from
 * ever seeing the older tasks behind them (tried: a level-0 task, boosted,
 * preempted and put first again and again, left the rest of its level unrun
 * for 18 s and the kernel ejected the policy).  A task that lost its CPU to
 * another scheduling class (RT, deadline, stop; it may hold a lock) goes
 * first, like ghOSt's prio_boost: the kernel keeps it at the head of its
 * CPU's local queue, where it resumes before anything this policy queued
 * (7.3 calls ops.cpu_release, which used to re-enqueue such tasks,
 * deprecated), and one that comes back through ops.enqueue with
 * SCX_ENQ_REENQ goes to the front of its level.  --front-on-slice 1 returns
 * slice-preempted tasks to the front as well (Shinjuku's rule for
 * light-tailed work).
 *
 * Demotion.  A task that has run --demote-slices slices (default 3) since
 * it last woke is queued one level lower until it sleeps again: in a
 * heavy-tailed mix (RocksDB: 0.5 ms Gets, 50 ms Ranges at one level) the
 * long request then runs in the gaps between the short ones instead of
 * taking its turn among them, what a multi-level feedback queue does and
 * what CFS's fairness does by itself (docs/bench.md has what it changed
 * in make bench).  The level it drops to is shared with that level's own
 * tasks; level 0 stays.
 * 0 turns it off (ghOSt's Shinjuku has no demotion).
 *
 * Preemption.  The framework's timers show this policy a CPU's running
 * task; it is preempted when
 *   - a task of a higher level waits (preempt_higher_qos),
 *   - a task of its own level waits and it has run --slice-us
 *     (preempt_slice; by default 30 context switches as the launcher
 *     measured them, see SLICE_SWITCHES), or
 *   - its application marked it idle and anything waits (preempt_idle).
 * Each waiting task claims at most one CPU per scan (with --oneshot 1:
 * per timer run), so one urgent task does not preempt every CPU.  A higher-level task that wakes up also
 * preempts a lower-level CPU at once instead of waiting for the timer.
 *
 * Which timers (--oneshot).  1 (default): each CPU has a one-shot timer,
 * armed for its task's slice end only while a task of the same or a
 * higher level waits: when the task starts with work waiting, or when
 * work starts waiting behind it (the enqueue arms the CPUs of that level
 * for their slice ends, those of lower levels at once).  Nothing waits,
 * nothing fires; the cost follows the preemptions, not the CPUs or a
 * frequency.  A scan of every CPU each --backstop-ms keeps the
 * starvation bound and catches idle-marked tasks.  0: ghOSt's way, a
 * scan of every CPU each --timer-us while any task waits (the
 * framework's scan sleeps when none does).  Against the scan, the
 * one-shot timers gave 0.49-0.67x the RocksDB Get p99 at 70% load in
 * both shapes and 1.2x Redis's throughput (docs/bench.md).
 *
 * Starvation.  Strict priority lets an overloaded high level starve the
 * levels below, and sched_ext ejects a scheduler that leaves a runnable
 * task unrun for its watchdog timeout (30 s at most).  So a task that has
 * waited --starve-ms runs next whatever its level (starvation_boosts),
 * taking a CPU whose task's slice is over (preempt_other).  Set it well
 * below the watchdog timeout.  ghOSt's Shinjuku has no such bound because
 * ghOSt has no such watchdog.
 *
 * Kernel threads (full mode).  A per-CPU kernel thread preempts its CPU at
 * once (it may be running our own timer's softirq); other kernel threads
 * queue at the top level.
 *
 * Idle threads.  A thread marks itself idle by calling
 * scxkit_qos_idle_wait(), which blocks it; so idle threads are never
 * runnable, never run, and never trip the sched_ext watchdog (what ejected
 * the 2023 sched_ext port of Shinjuku).
 *
 * Dispatch is distributed by default: every CPU pulls from the shared
 * level queues when it needs work, and the timer provides the global view
 * for preemption.  --central 1 makes CPU 0 the only dispatcher (Shinjuku's
 * and ghOSt's model, like the kernel's scx_central): it places tasks on
 * idle CPUs, which ask it for work by preempting it.  In BPF no agent
 * thread is needed, and make bench found the extra round trip through
 * CPU 0 only adds latency (docs/bench.md), so distributed is default.
 *
 * Stats (policy counters): pdelay_* is a histogram of the preemption delay
 * (from the moment a slice-expired task had to go, i.e. its slice end or
 * the wake-up of a more urgent task, to its switch-out, in µs buckets);
 * slice_overrun counts delays longer than one timer period.
 */
#include <scxkit/scxkit.bpf.h>

SCXKIT_OPT(nr_levels, 4, 1, SCXKIT_QOS_MAX_LEVELS, "number of QoS levels");
SCXKIT_OPT(default_level, 0, 0, SCXKIT_QOS_MAX_LEVELS - 1,
	   "level of threads that never set one (clamped to nr-levels)");
SCXKIT_OPT(
	slice_us, 0, 0, 1000000,
	"time slice, us (0: 30 context switches as measured at start, 50 us or more)");
SCXKIT_OPT(timer_us, 0, 0, 100000,
	   "preemption timer period, microseconds (0: a quarter of the slice)");
SCXKIT_OPT(front_on_slice, 0, 0, 1,
	   "1: slice-preempted tasks return to the front of their level");
SCXKIT_OPT(starve_ms, 1000, 1, 20000,
	   "a task that waited this long runs next, whatever its level");
SCXKIT_OPT(central, 0, 0, 1,
	   "1: CPU 0 dispatches for every CPU (Shinjuku/ghOSt's model)");
SCXKIT_OPT(
	oneshot, 1, 0, 1,
	"1: per-CPU timers at slice ends while work waits; 0: scan each timer-us");
SCXKIT_OPT(backstop_ms, 10, 1, 1000,
	   "oneshot 1: also scan every CPU this often (starvation, idle marks)");
SCXKIT_OPT(
	demote_slices, 3, 0, 1000,
	"a task that ran this many slices since it woke queues one level lower (0: never)");

#define NR_PDELAY_BUCKETS 12
SCXKIT_COUNTER(pdelay_lt_16us, 0, "preemption delay < 16 us");
SCXKIT_COUNTER(pdelay_lt_32us, 1, "preemption delay 16-32 us");
SCXKIT_COUNTER(pdelay_lt_64us, 2, "preemption delay 32-64 us");
SCXKIT_COUNTER(pdelay_lt_128us, 3, "preemption delay 64-128 us");
SCXKIT_COUNTER(pdelay_lt_256us, 4, "preemption delay 128-256 us");
SCXKIT_COUNTER(pdelay_lt_512us, 5, "preemption delay 256-512 us");
SCXKIT_COUNTER(pdelay_lt_1ms, 6, "preemption delay 0.5-1 ms");
SCXKIT_COUNTER(pdelay_lt_2ms, 7, "preemption delay 1-2 ms");
SCXKIT_COUNTER(pdelay_lt_4ms, 8, "preemption delay 2-4 ms");
SCXKIT_COUNTER(pdelay_lt_8ms, 9, "preemption delay 4-8 ms");
SCXKIT_COUNTER(pdelay_lt_16ms, 10, "preemption delay 8-16 ms");
SCXKIT_COUNTER(pdelay_ge_16ms, 11, "preemption delay >= 16 ms");
SCXKIT_COUNTER(slice_overrun, 12, "preemption delay > one timer period");
SCXKIT_COUNTER(front_inserts, 13, "tasks put at the front of their level");
SCXKIT_COUNTER(wakeup_preempts, 14, "CPUs preempted at once by a wake-up");
SCXKIT_COUNTER(starvation_boosts, 15,
	       "tasks run out of level order after waiting starve-ms");
SCXKIT_COUNTER(central_assigns, 16,
	       "tasks the central CPU placed on other CPUs (--central 1)");
SCXKIT_COUNTER(
	demotions, 17,
	"tasks queued a level lower for running demote-slices since waking");
/* Not events: set once at start, for the stats to show what is in force. */
SCXKIT_COUNTER(slice_in_force_us, 18, "the slice in force, us (--slice-us)");
SCXKIT_COUNTER(timer_in_force_us, 19,
	       "the preemption timer period in force, us (--timer-us)");

#define CENTRAL_CPU 0

/*
 * The kernel's own slice only backs the timer up; it must not end turns
 * before the policy's slice does.
 */
#define BACKUP_SLICE_NS \
	(slice_ns * 2 > SCX_SLICE_DFL ? slice_ns * 2 : SCX_SLICE_DFL)

/*
 * --slice-us 0 (the default): a slice of this many context switches as
 * the launcher measured them (scxkit_switch_cost_ns), at least ghOSt's
 * 50 us and at most 10 ms.  Natively a switch costs 1-2 us, so the slice
 * is ghOSt's 50-80 us; in the emulated VM it costs tens of us, and a
 * 50 us slice there spent most of the CPU on switches (make bench: a
 * fixed 50 us slice with a 25 us timer fell into a backlog at 70% load
 * that CFS served).  The slices make bench's VM runs chose by
 * measurement (1.5 ms for 500 us requests) is 30 switches there.
 */
#define SLICE_SWITCHES 30
#define SLICE_MIN_NS   50000ULL
#define SLICE_MAX_NS   10000000ULL

static u64 slice_ns; /* the slice in force (init) */
static u64 timer_ns; /* the scan's period in force (init) */

/* Per CPU: when the running task should have gone (0: not due). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_CPUS);
	__type(key, u32);
	__type(value, u64);
} due_since SEC(".maps");

/* Per CPU (--oneshot 1): what its one-shot timer is set for. */
struct sj_armed {
	u64 run; /* the occupant's run (occ->runs) */
	u64 at; /* expiry, bpf_ktime_get_ns() time */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCXKIT_MAX_CPUS);
	__type(key, u32);
	__type(value, struct sj_armed);
} armed SEC(".maps");

/*
 * Per task: was it preempted by the policy (not by another class)?  How
 * long has it run since it last woke (--demote-us)?
 */
struct sj_task {
	bool slice_preempted;
	u64 ran_ns; /* run time since it last went to sleep */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sj_task);
} sj_tasks SEC(".maps");

/* One preemption scan: which waiting tasks already claimed a CPU. */
static u64 scan_now;
static u64 claimed[SCXKIT_QOS_MAX_LEVELS];
static s32 scan_starving; /* level of a starving task, -1: none */
/*
 * Did the last scan find a task waiting past --starve-ms?  The scan runs
 * while anything waits, so it sees every starving task within a timer
 * period; dispatch, which runs on most context switches, looks for one
 * itself only then, not on every call.
 */
static bool starving_seen;

static u32 task_level(struct task_struct *p)
{
	struct scxkit_task_ctx *tctx = scxkit_task_ctx(p);
	u32 level = scxkit_task_qos(p, nr_levels, default_level);

	if (tctx)
		tctx->qos = level;
	return level;
}

static void mark_due(s32 cpu, u64 since)
{
	u32 key = (u32)cpu;
	u64 *due = bpf_map_lookup_elem(&due_since, &key);

	if (due && !*due)
		*due = since;
}

/*
 * --oneshot 1: have @cpu's timer look at its occupant @occ at @at, unless
 * it already will for this run by then.
 */
static void arm_cpu(s32 cpu, struct scxkit_occupant *occ, u64 at, u64 now)
{
	u32 key = (u32)cpu;
	struct sj_armed *a = bpf_map_lookup_elem(&armed, &key);

	if (!a)
		return;
	/* Pending for this run, soon enough: a fired timer is not. */
	if (a->run == occ->runs && a->at > now && a->at <= at)
		return;
	a->run = occ->runs;
	a->at = at;
	scxkit_cpu_timer_arm(cpu, at);
}

static void arm_slice_end(s32 cpu, struct scxkit_occupant *occ, u64 now)
{
	arm_cpu(cpu, occ, occ->started_ns + slice_ns, now);
}

/*
 * --oneshot 1: @p (level @level) now waits.  The CPUs it may use must
 * look again: those running a task of its level when their slices end,
 * those running a lower level at once.  (wakeup_preempt() does the same
 * for woken tasks in its own scan.)
 */
static void arm_behind(struct task_struct *p, u32 level)
{
	u32 nr_cpus = scxkit_nr_cpus();
	u64 now = bpf_ktime_get_ns();
	s32 cpu;

	bpf_for(cpu, 0, (s32)nr_cpus) {
		struct scxkit_occupant *occ = scxkit_occupant(cpu);

		if (!occ || !occ->pid || occ->qos > level ||
		    !bpf_cpumask_test_cpu((u32)cpu, p->cpus_ptr))
			continue;
		if (occ->qos == level)
			arm_slice_end(cpu, occ, now);
		else
			arm_cpu(cpu, occ, now, now);
	}
}

/*
 * Is @cpu running its idle task?  Then it sleeps or was just woken for
 * queued work (work.bpf.h); a CPU without an ext occupant may instead run
 * another class's task, in partial mode the common case.
 */
static bool cpu_runs_idle(s32 cpu)
{
	struct task_struct *curr;

	if (!bpf_ksym_exists(scx_bpf_cpu_curr))
		return true; /* older kernels: take no occupant as idle */
	curr = scx_bpf_cpu_curr(cpu);
	return !curr || (curr->flags & PF_IDLE);
}

/* Is a task of @level or above waiting that no CPU has claimed yet? */
static bool unclaimed_at_or_above(u32 level)
{
	u32 l;

	bpf_for(l, level, nr_levels) {
		if (l >= SCXKIT_QOS_MAX_LEVELS)
			break;
		if (scxkit_tq_nr_queued(l) > claimed[l]) {
			claimed[l]++;
			return true;
		}
	}
	return false;
}

static u32 shinjuku_preempt_check(s32 cpu, struct scxkit_occupant *occ, u64 now)
{
	struct task_struct *p;
	u32 level = occ->qos;
	bool idle = false;

	if (now != scan_now) { /* a new scan: nothing claimed yet */
		scan_now = now;
		__builtin_memset(claimed, 0, sizeof(claimed));
		scan_starving =
			scxkit_tq_starving(nr_levels, starve_ms * 1000000);
		if (scan_starving >= 0)
			starving_seen = true;
	}
	if (level + 1 < nr_levels && unclaimed_at_or_above(level + 1)) {
		mark_due(cpu, now);
		return SCXKIT_PREEMPT_HIGHER_QOS;
	}
	/*
	 * An idle mark matters only if something waits; the read (a task
	 * lookup by pid and the QoS table) is the costliest part of a
	 * check, and at low load nothing waits on most of them.
	 */
	if (scxkit_tq_highest(nr_levels) >= 0 || scxkit_cpu_nr_waiting(cpu)) {
		p = bpf_task_from_pid(occ->pid);
		if (p) {
			idle = scxkit_task_marked_idle(p);
			bpf_task_release(p);
		}
		if (idle) {
			/*
			 * It should have blocked (legitimately, it is between
			 * the mark and the block): a smell, counted.
			 */
			scxkit_count(SCXKIT_C_IDLE_MARKED_RUN);
			mark_due(cpu, now);
			return SCXKIT_PREEMPT_IDLE;
		}
	}
	if (now - occ->started_ns < slice_ns)
		return SCXKIT_NO_PREEMPT;
	if (scxkit_cpu_nr_waiting(cpu) || unclaimed_at_or_above(level)) {
		mark_due(cpu, occ->started_ns + slice_ns);
		return SCXKIT_PREEMPT_SLICE;
	}
	/* A starving lower-level task takes one CPU whose slice is over. */
	if (scan_starving >= 0) {
		scan_starving = -1;
		mark_due(cpu, occ->started_ns + slice_ns);
		return SCXKIT_PREEMPT_OTHER;
	}
	return SCXKIT_NO_PREEMPT;
}

/* A waking urgent task need not wait for the timer: take a lower CPU. */
static void wakeup_preempt(struct task_struct *p, u32 level)
{
	u32 nr_cpus = scxkit_nr_cpus(), lowest = level;
	s32 cpu, victim = -1;
	u64 now = bpf_ktime_get_ns();

	/*
	 * Level 0 outranks nobody, and without one-shot timers there is
	 * no slice end to arm: the scan could only end without a victim.
	 * Skipping it keeps the common wake-up O(1) however many CPUs
	 * there are; the rest (urgent wake-ups) stays O(CPUs).
	 */
	if (!level && !oneshot)
		return;
	bpf_for(cpu, 0, (s32)nr_cpus) {
		struct scxkit_occupant *occ;

		if (!bpf_cpumask_test_cpu((u32)cpu, p->cpus_ptr))
			continue;
		occ = scxkit_occupant(cpu);
		if (!occ)
			continue;
		if (!occ->pid) {
			if (cpu_runs_idle(cpu))
				return; /* an idle CPU will pull it */
			continue; /* another class has it: not a victim */
		}
		/* Work now waits behind it: its slice end matters. */
		if (oneshot && occ->qos == level)
			arm_slice_end(cpu, occ, now);
		if (occ->qos < lowest) {
			lowest = occ->qos;
			victim = cpu;
		}
	}
	if (victim < 0)
		return;
	mark_due(victim, now);
	scxkit_count(SCXKIT_CTR(wakeup_preempts));
	scxkit_kick_preempt(victim, SCXKIT_PREEMPT_HIGHER_QOS);
}

static s32 shinjuku_select_cpu(struct task_struct *p, s32 prev_cpu,
			       u64 wake_flags)
{
	bool is_idle = false;
	u32 level = task_level(p);
	s32 cpu;

	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	/* Straight to an idle CPU, unless as urgent work already waits. */
	if (is_idle && scxkit_tq_highest(nr_levels) < (s32)level)
		scxkit_insert(p, SCX_DSQ_LOCAL, BACKUP_SLICE_NS, 0);
	return cpu;
}

static void shinjuku_enqueue(struct task_struct *p, u64 enq_flags)
{
	struct sj_task *t = bpf_task_storage_get(&sj_tasks, p, NULL, 0);
	u32 level = task_level(p);
	bool front = false, preempted = false;

	/*
	 * In full mode kernel threads are ours too.  A per-CPU one (ksoftirqd
	 * running our timer's softirq, a kworker) must not queue behind the
	 * tasks it serves: it takes its CPU at once.  Others get the top level.
	 */
	if (p->flags & PF_KTHREAD) {
		if (p->nr_cpus_allowed == 1) {
			scxkit_insert(p, SCX_DSQ_LOCAL, BACKUP_SLICE_NS,
				      enq_flags | SCX_ENQ_PREEMPT);
			return;
		}
		level = nr_levels - 1;
	}

	if (t) {
		preempted = t->slice_preempted;
		t->slice_preempted = false;
		/*
		 * Long-running since its wake-up: behind the fresh work of
		 * its level (Shinjuku's heavy-tailed mix: a Range request
		 * yields to the Gets, which CFS's fairness does too).
		 */
		if (demote_slices && level > 0 &&
		    t->ran_ns >= demote_slices * slice_ns) {
			struct scxkit_task_ctx *tctx = scxkit_task_ctx(p);

			level--;
			if (tctx) /* what its CPU's occupant will say */
				tctx->qos = level;
			scxkit_count(SCXKIT_CTR(demotions));
		}
	}
	if (enq_flags & SCX_ENQ_REENQ)
		front = true; /* lost its CPU to another class */
	else if (preempted && front_on_slice)
		front = true;
	if (front) {
		scxkit_count(SCXKIT_CTR(front_inserts));
		scxkit_tq_push_front(p, level, enq_flags);
		if (oneshot)
			arm_behind(p, level);
		return;
	}
	/*
	 * No scxkit_tq_run_idle() here, unlike fifo and rr: putting a task
	 * straight on an idle CPU when nothing waits raised the RocksDB
	 * Get p99 at load 0.7 from 9.9 to 12.2 ms (median of 3 runs each,
	 * one VM boot, against cdb9709 which did not have it).
	 */
	scxkit_tq_push_back(p, level, enq_flags);
	if (!preempted && !(enq_flags & SCX_ENQ_REENQ))
		wakeup_preempt(p, level);
	else if (oneshot)
		arm_behind(p, level);
}

/* Pick the next task for @dsq_id: a starving one first, then by level. */
static bool dispatch_one(u64 dsq_id)
{
	s32 starving;

	if (!scxkit_tq_nr_total())
		return false;
	if (starving_seen) {
		starving = scxkit_tq_starving(nr_levels, starve_ms * 1000000);
		if (starving < 0)
			starving_seen = false;
		else if (scxkit_tq_dispatch((u32)starving, dsq_id,
					    BACKUP_SLICE_NS)) {
			scxkit_count(SCXKIT_CTR(starvation_boosts));
			return true;
		}
	}
	return scxkit_tq_dispatch_highest(nr_levels, dsq_id, BACKUP_SLICE_NS) >=
	       0;
}

/*
 * --central 1: only CPU 0 takes tasks from the queues.  It gives each
 * other CPU that has nothing to run one task (and wakes it), then serves
 * itself; the others, when they run dry, preempt CPU 0 to ask for work.
 */
static void central_dispatch(s32 cpu)
{
	u32 nr_cpus = scxkit_nr_cpus();
	s32 c;

	if (cpu != CENTRAL_CPU) {
		if (scxkit_tq_highest(nr_levels) >= 0)
			scx_bpf_kick_cpu(CENTRAL_CPU, SCX_KICK_PREEMPT);
		return;
	}
	bpf_for(c, 0, (s32)nr_cpus) {
		struct scxkit_occupant *occ;

		/*
		 * Only this CPU's local DSQ: scxkit_cpu_nr_waiting() also
		 * counts the shared framework DSQ, which would skip every
		 * idle CPU while anything waits there.
		 */
		if (c == CENTRAL_CPU ||
		    scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | (u64)(u32)c) > 0)
			continue;
		occ = scxkit_occupant(c);
		if (!occ || occ->pid)
			continue;
		/*
		 * One dispatch buffer slot per insertion (32 by default);
		 * overrunning it gets the policy ejected.  Keep one for this
		 * CPU; the rest of the idle CPUs get theirs next time round.
		 */
		if (bpf_ksym_exists(scx_bpf_dispatch_nr_slots) &&
		    scx_bpf_dispatch_nr_slots() <= 1) {
			scx_bpf_kick_cpu(CENTRAL_CPU, 0);
			break;
		}
		if (!dispatch_one(SCX_DSQ_LOCAL_ON | (u64)c))
			break;
		scxkit_count(SCXKIT_CTR(central_assigns));
		scx_bpf_kick_cpu(c, SCX_KICK_IDLE);
	}
	dispatch_one(SCX_DSQ_LOCAL);
}

static void shinjuku_dispatch(s32 cpu, struct task_struct *prev)
{
	if (central)
		central_dispatch(cpu);
	else
		dispatch_one(SCX_DSQ_LOCAL);
}

static void record_pdelay(s32 cpu, u64 now)
{
	u32 key = (u32)cpu, bucket = 0;
	u64 *due = bpf_map_lookup_elem(&due_since, &key);
	u64 delay_us;

	if (!due || !*due)
		return;
	delay_us = now > *due ? (now - *due) / 1000 : 0;
	*due = 0;
	while (bucket < NR_PDELAY_BUCKETS - 1 && delay_us >= (16ULL << bucket))
		bucket++;
	scxkit_count(SCXKIT_CTR(pdelay_lt_16us) + bucket);
	if (delay_us * 1000 > timer_ns)
		scxkit_count(SCXKIT_CTR(slice_overrun));
}

static void shinjuku_stopping(struct task_struct *p, bool runnable)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct scxkit_occupant *occ;
	u64 now = bpf_ktime_get_ns();
	struct sj_task *t;

	record_pdelay(cpu, now);
	t = bpf_task_storage_get(&sj_tasks, p, NULL, 0);
	if (!t)
		return;
	/*
	 * Going to sleep: its next run starts a new request.  Otherwise
	 * add this run; it began when its CPU's occupant record says (the
	 * framework's running callback wrote it, and a CPU's running and
	 * stopping alternate, so it is this task's run).
	 */
	occ = scxkit_occupant(cpu);
	if (!runnable)
		t->ran_ns = 0;
	else if (occ && now > occ->started_ns)
		t->ran_ns += now - occ->started_ns;
	/* Our kick or the backup slice (both zero the slice), not a class. */
	if (runnable && !p->scx.slice)
		t->slice_preempted = true;
}

/*
 * A task starts; with --oneshot 1, if work of its level waits, its slice
 * end matters.  Nothing else runs here: this is on every context switch
 * (a QoS-table lookup here, to count idle-marked tasks that run, cost
 * every switch; the preemption check counts them now).
 */
static void shinjuku_running(struct task_struct *p)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct scxkit_occupant *occ;

	if (!oneshot)
		return;
	occ = scxkit_occupant(cpu);
	if (occ && occ->pid == p->pid &&
	    (scxkit_tq_highest(nr_levels) >= (s32)occ->qos ||
	     scxkit_cpu_nr_waiting(cpu)))
		arm_slice_end(cpu, occ, occ->started_ns);
}

static s32 shinjuku_init_task(struct task_struct *p,
			      struct scx_init_task_args *args)
{
	if (!bpf_task_storage_get(&sj_tasks, p, NULL,
				  BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -ENOMEM;
	return 0;
}

/* The slice and timer period in force: as given, or derived (above). */
static void choose_slice(void)
{
	slice_ns = slice_us * 1000;
	if (!slice_ns) {
		slice_ns = SLICE_SWITCHES * scxkit_switch_cost_ns;
		if (slice_ns < SLICE_MIN_NS)
			slice_ns = SLICE_MIN_NS;
		if (slice_ns > SLICE_MAX_NS)
			slice_ns = SLICE_MAX_NS;
	}
	timer_ns = timer_us ? timer_us * 1000 : slice_ns / 4;
	scxkit_count_n(SCXKIT_CTR(slice_in_force_us), slice_ns / 1000);
	scxkit_count_n(SCXKIT_CTR(timer_in_force_us), timer_ns / 1000);
}

static s32 shinjuku_init(void)
{
	s32 ret;

	choose_slice();
	scxkit_tq_set_nr_used(nr_levels);
	if (!oneshot)
		return scxkit_preempt_timer_start(timer_ns);
	ret = scxkit_cpu_timers_init();
	if (ret)
		return ret;
	return scxkit_preempt_timer_start(backstop_ms * 1000000);
}

SCXKIT_POLICY(shinjuku,
	      "QoS levels, microsecond preemption (Shinjuku/ghOSt) in BPF", 0,
	      .select_cpu = shinjuku_select_cpu, .enqueue = shinjuku_enqueue,
	      .dispatch = shinjuku_dispatch, .running = shinjuku_running,
	      .stopping = shinjuku_stopping,
	      .preempt_check = shinjuku_preempt_check,
	      .init_task = shinjuku_init_task, .init = shinjuku_init);
