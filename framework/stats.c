// SPDX-License-Identifier: GPL-2.0
/*
 * Formats counter snapshots for people (one line) and programs (JSON lines
 * and scx_stats replies, with jansson through json_out.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ident.h"
#include "json_out.h"
#include "stats.h"

/* The policy's own counter in slot @idx, NULL if it declared none there. */
static const struct scxkit_counter_desc *
policy_counter(const struct scxkit_policy *p, int idx)
{
	int i;

	for (i = 0; p && i < p->nr_counters; i++)
		if ((int)p->counters[i].slot == idx)
			return &p->counters[i];
	return NULL;
}

const char *stats__counter_name(const struct scxkit_policy *p, int idx)
{
	const struct scxkit_counter_desc *c;

	if (idx >= 0 && idx < SCXKIT_NR_FRAMEWORK_COUNTERS)
		return scxkit_counter_name(idx);
	c = policy_counter(p, idx);
	return c ? c->name : NULL;
}

const char *stats__counter_help(const struct scxkit_policy *p, int idx)
{
	const struct scxkit_counter_desc *c;

	if (idx >= 0 && idx < SCXKIT_NR_FRAMEWORK_COUNTERS)
		return scxkit_counter_help(idx);
	c = policy_counter(p, idx);
	return c ? c->help : NULL;
}

struct out {
	char *buf;
	size_t len, off;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->off >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->off, o->len - o->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->off += (size_t)n;
	if (o->off >= o->len)
		o->off = o->len - 1;
}

/*
 * One "name value" item of the stats line, after two spaces, or on a new
 * line indented by two when it would pass STATS_LINE_COLS: a log or a
 * terminal shows each line whole however many counters a policy has.
 */
__attribute__((format(printf, 3, 4))) static void
item(struct out *o, size_t *col, const char *fmt, ...)
{
	char text[96];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (*col + 2 + strlen(text) > STATS_LINE_COLS) {
		put(o, "\n");
		*col = 0;
	}
	put(o, "  %s", text);
	*col += 2 + strlen(text);
}

double stats__per_second(double now, double before, double dt)
{
	double r = dt > 0 && now >= before ? (now - before) / dt : 0;

	return isfinite(r) ? r : 0;
}

static double rate(const struct stats_snapshot *prev,
		   const struct stats_snapshot *cur, int idx)
{
	return stats__per_second((double)cur->c[idx],
				 prev ? (double)prev->c[idx] : 0,
				 cur->time_s - (prev ? prev->time_s : 0));
}

int stats__format_line(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len)
{
	/* The line shows the counters an operator watches, then the rest. */
	static const int shown[] = { SCXKIT_C_ENQUEUE, SCXKIT_C_DISPATCH,
				     SCXKIT_C_DIRECT, SCXKIT_C_RUNNING,
				     SCXKIT_C_PREEMPT_KICK };
	struct out o = { buf, len, 0 };
	size_t i, col;
	int idx;

	if (!len)
		return 0;
	buf[0] = '\0';
	put(&o, "%s %7.1fs", p->desc.name, cur->time_s);
	col = o.off;
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		item(&o, &col, "%s %.0f/s", scxkit_counter_name(shown[i]),
		     rate(prev, cur, shown[i]));
	item(&o, &col, "tasks +%llu -%llu",
	     (unsigned long long)cur->c[SCXKIT_C_TASK_INIT],
	     (unsigned long long)cur->c[SCXKIT_C_TASK_EXIT]);
	if (cur->nr_queues > 0) {
		long long total = 0;

		for (idx = 0; idx < cur->nr_queues && idx < SCXKIT_MAX_QUEUES;
		     idx++)
			total += cur->depth[idx];
		item(&o, &col, "queued %lld", total);
	}
	for (idx = SCXKIT_FIRST_POLICY_COUNTER; idx < SCXKIT_MAX_COUNTERS;
	     idx++) {
		const char *name = stats__counter_name(p, idx);

		if (name)
			item(&o, &col, "%s %llu", name,
			     (unsigned long long)cur->c[idx]);
	}
	return (int)o.off;
}

const char *stats__counter_field(const struct scxkit_policy *p, int idx)
{
	const char *name = stats__counter_name(p, idx);
	int i;

	if (!ident__valid(name) || stats__fixed_field(name))
		return NULL;
	for (i = 0; i < idx; i++) {
		const char *other = stats__counter_name(p, i);

		if (other && !strcmp(other, name))
			return NULL;
	}
	return name;
}

/* {"0":..., "1":...}: scx_stats rows are dicts; their keys are strings. */
static void set_row(json_t *dict, int idx, json_t *row)
{
	char key[16];

	snprintf(key, sizeof(key), "%d", idx);
	json_object_set_new(dict, key, row);
}

