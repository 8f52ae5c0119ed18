// SPDX-License-Identifier: GPL-2.0
/*
 * ideal - what zero-overhead schedulers would give on rocksdb_bench's
 * exact workload: the same arrivals (bench/arrivals.h, same seed and
 * options), the same service times, worker pool, warm-up and drain, run
 * through the simulator in bench/sim/ under processor sharing, central
 * FCFS, round robin, shinjuku as configured and strict Gets-first
 * priority.  The measured latency of a scheduler over its ideal is its
 * overhead and mechanics; Gets-first is the floor no scheduler beats.
 * Run with --help; bench/README.md ("The ideal reference") says more.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrivals.h"
#include "options.h"
#include "sim/qsim.h"
#include "timing.h"

/* rocksdb_bench's limits: requests it can hold, drain after the run. */
#define MAX_REQS (4 << 20)
#define DRAIN_US 5e6

enum { PS, FCFS, RR, SHINJUKU, PRIO, NR_POLICIES };
static const char *const policy_name[NR_POLICIES] = { "ps", "fcfs", "rr",
						      "shinjuku", "prio" };

static double throughput = 1000, range_ratio = 0.005, get_us = 500,
	      range_us = 50000, duration_s = 10, discard_s = 2;
static double slice_us = 1500, timer_us = 250, rr_slice_us = -1,
	      rr_timer_us = 0, starve_ms = 1000, load = -1, capacity = -1;
static unsigned int seed = 1;
static int nr_workers = 32, cpus = 2, levels = 4, worker_qos = 2,
	   range_qos = -1, demote_slices = 3, json, capacity_run;
static bool parallel_speed;
static unsigned int policies; /* bit per policy */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ideal [options]\n"
		"The workload, as rocksdb_bench takes it (same defaults):\n"
		"  --throughput R     offered load, requests/s (default 1000)\n"
		"  --load F --capacity C   or: F x C requests/s, rounded as\n"
		"                     bench/run_rocksdb.sh does\n"
		"  --capacity-run     offer what run_rocksdb.sh's capacity "
		"run\n"
		"                     offers (1.5x CPUs/mean service)\n"
		"  --range-ratio F    share of Range requests (default 0.005)\n"
		"  --get-us U         Get service time, us (default 500)\n"
		"  --range-us U       Range service time (default 50000)\n"
		"  --workers N        worker threads (default 32)\n"
		"  --duration S       measured seconds (default 10; --seconds "
		"too)\n"
		"  --discard S        warm-up seconds before them (default 2)\n"
		"  --seed X           arrival seed (default 1)\n"
		"The machine:\n"
		"  --cpus N           CPUs (default 2)\n"
		"  --speed shared|parallel  shared (default): the CPUs share "
		"one\n"
		"                     CPU's speed, as the VM's virtual clock "
		"does;\n"
		"                     parallel: each runs at full speed\n"
		"The policies:\n"
		"  --policy P[,P..]   ps, fcfs, rr, shinjuku, prio or all "
		"(default)\n"
		"  --slice-us U       shinjuku's slice (default 1500, make "
		"bench's)\n"
		"  --timer-us U       shinjuku's scan period (default 250; 0: "
		"exact)\n"
		"  --demote-slices N  shinjuku's demotion (default 3; 0: "
		"none)\n"
		"  --levels N         shinjuku's QoS levels (default 4)\n"
		"  --worker-qos L     the workers' level (default 2)\n"
		"  --range-qos L      a worker serving a Range takes level L\n"
		"                     (rocksdb_bench's option; default: no "
		"hint)\n"
		"  --starve-ms M      shinjuku's starvation bound (default "
		"1000; 0:\n"
		"                     none)\n"
		"  --rr-slice-us U    round robin's slice (default: "
		"--slice-us)\n"
		"  --rr-timer-us U    round robin's scan period (default 0: "
		"exact)\n"
		"Output: a table, or --json: one JSON object per policy and "
		"line.\n");
}

