/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nest - keep tasks on a few warm cores (Nest, EuroSys'22; Meta's scx_nest).
 *
 * A core that ran recently keeps a high clock frequency and warm caches; a
 * core that idles long drops into a deep sleep state.  Spreading a light
 * load over every core leaves all of them half asleep.  Nest instead packs
 * work onto as few cores as keep up with it, and lets the rest sleep.
 *
 * Nests.  Cores belong to the primary nest (warm, used first), the reserve
 * nest (recently useful, at most --reserve-max cores) or neither.  Both
 * start empty and are grown by wake-ups:
 *
 *   1. a waking task takes its previous core if that is an idle primary
 *      core (wake_prev): its cache is warmest there;
 *   2. else the warmest idle primary core, the one that went idle last
 *      (wake_primary);
 *   3. else the primary nest is saturated and grows: an idle reserve core
 *      joins it, the task's previous one first, else the warmest
 *      (grow_reserve);
 *   4. else any idle core is taken and joins the reserve (grow_new), or the
 *      primary nest directly if the task has missed out on primary cores
 *      --impatient wake-ups in a row (impatient_grows);
 *   5. else every core is busy and the task waits in the queue (wake_busy).
 *
 * Compaction.  A primary core that found nothing to run and then stayed
 * idle for --compact-us leaves the primary nest for the reserve (or for
 * neither when the reserve is full, reserve_full); the last primary core
 * always stays.  It is done lazily, when a wake-up looks at the core (steps
 * 1 and 2), the only moment membership matters; so no timer wakes idle
 * cores just to demote them.  A waking task thus goes to a warm core that
 * is free rather than back to one that went cold, and light tasks gather
 * on the cores that stay busy, while a heavy load grows the primary nest
 * to every core.
 *
 * Order.  Waiting tasks share one queue ordered by weighted virtual time
 * (<scxkit/bpf/vtime.bpf.h>, as in the vtime policy), so nice values count.
 * scx_nest's "attached core", hyperthread-aware idle picks and eager
 * compaction of a core whose task exited are left out.
 *
 * Masks.  The nests are arrays of u64 words, one bit per CPU, each word
 * changed with atomic and/or: simple and lock-free.  They hold the
 * framework's SCXKIT_MAX_CPUS, like every per-CPU table (the launcher
 * refuses a bigger machine, naming the limit).
 */
#include <scxkit/scxkit.bpf.h>
#include <scxkit/bpf/vtime.bpf.h>

SCXKIT_OPT(slice_us, 20000, 100, 1000000, "time slice in microseconds");
SCXKIT_OPT(compact_us, 2000, 50, 10000000,
	   "a primary core idle this long leaves the primary nest");
SCXKIT_OPT(reserve_max, 5, 0, 64, "cores the reserve nest holds at most");
SCXKIT_OPT(impatient, 2, 0, 1000,
	   "wake-ups in a row without a primary core before one joins it at "
	   "once (0: off)");

SCXKIT_COUNTER(wake_prev, 0, "wake-ups on the task's previous core");
SCXKIT_COUNTER(wake_primary, 1, "wake-ups on another idle primary core");
SCXKIT_COUNTER(grow_reserve, 2, "reserve cores moved into the primary nest");
SCXKIT_COUNTER(grow_new, 3, "cores outside both nests taken (to reserve)");
SCXKIT_COUNTER(impatient_grows, 4,
	       "cores outside both nests put straight into the primary nest");
SCXKIT_COUNTER(compactions, 5, "primary cores demoted after idling");
SCXKIT_COUNTER(reserve_full, 6, "cores left out of the full reserve nest");
SCXKIT_COUNTER(wake_busy, 7, "wake-ups that found no idle core and queued");

#define NEST_DSQ      0
#define NEST_MAX_CPUS SCXKIT_MAX_CPUS
#define NEST_WORDS    (NEST_MAX_CPUS / 64)
#define SLICE_NS      (slice_us * 1000)

/* The nests: bit n % 64 of word n / 64 is CPU n. */
static u64 primary[NEST_WORDS], reserve[NEST_WORDS];
/* Per CPU: when it found nothing to run (0: it has work since). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NEST_MAX_CPUS);
	__type(key, u32);
	__type(value, u64);
} idle_since SEC(".maps");
/* CPUs to look at: nr_cpu_ids, checked at init to be <= NEST_MAX_CPUS. */
static u32 nr_cpus;

/* Per task: wake-ups in a row that found no idle primary core. */
struct nest_task {
	u32 misses;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct nest_task);
} nest_tasks SEC(".maps");

