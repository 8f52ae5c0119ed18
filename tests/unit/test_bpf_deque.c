// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the SEC("syscall") programs of tests/bpf/deque_test.bpf.c on the
 * host kernel (no sched_ext needed) and checks what they recorded: the
 * deque's exact order, its capacity limit and the independence of deques.
 * Needs root (CAP_BPF); without it the tests fail, saying so.
 */
#include "bpf_runner.h"
#include "unit.h"

#define OBJ "build/obj/tests/deque_test.bpf.o"

static int run(const char *name, long long r[64])
{
	return runner_run(OBJ, name, r);
}

TEST(front_pushes_lifo_before_back_pushes_fifo)
{
	long long r[64];

	CHECK(run("order", r) == 0);
	CHECK(r[0] == 5); /* length after five pushes */
	CHECK(r[1] == 11); /* peek sees the last front push */
	CHECK(r[2] == 5); /* peek removes nothing */
	CHECK(r[3] == 5); /* five pops succeeded */
	CHECK(r[10] == 11 && r[11] == 10 && r[12] == 1 && r[13] == 2 &&
	      r[14] == 3);
	CHECK(r[4] == 0); /* empty afterwards */
	CHECK(r[5] == -2); /* pop on empty: -ENOENT */
	CHECK(r[6] == -2); /* peek on empty: -ENOENT */
}

TEST(full_end_refuses_push_and_keeps_contents)
{
	long long r[64];
	int i;

	CHECK(run("overflow", r) == 0);
	CHECK(r[0] == -7); /* -E2BIG at the back */
	CHECK(r[1] == -7); /* and at the front */
	CHECK(r[2] == 16); /* 8 per end, the refused ones not counted */
	CHECK(r[3] == 16);
	for (i = 0; i < 8; i++) {
		CHECK(r[10 + i] == 207 - i); /* front, LIFO */
		CHECK(r[18 + i] == 100 + i); /* back, FIFO */
	}
}

TEST(deques_are_independent_and_bad_index_refused)
{
	long long r[64];

	CHECK(run("independent", r) == 0);
	CHECK(r[0] == 1 && r[1] == 1);
	CHECK(r[2] == 8);
	CHECK(r[3] == 1);
	CHECK(r[4] == -2 && r[5] == -2 && r[6] == 0);
	CHECK(r[20] == 7);
}

UNIT_MAIN
