// SPDX-License-Identifier: GPL-2.0
/*
 * Runs tests/bpf/task_queue_test.bpf.c on the host kernel: stale entries
 * are skipped and never dispatched, an entry is taken at most once, a full
 * queue refuses cleanly, and the QoS helpers pick the right level.
 */
#include "bpf_runner.h"
#include "unit.h"

#define OBJ "build/obj/tests/task_queue_test.bpf.o"

TEST(stale_entries_are_skipped_valid_ones_kept_in_order)
{
	long long r[64];

	CHECK(runner_run(OBJ, "stale_entries", r) == 0);
	CHECK(r[0] == 1); /* B had a valid entry to forget */
	CHECK(r[1] == 2); /* A and C still queued */
	CHECK(r[2] == 2); /* A re-pushed: its old entry replaced */
	CHECK(r[3] == 3); /* C first ... */
	CHECK(r[4] == 1); /* ... then A's new entry */
	CHECK(r[5] == 0); /* then nothing */
	CHECK(r[6] == 2); /* A's old and B's entries were stale */
	CHECK(r[7] == 0);
	CHECK(r[8] == 0);
}

TEST(an_entry_is_taken_once)
{
	long long r[64];

	CHECK(runner_run(OBJ, "no_double_take", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
	CHECK(r[2] == 1 && r[3] == 1);
}

TEST(full_queue_refuses_and_leaves_task_unclaimed)
{
	long long r[64];

	CHECK(runner_run(OBJ, "overflow", r) == 0);
	CHECK(r[0] == -7); /* -E2BIG */
	CHECK(r[1] == 0); /* queued_seq taken back */
	CHECK(r[2] == 4);
	CHECK(r[3] == 0);
}

TEST(qos_helpers_pick_the_highest_nonempty_level)
{
	long long r[64];

	CHECK(runner_run(OBJ, "qos_helpers", r) == 0);
	CHECK(r[0] == -1);
	CHECK(r[1] == 6);
	CHECK(r[2] == 4);
	CHECK(r[3] == 2);
	CHECK(r[4] == 1);
	CHECK(r[5] == 0);
	CHECK(r[6] == 4);
	CHECK(r[7] == 4);
}

UNIT_MAIN
