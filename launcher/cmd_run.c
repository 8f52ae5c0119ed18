// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit run POLICY [options]`: check the machine, load and attach the
 * policy, print stats until told to stop or until the kernel ejects it,
 * then detach and report how it ended.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent_host.h"
#include "build_info.h"
#include "commands.h"
#include "dash.h"
#include "exit_kind.h"
#include "exit_record.h"
#include "kernel_enum.h"
#include "json_out.h"
#include "loader.h"
#include "machine.h"
#include "mono_clock.h"
#include "policy_file.h"
#include "policy_table.h"
#include "run_options.h"
#include "sched_ext_sysfs.h"
#include "stats.h"
#include "qos_rules.h"
#include "qos_server.h"
#include "stats_server.h"
#include "switch_cost.h"

#define POLL_MS 50
/*
 * The kernel asks for a restart after CPU hotplug; a policy that keeps
 * being unloaded faster than this (RESTART_BURST in RESTART_WINDOW_S) is
 * left unloaded instead of reloaded in a loop.
 */
#define RESTART_BURST	 10
#define RESTART_WINDOW_S 60.0

static volatile sig_atomic_t stop_signal;
static bool verbose;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level != LIBBPF_WARN && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void print_stats(const struct run_options *o,
			const struct stats_snapshot *prev,
			const struct stats_snapshot *cur)
{
	/* A JSON line lists every CPU: as large as a stats reply. */
	static char line[STATS_SERVER_REPLY_MAX];

	if (o->json)
		stats__format_json(o->policy, prev, cur, line, sizeof(line));
	else
		stats__format_line(o->policy, prev, cur, line, sizeof(line));
	printf("%s\n", line);
	fflush(stdout);
}

static void report_exit(const struct run_options *o,
			const struct scxkit_exit_info *ei, bool requested,
			double uptime, const char *record)
{
	char kind[64];

	exit_kind__name(ei->kind, kind, sizeof(kind));
	if (o->json) {
		printf("%s\n", record);
		fflush(stdout);
	}
	if (requested) {
		if (!o->json)
			fprintf(stderr,
				"scxkit: %s detached after %.1fs (%s: %s)\n",
				o->policy->desc.name, uptime, kind,
				ei->reason[0] ? ei->reason : "no reason given");
		return;
	}
	fprintf(stderr, "scxkit: %s was ejected by the kernel after %.1fs\n",
		o->policy->desc.name, uptime);
	fprintf(stderr, "scxkit: exit kind: %s (%d)%s\n", kind, ei->kind,
		exit_kind__is_error(ei->kind) ? ", an error" : "");
	fprintf(stderr, "scxkit: reason: %s\n",
		ei->reason[0] ? ei->reason : "(none)");
	if (ei->msg[0])
		fprintf(stderr, "scxkit: message: %s\n", ei->msg);
}

/* --partial: the kernel's own value of SCX_OPS_SWITCH_PARTIAL. */
static int add_switch_partial(struct loaded_policy *lp)
{
	__u64 flag;
	int err;

	err = kernel_enum__value("scx_ops_flags", "SCX_OPS_SWITCH_PARTIAL",
				 &flag);
	if (err) {
		fprintf(stderr,
			"scxkit: --partial: this kernel's BTF has no "
			"SCX_OPS_SWITCH_PARTIAL (%s)\n",
			strerror(-err));
		return -1;
	}
	return loader__add_ops_flags(lp, flag);
}

/*
 * What a context switch costs here, measured once per launcher (under the
 * fair class, before the first load): policies may size their slices by
 * it (scxkit_switch_cost_ns).  0 if it could not be measured.
 */
static __u64 switch_cost_ns(void)
{
	static bool measured;
	static __u64 cost;
	double ns;

	if (!measured && !switch_cost__measure(&ns) && ns > 0)
		cost = (__u64)ns;
	measured = true;
	if (verbose)
		fprintf(stderr, "scxkit: a context switch costs %llu ns here\n",
			(unsigned long long)cost);
	return cost;
}

