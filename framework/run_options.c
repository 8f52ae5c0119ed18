// SPDX-License-Identifier: GPL-2.0
/*
 * Option parsing for `scxkit run`.  Kept free of libbpf and of any global
 * state so the unit tests and the fuzzer can drive it directly.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "run_options.h"
#include "stats_server.h"

#define MAX_DURATION_S (365.0 * 24 * 3600)

int run_options__parse_u64(const char *s, __u64 *v)
{
	unsigned long long x;
	char *end;

	if (!s || !*s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

static int parse_seconds(const char *s, double *v)
{
	char *end;
	double x;

	if (!s || !*s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -1;
	errno = 0;
	x = strtod(s, &end);
	if (errno || *end || !isfinite(x) || x <= 0 || x > MAX_DURATION_S)
		return -1;
	*v = x;
	return 0;
}

/* Framework options that take an integer in a range, and where it goes. */
static const struct {
	const char *name;
	size_t offset; /* of a __u64 in struct run_options */
	__u64 min, max;
} ranged[] = {
	{ "interval_ms", offsetof(struct run_options, interval_ms), 10,
	  3600000 },
	{ "watchdog_ms", offsetof(struct run_options, watchdog_ms), 100,
	  30000 },
	{ "queue_capacity", offsetof(struct run_options, queue_capacity), 1,
	  1048576 },
	{ "idle_kick", offsetof(struct run_options, idle_kick), 0, 1 },
	/* Fault injection: a count of enqueues (see the usage). */
	{ "inject_error_after", offsetof(struct run_options, fault_error_after),
	  1, ~0ULL },
	{ "inject_stall_after", offsetof(struct run_options, fault_stall_after),
	  1, ~0ULL },
	{ "inject_loop_after", offsetof(struct run_options, fault_loop_after),
	  1, ~0ULL },
};

static int find_ranged(const char *name)
{
	int i;

	for (i = 0; i < (int)(sizeof(ranged) / sizeof(ranged[0])); i++)
		if (!strcmp(ranged[i].name, name))
			return i;
	return -1;
}

/* "slice_us" -> "slice-us", as options are shown to users. */
static const char *dashed(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = name[i] == '_' ? '-' : name[i];
	buf[i] = '\0';
	return buf;
}

/* "--slice-us=5" -> name "slice_us", value "5"; returns 0 if an option. */
static int split_option(const char *arg, char *name, size_t len,
			const char **value)
{
	size_t i;

	if (strncmp(arg, "--", 2) || !arg[2])
		return -1;
	arg += 2;
	*value = NULL;
	for (i = 0; arg[i] && arg[i] != '='; i++) {
		if (i + 1 >= len)
			return -1;
		name[i] = arg[i] == '-' ? '_' : arg[i];
	}
	name[i] = '\0';
	if (arg[i] == '=')
		*value = arg + i + 1;
	return 0;
}

