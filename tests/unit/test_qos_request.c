// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the QoS socket's request parsing and permission model,
 * and of reading start times from /proc/TID/stat.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc_thread.h"
#include "qos_request.h"
#include "unit.h"

TEST(good_requests_parse)
{
	struct qos_request r;
	char err[96];

	CHECK(qos_request__parse("set 123 15", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_SET && r.tid == 123 && r.level == 15);
	CHECK(qos_request__parse("idle 7", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_IDLE && r.tid == 7);
	CHECK(qos_request__parse("runnable 7", &r, err, sizeof(err)) == 0);
	CHECK(qos_request__parse("clear 7", &r, err, sizeof(err)) == 0);
	CHECK(qos_request__parse("get 7", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_GET);
	CHECK(qos_request__parse("region", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_REGION && r.tid == 0);
	CHECK(qos_request__parse("bind 7 1023", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_BIND && r.tid == 7 && r.slot == 1023 &&
	      r.level == 0);
	CHECK(qos_request__parse("inherit 7 15", &r, err, sizeof(err)) == 0);
	CHECK(r.verb == QOS_INHERIT && r.tid == 7 && r.level == 15);
	CHECK(qos_request__parse("inherit 7 16", &r, err, sizeof(err)) ==
	      -EINVAL);
}

/* A client names a slot, never a region: the server fills that in. */
TEST(bind_never_carries_a_region)
{
	struct qos_request r;
	char err[96];

	memset(&r, 0xa5, sizeof(r));
	CHECK(qos_request__parse("bind 9 5", &r, err, sizeof(err)) == 0);
	CHECK(r.region == 0 && r.region_gen == 0 && r.start_ticks == 0);
}

/*
 * A socket request never carries a start time: whatever the caller's
 * struct held must not reach the table (it did once, and every entry an
 * unprivileged client wrote was pinned to a garbage start time).
 */
TEST(parsed_requests_have_their_start_time_read_from_proc)
{
	struct qos_request r;
	char err[96];

	memset(&r, 0xa5, sizeof(r));
	CHECK(qos_request__parse("set 123 2", &r, err, sizeof(err)) == 0);
	CHECK(r.start_ticks == 0);
	memset(&r, 0xa5, sizeof(r));
	CHECK(qos_request__parse("idle 9", &r, err, sizeof(err)) == 0);
	CHECK(r.start_ticks == 0 && r.level == 0);
}

TEST(garbage_requests_are_refused)
{
	static const char *const bad[] = {
		"",
		"set",
		"set 1",
		"set 1 16",
		"set 1 -1",
		"set -1 2",
		"set 0 2",
		"set 1 2 3",
		"idle 1 2",
		"bogus 1",
		"set x 1",
		"set 1 0x2",
		"idle 99999999999999999999",
		"set 1 99999999999999999999",
		"idle 1073741824",
		"region 1",
		"bind 1",
		"bind 1 1024",
		"bind 0 1",
		"bind 1 -1",
		"bind 1 2 3",
	};
	struct qos_request r;
	char err[96];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = qos_request__parse(bad[i], &r, err, sizeof(err));

		if (rc != -EINVAL)
			fprintf(stderr, "  accepted '%s'\n", bad[i]);
		CHECK(rc == -EINVAL);
	}
}

TEST(permission_model)
{
	struct qos_request own = { .verb = QOS_SET,
				   .tid = (pid_t)syscall(SYS_gettid) };
	struct qos_request init = { .verb = QOS_SET, .tid = 1 };
	struct qos_request gone = { .verb = QOS_SET, .tid = 0x3ffffff0 };
	struct ucred root = { .pid = getpid(), .uid = 0 };
	struct ucred user = { .pid = getpid(), .uid = 1000 };

	CHECK(qos_request__authorize(&own, &user) == 0);
	CHECK(qos_request__authorize(&init, &user) == -EPERM);
	CHECK(qos_request__authorize(&init, &root) == 0);
	CHECK(qos_request__authorize(&gone, &root) == -ESRCH);
	CHECK(qos_request__authorize(&gone, &user) == -ESRCH);
}

/* Root may change any thread, but binds only its own to its region. */
TEST(bind_is_for_the_askers_own_threads_even_for_root)
{
	struct qos_request own = { .verb = QOS_BIND,
				   .tid = (pid_t)syscall(SYS_gettid) };
	struct qos_request init = { .verb = QOS_BIND, .tid = 1 };
	struct qos_request region = { .verb = QOS_REGION };
	struct ucred root = { .pid = getpid(), .uid = 0 };
	struct ucred user = { .pid = getpid(), .uid = 1000 };

	CHECK(qos_request__authorize(&own, &user) == 0);
	CHECK(qos_request__authorize(&own, &root) == 0);
	CHECK(qos_request__authorize(&init, &user) == -EPERM);
	CHECK(qos_request__authorize(&init, &root) == -EPERM);
	CHECK(qos_request__authorize(&region, &user) == 0);
}

TEST(start_ticks_from_stat_lines)
{
	__u64 t = 0;
	const char *odd =
		"42 (a) b (c) d) S 1 42 42 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 1 0 "
		"98765 1000 100\n";

	CHECK(proc_thread__parse_start_ticks(odd, &t) == 0 && t == 98765);
	CHECK(proc_thread__parse_start_ticks("42 (x) S 1 2", &t) != 0);
	CHECK(proc_thread__parse_start_ticks("no parens", &t) != 0);
	/* Ends right after the command: no reading past the end. */
	CHECK(proc_thread__parse_start_ticks("1 (x)", &t) != 0);
	CHECK(proc_thread__start_ticks((pid_t)syscall(SYS_gettid), &t) == 0);
	CHECK(proc_thread__start_ticks(0, &t) != 0);
}

/* Authorizing and applying name the same thread: its start time. */
TEST(authorize_checks_the_resolved_start_time)
{
	struct qos_request r = { .verb = QOS_SET,
				 .tid = (pid_t)syscall(SYS_gettid) };
	struct ucred user = { .pid = getpid(), .uid = 1000 };
	__u64 ticks;

	CHECK(proc_thread__start_ticks(r.tid, &ticks) == 0);
	r.start_ticks = ticks;
	CHECK(qos_request__authorize(&r, &user) == 0);
	r.start_ticks = ticks + 1; /* an earlier thread with this id */
	CHECK(qos_request__authorize(&r, &user) == -ESRCH);
}

/* The launcher learns a namespaced client's threads from pidfds. */
TEST(pidfds_name_threads)
{
	pid_t tid = 0;
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	int null = open("/dev/null", O_RDONLY);

	CHECK(fd >= 0);
	CHECK(proc_thread__pidfd_tid(fd, &tid) == 0 && tid == getpid());
	CHECK(proc_thread__pidfd_tid(null, &tid) == -EBADF);
	CHECK(proc_thread__same_pid_ns(getpid()) == 1);
	CHECK(proc_thread__same_pid_ns(0x3ffffff0) == -ESRCH);
	close(fd);
	close(null);
}

UNIT_MAIN