static int configure(struct loaded_policy *lp, const struct run_options *o)
{
	const struct scxkit_policy *p = o->policy;
	int k;

	for (k = 0; k < p->nr_opts; k++)
		if (loader__set_rodata(lp, p->opts[k].name, o->opt_value[k]))
			return -1;
	/* The QoS table pins entries to threads by /proc start times. */
	if (loader__set_rodata(lp, "scxkit_clk_tck",
			       (__u64)sysconf(_SC_CLK_TCK)))
		return -1;
	if ((o->fault_error_after &&
	     loader__set_rodata(lp, "scxkit_fault_error_after",
				o->fault_error_after)) ||
	    (o->fault_stall_after &&
	     loader__set_rodata(lp, "scxkit_fault_stall_after",
				o->fault_stall_after)) ||
	    (o->fault_loop_after &&
	     (loader__set_rodata(lp, "scxkit_fault_loop_after",
				 o->fault_loop_after) ||
	      /* A policy without a dispatch hook leaves it unregistered. */
	      loader__register_op(lp, "dispatch", "scxkit_dispatch"))))
		return -1;
	if (!o->idle_kick && loader__set_rodata(lp, "scxkit_idle_kick", 0))
		return -1;
	/* Objects built before it have no such variable: nothing to set. */
	if (loader__has_rodata(lp, "scxkit_switch_cost_ns") &&
	    loader__set_rodata(lp, "scxkit_switch_cost_ns", switch_cost_ns()))
		return -1;
	if (o->partial && add_switch_partial(lp))
		return -1;
	if (o->watchdog_ms &&
	    loader__set_ops_u32(lp, "timeout_ms", (__u32)o->watchdog_ms))
		return -1;
	return 0;
}

/*
 * Open, set options, load, attach.  @keep: the QoS maps of a previous
 * load to take over (a restart), or NULL.
 */
static int start_policy(struct loaded_policy *lp, const struct run_options *o,
			const int *keep)
{
	if (loader__open(lp, o->policy) || configure(lp, o))
		return -1;
	lp->queue_capacity = (unsigned int)o->queue_capacity;
	if (keep && loader__reuse_qos(lp, keep[0], keep[1], keep[2]))
		return -1;
	return loader__load(lp) || agent_host__start(lp, o->opt_value) ||
			       loader__attach(lp)
		       ? -1
		       : 0;
}

struct run_state {
	struct loaded_policy *lp;
	const struct run_options *o;
	double t0;
	struct stats_snapshot prev; /* the last periodic sample */
	struct stats_snapshot cur;
	struct stats_snapshot query; /* a fresh sample for a stats request */
	struct stats_server server;
	struct qos_server qos;
	struct line_server *servers[2]; /* what the loop polls */
	struct dash_session *tui; /* --tui: the dashboard, else NULL */
	struct dash_sample *tui_sample; /* what it is shown */
	int restarts; /* reloads the kernel asked for */
	double restart_at[RESTART_BURST]; /* when the last ones happened */
};

/*
 * @snap from the policy's maps, with what set each running task's QoS
 * level (a mark, a rule, `scxkit exec`) in policies that read levels:
 * those have the rules' maps.  A syscall or two per busy CPU, once per
 * interval.
 */
static int read_snapshot(struct run_state *rs, struct stats_snapshot *snap)
{
	int i, level, err = loader__read_snapshot(rs->lp, snap);

	for (i = 0; !err && i < snap->nr_cpus; i++) {
		struct stats_cpu *c = &snap->cpus[i];

		c->qos_by[0] = '\0';
		if (c->pid > 0 && rs->qos.rules_maps.ctl_fd >= 0 &&
		    qos_server__level_of(&rs->qos, (__u32)c->pid, &level,
					 c->qos_by, sizeof(c->qos_by)))
			c->qos_by[0] = '\0';
	}
	return err;
}

/* A fresh sample in rs->query; the kernel's sched_ext state in @state. */
static int take_sample(struct run_state *rs, char *state, size_t len)
{
	rs->query.time_s = mono_clock__ns() / 1e9 - rs->t0;
	state[0] = '\0';
	sched_ext_sysfs__state(state, len);
	return read_snapshot(rs, &rs->query);
}

