/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Options that take a value, for the benchmark programs: a table maps
 * each option's name to its variable, so that rocksdb_bench and its ideal
 * reference (bench/ideal.c) read the workload options they share the same
 * way from one list.
 */
#ifndef __SCXKIT_BENCH_OPTIONS_H
#define __SCXKIT_BENCH_OPTIONS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_DOUBLE, OPT_INT, OPT_UINT, OPT_STR };

struct opt {
	const char *name;
	enum opt_type type;
	void *var;
};

/* OPT(NAME, VAR): the variable's type picks how the value is read. */
#define OPT_TYPE(var) \
	_Generic((var), double: OPT_DOUBLE, int: OPT_INT,                \
		 unsigned int: OPT_UINT, const char *: OPT_STR)
#define OPT(name, var)                        \
	{                                     \
		(name), OPT_TYPE(var), &(var) \
	}

/*
 * The workload, as both programs take it (ideal replays rocksdb_bench's
 * arrivals, so the two must read these alike); each program has globals
 * of these names.
 */
#define WORKLOAD_OPTS                                                        \
	OPT("--throughput", throughput), OPT("--range-ratio", range_ratio),  \
		OPT("--get-us", get_us), OPT("--range-us", range_us),        \
		OPT("--workers", nr_workers), OPT("--duration", duration_s), \
		OPT("--discard", discard_s), OPT("--seed", seed)

/*
 * opt_set - store V in the variable of the option named A in OPTS (which
 * ends with a NULL name); false if no option there is named A.
 */
static inline bool opt_set(const struct opt *opts, const char *a, const char *v)
{
	for (; opts->name; opts++) {
		if (strcmp(opts->name, a))
			continue;
		switch (opts->type) {
		case OPT_DOUBLE:
			*(double *)opts->var = atof(v);
			break;
		case OPT_INT:
			*(int *)opts->var = atoi(v);
			break;
		case OPT_UINT:
			*(unsigned int *)opts->var = (unsigned int)atoi(v);
			break;
		case OPT_STR:
			*(const char **)opts->var = v;
			break;
		}
		return true;
	}
	return false;
}

#endif /* __SCXKIT_BENCH_OPTIONS_H */
