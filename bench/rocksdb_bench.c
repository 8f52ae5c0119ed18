// SPDX-License-Identifier: GPL-2.0
/*
 * rocksdb_bench - ghOSt's RocksDB latency experiment, for scxkit policies.
 *
 * A load generator sends Get (one random key) and Range (consecutive keys)
 * requests with Poisson arrivals to a pool of worker threads.  Each worker
 * does the real RocksDB call, then spins on its thread CPU clock up to the
 * request's target service time, as ghOSt's experiment does, so the
 * service-time distribution is known and only scheduling varies.
 *
 * --service work replaces that spin by a fixed amount of work, for the
 * emulated VM (bench/service.h says why).
 *
 * In --scheduler ext mode the threads are SCHED_EXT and describe themselves
 * in scxkit's QoS table: the generator at the top level, workers at
 * --worker-qos, antagonists at --antagonist-qos.  An idle worker marks
 * itself idle in the table and blocks (scxkit_qos_idle_wait); the
 * generator marks it runnable when it hands it a request (ghOSt's
 * prio_table mode).  --wait futex uses a plain futex instead.
 *
 * Each request is timed through ghOSt's stages:
 *   Ingress Queue      generated (the Poisson arrival) -> received
 *   Repeatable Handle  received -> assigned to an idle worker
 *   Worker Queue       assigned -> the worker starts it
 *   Worker Handle      start -> finished
 *   Total              generated -> finished
 * and the table of Min, 50%, 99%, 99.5%, 99.9% and Max for Get, Range and
 * All is printed, with --json/--csv for programs.  Run with --help.
 */
#include <errno.h>
#include <linux/futex.h>
#include <math.h>
#include <pthread.h>
#include <rocksdb/c.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "arrivals.h"
#include "options.h"
#include "service.h"
#include "timing.h"

#define SCHED_EXT	7
#define MAX_WORKERS	1024
#define MAX_ANTAGONISTS 64
#define MAX_REQS	(4 << 20)
#define KEY_FMT		"key%012u"
#define VALUE_LEN	100
/* After the run, waiting requests get this long to find a worker. */
#define DRAIN_US 5e6

enum stage { INGRESS, HANDLE, WORKER_QUEUE, WORKER_HANDLE, TOTAL, NR_STAGES };
enum kind { GET, RANGE, ALL, NR_KINDS };

static const char *const stage_name[NR_STAGES] = {
	"Ingress Queue", "Repeatable Handle", "Worker Queue", "Worker Handle",
	"Total",
};
static const char *const stage_key[NR_STAGES] = {
	"ingress", "repeatable_handle", "worker_queue", "worker_handle",
	"total",
};
static const char *const kind_name[NR_KINDS] = { "Get", "Range", "All" };

struct request {
	double generated, received, assigned, started, finished; /* us */
	bool range;
	bool overran; /* the RocksDB call alone took longer than the target */
};

struct worker {
	pthread_t th;
	pid_t tid;
	_Atomic unsigned int gen; /* futex mode: bumped per request */
	_Atomic int ready; /* a request was handed over */
	struct request *req;
};

/* Options. */
static const char *scheduler = "cfs", *label = "",
		  *db_path = "/tmp/scxkit-rocksdb";
static const char *json_path, *csv_path, *wait_mode, *generator = "cfs";
static const char *service = "cpu"; /* --service cpu|work */
static double work_per_us; /* loop iterations per us, for --service work */
static double throughput = 1000, range_ratio = 0.005, get_us = 500,
	      range_us = 50000, duration_s = 10, discard_s = 2;
static unsigned int nr_keys = 50000, range_keys = 500, seed = 1;
/* While serving a Range: -1, or the QoS level (ext) / nice (cfs) to take. */
static int range_qos = -1, range_nice = -100;
static int nr_workers = 32, nr_antagonists, worker_qos = 2, antagonist_qos,
	   populate_only;

