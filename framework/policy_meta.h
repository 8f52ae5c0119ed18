/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the launcher knows about a policy before loading it: its name,
 * summary, options and counters, read from the metadata sections of its
 * BPF object file (see SCXKIT_POLICY() and friends in scxkit.bpf.h).
 */
#ifndef __SCXKIT_POLICY_META_H
#define __SCXKIT_POLICY_META_H

#include <stdbool.h>
#include <stddef.h>
#include <scxkit/common.h>

#define SCXKIT_MAX_OPTS 32

struct scxkit_policy {
	struct scxkit_policy_desc desc;
	struct scxkit_opt_desc opts[SCXKIT_MAX_OPTS];
	int nr_opts;
	struct scxkit_counter_desc counters[SCXKIT_MAX_COUNTERS];
	int nr_counters;
	const void *obj; /* the BPF object file, in memory */
	size_t obj_size;
	const char *path; /* the file it came from; NULL: built in */
	bool abi_mismatch; /* why parsing failed: built for another ABI */
};

/*
 * policy_meta__parse - fill @p from the BPF object @obj of @size bytes.
 * Returns 0, or -1 with a reason in @err when the metadata is missing,
 * truncated or inconsistent.
 */
int policy_meta__parse(struct scxkit_policy *p, const void *obj, size_t size,
		       char *err, size_t errlen);

/* policy_meta__find_opt - index of option @name in @p, or -1. */
int policy_meta__find_opt(const struct scxkit_policy *p, const char *name);

#endif