static int parse_policies(const char *v)
{
	char buf[128], *tok, *save = NULL;
	int p;

	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			policies |= (1u << NR_POLICIES) - 1;
			continue;
		}
		for (p = 0; p < NR_POLICIES; p++)
			if (!strcmp(tok, policy_name[p]))
				break;
		if (p == NR_POLICIES)
			return -1;
		policies |= 1u << p;
	}
	return 0;
}

/* The options that take a plain value; --speed and --policy are checked. */
static const struct opt value_opts[] = {
	WORKLOAD_OPTS,
	OPT("--seconds", duration_s),
	OPT("--load", load),
	OPT("--capacity", capacity),
	OPT("--cpus", cpus),
	OPT("--slice-us", slice_us),
	OPT("--timer-us", timer_us),
	OPT("--demote-slices", demote_slices),
	OPT("--levels", levels),
	OPT("--worker-qos", worker_qos),
	OPT("--range-qos", range_qos),
	OPT("--starve-ms", starve_ms),
	OPT("--rr-slice-us", rr_slice_us),
	OPT("--rr-timer-us", rr_timer_us),
	{ NULL },
};

static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		} else if (!strcmp(a, "--capacity-run")) {
			capacity_run = 1;
			continue;
		} else if (!v) {
			break;
		} else if (!strcmp(a, "--speed")) {
			if (strcmp(v, "shared") && strcmp(v, "parallel"))
				break;
			parallel_speed = !strcmp(v, "parallel");
		} else if (!strcmp(a, "--policy")) {
			if (parse_policies(v))
				break;
		} else if (!opt_set(value_opts, a, v)) {
			break;
		}
		i++;
	}
	if (i < argc) {
		fprintf(stderr, "ideal: bad argument '%s' (see --help)\n",
			argv[i]);
		return -1;
	}
	if (!policies)
		policies = (1u << NR_POLICIES) - 1;
	if (rr_slice_us < 0)
		rr_slice_us = slice_us;
	if ((load >= 0) != (capacity >= 0)) {
		fprintf(stderr, "ideal: --load needs --capacity\n");
		return -1;
	}
	if (load >= 0)
		throughput = round(load * capacity);
	if (capacity_run) {
		double mean =
			(1 - range_ratio) * get_us + range_ratio * range_us;

		/* As run_rocksdb.sh: ideal rounded, then x3/2 in integers. */
		throughput = (double)((long)round(cpus * 1e6 / mean) * 3 / 2);
	}
	if (!(throughput > 0) || range_ratio < 0 || range_ratio > 1 ||
	    !(get_us > 0) || !(range_us > 0) || nr_workers < 1 ||
	    !(duration_s > 0) || discard_s < 0 || cpus < 1 || levels < 1 ||
	    levels > QSIM_MAX_LEVELS || worker_qos < 0 ||
	    worker_qos >= levels || range_qos < -1 || range_qos >= levels ||
	    slice_us < 0 || timer_us < 0 || demote_slices < 0 ||
	    starve_ms < 0 || rr_slice_us < 0 || rr_timer_us < 0) {
		fprintf(stderr, "ideal: an option is out of range (see "
				"--help)\n");
		return -1;
	}
	return 0;
}

/* rocksdb_bench's requests: those it generates before the run ends. */
static struct qsim_job *make_jobs(int *n, double t_end)
{
	struct qsim_job *jobs = NULL;
	struct arrivals arr;
	int cap = 0;

	*n = 0;
	arrivals_init(&arr, seed, 0, throughput, range_ratio);
	while (arr.next < t_end && *n < MAX_REQS) {
		struct qsim_job *j;
		bool range;

		if (*n == cap) {
			cap = cap ? cap * 2 : 4096;
			j = realloc(jobs, sizeof(*jobs) * (size_t)cap);
			if (!j) {
				free(jobs);
				return NULL;
			}
			jobs = j;
		}
		j = &jobs[(*n)++];
		j->arrival = arrivals_take(&arr, &range);
		j->cls = range ? QSIM_RANGE : QSIM_GET;
		j->service = range ? range_us : get_us;
	}
	return jobs;
}

