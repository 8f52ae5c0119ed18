// SPDX-License-Identifier: GPL-2.0
/* Parsing, authorizing and applying QoS table requests. */
#include <bpf/bpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scxkit/common.h>

#include "proc_thread.h"
#include "qos_request.h"

static const struct {
	const char *name;
	enum qos_verb verb;
	int takes_level;
} verbs[] = {
	{ "set", QOS_SET, 1 },	       { "idle", QOS_IDLE, 0 },
	{ "runnable", QOS_RUNNABLE, 0 }, { "clear", QOS_CLEAR, 0 },
	{ "get", QOS_GET, 0 },
};

/* A strictly decimal, positive number below @max; -1 otherwise. */
static long long parse_number(const char *s, long long max)
{
	long long v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return *s ? -1 : v;
}

int qos_request__parse(const char *line, struct qos_request *r, char *err,
		       size_t errlen)
{
	char word[3][24], extra[2];
	long long tid, level = 0;
	size_t i;
	int n;

	/* Fields a line does not carry (start_ticks) must be zero. */
	memset(r, 0, sizeof(*r));
	n = sscanf(line, "%23s %23s %23s %1s", word[0], word[1], word[2],
		   extra);
	if (n < 2 || n > 3) {
		snprintf(err, errlen, "want: VERB TID [LEVEL]");
		return -EINVAL;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(word[0], verbs[i].name))
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0])) {
		snprintf(err, errlen, "unknown verb (set, idle, runnable, clear, get)");
		return -EINVAL;
	}
	if (n != 2 + verbs[i].takes_level) {
		snprintf(err, errlen, "%s takes %s", verbs[i].name,
			 verbs[i].takes_level ? "TID LEVEL" : "TID");
		return -EINVAL;
	}
	tid = parse_number(word[1], 0x3fffffff);
	if (tid <= 0) {
		snprintf(err, errlen, "bad thread id");
		return -EINVAL;
	}
	if (verbs[i].takes_level) {
		level = parse_number(word[2], SCXKIT_QOS_MAX_LEVELS - 1);
		if (level < 0) {
			snprintf(err, errlen, "level must be 0..%d",
				 SCXKIT_QOS_MAX_LEVELS - 1);
			return -EINVAL;
		}
	}
	r->verb = verbs[i].verb;
	r->tid = (pid_t)tid;
	r->level = (unsigned int)level;
	return 0;
}

int qos_request__authorize(const struct qos_request *r,
			   const struct ucred *peer)
{
	__u64 ticks;

	if (proc_thread__start_ticks(r->tid, &ticks))
		return -ESRCH; /* /proc tells anyone this much anyway */
	if (peer->uid == 0)
		return 0;
	return proc_thread__in_process(peer->pid, r->tid) ? 0 : -EPERM;
}

int qos_request__apply(int map_fd, const struct qos_request *r, char *out,
		     size_t len)
{
	struct scxkit_qos_entry e = { 0 };
	__u32 key = (__u32)r->tid;
	__u64 ticks;
	int have, err;

	ticks = r->start_ticks;
	if (!ticks) {
		err = proc_thread__start_ticks(r->tid, &ticks);
		if (err)
			return err;
	}
	have = !bpf_map_lookup_elem(map_fd, &key, &e) &&
	       e.start_ticks == ticks;
	if (!have) /* none, or left by an earlier thread with this id */
		e = (struct scxkit_qos_entry){ .start_ticks = ticks };

	switch (r->verb) {
	case QOS_GET:
		if (!have)
			return -ENOENT;
		snprintf(out, len, "%u %u", e.level, e.flags);
		return 0;
	case QOS_CLEAR:
		if (bpf_map_delete_elem(map_fd, &key) && errno != ENOENT)
			return -errno;
		return 0;
	case QOS_SET:
		e.level = r->level;
		break;
	case QOS_IDLE:
		e.flags |= SCXKIT_QOS_IDLE;
		break;
	case QOS_RUNNABLE:
		e.flags &= ~SCXKIT_QOS_IDLE;
		break;
	}
	if (bpf_map_update_elem(map_fd, &key, &e, BPF_ANY))
		return errno == E2BIG ? -ENOSPC : -errno;
	return 0;
}
