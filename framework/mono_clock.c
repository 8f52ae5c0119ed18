// SPDX-License-Identifier: GPL-2.0
/* The monotonic clock in nanoseconds (see mono_clock.h). */
#include <errno.h>
#include <time.h>

#include "mono_clock.h"

uint64_t mono_clock__ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void mono_clock__sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u),
			       (long)(ns % 1000000000u) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