/* State. */
static bool use_ext, use_prio;
/* One QoS handle for the process: its idle waits and wake-ups pair up. */
static struct scxkit_qos *qos;
static rocksdb_t *db;
static rocksdb_readoptions_t *read_opts;
static struct request *reqs;
static int nr_reqs;
static struct worker workers[MAX_WORKERS];
static _Atomic int idle_stack[MAX_WORKERS], idle_top;
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic unsigned int gen_event; /* generator waits on it */
static _Atomic int stop_workers, stop_antagonists;
static double antagonist_cpu_s; /* under idle_lock */
/* Where the CPUs' time went (whole run): workers, generator, wall. */
static double worker_cpu_s; /* under idle_lock */
static double worker_serve_cpu_s; /* of it, in requests; under idle_lock */
static double worker_db_cpu_s; /* of that, in RocksDB; under idle_lock */
static double generator_cpu_s, run_wall_s;
static _Atomic long overruns;
/* Workers' CPU migrations (se.nr_migrations), summed as they exit. */
static _Atomic long worker_migrations = -1;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: rocksdb_bench --scheduler cfs|ext [options]\n"
		"  --throughput R     offered load, requests/s (default 1000)\n"
		"  --range-ratio F    share of Range requests (default 0.005)\n"
		"  --get-us U         Get service time, us of CPU (default 500)\n"
		"  --range-us U       Range service time (default 50000)\n"
		"  --service cpu|work how a request takes its service time: spin on\n"
		"                     the thread's CPU clock (default, ghOSt's), or\n"
		"                     a fixed amount of work calibrated at start\n"
		"                     (for emulated machines, see the source)\n"
		"  --work-per-us W    with --service work: W loop iterations per us\n"
		"                     instead of calibrating (so that runs under\n"
		"                     different schedulers do the same work)\n"
		"  --range-keys K     keys a Range reads (default 500)\n"
		"  --keys N           database size in keys (default 50000)\n"
		"  --db DIR           database directory (default /tmp/scxkit-rocksdb;\n"
		"                     reused when it holds N keys)\n"
		"  --workers N        worker threads (default 32)\n"
		"  --duration S       measured seconds (default 10)\n"
		"  --discard S        warm-up seconds before them (default 2)\n"
		"  --wait prio|futex  ext mode: idle workers wait in the QoS table\n"
		"                     (default) or on a plain futex; cfs: futex\n"
		"  --worker-qos L     ext mode: the workers' QoS level (default 2)\n"
		"  --range-qos L      ext mode: a worker takes level L while it\n"
		"                     serves a Range (the application's hint)\n"
		"  --range-nice N     cfs mode: the same hint as a nice value\n"
		"  --generator cfs|ext  ext mode: the load generator stays a normal\n"
		"                     (CFS) thread, outside the policy under test, as\n"
		"                     in ghOSt's experiment (default), or joins it\n"
		"                     at the top QoS level (needs a full-mode policy\n"
		"                     or SCHED_EXT)\n"
		"  --antagonist N     N CPU hogs beside the server (default 0)\n"
		"  --antagonist-qos L their QoS level in ext mode (default 0)\n"
		"  --label NAME       name in the output (e.g. the policy)\n"
		"  --json FILE|-      results as one JSON object ('-': stdout)\n"
		"  --csv FILE         append one row per kind and stage\n"
		"  --seed X           random seed (default 1)\n"
		"  --populate-only    create the database and exit\n"
		"example (in the VM, a policy attached):\n"
		"  rocksdb_bench --scheduler ext --throughput 1500 --label shinjuku\n");
}

/* The options that take a value; --work-per-us is checked. */
static const struct opt value_opts[] = {
	WORKLOAD_OPTS,
	OPT("--scheduler", scheduler),
	OPT("--range-keys", range_keys),
	OPT("--keys", nr_keys),
	OPT("--db", db_path),
	OPT("--service", service),
	OPT("--generator", generator),
	OPT("--wait", wait_mode),
	OPT("--worker-qos", worker_qos),
	OPT("--range-qos", range_qos),
	OPT("--range-nice", range_nice),
	OPT("--antagonist", nr_antagonists),
	OPT("--antagonist-qos", antagonist_qos),
	OPT("--label", label),
	OPT("--json", json_path),
	OPT("--csv", csv_path),
	{ NULL },
};