json_t *stats__json_body(const struct scxkit_policy *p,
			 const struct stats_snapshot *cur,
			 const struct stats_launcher *l)
{
	json_t *o = json_object(), *queues = json_object();
	json_t *cpus = json_object();
	int idx;

	json_object_set_new(o, "policy",
			    json_out__string(p->desc.name, SCXKIT_NAME_LEN));
	json_object_set_new(o, "time_s", json_out__real(cur->time_s, 3));
	for (idx = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_field(p, idx);

		if (name)
			json_object_set_new(o, name,
					    json_out__u64(cur->c[idx]));
	}
	if (l) {
		json_object_set_new(o, "launcher_pid", json_integer(l->pid));
		json_object_set_new(
			o, "mode", json_string(l->partial ? "partial" : "all"));
		json_object_set_new(o, "kernel_state",
				    json_out__string(l->kernel_state ?: "",
						     64));
		json_object_set_new(o, "restarts", json_out__u64(l->restarts));
		json_object_set_new(o, "qos_requests",
				    json_out__u64(l->qos_requests));
		json_object_set_new(o, "qos_denied",
				    json_out__u64(l->qos_denied));
		json_object_set_new(o, "qos_regions",
				    json_out__u64(l->qos_regions));
		json_object_set_new(o, "qos_regions_given",
				    json_out__u64(l->qos_regions_given));
		json_object_set_new(o, "qos_binds",
				    json_out__u64(l->qos_binds));
		json_object_set_new(o, "qos_turned_away",
				    json_out__u64(l->qos_turned_away));
		json_object_set_new(o, "qos_dropped_idle",
				    json_out__u64(l->qos_dropped_idle));
	}
	for (idx = 0; idx < cur->nr_queues && idx < SCXKIT_MAX_QUEUES; idx++)
		set_row(queues, idx,
			json_pack("{s:I}", "depth",
				  (json_int_t)cur->depth[idx]));
	for (idx = 0; idx < cur->nr_cpus && idx < SCXKIT_MAX_CPUS; idx++) {
		const struct stats_cpu *c = &cur->cpus[idx];

		set_row(cpus, idx,
			json_pack("{s:i,s:o,s:i,s:o,s:o,s:o,s:o}", "pid",
				  c->pid, "comm",
				  json_out__string(c->pid ? c->comm : "",
						   sizeof(c->comm)),
				  "qos", c->pid ? (int)c->qos : 0, "qos_by",
				  json_out__string(c->pid ? c->qos_by : "",
						   sizeof(c->qos_by)),
				  "run_ms",
				  json_out__real(c->pid ? c->run_ms : 0, 3),
				  "runs", json_out__u64(c->runs), "kicks",
				  json_out__u64(c->kicks)));
	}
	json_object_set_new(o, "queues", queues);
	json_object_set_new(o, "cpus", cpus);
	if (l && l->opt_value) {
		json_t *opts = json_object();

		for (idx = 0; idx < p->nr_opts; idx++)
			json_object_set_new(
				opts, p->opts[idx].name,
				json_pack("{s:o}", "value",
					  json_out__u64(l->opt_value[idx])));
		json_object_set_new(o, "options", opts);
	}
	return o;
}

int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len)
{
	json_t *o = json_pack("{s:s}", "type", "stats");
	json_t *body = stats__json_body(p, cur, NULL);
	json_t *rates = json_object();
	int idx;

	for (idx = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_field(p, idx);

		if (name)
			json_object_set_new(rates, name,
					    json_out__real(rate(prev, cur, idx),
							   1));
	}
	if (json_object_update(o, body) ||
	    json_object_set_new(o, "rates", rates)) {
		json_decref(o);
		o = NULL;
	}
	json_decref(body);
	return json_out__dump(o, buf, len);
}

/* Field attributes in stats_meta: user attributes for OpenMetrics. */
#define OM_SKIP	   1 /* not a number a metric can carry */
#define OM_COUNTER 2 /* only grows: an OpenMetrics counter */

/* {"datum":@datum,"desc":@desc[,"user":{...}]} */
static json_t *meta_field(const char *datum, const char *desc, unsigned int om)
{
	json_t *f = json_pack("{s:s,s:o}", "datum", datum, "desc",
			      json_out__string(desc ?: "", SCXKIT_HELP_LEN));

	if (om & OM_SKIP)
		json_object_set_new(f, "user",
				    json_pack("{s:s}", "_om_skip", "true"));
	else if (om & OM_COUNTER)
		json_object_set_new(f, "user",
				    json_pack("{s:s}", "_om_type", "counter"));
	return f;
}

/* A dict of struct @sname rows keyed by @key ("u64" or "string"). */
static json_t *meta_dict(const char *key, const char *sname, const char *desc)
{
	return json_pack("{s:{s:s,s:{s:s}},s:s}", "dict", "key", key, "datum",
			 "struct", sname, "desc", desc);
}

/*
 * A struct's entry.  @label: the dict key's label when the struct is a
 * row; @prefix makes its metric names unique (scx_stats' _om_prefix).
 */
