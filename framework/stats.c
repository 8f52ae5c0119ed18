// SPDX-License-Identifier: GPL-2.0
/* Formats counter snapshots for people (one line) and programs (JSON). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

static const char *const framework_names[SCXKIT_NR_FRAMEWORK_COUNTERS] = {
	[SCXKIT_C_ENQUEUE] = "enqueue",
	[SCXKIT_C_REENQUEUE] = "reenqueue",
	[SCXKIT_C_DIRECT] = "direct",
	[SCXKIT_C_DISPATCH] = "dispatch",
	[SCXKIT_C_DISPATCH_CALL] = "dispatch_call",
	[SCXKIT_C_RUNNING] = "running",
	[SCXKIT_C_PREEMPT_KICK] = "preempt_kick",
	[SCXKIT_C_TASK_INIT] = "task_init",
	[SCXKIT_C_TASK_EXIT] = "task_exit",
	[SCXKIT_C_STALE_SKIP] = "stale_skip",
	[SCXKIT_C_OVERFLOW] = "overflow",
	[SCXKIT_C_DOUBLE_DISPATCH] = "double_dispatch",
	[SCXKIT_C_PREEMPT_HIGHER] = "preempt_higher_qos",
	[SCXKIT_C_PREEMPT_SLICE] = "preempt_slice",
	[SCXKIT_C_PREEMPT_IDLE] = "preempt_idle",
	[SCXKIT_C_PREEMPT_OTHER] = "preempt_other",
	[SCXKIT_C_TIMER_RUNS] = "timer_runs",
	[SCXKIT_C_IDLE_MARKED_RUN] = "idle_marked_run",
};

const char *stats__counter_name(const struct scxkit_policy *p, int idx)
{
	int i;

	if (idx >= 0 && idx < SCXKIT_NR_FRAMEWORK_COUNTERS)
		return framework_names[idx];
	for (i = 0; p && i < p->nr_counters; i++)
		if ((int)p->counters[i].slot == idx)
			return p->counters[i].name;
	return NULL;
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
		put(&o, "  %s %.0f/s", framework_names[shown[i]],
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

void json__escape(const char *s, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return;
	for (; *s && off + 7 < len; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			buf[off++] = '\\';
			buf[off++] = (char)ch;
		} else if (ch < 0x20) {
			off += (size_t)snprintf(buf + off, len - off,
						"\\u%04x", ch);
		} else {
			buf[off++] = (char)ch;
		}
	}
	buf[off] = '\0';
}

int stats__format_body(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	int idx, n;

	if (!len)
		return 0;
	buf[0] = '\0';
	put(&o, "\"policy\":\"%s\",\"time_s\":%.3f", p->desc.name,
	    cur->time_s);
	put(&o, ",\"counters\":{");
	for (idx = 0, n = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_name(p, idx);

		if (name)
			put(&o, "%s\"%s\":%llu", n++ ? "," : "", name,
			    (unsigned long long)cur->c[idx]);
	}
	put(&o, "},\"rates\":{");
	for (idx = 0, n = 0; idx < SCXKIT_MAX_COUNTERS; idx++) {
		const char *name = stats__counter_name(p, idx);

		if (name)
			put(&o, "%s\"%s\":%.1f", n++ ? "," : "", name,
			    rate(prev, cur, idx));
	}
	put(&o, "},\"queues\":[");
	for (idx = 0; idx < cur->nr_queues && idx < SCXKIT_MAX_QUEUES; idx++)
		put(&o, "%s%lld", idx ? "," : "", (long long)cur->depth[idx]);
	put(&o, "],\"cpus\":[");
	for (idx = 0; idx < cur->nr_cpus && idx < SCXKIT_MAX_CPUS; idx++) {
		const struct stats_cpu *c = &cur->cpus[idx];
		char comm[sizeof(c->comm) * 6 + 1], raw[sizeof(c->comm) + 1];

		memcpy(raw, c->comm, sizeof(c->comm));
		raw[sizeof(c->comm)] = '\0';
		json__escape(c->pid ? raw : "", comm, sizeof(comm));
		put(&o,
		    "%s{\"cpu\":%d,\"pid\":%d,\"comm\":\"%s\",\"qos\":%u,"
		    "\"run_ms\":%.3f,\"runs\":%llu,\"kicks\":%llu}",
		    idx ? "," : "", idx, c->pid, comm, c->pid ? c->qos : 0,
		    c->pid ? c->run_ms : 0.0, (unsigned long long)c->runs,
		    (unsigned long long)c->kicks);
	}
	put(&o, "]");
	return (int)o.off;
}

int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf, size_t len)
{
	int n;

	if (len < 32) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	n = snprintf(buf, len, "{\"type\":\"stats\",");
	n += stats__format_body(p, prev, cur, buf + n, len - (size_t)n - 1);
	buf[n++] = '}';
	buf[n] = '\0';
	return n;
}

int stats__format_run(const struct scxkit_policy *p, const __u64 *opt_value,
		      bool partial, int launcher_pid, const char *kernel_state,
		      char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char state[64];
	int k;

	if (!len)
		return 0;
	buf[0] = '\0';
	json__escape(kernel_state ? kernel_state : "", state, sizeof(state));
	put(&o, "\"run\":{\"launcher_pid\":%d,\"mode\":\"%s\","
		"\"kernel_state\":\"%s\",\"options\":{",
	    launcher_pid, partial ? "partial" : "all", state);
	for (k = 0; k < p->nr_opts; k++)
		put(&o, "%s\"%s\":%llu", k ? "," : "", p->opts[k].name,
		    (unsigned long long)opt_value[k]);
	put(&o, "}}");
	return (int)o.off;
}

int stats__format_meta(const struct scxkit_policy *p, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (!len)
		return 0;
	buf[0] = '\0';
	put(&o, "{\"scxkit_cpu\":{\"name\":\"scxkit_cpu\","
		"\"desc\":\"what runs on one CPU\",\"fields\":{"
		"\"cpu\":{\"datum\":\"u64\",\"desc\":\"CPU number\"},"
		"\"pid\":{\"datum\":\"u64\",\"desc\":\"running ext task, 0 if none\"},"
		"\"comm\":{\"datum\":\"string\",\"desc\":\"its command\"},"
		"\"qos\":{\"datum\":\"u64\",\"desc\":\"its QoS level\"},"
		"\"run_ms\":{\"datum\":\"float\",\"desc\":\"length of its current run\"},"
		"\"runs\":{\"datum\":\"u64\",\"desc\":\"ext tasks started here\"},"
		"\"kicks\":{\"datum\":\"u64\",\"desc\":\"preemption kicks sent here\"}}},");
	put(&o, "\"scxkit_run\":{\"name\":\"scxkit_run\","
		"\"desc\":\"how the scheduler was started\",\"fields\":{"
		"\"launcher_pid\":{\"datum\":\"u64\",\"desc\":\"pid of scxkit run\"},"
		"\"mode\":{\"datum\":\"string\",\"desc\":\"all or partial\"},"
		"\"kernel_state\":{\"datum\":\"string\",\"desc\":\"/sys/kernel/sched_ext/state\"},"
		"\"options\":{\"dict\":{\"key\":\"string\",\"datum\":\"u64\"},"
		"\"desc\":\"policy options in use\"}}},");
	put(&o, "\"scxkit_stats\":{\"name\":\"scxkit_stats\",\"top\":\"true\","
		"\"desc\":\"scxkit policy %s\",\"fields\":{", p->desc.name);
	put(&o, "\"policy\":{\"datum\":\"string\",\"desc\":\"policy name\"},"
		"\"time_s\":{\"datum\":\"float\",\"desc\":\"seconds since attach\"},"
		"\"counters\":{\"dict\":{\"key\":\"string\",\"datum\":\"u64\"},"
		"\"desc\":\"event totals since attach\"},"
		"\"rates\":{\"dict\":{\"key\":\"string\",\"datum\":\"float\"},"
		"\"desc\":\"events per second since the previous sample\"},"
		"\"queues\":{\"array\":\"u64\",\"desc\":\"tasks waiting in each task queue\"},"
		"\"cpus\":{\"array\":{\"struct\":\"scxkit_cpu\"},\"desc\":\"per-CPU occupants\"},"
		"\"run\":{\"struct\":\"scxkit_run\",\"desc\":\"how the scheduler was started\"}");
	put(&o, "}}}");
	return (int)o.off;
}
