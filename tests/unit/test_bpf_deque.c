// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the SEC("syscall") programs of tests/bpf/deque_test.bpf.c on the
 * host kernel (no sched_ext needed) and checks what they recorded: the
 * deque's exact order, its capacity limit and the independence of deques.
 * Needs root (CAP_BPF); skipped, and counted as failed, without it.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdlib.h>
#include <unistd.h>

#include "map_in_map.h"
#include "unit.h"

#ifndef DEQUE_TEST_OBJ
#define DEQUE_TEST_OBJ "build/obj/tests/deque_test.bpf.o"
#endif

static struct bpf_object *obj;
static int results_fd = -1;

static int setup(void)
{
	struct map_in_map_plan plan;

	obj = bpf_object__open_file(DEQUE_TEST_OBJ, NULL);
	if (!obj) {
		fprintf(stderr, "  cannot open %s\n", DEQUE_TEST_OBJ);
		return -1;
	}
	if (map_in_map__plan(obj, &plan) || bpf_object__load(obj) ||
	    map_in_map__fill(obj, &plan)) {
		fprintf(stderr, "  cannot load %s (root needed)\n",
			DEQUE_TEST_OBJ);
		return -1;
	}
	results_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "results"));
	return 0;
}

/* Runs program @name; returns its slots 0..63 in @r. */
static int run(const char *name, long long r[64])
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct bpf_program *prog;
	__u32 i;

	if (!obj && setup())
		return -1;
	for (i = 0; i < 64; i++) {
		long long zero = -12345;

		bpf_map_update_elem(results_fd, &i, &zero, 0);
	}
	prog = bpf_object__find_program_by_name(obj, name);
	if (!prog || bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) ||
	    opts.retval) {
		fprintf(stderr, "  running %s failed\n", name);
		return -1;
	}
	for (i = 0; i < 64; i++)
		bpf_map_lookup_elem(results_fd, &i, &r[i]);
	return 0;
}

TEST(front_pushes_lifo_before_back_pushes_fifo)
{
	long long r[64];

	CHECK(run("order", r) == 0);
	CHECK(r[0] == 5);	/* length after five pushes */
	CHECK(r[1] == 11);	/* peek sees the last front push */
	CHECK(r[2] == 5);	/* peek removes nothing */
	CHECK(r[3] == 5);	/* five pops succeeded */
	CHECK(r[10] == 11 && r[11] == 10 && r[12] == 1 && r[13] == 2 &&
	      r[14] == 3);
	CHECK(r[4] == 0);	/* empty afterwards */
	CHECK(r[5] == -2);	/* pop on empty: -ENOENT */
	CHECK(r[6] == -2);	/* peek on empty: -ENOENT */
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
		CHECK(r[10 + i] == 207 - i);	/* front, LIFO */
		CHECK(r[18 + i] == 100 + i);	/* back, FIFO */
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
