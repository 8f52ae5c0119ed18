// SPDX-License-Identifier: GPL-2.0
/*
 * qsim - the event loop of the idealized schedulers in qsim.h.
 *
 * Time jumps from event to event: an arrival, a task finishing, a slice
 * ending (preemption at once) or a scan tick (preemption every timer_us).
 * Between events every running task progresses at the machine's rate, so
 * each step is exact up to rounding; nothing costs time but service.
 *
 * QSIM_QUEUES follows policies/shinjuku.bpf.c where they meet: a woken
 * task takes an idle CPU if nothing as urgent waits, else joins the back of
 * its level and (wake_preempt) takes the CPU of the lowest level below its
 * own at once; a preempted task rejoins the back of its level, one level
 * lower if it has run demote_slices slices since it woke (level 0 stays);
 * a scan preempts a CPU whose task is outranked by a waiting one, or has
 * used its slice while one of its level or higher waits, each waiting task
 * claiming at most one CPU per scan; a free CPU takes a task that waited
 * starve_us first, else the front of the highest level.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qsim.h"

/* Work left below this (µs) is rounding: the task is done. */
#define EPS 1e-7

struct task {
	double rem; /* service left, µs at full speed */
	double ran; /* wall time on a CPU since it woke */
	double run_start; /* when its current run began */
	double enq_at; /* when it last joined a queue */
	int level, base;
};

/* A FIFO of job indices (ring buffer). */
struct fifo {
	int *buf;
	int head, len, cap;
};

struct sim {
	const struct qsim_config *c;
	struct qsim_job *jobs;
	struct qsim_result *res;
	struct task *t;
	struct fifo q[QSIM_MAX_LEVELS];
	int *cpu; /* QSIM_QUEUES: the job on each CPU, -1: idle */
	int *svc; /* QSIM_PS: the jobs in service */
	int n, nbusy, nsvc, nqueued;
	int next_arr, next_hand, free_workers;
	double now;
};

static void fifo_push(struct fifo *f, int j)
{
	f->buf[(f->head + f->len++) % f->cap] = j;
}

static int fifo_pop(struct fifo *f)
{
	int j = f->buf[f->head];

	f->head = (f->head + 1) % f->cap;
	f->len--;
	return j;
}

static int fifo_front(const struct fifo *f)
{
	return f->buf[f->head];
}

void qsim_preset_fcfs(struct qsim_config *c)
{
	c->kind = QSIM_QUEUES;
	c->levels = 1;
	c->class_level[QSIM_GET] = c->class_level[QSIM_RANGE] = 0;
	c->slice_us = c->timer_us = c->starve_us = 0;
	c->demote_slices = 0;
	c->wake_preempt = c->resume_first = false;
}

void qsim_preset_rr(struct qsim_config *c, double slice_us, double timer_us)
{
	qsim_preset_fcfs(c);
	c->slice_us = slice_us;
	c->timer_us = timer_us;
}

void qsim_preset_prio(struct qsim_config *c)
{
	qsim_preset_fcfs(c);
	c->levels = 2;
	c->class_level[QSIM_GET] = 1;
	c->wake_preempt = true;
	c->resume_first = true;
}

void qsim_preset_shinjuku(struct qsim_config *c, int levels, int worker_level,
			  int range_level, double slice_us, double timer_us,
			  int demote_slices, double starve_us)
{
	qsim_preset_fcfs(c);
	c->levels = levels;
	c->class_level[QSIM_GET] = worker_level;
	c->class_level[QSIM_RANGE] = range_level < 0 ? worker_level
						     : range_level;
	c->slice_us = slice_us;
	c->timer_us = timer_us;
	c->demote_slices = demote_slices;
	c->wake_preempt = true;
	c->starve_us = starve_us;
}

/* ---- time ---- */

/* Each running task's speed, µs of service per µs. */
static double rate(const struct sim *s)
{
	int k = s->c->kind == QSIM_PS ? s->nsvc : s->nbusy;

	if (!k)
		return 0;
	if (s->c->shared_speed)
		return 1.0 / k;
	return k > s->c->cpus ? (double)s->c->cpus / k : 1.0;
}

