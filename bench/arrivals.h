/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RocksDB bench's arrival sequence: Poisson arrivals at a given rate,
 * each a Range with a given probability and a Get otherwise, drawn from one
 * seed with the C library's rand_r.  rocksdb_bench generates its requests
 * with it and bench/ideal replays them through the simulator, so both see
 * the same sequence by construction.  Changing the order or number of
 * draws changes every seed's sequence: keep it.
 */
#ifndef __SCXKIT_BENCH_ARRIVALS_H
#define __SCXKIT_BENCH_ARRIVALS_H

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

struct arrivals {
	unsigned int rng;
	double next; /* time of the next arrival, us */
	double mean_gap; /* us */
	double range_ratio;
};

/* The first arrival comes at @t0_us, the later ones @rate per second. */
static inline void arrivals_init(struct arrivals *a, unsigned int seed,
				 double t0_us, double rate, double range_ratio)
{
	a->rng = seed;
	a->next = t0_us;
	a->mean_gap = 1e6 / rate;
	a->range_ratio = range_ratio;
}

/*
 * Takes the next arrival: returns its time and sets *@range.  Per arrival
 * two draws: the gap to the arrival after it (drawn first, used last), and
 * the class.
 */
static inline double arrivals_take(struct arrivals *a, bool *range)
{
	double u = (rand_r(&a->rng) + 1.0) / ((double)RAND_MAX + 2.0);
	double t = a->next;

	*range = (rand_r(&a->rng) / ((double)RAND_MAX + 1.0)) < a->range_ratio;
	a->next += -log(u) * a->mean_gap;
	return t;
}

#endif
