/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The QoS rules in a loaded policy's maps (qos_rules.bpf.h): putting a
 * parsed set in force at once, and reading what is in force.
 */
#ifndef __SCXKIT_QOS_RULES_MAP_H
#define __SCXKIT_QOS_RULES_MAP_H

#include <linux/types.h>

#include "qos_rules.h"

/* The policy's rules maps; a policy built without them has fds of -1. */
struct qos_rules_maps {
	int rules_fd, hits_fd, ctl_fd;
};

/*
 * qos_rules_map__publish - writes @r into the set not in force, zeroes
 * its counts, then switches to it with one write of the control word
 * (a new generation: every task is matched again when next looked at).
 * Returns 0 or a negative errno; on failure the old rules stay in force.
 */
int qos_rules_map__publish(const struct qos_rules_maps *m,
			   const struct qos_rules *r);

/*
 * qos_rules_map__mark_inherit - makes sure BPF looks at inherited levels
 * (`scxkit exec`) even when no rules were ever loaded.
 */
int qos_rules_map__mark_inherit(const struct qos_rules_maps *m);

/* qos_rules_map__hits - tasks each rule in force classifies, @n of them. */
int qos_rules_map__hits(const struct qos_rules_maps *m, __s64 *hits, int n);

/* qos_rules_map__generation - the generation in force (0: none yet). */
__u32 qos_rules_map__generation(const struct qos_rules_maps *m);

#endif
