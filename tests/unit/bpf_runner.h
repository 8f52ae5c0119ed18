/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the host-side BPF unit tests: load one object of SEC("syscall")
 * programs (inner maps created as the launcher does), run a program with
 * bpf_prog_test_run_opts() and return the 64 slots of its `results` map
 * (preset to BPF_RUNNER_UNSET so unwritten slots stand out).
 */
#ifndef __SCXKIT_BPF_RUNNER_H
#define __SCXKIT_BPF_RUNNER_H

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>

#include "map_in_map.h"
#include "print.h"

#define BPF_RUNNER_UNSET       (-12345)
#define BPF_RUNNER_TQ_CAPACITY 4

static struct bpf_object *runner_obj;
static int runner_results_fd = -1;

/* The library's reasons (print.h), indented like the tests' own. */
static void runner_print(const char *fmt, va_list ap)
{
	fputs("  ", stderr);
	vfprintf(stderr, fmt, ap);
}

static int runner_setup(const char *path)
{
	struct map_in_map_plan plan;

	print__set(runner_print);

	runner_obj = bpf_object__open_file(path, NULL);
	if (!runner_obj) {
		fprintf(stderr, "  cannot open %s\n", path);
		return -1;
	}
	if (map_in_map__plan(runner_obj, &plan))
		return -1;
	map_in_map__set_capacity(&plan, "scxkit_tq_", BPF_RUNNER_TQ_CAPACITY);
	map_in_map__leave_empty(&plan, "scxkit_qos_regions");
	if (bpf_object__load(runner_obj) ||
	    map_in_map__fill(runner_obj, &plan)) {
		fprintf(stderr, "  cannot load %s (needs root)\n", path);
		return -1;
	}
	runner_results_fd = bpf_map__fd(
		bpf_object__find_map_by_name(runner_obj, "results"));
	return 0;
}

/* Runs program @name of object @path (loaded once); slots into @r. */
static int runner_run(const char *path, const char *name, long long r[64])
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct bpf_program *prog;
	__u32 i;

	if (!runner_obj && runner_setup(path))
		return -1;
	for (i = 0; i < 64; i++) {
		long long unset = BPF_RUNNER_UNSET;

		bpf_map_update_elem(runner_results_fd, &i, &unset, 0);
	}
	prog = bpf_object__find_program_by_name(runner_obj, name);
	if (!prog || bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) ||
	    opts.retval) {
		fprintf(stderr, "  running %s failed\n", name);
		return -1;
	}
	for (i = 0; i < 64; i++)
		bpf_map_lookup_elem(runner_results_fd, &i, &r[i]);
	return 0;
}

#endif
