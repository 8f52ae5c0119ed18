// SPDX-License-Identifier: GPL-2.0
/* Formats and stores the exit record; see exit_record.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_record.h"
#include "stats.h"

int exit_record__format(char *buf, size_t len, const char *policy, int pid,
			double uptime, bool requested,
			const struct scxkit_exit_info *ei,
			const char *kind_name)
{
	char reason[2 * SCXKIT_REASON_LEN], msg[2 * SCXKIT_MSG_LEN];
	char raw_reason[SCXKIT_REASON_LEN + 1], raw_msg[SCXKIT_MSG_LEN + 1];
	int n;

	/* The kernel's strings may fill their arrays without a NUL. */
	memcpy(raw_reason, ei->reason, SCXKIT_REASON_LEN);
	raw_reason[SCXKIT_REASON_LEN] = '\0';
	memcpy(raw_msg, ei->msg, SCXKIT_MSG_LEN);
	raw_msg[SCXKIT_MSG_LEN] = '\0';
	json__escape(raw_reason, reason, sizeof(reason));
	json__escape(raw_msg, msg, sizeof(msg));
	n = snprintf(buf, len,
		     "{\"type\":\"exit\",\"policy\":\"%s\",\"launcher_pid\":%d,"
		     "\"time_s\":%.3f,\"requested\":%s,\"kind\":%d,"
		     "\"kind_name\":\"%s\",\"exit_code\":%lld,"
		     "\"reason\":\"%s\",\"msg\":\"%s\"}",
		     policy, pid, uptime, requested ? "true" : "false",
		     ei->kind, kind_name, (long long)ei->exit_code, reason,
		     msg);
	if (n < 0)
		return 0;
	return (size_t)n < len ? n : (int)len - 1;
}

int exit_record__write(const char *path, const char *json)
{
	char tmp[256], dir[256];
	size_t n = strlen(json);
	int fd, ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* /run/scxkit exists while the QoS socket does, but not always. */
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0755) && errno != EEXIST)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	errno = 0;
	ok = write(fd, json, n) == (ssize_t)n && write(fd, "\n", 1) == 1;
	if (!ok && !errno)
		errno = EIO; /* a short write sets none */
	if (close(fd) || !ok || rename(tmp, path)) {
		int saved = errno;

		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}