/* How busy the machine is: 1 when all its speed is in use. */
static double busy(const struct sim *s)
{
	int k = s->c->kind == QSIM_PS ? s->nsvc : s->nbusy;

	if (!k)
		return 0;
	if (s->c->shared_speed)
		return 1;
	return k >= s->c->cpus ? 1 : (double)k / s->c->cpus;
}

static void advance(struct sim *s, double to)
{
	double r = rate(s), dt = to - s->now;
	double lo = fmax(s->now, s->c->window_start);
	double hi = fmin(to, s->c->window_end);
	int i;

	if (hi > lo)
		s->res->busy_us += (hi - lo) * busy(s);
	if (s->c->kind == QSIM_PS) {
		for (i = 0; i < s->nsvc; i++)
			s->t[s->svc[i]].rem -= dt * r;
	} else {
		for (i = 0; i < s->c->cpus; i++)
			if (s->cpu[i] >= 0)
				s->t[s->cpu[i]].rem -= dt * r;
	}
	s->now = to;
}

static void finish(struct sim *s, int j)
{
	s->jobs[j].finish = s->now;
	s->res->end_us = s->now;
	s->free_workers++;
}

/*
 * next_handover - count in the jobs that have arrived by now, and return
 * the next of them a free worker takes (that worker is then busy), or -1
 * while no worker is free or hand-over has stopped (handover_until).
 */
static int next_handover(struct sim *s)
{
	const struct qsim_config *c = s->c;

	while (s->next_arr < s->n && s->jobs[s->next_arr].arrival <= s->now)
		s->next_arr++;
	if (s->free_workers <= 0 || s->next_hand >= s->next_arr ||
	    (c->handover_until > 0 && !(s->now < c->handover_until)))
		return -1;
	s->free_workers--;
	return s->next_hand++;
}

/* ---- the queues ---- */

static void run_on(struct sim *s, int c, int j)
{
	s->cpu[c] = j;
	s->t[j].run_start = s->now;
	s->nbusy++;
	s->res->dispatches++;
}

static void enqueue(struct sim *s, int j)
{
	s->t[j].enq_at = s->now;
	fifo_push(&s->q[s->t[j].level], j);
	s->nqueued++;
}

static void enqueue_first(struct sim *s, int j)
{
	struct fifo *f = &s->q[s->t[j].level];

	s->t[j].enq_at = s->now;
	f->head = (f->head + f->cap - 1) % f->cap;
	f->buf[f->head] = j;
	f->len++;
	s->nqueued++;
}

/* The level whose front task waited longest, beyond starve_us; or -1. */
static int starving(const struct sim *s)
{
	double worst = s->c->starve_us;
	int l, found = -1;

	if (!(s->c->starve_us > 0))
		return -1;
	for (l = 0; l < s->c->levels; l++) {
		const struct fifo *f = &s->q[l];

		if (f->len && s->now - s->t[fifo_front(f)].enq_at > worst) {
			worst = s->now - s->t[fifo_front(f)].enq_at;
			found = l;
		}
	}
	return found;
}

static int highest_queued(const struct sim *s)
{
	int l;

	for (l = s->c->levels - 1; l >= 0; l--)
		if (s->q[l].len)
			return l;
	return -1;
}

/* CPU @c is free: it takes a starving task, else the most urgent one. */
static void dispatch(struct sim *s, int c)
{
	int l = starving(s);

	if (l < 0)
		l = highest_queued(s);
	if (l < 0)
		return;
	s->nqueued--;
	run_on(s, c, fifo_pop(&s->q[l]));
}

static void dispatch_idle(struct sim *s)
{
	int c;

	for (c = 0; c < s->c->cpus && s->nqueued; c++)
		if (s->cpu[c] < 0)
			dispatch(s, c);
}

static bool slice_used(const struct sim *s, int c)
{
	return s->c->slice_us > 0 &&
	       s->now - s->t[s->cpu[c]].run_start >= s->c->slice_us - EPS;
}

/*
 * Takes CPU @c's task off and requeues it (@outranked: for a task of a
 * higher level); the CPU takes the next.
 */
