// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit stats`: one scx_stats request to a running scheduler's socket,
 * its reply printed as the JSON line it is.  Works with any server of the
 * protocol, not only scxkit's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "commands.h"
#include "stats_server.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: scxkit stats [--meta] [--target NAME] [--socket PATH]\n"
		"Ask the running scheduler for its stats over the scx_stats socket\n"
		"(default " STATS_SERVER_DEFAULT_PATH ") and print the JSON reply.\n"
		"  --meta         describe the fields instead (stats_meta)\n"
		"  --target NAME  stats target (default top)\n"
		"examples:\n"
		"  scxkit stats\n"
		"  scxkit stats --meta\n");
}

int cmd_stats(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *path = STATS_SERVER_DEFAULT_PATH, *target = "top";
	char req[256], reply[256 * 1024];
	size_t got = 0;
	int i, fd, meta = 0;
	ssize_t n;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--meta")) {
			meta = 1;
		} else if (!strcmp(argv[i], "--target") && i + 1 < argc &&
			   strlen(argv[i + 1]) < 64 &&
			   !strpbrk(argv[i + 1], "\"\\")) {
			target = argv[++i];
		} else if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			path = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "scxkit: stats: bad argument '%.64s'\n",
				argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "scxkit: stats: socket path too long\n");
		return EXIT_USAGE;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		fprintf(stderr,
			"scxkit: stats: nothing serves stats on %s (%s); is 'scxkit run' going?\n",
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	if (meta)
		snprintf(req, sizeof(req), "{\"req\":\"stats_meta\",\"args\":{}}\n");
	else
		snprintf(req, sizeof(req),
			 "{\"req\":\"stats\",\"args\":{\"target\":\"%s\"}}\n",
			 target);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "scxkit: stats: write: %s\n", strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	while (got < sizeof(reply) - 1 &&
	       (n = read(fd, reply + got, sizeof(reply) - 1 - got)) > 0) {
		got += (size_t)n;
		if (memchr(reply, '\n', got))
			break;
	}
	close(fd);
	reply[got] = '\0';
	if (!got) {
		fprintf(stderr, "scxkit: stats: no reply from %s\n", path);
		return EXIT_FAIL;
	}
	fputs(reply, stdout);
	if (reply[got - 1] != '\n')
		putchar('\n');
	return strncmp(reply, "{\"errno\":0,", 11) ? EXIT_FAIL : EXIT_OK;
}
