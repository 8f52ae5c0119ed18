/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clocks and sorting shared by the test and benchmark programs: wall time
 * (CLOCK_MONOTONIC) and the calling thread's CPU time, in the unit each
 * program reports, and a comparator for sorting latencies.
 */
#ifndef __SCXKIT_TEST_TIMING_H
#define __SCXKIT_TEST_TIMING_H

#include <time.h>

static inline double clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline double now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}
static inline double now_ms(void)
{
	return now_us() / 1e3;
}
static inline double now_s(void)
{
	return now_us() / 1e6;
}
static inline double cpu_us(void)
{
	return clock_us(CLOCK_THREAD_CPUTIME_ID);
}
static inline double cpu_ms(void)
{
	return cpu_us() / 1e3;
}
static inline double cpu_s(void)
{
	return cpu_us() / 1e6;
}

/*
 * The @p-th percentile (0..100) of @n ascending values, nearest rank: the
 * smallest value with at least p% of them at or below it; 0 if @n is 0.
 */
static inline double percentile_sorted(const double *sorted, int n, double p)
{
	int i = (int)__builtin_ceil(p / 100.0 * n) - 1;

	if (n <= 0)
		return 0;
	return sorted[i < 0 ? 0 : (i >= n ? n - 1 : i)];
}

/* For qsort() of doubles, ascending. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
