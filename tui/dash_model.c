// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard's data: parsing stats replies and exit records (with
 * jansson), rates between samples, the queue history.  A sample is always
 * read from the stats reply's JSON object, whether it came over the
 * socket or `scxkit run --tui` built it itself.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dash_model.h"
#include "stats.h"

/* Deepest queue we show; deeper values from a broken server are clamped. */
#define DEPTH_MAX 1e12

/*
 * Replies come from another process: every value is checked for its type
 * and range, and strings are made safe for a terminal.
 */

/* @v as a number, @def when it is not one. */
static double num(const json_t *v, double def)
{
	return json_is_number(v) ? json_number_value(v) : def;
}

/*
 * @v as an integer in [@min, @max], @def when it is not a finite number
 * (casting an out-of-range double is undefined).
 */
static long long num_int(const json_t *v, long long def, double min, double max)
{
	double x = num(v, NAN);

	if (!isfinite(x))
		return def;
	if (x < min)
		x = min;
	if (x > max)
		x = max;
	return (long long)x;
}

/* A finite, non-negative double, else 0. */
static double num_amount(const json_t *v)
{
	double x = num(v, 0);

	return isfinite(x) && x > 0 ? x : 0;
}

/*
 * Copies string @v into @buf (truncated), with control characters but
 * newline and tab replaced by '?': strings end up on terminals, and a peer
 * must not send them escape sequences.  False (and "") if @v is no string.
 */
static bool str(const json_t *v, char *buf, size_t len)
{
	const char *src = json_string_value(v);
	size_t n, i;

	if (!len)
		return false;
	buf[0] = '\0';
	if (!src)
		return false;
	n = strlen(src);
	if (n >= len)
		n = len - 1;
	memcpy(buf, src, n);
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n' &&
		     buf[i] != '\t') ||
		    buf[i] == 0x7f)
			buf[i] = '?';
	return true;
}

/*
 * No duplicate keys, nothing after the value: a strict reading.  Numbers
 * beyond a double's range are refused by jansson, and so the whole reply.
 */
static json_t *parse(const char *text, json_error_t *err)
{
	if (!text) {
		snprintf(err->text, sizeof(err->text), "no text");
		return NULL;
	}
	/* Integers as doubles: a u64 counter may exceed jansson's range. */
	return json_loads(
		text, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, err);
}

/*
 * A row's index from its dict key ("0", "1", ...), -1 if the key is no
 * index below @max.
 */
static int row_index(const char *key, int max)
{
	char *end;
	long v = strtol(key, &end, 10);

	if (!*key || *end || v < 0 || v >= max)
		return -1;
	return (int)v;
}

/* The per-CPU rows, {"0":{"pid":...},...}, in the order they come. */
static void parse_cpus(struct dash_sample *s, json_t *dict)
{
	const char *key;
	json_t *v;

	json_object_foreach(dict, key, v) {
		struct dash_cpu *c = &s->cpus[s->nr_cpus];
		int cpu = row_index(key, 1000000);

		if (s->nr_cpus >= SCXKIT_MAX_CPUS)
			break;
		if (!json_is_object(v) || cpu < 0)
			continue;
		c->cpu = cpu;
		c->pid = (int)num_int(json_object_get(v, "pid"), 0, 0, 1e9);
		str(json_object_get(v, "comm"), c->comm, sizeof(c->comm));
		c->qos = (unsigned int)num_int(json_object_get(v, "qos"), 0, 0,
					       1e6);
		str(json_object_get(v, "qos_by"), c->qos_by, sizeof(c->qos_by));
		c->run_ms = num_amount(json_object_get(v, "run_ms"));
		c->runs = num_amount(json_object_get(v, "runs"));
		c->kicks = num_amount(json_object_get(v, "kicks"));
		s->nr_cpus++;
	}
}

/* The queue rows, {"0":{"depth":N},...}, each at its index. */
static void parse_queues(struct dash_sample *s, json_t *dict)
{
	const char *key;
	json_t *v;

	json_object_foreach(dict, key, v) {
		int q = row_index(key, SCXKIT_MAX_QUEUES);

		if (q < 0 || !json_is_object(v))
			continue;
		s->depth[q] =
			num_int(json_object_get(v, "depth"), 0, 0, DEPTH_MAX);
		if (q >= s->nr_queues)
			s->nr_queues = q + 1;
	}
}

static void parse_run(struct dash_sample *s, json_t *body)
{
	const char *key;
	json_t *v;

	s->launcher_pid =
		(int)num_int(json_object_get(body, "launcher_pid"), 0, 0, 1e9);
	str(json_object_get(body, "mode"), s->mode, sizeof(s->mode));
	str(json_object_get(body, "kernel_state"), s->kernel_state,
	    sizeof(s->kernel_state));
	json_object_foreach(json_object_get(body, "options"), key, v) {
		json_t *value = json_object_get(v, "value");

		if (s->nr_opts >= DASH_MAX_OPTS)
			break;
		if (!json_is_number(value) ||
		    !isfinite(json_number_value(value)))
			continue;
		snprintf(s->opts[s->nr_opts].name, sizeof(s->opts[0].name),
			 "%s", key);
		s->opts[s->nr_opts++].value = json_number_value(value);
	}
}

