/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launcher's side of policy agents (<scxkit/agent.h>): start the
 * running policy's agent thread, if it has one, and stop it.
 */
#ifndef __SCXKIT_FRAMEWORK_AGENT_H
#define __SCXKIT_FRAMEWORK_AGENT_H

#include "loader.h"

/* agent__find - the registered agent of policy @name, or NULL. */
const struct scxkit_agent *agent__find(const char *name);

/* agent__get - the @i-th registered agent, NULL past the last. */
const struct scxkit_agent *agent__get(int i);

/*
 * agent__start - if @lp's policy has an agent, run its init and start its
 * thread, and tell BPF the thread's id.  Call it after loader__load() and
 * before loader__attach().  @opt_values are the policy's option values.
 * Returns 0 (also when there is no agent), or -1 with a message.
 */
int agent__start(struct loaded_policy *lp, const __u64 *opt_values);

/*
 * agent__stop - end the agent's loop, wait for its thread and run its
 * fini.  Safe to call when none runs, and more than once.
 */
void agent__stop(void);

#endif
