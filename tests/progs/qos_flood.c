// SPDX-License-Identifier: GPL-2.0
/*
 * qos_flood - a local user trying to lock everyone out of the QoS socket.
 *
 *   qos_flood --connections N --seconds S    (the attacker)
 *   qos_flood --probe N                      (anyone: is the socket usable?)
 *
 * The attacker keeps N connections to the socket open for S seconds: each
 * sends half a request ("set 1", no newline) and sits on it; connections
 * the launcher closes are opened again at once.  Prints
 *   qos_flood: opened O held_max H held_end E
 * where H is the most connections the launcher kept open at a time.
 * --probe opens N fresh connections in turn (blocking connect, as the
 * client library does), one request each ("get 1"), timing connect to
 * answer, and prints
 *   qos_flood: probes N answered A max_us M
 * exiting 1 unless every probe was answered.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "timing.h"

#define MAX_CONN 4096

static int connect_nonblock(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SCXKIT_QOS_SOCKET);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Still open on the launcher's side? */
static int alive(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static int flood(int n, double seconds)
{
	static int fd[MAX_CONN];
	struct rlimit rl;
	long opened = 0;
	int i, held = 0, held_max = 0;
	double end = now_ms() + seconds * 1000;

	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)n + 64 ? rl.rlim_max
							   : (rlim_t)n + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (i = 0; i < n; i++)
		fd[i] = -1;
	while (now_ms() < end) {
		held = 0;
		for (i = 0; i < n; i++) {
			if (fd[i] >= 0 && !alive(fd[i])) {
				close(fd[i]);
				fd[i] = -1;
			}
			if (fd[i] < 0) {
				fd[i] = connect_nonblock();
				if (fd[i] < 0)
					continue;
				opened++;
				if (send(fd[i], "set 1", 5, MSG_NOSIGNAL) < 0) {
					close(fd[i]);
					fd[i] = -1;
					continue;
				}
			}
			held++;
		}
		/* What the launcher has let stay open after a moment. */
		usleep(100000);
		held = 0;
		for (i = 0; i < n; i++)
			held += fd[i] >= 0 && alive(fd[i]);
		if (held > held_max)
			held_max = held;
	}
	printf("qos_flood: opened %ld held_max %d held_end %d\n", opened,
	       held_max, held);
	return 0;
}

static int probe(int n)
{
	double worst = 0;
	int i, answered = 0;

	for (i = 0; i < n; i++) {
		struct pollfd p;
		char reply[128];
		double t0 = now_us();
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		ssize_t got = 0, r;
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		/* Blocking, as the library connects: waits out a full backlog. */
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
			 SCXKIT_QOS_SOCKET);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (send(fd, "get 1\n", 6, MSG_NOSIGNAL) == 6) {
			p = (struct pollfd){ .fd = fd, .events = POLLIN };
			while (got < (ssize_t)sizeof(reply) - 1 &&
			       poll(&p, 1, 5000) == 1 &&
			       (r = recv(fd, reply + got,
					 sizeof(reply) - 1 - (size_t)got, 0)) >
				       0) {
				got += r;
				if (memchr(reply, '\n', (size_t)got))
					break;
			}
		}
		close(fd);
		if (got > 0 && memchr(reply, '\n', (size_t)got)) {
			answered++;
			if (now_us() - t0 > worst)
				worst = now_us() - t0;
		}
		usleep(50000);
	}
	printf("qos_flood: probes %d answered %d max_us %.0f\n", n, answered,
	       worst);
	return answered == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "--connections") &&
	    !strcmp(argv[3], "--seconds") && atoi(argv[2]) > 0 &&
	    atoi(argv[2]) <= MAX_CONN)
		return flood(atoi(argv[2]), atof(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "--probe") && atoi(argv[2]) > 0)
		return probe(atoi(argv[2]));
	fprintf(stderr,
		"usage: qos_flood --connections N --seconds S | --probe N\n");
	return 2;
}
