// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the scheduling simulator (bench/sim/qsim.c): it must give
 * queueing theory's closed forms on Poisson workloads, and the exact
 * schedules shinjuku's rules imply on small hand-made ones.
 *
 * Tolerances: each long run is 200000 requests from a fixed seed, so the
 * checks are deterministic.  Over seeds 1-20 the sample means came out
 * within these spreads of the closed forms (standard deviation of the
 * ratio): M/D/1 FCFS 0.33%, M/M/1 FCFS 0.48%, M/M/1-PS 0.51%, bimodal
 * M/G/1-PS 0.97%, priority high class 0.16%, low class 0.55%.  Each check
 * allows about five of those, so a correct simulator cannot fail one by
 * chance, while a wrong rule (e.g. a preempted low-priority request
 * queued last instead of resumed first: +13%) does.
 */
#include <math.h>
#include <stdlib.h>

#include "arrivals.h"
#include "sim/qsim.h"
#include "unit.h"

#define N 200000

static struct qsim_job jobs[N];

/* Exponential with mean @m, from its own rand_r stream. */
static double expo(unsigned int *rng, double m)
{
	double u = (rand_r(rng) + 1.0) / ((double)RAND_MAX + 2.0);

	return -log(u) * m;
}

/*
 * @n Poisson arrivals at @rate per second (the bench's generator), Ranges
 * with probability @ratio; service @get_us / @range_us, fixed or
 * exponential with that mean (@exp).
 */
static void workload(int n, unsigned int seed, double rate, double ratio,
		     double get_us, double range_us, bool exp)
{
	unsigned int rng = seed * 7919u + 13;
	struct arrivals a;
	int i;

	arrivals_init(&a, seed, 0, rate, ratio);
	for (i = 0; i < n; i++) {
		bool range;
		double m;

		jobs[i].arrival = arrivals_take(&a, &range);
		jobs[i].cls = range ? QSIM_RANGE : QSIM_GET;
		m = range ? range_us : get_us;
		jobs[i].service = exp ? expo(&rng, m) : m;
	}
}

/* Mean response time of class @cls (-1: all) of the first @n jobs. */
static double mean_response(int n, int cls)
{
	double sum = 0;
	int i, m = 0;

	for (i = 0; i < n; i++) {
		if (cls >= 0 && jobs[i].cls != cls)
			continue;
		sum += jobs[i].finish - jobs[i].arrival;
		m++;
	}
	return m ? sum / m : 0;
}

static bool near(double got, double want, double rel)
{
	bool ok = fabs(got - want) <= rel * want;

	if (!ok)
		fprintf(stderr, "  got %.3f, want %.3f +- %.1f%%\n", got, want,
			rel * 100);
	return ok;
}

/* One CPU, no worker limit: the textbook single server. */
static struct qsim_config one_cpu(void)
{
	struct qsim_config c = { .cpus = 1, .shared_speed = true };

	return c;
}

static double run_mean(struct qsim_config *c, int n, int cls)
{
	struct qsim_result r;

	if (qsim_run(c, jobs, n, &r))
		return -1;
	return mean_response(n, cls);
}

/* Pollaczek-Khinchine: E[T] = E[S] + lambda E[S^2] / (2 (1 - rho)). */
static double pk(double lambda_us, double es, double es2)
{
	return es + lambda_us * es2 / (2 * (1 - lambda_us * es));
}

TEST(fcfs_matches_pollaczek_khinchine)
{
	struct qsim_config c = one_cpu();

	qsim_preset_fcfs(&c);
	/* M/D/1 and M/M/1 at rho 0.5, 100 us mean service. */
	workload(N, 1, 5000, 0, 100, 100, false);
	CHECK(near(run_mean(&c, N, -1), pk(0.005, 100, 1e4), 0.02));
	workload(N, 2, 5000, 0, 100, 100, true);
	CHECK(near(run_mean(&c, N, -1), pk(0.005, 100, 2e4), 0.025));
}

TEST(ps_mean_is_service_over_one_minus_rho)
{
	struct qsim_config c = one_cpu();

	c.kind = QSIM_PS;
	workload(N, 3, 5000, 0, 100, 100, true);
	CHECK(near(run_mean(&c, N, -1), 100 / (1 - 0.5), 0.025));
	/* Insensitive to the distribution: 100 us, 10% of them 1000 us. */
	workload(N, 4, 0.5 / 190 * 1e6, 0.1, 100, 1000, false);
	CHECK(near(run_mean(&c, N, -1), 190 / (1 - 0.5), 0.05));
	/* Per class, E[T | S] = S / (1 - rho). */
	CHECK(near(mean_response(N, QSIM_GET), 100 / 0.5, 0.05));
}

