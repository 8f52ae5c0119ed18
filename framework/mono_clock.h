/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one clock the library, the launcher and the dashboard time things
 * with: CLOCK_MONOTONIC, the clock bpf_ktime_get_ns() reads, so a time
 * taken here compares with one a BPF program recorded.
 */
#ifndef __SCXKIT_MONO_CLOCK_H
#define __SCXKIT_MONO_CLOCK_H

#include <stdint.h>

/* Nanoseconds of CLOCK_MONOTONIC; callers convert to the unit they show. */
uint64_t mono_clock__ns(void);

/* Sleeps @ns nanoseconds, the whole of them: a signal does not cut it. */
void mono_clock__sleep_ns(uint64_t ns);

#endif /* __SCXKIT_MONO_CLOCK_H */
