// SPDX-License-Identifier: GPL-2.0
/*
 * Policy agents: the userspace half of policies that have one
 * (<scxkit/agent.h>).  Agents register by constructor before main();
 * `scxkit run` starts the policy's agent thread between load and attach,
 * so it is ready before the first task reaches it, and stops it after
 * detach, when no task can be waiting for it any more.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/agent.h>

#include "agent_host.h"
#include "print.h"

#define MAX_AGENTS  16
#define STOP_WAIT_S 2 /* a step should return within ~100 ms */

static const struct scxkit_agent *agents[MAX_AGENTS];
static int nr_agents;
/*
 * An agent refused at registration: said when its policy starts, since
 * registration runs before main() installs the message callback.
 */
static const char *refused;

/* The one agent a launcher runs. */
static struct {
	const struct scxkit_agent *agent;
	struct scxkit_agent_env env;
	void *data;
	pthread_t thread;
	sem_t started;
	pid_t tid;
	int tid_fd; /* the map BPF reads the agent's thread id from */
	int stop; /* atomic */
	bool running;
} cur;

void scxkit_agent_register(const struct scxkit_agent *agent)
{
	if (nr_agents == MAX_AGENTS || !agent->init || !agent->step) {
		if (!refused)
			refused = agent->policy;
		return;
	}
	agents[nr_agents++] = agent;
}

int scxkit_agent_opt(const struct scxkit_agent_env *env, const char *name,
		     __u64 *value)
{
	int k;

	for (k = 0; k < env->nr_opts; k++) {
		if (!strcmp(env->opts[k].name, name)) {
			*value = env->opt_values[k];
			return 0;
		}
	}
	return -ENOENT;
}

const struct scxkit_agent *agent_host__find(const char *name)
{
	int i;

	for (i = 0; i < nr_agents; i++)
		if (!strcmp(agents[i]->policy, name))
			return agents[i];
	return NULL;
}

const struct scxkit_agent *agent_host__get(int i)
{
	return i >= 0 && i < nr_agents ? agents[i] : NULL;
}

static void *agent_main(void *arg)
{
	int err = 0;

	(void)arg;
	cur.tid = gettid();
	sem_post(&cur.started);
	while (!__atomic_load_n(&cur.stop, __ATOMIC_ACQUIRE)) {
		err = cur.agent->step(cur.data);
		if (err < 0)
			break;
	}
	if (err < 0) {
		__u32 zero = 0;
		pid_t none = 0;

		/* Its thread id may go to another thread now. */
		bpf_map_update_elem(cur.tid_fd, &zero, &none, BPF_ANY);
		print__msg("the %s agent stopped: %s; BPF schedules without "
			   "it\n",
			   cur.agent->policy, strerror(-err));
	}
	return NULL;
}

int agent_host__start(struct loaded_policy *lp, const __u64 *opt_values)
{
	const struct scxkit_policy *p = lp->policy;
	struct bpf_map *map;
	sigset_t all, old;
	__u32 zero = 0;
	int err;

	/*
	 * Agents are C code linked into the launcher, found by policy name:
	 * a policy loaded from a file has none, even when it shares its name
	 * with a built-in that has one (that agent would not know its maps).
	 */
	if (p->path)
		return 0;
	cur.agent = agent_host__find(p->desc.name);
	if (!cur.agent && refused && !strcmp(refused, p->desc.name))
		print__msg("agent of %s not registered\n", p->desc.name);
	if (!cur.agent)
		return 0;
	map = bpf_object__find_map_by_name(lp->obj, "scxkit_agent_tid");
	if (!map) {
		print__msg("policy %s lacks the scxkit_agent_tid map\n",
			   p->desc.name);
		return -ENOENT;
	}
	cur.tid_fd = bpf_map__fd(map);
	cur.env = (struct scxkit_agent_env){
		.obj = lp->obj,
		.nr_cpus = lp->nr_cpus,
		.opts = p->opts,
		.opt_values = opt_values,
		.nr_opts = p->nr_opts,
	};
	err = cur.agent->init(&cur.env, &cur.data);
	if (err) {
		print__msg("cannot start the %s agent: %s\n", p->desc.name,
			   strerror(err < 0 ? -err : err));
		return err < 0 ? err : -err;
	}

	/* Signals stay with the main thread, whose loop acts on them. */
	sem_init(&cur.started, 0, 0);
	__atomic_store_n(&cur.stop, 0, __ATOMIC_RELEASE);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&cur.thread, NULL, agent_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		print__msg("cannot start the %s agent thread: %s\n",
			   p->desc.name, strerror(err));
		if (cur.agent->fini)
			cur.agent->fini(cur.data);
		return -err;
	}
	cur.running = true;
	pthread_setname_np(cur.thread, "scxkit-agent");
	while (sem_wait(&cur.started) && errno == EINTR)
		;
	if (bpf_map_update_elem(cur.tid_fd, &zero, &cur.tid, BPF_ANY)) {
		err = -errno;
		print__msg("cannot tell BPF the agent's id: %s\n",
			   strerror(-err));
		agent_host__stop();
		return err;
	}
	return 0;
}

void agent_host__stop(void)
{
	struct timespec until;

	if (!cur.running)
		return;
	cur.running = false;
	__atomic_store_n(&cur.stop, 1, __ATOMIC_RELEASE);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += STOP_WAIT_S;
	if (pthread_timedjoin_np(cur.thread, NULL, &until)) {
		/* Its data stays: the thread may still use it. */
		print__msg("the %s agent did not stop within %d s\n",
			   cur.agent->policy, STOP_WAIT_S);
		return;
	}
	if (cur.agent->fini)
		cur.agent->fini(cur.data);
	sem_destroy(&cur.started);
}