TEST(preemptive_priority_matches_closed_forms)
{
	struct qsim_config c = one_cpu();
	/* Gets 100 us (80%), Ranges 500 us (20%), rho 0.6. */
	double lambda = 0.6 / 180, l1 = 0.8 * lambda, l2 = 0.2 * lambda;
	double rho1 = l1 * 100, r = (l1 * 1e4 + l2 * 25e4) / 2;
	double t1 = 100 + l1 * 1e4 / (2 * (1 - rho1));
	double t2 = 500 / (1 - rho1) + r / ((1 - rho1) * (1 - 0.6));

	qsim_preset_prio(&c);
	workload(N, 5, lambda * 1e6, 0.2, 100, 500, false);
	CHECK(near(run_mean(&c, N, QSIM_GET), t1, 0.01));
	CHECK(near(mean_response(N, QSIM_RANGE), t2, 0.03));
}

TEST(round_robin_converges_to_processor_sharing)
{
	static double ps[N / 10];
	struct qsim_config c = one_cpu();
	double slices[] = { 200, 20, 2 }, prev = INFINITY, ps_mean;
	int n = N / 10, i, k;

	workload(n, 6, 5000, 0, 100, 100, true);
	c.kind = QSIM_PS;
	ps_mean = run_mean(&c, n, -1);
	for (i = 0; i < n; i++)
		ps[i] = jobs[i].finish - jobs[i].arrival;
	for (k = 0; k < 3; k++) {
		double diff = 0;

		qsim_preset_rr(&c, slices[k], 0);
		run_mean(&c, n, -1);
		for (i = 0; i < n; i++)
			diff += fabs(jobs[i].finish - jobs[i].arrival - ps[i]);
		diff /= n * ps_mean;
		/* Each tenfold smaller slice: per request, closer to PS. */
		CHECK(diff < prev / 3);
		prev = diff;
	}
	CHECK(prev < 0.01);
}

/* Shared speed: two busy CPUs do one CPU's work; PS cannot tell. */
TEST(two_cpus_sharing_one_speed_serve_as_one)
{
	struct qsim_config c = one_cpu(), c2 = one_cpu();
	double one, two;

	c.kind = c2.kind = QSIM_PS;
	c2.cpus = 2;
	workload(N / 10, 7, 5000, 0, 100, 100, true);
	one = run_mean(&c, N / 10, -1);
	two = run_mean(&c2, N / 10, -1);
	CHECK(fabs(one - two) < 1e-6 * one);
	/* FCFS on two such CPUs: two requests at once, each at half speed. */
	qsim_preset_fcfs(&c2);
	jobs[0] = (struct qsim_job){ .arrival = 0, .service = 100 };
	jobs[1] = (struct qsim_job){ .arrival = 0, .service = 100 };
	run_mean(&c2, 2, -1);
	CHECK(fabs(jobs[0].finish - 200) < 1e-6 &&
	      fabs(jobs[1].finish - 200) < 1e-6);
	c2.shared_speed = false;
	run_mean(&c2, 2, -1);
	CHECK(fabs(jobs[0].finish - 100) < 1e-6);
}

/* Work is conserved: the busy time in a window holding all the work. */
TEST(busy_time_is_the_work_served)
{
	struct qsim_config c = one_cpu();
	struct qsim_result r;
	double work = 0;
	int i, n = N / 20;

	workload(n, 8, 3000, 0.01, 100, 5000, true);
	for (i = 0; i < n; i++)
		work += jobs[i].service;
	c.cpus = 2;
	c.workers = 8;
	c.window_end = INFINITY;
	qsim_preset_shinjuku(&c, 4, 2, -1, 300, 50, 3, 0);
	CHECK(!qsim_run(&c, jobs, n, &r));
	CHECK(fabs(r.busy_us - work) < 1e-6 * work);
	c.shared_speed = false;
	CHECK(!qsim_run(&c, jobs, n, &r));
	CHECK(r.busy_us >= work / 2 - 1e-6 * work && r.busy_us < work);
}

/*
 * shinjuku's rules on one CPU, slice 10, scan every 5, demotion after 3
 * slices: a Range (100) runs alone from 0; a Get (4) wakes at 42 and
 * waits for the scan at 45, which preempts the Range (its slice is long
 * over) and demotes it (45 >= 30); the Get ends at 49.  A second Get
 * wakes at 60 and, outranking the demoted Range, preempts it at once.
 */
