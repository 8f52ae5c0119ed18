/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests against the QoS table, as they arrive on the QoS socket
 * ("set TID LEVEL", "idle TID", "runnable TID", "clear TID", "get TID",
 * "region", "bind TID SLOT", "inherit TID LEVEL": `scxkit exec`), who may make them, and applying them to the
 * table map and the shared regions.
 *
 * Who may write (the documented model): root may change any thread; any
 * other caller only the threads of its own process.  Reading ("get") is
 * allowed for the same threads.  "bind" is stricter: a region belongs to
 * one process, and only that process's threads are bound to it, whoever
 * asks.
 */
#ifndef __SCXKIT_QOS_REQUEST_H
#define __SCXKIT_QOS_REQUEST_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <linux/types.h>

#include <scxkit/common.h>

enum qos_verb {
	QOS_SET,
	QOS_IDLE,
	QOS_RUNNABLE,
	QOS_CLEAR,
	QOS_GET,
	QOS_REGION, /* hand me my shared region (no thread id) */
	QOS_BIND, /* bind thread TID to slot SLOT of my region */
	QOS_INHERIT, /* set LEVEL, passed to the thread's future children */
};

struct qos_request {
	enum qos_verb verb;
	pid_t tid;
	unsigned int level; /* QOS_SET and QOS_INHERIT only */
	unsigned int slot; /* QOS_BIND only */
	/* QOS_BIND: the region (1-based) and its generation; the server's. */
	unsigned int region;
	__u64 region_gen;
	/*
	 * The thread's start time (/proc stat field 22) when the caller
	 * knows it for sure, else 0 and it is read from /proc.  Only the
	 * client library fills it in, for the threads of its own process;
	 * requests from the socket always have it read.
	 */
	unsigned long long start_ticks;
};

/*
 * qos_request__parse - one request line into @r.  Returns 0, or -EINVAL
 * with a reason in @err.
 */
int qos_request__parse(const char *line, struct qos_request *r, char *err,
		       size_t errlen);

/*
 * qos_request__authorize - 0 if @peer may make @r; -ESRCH if the thread
 * does not exist, -EPERM if it is not the peer's to change.
 */
int qos_request__authorize(const struct qos_request *r,
			   const struct ucred *peer);

/*
 * The shared regions as the QoS server keeps them: each one's memory
 * (mapped) and generation; a NULL @mem is a region not handed out.
 */
struct qos_regions {
	struct scxkit_qos_slot *mem[SCXKIT_QOS_REGIONS];
	__u64 gen[SCXKIT_QOS_REGIONS];
};

/*
 * qos_request__apply - carry out @r on the table map @map_fd and, for
 * threads bound to a shared region, on that region (@regions, NULL when
 * the caller has none: then bindings are left alone and only the entry
 * changes); "get" puts "LEVEL FLAGS" into @out.  Returns 0 or a negative
 * errno (-ESRCH: no such thread, -ENOENT: nothing set for it, -ENOSPC:
 * table full).  QOS_REGION is the server's, not for here.
 */
int qos_request__apply(int map_fd, const struct qos_regions *regions,
		       const struct qos_request *r, char *out, size_t len);

#endif
