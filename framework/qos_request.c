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

/* Each verb, and what its second argument is (0: it has none). */
static const struct {
	const char *name;
	enum qos_verb verb;
	int takes_tid;
	const char *arg2;
	long long arg2_max;
} verbs[] = {
	{ "set", QOS_SET, 1, "LEVEL", SCXKIT_QOS_MAX_LEVELS - 1 },
	{ "idle", QOS_IDLE, 1, NULL, 0 },
	{ "runnable", QOS_RUNNABLE, 1, NULL, 0 },
	{ "clear", QOS_CLEAR, 1, NULL, 0 },
	{ "get", QOS_GET, 1, NULL, 0 },
	{ "region", QOS_REGION, 0, NULL, 0 },
	{ "bind", QOS_BIND, 1, "SLOT", SCXKIT_QOS_REGION_SLOTS - 1 },
	{ "inherit", QOS_INHERIT, 1, "LEVEL", SCXKIT_QOS_MAX_LEVELS - 1 },
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
	long long tid = 0, arg2 = 0;
	size_t i;
	int n, want;

	/* Fields a line does not carry (start_ticks, region) must be zero. */
	memset(r, 0, sizeof(*r));
	n = sscanf(line, "%23s %23s %23s %1s", word[0], word[1], word[2],
		   extra);
	if (n < 1 || n > 3) {
		snprintf(err, errlen, "want: VERB [TID [LEVEL|SLOT]]");
		return -EINVAL;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(word[0], verbs[i].name))
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0])) {
		snprintf(
			err, errlen,
			"unknown verb (set, idle, runnable, clear, get, region, bind, inherit)");
		return -EINVAL;
	}
	want = 1 + verbs[i].takes_tid + !!verbs[i].arg2;
	if (n != want) {
		snprintf(err, errlen, "%s takes %s%s%s", verbs[i].name,
			 verbs[i].takes_tid ? "TID" : "nothing",
			 verbs[i].arg2 ? " " : "",
			 verbs[i].arg2 ? verbs[i].arg2 : "");
		return -EINVAL;
	}
	if (verbs[i].takes_tid) {
		tid = parse_number(word[1], 0x3fffffff);
		if (tid <= 0) {
			snprintf(err, errlen, "bad thread id");
			return -EINVAL;
		}
	}
	if (verbs[i].arg2) {
		arg2 = parse_number(word[2], verbs[i].arg2_max);
		if (arg2 < 0) {
			snprintf(err, errlen, "%s must be 0..%lld",
				 verbs[i].arg2, verbs[i].arg2_max);
			return -EINVAL;
		}
	}
	r->verb = verbs[i].verb;
	r->tid = (pid_t)tid;
	if (r->verb == QOS_BIND)
		r->slot = (unsigned int)arg2;
	else
		r->level = (unsigned int)arg2;
	return 0;
}

int qos_request__authorize(const struct qos_request *r,
			   const struct ucred *peer)
{
	__u64 ticks;

	if (r->verb == QOS_REGION)
		return 0; /* anyone may have one; the server counts them */
	/* The thread the request was resolved to (r->start_ticks), if set. */
	if (proc_thread__start_ticks(r->tid, &ticks) ||
	    (r->start_ticks && ticks != r->start_ticks))
		return -ESRCH; /* /proc tells anyone this much anyway */
	/* A region is its process's: root binds no other thread to it. */
	if (peer->uid == 0 && r->verb != QOS_BIND)
		return 0;
	if (!proc_thread__in_process(peer->pid, r->tid))
		return -EPERM;
	/* Still the same thread after the check (ids get reused). */
	if (r->start_ticks && (proc_thread__start_ticks(r->tid, &ticks) ||
			       ticks != r->start_ticks))
		return -ESRCH;
	return 0;
}

/* The slot @e is bound to, if its region is still the one it was bound to. */
static struct scxkit_qos_slot *bound_slot(const struct qos_regions *regions,
					  const struct scxkit_qos_entry *e)
{
	__u32 i = e->region - 1;

	if (!regions || !e->region || i >= SCXKIT_QOS_REGIONS ||
	    e->slot >= SCXKIT_QOS_REGION_SLOTS || !regions->mem[i] ||
	    regions->gen[i] != e->region_gen)
		return NULL;
	return &regions->mem[i][e->slot];
}

/*
 * Carries out @r on a bound thread's slot.  The owner writes the same
 * words with plain stores and atomics; root's writes here are atomic per
 * word too, and never touch the futex word (the owner's own waiters sleep
 * on it privately: only the owner can wake them).
 */