TEST(shinjuku_demotes_and_preempts_as_the_policy_does)
{
	struct qsim_config c = one_cpu();
	struct qsim_result r;

	jobs[0] = (struct qsim_job){ .arrival = 0, .service = 100, .cls = 1 };
	jobs[1] = (struct qsim_job){ .arrival = 42, .service = 4 };
	jobs[2] = (struct qsim_job){ .arrival = 60, .service = 4 };
	qsim_preset_shinjuku(&c, 4, 2, -1, 10, 5, 3, 0);
	CHECK(!qsim_run(&c, jobs, 3, &r));
	CHECK(fabs(jobs[1].finish - 49) < 1e-6);
	CHECK(fabs(jobs[2].finish - 64) < 1e-6);
	CHECK(fabs(jobs[0].finish - 108) < 1e-6);
	/* Demoted at both preemptions, counted as the policy counts. */
	CHECK(r.demotions == 2 && r.preemptions == 2);
	/* Without demotion the second Get waits for a scan too (at 65). */
	qsim_preset_shinjuku(&c, 4, 2, -1, 10, 5, 0, 0);
	CHECK(!qsim_run(&c, jobs, 3, &r));
	CHECK(fabs(jobs[2].finish - 69) < 1e-6);
	/* The hint (Ranges at level 0): the first Get preempts at once. */
	qsim_preset_shinjuku(&c, 4, 2, 0, 10, 5, 3, 0);
	CHECK(!qsim_run(&c, jobs, 3, &r));
	CHECK(fabs(jobs[1].finish - 46) < 1e-6);
}

/* Requests wait for a worker; none is handed over after the drain limit. */
TEST(workers_limit_service_and_the_drain_cuts_it)
{
	struct qsim_config c = one_cpu();
	struct qsim_result r;
	int i;

	c.kind = QSIM_PS;
	c.workers = 1;
	for (i = 0; i < 4; i++)
		jobs[i] = (struct qsim_job){ .arrival = i, .service = 10 };
	CHECK(!qsim_run(&c, jobs, 4, &r));
	/* One worker: one request at a time, in order, PS or not. */
	for (i = 0; i < 4; i++)
		CHECK(fabs(jobs[i].finish - 10 * (i + 1)) < 1e-6);
	c.handover_until = 15;
	CHECK(!qsim_run(&c, jobs, 4, &r));
	CHECK(fabs(jobs[1].finish - 20) < 1e-6);
	CHECK(jobs[2].start < 0 && jobs[2].finish < 0);
	CHECK(jobs[3].finish < 0);
}

/*
 * Any configuration, small random workloads: every request is served, in
 * the order workers are handed out, never faster than full speed, and a
 * shared-speed machine is busy exactly as long as the work takes.
 */
TEST(any_configuration_serves_everything_and_conserves_work)
{
	unsigned int rng = 42;
	int round;

	for (round = 0; round < 300; round++) {
		struct qsim_config c = {
			.cpus = 1 + rand_r(&rng) % 4,
			.shared_speed = rand_r(&rng) % 4 != 0,
			.workers = rand_r(&rng) % 6,
			.window_end = INFINITY,
		};
		int n = 1 + rand_r(&rng) % 200, i, p = rand_r(&rng) % 5;
		double slice = 1 + rand_r(&rng) % 50, work = 0;
		struct qsim_result r;
		bool ok = true;

		workload(n, round + 1, 2000 + rand_r(&rng) % 8000, 0.2, 50, 400,
			 rand_r(&rng) % 2);
		if (p == 0)
			c.kind = QSIM_PS;
		else if (p == 1)
			qsim_preset_fcfs(&c);
		else if (p == 2)
			qsim_preset_rr(&c, slice, rand_r(&rng) % 3 * 5);
		else if (p == 3)
			qsim_preset_prio(&c);
		else
			qsim_preset_shinjuku(&c, 2 + rand_r(&rng) % 3, 1,
					     rand_r(&rng) % 2 ? 0 : -1, slice,
					     rand_r(&rng) % 3 * 5,
					     rand_r(&rng) % 4, 500);
		CHECK(!qsim_run(&c, jobs, n, &r));
		for (i = 0; i < n; i++) {
			work += jobs[i].service;
			ok &= jobs[i].start >= jobs[i].arrival &&
			      jobs[i].finish >=
				      jobs[i].start + jobs[i].service - 1e-6 &&
			      (!i || jobs[i].start >= jobs[i - 1].start);
		}
		CHECK(ok);
		if (c.shared_speed)
			CHECK(fabs(r.busy_us - work) < 1e-6 * work);
	}
}

TEST(bad_configurations_are_refused)
{
	struct qsim_config c = one_cpu();
	struct qsim_result r;

	jobs[0] = (struct qsim_job){ .arrival = 5, .service = 1 };
	jobs[1] = (struct qsim_job){ .arrival = 4, .service = 1 };
	qsim_preset_fcfs(&c);
	CHECK(qsim_run(&c, jobs, 2, &r) == -1); /* not in arrival order */
	jobs[1].arrival = 6;
	CHECK(qsim_run(&c, jobs, 2, &r) == 0);
	c.class_level[QSIM_RANGE] = 1; /* one level only */
	CHECK(qsim_run(&c, jobs, 2, &r) == -1);
	c.class_level[QSIM_RANGE] = 0;
	c.cpus = 0;
	CHECK(qsim_run(&c, jobs, 2, &r) == -1);
}

UNIT_MAIN
