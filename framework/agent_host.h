/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launcher's side of policy agents (<scxkit/agent.h>): start the
 * running policy's agent thread, if it has one, and stop it.
 */
#ifndef __SCXKIT_AGENT_HOST_H
#define __SCXKIT_AGENT_HOST_H

#include "loader.h"

/* agent_host__find - the registered agent of policy @name, or NULL. */
const struct scxkit_agent *agent_host__find(const char *name);

/* agent_host__get - the @i-th registered agent, NULL past the last. */
const struct scxkit_agent *agent_host__get(int i);

/*
 * agent_host__start - if @lp's policy has an agent, run its init and start its
 * thread, and tell BPF the thread's id.  Call it after loader__load() and
 * before loader__attach().  @opt_values are the policy's option values.
 * Returns 0 (also when there is no agent), or a negative errno after
 * saying why (print.h).
 */
int agent_host__start(struct loaded_policy *lp, const __u64 *opt_values);

/*
 * agent_host__stop - end the agent's loop, wait for its thread and run its
 * fini.  Safe to call when none runs, and more than once.
 */
void agent_host__stop(void);

#endif
