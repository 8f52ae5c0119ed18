/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <scxkit/agent.h> - userspace code for a policy: an agent thread in the
 * launcher, for policies whose decisions are made in userspace (as in
 * ghOSt and the kernel's scx_userland).
 *
 * Such a policy adds policies/<name>/<name>.c beside its .bpf.c (and a
 * <name>.h for the types both include); the Makefile links every .c file
 * of a policy directory but the .bpf.c into the launcher.  The .c
 * registers its agent once, by policy name:
 *
 *	static int my_init(const struct scxkit_agent_env *env, void **data);
 *	static int my_step(void *data);
 *	static void my_fini(void *data);
 *	SCXKIT_AGENT(mypolicy, .init = my_init, .step = my_step,
 *		     .fini = my_fini);
 *
 * `scxkit run mypolicy` then, after loading the BPF object and before
 * attaching it, calls init in the main thread (find maps with
 * bpf_object__find_map_by_name(env->obj, ...), read options with
 * scxkit_agent_opt(), allocate), starts one agent thread named
 * "scxkit-agent", tells BPF its thread id (scxkit_is_agent() there) and
 * calls step in that thread in a loop.  Once the scheduler is detached or
 * ejected the loop ends and fini runs.
 *
 * Rules for step:
 * - Wait for work with a timeout of at most ~100 ms (ring_buffer__poll(rb,
 *   100), say): the loop stops only between two steps.
 * - Return 0 to go on, or a negative errno to end the agent (the launcher
 *   prints it; the scheduler runs on without its agent, so the BPF side
 *   must stay safe without it: sched_ext ejects a scheduler that leaves a
 *   runnable task unrun for its watchdog timeout, 30 s at most).
 * - Do not allocate, print or take locks other threads of the launcher
 *   hold: in full mode every other task, the launcher's included, may be
 *   waiting for this thread's decisions.
 */
#ifndef __SCXKIT_AGENT_H
#define __SCXKIT_AGENT_H

#ifdef __bpf__
#error "<scxkit/agent.h> is the userspace side; BPF uses scxkit_is_agent()"
#endif

#include <scxkit/common.h>

struct bpf_object;

/* What an agent's init gets. */
struct scxkit_agent_env {
	struct bpf_object *obj; /* the policy, loaded, not attached yet */
	int nr_cpus; /* possible CPUs */
	/* The policy's options (SCXKIT_OPT) and their values in this run. */
	const struct scxkit_opt_desc *opts;
	const __u64 *opt_values;
	int nr_opts;
};

struct scxkit_agent {
	const char *policy; /* the name given to SCXKIT_POLICY() */
	/* Main thread, before attach: 0, or a negative errno to abort. */
	int (*init)(const struct scxkit_agent_env *env, void **data);
	/* Agent thread, in a loop: wait briefly, decide; 0 or -errno. */
	int (*step)(void *data);
	/* After the loop (optional). */
	void (*fini)(void *data);
};

/*
 * scxkit_agent_opt - the value of policy option @name (as declared with
 * SCXKIT_OPT) in this run.  Returns 0, or -ENOENT if there is none.
 */
int scxkit_agent_opt(const struct scxkit_agent_env *env, const char *name,
		     __u64 *value);

/* Called by SCXKIT_AGENT() before main(); not for direct use. */
void scxkit_agent_register(const struct scxkit_agent *agent);

/* SCXKIT_AGENT(policy, fields...) - register the agent of @policy. */
#define SCXKIT_AGENT(_policy, ...)                                    \
	static const struct scxkit_agent __scxkit_agent_##_policy = { \
		.policy = #_policy, __VA_ARGS__                       \
	};                                                            \
	__attribute__((constructor)) static void                      \
		__scxkit_agent_register_##_policy(void)               \
	{                                                             \
		scxkit_agent_register(&__scxkit_agent_##_policy);     \
	}

#endif /* __SCXKIT_AGENT_H */
