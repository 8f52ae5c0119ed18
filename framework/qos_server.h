/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launcher's side of the QoS table: pins the policy's table map for
 * root applications, serves the QoS socket for everyone else (with the
 * permission model of qos_request.h), and sweeps out entries of threads
 * that are gone.
 */
#ifndef __SCXKIT_QOS_SERVER_H
#define __SCXKIT_QOS_SERVER_H

#include "line_server.h"

struct qos_server {
	struct line_server line;
	int map_fd;
	int pinned;
	unsigned long requests, denied;
};

/* qos_server__open - publish table @map_fd; -1 if neither path works. */
int qos_server__open(struct qos_server *s, int map_fd);

/* qos_server__sweep - drop entries of threads that exited; count dropped. */
int qos_server__sweep(struct qos_server *s);

/* qos_server__close - unpin and stop serving. */
void qos_server__close(struct qos_server *s);

#endif
