// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy agents (<scxkit/agent.h>, framework/agent_host.c): the
 * agents linked into the launcher are found by their policy's name, and
 * an agent reads its policy's options through scxkit_agent_opt().
 */
#include <errno.h>

#include <scxkit/agent.h>

#include "agent_host.h"
#include "policy_table.h"
#include "unit.h"

TEST(agents_are_found_by_policy_name)
{
	const struct scxkit_agent *a = agent_host__find("userland");

	CHECK(a != NULL);
	CHECK(a && a->init && a->step);
	CHECK(policy_table__find("userland") != NULL);
	CHECK(agent_host__find("fifo") == NULL);
	CHECK(agent_host__find("") == NULL);
}

/* An agent registered under a misspelled name would never start. */
TEST(every_agent_has_a_built_in_policy)
{
	const struct scxkit_agent *a;
	int i;

	for (i = 0; (a = agent_host__get(i)); i++)
		CHECK(policy_table__find(a->policy) != NULL);
	CHECK(i >= 1);
	CHECK(agent_host__get(-1) == NULL);
}

TEST(agent_reads_its_policy_options)
{
	const struct scxkit_policy *p = policy_table__find("userland");
	__u64 values[SCXKIT_MAX_OPTS], v = 0;
	struct scxkit_agent_env env = { 0 };
	int k;

	CHECK(p != NULL);
	if (!p)
		return;
	for (k = 0; k < p->nr_opts; k++)
		values[k] = 1000 + (__u64)k;
	env.opts = p->opts;
	env.opt_values = values;
	env.nr_opts = p->nr_opts;
	k = policy_meta__find_opt(p, "valve_ms");
	CHECK(k >= 0);
	CHECK(scxkit_agent_opt(&env, "valve_ms", &v) == 0);
	CHECK(v == 1000 + (__u64)k);
	CHECK(scxkit_agent_opt(&env, "nosuch", &v) == -ENOENT);
	CHECK(v == 1000 + (__u64)k); /* left alone */
}

UNIT_MAIN
