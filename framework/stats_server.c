// SPDX-License-Identifier: GPL-2.0
/* The scx_stats protocol on top of line_server; see stats_server.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "stats_server.h"

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

static void handle_line(void *ctx, const struct ucred *peer, const char *line,
			char *out, size_t len)
{
	struct stats_server *s = ctx;
	char req[32], target[64], esc[512];
	int err;

	(void)peer; /* stats are readable by whoever may open the socket */
	if (stats_request__parse(line, req, sizeof(req), target,
				 sizeof(target))) {
		snprintf(out, len,
			 "{\"errno\":%d,\"args\":{\"resp\":\"malformed request\"}}",
			 EINVAL);
		return;
	}
	err = s->handler(s->ctx, req, target, s->body, STATS_SERVER_REPLY_MAX);
	if (err) {
		json__escape(s->body, esc, sizeof(esc));
		snprintf(out, len, "{\"errno\":%d,\"args\":{\"resp\":\"%s\"}}",
			 err, esc);
		return;
	}
	snprintf(out, len, "{\"errno\":0,\"args\":{\"resp\":%s}}", s->body);
}

int stats_server__open(struct stats_server *s, const char *path,
		       stats_handler handler, void *ctx)
{
	s->handler = handler;
	s->ctx = ctx;
	s->body = malloc(STATS_SERVER_REPLY_MAX);
	if (!s->body)
		return -1;
	s->body[0] = '\0';
	if (line_server__open(&s->line, path, 0600, handle_line, s,
			      STATS_SERVER_REPLY_MAX + 256)) {
		free(s->body);
		s->body = NULL;
		return -1;
	}
	return 0;
}

void stats_server__close(struct stats_server *s)
{
	line_server__close(&s->line);
	free(s->body);
	s->body = NULL;
}
