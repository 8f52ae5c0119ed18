/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A server for the scx_stats protocol, so tools written for sched_ext's
 * schedulers can read scxkit's stats: a UNIX stream socket, one JSON
 * request per line ({"req":"stats","args":{"target":"top"}} or
 * {"req":"stats_meta"}), one JSON reply per line
 * ({"errno":0,"args":{"resp":...}}).  Served from the launcher's loop with
 * poll(), no threads.
 */
#ifndef __SCXKIT_STATS_SERVER_H
#define __SCXKIT_STATS_SERVER_H

#include <stddef.h>

#define STATS_SERVER_DEFAULT_PATH "/var/run/scx/root/stats"
#define STATS_SERVER_MAX_CLIENTS 8
#define STATS_SERVER_LINE_MAX 4096

/*
 * Produces the reply body ("resp" value) for request @req ("stats" or
 * "stats_meta") and @target; returns 0, or an errno value with @buf holding
 * a message.
 */
typedef int (*stats_server_handler)(void *ctx, const char *req,
				    const char *target, char *buf, size_t len);

struct stats_server {
	int listen_fd;
	char path[108];
	struct {
		int fd;
		size_t len;
		char buf[STATS_SERVER_LINE_MAX];
	} client[STATS_SERVER_MAX_CLIENTS];
};

/* stats_server__open - listen on @path (parent dirs created); -1 on error. */
int stats_server__open(struct stats_server *s, const char *path);

/* stats_server__poll - wait up to @timeout_ms and answer what came in. */
void stats_server__poll(struct stats_server *s, int timeout_ms,
			stats_server_handler handler, void *ctx);

/* stats_server__close - close every socket and remove the path. */
void stats_server__close(struct stats_server *s);

/*
 * stats_request__parse - pull "req" and args.target out of one request
 * line.  Returns 0, or -1 if @line is not such a request.  @target defaults
 * to "top".
 */
int stats_request__parse(const char *line, char *req, size_t req_len,
			 char *target, size_t target_len);

#endif
