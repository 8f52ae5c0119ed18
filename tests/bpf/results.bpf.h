/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the host-side BPF test programs: the `results` array their
 * SEC("syscall") programs fill, slot by slot, for the userspace side of
 * the test (tests/unit/bpf_runner.h) to read back.
 */
#ifndef __SCXKIT_TEST_RESULTS_BPF_H
#define __SCXKIT_TEST_RESULTS_BPF_H

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, s64);
} results SEC(".maps");

/* put - record @v in result slot @slot. */
static void put(u32 slot, s64 v)
{
	bpf_map_update_elem(&results, &slot, &v, 0);
}

#endif