static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;

		if (!strcmp(a, "--populate-only")) {
			populate_only = 1;
			takes = false;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!v) {
			break;
		} else if (!strcmp(a, "--work-per-us")) {
			work_per_us = atof(v);
			if (!(work_per_us > 0)) {
				fprintf(stderr, "rocksdb_bench: --work-per-us "
						"needs a positive number\n");
				return -1;
			}
		} else if (!opt_set(value_opts, a, v)) {
			break;
		}
		i += takes;
	}
	if (i < argc) {
		fprintf(stderr, "rocksdb_bench: bad argument '%s'\n", argv[i]);
		return -1;
	}
	if (strcmp(scheduler, "cfs") && strcmp(scheduler, "ext")) {
		fprintf(stderr, "rocksdb_bench: --scheduler is cfs or ext\n");
		return -1;
	}
	if (strcmp(generator, "cfs") && strcmp(generator, "ext")) {
		fprintf(stderr, "rocksdb_bench: --generator is cfs or ext\n");
		return -1;
	}
	if (service_parse(service) < 0) {
		fprintf(stderr, "rocksdb_bench: --service is cpu or work\n");
		return -1;
	}
	if (work_per_us && service_parse(service) != 1) {
		fprintf(stderr,
			"rocksdb_bench: --work-per-us needs --service work\n");
		return -1;
	}
	if (wait_mode && strcmp(wait_mode, "prio") &&
	    strcmp(wait_mode, "futex")) {
		fprintf(stderr, "rocksdb_bench: --wait is prio or futex\n");
		return -1;
	}
	if (!(throughput > 0) || range_ratio < 0 || range_ratio > 1 ||
	    get_us < 0 || range_us < 0 || !nr_keys || !range_keys ||
	    nr_workers < 1 || nr_workers > MAX_WORKERS || !(duration_s > 0) ||
	    discard_s < 0 || nr_antagonists < 0 ||
	    nr_antagonists > MAX_ANTAGONISTS || worker_qos < 0 ||
	    range_qos < -1 || range_qos >= SCXKIT_QOS_MAX_LEVELS ||
	    (range_nice != -100 && (range_nice < -20 || range_nice > 19)) ||
	    antagonist_qos < 0) {
		fprintf(stderr,
			"rocksdb_bench: an option is out of range (see --help)\n");
		return -1;
	}
	return 0;
}

/* ---- the database ---- */

static int open_db(void)
{
	char marker[512], *err = NULL;
	rocksdb_options_t *opts = rocksdb_options_create();
	unsigned int have = 0;
	FILE *f;

	snprintf(marker, sizeof(marker), "%s/scxkit-keys", db_path);
	f = fopen(marker, "r");
	if (f) {
		if (fscanf(f, "%u", &have) != 1)
			have = 0;
		fclose(f);
	}
	rocksdb_options_set_create_if_missing(opts, 1);
	if (have != nr_keys) {
		/* A database of another size: start over. */
		rocksdb_destroy_db(opts, db_path, &err);
		free(err);
		err = NULL;
	}
	db = rocksdb_open(opts, db_path, &err);
	rocksdb_options_destroy(opts);
	if (err) {
		fprintf(stderr, "rocksdb_bench: open %s: %s\n", db_path, err);
		free(err);
		return -1;
	}
	read_opts = rocksdb_readoptions_create();
	if (have == nr_keys)
		return 0;

	double t0 = now_s();
	rocksdb_writeoptions_t *wo = rocksdb_writeoptions_create();
	rocksdb_writebatch_t *batch = rocksdb_writebatch_create();
	char key[32], value[VALUE_LEN];
	unsigned int k;

	rocksdb_writeoptions_disable_WAL(wo, 1);
	for (k = 0; k < nr_keys && !err; k++) {
		snprintf(key, sizeof(key), KEY_FMT, k);
		memset(value, 'a' + (int)(k % 26), sizeof(value));
		rocksdb_writebatch_put(batch, key, strlen(key), value,
				       sizeof(value));
		if (rocksdb_writebatch_count(batch) == 1000 ||
		    k + 1 == nr_keys) {
			rocksdb_write(db, wo, batch, &err);
			rocksdb_writebatch_clear(batch);
		}
	}
	rocksdb_writebatch_destroy(batch);
	rocksdb_writeoptions_destroy(wo);
	if (!err) {
		rocksdb_flushoptions_t *fo = rocksdb_flushoptions_create();

		rocksdb_flush(db, fo, &err);
		rocksdb_flushoptions_destroy(fo);
	}
	if (err) {
		fprintf(stderr, "rocksdb_bench: populate: %s\n", err);
		free(err);
		return -1;
	}
	f = fopen(marker, "w");
	if (f) {
		fprintf(f, "%u\n", nr_keys);
		fclose(f);
	}
	fprintf(stderr, "rocksdb_bench: populated %u keys in %s in %.1f s\n",
		nr_keys, db_path, now_s() - t0);
	return 0;
}

