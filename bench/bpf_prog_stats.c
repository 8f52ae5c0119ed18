// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_prog_stats - the BPF time the loaded sched_ext programs have used:
 * make bench's measure of a policy's overhead.  Sums run_time_ns and
 * run_cnt over every loaded struct_ops program (the kernel counts them
 * while sysctl kernel.bpf_stats_enabled is 1) and prints one JSON object:
 *
 *   {"progs":N,"run_ns":T,"runs":R,"by_prog":{"NAME":{"ns":..,"runs":..}}}
 *
 *   bpf_prog_stats        (as root, while the scheduler is attached)
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long total_ns = 0, total_runs = 0;
	__u32 id = 0;
	int n = 0;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: bpf_prog_stats (no arguments)\n");
		return 2;
	}
	printf("{\"by_prog\":{");
	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue; /* unloaded meanwhile */
		memset(&info, 0, sizeof(info));
		if (!bpf_prog_get_info_by_fd(fd, &info, &len) &&
		    info.type == BPF_PROG_TYPE_STRUCT_OPS) {
			/* Names are C identifiers: nothing to escape. */
			printf("%s\"%s\":{\"ns\":%llu,\"runs\":%llu}",
			       n ? "," : "", info.name,
			       (unsigned long long)info.run_time_ns,
			       (unsigned long long)info.run_cnt);
			total_ns += info.run_time_ns;
			total_runs += info.run_cnt;
			n++;
		}
		close(fd);
	}
	if (errno != ENOENT) {
		fprintf(stderr, "bpf_prog_stats: cannot list programs: %s\n",
			strerror(errno));
		return 1;
	}
	printf("},\"progs\":%d,\"run_ns\":%llu,\"runs\":%llu}\n", n, total_ns,
	       total_runs);
	return 0;
}
