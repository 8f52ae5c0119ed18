// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what applications send the QoS socket, and the
 * /proc stat lines the table's thread pinning parses.  The first byte
 * picks the parser; a parsed request must be one the table can apply.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scxkit/common.h>

#include "proc_thread.h"
#include "qos_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qos_request r;
	char *line, err[128];
	__u64 ticks;

	if (!size)
		return 0;
	line = malloc(size);
	if (!line)
		return 0;
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';
	if (data[0] & 1) {
		(void)proc_thread__parse_start_ticks(line, &ticks);
	} else if (!qos_request__parse(line, &r, err, sizeof(err))) {
		if ((r.tid <= 0) != (r.verb == QOS_REGION) ||
		    r.verb > QOS_INHERIT || r.start_ticks || r.region ||
		    r.region_gen ||
		    ((r.verb == QOS_SET || r.verb == QOS_INHERIT) &&
		     r.level >= SCXKIT_QOS_MAX_LEVELS) ||
		    r.slot >= SCXKIT_QOS_REGION_SLOTS)
			abort();
	}
	free(line);
	return 0;
}
