// SPDX-License-Identifier: GPL-2.0
/* The dashboard's data: parsing stats replies and exit records, rates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dash_model.h"
#include "json_reader.h"

/* Deepest queue we show; deeper values from a broken server are clamped. */
#define DEPTH_MAX 1e12

/*
 * @v as an integer in [@min, @max], @def when it is not a finite number:
 * replies come from another process, and casting an out-of-range double
 * is undefined.
 */
static long long json_int(const struct json_value *v, long long def, double min,
			  double max)
{
	double x = json_number(v, NAN);

	if (!isfinite(x))
		return def;
	if (x < min)
		x = min;
	if (x > max)
		x = max;
	return (long long)x;
}

/* A finite, non-negative double, else 0. */
static double json_amount(const struct json_value *v)
{
	double x = json_number(v, 0);

	return isfinite(x) && x > 0 ? x : 0;
}

static void parse_cpus(struct dash_sample *s, const struct json_doc *d,
		       const struct json_value *arr)
{
	const struct json_value *v;

	for (v = json_child(d, arr); v && s->nr_cpus < DASH_MAX_CPUS;
	     v = json_next(d, v)) {
		struct dash_cpu *c = &s->cpus[s->nr_cpus];

		if (v->type != JSON_OBJECT)
			continue;
		c->cpu = (int)json_int(json_get(d, v, "cpu"), s->nr_cpus, 0,
				       1e6);
		c->pid = (int)json_int(json_get(d, v, "pid"), 0, 0, 1e9);
		json_string(json_get(d, v, "comm"), c->comm, sizeof(c->comm));
		c->qos = (unsigned int)json_int(json_get(d, v, "qos"), 0, 0,
						1e6);
		c->run_ms = json_amount(json_get(d, v, "run_ms"));
		c->runs = json_amount(json_get(d, v, "runs"));
		c->kicks = json_amount(json_get(d, v, "kicks"));
		s->nr_cpus++;
	}
}

static void parse_run(struct dash_sample *s, const struct json_doc *d,
		      const struct json_value *run)
{
	const struct json_value *v;

	s->launcher_pid =
		(int)json_int(json_get(d, run, "launcher_pid"), 0, 0, 1e9);
	json_string(json_get(d, run, "mode"), s->mode, sizeof(s->mode));
	json_string(json_get(d, run, "kernel_state"), s->kernel_state,
		    sizeof(s->kernel_state));
	for (v = json_child(d, json_get(d, run, "options"));
	     v && s->nr_opts < DASH_MAX_OPTS; v = json_next(d, v)) {
		if (!v->key || v->type != JSON_NUMBER || !isfinite(v->number))
			continue;
		snprintf(s->opts[s->nr_opts].name, sizeof(s->opts[0].name),
			 "%s", v->key);
		s->opts[s->nr_opts++].value = v->number;
	}
}

int dash_sample__parse(struct dash_sample *s, const char *json, char *err,
		       size_t errlen)
{
	const struct json_value *root, *body, *v, *resp;
	struct json_doc d;

	memset(s, 0, sizeof(*s));
	if (json_parse(&d, json)) {
		snprintf(err, errlen, "reply is not JSON");
		return -1;
	}
	root = json_root(&d);
	body = root;
	resp = json_get(&d, json_get(&d, root, "args"), "resp");
	if (json_get(&d, root, "errno")) {
		if (json_number(json_get(&d, root, "errno"), -1) != 0) {
			char msg[128];

			json_string(resp, msg, sizeof(msg));
			snprintf(err, errlen, "server error: %s",
				 msg[0] ? msg : "(no message)");
			json_free(&d);
			return -1;
		}
		body = resp;
	}
	if (!body || body->type != JSON_OBJECT ||
	    !json_string(json_get(&d, body, "policy"), s->policy,
			 sizeof(s->policy))) {
		snprintf(err, errlen, "reply has no policy");
		json_free(&d);
		return -1;
	}
	s->time_s = json_amount(json_get(&d, body, "time_s"));
	for (v = json_child(&d, json_get(&d, body, "counters"));
	     v && s->nr_counters < DASH_MAX_COUNTERS; v = json_next(&d, v)) {
		if (!v->key || v->type != JSON_NUMBER)
			continue;
		snprintf(s->counters[s->nr_counters].name,
			 sizeof(s->counters[0].name), "%s", v->key);
		s->counters[s->nr_counters++].total = json_amount(v);
	}
	for (v = json_child(&d, json_get(&d, body, "queues"));
	     v && s->nr_queues < DASH_MAX_QUEUES; v = json_next(&d, v))
		s->depth[s->nr_queues++] = json_int(v, 0, 0, DEPTH_MAX);
	parse_cpus(s, &d, json_get(&d, body, "cpus"));
	parse_run(s, &d, json_get(&d, body, "run"));
	json_free(&d);
	return 0;
}