/* The real work of a request: one Get, or a Range of consecutive keys. */
static void do_rocksdb(bool range, unsigned int *rng)
{
	unsigned int k = rand_r(rng) % nr_keys;
	char key[32], *err = NULL;
	size_t len;

	snprintf(key, sizeof(key), KEY_FMT, k);
	if (!range) {
		char *v = rocksdb_get(db, read_opts, key, strlen(key), &len,
				      &err);

		if (!v || err) {
			fprintf(stderr, "rocksdb_bench: get %s failed\n", key);
			exit(1);
		}
		rocksdb_free(v);
		free(err);
		return;
	}
	rocksdb_iterator_t *it = rocksdb_create_iterator(db, read_opts);
	unsigned int n;

	rocksdb_iter_seek(it, key, strlen(key));
	for (n = 0; n < range_keys && rocksdb_iter_valid(it); n++) {
		(void)rocksdb_iter_value(it, &len);
		rocksdb_iter_next(it);
	}
	rocksdb_iter_destroy(it);
}

/* ---- threads ---- */

static void futex_wait(_Atomic unsigned int *addr, unsigned int val,
		       double timeout_us)
{
	struct timespec t = { (time_t)(timeout_us / 1e6),
			      (long)fmod(timeout_us * 1e3, 1e9) };

	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, &t, NULL, 0);
}

static void futex_wake(_Atomic unsigned int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Joins SCHED_EXT (ext mode) and takes QoS @level in the table. */
static int become(struct scxkit_qos *q, int level)
{
	struct sched_param sp = { 0 };

	if (!use_ext)
		return 0;
	if (sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "rocksdb_bench: SCHED_EXT: %s\n",
			strerror(errno));
		return -1;
	}
	if (q && scxkit_qos_set(q, 0, (unsigned int)level)) {
		fprintf(stderr, "rocksdb_bench: cannot set QoS level %d\n",
			level);
		return -1;
	}
	return 0;
}

/*
 * The application's hint (--range-qos, --range-nice): while serving a
 * Range, the worker says it is less urgent, and says so no more after.
 * One call each way per Range, 0.5% of the requests.
 */
static void range_hint(bool on)
{
	if (use_ext && qos && range_qos >= 0)
		scxkit_qos_set(qos, 0,
			       (unsigned int)(on ? range_qos : worker_qos));
	if (!use_ext && range_nice != -100)
		setpriority(PRIO_PROCESS, 0, on ? range_nice : 0);
}

static void push_idle(int w)
{
	pthread_mutex_lock(&idle_lock);
	idle_stack[idle_top++] = w;
	pthread_mutex_unlock(&idle_lock);
	atomic_fetch_add(&gen_event, 1);
	futex_wake(&gen_event);
}