static json_t *meta_struct(const char *name, bool top, const char *desc,
			   const char *prefix, const char *label,
			   json_t *fields)
{
	json_t *s = json_pack("{s:s}", "name", name);
	json_t *user = json_pack("{s:s}", "_om_prefix", prefix);

	if (top)
		json_object_set_new(s, "top", json_string("true"));
	json_object_set_new(s, "desc", json_out__string(desc, 128));
	if (label)
		json_object_set_new(user, "_om_label", json_string(label));
	json_object_set_new(s, "user", user);
	json_object_set_new(s, "fields", fields);
	return s;
}

json_t *stats__json_meta(const struct scxkit_policy *p)
{
	json_t *top = json_object(), *meta = json_object();
	char desc[SCXKIT_NAME_LEN + 32];
	int idx;

	json_object_set_new(top, "policy",
			    meta_field("string", "policy name", OM_SKIP));
	json_object_set_new(top, "time_s",
			    meta_field("float", "seconds since attach", 0));
	/* What each counter counts, from the one list that declares it. */
	for (idx = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_field(p, idx);

		if (name)
			json_object_set_new(
				top, name,
				meta_field("u64", stats__counter_help(p, idx),
					   OM_COUNTER));
	}
	json_object_set_new(top, "launcher_pid",
			    meta_field("u64", "pid of scxkit run", OM_SKIP));
	json_object_set_new(top, "mode",
			    meta_field("string", "all or partial", OM_SKIP));
	json_object_set_new(top, "kernel_state",
			    meta_field("string", "/sys/kernel/sched_ext/state",
				       OM_SKIP));
	json_object_set_new(top, "restarts",
			    meta_field("u64",
				       "reloads the kernel asked for (hotplug)",
				       OM_COUNTER));
	json_object_set_new(top, "qos_requests",
			    meta_field("u64", "QoS socket requests",
				       OM_COUNTER));
	json_object_set_new(top, "qos_denied",
			    meta_field("u64", "QoS requests refused",
				       OM_COUNTER));
	json_object_set_new(top, "qos_regions",
			    meta_field("u64", "shared QoS regions in use", 0));
	json_object_set_new(top, "qos_regions_given",
			    meta_field("u64", "shared QoS regions handed out",
				       OM_COUNTER));
	json_object_set_new(top, "qos_binds",
			    meta_field("u64", "threads bound to a QoS region",
				       OM_COUNTER));
	json_object_set_new(top, "qos_turned_away",
			    meta_field("u64",
				       "QoS connections refused (too many)",
				       OM_COUNTER));
	json_object_set_new(top, "qos_dropped_idle",
			    meta_field("u64", "QoS connections dropped idle",
				       OM_COUNTER));
	json_object_set_new(top, "queues",
			    meta_dict("u64", "scxkit_queue",
				      "the policy's task queues, by index"));
	json_object_set_new(top, "cpus",
			    meta_dict("u64", "scxkit_cpu",
				      "what runs on each CPU, by number"));
	json_object_set_new(top, "options",
			    meta_dict("string", "scxkit_option",
				      "policy options in use, by name"));
	snprintf(desc, sizeof(desc), "scxkit policy %.*s", SCXKIT_NAME_LEN,
		 p->desc.name);
	json_object_set_new(meta, "scxkit_stats",
			    meta_struct("scxkit_stats", true, desc, "scxkit_",
					NULL, top));
	json_object_set_new(
		meta, "scxkit_queue",
		meta_struct("scxkit_queue", false, "one task queue",
			    "scxkit_queue_", "queue",
			    json_pack("{s:o}", "depth",
				      meta_field("i64", "tasks waiting in it",
						 0))));
	json_object_set_new(
		meta, "scxkit_cpu",
		meta_struct(
			"scxkit_cpu", false, "what runs on one CPU",
			"scxkit_cpu_", "cpu",
			json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "pid",
				  meta_field("u64",
					     "running ext task, 0 if none", 0),
				  "comm",
				  meta_field("string", "its command", OM_SKIP),
				  "qos", meta_field("u64", "its QoS level", 0),
				  "qos_by",
				  meta_field("string",
					     "what set it: mark, rule N, exec, "
					     "none, unclassified",
					     OM_SKIP),
				  "run_ms",
				  meta_field("float",
					     "length of its current run", 0),
				  "runs",
				  meta_field("u64", "ext tasks started here",
					     OM_COUNTER),
				  "kicks",
				  meta_field("u64", "preemption kicks sent here",
					     OM_COUNTER))));
	json_object_set_new(
		meta, "scxkit_option",
		meta_struct("scxkit_option", false, "one policy option",
			    "scxkit_option_", "option",
			    json_pack("{s:o}", "value",
				      meta_field("u64", "its value", 0))));
	return meta;
}

int stats__format_meta(const struct scxkit_policy *p, char *buf, size_t len)
{
	return json_out__dump(stats__json_meta(p), buf, len);
}