int dash_exit__parse(struct dash_exit *e, const char *json)
{
	const struct json_value *root;
	struct json_doc d;

	memset(e, 0, sizeof(*e));
	if (json_parse(&d, json))
		return -1;
	root = json_root(&d);
	if (!root || root->type != JSON_OBJECT || !json_get(&d, root, "kind")) {
		json_free(&d);
		return -1;
	}
	json_string(json_get(&d, root, "policy"), e->policy, sizeof(e->policy));
	e->launcher_pid =
		(int)json_int(json_get(&d, root, "launcher_pid"), 0, 0, 1e9);
	e->time_s = json_amount(json_get(&d, root, "time_s"));
	e->requested = json_number(json_get(&d, root, "requested"), 0) != 0;
	e->kind = (int)json_int(json_get(&d, root, "kind"), 0, -1e9, 1e9);
	json_string(json_get(&d, root, "kind_name"), e->kind_name,
		    sizeof(e->kind_name));
	e->exit_code =
		json_int(json_get(&d, root, "exit_code"), 0, -9e18, 9e18);
	json_string(json_get(&d, root, "reason"), e->reason, sizeof(e->reason));
	json_string(json_get(&d, root, "msg"), e->msg, sizeof(e->msg));
	json_free(&d);
	return 0;
}

void dash_model__init(struct dash_model *m)
{
	memset(m, 0, sizeof(*m));
	m->state = DASH_WAITING;
}

static const struct dash_counter *find_counter(const struct dash_sample *s,
					       int hint, const char *name)
{
	int i;

	if (hint < s->nr_counters && !strcmp(s->counters[hint].name, name))
		return &s->counters[hint];
	for (i = 0; i < s->nr_counters; i++)
		if (!strcmp(s->counters[i].name, name))
			return &s->counters[i];
	return NULL;
}

static double per_second(double now, double before, double dt)
{
	double r = dt > 0 && now >= before ? (now - before) / dt : 0;

	return isfinite(r) ? r : 0;
}

/* The entry of CPU @cpu in @s, NULL if absent; @hint is where it was. */
static const struct dash_cpu *find_cpu(const struct dash_sample *s, int hint,
				       int cpu)
{
	int i;

	if (hint < s->nr_cpus && s->cpus[hint].cpu == cpu)
		return &s->cpus[hint];
	for (i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].cpu == cpu)
			return &s->cpus[i];
	return NULL;
}

void dash_model__add(struct dash_model *m, const struct dash_sample *s)
{
	const struct dash_sample *old = &m->cur;
	bool same = m->have_sample && old->launcher_pid == s->launcher_pid &&
		    !strcmp(old->policy, s->policy) && s->time_s >= old->time_s;
	double dt = same ? s->time_s - old->time_s : 0;
	struct dash_sample next = *s;
	int i, q;

	if (!same) {
		dash_model__init(m);
		old = NULL;
	}
	for (i = 0; old && i < next.nr_counters; i++) {
		const struct dash_counter *c =
			find_counter(old, i, next.counters[i].name);

		if (c)
			next.counters[i].rate = per_second(
				next.counters[i].total, c->total, dt);
	}
	for (i = 0; old && i < next.nr_cpus; i++) {
		const struct dash_cpu *was = find_cpu(old, i, next.cpus[i].cpu);

		if (!was)
			continue;
		next.cpus[i].preempt_rate =
			per_second(next.cpus[i].kicks, was->kicks, dt);
		next.cpus[i].start_rate =
			per_second(next.cpus[i].runs, was->runs, dt);
	}
	m->cur = next;
	m->have_sample = true;
	m->state = DASH_RUNNING;
	m->note[0] = '\0';

	/* Queue history: shift when full, oldest first. */
	if (m->hist_len == DASH_HISTORY) {
		for (q = 0; q < DASH_MAX_QUEUES; q++)
			memmove(&m->hist[q][0], &m->hist[q][1],
				(DASH_HISTORY - 1) * sizeof(m->hist[q][0]));
		m->hist_len--;
	}
	for (q = 0; q < DASH_MAX_QUEUES; q++)
		m->hist[q][m->hist_len] = q < next.nr_queues ? next.depth[q]
							     : 0;
	m->hist_len++;
}

void dash_model__ended(struct dash_model *m, const struct dash_exit *e)
{
	m->exit = *e;
	m->state = e->requested ? DASH_DETACHED : DASH_EJECTED;
	m->note[0] = '\0';
}

void dash_model__lost(struct dash_model *m, const struct dash_exit *e,
		      const char *why)
{
	/* Once ended, the exit stays on screen until a new scheduler. */
	if (m->state == DASH_DETACHED || m->state == DASH_EJECTED)
		return;
	if (e && m->have_sample && e->launcher_pid &&
	    e->launcher_pid == m->cur.launcher_pid) {
		dash_model__ended(m, e);
		return;
	}
	m->state = m->have_sample ? DASH_GONE : DASH_WAITING;
	snprintf(m->note, sizeof(m->note), "%s", why ? why : "");
}

long long dash_model__total_queued(const struct dash_model *m)
{
	long long total = 0;
	int q;

	for (q = 0; q < m->cur.nr_queues; q++)
		total += m->cur.depth[q];
	return total;
}

const struct dash_counter *dash_model__counter(const struct dash_model *m,
					       const char *name)
{
	return find_counter(&m->cur, 0, name);
}

const char *dash_state__name(enum dash_state st)
{
	switch (st) {
	case DASH_WAITING:
		return "waiting";
	case DASH_RUNNING:
		return "enabled";
	case DASH_DETACHED:
		return "detached";
	case DASH_EJECTED:
		return "ejected";
	case DASH_GONE:
		return "gone";
	}
	return "?";
}
