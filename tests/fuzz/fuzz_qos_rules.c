// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: QoS rules files (`scxkit run --qos-rules`, `scxkit
 * qos rules`, which root sends the launcher).  Any result but a crash is
 * fine; a file that parses must give rules BPF can take as they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qos_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qos_rules r;
	char *buf = malloc(size + 1), err[256];
	int i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (qos_rules__parse(buf, &r, err, sizeof(err)) == 0) {
		if (r.nr < 0 || r.nr > SCXKIT_QOS_MAX_RULES)
			abort();
		for (i = 0; i < r.nr; i++) {
			const struct scxkit_qos_rule *q = &r.rule[i];

			if (q->level >= SCXKIT_QOS_MAX_LEVELS || !q->match ||
			    q->comm_len > sizeof(q->comm) ||
			    q->comm[sizeof(q->comm) - 1] ||
			    ((q->match & SCXKIT_QR_NICE) &&
			     q->nice_min > q->nice_max) ||
			    !memchr(r.text[i], '\0', sizeof(r.text[i])))
				abort();
		}
	} else if (!memchr(err, '\0', sizeof(err)) || !err[0]) {
		abort();
	}
	free(buf);
	return 0;
}
