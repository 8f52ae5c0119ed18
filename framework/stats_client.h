/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client side of the scx_stats protocol (see stats_server.h): one
 * request line to a stats socket, one reply line back.  Used by
 * `scxkit stats` and by the dashboard.
 */
#ifndef __SCXKIT_STATS_CLIENT_H
#define __SCXKIT_STATS_CLIENT_H

#include <stddef.h>

/* The whole reply must arrive within this time: a stuck server cannot
 * hang the caller. */
#define STATS_CLIENT_TIMEOUT_MS 2000

/*
 * stats_client__request - send @req (one JSON line, with its newline) to
 * the server on @path and put the reply line, without its newline, in
 * @buf.  Returns 0, or -1 with a one-line reason in @err ("nothing serves
 * stats on PATH (...)" when nobody listens).
 */
int stats_client__request(const char *path, const char *req, char *buf,
			  size_t len, char *err, size_t errlen);

#endif