static const double pcts[] = { 0, 50, 99, 99.5, 99.9, 100 };
#define NR_PCTS 6
static const char *const pct_key[NR_PCTS] = { "min",  "p50",  "p99",
					      "p995", "p999", "max" };
enum { K_GET, K_RANGE, K_ALL, NR_KINDS };
static const char *const kind_key[NR_KINDS] = { "get", "range", "all" };

struct summary {
	int generated, completed, n[NR_KINDS];
	double v[NR_KINDS][NR_PCTS], mean[NR_KINDS];
	double achieved, util, offered_util;
	struct qsim_result res;
};

/* What rocksdb_bench would report: requests generated after the warm-up. */
static void summarize(const struct qsim_job *jobs, int n, double t_measure,
		      struct summary *s)
{
	double *vals = malloc(sizeof(double) * (size_t)(n + 1)), work = 0;
	int i, k;

	if (!vals) {
		perror("ideal");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].arrival < t_measure)
			continue;
		s->generated++;
		work += jobs[i].service;
		if (jobs[i].finish >= 0)
			s->completed++;
	}
	for (k = 0; k < NR_KINDS; k++) {
		int m = 0, p;
		double sum = 0;

		for (i = 0; i < n; i++) {
			const struct qsim_job *j = &jobs[i];

			if (j->arrival < t_measure || j->finish < 0 ||
			    (k == K_GET && j->cls != QSIM_GET) ||
			    (k == K_RANGE && j->cls != QSIM_RANGE))
				continue;
			vals[m++] = j->finish - j->arrival;
			sum += j->finish - j->arrival;
		}
		qsort(vals, (size_t)m, sizeof(double), cmp_double);
		for (p = 0; p < NR_PCTS; p++)
			s->v[k][p] = percentile_sorted(vals, m, pcts[p]);
		s->n[k] = m;
		s->mean[k] = m ? sum / m : 0;
	}
	s->achieved = s->completed / duration_s;
	s->util = s->res.busy_us / (duration_s * 1e6);
	s->offered_util =
		work / (duration_s * 1e6 * (parallel_speed ? cpus : 1));
	free(vals);
}

/* The policy's settings: what the JSON and the table say it ran with. */
struct setting {
	double slice_us, timer_us, starve_ms;
	int levels, demote_slices, get_level, range_level;
};

static void configure(int p, struct qsim_config *c, struct setting *st)
{
	memset(st, 0, sizeof(*st));
	st->levels = 1;
	switch (p) {
	case PS:
		c->kind = QSIM_PS;
		break;
	case FCFS:
		qsim_preset_fcfs(c);
		break;
	case RR:
		qsim_preset_rr(c, rr_slice_us, rr_timer_us);
		st->slice_us = rr_slice_us;
		st->timer_us = rr_timer_us;
		break;
	case PRIO:
		qsim_preset_prio(c);
		st->levels = 2;
		st->get_level = 1;
		break;
	default:
		qsim_preset_shinjuku(c, levels, worker_qos, range_qos, slice_us,
				     timer_us, demote_slices, starve_ms * 1e3);
		st->slice_us = slice_us;
		st->timer_us = timer_us;
		st->starve_ms = starve_ms;
		st->levels = levels;
		st->demote_slices = demote_slices;
		st->get_level = worker_qos;
		st->range_level = range_qos < 0 ? worker_qos : range_qos;
		break;
	}
}