static void preempt(struct sim *s, int c, bool outranked)
{
	int j = s->cpu[c];
	struct task *t = &s->t[j];
	const struct qsim_config *cfg = s->c;

	t->ran += s->now - t->run_start;
	s->cpu[c] = -1;
	s->nbusy--;
	s->res->preemptions++;
	t->level = t->base;
	if (cfg->demote_slices && cfg->slice_us > 0 && t->base > 0 &&
	    t->ran >= cfg->demote_slices * cfg->slice_us - EPS) {
		t->level = t->base - 1;
		s->res->demotions++;
	}
	if (outranked && cfg->resume_first)
		enqueue_first(s, j);
	else
		enqueue(s, j);
	dispatch(s, c);
}

/* Job @j gets a worker: its task wakes up. */
static void wake(struct sim *s, int j)
{
	struct task *t = &s->t[j];
	int c, victim = -1, lowest;

	s->jobs[j].start = s->now;
	t->rem = s->jobs[j].service;
	t->ran = 0;
	t->base = t->level = s->c->class_level[s->jobs[j].cls];
	for (c = 0; c < s->c->cpus; c++)
		if (s->cpu[c] < 0)
			break;
	if (c < s->c->cpus && highest_queued(s) < t->level) {
		run_on(s, c, j);
		return;
	}
	enqueue(s, j);
	if (!s->c->wake_preempt || c < s->c->cpus)
		return;
	lowest = t->level;
	for (c = 0; c < s->c->cpus; c++) {
		if (s->t[s->cpu[c]].level < lowest) {
			lowest = s->t[s->cpu[c]].level;
			victim = c;
		}
	}
	if (victim >= 0)
		preempt(s, victim, true);
}

/* Claims one waiting task of level @l or above, if one is unclaimed. */
static bool claim(const struct sim *s, int *claimed, int l)
{
	for (; l < s->c->levels; l++) {
		if (s->q[l].len > claimed[l]) {
			claimed[l]++;
			return true;
		}
	}
	return false;
}

/* A scan tick: which CPUs to preempt, decided on the queues as they are. */
static void scan(struct sim *s)
{
	int claimed[QSIM_MAX_LEVELS] = { 0 }, victims[s->c->cpus];
	bool outranked[s->c->cpus];
	int nv = 0, starve = starving(s), c;

	for (c = 0; c < s->c->cpus; c++) {
		int l;

		if (s->cpu[c] < 0)
			continue;
		l = s->t[s->cpu[c]].level;
		outranked[nv] = l + 1 < s->c->levels &&
				claim(s, claimed, l + 1);
		if (outranked[nv]) {
			victims[nv++] = c;
		} else if (slice_used(s, c)) {
			if (claim(s, claimed, l)) {
				victims[nv++] = c;
			} else if (starve >= 0) {
				starve = -1;
				victims[nv++] = c;
			}
		}
	}
	for (c = 0; c < nv; c++)
		preempt(s, victims[c], outranked[c]);
}

/* Preemption at once (timer_us 0): until nothing is due. */
static void preempt_due(struct sim *s)
{
	for (;;) {
		int h = highest_queued(s), c, victim = -1;
		bool outranked;

		if (h < 0)
			return;
		for (c = 0; c < s->c->cpus; c++) {
			int j = s->cpu[c];

			if (j < 0)
				continue;
			if (s->t[j].level < h &&
			    (victim < 0 ||
			     s->t[j].level < s->t[s->cpu[victim]].level))
				victim = c;
		}
		outranked = victim >= 0;
		/* Else one whose slice has ended. */
		for (c = 0; victim < 0 && c < s->c->cpus; c++) {
			int j = s->cpu[c];

			if (j >= 0 && s->t[j].level <= h && slice_used(s, c))
				victim = c;
		}
		if (victim < 0)
			return;
		preempt(s, victim, outranked);
	}
}