/*
 * What the stats reply says beyond the snapshot: how the scheduler was
 * started, and the QoS socket's traffic (one-time set-up once regions
 * are used).  @state is the kernel's sched_ext state.
 */
static struct stats_launcher launcher_fields(const struct run_state *rs,
					     const char *state)
{
	const struct run_options *o = rs->o;

	return (struct stats_launcher){
		.pid = (int)getpid(),
		.partial = o->partial,
		.kernel_state = state,
		.opt_value = o->opt_value,
		.restarts = (__u64)rs->restarts,
		.qos_requests = rs->qos.requests,
		.qos_denied = rs->qos.denied,
		.qos_regions = (__u64)qos_server__regions_in_use(&rs->qos),
		.qos_regions_given = rs->qos.regions_given,
		.qos_binds = rs->qos.binds,
		.qos_turned_away = rs->qos.line.refused,
		.qos_dropped_idle = rs->qos.line.expired,
	};
}

/* The stats reply: a fresh sample, and how the scheduler was started. */
static int format_reply(struct run_state *rs, char *buf, size_t len)
{
	struct stats_launcher l;
	char state[32];
	json_t *r;

	if (take_sample(rs, state, sizeof(state))) {
		snprintf(buf, len, "cannot read the scheduler's maps");
		return -EIO;
	}
	l = launcher_fields(rs, state);
	r = stats__json_body(rs->o->policy, &rs->query, &l);
	if (json_out__dump(r, buf, len) < 0) {
		snprintf(buf, len, "reply too long");
		return -E2BIG;
	}
	return 0;
}

/*
 * The embedded dashboard is shown @snap, the interval's sample, read
 * from the same reply object the socket's clients get: one map read per
 * interval, and `run --tui` and `top` see the same sample.
 */
static void show_sample(struct run_state *rs, const struct stats_snapshot *snap)
{
	struct stats_launcher l;
	char state[32] = "", err[128];

	sched_ext_sysfs__state(state, sizeof(state));
	l = launcher_fields(rs, state);
	if (!dash_sample__from_stats(rs->tui_sample, rs->o->policy, snap, &l,
				     err, sizeof(err)))
		dash_session__add(rs->tui, rs->tui_sample);
	/* What each counter counts: the stats_meta a client would get. */
	if (!rs->tui->model->legend.tried) {
		json_t *meta = stats__json_meta(rs->o->policy);

		rs->tui->model->legend.tried = true;
		if (meta)
			dash_legend__from_json(&rs->tui->model->legend, meta);
		json_decref(meta);
	}
}

/* Answers one scx_stats request with a fresh sample. */
static int answer_stats(void *ctx, const char *req, const char *target,
			char *buf, size_t len)
{
	struct run_state *rs = ctx;

	if (!strcmp(req, "stats_meta"))
		return stats__format_meta(rs->o->policy, buf, len) > 0 ? 0
								       : -EIO;
	if (strcmp(req, "stats")) {
		snprintf(buf, len, "unknown request '%.40s'", req);
		return -EINVAL;
	}
	if (strcmp(target, "top")) {
		snprintf(buf, len, "unknown stats target '%.40s'", target);
		return -EINVAL;
	}
	return format_reply(rs, buf, len);
}

/* Poll until a signal, the deadline or an exit the kernel recorded. */
static bool run_loop(struct run_state *rs, struct scxkit_exit_info *ei)
{
	struct loaded_policy *lp = rs->lp;
	const struct run_options *o = rs->o;
	double t0 = rs->t0;
	struct stats_snapshot *prev = &rs->prev, *cur = &rs->cur;
	double next_stats = t0 + (double)o->interval_ms / 1000.0;
	double next_sweep = t0 + 2.0;

	while (!stop_signal) {
		double t = mono_clock__ns() / 1e9;
		bool due;

		if (!loader__read_exit(lp, ei) && ei->kind)
			return false; /* ejected */
		if (o->duration > 0 && t - t0 >= o->duration)
			break;
		/*
		 * One map read per interval, for the stats line or the
		 * dashboard, which keeps its own time (it may be paused).
		 */
		due = rs->tui ? dash_session__due(rs->tui) : t >= next_stats;
		if (due) {
			cur->time_s = t - t0;
			if (!read_snapshot(rs, cur)) {
				if (rs->tui)
					show_sample(rs, cur);
				else if (!o->quiet)
					print_stats(o, prev, cur);
				*prev = *cur;
			}
			next_stats += (double)o->interval_ms / 1000.0;
			if (next_stats < t)
				next_stats = t;
		}
		if (t >= next_sweep && rs->servers[1]) {
			qos_server__sweep(&rs->qos);
			next_sweep = t + 2.0;
		}
		if (rs->tui && !dash_session__poll(rs->tui, 0))
			break; /* q: detach */
		line_server__poll_all(rs->servers, 2, POLL_MS);
	}
	return true;
}

