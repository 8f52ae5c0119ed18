// SPDX-License-Identifier: GPL-2.0
/* Line-based UNIX socket servers; see line_server.h. */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fd_pass.h"
#include "line_server.h"
#include "mono_clock.h"
#include "print.h"
#include "proc_thread.h"

static int mkdir_parents(const char *path)
{
	char dir[108];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int line_server__open(struct line_server *s, const char *path,
		      unsigned int mode, line_handler handler, void *ctx,
		      size_t reply_len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int i, err;

	memset(s, 0, sizeof(*s));
	s->listen_fd = -1;
	for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++) {
		s->client[i].fd = -1;
		s->client[i].fd_in = -1;
	}
	if (strlen(path) >= sizeof(addr.sun_path)) {
		print__msg("socket path too long: %s\n", path);
		return -ENAMETOOLONG;
	}
	s->handler = handler;
	s->ctx = ctx;
	s->reply_len = reply_len;
	s->line_max = LINE_SERVER_LINE_MAX - 1;
	s->reply = malloc(reply_len);
	if (!s->reply)
		return -ENOMEM;
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (mkdir_parents(path)) {
		err = -errno;
		print__msg("cannot create the directory of %s: %s\n", path,
			   strerror(errno));
		goto fail;
	}
	/* Only one scxkit runs at a time (checked before): a socket is stale. */
	unlink(path);
	s->listen_fd =
		socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0 ||
	    bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    chmod(path, mode) || listen(s->listen_fd, 128)) {
		err = -errno;
		print__msg("cannot listen on %s: %s\n", path, strerror(errno));
		goto fail;
	}
	owned_path__claim(&s->path_file, path);
	return 0;
fail:
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	s->listen_fd = -1;
	free(s->reply);
	s->reply = NULL;
	return err;
}

static void drop(struct line_server *s, int i)
{
	if (s->on_drop)
		s->on_drop(s->ctx, i);
	close(s->client[i].fd);
	s->client[i].fd = -1;
	s->client[i].len = 0;
	s->client[i].requests = 0;
	if (s->client[i].fd_in >= 0)
		close(s->client[i].fd_in);
	s->client[i].fd_in = -1;
}

static void answer(struct line_server *s, int i, const char *line)
{
	struct line_peer peer = { .cred = s->client[i].peer,
				  .start_ticks = s->client[i].peer_ticks,
				  .client = i,
				  .recv_fd = s->client[i].fd_in,
				  .send_fd = -1 };
	size_t len;

	s->client[i].fd_in = -1; /* this line's, closed below */
	s->reply[0] = '\0';
	s->handler(s->ctx, &peer, line, s->reply, s->reply_len - 1);
	if (peer.recv_fd >= 0)
		close(peer.recv_fd);
	len = strnlen(s->reply, s->reply_len - 2);
	s->reply[len++] = '\n';
	/* A client that does not read its replies loses them, not us. */
	if (fd_pass__send(s->client[i].fd, s->reply, len, peer.send_fd,
			  MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		drop(s, i);
}

static void read_client(struct line_server *s, int i)
{
	union {
		char space[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} control;
	char *buf = s->client[i].buf, *nl;
	size_t room = s->line_max + 1 > s->client[i].len
			      ? s->line_max + 1 - s->client[i].len
			      : 0;
	struct iovec iov = {
		.iov_base = buf + s->client[i].len,
		.iov_len =
			room < sizeof(s->client[i].buf) - 1 - s->client[i].len
				? room
				: sizeof(s->client[i].buf) - 1 -
					  s->client[i].len,
	};
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control.space,
			      .msg_controllen = sizeof(control.space) };
	struct cmsghdr *c;
	ssize_t got;

	got = recvmsg(s->client[i].fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	/* Keep the first descriptor passed, for the next line; close others. */
	for (c = got > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c;
	     c = CMSG_NXTHDR(&msg, c)) {
		size_t k, n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < n; k++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + k * sizeof(int),
			       sizeof(int));
			if (s->client[i].fd_in < 0)
				s->client[i].fd_in = fd;
			else
				close(fd);
		}
	}
	if (got <= 0) {
		drop(s, i);
		return;
	}
	/* A new line starts. */
	if (!s->client[i].len && s->client[i].requests)
		s->client[i].since_ms = (long long)(mono_clock__ns() / 1000000);
	s->client[i].len += (size_t)got;
	buf[s->client[i].len] = '\0';
	while (s->client[i].fd >= 0 && (nl = strchr(buf, '\n'))) {
		size_t used = (size_t)(nl - buf) + 1;

		*nl = '\0';
		s->client[i].requests++;
		answer(s, i, buf);
		if (s->client[i].fd < 0)
			return;
		memmove(buf, buf + used, s->client[i].len - used + 1);
		s->client[i].len -= used;
	}
	if (s->client[i].len > s->line_max ||
	    s->client[i].len >= sizeof(s->client[i].buf) - 1)
		drop(s, i); /* a line longer than we accept */
}

/* Drops connections the client has already closed (EOF not yet read). */
static void reap_closed(struct line_server *s)
{
	int i;

	for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++) {
		char c;

		if (s->client[i].fd >= 0 &&
		    recv(s->client[i].fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
			drop(s, i);
	}
}

/* Whether a connection from @uid may take a slot now. */
static bool slot_for(const struct line_server *s, uid_t uid)
{
	int i, used = 0, mine = 0;

	for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++) {
		if (s->client[i].fd < 0)
			continue;
		used++;
		mine += s->client[i].peer.uid == uid;
	}
	if (uid == 0)
		return used < LINE_SERVER_MAX_CLIENTS;
	return mine < LINE_SERVER_PER_UID &&
	       used < LINE_SERVER_MAX_CLIENTS - LINE_SERVER_ROOT_SLOTS;
}

/*
 * Takes every pending connection (a flood must not leave a legitimate
 * one waiting in the backlog behind it); those over their user's share
 * are closed at once: the client sees EOF.
 */
static void accept_clients(struct line_server *s)
{
	bool reaped = false;
	int n, i, fd;

	for (n = 0; n < 4 * LINE_SERVER_MAX_CLIENTS; n++) {
		__u64 ticks;
		struct ucred peer;
		socklen_t len = sizeof(peer);

		fd = accept4(s->listen_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len)) {
			s->refused++;
			close(fd);
			continue;
		}
		/* The share may be taken by the dead: look once per round. */
		if (!slot_for(s, peer.uid) && !reaped) {
			reap_closed(s);
			reaped = true;
		}
		if (!slot_for(s, peer.uid)) {
			s->refused++;
			close(fd);
			continue;
		}
		for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++)
			if (s->client[i].fd < 0)
				break;
		s->client[i].fd = fd;
		s->client[i].peer = peer;
		if (proc_thread__start_ticks(peer.pid, &ticks))
			ticks = 0;
		s->client[i].peer_ticks = ticks;
		s->client[i].len = 0;
		s->client[i].requests = 0;
		s->client[i].since_ms = (long long)(mono_clock__ns() / 1000000);
	}
}

