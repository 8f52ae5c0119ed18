// SPDX-License-Identifier: GPL-2.0
/* Reads thread facts from /proc; see proc_thread.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_thread.h"

int proc_thread__parse_start_ticks(const char *line, __u64 *ticks)
{
	const char *p = strrchr(line, ')');
	unsigned long long v;
	char *end;
	int field;

	if (!p)
		return -1;
	p++;
	/* After "pid (comm)" comes field 3; starttime is field 22. */
	for (field = 2; field < 21; field++) {
		if (!*p) /* the line ended right after ")" (found by fuzzing) */
			return -1;
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	errno = 0;
	v = strtoull(p + 1, &end, 10);
	if (errno || end == p + 1 || (*end != ' ' && *end != '\n' && *end))
		return -1;
	*ticks = v;
	return 0;
}

int proc_thread__start_ticks(pid_t tid, __u64 *ticks)
{
	char path[64], line[1024];
	FILE *f;
	int ret;

	if (tid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return -ESRCH;
	ret = fgets(line, sizeof(line), f) &&
			      !proc_thread__parse_start_ticks(line, ticks)
		      ? 0
		      : -EIO;
	fclose(f);
	return ret;
}

bool proc_thread__in_process(pid_t pid, pid_t tid)
{
	char path[64];

	if (pid <= 0 || tid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/task/%d", pid, tid);
	return access(path, F_OK) == 0;
}

int proc_thread__pidfd_tid(int pidfd, pid_t *tid)
{
	char path[64], line[128];
	long v = 0;
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	f = fopen(path, "r");
	if (!f)
		return -EBADF;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %ld", &v) == 1) {
			found = 1;
			break;
		}
	fclose(f);
	if (!found)
		return -EBADF; /* not a pidfd */
	if (v <= 0)
		return -ESRCH; /* gone (-1), or not in our namespace (0) */
	*tid = (pid_t)v;
	return 0;
}

int proc_thread__same_pid_ns(pid_t pid)
{
	char path[64], ours[64], theirs[64];
	ssize_t a, b;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	a = readlink("/proc/self/ns/pid", ours, sizeof(ours));
	b = readlink(path, theirs, sizeof(theirs));
	if (a <= 0 || b <= 0)
		return -ESRCH;
	return a == b && !memcmp(ours, theirs, (size_t)a);
}

int proc_thread__euid(pid_t pid, uid_t *euid)
{
	char path[64], line[256];
	unsigned long r, e;
	int ret = -ESRCH;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %lu %lu", &r, &e) == 2) {
			*euid = (uid_t)e;
			ret = 0;
			break;
		}
	fclose(f);
	return ret;
}
