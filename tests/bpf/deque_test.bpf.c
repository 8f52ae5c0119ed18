/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host-side tests of deque.bpf.h: each SEC("syscall") program drives the
 * deques and writes what it saw into `results`; tests/unit/test_bpf_deque.c
 * runs them with bpf_prog_test_run_opts() and checks the slots.  No
 * sched_ext kernel is needed.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/bpf/deque.bpf.h>

char _license[] SEC("license") = "GPL";

#define CAP 8
SCXKIT_DEQUE_ARRAY(tdq, 4, CAP);

#include "results.bpf.h"

/* Pops deque @idx into results[@first...], returns how many it popped. */
static int drain(u32 idx, u32 first)
{
	u64 v;
	int n;

	for (n = 0; n < 2 * CAP + 2; n++) {
		if (scxkit_deque_pop_front(SCXKIT_DEQUE(tdq), idx, &v))
			break;
		put(first + (u32)n, (s64)v);
	}
	return n;
}

/* back 1,2,3 then front 10,11: pops 11,10,1,2,3; peek sees the front. */
SEC("syscall")
int order(void *ctx)
{
	u64 v = 0;

	scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 0, 1);
	scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 0, 2);
	scxkit_deque_push_front(SCXKIT_DEQUE(tdq), 0, 10);
	scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 0, 3);
	scxkit_deque_push_front(SCXKIT_DEQUE(tdq), 0, 11);
	put(0, scxkit_deque_len(SCXKIT_DEQUE(tdq), 0));
	scxkit_deque_peek_front(SCXKIT_DEQUE(tdq), 0, &v);
	put(1, (s64)v);
	put(2, scxkit_deque_len(SCXKIT_DEQUE(tdq), 0)); /* peek keeps it */
	put(3, drain(0, 10));
	put(4, scxkit_deque_len(SCXKIT_DEQUE(tdq), 0));
	put(5, scxkit_deque_pop_front(SCXKIT_DEQUE(tdq), 0, &v));
	put(6, scxkit_deque_peek_front(SCXKIT_DEQUE(tdq), 0, &v));
	return 0;
}

/* Each end holds CAP entries; the next push fails and changes nothing. */
SEC("syscall")
int overflow(void *ctx)
{
	int i, full_back = 0, full_front = 0;

	for (i = 0; i < CAP; i++)
		scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 1, (u64)(100 + i));
	full_back = scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 1, 999);
	for (i = 0; i < CAP; i++)
		scxkit_deque_push_front(SCXKIT_DEQUE(tdq), 1, (u64)(200 + i));
	full_front = scxkit_deque_push_front(SCXKIT_DEQUE(tdq), 1, 998);
	put(0, full_back);
	put(1, full_front);
	put(2, scxkit_deque_len(SCXKIT_DEQUE(tdq), 1));
	put(3, drain(1, 10));
	return 0;
}

/* Deques are independent; an index past the array is refused. */
SEC("syscall")
int independent(void *ctx)
{
	u64 v = 0;

	scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 2, 7);
	scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 3, 8);
	put(0, scxkit_deque_len(SCXKIT_DEQUE(tdq), 2));
	put(1, scxkit_deque_len(SCXKIT_DEQUE(tdq), 3));
	scxkit_deque_pop_front(SCXKIT_DEQUE(tdq), 3, &v);
	put(2, (s64)v);
	put(3, scxkit_deque_len(SCXKIT_DEQUE(tdq), 2));
	put(4, scxkit_deque_push_back(SCXKIT_DEQUE(tdq), 4, 1));
	put(5, scxkit_deque_pop_front(SCXKIT_DEQUE(tdq), 4, &v));
	put(6, scxkit_deque_len(SCXKIT_DEQUE(tdq), 4));
	drain(2, 20);
	return 0;
}