int dash_sample__from_json(struct dash_sample *s, json_t *body, char *err,
			   size_t errlen)
{
	const char *key;
	json_t *v;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(body) || !str(json_object_get(body, "policy"),
					  s->policy, sizeof(s->policy))) {
		snprintf(err, errlen, "reply has no policy");
		return -1;
	}
	s->time_s = num_amount(json_object_get(body, "time_s"));
	/* Counters are the top-level numbers that are no fixed field. */
	json_object_foreach(body, key, v) {
		if (s->nr_counters >= SCXKIT_MAX_COUNTERS)
			break;
		if (!json_is_number(v) || stats__fixed_field(key))
			continue;
		snprintf(s->counters[s->nr_counters].name,
			 sizeof(s->counters[0].name), "%s", key);
		s->counters[s->nr_counters++].total = num_amount(v);
	}
	parse_queues(s, json_object_get(body, "queues"));
	parse_cpus(s, json_object_get(body, "cpus"));
	parse_run(s, body);
	return 0;
}

int dash_sample__from_stats(struct dash_sample *s,
			    const struct scxkit_policy *p,
			    const struct stats_snapshot *snap,
			    const struct stats_launcher *l, char *err,
			    size_t errlen)
{
	json_t *body = stats__json_body(p, snap, l);
	int ret;

	if (!body) {
		memset(s, 0, sizeof(*s));
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ret = dash_sample__from_json(s, body, err, errlen);
	json_decref(body);
	return ret;
}

int dash_sample__parse(struct dash_sample *s, const char *text, char *err,
		       size_t errlen)
{
	json_error_t jerr;
	json_t *root = parse(text, &jerr), *body, *resp;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!root) {
		snprintf(err, errlen, "reply is not JSON: %s (column %d)",
			 jerr.text, jerr.column);
		return -1;
	}
	body = root;
	resp = json_object_get(json_object_get(root, "args"), "resp");
	if (json_object_get(root, "errno")) {
		if (num(json_object_get(root, "errno"), -1) != 0) {
			char msg[128];

			str(resp, msg, sizeof(msg));
			snprintf(err, errlen, "server error: %s",
				 msg[0] ? msg : "(no message)");
			json_decref(root);
			return -1;
		}
		body = resp;
	}
	ret = dash_sample__from_json(s, body, err, errlen);
	json_decref(root);
	return ret;
}

int dash_legend__from_json(struct dash_legend *l, json_t *meta)
{
	json_t *resp = json_object_get(json_object_get(meta, "args"), "resp");
	json_t *st, *fields = NULL, *f;
	const char *key;

	l->n = 0;
	if (json_is_object(resp))
		meta = resp;
	if (!json_is_object(meta))
		return -1;
	json_object_foreach(meta, key, st) {
		if (json_is_string(json_object_get(st, "top")))
			fields = json_object_get(st, "fields");
	}
	if (!json_is_object(fields))
		return -1;
	json_object_foreach(fields, key, f) {
		if (l->n >= DASH_LEGEND_MAX)
			break;
		if (!str(json_object_get(f, "desc"), l->e[l->n].help,
			 sizeof(l->e[0].help)) ||
		    !l->e[l->n].help[0])
			continue;
		snprintf(l->e[l->n].name, sizeof(l->e[0].name), "%s", key);
		l->n++;
	}
	return l->n;
}

int dash_legend__parse(struct dash_legend *l, const char *text)
{
	json_error_t jerr;
	json_t *root = parse(text, &jerr);
	int ret;

	l->n = 0;
	if (!root)
		return -1;
	ret = dash_legend__from_json(l, root);
	json_decref(root);
	return ret;
}

const char *dash_legend__help(const struct dash_legend *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].name, name))
			return l->e[i].help;
	return NULL;
}

int dash_exit__parse(struct dash_exit *e, const char *text)
{
	json_error_t jerr;
	json_t *root = parse(text, &jerr);

	memset(e, 0, sizeof(*e));
	if (!json_is_object(root) || !json_object_get(root, "kind")) {
		json_decref(root);
		return -1;
	}
	str(json_object_get(root, "policy"), e->policy, sizeof(e->policy));
	e->launcher_pid =
		(int)num_int(json_object_get(root, "launcher_pid"), 0, 0, 1e9);
	e->time_s = num_amount(json_object_get(root, "time_s"));
	e->requested = json_is_true(json_object_get(root, "requested"));
	e->kind = (int)num_int(json_object_get(root, "kind"), 0, -1e9, 1e9);
	str(json_object_get(root, "kind_name"), e->kind_name,
	    sizeof(e->kind_name));
	e->exit_code =
		num_int(json_object_get(root, "exit_code"), 0, -9e18, 9e18);
	str(json_object_get(root, "reason"), e->reason, sizeof(e->reason));
	str(json_object_get(root, "msg"), e->msg, sizeof(e->msg));
	json_decref(root);
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
			next.counters[i].rate = stats__per_second(
				next.counters[i].total, c->total, dt);
	}
	for (i = 0; old && i < next.nr_cpus; i++) {
		const struct dash_cpu *was = find_cpu(old, i, next.cpus[i].cpu);

		if (!was)
			continue;
		next.cpus[i].preempt_rate =
			stats__per_second(next.cpus[i].kicks, was->kicks, dt);
		next.cpus[i].start_rate =
			stats__per_second(next.cpus[i].runs, was->runs, dt);
	}
	m->cur = next;
	m->have_sample = true;
	m->state = DASH_RUNNING;
	m->note[0] = '\0';

	/* Queue history: shift when full, oldest first. */
	if (m->hist_len == DASH_HISTORY) {
		for (q = 0; q < SCXKIT_MAX_QUEUES; q++)
			memmove(&m->hist[q][0], &m->hist[q][1],
				(DASH_HISTORY - 1) * sizeof(m->hist[q][0]));
		m->hist_len--;
	}
	for (q = 0; q < SCXKIT_MAX_QUEUES; q++)
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
