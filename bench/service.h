/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a benchmark request takes its service time (rocksdb_bench, bimodal:
 * --service cpu|work).
 *
 * cpu (ghOSt's way): spin on the thread's CPU clock until the request has
 * had its target.  Right on real hardware.
 *
 * work: run a fixed number of loop iterations, the number the target takes
 * on this machine with nothing else running (calibrated at start).  Use it
 * in the emulated VM.  There single-threaded TCG executes the vCPUs in
 * turns while the virtual clock is shared, so a thread's CPU clock also
 * runs while the emulator executes the other vCPU: a CPU-clock spin ends
 * early in work but late in time, by up to one turn, and the turns' length
 * depends on the guest's timers and interrupts, that is on the scheduler
 * under test.  Measured at saturation (make bench's RocksDB mix, 2 vCPUs):
 * a request held its CPU 4% beyond its target under CFS and 16-17% under a
 * sched_ext FIFO, so ext looked 25% short of CFS's capacity; with work
 * the gap is 4%.  (Two copies of a fixed loop on the 2 vCPUs each take
 * twice as long as one alone: the VM has one CPU's worth of instructions
 * per second of guest time, shared by its vCPUs.)
 */
#ifndef __SCXKIT_BENCH_SERVICE_H
#define __SCXKIT_BENCH_SERVICE_H

#include <string.h>

#include "timing.h"

/* "cpu" -> 0, "work" -> 1, anything else -> -1. */
static inline int service_parse(const char *s)
{
	if (!strcmp(s, "cpu"))
		return 0;
	return strcmp(s, "work") ? -1 : 1;
}

/* @n iterations of a loop the compiler keeps: a fixed amount of work. */
static inline void work_loop(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
}

/*
 * Loop iterations per µs of wall time on this machine alone: the fastest
 * of 7 runs of 20 ms or more, since anything else running (a kworker, a
 * scheduler just detached) only makes a run slower.
 */
static inline double work_calibrate(void)
{
	unsigned long n = 100000;
	double t0, t, best = 0;
	int i;

	for (;;) {
		t0 = now_us();
		work_loop(n);
		t = now_us() - t0;
		if (t >= 20000)
			break;
		n *= 2;
	}
	for (i = 0; i < 7; i++) {
		t0 = now_us();
		work_loop(n);
		t = now_us() - t0;
		if (t > 0 && (double)n / t > best)
			best = (double)n / t;
	}
	return best;
}

/*
 * Finish a request that started at thread CPU time @c0_us and must take
 * @target_us: spin on the CPU clock (@work_per_us 0) or work for what is
 * left of the target by the CPU clock, at @work_per_us iterations per µs.
 */
static inline void service_finish(double c0_us, double target_us,
				  double work_per_us)
{
	double left;

	if (work_per_us <= 0) {
		while (cpu_us() - c0_us < target_us)
			;
		return;
	}
	left = target_us - (cpu_us() - c0_us);
	if (left > 0)
		work_loop((unsigned long)(left * work_per_us));
}

#endif