int run_options__parse(struct run_options *o, const struct scxkit_policy *p,
		       int argc, char **argv, char *err, size_t errlen)
{
	int i, k;

	memset(o, 0, sizeof(*o));
	o->policy = p;
	o->interval_ms = 1000;
	o->queue_capacity = SCXKIT_QUEUE_CAPACITY_DFL;
	o->idle_kick = 1;
	snprintf(o->stats_socket, sizeof(o->stats_socket), "%s",
		 STATS_SERVER_DEFAULT_PATH);
	for (k = 0; k < p->nr_opts; k++)
		o->opt_value[k] = p->opts[k].def;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *value;
		char name[SCXKIT_NAME_LEN + 8];
		bool takes_value = true;

		if (!strcmp(arg, "-h")) {
			o->help = true;
			continue;
		}
		if (!strcmp(arg, "-v")) {
			o->verbose = true;
			continue;
		}
		if (split_option(arg, name, sizeof(name), &value)) {
			snprintf(err, errlen, "unexpected argument '%.64s'",
				 arg);
			return -1;
		}

		/* Flags first: they take no value. */
		if (!strcmp(name, "help"))
			o->help = true;
		else if (!strcmp(name, "partial"))
			o->partial = true;
		else if (!strcmp(name, "quiet"))
			o->quiet = true;
		else if (!strcmp(name, "json"))
			o->json = true;
		else if (!strcmp(name, "verbose"))
			o->verbose = true;
		else if (!strcmp(name, "tui"))
			o->tui = true;
		else if (!strcmp(name, "check_options"))
			o->check_only = true;
		else
			takes_value = false;
		if (takes_value) {
			if (value) {
				snprintf(err, errlen,
					 "option --%.40s takes no value",
					 dashed(name, name, sizeof(name)));
				return -1;
			}
			continue;
		}

		/* Unknown before "needs a value": a typo given last. */
		if (strcmp(name, "duration") && strcmp(name, "stats_socket") &&
		    strcmp(name, "qos_rules") && find_ranged(name) < 0 &&
		    policy_meta__find_opt(p, name) < 0) {
			snprintf(
				err, errlen,
				"unknown option '%.40s' for policy %s (see --help)",
				arg, p->desc.name);
			return -1;
		}
		if (!value) {
			if (i + 1 >= argc) {
				snprintf(err, errlen,
					 "option --%.40s needs a value",
					 dashed(name, name, sizeof(name)));
				return -1;
			}
			value = argv[++i];
		}

		if (!strcmp(name, "duration")) {
			if (parse_seconds(value, &o->duration)) {
				snprintf(
					err, errlen,
					"--duration wants seconds > 0, got '%.64s'",
					value);
				return -1;
			}
		} else if (!strcmp(name, "stats_socket")) {
			if (!strcmp(value, "none")) {
				o->stats_socket[0] = '\0';
			} else if (value[0] != '/' ||
				   strlen(value) >= sizeof(o->stats_socket)) {
				snprintf(
					err, errlen,
					"--stats-socket wants an absolute path shorter than %zu bytes, or none",
					sizeof(o->stats_socket));
				return -1;
			} else {
				snprintf(o->stats_socket,
					 sizeof(o->stats_socket), "%s", value);
			}
		} else if (!strcmp(name, "qos_rules")) {
			/* Empty: none (the service's QOS_RULES= unset). */
			if (strlen(value) >= sizeof(o->qos_rules)) {
				snprintf(
					err, errlen,
					"--qos-rules wants a file name shorter than %zu bytes",
					sizeof(o->qos_rules));
				return -1;
			}
			snprintf(o->qos_rules, sizeof(o->qos_rules), "%s",
				 value);
		} else if ((k = find_ranged(name)) >= 0) {
			__u64 v;

			if (run_options__parse_u64(value, &v) ||
			    v < ranged[k].min || v > ranged[k].max) {
				snprintf(err, errlen,
					 "--%s wants %llu..%llu, got '%.64s'",
					 dashed(name, name, sizeof(name)),
					 (unsigned long long)ranged[k].min,
					 (unsigned long long)ranged[k].max,
					 value);
				return -1;
			}
			memcpy((char *)o + ranged[k].offset, &v, sizeof(v));
		} else if ((k = policy_meta__find_opt(p, name)) >= 0) {
			const struct scxkit_opt_desc *d = &p->opts[k];
			__u64 v;

			if (run_options__parse_u64(value, &v) || v < d->min ||
			    v > d->max) {
				snprintf(
					err, errlen,
					"--%s wants an integer in %llu..%llu, got '%.64s'",
					dashed(d->name, name, sizeof(name)),
					(unsigned long long)d->min,
					(unsigned long long)d->max, value);
				return -1;
			}
			o->opt_value[k] = v;
		}
	}
	if (o->tui && o->json) {
		snprintf(
			err, errlen,
			"--tui and --json exclude each other: the dashboard owns the terminal");
		return -1;
	}
	return 0;
}

static void print_dashed(FILE *out, const char *name)
{
	for (; *name; name++)
		fputc(*name == '_' ? '-' : *name, out);
}

