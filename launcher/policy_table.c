// SPDX-License-Identifier: GPL-2.0
/*
 * The table of built-in policies.  The Makefile embeds each policy's BPF
 * object in the launcher (gen/policy_blobs.S) and lists it in
 * gen/policy_list.h; this file turns that list into parsed metadata.
 */
#include <stdio.h>
#include <string.h>

#include "policy_table.h"

#define SCXKIT_BLOB(name)                                        \
	extern const unsigned char scxkit_blob_##name##_start[]; \
	extern const unsigned char scxkit_blob_##name##_end[];
#include "policy_list.h"
#undef SCXKIT_BLOB

struct blob {
	const char *name;
	const unsigned char *start;
	const unsigned char *end;
};

static const struct blob blobs[] = {
#define SCXKIT_BLOB(name) \
	{ #name, scxkit_blob_##name##_start, scxkit_blob_##name##_end },
#include "policy_list.h"
#undef SCXKIT_BLOB
};

#define NR_BLOBS ((int)(sizeof(blobs) / sizeof(blobs[0])))

static struct scxkit_policy parsed[NR_BLOBS];
static signed char state[NR_BLOBS]; /* 0 unparsed, 1 ok, -1 broken */

int policy_table__count(void)
{
	return NR_BLOBS;
}

const struct scxkit_policy *policy_table__get(int i)
{
	char err[256];

	if (i < 0 || i >= NR_BLOBS)
		return NULL;
	if (!state[i]) {
		const struct blob *b = &blobs[i];

		if (policy_meta__parse(&parsed[i], b->start,
				       (size_t)(b->end - b->start), err,
				       sizeof(err))) {
			fprintf(stderr, "scxkit: policy %s is broken: %s\n",
				b->name, err);
			state[i] = -1;
		} else {
			state[i] = 1;
		}
	}
	return state[i] > 0 ? &parsed[i] : NULL;
}

const struct scxkit_policy *policy_table__find(const char *name)
{
	int i;

	for (i = 0; i < NR_BLOBS; i++)
		if (!strcmp(blobs[i].name, name))
			return policy_table__get(i);
	return NULL;
}

void policy_table__names(char *buf, size_t len)
{
	size_t off = 0;
	int i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < NR_BLOBS && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? ", " : "", blobs[i].name);
}
