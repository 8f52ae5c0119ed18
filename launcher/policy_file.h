/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policies built outside this tree: `scxkit run ./path/to/x.bpf.o` reads
 * the object from a file instead of the launcher's built-in table.
 */
#ifndef __SCXKIT_POLICY_FILE_H
#define __SCXKIT_POLICY_FILE_H

#include <stdbool.h>

#include "policy_meta.h"

/*
 * policy_file__is_path - does the `scxkit run` argument @arg name a file
 * rather than a built-in policy?  It does when it holds a '/' or ends
 * in ".o"; policy names are C identifiers and can have neither.
 */
bool policy_file__is_path(const char *arg);

/*
 * policy_file__load - read the policy object at @path into memory (kept
 * for the life of the process) and parse its metadata into @p.
 * Returns 0, or -1 with a reason in @err; p->abi_mismatch then says
 * whether the object was built for another framework ABI.
 */
int policy_file__load(struct scxkit_policy *p, const char *path, char *err,
		      size_t errlen);

#endif