/* Another CPU may change a word at any time: read each one once. */
static u64 read_word(u64 *mask, u32 w)
{
	return w < NEST_WORDS ? *(volatile u64 *)&mask[w] : 0;
}

static bool in_mask(u64 *mask, s32 cpu)
{
	return cpu >= 0 && cpu < NEST_MAX_CPUS &&
	       (read_word(mask, (u32)cpu / 64) >> (cpu % 64)) & 1;
}

static void mask_set(u64 *mask, s32 cpu)
{
	u32 w = (u32)cpu / 64;

	if (cpu >= 0 && w < NEST_WORDS)
		__sync_fetch_and_or(&mask[w], 1ULL << (cpu % 64));
}

static void mask_clear(u64 *mask, s32 cpu)
{
	u32 w = (u32)cpu / 64;

	if (cpu >= 0 && w < NEST_WORDS)
		__sync_fetch_and_and(&mask[w], ~(1ULL << (cpu % 64)));
}

/* CPUs in @mask, counting up to @enough (callers need no more). */
static u32 mask_weight(u64 *mask, u32 enough)
{
	u32 w, n = 0;

	for (w = 0; w < NEST_WORDS && w * 64 < nr_cpus && n < enough; w++)
		n += (u32)__builtin_popcountll(read_word(mask, w));
	return n;
}

/* @cpu's slot in idle_since, or NULL. */
static u64 *idle_since_of(s32 cpu)
{
	u32 key = (u32)cpu;

	return bpf_map_lookup_elem(&idle_since, &key);
}

/* Puts @cpu in the reserve nest, if it has room. */
static void reserve_add(s32 cpu)
{
	if (mask_weight(reserve, (u32)reserve_max) >= reserve_max) {
		scxkit_count(SCXKIT_CTR(reserve_full));
		return;
	}
	mask_set(reserve, cpu);
}

/* Moves @cpu into the primary nest (set first: never in neither). */
static void promote(s32 cpu)
{
	mask_set(primary, cpu);
	mask_clear(reserve, cpu);
}

/*
 * Compaction: is primary core @cpu cold (idle for compact_us)?  Then it
 * moves to the reserve, unless it is the last primary core.  Racing
 * wake-ups may demote a core another CPU has just picked; it only costs
 * that core a promotion later.
 */
static bool demote_if_cold(s32 cpu, u64 now)
{
	u64 *since = idle_since_of(cpu);

	if (!since || !*since || (s64)(now - *since) < (s64)(compact_us * 1000))
		return false;
	if (mask_weight(primary, 2) < 2)
		return false;
	mask_clear(primary, cpu);
	reserve_add(cpu);
	scxkit_count(SCXKIT_CTR(compactions));
	return true;
}

/* Takes @cpu for @p if @p may run there and it is idle. */
static bool claim(struct task_struct *p, s32 cpu)
{
	return cpu >= 0 && bpf_cpumask_test_cpu((u32)cpu, p->cpus_ptr) &&
	       scx_bpf_test_and_clear_cpu_idle(cpu);
}

/*
 * The warmest idle CPU of @mask that @p may use, i.e. the one that went
 * idle last, claimed; -1 if none.  Cold cores met on the way are demoted
 * first when @compact (the primary nest).  Warmest first, rather than any
 * idle one, is what keeps a light load from wandering over the reserve:
 * the core a task left a moment ago is the one to come back to.  If
 * another wake-up claims it first, the nest is that much busier, and the
 * caller moves on to growing it.
 */
static s32 claim_warmest(struct task_struct *p, u64 *mask, bool compact,
			 u64 now)
{
	const struct cpumask *idle = scx_bpf_get_idle_cpumask();
	s32 cpu, best = -1;
	u64 best_since = 0;

	bpf_for(cpu, 0, (s32)nr_cpus) {
		u64 *since;

		if (!in_mask(mask, cpu) ||
		    !bpf_cpumask_test_cpu((u32)cpu, idle) ||
		    !bpf_cpumask_test_cpu((u32)cpu, p->cpus_ptr))
			continue;
		if (compact && demote_if_cold(cpu, now))
			continue;
		since = idle_since_of(cpu);
		if (best < 0 || (since && *since > best_since)) {
			best = cpu;
			best_since = since ? *since : 0;
		}
	}
	scx_bpf_put_idle_cpumask(idle);
	if (best >= 0 && scx_bpf_test_and_clear_cpu_idle(best))
		return best;
	return -1;
}