/*
 * Drops connections that hold a slot without using it: no request
 * within LINE_SERVER_IDLE_MS of connecting, or a partial line that long.
 */
static void expire(struct line_server *s)
{
	long long now = (long long)(mono_clock__ns() / 1000000);
	int i;

	for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++) {
		if (s->client[i].fd < 0)
			continue;
		if ((s->client[i].len || !s->client[i].requests) &&
		    now - s->client[i].since_ms > LINE_SERVER_IDLE_MS) {
			s->expired++;
			drop(s, i);
		}
	}
}

void line_server__poll_all(struct line_server **srv, int n, int timeout_ms)
{
	struct pollfd pfd[8 * (LINE_SERVER_MAX_CLIENTS + 1)];
	int who[8 * (LINE_SERVER_MAX_CLIENTS + 1)][2];
	int i, j, k = 0;

	for (i = 0; i < n && i < 8; i++) {
		if (!srv[i] || srv[i]->listen_fd < 0)
			continue;
		pfd[k] = (struct pollfd){ .fd = srv[i]->listen_fd,
					  .events = POLLIN };
		who[k][0] = i;
		who[k++][1] = -1;
		for (j = 0; j < LINE_SERVER_MAX_CLIENTS; j++) {
			if (srv[i]->client[j].fd < 0)
				continue;
			pfd[k] = (struct pollfd){ .fd = srv[i]->client[j].fd,
						  .events = POLLIN };
			who[k][0] = i;
			who[k++][1] = j;
		}
	}
	if (poll(k ? pfd : NULL, (nfds_t)k, timeout_ms) > 0) {
		for (i = 0; i < k; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (who[i][1] < 0)
				accept_clients(srv[who[i][0]]);
			else if (srv[who[i][0]]->client[who[i][1]].fd ==
				 pfd[i].fd)
				read_client(srv[who[i][0]], who[i][1]);
		}
	}
	for (i = 0; i < n && i < 8; i++)
		if (srv[i] && srv[i]->listen_fd >= 0)
			expire(srv[i]);
}

void line_server__close(struct line_server *s)
{
	int i;

	for (i = 0; i < LINE_SERVER_MAX_CLIENTS; i++)
		if (s->client[i].fd >= 0)
			drop(s, i);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		s->listen_fd = -1;
		owned_path__remove(&s->path_file, s->path);
	}
	free(s->reply);
	s->reply = NULL;
}