static int run_queues(struct sim *s)
{
	const struct qsim_config *c = s->c;
	int i, j;

	s->cpu = malloc(sizeof(int) * (size_t)c->cpus);
	if (!s->cpu)
		return -1;
	for (i = 0; i < c->cpus; i++)
		s->cpu[i] = -1;
	for (;;) {
		double next = INFINITY, r = rate(s), tick = INFINITY;
		bool is_tick;

		if (s->next_arr < s->n)
			next = s->jobs[s->next_arr].arrival;
		for (i = 0; i < c->cpus; i++)
			if (s->cpu[i] >= 0)
				next = fmin(next,
					    s->now + s->t[s->cpu[i]].rem / r);
		if (s->nqueued && c->timer_us > 0)
			tick = (floor(s->now / c->timer_us + EPS) + 1) *
			       c->timer_us;
		else if (s->nqueued && c->slice_us > 0)
			for (i = 0; i < c->cpus; i++) {
				double end;

				if (s->cpu[i] < 0)
					continue;
				end = s->t[s->cpu[i]].run_start + c->slice_us;
				if (end > s->now + EPS)
					next = fmin(next, end);
			}
		is_tick = tick <= next;
		next = fmin(next, tick);
		if (next == INFINITY)
			break;
		advance(s, next);
		for (i = 0; i < c->cpus; i++) {
			if (s->cpu[i] >= 0 && s->t[s->cpu[i]].rem <= EPS) {
				finish(s, s->cpu[i]);
				s->cpu[i] = -1;
				s->nbusy--;
			}
		}
		dispatch_idle(s);
		while ((j = next_handover(s)) >= 0)
			wake(s, j);
		if (c->timer_us > 0) {
			if (is_tick)
				scan(s);
		} else {
			preempt_due(s);
		}
	}
	free(s->cpu);
	return 0;
}

/* ---- processor sharing ---- */

static int run_ps(struct sim *s)
{
	int i, j;

	s->svc = malloc(sizeof(int) * (size_t)(s->n + 1));
	if (!s->svc)
		return -1;
	for (;;) {
		double next = INFINITY, r = rate(s);

		if (s->next_arr < s->n)
			next = s->jobs[s->next_arr].arrival;
		for (i = 0; i < s->nsvc; i++)
			next = fmin(next, s->now + s->t[s->svc[i]].rem / r);
		if (next == INFINITY)
			break;
		advance(s, next);
		for (i = 0; i < s->nsvc;) {
			if (s->t[s->svc[i]].rem <= EPS) {
				finish(s, s->svc[i]);
				s->svc[i] = s->svc[--s->nsvc];
			} else {
				i++;
			}
		}
		while ((j = next_handover(s)) >= 0) {
			s->jobs[j].start = s->now;
			s->t[j].rem = s->jobs[j].service;
			s->svc[s->nsvc++] = j;
		}
	}
	free(s->svc);
	return 0;
}

int qsim_run(const struct qsim_config *cfg, struct qsim_job *jobs, int n,
	     struct qsim_result *res)
{
	struct sim s = { .c = cfg, .jobs = jobs, .res = res, .n = n };
	int i, l, ret = -1, cap;

	memset(res, 0, sizeof(*res));
	if (cfg->cpus < 1 || cfg->workers < 0 || n < 0 ||
	    (cfg->kind == QSIM_QUEUES &&
	     (cfg->levels < 1 || cfg->levels > QSIM_MAX_LEVELS ||
	      cfg->class_level[0] < 0 || cfg->class_level[0] >= cfg->levels ||
	      cfg->class_level[1] < 0 || cfg->class_level[1] >= cfg->levels)))
		return -1;
	for (i = 0; i < n; i++) {
		if (!(jobs[i].service > 0) ||
		    (i && jobs[i].arrival < jobs[i - 1].arrival) ||
		    jobs[i].cls < 0 || jobs[i].cls > 1)
			return -1;
		jobs[i].start = jobs[i].finish = -1;
	}
	s.free_workers = cfg->workers && cfg->workers < n ? cfg->workers : n;
	cap = s.free_workers + 1;
	s.t = calloc((size_t)n + 1, sizeof(*s.t));
	if (!s.t)
		return -1;
	for (l = 0; l < QSIM_MAX_LEVELS; l++) {
		s.q[l].cap = cap;
		if (cfg->kind == QSIM_QUEUES && l < cfg->levels &&
		    !(s.q[l].buf = malloc(sizeof(int) * (size_t)cap)))
			goto out;
	}
	if (n)
		s.now = fmin(jobs[0].arrival, 0);
	ret = cfg->kind == QSIM_PS ? run_ps(&s) : run_queues(&s);
out:
	for (l = 0; l < QSIM_MAX_LEVELS; l++)
		free(s.q[l].buf);
	free(s.t);
	return ret;
}