static int apply_to_slot(struct scxkit_qos_slot *slot,
			 const struct qos_request *r, char *out, size_t len)
{
	switch (r->verb) {
	case QOS_GET:
		snprintf(out, len, "%u %u",
			 __atomic_load_n(&slot->level, __ATOMIC_RELAXED),
			 __atomic_load_n(&slot->flags, __ATOMIC_RELAXED));
		return 0;
	case QOS_SET:
		__atomic_store_n(&slot->level, r->level, __ATOMIC_RELAXED);
		return 0;
	case QOS_IDLE:
		__atomic_fetch_or(&slot->flags, SCXKIT_QOS_IDLE,
				  __ATOMIC_SEQ_CST);
		return 0;
	case QOS_RUNNABLE:
		__atomic_fetch_and(&slot->flags, ~SCXKIT_QOS_IDLE,
				   __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -EINVAL;
	}
}

int qos_request__apply(int map_fd, const struct qos_regions *regions,
		       const struct qos_request *r, char *out, size_t len)
{
	struct scxkit_qos_entry e = { 0 };
	struct scxkit_qos_slot *slot = NULL;
	__u32 key = (__u32)r->tid;
	__u64 ticks;
	int have, err;

	if (r->verb == QOS_REGION)
		return -EINVAL;
	ticks = r->start_ticks;
	if (!ticks) {
		err = proc_thread__start_ticks(r->tid, &ticks);
		if (err)
			return err;
	}
	have = !bpf_map_lookup_elem(map_fd, &key, &e) && e.start_ticks == ticks;
	if (!have) /* none, or left by an earlier thread with this id */
		e = (struct scxkit_qos_entry){ .start_ticks = ticks };
	if (have && e.region)
		slot = bound_slot(regions, &e);

	switch (r->verb) {
	case QOS_BIND:
		if (!regions || !r->region || r->region > SCXKIT_QOS_REGIONS)
			return -EINVAL;
		if (r->slot >= SCXKIT_QOS_REGION_SLOTS ||
		    !regions->mem[r->region - 1])
			return -EINVAL;
		/* Bound there already (two threads raced to bind it). */
		if (slot && e.region == r->region && e.slot == r->slot &&
		    e.region_gen == r->region_gen)
			return 0;
		/* What the thread had in the table, it keeps in the slot. */
		if (slot) {
			e.level =
				__atomic_load_n(&slot->level, __ATOMIC_RELAXED);
			e.flags =
				__atomic_load_n(&slot->flags, __ATOMIC_RELAXED);
		}
		slot = &regions->mem[r->region - 1][r->slot];
		__atomic_store_n(&slot->level, e.level, __ATOMIC_RELAXED);
		__atomic_store_n(&slot->flags, e.flags, __ATOMIC_RELAXED);
		__atomic_store_n(&slot->tid, (__u32)r->tid, __ATOMIC_RELAXED);
		e.region = r->region;
		e.slot = r->slot;
		e.region_gen = r->region_gen;
		break;
	case QOS_GET:
		if (!have)
			return -ENOENT;
		if (slot)
			return apply_to_slot(slot, r, out, len);
		if (e.region && regions)
			return -ENOENT; /* bound to a region given away */
		snprintf(out, len, "%u %u", e.level, e.flags);
		return 0;
	case QOS_CLEAR:
		if (bpf_map_delete_elem(map_fd, &key) && errno != ENOENT)
			return -errno;
		return 0;
	case QOS_INHERIT:
		/* A plain entry: BPF passes on only what it reads there. */
		e = (struct scxkit_qos_entry){ .level = r->level,
					       .flags = SCXKIT_QOS_INHERIT,
					       .start_ticks = e.start_ticks };
		break;
	case QOS_SET:
	case QOS_IDLE:
	case QOS_RUNNABLE:
		if (slot)
			return apply_to_slot(slot, r, out, len);
		if (e.region && regions) {
			/* A binding to a region given away: unbind. */
			e.region = 0;
			e.slot = 0;
			e.region_gen = 0;
		}
		if (r->verb == QOS_SET)
			e.level = r->level;
		else if (r->verb == QOS_IDLE)
			e.flags |= SCXKIT_QOS_IDLE;
		else
			e.flags &= ~SCXKIT_QOS_IDLE;
		break;
	default:
		return -EINVAL;
	}
	if (bpf_map_update_elem(map_fd, &key, &e, BPF_ANY))
		return errno == E2BIG ? -ENOSPC : -errno;
	return 0;
}
