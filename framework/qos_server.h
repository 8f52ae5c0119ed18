/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launcher's side of the QoS table: pins the policy's table map for
 * root applications, serves the QoS socket for everyone else (with the
 * permission model of qos_request.h), hands out shared regions (one per
 * connection that asks, sent as a file descriptor, taken back when the
 * connection closes) and sweeps out entries of threads that are gone.
 */
#ifndef __SCXKIT_QOS_SERVER_H
#define __SCXKIT_QOS_SERVER_H

#include "line_server.h"
#include "qos_request.h"
#include "qos_rules.h"
#include "qos_rules_map.h"

struct qos_server {
	struct line_server line;
	int map_fd;
	int regions_fd, gen_fd; /* -1: the policy has no shared regions */
	int pinned;
	struct owned_path pin_file; /* the table's pin, SCXKIT_QOS_PIN */
	/* Region i belongs to connection i of the socket. */
	int region_fd[SCXKIT_QOS_REGIONS];
	struct qos_regions regions;
	__u64 next_gen;
	unsigned long requests, denied, regions_given, binds;
	/* QoS rules: the policy's maps, the set in force, reloads. */
	struct qos_rules_maps rules_maps;
	int task_ctx_fd; /* the task contexts (verdicts); -1: none */
	struct qos_rules rules;
	unsigned long rules_loads, rules_refused;
};

/*
 * qos_server__open - publish table @map_fd, with shared regions if
 * @regions_fd and @gen_fd are the policy's (else -1); a negative errno if
 * neither the pin nor the socket works.
 */
int qos_server__open(struct qos_server *s, int map_fd, int regions_fd,
		     int gen_fd);

/*
 * qos_server__rebind - serve the same table through new fds (the policy
 * was reloaded with loader__reuse_qos: same maps, new fds).  The pin and
 * the regions handed out stay as they are.
 */
void qos_server__rebind(struct qos_server *s, int map_fd, int regions_fd,
			int gen_fd);

/*
 * qos_server__set_rules - the policy's rules maps (@m) and task contexts,
 * and @r (or none) to put in force in them, now and again after a
 * restart.  Returns 0 or a negative errno.
 */
int qos_server__set_rules(struct qos_server *s, const struct qos_rules_maps *m,
			  int task_ctx_fd, const struct qos_rules *r);

/*
 * qos_server__level_of - what sets thread @tid's level as BPF last saw
 * it: @by gets "mark" (its own, from the table), "exec", "rule N"
 * (1-based, in file order), "none" (no rule matched) or "unclassified"
 * (not looked at since the rules last changed, or no rules); @level the
 * level, -1 for the last two.  -ESRCH if there is no such thread.
 */
int qos_server__level_of(struct qos_server *s, __u32 tid, int *level, char *by,
			 size_t len);

/* qos_server__regions_in_use - how many regions are handed out now. */
int qos_server__regions_in_use(const struct qos_server *s);

/* qos_server__sweep - drop entries of threads that exited; count dropped. */
int qos_server__sweep(struct qos_server *s);

/* qos_server__close - unpin and stop serving. */
void qos_server__close(struct qos_server *s);

#endif
