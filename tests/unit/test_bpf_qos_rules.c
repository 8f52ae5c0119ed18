// SPDX-License-Identifier: GPL-2.0
/*
 * Runs tests/bpf/qos_test.bpf.c on the host with QoS rules in its maps:
 * scxkit_task_qos() for the current thread follows the first matching
 * rule, notices the rules and the thread's nice change, counts the
 * thread under its rule, and leaves a thread's own mark in charge.
 */
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bpf_runner.h"
#include "proc_thread.h"
#include "qos_rules.h"
#include "qos_rules_map.h"
#include "unit.h"

#define OBJ "build/obj/tests/qos_test.bpf.o"

static struct qos_rules_maps maps;

static int map_fd(const char *name)
{
	return bpf_map__fd(bpf_object__find_map_by_name(runner_obj, name));
}

/* Rules from @text in force; the current thread has a task context. */
static int load(const char *text)
{
	static struct qos_rules rules;
	long long r[64];
	char err[256];

	if (!runner_obj && runner_setup(OBJ))
		return -1;
	maps = (struct qos_rules_maps){ map_fd("scxkit_qos_rules"),
					map_fd("scxkit_qos_rule_hits"),
					map_fd("scxkit_qos_rules_ctl") };
	if (qos_rules__parse(text, &rules, err, sizeof(err))) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	if (runner_run(OBJ, "make_ctx", r) || r[0] != 1)
		return -1;
	return qos_rules_map__publish(&maps, &rules);
}

/* The level the policy would see (4 levels, default 1). */
static long long level(void)
{
	long long r[64];

	return runner_run(OBJ, "current_qos", r) ? -1 : r[0];
}

static char comm[16];
static char text[512];

TEST(first_matching_rule_wins)
{
	prctl(PR_GET_NAME, comm);
	snprintf(text, sizeof(text),
		 "level 2 comm=no-such-comm\nlevel 3 comm=%s\nlevel 0 all\n",
		 comm);
	CHECK(load(text) == 0);
	CHECK(level() == 3);
	snprintf(text, sizeof(text), "level 2 comm=%.3s*\nlevel 3 all\n", comm);
	CHECK(load(text) == 0);
	CHECK(level() == 2); /* a reload applies to a task already classified */
	snprintf(text, sizeof(text), "level 0 uid=%u gid=%u\n", geteuid(),
		 getegid());
	CHECK(load(text) == 0);
	CHECK(level() == 0);
	snprintf(text, sizeof(text), "level 0 uid=%u\n", geteuid() + 1);
	CHECK(load(text) == 0);
	CHECK(level() == 1); /* nothing matches: the default */
}

TEST(each_task_is_counted_under_its_rule)
{
	__s64 hits[2] = { -1, -1 };

	CHECK(load("level 2 comm=no-such-comm\nlevel 3 all\n") == 0);
	CHECK(level() == 3);
	CHECK(level() == 3); /* cached: counted once */
	CHECK(qos_rules_map__hits(&maps, hits, 2) == 0);
	CHECK(hits[0] == 0 && hits[1] == 1);
}

TEST(a_nice_change_is_noticed)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	int nice0 = getpriority(PRIO_PROCESS, (id_t)tid);

	if (nice0 >= 19)
		return;
	snprintf(text, sizeof(text), "level 3 nice>%d\nlevel 2 all\n", nice0);
	CHECK(load(text) == 0);
	CHECK(level() == 2);
	CHECK(setpriority(PRIO_PROCESS, (id_t)tid, nice0 + 1) == 0);
	CHECK(level() == 3);
	setpriority(PRIO_PROCESS, (id_t)tid, nice0); /* root only */
}

TEST(cgroup_subtree)
{
	struct statfs fs;
	char line[256] = "";
	FILE *f;

	/* Where the host has cgroup2 mounted and this process at its root. */
	if (statfs("/sys/fs/cgroup/unified", &fs) || fs.f_type != 0x63677270)
		return;
	f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof(line), f) && strncmp(line, "0::", 3))
		;
	if (f)
		fclose(f);
	if (strcmp(line, "0::/\n"))
		return;
	CHECK(load("level 0 cgroup=/sys/fs/cgroup/unified\nlevel 3 all\n") ==
	      0);
	CHECK(level() == 0);
}

/* In a thread of another effective user and group (keeping its caps). */
static void *as_other_user(void *arg)
{
	long long *out = arg;

	if (prctl(PR_SET_SECUREBITS, 1 << 2 /* SECURE_NO_SETUID_FIXUP */) ||
	    syscall(SYS_setresgid, -1, 1234, -1) ||
	    syscall(SYS_setresuid, -1, 4321, -1))
		return NULL;
	out[0] = load("level 2 uid=4321 gid=1235\nlevel 1 uid=4321 gid=1234\n"
		      "level 3 all\n")
			 ? -1
			 : level();
	out[1] = load("level 2 uid=0\nlevel 3 all\n") ? -1 : level();
	return NULL;
}

TEST(effective_uid_and_gid)
{
	long long got[2] = { -2, -2 };
	pthread_t t;

	if (geteuid())
		return; /* needs root to change its ids */
	CHECK(pthread_create(&t, NULL, as_other_user, got) == 0);
	pthread_join(t, NULL);
	CHECK(got[0] == 1);
	CHECK(got[1] == 3);
}

TEST(the_threads_own_mark_wins)
{
	struct scxkit_qos_entry e = { .level = 2 };
	__u32 tid = (__u32)syscall(SYS_gettid);
	__u64 ticks;

	CHECK(load("level 3 all\n") == 0);
	CHECK(level() == 3);
	CHECK(proc_thread__start_ticks((pid_t)tid, &ticks) == 0);
	e.start_ticks = ticks;
	CHECK(bpf_map_update_elem(map_fd("scxkit_qos"), &tid, &e, 0) == 0);
	CHECK(level() == 2);
	CHECK(bpf_map_delete_elem(map_fd("scxkit_qos"), &tid) == 0);
	CHECK(level() == 3);
}

UNIT_MAIN