/*
 * Did the kernel unload the policy asking to be restarted?  It does so
 * on CPU hotplug for a scheduler without ops.cpu_online/offline
 * (SCX_ECODE_ACT_RESTART in the exit code), as a state change the
 * policy may not have seen, not as a fault.
 */
static bool restart_asked(const struct scxkit_exit_info *ei)
{
	__u64 act;

	if (kernel_enum__value("scx_exit_code", "SCX_ECODE_ACT_RESTART", &act))
		return false; /* a kernel that never asks */
	return ei->kind && ((__u64)ei->exit_code & act);
}

/* Too many restarts in too little time: stop reloading. */
static bool restarting_too_often(struct run_state *rs, double t)
{
	double oldest = rs->restart_at[rs->restarts % RESTART_BURST];

	return rs->restarts >= RESTART_BURST && t - oldest < RESTART_WINDOW_S;
}

/* Wait (up to 5 s) until the kernel has finished unloading. */
static void wait_disabled(void)
{
	char state[32];
	int i;

	for (i = 0; i < 500; i++) {
		if (sched_ext_sysfs__state(state, sizeof(state)) ||
		    !strcmp(state, "disabled"))
			return;
		usleep(10000);
	}
}

/*
 * Load the policy again after the kernel unloaded it for a restart,
 * with what applications put in the QoS table kept.  Reported on
 * stderr, and as a "restart" record on stdout with --json.
 */
/* One of the loaded policy's maps, by name; -1 if it has none. */
static int map_fd(struct loaded_policy *lp, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(lp->obj, name);

	return m ? bpf_map__fd(m) : -1;
}

/*
 * The QoS socket serves the policy's rules maps; @rules (NULL: the ones
 * it had, after a restart) are put in force.
 */
static int attach_rules(struct run_state *rs, const struct qos_rules *rules)
{
	struct qos_rules_maps m = {
		map_fd(rs->lp, "scxkit_qos_rules"),
		map_fd(rs->lp, "scxkit_qos_rule_hits"),
		map_fd(rs->lp, "scxkit_qos_rules_ctl"),
	};
	int err = qos_server__set_rules(
		&rs->qos, &m, map_fd(rs->lp, "scxkit_task_ctxs"), rules);

	if (err)
		fprintf(stderr,
			"scxkit: cannot put the QoS rules in force: %s\n",
			strerror(-err));
	return err;
}

