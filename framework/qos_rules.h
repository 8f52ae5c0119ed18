/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QoS rules files: one rule a line, "level N MATCHER...", '#' comments
 * (docs/qos.md), parsed into the rules BPF matches (common.h).  Parsing
 * is all or nothing: a file with one bad line gives no rules at all.
 */
#ifndef __SCXKIT_QOS_RULES_H
#define __SCXKIT_QOS_RULES_H

#include <stddef.h>

#include <scxkit/common.h>

#define QOS_RULES_TEXT_MAX 160 /* of one rule as `scxkit qos show` prints */
#define QOS_RULES_FILE_MAX (256 * 1024)

struct qos_rules {
	int nr;
	struct scxkit_qos_rule rule[SCXKIT_QOS_MAX_RULES];
	char text[SCXKIT_QOS_MAX_RULES][QOS_RULES_TEXT_MAX];
};

/*
 * qos_rules__parse - the rules in @text (a whole file) into @out.
 * Returns 0, or -1 with "line N: why" in @err.  Cgroup paths are looked
 * up now: they must be directories of a cgroup2 file system.
 */
int qos_rules__parse(const char *text, struct qos_rules *out, char *err,
		     size_t errlen);

/* qos_rules__parse_fd - reads the file open at @fd, then parses it. */
int qos_rules__parse_fd(int fd, struct qos_rules *out, char *err,
			size_t errlen);

/* qos_rules__parse_file - the same for the file at @path. */
int qos_rules__parse_file(const char *path, struct qos_rules *out, char *err,
			  size_t errlen);

#endif
