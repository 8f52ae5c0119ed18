// SPDX-License-Identifier: GPL-2.0
/*
 * Formats counter snapshots for people (one line) and programs (JSON, with
 * jansson through json_out.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

static double rate(const struct stats_snapshot *prev,
		   const struct stats_snapshot *cur, int idx)
{
	double dt = cur->time_s - (prev ? prev->time_s : 0);
	__u64 before = prev ? prev->c[idx] : 0;

	if (dt <= 0 || cur->c[idx] < before)
		return 0;
	return (double)(cur->c[idx] - before) / dt;
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
	size_t i;
	int idx;

	if (!len)
		return 0;
	buf[0] = '\0';
	put(&o, "%s %7.1fs", p->desc.name, cur->time_s);
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		put(&o, "  %s %.0f/s", scxkit_counter_name(shown[i]),
		    rate(prev, cur, shown[i]));
	put(&o, "  tasks +%llu -%llu",
	    (unsigned long long)cur->c[SCXKIT_C_TASK_INIT],
	    (unsigned long long)cur->c[SCXKIT_C_TASK_EXIT]);
	if (cur->nr_queues > 0) {
		long long total = 0;

		for (idx = 0; idx < cur->nr_queues && idx < SCXKIT_MAX_QUEUES;
		     idx++)
			total += cur->depth[idx];
		put(&o, "  queued %lld", total);
	}
	for (idx = SCXKIT_FIRST_POLICY_COUNTER; idx < SCXKIT_MAX_COUNTERS;
	     idx++) {
		const char *name = stats__counter_name(p, idx);

		if (name)
			put(&o, "  %s %llu", name,
			    (unsigned long long)cur->c[idx]);
	}
	return (int)o.off;
}

json_t *stats__json_body(const struct scxkit_policy *p,
			 const struct stats_snapshot *prev,
			 const struct stats_snapshot *cur)
{
	json_t *o = json_object(), *counters = json_object();
	json_t *rates = json_object(), *queues = json_array();
	json_t *cpus = json_array();
	int idx;

	for (idx = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_name(p, idx);

		if (!name)
			continue;
		json_object_set_new(counters, name,
				    json_out__u64(cur->c[idx]));
		json_object_set_new(rates, name,
				    json_out__real(rate(prev, cur, idx), 1));
	}
	for (idx = 0; idx < cur->nr_queues && idx < SCXKIT_MAX_QUEUES; idx++)
		json_array_append_new(queues, json_integer(cur->depth[idx]));
	for (idx = 0; idx < cur->nr_cpus && idx < SCXKIT_MAX_CPUS; idx++) {
		const struct stats_cpu *c = &cur->cpus[idx];

		json_array_append_new(
			cpus,
			json_pack("{s:i,s:i,s:o,s:i,s:o,s:o,s:o}", "cpu", idx,
				  "pid", c->pid, "comm",
				  json_out__string(c->pid ? c->comm : "",
						   sizeof(c->comm)),
				  "qos", c->pid ? (int)c->qos : 0, "run_ms",
				  json_out__real(c->pid ? c->run_ms : 0, 3),
				  "runs", json_out__u64(c->runs), "kicks",
				  json_out__u64(c->kicks)));
	}
	json_object_set_new(o, "policy",
			    json_out__string(p->desc.name, SCXKIT_NAME_LEN));
	json_object_set_new(o, "time_s", json_out__real(cur->time_s, 3));
	json_object_set_new(o, "counters", counters);
	json_object_set_new(o, "rates", rates);
	json_object_set_new(o, "queues", queues);
	json_object_set_new(o, "cpus", cpus);
	return o;
}

int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len)
{
	json_t *o = json_pack("{s:s}", "type", "stats");
	json_t *body = stats__json_body(p, prev, cur);

	if (json_object_update(o, body)) {
		json_decref(o);
		o = NULL;
	}
	json_decref(body);
	return json_out__dump(o, buf, len);
}

json_t *stats__json_run(const struct scxkit_policy *p, const __u64 *opt_value,
			bool partial, int launcher_pid,
			const char *kernel_state)
{
	json_t *opts = json_object();
	int k;

	for (k = 0; k < p->nr_opts; k++)
		json_object_set_new(opts, p->opts[k].name,
				    json_out__u64(opt_value[k]));
	return json_pack("{s:i,s:s,s:o,s:o}", "launcher_pid", launcher_pid,
			 "mode", partial ? "partial" : "all", "kernel_state",
			 json_out__string(kernel_state ? kernel_state : "",
					  64),
			 "options", opts);
}

/* The parts of the stats_meta reply that do not depend on the policy. */
static const char meta_text[] =
	"{\"scxkit_cpu\":{\"name\":\"scxkit_cpu\","
	"\"desc\":\"what runs on one CPU\",\"fields\":{"
	"\"cpu\":{\"datum\":\"u64\",\"desc\":\"CPU number\"},"
	"\"pid\":{\"datum\":\"u64\",\"desc\":\"running ext task, 0 if none\"},"
	"\"comm\":{\"datum\":\"string\",\"desc\":\"its command\"},"
	"\"qos\":{\"datum\":\"u64\",\"desc\":\"its QoS level\"},"
	"\"run_ms\":{\"datum\":\"float\",\"desc\":\"length of its current run\"},"
	"\"runs\":{\"datum\":\"u64\",\"desc\":\"ext tasks started here\"},"
	"\"kicks\":{\"datum\":\"u64\",\"desc\":\"preemption kicks sent here\"}}},"
	"\"scxkit_run\":{\"name\":\"scxkit_run\","
	"\"desc\":\"how the scheduler was started\",\"fields\":{"
	"\"launcher_pid\":{\"datum\":\"u64\",\"desc\":\"pid of scxkit run\"},"
	"\"mode\":{\"datum\":\"string\",\"desc\":\"all or partial\"},"
	"\"kernel_state\":{\"datum\":\"string\",\"desc\":\"/sys/kernel/sched_ext/state\"},"
	"\"options\":{\"dict\":{\"key\":\"string\",\"datum\":\"u64\"},"
	"\"desc\":\"policy options in use\"}}},"
	"\"scxkit_stats\":{\"name\":\"scxkit_stats\",\"top\":\"true\","
	"\"desc\":\"\",\"fields\":{"
	"\"policy\":{\"datum\":\"string\",\"desc\":\"policy name\"},"
	"\"time_s\":{\"datum\":\"float\",\"desc\":\"seconds since attach\"},"
	"\"counters\":{\"dict\":{\"key\":\"string\",\"datum\":\"u64\"},"
	"\"desc\":\"event totals since attach\"},"
	"\"rates\":{\"dict\":{\"key\":\"string\",\"datum\":\"float\"},"
	"\"desc\":\"events per second since the previous sample\"},"
	"\"queues\":{\"array\":\"u64\",\"desc\":\"tasks waiting in each task queue\"},"
	"\"cpus\":{\"array\":{\"struct\":\"scxkit_cpu\"},\"desc\":\"per-CPU occupants\"},"
	"\"run\":{\"struct\":\"scxkit_run\",\"desc\":\"how the scheduler was started\"}}}}";

int stats__format_meta(const struct scxkit_policy *p, char *buf, size_t len)
{
	json_t *meta = json_loads(meta_text, 0, NULL);
	char desc[SCXKIT_NAME_LEN + 32];
	json_t *fields = json_object();
	int idx;

	snprintf(desc, sizeof(desc), "scxkit policy %.*s", SCXKIT_NAME_LEN,
		 p->desc.name);
	json_object_set_new(json_object_get(meta, "scxkit_stats"), "desc",
			    json_out__string(desc, sizeof(desc)));
	/* What each counter counts, from the one list that declares it. */
	for (idx = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_name(p, idx);

		if (name)
			json_object_set_new(
				fields, name,
				json_pack("{s:s,s:o}", "datum", "u64", "desc",
					  json_out__string(
						  stats__counter_help(p, idx),
						  SCXKIT_HELP_LEN)));
	}
	json_object_set_new(meta, "scxkit_counters",
			    json_pack("{s:s,s:s,s:o}", "name",
				      "scxkit_counters", "desc",
				      "what each counter counts", "fields",
				      fields));
	return json_out__dump(meta, buf, len);
}