static int restart_policy(struct run_state *rs, struct scxkit_exit_info *ei)
{
	const struct run_options *o = rs->o;
	struct loaded_policy *lp = rs->lp;
	static char record[SCXKIT_EXIT_RECORD_MAX];
	int keep[3] = { -1, -1, -1 }, i, ret;
	double t = mono_clock__ns() / 1e9;
	char kind[64];

	exit_kind__name(ei->kind, kind, sizeof(kind));
	rs->restart_at[rs->restarts % RESTART_BURST] = t;
	rs->restarts++;
	exit_record__format(record, sizeof(record), "restart",
			    o->policy->desc.name, (int)getpid(), t - rs->t0,
			    false, rs->restarts, ei, kind);
	if (o->json) {
		printf("%s\n", record);
		fflush(stdout);
	}
	if (!o->json)
		fprintf(stderr,
			"scxkit: %s: the kernel unloaded it asking for a restart (%s%s%s); loading it again (restart %d)\n",
			o->policy->desc.name, ei->reason[0] ? ei->reason : kind,
			ei->msg[0] ? ": " : "", ei->msg, rs->restarts);

	/* The maps stay alive through these fds while the object goes. */
	if (lp->qos_fd >= 0)
		keep[0] = dup(lp->qos_fd);
	if (lp->qos_regions_fd >= 0)
		keep[1] = dup(lp->qos_regions_fd);
	if (lp->qos_gen_fd >= 0)
		keep[2] = dup(lp->qos_gen_fd);
	agent_host__stop();
	loader__destroy(lp);
	wait_disabled();
	ret = start_policy(lp, o, keep);
	for (i = 0; i < 3; i++)
		if (keep[i] >= 0)
			close(keep[i]);
	if (ret)
		return -1;
	qos_server__rebind(&rs->qos, lp->qos_fd, lp->qos_regions_fd,
			   lp->qos_gen_fd);
	if (attach_rules(rs, NULL))
		fprintf(stderr,
			"scxkit: the QoS rules are not in force after the restart\n");
	/* The counters start from zero again; so do the rates. */
	memset(&rs->prev, 0, sizeof(rs->prev));
	rs->prev.time_s = mono_clock__ns() / 1e9 - rs->t0;
	memset(ei, 0, sizeof(*ei));
	return 0;
}

static int open_tui(struct run_state *rs)
{
	static struct dash_session session;
	char err[256];

	rs->tui_sample = malloc(sizeof(*rs->tui_sample));
	if (!rs->tui_sample ||
	    dash_session__open(&session, (int)rs->o->interval_ms,
			       "this process", err, sizeof(err))) {
		fprintf(stderr, "scxkit: --tui: %s\n",
			rs->tui_sample ? err : "out of memory");
		free(rs->tui_sample);
		rs->tui_sample = NULL;
		return -1;
	}
	rs->tui = &session;
	return 0;
}

/* The dashboard shows how it ended; after an ejection it waits for q. */
static void close_tui(struct run_state *rs, const char *record, bool requested)
{
	struct dash_exit e;

	if (!rs->tui)
		return;
	if (!dash_exit__parse(&e, record)) {
		dash_session__ended(rs->tui, &e);
		while (!requested && !stop_signal &&
		       dash_session__poll(rs->tui, 100))
			;
	}
	dash_session__close(rs->tui);
	rs->tui = NULL;
	free(rs->tui_sample);
	rs->tui_sample = NULL;
}

