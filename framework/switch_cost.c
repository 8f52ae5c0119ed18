// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of one context switch on this machine, measured by the launcher
 * before it loads a policy, so that a policy can size its time slice to
 * what the machine affords (a slice worth taking is many switches long).
 * Natively a switch costs a microsecond or two; under the emulator the VM
 * runs on, tens of microseconds: no fixed slice suits both.
 *
 * Two threads pinned to the launcher's CPU hand a futex word back and
 * forth, so each hand-over is one switch between them; the median of a few
 * batches is the figure (a batch another task interrupted is an outlier).
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "switch_cost.h"
#include "mono_clock.h"

#define ROUNDS	200 /* round trips per batch: two switches each */
#define BATCHES 5

struct ping_pong {
	_Atomic unsigned int turn; /* 0: the measuring thread's, 1: the peer's */
	_Atomic int stop;
	int cpu;
};

static void futex_wait(_Atomic unsigned int *w, unsigned int val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic unsigned int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* Hand the turn to @to and wait for it to come back to @mine. */
static void hand_over(struct ping_pong *pp, unsigned int mine, unsigned int to)
{
	atomic_store(&pp->turn, to);
	futex_wake(&pp->turn);
	while (atomic_load(&pp->turn) != mine && !atomic_load(&pp->stop))
		futex_wait(&pp->turn, to);
}

static void *peer(void *arg)
{
	struct ping_pong *pp = arg;

	pin_to(pp->cpu);
	while (!atomic_load(&pp->stop)) {
		while (atomic_load(&pp->turn) != 1 && !atomic_load(&pp->stop))
			futex_wait(&pp->turn, 0);
		if (atomic_load(&pp->stop))
			break;
		hand_over(pp, 1, 0);
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int switch_cost__measure(double *ns_per_switch)
{
	struct ping_pong pp = { .cpu = sched_getcpu() };
	double per[BATCHES];
	cpu_set_t was;
	pthread_t t;
	int b, r, err;

	if (pp.cpu < 0)
		return -errno;
	if (pthread_getaffinity_np(pthread_self(), sizeof(was), &was))
		return -EINVAL;
	err = pin_to(pp.cpu);
	if (err)
		return -err;
	err = pthread_create(&t, NULL, peer, &pp);
	if (err) {
		pthread_setaffinity_np(pthread_self(), sizeof(was), &was);
		return -err;
	}
	for (b = 0; b < BATCHES; b++) {
		double start = (double)mono_clock__ns();

		for (r = 0; r < ROUNDS; r++)
			hand_over(&pp, 0, 1);
		per[b] = ((double)mono_clock__ns() - start) / (2.0 * ROUNDS);
	}
	atomic_store(&pp.stop, 1);
	atomic_store(&pp.turn, 1);
	futex_wake(&pp.turn);
	pthread_join(t, NULL);
	pthread_setaffinity_np(pthread_self(), sizeof(was), &was);
	qsort(per, BATCHES, sizeof(per[0]), cmp_double);
	*ns_per_switch = per[BATCHES / 2];
	return 0;
}