static int pop_idle(void)
{
	int w = -1;

	pthread_mutex_lock(&idle_lock);
	if (idle_top > 0)
		w = idle_stack[--idle_top];
	pthread_mutex_unlock(&idle_lock);
	return w;
}

/*
 * This thread's CPU migrations so far, from /proc/thread-self/sched (a
 * CONFIG_SCHED_DEBUG file); -1 where the kernel does not have it.
 */
static long thread_migrations(void)
{
	FILE *f = fopen("/proc/thread-self/sched", "r");
	char line[256];
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "se.nr_migrations : %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* Adds this worker's migrations to worker_migrations (-1 if unknown). */
static void count_migrations(void)
{
	long n = thread_migrations(), old = -1;

	if (n < 0)
		return;
	/* The first to report replaces the "unknown" -1. */
	if (atomic_compare_exchange_strong(&worker_migrations, &old, n))
		return;
	atomic_fetch_add(&worker_migrations, n);
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	unsigned int rng = seed * 7919u + (unsigned int)(w - workers);

	w->tid = (pid_t)syscall(SYS_gettid);
	if (become(qos, worker_qos))
		exit(1);
	double serve_us = 0; /* CPU time in requests; the rest is waiting */
	double db_us = 0; /* of it, in RocksDB calls */

	push_idle((int)(w - workers));
	for (;;) {
		unsigned int seen = atomic_load(&w->gen);
		struct request *r;
		double c0, target;

		/* Wait for a request: the QoS table's idle mark, or a futex. */
		while (!atomic_load(&w->ready) && !atomic_load(&stop_workers)) {
			if (use_prio)
				scxkit_qos_idle_wait(qos, 1000);
			else
				futex_wait(&w->gen, seen, 1e6);
			seen = atomic_load(&w->gen);
		}
		if (!atomic_load(&w->ready))
			break;
		atomic_store(&w->ready, 0);
		r = w->req;
		r->started = now_us();
		if (r->range)
			range_hint(true);
		c0 = cpu_us();
		do_rocksdb(r->range, &rng);
		db_us += cpu_us() - c0;
		target = r->range ? range_us : get_us;
		if (cpu_us() - c0 > target)
			atomic_fetch_add(&overruns, 1);
		service_finish(c0, target, work_per_us);
		serve_us += cpu_us() - c0;
		if (r->range)
			range_hint(false);
		r->finished = now_us();
		push_idle((int)(w - workers));
	}
	count_migrations();
	pthread_mutex_lock(&idle_lock);
	worker_cpu_s += cpu_s();
	worker_serve_cpu_s += serve_us / 1e6;
	worker_db_cpu_s += db_us / 1e6;
	pthread_mutex_unlock(&idle_lock);
	return NULL;
}

static void *antagonist_fn(void *arg)
{
	double c0;

	(void)arg;
	if (become(qos, antagonist_qos))
		exit(1);
	c0 = cpu_s();
	while (!atomic_load(&stop_antagonists))
		;
	pthread_mutex_lock(&idle_lock);
	antagonist_cpu_s += cpu_s() - c0;
	pthread_mutex_unlock(&idle_lock);
	return NULL;
}

static void hand_over(int w, struct request *r)
{
	r->assigned = now_us();
	workers[w].req = r;
	atomic_store(&workers[w].ready, 1);
	if (use_prio) {
		scxkit_qos_mark_runnable(qos, workers[w].tid);
	} else {
		atomic_fetch_add(&workers[w].gen, 1);
		futex_wake(&workers[w].gen);
	}
}

/*
 * The load generator, which is also the dispatcher (as in ghOSt's
 * experiment): create the requests that are due, hand waiting ones to idle
 * workers, sleep until the next arrival or a worker becoming idle.
 */
static void generate(double t_end)
{
	struct arrivals arr;
	int head = 0; /* first request not yet handed to a worker */

	arrivals_init(&arr, seed, now_us(), throughput, range_ratio);
	while ((now_us() < t_end || head < nr_reqs) &&
	       now_us() < t_end + DRAIN_US) {
		unsigned int ev = atomic_load(&gen_event);
		double t = now_us();
		int w;

		while (arr.next <= t && t < t_end && nr_reqs < MAX_REQS) {
			struct request *r = &reqs[nr_reqs];

			r->generated = arrivals_take(&arr, &r->range);
			r->received = t;
			nr_reqs++;
		}
		while (head < nr_reqs && (w = pop_idle()) >= 0)
			hand_over(w, &reqs[head++]);
		if (t >= t_end && head == nr_reqs)
			break;
		t = now_us();
		if (head < nr_reqs || arr.next > t) {
			/* Until a worker is free or the next arrival. */
			double until = head < nr_reqs ? 1e6 : arr.next - t;

			if (t >= t_end)
				until = 1e6;
			if (until > 0)
				futex_wait(&gen_event, ev, until);
		}
	}
}

/* ---- results ---- */

static const double pcts[] = { 0, 50, 99, 99.5, 99.9, 100 };
#define NR_PCTS 6
static const char *const pct_key[NR_PCTS] = { "min",  "p50",  "p99",
					      "p995", "p999", "max" };

struct results {
	int n[NR_KINDS];
	double v[NR_KINDS][NR_STAGES][NR_PCTS];
	int generated, completed, unfinished;
	int finished_run; /* of all the requests, warm-up and drain included */
	double achieved;
	/* Of all the process's threads, over the whole run: with the BPF
	 * time make bench reads, the cost per scheduling event. */
	long ctx_switches;
};

static void compute(struct results *res, double t_measure)
{
	double *vals = malloc(sizeof(double) * (size_t)(nr_reqs + 1));
	struct rusage ru;
	int k, s, i;

	memset(res, 0, sizeof(*res));
	if (!getrusage(RUSAGE_SELF, &ru))
		res->ctx_switches = ru.ru_nvcsw + ru.ru_nivcsw;
	for (i = 0; i < nr_reqs; i++) {
		struct request *r = &reqs[i];

		if (r->finished)
			res->finished_run++;
		if (r->generated < t_measure)
			continue;
		res->generated++;
		if (!r->finished) {
			res->unfinished++;
			continue;
		}
		res->completed++;
		res->n[r->range ? RANGE : GET]++;
	}
	res->n[ALL] = res->completed;
	res->achieved = res->completed / duration_s;
	for (k = 0; k < NR_KINDS; k++) {
		for (s = 0; s < NR_STAGES; s++) {
			int n = 0, p;

			for (i = 0; i < nr_reqs; i++) {
				struct request *r = &reqs[i];
				double d[NR_STAGES];

				if (r->generated < t_measure || !r->finished ||
				    (k == GET && r->range) ||
				    (k == RANGE && !r->range))
					continue;
				d[INGRESS] = r->received - r->generated;
				d[HANDLE] = r->assigned - r->received;
				d[WORKER_QUEUE] = r->started - r->assigned;
				d[WORKER_HANDLE] = r->finished - r->started;
				d[TOTAL] = r->finished - r->generated;
				vals[n++] = d[s];
			}
			qsort(vals, (size_t)n, sizeof(double), cmp_double);
			for (p = 0; p < NR_PCTS; p++)
				res->v[k][s][p] =
					percentile_sorted(vals, n, pcts[p]);
		}
	}
	free(vals);
}

static void print_table(const struct results *res)
{
	int k, s, p;

	printf("rocksdb_bench: %s (scheduler %s, wait %s), %d workers, "
	       "%d antagonists, offered %.0f req/s, achieved %.0f req/s over "
	       "%.1f s\n",
	       label[0] ? label : "-", scheduler, use_prio ? "prio" : "futex",
	       nr_workers, nr_antagonists, throughput, res->achieved,
	       duration_s);
	printf("rocksdb_bench: requests generated %d = completed %d (Get %d, "
	       "Range %d) + unfinished %d; RocksDB call over target %ld\n",
	       res->generated, res->completed, res->n[GET], res->n[RANGE],
	       res->unfinished, (long)atomic_load(&overruns));
	for (k = 0; k < NR_KINDS; k++) {
		printf("%-5s (us) %-19s", kind_name[k], "");
		for (p = 0; p < NR_PCTS; p++)
			printf(" %10s", p == 0		   ? "Min"
					: p == NR_PCTS - 1 ? "Max"
							   : pct_key[p]);
		printf("\n");
		for (s = 0; s < NR_STAGES; s++) {
			printf("  %-28s", stage_name[s]);
			for (p = 0; p < NR_PCTS; p++)
				printf(" %10.0f", res->v[k][s][p]);
			printf("\n");
		}
	}
}

static void write_json(const struct results *res, FILE *f)
{
	int k, s, p;

	fprintf(f,
		"{\"label\":\"%s\",\"scheduler\":\"%s\",\"wait\":\"%s\","
		"\"qos_table\":\"%s\","
		"\"service\":\"%s\",\"work_per_us\":%.1f,"
		"\"generator\":\"%s\","
		"\"workers\":%d,\"antagonists\":%d,\"offered\":%.1f,"
		"\"achieved\":%.1f,\"duration_s\":%.1f,\"get_us\":%.0f,"
		"\"range_us\":%.0f,\"range_ratio\":%.4f,\"keys\":%u,"
		"\"range_keys\":%u,\"generated\":%d,\"completed\":%d,"
		"\"unfinished\":%d,\"overruns\":%ld,\"antagonist_cpu_s\":%.2f,"
		"\"ctx_switches\":%ld,\"migrations\":%ld,\"requests_run\":%d,\"finished_run\":%d,\"run_wall_s\":%.3f,\"worker_cpu_s\":%.3f,\"worker_serve_cpu_s\":%.3f,\"worker_db_cpu_s\":%.3f,\"generator_cpu_s\":%.3f,\"count\":{\"get\":%d,\"range\":%d,\"all\":%d},\"us\":{",
		label, scheduler, use_prio ? "prio" : "futex",
		!qos			    ? "none"
		: scxkit_qos_is_shared(qos) ? "shared"
		: scxkit_qos_is_direct(qos) ? "direct"
					    : "socket",
		service, work_per_us, use_ext ? generator : "cfs", nr_workers,
		nr_antagonists, throughput, res->achieved, duration_s, get_us,
		range_us, range_ratio, nr_keys, range_keys, res->generated,
		res->completed, res->unfinished, (long)atomic_load(&overruns),
		antagonist_cpu_s, res->ctx_switches,
		(long)atomic_load(&worker_migrations), nr_reqs,
		res->finished_run, run_wall_s, worker_cpu_s, worker_serve_cpu_s,
		worker_db_cpu_s, generator_cpu_s, res->n[GET], res->n[RANGE],
		res->n[ALL]);
	for (k = 0; k < NR_KINDS; k++) {
		fprintf(f, "%s\"%s\":{", k ? "," : "",
			k == GET     ? "get"
			: k == RANGE ? "range"
				     : "all");
		for (s = 0; s < NR_STAGES; s++) {
			fprintf(f, "%s\"%s\":{", s ? "," : "", stage_key[s]);
			for (p = 0; p < NR_PCTS; p++)
				fprintf(f, "%s\"%s\":%.1f", p ? "," : "",
					pct_key[p], res->v[k][s][p]);
			fprintf(f, "}");
		}
		fprintf(f, "}");
	}
	fprintf(f, "}}\n");
}

static void write_csv(const struct results *res, const char *path)
{
	struct stat st;
	bool fresh = stat(path, &st) || st.st_size == 0;
	FILE *f = fopen(path, "a");
	int k, s, p;

	if (!f) {
		fprintf(stderr, "rocksdb_bench: %s: %s\n", path,
			strerror(errno));
		return;
	}
	if (fresh)
		fprintf(f, "label,scheduler,antagonists,offered,achieved,kind,"
			   "stage,count,min_us,p50_us,p99_us,p995_us,p999_us,"
			   "max_us\n");
	for (k = 0; k < NR_KINDS; k++)
		for (s = 0; s < NR_STAGES; s++) {
			fprintf(f, "%s,%s,%d,%.1f,%.1f,%s,%s,%d", label,
				scheduler, nr_antagonists, throughput,
				res->achieved, kind_name[k], stage_key[s],
				res->n[k]);
			for (p = 0; p < NR_PCTS; p++)
				fprintf(f, ",%.1f", res->v[k][s][p]);
			fprintf(f, "\n");
		}
	fclose(f);
}

int main(int argc, char **argv)
{
	pthread_t antagonists[MAX_ANTAGONISTS];
	static struct results res;
	double t_start, t_measure, t_end;
	int i;

	if (parse_args(argc, argv))
		return 2;
	/* Before the database opens: its background compactions would slow
	 * the calibration down, and the requests' work with it. */
	if (!populate_only && service_parse(service) == 1 && !work_per_us)
		work_per_us = work_calibrate();
	if (open_db())
		return 1;
	if (populate_only)
		return 0;
	use_ext = !strcmp(scheduler, "ext");
	if (use_ext) {
		use_prio = !wait_mode || !strcmp(wait_mode, "prio");
		/*
		 * With --wait futex the table only carries QoS levels, and a
		 * scheduler without scxkit (make bench's bare baseline) has
		 * none: the threads then join SCHED_EXT without a level.
		 */
		qos = scxkit_qos_open();
		if (!qos && use_prio) {
			fprintf(stderr,
				"rocksdb_bench: no scxkit scheduler serves a QoS table (%s); start one, use --wait futex or --scheduler cfs\n",
				strerror(errno));
			return 1;
		}
	}
	reqs = calloc(MAX_REQS, sizeof(*reqs));
	if (!reqs)
		return 1;
	/*
	 * The generator stands for the network.  By default it stays outside
	 * the policy under test, as ghOSt's runs on a CPU ghOSt does not
	 * manage: a CFS thread, which the kernel runs before any SCHED_EXT
	 * one.  --generator ext puts it in the policy at the top level.
	 */
	if (!strcmp(generator, "ext") && become(qos, SCXKIT_QOS_MAX_LEVELS - 1))
		return 1;
	for (i = 0; i < nr_workers; i++)
		pthread_create(&workers[i].th, NULL, worker_fn, &workers[i]);
	for (i = 0; i < nr_antagonists; i++)
		pthread_create(&antagonists[i], NULL, antagonist_fn, NULL);
	while (atomic_load(&idle_top) < nr_workers)
		usleep(1000);

	t_start = now_us();
	t_measure = t_start + discard_s * 1e6;
	t_end = t_measure + duration_s * 1e6;
	generator_cpu_s = cpu_s();
	generate(t_end);
	generator_cpu_s = cpu_s() - generator_cpu_s;
	run_wall_s = (now_us() - t_start) / 1e6;

	atomic_store(&stop_antagonists, 1);
	for (i = 0; i < nr_antagonists; i++)
		pthread_join(antagonists[i], NULL);
	atomic_store(&stop_workers, 1);
	for (i = 0; i < nr_workers; i++) {
		if (use_prio)
			scxkit_qos_mark_runnable(qos, workers[i].tid);
		atomic_fetch_add(&workers[i].gen, 1);
		futex_wake(&workers[i].gen);
	}
	for (i = 0; i < nr_workers; i++)
		pthread_join(workers[i].th, NULL);
	compute(&res, t_measure);
	print_table(&res);
	if (json_path) {
		FILE *f = strcmp(json_path, "-") ? fopen(json_path, "w")
						 : stdout;

		if (f) {
			write_json(&res, f);
			if (f != stdout)
				fclose(f);
		}
	}
	if (csv_path)
		write_csv(&res, csv_path);
	scxkit_qos_close(qos);
	rocksdb_readoptions_destroy(read_opts);
	rocksdb_close(db);
	return 0;
}