int cmd_run(int argc, char **argv)
{
	static struct run_state rs = { .server.line.listen_fd = -1 };
	static struct scxkit_policy from_file;
	struct loaded_policy lp = { .counters_fd = -1, .exit_fd = -1 };
	const struct scxkit_policy *p;
	struct scxkit_exit_info ei = { 0 };
	struct run_options o;
	char err[256], names[512], kind[64];
	static char record[SCXKIT_EXIT_RECORD_MAX];
	static struct qos_rules rules;
	bool requested, tui_failed;
	double t0, uptime;
	int ret = EXIT_FAIL;

	/* Parse options: the policy first, it defines the rest. */
	if (argc < 1 || argv[0][0] == '-') {
		fprintf(stderr,
			"usage: scxkit run POLICY|FILE.bpf.o [options]; 'scxkit list' shows the policies\n");
		return EXIT_USAGE;
	}
	if (policy_file__is_path(argv[0])) {
		/* A missing file is a typo; a bad one cannot start. */
		if (policy_file__load(&from_file, argv[0], err, sizeof(err))) {
			fprintf(stderr, "scxkit: policy %s\n", err);
			return access(argv[0], F_OK) ? EXIT_USAGE : EXIT_FAIL;
		}
		p = &from_file;
	} else {
		p = policy_table__find(argv[0]);
	}
	if (!p) {
		policy_table__names(names, sizeof(names));
		fprintf(stderr, "scxkit: unknown policy '%.64s' (known: %s)\n",
			argv[0], names);
		return EXIT_USAGE;
	}
	if (run_options__parse(&o, p, argc - 1, argv + 1, err, sizeof(err))) {
		fprintf(stderr, "scxkit: %s\n", err);
		return EXIT_USAGE;
	}
	if (o.help) {
		run_options__usage(stdout, p, build_info__in_tree());
		return EXIT_OK;
	}
	/* A bad rules file is refused before anything is checked or loaded. */
	if (o.qos_rules[0] &&
	    qos_rules__parse_file(o.qos_rules, &rules, err, sizeof(err))) {
		fprintf(stderr, "scxkit: --qos-rules %s\n", err);
		return EXIT_USAGE;
	}
	/* For scripts that start the VM: refuse a typo before it boots. */
	if (o.check_only)
		return EXIT_OK;
	verbose = o.verbose;
	if (o.tui && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr,
			"scxkit: --tui needs a terminal on stdin and stdout\n");
		return EXIT_USAGE;
	}

	if (machine__check("run"))
		return EXIT_FAIL;

	/* libbpf talks through us; only warnings unless --verbose. */
	libbpf_set_print(libbpf_print);

	/* Signals end the run loop; the scheduler is detached after it. */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	if (start_policy(&lp, &o, NULL))
		goto out;
	t0 = mono_clock__ns() / 1e9;

	/* Stats for other tools; the scheduler runs on without them. */
	rs.lp = &lp;
	rs.o = &o;
	rs.t0 = t0;
	if (o.stats_socket[0]) {
		if (stats_server__open(&rs.server, o.stats_socket, answer_stats,
				       &rs))
			fprintf(stderr,
				"scxkit: running without the stats socket\n");
		else
			rs.servers[0] = &rs.server.line;
	}

	/* The QoS table, for applications to describe their threads. */
	if (qos_server__open(&rs.qos, lp.qos_fd, lp.qos_regions_fd,
			     lp.qos_gen_fd))
		fprintf(stderr, "scxkit: running without the QoS table\n");
	else
		rs.servers[1] = &rs.qos.line;
	if (attach_rules(&rs, o.qos_rules[0] ? &rules : NULL) &&
	    o.qos_rules[0]) {
		qos_server__close(&rs.qos);
		if (rs.servers[0])
			stats_server__close(&rs.server);
		goto out;
	}
	if (!o.json)
		fprintf(stderr, "scxkit: %s attached (%s mode); %s detaches\n",
			p->desc.name, o.partial ? "partial" : "all tasks",
			o.tui ? "q" : "Ctrl-C");

	tui_failed = o.tui && open_tui(&rs);
	requested = tui_failed ? true : run_loop(&rs, &ei);
	while (!requested && restart_asked(&ei) &&
	       !restarting_too_often(&rs, mono_clock__ns() / 1e9)) {
		if (restart_policy(&rs, &ei)) {
			fprintf(stderr,
				"scxkit: %s could not be loaded again\n",
				p->desc.name);
			break;
		}
		requested = run_loop(&rs, &ei);
	}

	/*
	 * Detach (a requested stop records SCX_EXIT_UNREG), then leave the
	 * exit record before closing the sockets: a dashboard that sees the
	 * socket vanish finds the reason already there.
	 */
	bpf_link__destroy(lp.link);
	lp.link = NULL;
	agent_host__stop();
	if (requested)
		loader__read_exit(&lp, &ei);
	uptime = mono_clock__ns() / 1e9 - t0;
	exit_kind__name(ei.kind, kind, sizeof(kind));
	exit_record__format(record, sizeof(record), "exit", p->desc.name,
			    (int)getpid(), uptime, requested, rs.restarts, &ei,
			    kind);
	if (exit_record__write(EXIT_RECORD_PATH, record))
		fprintf(stderr, "scxkit: cannot write %s: %s\n",
			EXIT_RECORD_PATH, strerror(errno));
	qos_server__close(&rs.qos);
	if (rs.servers[0])
		stats_server__close(&rs.server);
	close_tui(&rs, record, requested);
	report_exit(&o, &ei, requested, uptime, record);
	if (rs.restarts && !o.json)
		fprintf(stderr,
			"scxkit: %s was loaded again %d time%s at the kernel's request\n",
			p->desc.name, rs.restarts, rs.restarts == 1 ? "" : "s");
	ret = tui_failed ? EXIT_FAIL : requested ? EXIT_OK : EXIT_EJECTED;
out:
	agent_host__stop();
	loader__destroy(&lp);
	return ret;
}
