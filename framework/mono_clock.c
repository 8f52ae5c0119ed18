// SPDX-License-Identifier: GPL-2.0
/* The monotonic clock in nanoseconds (see mono_clock.h). */
#include <time.h>

#include "mono_clock.h"

uint64_t mono_clock__ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
