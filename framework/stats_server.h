/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scx_stats protocol, so tools written for sched_ext's schedulers can
 * read scxkit's stats: a UNIX stream socket, one JSON request per line
 * ({"req":"stats","args":{"target":"top"}} or {"req":"stats_meta"}), one
 * JSON reply per line ({"errno":0,"args":{"resp":...}}).
 */
#ifndef __SCXKIT_STATS_SERVER_H
#define __SCXKIT_STATS_SERVER_H

#include <stddef.h>

#include "line_server.h"

#define STATS_SERVER_DEFAULT_PATH "/var/run/scx/root/stats"
#define STATS_SERVER_REPLY_MAX	  (256 * 1024)

/*
 * Produces the reply body ("resp" value) for request @req ("stats" or
 * "stats_meta") and @target; returns 0, or a negative errno with @buf
 * holding a message.
 */
typedef int (*stats_handler)(void *ctx, const char *req, const char *target,
			     char *buf, size_t len);

struct stats_server {
	struct line_server line;
	stats_handler handler;
	void *ctx;
	char *body;
};

/* stats_server__open - serve @handler's stats on @path; 0 or -errno. */
int stats_server__open(struct stats_server *s, const char *path,
		       stats_handler handler, void *ctx);

/* stats_server__close - stop serving and remove the socket. */
void stats_server__close(struct stats_server *s);

/*
 * stats_server__parse_request - pull "req" and args.target out of one request
 * line.  Returns 0, or -1 if @line is not such a request.  @target defaults
 * to "top".
 */
int stats_server__parse_request(const char *line, char *req, size_t req_len,
				char *target, size_t target_len);

#endif