void run_options__usage(FILE *out, const struct scxkit_policy *p, bool in_tree)
{
	char about[2 * SCXKIT_NAME_LEN + 64];
	int k;

	/* A policy loaded from a file has its source wherever it was built. */
	if (p->path)
		snprintf(about, sizeof(about),
			 "its algorithm is described at the top of its .bpf.c");
	else if (in_tree)
		snprintf(
			about, sizeof(about),
			"its algorithm is described at the top of policies/%s/%s.bpf.c",
			p->desc.name, p->desc.name);
	else
		snprintf(about, sizeof(about),
			 "scxkit(8) describes it under POLICIES");
	fprintf(out,
		"usage: scxkit run %s [options]\n"
		"%s: %s\n"
		"(%s)\n"
		"\n"
		"framework options:\n"
		"  --partial              schedule only tasks that chose SCHED_EXT\n"
		"                         (default: every task in the system)\n"
		"  --duration SECS        detach after SECS seconds (default: run until\n"
		"                         SIGINT/SIGTERM)\n"
		"  --interval-ms MS       time between stats lines (default 1000)\n"
		"  --quiet                no stats lines\n"
		"  --tui                  show the dashboard (as 'scxkit top') instead\n"
		"                         of stats lines; q detaches\n"
		"  --json                 stats and exit report as JSON lines on stdout\n"
		"  --stats-socket PATH    serve the scx_stats protocol there (default\n"
		"                         " STATS_SERVER_DEFAULT_PATH
		"; none: off)\n"
		"  --qos-rules FILE       QoS levels for tasks by comm, uid, gid, nice\n"
		"                         or cgroup, one rule a line (scxkit(8));\n"
		"                         'scxkit qos rules FILE' replaces them\n"
		"  --watchdog-ms MS       eject the scheduler when a runnable task\n"
		"                         waits MS ms (default: kernel's, 30000)\n"
		"  --queue-capacity N     tasks each task-queue end holds before\n"
		"                         overflowing to a DSQ (default " __SCXKIT_STR(
			SCXKIT_QUEUE_CAPACITY_DFL) ")\n"
						   "  --idle-kick 0|1        1 (default): a task queued while a CPU it\n"
						   "                         may use sits idle wakes that CPU; 0: only\n"
						   "                         count it (wc_* stats), to measure the gain\n"
						   "fault injection (each makes the kernel eject the policy; see scxkit(8)):\n"
						   "  --inject-error-after N call scx_bpf_error() at the Nth enqueue\n"
						   "  --inject-stall-after N never dispatch the Nth enqueued task (the\n"
						   "                         watchdog ejects: runnable task stall)\n"
						   "  --inject-loop-after N  from the Nth enqueue on, dispatch nothing and\n"
						   "                         re-kick the CPU: an endless dispatch loop\n"
						   "  --check-options        check the policy and the options, then exit\n"
						   "                         (0: they are valid) without loading anything\n"
						   "  -v, --verbose          libbpf and verifier debug output\n"
						   "  -h, --help             this text\n",
		p->path ? p->path : p->desc.name, p->desc.name, p->desc.summary,
		about);

	fprintf(out, "\n%s options:\n", p->desc.name);
	if (!p->nr_opts)
		fprintf(out, "  (none)\n");
	for (k = 0; k < p->nr_opts; k++) {
		const struct scxkit_opt_desc *d = &p->opts[k];
		int w;

		fprintf(out, "  --");
		print_dashed(out, d->name);
		w = (int)strlen(d->name) + 2;
		fprintf(out, " N%*s%s (default %llu, %llu..%llu)\n",
			w < 20 ? 20 - w : 1, "", d->help,
			(unsigned long long)d->def, (unsigned long long)d->min,
			(unsigned long long)d->max);
	}
	fprintf(out,
		"\nexamples:\n"
		"  scxkit run %s                      all tasks, stats every second\n"
		"  scxkit run %s --partial --duration 10\n"
		"  scxkit run %s --json --quiet       only the final exit report\n"
		"  scxkit run %s --tui                with the dashboard\n"
		"\nexit status: 0 detached on request; 1 could not start; 2 bad usage;\n"
		"3 the kernel ejected the scheduler (kind, reason and message printed)\n",
		p->desc.name, p->desc.name, p->desc.name, p->desc.name);
}
