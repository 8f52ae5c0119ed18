// SPDX-License-Identifier: GPL-2.0
/* The launcher's QoS socket and table pin; see qos_server.h. */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "proc_thread.h"
#include "qos_request.h"
#include "qos_server.h"

static void handle_line(void *ctx, const struct ucred *peer, const char *line,
			char *out, size_t len)
{
	struct qos_server *s = ctx;
	struct qos_request r;
	char msg[96], data[64] = "";
	int err;

	s->requests++;
	err = qos_request__parse(line, &r, msg, sizeof(msg));
	if (!err) {
		err = qos_request__authorize(&r, peer);
		if (err == -EPERM) {
			s->denied++;
			snprintf(msg, sizeof(msg),
				 "thread %d is not yours to change", r.tid);
		} else if (err) {
			snprintf(msg, sizeof(msg), "no thread %d", r.tid);
		}
	}
	if (!err) {
		err = qos_request__apply(s->map_fd, &r, data, sizeof(data));
		if (err)
			snprintf(msg, sizeof(msg), "%s", strerror(-err));
	}
	if (err)
		snprintf(out, len, "err %d %s", -err, msg); /* the wire: > 0 */
	else
		snprintf(out, len, data[0] ? "ok %s" : "ok", data);
}

int qos_server__open(struct qos_server *s, int map_fd)
{
	memset(s, 0, sizeof(*s));
	s->line.listen_fd = -1;
	s->map_fd = map_fd;

	/* Root applications use the map itself: fastest, no round trip. */
	if (mkdir("/sys/fs/bpf/scxkit", 0700) && errno != EEXIST) {
		fprintf(stderr, "scxkit: no QoS pin (%s): is bpffs mounted on /sys/fs/bpf?\n",
			strerror(errno));
	} else {
		unlink(SCXKIT_QOS_PIN); /* a stale one from a killed run */
		if (bpf_obj_pin(map_fd, SCXKIT_QOS_PIN))
			fprintf(stderr, "scxkit: cannot pin the QoS table at %s: %s\n",
				SCXKIT_QOS_PIN, strerror(errno));
		else
			s->pinned = 1;
	}
	/* Anyone may connect; qos_request__authorize() decides per request. */
	if (line_server__open(&s->line, SCXKIT_QOS_SOCKET, 0666, handle_line,
			      s, 256) && !s->pinned)
		return -1;
	return 0;
}

int qos_server__sweep(struct qos_server *s)
{
	__u32 key, next, *prev = NULL;
	struct scxkit_qos_entry e;
	int dropped = 0, budget = SCXKIT_QOS_TABLE_SIZE;

	while (budget-- > 0 && !bpf_map_get_next_key(s->map_fd, prev, &next)) {
		__u64 ticks;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(s->map_fd, &key, &e))
			continue;
		if (proc_thread__start_ticks((pid_t)key, &ticks) ||
		    ticks != e.start_ticks) {
			if (!bpf_map_delete_elem(s->map_fd, &key))
				dropped++;
			/* Deleted the cursor: restart from the beginning. */
			prev = NULL;
		}
	}
	return dropped;
}

void qos_server__close(struct qos_server *s)
{
	if (s->line.reply || s->line.listen_fd >= 0)
		line_server__close(&s->line);
	if (s->pinned) {
		unlink(SCXKIT_QOS_PIN);
		rmdir("/sys/fs/bpf/scxkit");
		s->pinned = 0;
	}
}
