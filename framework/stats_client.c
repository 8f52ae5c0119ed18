// SPDX-License-Identifier: GPL-2.0
/* One scx_stats request and its reply line; see stats_client.h. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "stats_client.h"
#include "mono_clock.h"

int stats_client__request(const char *path, const char *req, char *buf,
			  size_t len, char *err, size_t errlen)
{
	size_t req_len = strlen(req);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = STATS_CLIENT_TIMEOUT_MS / 1000,
			      .tv_usec =
				      STATS_CLIENT_TIMEOUT_MS % 1000 * 1000 };
	double deadline = mono_clock__ns() / 1e6 + STATS_CLIENT_TIMEOUT_MS;
	bool timed_out = false;
	size_t got = 0;
	ssize_t n;
	int fd;

	if (len < 2 || strlen(path) >= sizeof(addr.sun_path)) {
		snprintf(err, errlen, "bad socket path");
		return -1;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		snprintf(err, errlen, "nothing serves stats on %s (%s)", path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	/* MSG_NOSIGNAL: a launcher that just went away must not kill us. */
	if (send(fd, req, req_len, MSG_NOSIGNAL) != (ssize_t)req_len) {
		snprintf(err, errlen, "cannot send to %s: %s", path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	/* The whole reply within the timeout, however slowly it trickles. */
	while (got < len - 1) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = deadline - mono_clock__ns() / 1e6;

		if (left <= 0 || poll(&pfd, 1, (int)left + 1) <= 0) {
			timed_out = true;
			break;
		}
		n = read(fd, buf + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (memchr(buf + got - (size_t)n, '\n', (size_t)n))
			break;
	}
	close(fd);
	buf[got] = '\0';
	if (!got || buf[got - 1] != '\n') {
		/*
		 * Said apart: a launcher starved of CPU (a policy in full
		 * mode under CPU hogs) is slow, not gone.
		 */
		if (timed_out)
			snprintf(err, errlen,
				 "no full reply from %s within %d ms (a "
				 "saturated machine can starve the launcher)",
				 path, STATS_CLIENT_TIMEOUT_MS);
		else
			snprintf(err, errlen, "%s closed without a full reply",
				 path);
		return -1;
	}
	buf[got - 1] = '\0';
	return 0;
}
