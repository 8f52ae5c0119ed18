// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy metadata: the real, embedded fifo object parses to
 * what fifo.bpf.c declares, and malformed objects are refused cleanly.
 */
#include <stdlib.h>

#include "policy_table.h"
#include "unit.h"

TEST(fifo_is_built_in_with_its_option)
{
	const struct scxkit_policy *p = policy_table__find("fifo");
	int k;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->desc.name, "fifo");
	CHECK(strlen(p->desc.summary) > 10);
	k = policy_meta__find_opt(p, "slice_us");
	CHECK(k >= 0);
	if (k >= 0) {
		CHECK(p->opts[k].def == 20000);
		CHECK(p->opts[k].min <= p->opts[k].def);
		CHECK(p->opts[k].def <= p->opts[k].max);
	}
	CHECK(policy_meta__find_opt(p, "nonexistent") == -1);
}

TEST(unknown_policy_is_null_and_names_are_listed)
{
	char names[256];

	CHECK(policy_table__find("nosuch") == NULL);
	CHECK(policy_table__get(-1) == NULL);
	CHECK(policy_table__get(policy_table__count()) == NULL);
	policy_table__names(names, sizeof(names));
	CHECK(strstr(names, "fifo") != NULL);
}

TEST(garbage_objects_are_refused)
{
	const struct scxkit_policy *fifo = policy_table__find("fifo");
	struct scxkit_policy p;
	char junk[512], err[256];
	unsigned char *copy;
	size_t i;

	memset(junk, 0x5a, sizeof(junk));
	CHECK(policy_meta__parse(&p, junk, sizeof(junk), err, sizeof(err)));
	CHECK(strstr(err, "not an ELF") != NULL);
	CHECK(policy_meta__parse(&p, junk, 0, err, sizeof(err)));

	/* Every truncation of a real object fails or parses; never crashes. */
	if (!fifo)
		return;
	copy = malloc(fifo->obj_size);
	if (!copy)
		return;
	for (i = 0; i < fifo->obj_size; i += fifo->obj_size / 97 + 1) {
		memcpy(copy, fifo->obj, i);
		policy_meta__parse(&p, copy, i, err, sizeof(err));
	}
	free(copy);
}

UNIT_MAIN
