/* SPDX-License-Identifier: GPL-2.0 */
/* The policies built into this launcher, found by name. */
#ifndef __SCXKIT_POLICY_TABLE_H
#define __SCXKIT_POLICY_TABLE_H

#include "policy_meta.h"

/* Number of built-in policies. */
int policy_table__count(void);

/*
 * policy_table__get - the @i-th policy's metadata, parsed on first use.
 * Returns NULL (with a message on stderr) if its metadata is broken.
 */
const struct scxkit_policy *policy_table__get(int i);

/* policy_table__find - the policy called @name, or NULL. */
const struct scxkit_policy *policy_table__find(const char *name);

/* policy_table__names - "a, b, c" into @buf, for error messages. */
void policy_table__names(char *buf, size_t len);

#endif