/* Steps 3 and 4 of the header: the primary nest is full, grow it. */
static s32 grow(struct task_struct *p, s32 prev_cpu, bool *impatient_now)
{
	struct nest_task *t = bpf_task_storage_get(&nest_tasks, p, NULL, 0);
	s32 cpu;

	if (impatient && t && ++t->misses >= impatient) {
		t->misses = 0;
		*impatient_now = true;
	}
	if (in_mask(reserve, prev_cpu) && claim(p, prev_cpu))
		cpu = prev_cpu;
	else
		cpu = claim_warmest(p, reserve, false, 0);
	if (cpu >= 0) {
		promote(cpu);
		scxkit_count(SCXKIT_CTR(grow_reserve));
		return cpu;
	}
	cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (cpu < 0)
		return -1;
	/* It may have joined a nest since we looked. */
	if (in_mask(primary, cpu)) {
		scxkit_count(SCXKIT_CTR(wake_primary));
		return cpu;
	}
	if (in_mask(reserve, cpu) || *impatient_now) {
		promote(cpu);
		scxkit_count(*impatient_now ? SCXKIT_CTR(impatient_grows)
					    : SCXKIT_CTR(grow_reserve));
		return cpu;
	}
	reserve_add(cpu);
	scxkit_count(SCXKIT_CTR(grow_new));
	return cpu;
}

static s32 nest_select_cpu(struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	u64 now = bpf_ktime_get_ns(), *since;
	bool impatient_now = false;
	struct nest_task *t;
	s32 cpu = -1;

	if (in_mask(primary, prev_cpu) && !demote_if_cold(prev_cpu, now) &&
	    claim(p, prev_cpu)) {
		cpu = prev_cpu;
		scxkit_count(SCXKIT_CTR(wake_prev));
	} else {
		cpu = claim_warmest(p, primary, true, now);
		if (cpu >= 0)
			scxkit_count(SCXKIT_CTR(wake_primary));
	}
	if (cpu >= 0) {
		t = bpf_task_storage_get(&nest_tasks, p, NULL, 0);
		if (t)
			t->misses = 0;
	} else {
		cpu = grow(p, prev_cpu, &impatient_now);
	}
	if (cpu < 0) {
		scxkit_count(SCXKIT_CTR(wake_busy));
		return prev_cpu;
	}
	since = idle_since_of(cpu);
	if (since)
		*since = 0;
	scxkit_insert(p, SCX_DSQ_LOCAL, SLICE_NS, 0);
	scxkit_count(SCXKIT_C_DIRECT);
	return cpu;
}

static void nest_enqueue(struct task_struct *p, u64 enq_flags)
{
	scxkit_vtime_insert(p, NEST_DSQ, SLICE_NS, enq_flags);
}

static void nest_dispatch(s32 cpu, struct task_struct *prev)
{
	u64 *since;

	if (scxkit_vtime_dispatch(NEST_DSQ, prev, SLICE_NS))
		return;
	/*
	 * Nothing to run.  Unless prev runs on (the kernel keeps a runnable
	 * prev when nothing else is found), the core idles from now on: its
	 * compaction clock starts, and the time tells the warmest core.
	 */
	if (prev && (prev->scx.flags & SCX_TASK_QUEUED))
		return;
	since = idle_since_of(cpu);
	if (since && !*since)
		*since = bpf_ktime_get_ns();
}

static void nest_running(struct task_struct *p)
{
	u64 *since = idle_since_of(scx_bpf_task_cpu(p));

	if (since)
		*since = 0;
	scxkit_vtime_running(p);
}

static void nest_stopping(struct task_struct *p, bool runnable)
{
	scxkit_vtime_charge(p, SLICE_NS);
}

static void nest_enable(struct task_struct *p)
{
	scxkit_vtime_enable(p);
}

static s32 nest_init_task(struct task_struct *p,
			  struct scx_init_task_args *args)
{
	if (!bpf_task_storage_get(&nest_tasks, p, NULL,
				  BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -ENOMEM;
	return scxkit_vtime_init_task(p);
}

static s32 nest_init(void)
{
	nr_cpus = scx_bpf_nr_cpu_ids();
	if (nr_cpus > NEST_MAX_CPUS) {
		scxkit_error("nest: %u CPUs; its core masks hold at most %d",
			     nr_cpus, NEST_MAX_CPUS);
		return -E2BIG;
	}
	return scx_bpf_create_dsq(NEST_DSQ, -1);
}

SCXKIT_POLICY(nest, "keeps tasks on a few warm cores, grows under load (Nest)",
	      0, .select_cpu = nest_select_cpu, .enqueue = nest_enqueue,
	      .dispatch = nest_dispatch, .running = nest_running,
	      .stopping = nest_stopping, .enable = nest_enable,
	      .init_task = nest_init_task, .init = nest_init);
