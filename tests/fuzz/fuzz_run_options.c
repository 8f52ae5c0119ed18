// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: `scxkit run POLICY ...` option parsing.  The input is
 * split at NUL bytes into argv; any result but a crash is fine, and a
 * successful parse must leave values inside their documented ranges.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run_options.h"

static struct scxkit_policy policy = {
	.desc = { .abi = SCXKIT_ABI, .name = "fuzz", .summary = "fuzzing" },
	.opts = { { .name = "slice_us", .def = 50, .min = 5, .max = 1000000 },
		  { .name = "nr_levels", .def = 4, .min = 1, .max = 16 },
		  { .name = "front_on_slice", .def = 0, .min = 0, .max = 1 } },
	.nr_opts = 3,
};

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS], err[256];
	struct run_options o;
	size_t i, start = 0;
	int argc = 0, k;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && argc < MAX_ARGS; i++)
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	if (!run_options__parse(&o, &policy, argc, argv, err, sizeof(err))) {
		for (k = 0; k < policy.nr_opts; k++)
			if (o.opt_value[k] < policy.opts[k].min ||
			    o.opt_value[k] > policy.opts[k].max)
				abort();
		if (o.interval_ms < 10 ||
		    (o.watchdog_ms && o.watchdog_ms < 100) ||
		    o.queue_capacity < 1 || o.duration < 0 || (o.tui && o.json))
			abort();
	} else if (!memchr(err, '\0', sizeof(err))) {
		abort(); /* the reason must be a terminated string */
	}
	free(buf);
	return 0;
}
