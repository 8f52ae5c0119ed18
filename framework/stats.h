/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning counter snapshots into the launcher's stats line and JSON lines.
 * Pure functions of their inputs, so they are unit-tested without BPF.
 */
#ifndef __SCXKIT_STATS_H
#define __SCXKIT_STATS_H

#include <stddef.h>

#include "policy_meta.h"

struct stats_snapshot {
	double time_s; /* since attach */
	__u64 c[SCXKIT_MAX_COUNTERS];
};

/* stats__counter_name - JSON/line name of counter @idx, NULL if unused. */
const char *stats__counter_name(const struct scxkit_policy *p, int idx);

/*
 * stats__format_line - one human line: totals and per-second rates between
 * @prev and @cur.  Returns the length written (truncated to @len).
 */
int stats__format_line(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf,
		       size_t len);

/* stats__format_json - the same as one JSON object, no newline. */
int stats__format_json(const struct scxkit_policy *p,
		       const struct stats_snapshot *prev,
		       const struct stats_snapshot *cur, char *buf,
		       size_t len);

/* json__escape - @s as a JSON string body (no quotes) into @buf. */
void json__escape(const char *s, char *buf, size_t len);

#endif