static void print_json(int p, const struct setting *st, const struct summary *s)
{
	int k, i;

	printf("{\"policy\":\"%s\",\"seed\":%u,\"offered\":%.1f,"
	       "\"duration_s\":%.1f,\"discard_s\":%.1f,\"get_us\":%.0f,"
	       "\"range_us\":%.0f,\"range_ratio\":%.4f,\"workers\":%d,"
	       "\"cpus\":%d,\"speed\":\"%s\",\"slice_us\":%.0f,"
	       "\"timer_us\":%.0f,\"demote_slices\":%d,\"levels\":%d,"
	       "\"get_level\":%d,\"range_level\":%d,\"starve_ms\":%.0f,"
	       "\"generated\":%d,\"completed\":%d,\"unfinished\":%d,"
	       "\"achieved\":%.1f,\"util\":%.4f,\"offered_util\":%.4f,"
	       "\"preemptions\":%ld,\"demotions\":%ld,"
	       "\"count\":{\"get\":%d,\"range\":%d,\"all\":%d},\"us\":{",
	       policy_name[p], seed, throughput, duration_s, discard_s, get_us,
	       range_us, range_ratio, nr_workers, cpus,
	       parallel_speed ? "parallel" : "shared", st->slice_us,
	       st->timer_us, st->demote_slices, st->levels, st->get_level,
	       st->range_level, st->starve_ms, s->generated, s->completed,
	       s->generated - s->completed, s->achieved, s->util,
	       s->offered_util, s->res.preemptions, s->res.demotions,
	       s->n[K_GET], s->n[K_RANGE], s->n[K_ALL]);
	/* rocksdb_bench's layout: us.<kind>.total.<pct>, plus the mean. */
	for (k = 0; k < NR_KINDS; k++) {
		printf("%s\"%s\":{\"total\":{", k ? "," : "", kind_key[k]);
		for (i = 0; i < NR_PCTS; i++)
			printf("\"%s\":%.1f,", pct_key[i], s->v[k][i]);
		printf("\"mean\":%.1f}}", s->mean[k]);
	}
	printf("}}\n");
}

static void print_row(int p, const struct setting *st, const struct summary *s)
{
	char what[64] = "";

	if (p == RR)
		snprintf(what, sizeof(what), "slice %.0f", st->slice_us);
	else if (p == SHINJUKU)
		snprintf(what, sizeof(what), "slice %.0f timer %.0f dem %d",
			 st->slice_us, st->timer_us, st->demote_slices);
	printf("%-9s %-26s %5.3f %8.1f %9.2f %9.2f %9.2f %9.1f %9.1f %6d\n",
	       policy_name[p], what, s->util, s->achieved, s->v[K_GET][1] / 1e3,
	       s->v[K_GET][2] / 1e3, s->v[K_GET][4] / 1e3,
	       s->v[K_RANGE][1] / 1e3, s->v[K_RANGE][2] / 1e3,
	       s->generated - s->completed);
}

int main(int argc, char **argv)
{
	double t_measure, t_end;
	struct qsim_job *jobs;
	int n, p;

	if (parse_args(argc, argv))
		return 2;
	t_measure = discard_s * 1e6;
	t_end = t_measure + duration_s * 1e6;
	jobs = make_jobs(&n, t_end);
	if (!jobs) {
		fprintf(stderr, "ideal: out of memory\n");
		return 1;
	}
	if (!json)
		printf("ideal: seed %u, %.0f req/s offered for %.1f s after a "
		       "%.1f s warm-up; Get %.0f us, Range %.0f us (%.2f%%); "
		       "%d workers, %d CPUs (%s speed); times in ms\n"
		       "%-9s %-26s %5s %8s %9s %9s %9s %9s %9s %6s\n",
		       seed, throughput, duration_s, discard_s, get_us,
		       range_us, range_ratio * 100, nr_workers, cpus,
		       parallel_speed ? "each full" : "one shared", "policy",
		       "settings", "util", "req/s", "Get p50", "p99", "p99.9",
		       "Range p50", "p99", "unfin");
	for (p = 0; p < NR_POLICIES; p++) {
		struct qsim_config c = {
			.cpus = cpus,
			.shared_speed = !parallel_speed,
			.workers = nr_workers,
			.handover_until = t_end + DRAIN_US,
			.window_start = t_measure,
			.window_end = t_end,
		};
		struct summary s = { 0 };
		struct setting st;

		if (!(policies & (1u << p)))
			continue;
		configure(p, &c, &st);
		if (qsim_run(&c, jobs, n, &s.res)) {
			fprintf(stderr, "ideal: %s: the simulation failed\n",
				policy_name[p]);
			free(jobs);
			return 1;
		}
		summarize(jobs, n, t_measure, &s);
		if (json)
			print_json(p, &st, &s);
		else
			print_row(p, &st, &s);
	}
	free(jobs);
	return 0;
}
