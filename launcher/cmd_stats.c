// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit stats`: one scx_stats request to a running scheduler's socket,
 * its reply printed as the JSON line it is.  Works with any server of the
 * protocol, not only scxkit's.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "stats_client.h"
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
	const char *path = STATS_SERVER_DEFAULT_PATH, *target = "top";
	static char reply[STATS_SERVER_REPLY_MAX + 256];
	char req[256], err[256];
	int i, meta = 0;

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
	if (meta)
		snprintf(req, sizeof(req), "{\"req\":\"stats_meta\",\"args\":{}}\n");
	else
		snprintf(req, sizeof(req),
			 "{\"req\":\"stats\",\"args\":{\"target\":\"%s\"}}\n",
			 target);
	if (stats_client__request(path, req, reply, sizeof(reply), err,
				  sizeof(err))) {
		fprintf(stderr, "scxkit: stats: %s; is 'scxkit run' going?\n",
			err);
		return EXIT_FAIL;
	}
	printf("%s\n", reply);
	return strncmp(reply, "{\"errno\":0,", 11) ? EXIT_FAIL : EXIT_OK;
}
