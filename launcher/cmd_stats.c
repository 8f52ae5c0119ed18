// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit stats`: one scx_stats request to a running scheduler's socket,
 * its reply printed as the JSON line it is, or (--openmetrics) the stats
 * as Prometheus metrics.  Works with any server of the protocol, not only
 * scxkit's.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "openmetrics.h"
#include "stats_client.h"
#include "stats_server.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: scxkit stats [--meta|--openmetrics] [--target NAME] [--socket PATH]\n"
		"Ask the running scheduler for its stats over the scx_stats socket\n"
		"(default " STATS_SERVER_DEFAULT_PATH
		") and print the JSON reply.\n"
		"  --meta         describe the fields instead (stats_meta)\n"
		"  --openmetrics  the stats as Prometheus text (counters, gauges with\n"
		"                 cpu/queue labels), for node_exporter's textfile\n"
		"                 collector\n"
		"  --target NAME  stats target (default top)\n"
		"examples:\n"
		"  scxkit stats\n"
		"  scxkit stats --meta\n"
		"  scxkit stats --openmetrics\n");
}

/*
 * The "resp" of the reply to @req on @path, a new reference; NULL (and
 * the reason on stderr) if the request failed.
 */
static json_t *ask(const char *path, const char *req)
{
	static char reply[STATS_SERVER_REPLY_MAX + 256];
	json_t *root, *resp = NULL, *e;
	char err[256];

	if (stats_client__request(path, req, reply, sizeof(reply), err,
				  sizeof(err))) {
		fprintf(stderr, "scxkit: stats: %s; is 'scxkit run' going?\n",
			err);
		return NULL;
	}
	/* Integers as doubles: another server's u64 may exceed jansson's. */
	root = json_loads(reply, JSON_DECODE_INT_AS_REAL, NULL);
	e = json_object_get(root, "errno");
	if (json_is_number(e) && json_number_value(e) == 0)
		resp = json_incref(
			json_object_get(json_object_get(root, "args"), "resp"));
	if (!resp)
		fprintf(stderr, "scxkit: stats: unexpected reply: %.200s\n",
			reply);
	json_decref(root);
	return resp;
}

/* The stats as Prometheus text: the meta says what each number is. */
static int print_openmetrics(const char *path, const char *req)
{
	json_t *meta = ask(path, "{\"req\":\"stats_meta\",\"args\":{}}\n");
	json_t *stats = meta ? ask(path, req) : NULL;
	char err[128];
	int n = -1;

	if (stats) {
		n = openmetrics__write(stdout, meta, stats, err, sizeof(err));
		if (n < 0)
			fprintf(stderr, "scxkit: stats: %s\n", err);
	}
	json_decref(stats);
	json_decref(meta);
	/* A short write must not pass: cron's `&& mv` installs the file. */
	return n < 0 || fflush(stdout) || ferror(stdout) ? EXIT_FAIL : EXIT_OK;
}

int cmd_stats(int argc, char **argv)
{
	const char *path = STATS_SERVER_DEFAULT_PATH, *target = "top";
	static char reply[STATS_SERVER_REPLY_MAX + 256];
	char req[256], err[256];
	int i, meta = 0, om = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--meta") && !om) {
			meta = 1;
		} else if (!strcmp(argv[i], "--openmetrics") && !meta) {
			om = 1;
		} else if (!strcmp(argv[i], "--target") && i + 1 < argc &&
			   strlen(argv[i + 1]) < 64 &&
			   !strpbrk(argv[i + 1], "\"\\")) {
			target = argv[++i];
		} else if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			path = argv[++i];
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
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
		snprintf(req, sizeof(req),
			 "{\"req\":\"stats_meta\",\"args\":{}}\n");
	else
		snprintf(req, sizeof(req),
			 "{\"req\":\"stats\",\"args\":{\"target\":\"%s\"}}\n",
			 target);
	if (om)
		return print_openmetrics(path, req);
	if (stats_client__request(path, req, reply, sizeof(reply), err,
				  sizeof(err))) {
		fprintf(stderr, "scxkit: stats: %s; is 'scxkit run' going?\n",
			err);
		return EXIT_FAIL;
	}
	printf("%s\n", reply);
	return strncmp(reply, "{\"errno\":0,", 11) ? EXIT_FAIL : EXIT_OK;
}
