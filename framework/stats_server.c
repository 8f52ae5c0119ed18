// SPDX-License-Identifier: GPL-2.0
/* The scx_stats protocol server; see stats_server.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "stats.h"
#include "stats_server.h"

#define REPLY_MAX (256 * 1024)

static int mkdir_parents(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
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

int stats_server__open(struct stats_server *s, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int i;

	memset(s, 0, sizeof(*s));
	s->listen_fd = -1;
	for (i = 0; i < STATS_SERVER_MAX_CLIENTS; i++)
		s->client[i].fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "scxkit: stats socket path too long: %s\n", path);
		return -1;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (mkdir_parents(path)) {
		fprintf(stderr, "scxkit: cannot create the directory of %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	/* No other scheduler is attached (checked before), so it is stale. */
	unlink(path);
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			      0);
	if (s->listen_fd < 0 ||
	    bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    chmod(path, 0600) || listen(s->listen_fd, 8)) {
		fprintf(stderr, "scxkit: cannot serve stats on %s: %s\n", path,
			strerror(errno));
		if (s->listen_fd >= 0)
			close(s->listen_fd);
		s->listen_fd = -1;
		return -1;
	}
	return 0;
}

/* Copies the JSON string value after "key": in @line into @out. */
static int json_string_value(const char *line, const char *key, char *out,
			     size_t len)
{
	char quoted[64];
	const char *p;
	size_t n = 0;

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(line, quoted);
	if (!p)
		return -1;
	p += strlen(quoted);
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != ':')
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '"')
		return -1;
	while (*p && *p != '"' && n + 1 < len) {
		if (*p == '\\')
			return -1; /* no escapes in names we know */
		out[n++] = *p++;
	}
	out[n] = '\0';
	return *p == '"' ? 0 : -1;
}

int stats_request__parse(const char *line, char *req, size_t req_len,
			 char *target, size_t target_len)
{
	const char *args;

	while (isspace((unsigned char)*line))
		line++;
	if (*line != '{' || json_string_value(line, "req", req, req_len))
		return -1;
	snprintf(target, target_len, "top");
	args = strstr(line, "\"args\"");
	if (args && json_string_value(args, "target", target, target_len))
		snprintf(target, target_len, "top");
	return 0;
}

static void reply(int fd, int err, const char *body, int body_is_json)
{
	static char out[REPLY_MAX + 256];
	char esc[512];
	size_t len;

	if (body_is_json) {
		len = (size_t)snprintf(out, sizeof(out),
				       "{\"errno\":%d,\"args\":{\"resp\":%s}}\n",
				       err, body);
	} else {
		json__escape(body, esc, sizeof(esc));
		len = (size_t)snprintf(out, sizeof(out),
				       "{\"errno\":%d,\"args\":{\"resp\":\"%s\"}}\n",
				       err, esc);
	}
	if (len >= sizeof(out))
		len = sizeof(out) - 1;
	/* A client that does not read its replies loses them, not us. */
	if (send(fd, out, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return;
}

static void handle_line(int fd, const char *line,
			stats_server_handler handler, void *ctx)
{
	static char body[REPLY_MAX];
	char req[32], target[64];
	int err;

	if (stats_request__parse(line, req, sizeof(req), target,
				 sizeof(target))) {
		reply(fd, EINVAL, "malformed request", 0);
		return;
	}
	err = handler(ctx, req, target, body, sizeof(body));
	reply(fd, err, body, !err);
}

static void drop(struct stats_server *s, int i)
{
	close(s->client[i].fd);
	s->client[i].fd = -1;
	s->client[i].len = 0;
}

void stats_server__poll(struct stats_server *s, int timeout_ms,
			stats_server_handler handler, void *ctx)
{
	struct pollfd pfd[STATS_SERVER_MAX_CLIENTS + 1];
	int i, n = 0, idx[STATS_SERVER_MAX_CLIENTS + 1];

	if (s->listen_fd < 0) {
		poll(NULL, 0, timeout_ms);
		return;
	}
	pfd[n] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
	idx[n++] = -1;
	for (i = 0; i < STATS_SERVER_MAX_CLIENTS; i++) {
		if (s->client[i].fd < 0)
			continue;
		pfd[n] = (struct pollfd){ .fd = s->client[i].fd,
					  .events = POLLIN };
		idx[n++] = i;
	}
	if (poll(pfd, (nfds_t)n, timeout_ms) <= 0)
		return;

	for (i = 1; i < n; i++) {
		int c = idx[i];
		ssize_t got;
		char *nl;

		if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		got = recv(s->client[c].fd, s->client[c].buf + s->client[c].len,
			   sizeof(s->client[c].buf) - 1 - s->client[c].len,
			   MSG_DONTWAIT);
		if (got <= 0) {
			drop(s, c);
			continue;
		}
		s->client[c].len += (size_t)got;
		s->client[c].buf[s->client[c].len] = '\0';
		while ((nl = strchr(s->client[c].buf, '\n'))) {
			size_t used = (size_t)(nl - s->client[c].buf) + 1;

			*nl = '\0';
			handle_line(s->client[c].fd, s->client[c].buf, handler,
				    ctx);
			memmove(s->client[c].buf, s->client[c].buf + used,
				s->client[c].len - used + 1);
			s->client[c].len -= used;
		}
		if (s->client[c].len >= sizeof(s->client[c].buf) - 1) {
			reply(s->client[c].fd, EINVAL, "request line too long", 0);
			drop(s, c);
		}
	}

	if (pfd[0].revents & POLLIN) {
		int fd = accept4(s->listen_fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		for (i = 0; i < STATS_SERVER_MAX_CLIENTS; i++) {
			if (s->client[i].fd < 0) {
				s->client[i].fd = fd;
				s->client[i].len = 0;
				return;
			}
		}
		close(fd); /* full: the client sees EOF */
	}
}

void stats_server__close(struct stats_server *s)
{
	int i;

	for (i = 0; i < STATS_SERVER_MAX_CLIENTS; i++)
		if (s->client[i].fd >= 0)
			drop(s, i);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		s->listen_fd = -1;
		unlink(s->path);
	}
}
