// SPDX-License-Identifier: GPL-2.0
/* The scx_stats protocol on top of line_server; see stats_server.h. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "stats_server.h"

int stats_server__parse_request(const char *line, char *req, size_t req_len,
				char *target, size_t target_len)
{
	json_t *root = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	const char *r = json_string_value(json_object_get(root, "req"));
	const char *t = json_string_value(
		json_object_get(json_object_get(root, "args"), "target"));
	int ret = -1;

	/* Names we would have to cut are no names we know. */
	if (json_is_object(root) && r && strlen(r) < req_len &&
	    (!t || strlen(t) < target_len)) {
		snprintf(req, req_len, "%s", r);
		snprintf(target, target_len, "%s", t ? t : "top");
		ret = 0;
	}
	json_decref(root);
	return ret;
}

/* {"errno":@err,"args":{"resp":@resp}}, taking @resp's reference. */
static void reply(char *out, size_t len, int err, json_t *resp)
{
	json_t *r = json_pack("{s:i,s:{s:o}}", "errno", err, "args", "resp",
			      resp ?: json_null());

	if (json_out__dump(r, out, len) < 0)
		snprintf(
			out, len,
			"{\"errno\":%d,\"args\":{\"resp\":\"reply too long\"}}",
			E2BIG);
}

static void handle_line(void *ctx, struct line_peer *peer, const char *line,
			char *out, size_t len)
{
	struct stats_server *s = ctx;
	char req[32], target[64];
	int err;

	(void)peer; /* stats are readable by whoever may open the socket */
	if (stats_server__parse_request(line, req, sizeof(req), target,
					sizeof(target))) {
		reply(out, len, EINVAL, json_string("malformed request"));
		return;
	}
	err = s->handler(s->ctx, req, target, s->body, STATS_SERVER_REPLY_MAX);
	if (err) {
		/* The wire (scx_stats) carries a positive errno. */
		reply(out, len, -err, json_out__string(s->body, 256));
		return;
	}
	/* The handler's body is JSON text already: no second round. */
	snprintf(out, len, "{\"errno\":0,\"args\":{\"resp\":%s}}", s->body);
}

int stats_server__open(struct stats_server *s, const char *path,
		       stats_handler handler, void *ctx)
{
	int err;

	s->handler = handler;
	s->ctx = ctx;
	s->body = malloc(STATS_SERVER_REPLY_MAX);
	if (!s->body)
		return -ENOMEM;
	s->body[0] = '\0';
	err = line_server__open(&s->line, path, 0600, handle_line, s,
				STATS_SERVER_REPLY_MAX + 256);
	if (err) {
		free(s->body);
		s->body = NULL;
		return err;
	}
	return 0;
}

void stats_server__close(struct stats_server *s)
{
	line_server__close(&s->line);
	free(s->body);
	s->body = NULL;
}
