// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the loader's preparation of the real, embedded policy
 * objects (opening needs no kernel; loading does, and the VM tests do it).
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "loader.h"
#include "policy_table.h"
#include "print.h"
#include "unit.h"

static char seen[512];
static int nr_seen;

static void record(const char *fmt, va_list ap)
{
	vsnprintf(seen, sizeof(seen), fmt, ap);
	nr_seen++;
}

/* How many bytes @fn writes to stderr (fd 2), which is kept aside. */
static long stderr_bytes(void (*fn)(void))
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	long n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = (long)lseek(fileno(tmp), 0, SEEK_END);
	fclose(tmp);
	return n;
}

/* Whether program @name of @lp's object will be loaded; -1 if absent. */
static int loads(struct loaded_policy *lp, const char *name)
{
	struct bpf_program *prog =
		bpf_object__find_program_by_name(lp->obj, name);

	return prog ? bpf_program__autoload(prog) : -1;
}

/*
 * Callbacks that only pass on to a policy hook are loaded only for the
 * policies that have the hook: fifo has none, vtime has enable.  fifo
 * (SCX_DSQ_GLOBAL, no preemption checks) needs no dispatch, dequeue,
 * running or stopping either; rr (task queues, a timer) needs them all.
 * --inject-loop-after registers dispatch for fifo all the same.
 */
TEST(only_the_callbacks_a_policy_needs_are_loaded)
{
	struct loaded_policy lp;

	libbpf_set_print(NULL); /* its notes on our metadata sections */
	CHECK(loader__open(&lp, policy_table__find("fifo")) == 0);
	CHECK(loads(&lp, "scxkit_enqueue") == 1);
	CHECK(loads(&lp, "scxkit_select_cpu") == 1);
	CHECK(loads(&lp, "scxkit_running") == 0);
	CHECK(loads(&lp, "scxkit_stopping") == 0);
	CHECK(loads(&lp, "scxkit_dispatch") == 0);
	CHECK(loads(&lp, "scxkit_dequeue") == 0);
	CHECK(loads(&lp, "scxkit_tick") == 0);
	CHECK(loads(&lp, "scxkit_enable") == 0);
	CHECK(loads(&lp, "scxkit_quiescent") == 0);
	CHECK(loader__register_op(&lp, "dispatch", "scxkit_dispatch") == 0);
	CHECK(loads(&lp, "scxkit_dispatch") == 1);
	loader__destroy(&lp);

	CHECK(loader__open(&lp, policy_table__find("rr")) == 0);
	CHECK(loads(&lp, "scxkit_running") == 1);
	CHECK(loads(&lp, "scxkit_stopping") == 1);
	CHECK(loads(&lp, "scxkit_dispatch") == 1);
	CHECK(loads(&lp, "scxkit_dequeue") == 1);
	loader__destroy(&lp);

	CHECK(loader__open(&lp, policy_table__find("vtime")) == 0);
	CHECK(loads(&lp, "scxkit_enable") == 1);
	CHECK(loads(&lp, "scxkit_tick") == 0);
	loader__destroy(&lp);
}

/* More possible CPUs than the per-CPU tables hold: refused, not cut. */
TEST(too_many_cpus_are_refused)
{
	CHECK(loader__check_cpus(2) == 0);
	CHECK(loader__check_cpus(SCXKIT_MAX_CPUS) == 0);
	CHECK(loader__check_cpus(SCXKIT_MAX_CPUS + 1) == -E2BIG);
}

static void refuse_cpus(void)
{
	CHECK(loader__check_cpus(SCXKIT_MAX_CPUS + 1) == -E2BIG);
}

/*
 * The library reports through the callback its program installed, and
 * writes nothing itself: without a callback the reason goes nowhere.
 */
TEST(library_errors_reach_the_print_callback_only)
{
	char want[256];

	print__set(record);
	nr_seen = 0;
	CHECK(stderr_bytes(refuse_cpus) == 0);
	CHECK(nr_seen == 1);
	snprintf(want, sizeof(want),
		 "this machine has %d possible CPUs; scxkit supports at most "
		 "%d (SCXKIT_MAX_CPUS in include/scxkit/common.h)\n",
		 SCXKIT_MAX_CPUS + 1, SCXKIT_MAX_CPUS);
	CHECK_STR(seen, want);

	CHECK(print__set(NULL) == record);
	nr_seen = 0;
	CHECK(stderr_bytes(refuse_cpus) == 0);
	CHECK(nr_seen == 0);
}

UNIT_MAIN
