// SPDX-License-Identifier: GPL-2.0
/*
 * Runs tests/bpf/qos_test.bpf.c on the host: what the BPF side makes of
 * QoS table entries, valid and garbage, for the current thread, and of
 * bindings to a shared region (the slot is read through the mapping the
 * way an application writes it).
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <scxkit/common.h>

#include "bpf_runner.h"
#include "proc_thread.h"
#include "unit.h"

#define OBJ "build/obj/tests/qos_test.bpf.o"

static int put_bound_entry(__u32 level, __u32 flags, long long tick_delta,
			   __u32 region, __u32 slot, __u64 gen)
{
	struct scxkit_qos_entry e = { .level = level,
				      .flags = flags,
				      .region = region,
				      .slot = slot,
				      .region_gen = gen };
	__u32 tid = (__u32)syscall(SYS_gettid);
	__u64 ticks;
	int fd;

	if (!runner_obj && runner_setup(OBJ))
		return -1;
	if (proc_thread__start_ticks((pid_t)tid, &ticks))
		return -1;
	e.start_ticks = ticks + (__u64)tick_delta;
	fd = bpf_map__fd(
		bpf_object__find_map_by_name(runner_obj, "scxkit_qos"));
	return bpf_map_update_elem(fd, &tid, &e, 0);
}

static int put_entry(__u32 level, __u32 flags, long long tick_delta)
{
	return put_bound_entry(level, flags, tick_delta, 0, 0, 0);
}

static struct scxkit_qos_slot *region; /* region 1 (index 0), mapped */

/* Hands out region index 0 with generation @gen, as the QoS server does. */
static int give_region(__u64 gen)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_MMAPABLE);
	size_t bytes = SCXKIT_QOS_REGION_SLOTS * sizeof(*region);
	__u32 zero = 0;
	int fd, outer, gens;

	if (!runner_obj && runner_setup(OBJ))
		return -1;
	outer = bpf_map__fd(
		bpf_object__find_map_by_name(runner_obj, "scxkit_qos_regions"));
	gens = bpf_map__fd(bpf_object__find_map_by_name(
		runner_obj, "scxkit_qos_region_gen"));
	if (!region) {
		fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "qos_reg", 4,
				    sizeof(*region), SCXKIT_QOS_REGION_SLOTS,
				    &opts);
		if (fd < 0)
			return -1;
		region = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
			      fd, 0);
		if (region == MAP_FAILED ||
		    bpf_map_update_elem(outer, &zero, &fd, 0)) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	return bpf_map_update_elem(gens, &zero, &gen, 0);
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

TEST(bound_thread_reads_its_slot_not_its_entry)
{
	long long r[64];

	CHECK(give_region(7) == 0);
	region[3] = (struct scxkit_qos_slot){ .level = 2,
					      .flags = SCXKIT_QOS_IDLE };
	CHECK(put_bound_entry(0, 0, 0, 1, 3, 7) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 2 && r[1] == 1);
	/* A plain store is seen at the next read: no syscall in between. */
	region[3].level = 0;
	region[3].flags = 0;
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 0 && r[1] == 0);
}

TEST(garbage_in_a_slot_is_clamped)
{
	long long r[64];

	CHECK(give_region(7) == 0);
	region[3] = (struct scxkit_qos_slot){ .level = 0xfffffff0u,
					      .flags = 0xfffffffeu,
					      .wake = 0xffffffffu };
	CHECK(put_bound_entry(0, 0, 0, 1, 3, 7) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 3 && r[1] == 0 && r[2] == 0);
}

/* The region went to another process: the old binding means nothing. */
TEST(binding_to_a_region_given_away_is_ignored)
{
	long long r[64];

	CHECK(give_region(8) == 0);
	region[3] = (struct scxkit_qos_slot){ .level = 2 };
	CHECK(put_bound_entry(0, 0, 0, 1, 3, 7) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0); /* the default */
	CHECK(give_region(0) == 0); /* taken back, none given out */
	CHECK(put_bound_entry(0, 0, 0, 1, 3, 0) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
}

TEST(binding_out_of_range_is_ignored)
{
	long long r[64];

	CHECK(give_region(7) == 0);
	CHECK(put_bound_entry(2, 0, 0, SCXKIT_QOS_REGIONS + 1, 3, 7) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
	CHECK(put_bound_entry(2, 0, 0, 1, SCXKIT_QOS_REGION_SLOTS, 7) == 0);
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
	CHECK(put_bound_entry(2, 0, 0, 2, 3, 7) == 0); /* never given */
	CHECK(runner_run(OBJ, "current_qos", r) == 0);
	CHECK(r[0] == 1 && r[1] == 0);
}

UNIT_MAIN
