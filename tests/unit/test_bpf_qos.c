// SPDX-License-Identifier: GPL-2.0
/*
 * Runs tests/bpf/qos_test.bpf.c on the host: what the BPF side makes of
 * QoS table entries, valid and garbage, for the current thread.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include <scxkit/common.h>

#include "bpf_runner.h"
#include "proc_thread.h"
#include "unit.h"

#define OBJ "build/obj/tests/qos_test.bpf.o"

static int put_entry(__u32 level, __u32 flags, long long tick_delta)
{
	struct scxkit_qos_entry e = { .level = level, .flags = flags };
	__u32 tid = (__u32)syscall(SYS_gettid);
	__u64 ticks;
	int fd;

	if (!runner_obj && runner_setup(OBJ))
		return -1;
	if (proc_thread__start_ticks((pid_t)tid, &ticks))
		return -1;
	e.start_ticks = ticks + (__u64)tick_delta;
	fd = bpf_map__fd(bpf_object__find_map_by_name(runner_obj, "scxkit_qos"));
	return bpf_map_update_elem(fd, &tid, &e, 0);
}

TEST(no_entry_gives_the_default)
{
	long long r[64];

	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0 && r[2] == 0);
}

TEST(valid_entry_is_read)
{
	long long r[64];

	CHECK(put_entry(2, SCXKIT_QOS_IDLE, 0) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 2 && r[1] == 1);
}

TEST(huge_level_is_clamped)
{
	long long r[64];

	CHECK(put_entry(0xffffffffu, 0, 0) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 3 && r[1] == 0);
}

TEST(entry_of_an_earlier_thread_with_this_id_is_ignored)
{
	long long r[64];

	CHECK(put_entry(3, SCXKIT_QOS_IDLE, -1) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
}

UNIT_MAIN
