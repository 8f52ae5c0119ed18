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
#include "json_out.h"

int exit_record__format(char *buf, size_t len, const char *type,
			const char *policy, int pid, double uptime,
			bool requested, int restarts,
			const struct scxkit_exit_info *ei,
			const char *kind_name)
{
	/* The kernel's strings may fill their arrays without a NUL. */
	json_t *r = json_pack(
		"{s:s,s:o,s:i,s:o,s:b,s:i,s:i,s:o,s:I,s:i,s:o,s:o}", "type",
		type, "policy", json_out__string(policy, SCXKIT_NAME_LEN),
		"launcher_pid", pid, "time_s", json_out__real(uptime, 3),
		"requested", requested, "restarts", restarts, "kind", ei->kind,
		"kind_name", json_out__string(kind_name, SCXKIT_NAME_LEN * 2),
		"exit_code", (json_int_t)ei->exit_code, "exit_cpu",
		ei->exit_cpu, "reason",
		json_out__string(ei->reason, SCXKIT_REASON_LEN), "msg",
		json_out__string(ei->msg, SCXKIT_MSG_LEN));

	return json_out__dump(r, buf, len) < 0 ? 0 : (int)strlen(buf);
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
