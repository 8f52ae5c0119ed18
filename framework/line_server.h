/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small UNIX-socket server of line-based requests, polled from the
 * launcher's loop (no threads): each complete line is handed to a handler
 * together with the peer's credentials, and the handler's reply line is
 * sent back.  A client may send one file descriptor with a request
 * (SCM_RIGHTS; it goes with the next complete line).  The stats
 * (scx_stats) and QoS sockets are both served so.
 */
#ifndef __SCXKIT_LINE_SERVER_H
#define __SCXKIT_LINE_SERVER_H

#include <stddef.h>
#include <sys/socket.h>

#include "owned_path.h"

#define LINE_SERVER_MAX_CLIENTS 64
#define LINE_SERVER_LINE_MAX	4096

/*
 * What one local user can take (struct line_limits): connections at a
 * time (root is not capped, and LINE_SERVER_ROOT_SLOTS are kept for
 * root), and how long a connection may hold a partial line or go without
 * its first request before it is dropped.  A connection that has made a
 * request and waits between lines is never dropped: a QoS handle keeps
 * its region for as long as it stays connected.
 */
#define LINE_SERVER_PER_UID    16
#define LINE_SERVER_ROOT_SLOTS 8
#define LINE_SERVER_IDLE_MS    2000

/* Who sent a request, and what may go back with the reply. */
struct line_peer {
	struct ucred cred; /* pid/uid/gid as the kernel reported at connect */
	unsigned long long start_ticks; /* of cred.pid then (0: unknown) */
	int client; /* which connection: stable until it closes */
	int recv_fd; /* a file descriptor the client sent with the
			    * request (SCM_RIGHTS), -1: none; closed
			    * after the handler returns */
	int send_fd; /* set by the handler: sent with the reply
			    * (SCM_RIGHTS); -1: none */
};

/* Writes the reply to @line into @out (without the newline). */
typedef void (*line_handler)(void *ctx, struct line_peer *peer,
			     const char *line, char *out, size_t out_len);

/* Told when connection @client closes, for state kept per connection. */
typedef void (*line_drop_handler)(void *ctx, int client);

struct line_server {
	int listen_fd;
	char path[108];
	struct owned_path path_file; /* the socket file bound at @path */
	line_handler handler;
	line_drop_handler on_drop; /* optional; set after open */
	void *ctx;
	char *reply; /* reply buffer, reply_len bytes */
	size_t reply_len;
	size_t line_max; /* longer lines drop the client; set after open */
	unsigned long refused, expired; /* connections turned away, dropped */
	struct {
		int fd;
		struct ucred peer;
		unsigned long long peer_ticks;
		int fd_in; /* received, for the next request line; -1 */
		unsigned long requests;
		long long since_ms; /* connected, or first byte of this line */
		size_t len;
		char buf[LINE_SERVER_LINE_MAX];
	} client[LINE_SERVER_MAX_CLIENTS];
};

/*
 * line_server__open - listen on @path with file mode @mode (parent
 * directories created, a stale socket replaced).  Returns 0 or a
 * negative errno (the reason through print.h).
 */
int line_server__open(struct line_server *s, const char *path,
		      unsigned int mode, line_handler handler, void *ctx,
		      size_t reply_len);

/* line_server__poll_all - wait up to @timeout_ms on all @n servers; answer. */
void line_server__poll_all(struct line_server **srv, int n, int timeout_ms);

/* line_server__close - close every socket and remove the path. */
void line_server__close(struct line_server *s);

#endif
