// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit check POLICY|FILE.bpf.o [options]`: put a policy through the
 * scenarios that eject schedulers in real life and give a verdict on
 * each.  The policy runs in a child process, the launcher's own `run`
 * path (so what is checked is what would ship); this process stays out
 * of the policy's hands (SCHED_FIFO) to watch it, and drives the loads.
 */
#include <errno.h>
#include <jansson.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_load.h"
#include "commands.h"
#include "json_out.h"
#include "machine.h"
#include "mono_clock.h"
#include "policy_file.h"
#include "policy_table.h"
#include "run_options.h"
#include "sched_ext_sysfs.h"

#define DEFAULT_SECONDS 5.0
#define CHECK_SCHEMA	1
#define MAX_PASS_ARGS	64
/*
 * CPUs the hotplug scenario takes offline and back: each change may
 * cost a restart, and the launcher gives up after 10 in a minute.
 */
#define HOTPLUG_MAX_CPUS 2

struct check {
	const char *policy_arg;
	char name[64];
	char *pass[MAX_PASS_ARGS]; /* the policy's options, passed on */
	int nr_pass;
	bool json;
	double seconds;
	bool vm;
	double scale; /* how much the bounds are stretched */
	double wait_bound_s; /* longest runnable wait allowed */
	double kill_bound_s; /* kill -9 to the fair class */
	int ncpu;
	json_t *scenarios;
	int passed, failed, skipped;
};

/* The launcher in its child process. */
struct launcher {
	pid_t pid;
	int out_fd, err_fd; /* its stdout and stderr, kept in memory */
	int status;
	bool reaped;
};

static double now_s(void)
{
	return mono_clock__ns() / 1e9;
}

static void sleep_s(double s)
{
	mono_clock__sleep_ns((uint64_t)(s * 1e9));
}

static bool state_is(const char *want)
{
	char state[32];

	return !sched_ext_sysfs__state(state, sizeof(state)) &&
	       !strcmp(state, want);
}

/* Seconds until sched_ext reads @want, or -1 after @timeout. */
static double wait_state(const char *want, double timeout)
{
	double t0 = now_s();

	while (!state_is(want)) {
		if (now_s() - t0 > timeout)
			return -1;
		sleep_s(0.001);
	}
	return now_s() - t0;
}

/*
 * A virtual machine's vCPUs are host threads the host deschedules at
 * will, and under TCG the guest runs tens of times slower than native:
 * waits there measure the host as much as the policy.
 */
static bool in_vm(void)
{
	char line[1024], vendor[64] = "";
	bool vm = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && !vm && fgets(line, sizeof(line), f))
		vm = !strncmp(line, "flags", 5) && strstr(line, " hypervisor");
	if (f)
		fclose(f);
	f = fopen("/sys/class/dmi/id/sys_vendor", "r");
	if (f) {
		if (fgets(vendor, sizeof(vendor), f) &&
		    (strstr(vendor, "QEMU") || strstr(vendor, "KVM")))
			vm = true;
		fclose(f);
	}
	return vm;
}

/* The first line of what the launcher said on stderr, for a verdict. */
static void launcher_said(struct launcher *l, char *buf, size_t len)
{
	ssize_t n = pread(l->err_fd, buf, len - 1, 0);
	char *nl;

	buf[n > 0 ? n : 0] = '\0';
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
}

static bool launcher_alive(struct launcher *l)
{
	if (!l->reaped && waitpid(l->pid, &l->status, WNOHANG) == l->pid)
		l->reaped = true;
	return !l->reaped;
}

/*
 * Start `scxkit run` on the policy in a child and wait until it has
 * attached.  0, or -1 with the reason in @why.
 */
static int launcher_start(struct check *c, struct launcher *l, bool partial,
			  char *why, size_t len)
{
	char *argv[MAX_PASS_ARGS + 8], said[200];
	int n = 0, i;

	memset(l, 0, sizeof(*l));
	l->out_fd = memfd_create("scxkit-check-out", MFD_CLOEXEC);
	l->err_fd = memfd_create("scxkit-check-err", MFD_CLOEXEC);
	if (l->out_fd < 0 || l->err_fd < 0) {
		snprintf(why, len, "memfd_create: %s", strerror(errno));
		return -1;
	}
	argv[n++] = "scxkit";
	argv[n++] = "run";
	argv[n++] = (char *)c->policy_arg;
	for (i = 0; i < c->nr_pass; i++)
		argv[n++] = c->pass[i];
	argv[n++] = "--json";
	argv[n++] = "--quiet";
	if (partial)
		argv[n++] = "--partial";
	argv[n] = NULL;
	fflush(NULL);
	l->pid = fork();
	if (l->pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (l->pid == 0) {
		dup2(l->out_fd, STDOUT_FILENO);
		dup2(l->err_fd, STDERR_FILENO);
		execv("/proc/self/exe", argv);
		fprintf(stderr, "exec /proc/self/exe: %s\n", strerror(errno));
		_exit(127);
	}
	while (!state_is("enabled")) {
		if (!launcher_alive(l)) {
			launcher_said(l, said, sizeof(said));
			snprintf(why, len,
				 "the launcher exited before attaching: %s",
				 said);
			return -1;
		}
		sleep_s(0.005);
	}
	return 0;
}

/*
 * Ask the launcher to detach (SIGINT) and wait for it; its exit record
 * in @record (a new reference, or NULL).  Returns the seconds it took,
 * or -1 if it had to be killed.
 */
static double launcher_stop(struct check *c, struct launcher *l,
			    json_t **record)
{
	static char out[65536];
	double t0 = now_s(), took = 0;
	char *line, *save = NULL;
	ssize_t n;

	*record = NULL;
	if (launcher_alive(l))
		kill(l->pid, SIGINT);
	while (launcher_alive(l) && now_s() - t0 < 10 * c->scale)
		sleep_s(0.002);
	if (launcher_alive(l)) {
		kill(l->pid, SIGKILL);
		waitpid(l->pid, &l->status, 0);
		l->reaped = true;
		took = -1;
	} else {
		took = now_s() - t0;
	}
	wait_state("disabled", 10 * c->scale);
	n = pread(l->out_fd, out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "\"type\":\"exit\"")) {
			json_decref(*record);
			*record = json_loads(line, 0, NULL);
		}
	close(l->out_fd);
	close(l->err_fd);
	/* Tasks a load gave up on are free to exit now. */
	check_load__reap();
	return took;
}

static const char *record_str(json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(rec, key));

	return s ? s : "";
}

/* One scenario's verdict: a line (or a JSON object kept for the end). */
static void verdict(struct check *c, const char *name, const char *v,
		    const char *bounds, json_t *figures, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (!strcmp(v, "fail"))
		c->failed++;
	else if (!strcmp(v, "skip"))
		c->skipped++;
	else if (!strcmp(v, "pass"))
		c->passed++;
	if (!c->json) {
		printf("%-14s %s: %s [bounds: %s]\n", name,
		       !strcmp(v, "pass")   ? "PASS"
		       : !strcmp(v, "fail") ? "FAIL"
		       : !strcmp(v, "skip") ? "SKIP"
					    : "INFO",
		       detail, bounds);
		fflush(stdout);
	}
	json_array_append_new(
		c->scenarios,
		json_pack("{s:s,s:s,s:o,s:o,s:o}", "name", name, "verdict", v,
			  "bounds", json_out__string(bounds, strlen(bounds)),
			  "detail", json_out__string(detail, sizeof(detail)),
			  "figures", figures ? figures : json_object()));
}

/*
 * Did the run end as asked: launcher alive until the stop, exit 0, the
 * record saying requested and SCX_EXIT_UNREG?  "" if so, else why not.
 */
static void judge_exit(struct launcher *l, json_t *rec, double took, char *why,
		       size_t len)
{
	const char *kind = record_str(rec, "kind_name");

	why[0] = '\0';
	if (took < 0)
		snprintf(why, len,
			 "the launcher did not detach within its bound and was "
			 "killed");
	else if (!rec)
		snprintf(why, len,
			 "the launcher left no exit record (status %d)",
			 l->status);
	else if (!json_is_true(json_object_get(rec, "requested")))
		snprintf(why, len, "ejected by the kernel: %s: %s %s", kind,
			 record_str(rec, "reason"), record_str(rec, "msg"));
	else if (strcmp(kind, "SCX_EXIT_UNREG"))
		snprintf(why, len, "exit kind %s, want SCX_EXIT_UNREG", kind);
	else if (!WIFEXITED(l->status) || WEXITSTATUS(l->status))
		snprintf(why, len, "launcher exit status %d", l->status);
}

/*
 * A load under the policy; 0, or -1 (said in @why) if none could run.
 * Its figures are copied to @snap as they stand at its end: tasks it gave
 * up on run (and count) once the policy is detached, which must not
 * make them look as if they had run in time.
 */
static int run_load(const struct load_config *cfg, struct load_result *shared,
		    struct load_result *snap, char *why, size_t len)
{
	int ret = check_load__run(cfg, shared);

	memcpy(snap, shared, sizeof(*snap));
	if (ret) {
		snprintf(why, len, "could not start the load: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static void scenario_attach(struct check *c, struct load_result *shared,
			    bool partial)
{
	struct load_result snap = { .nr_hogs = 0 }, *r = &snap;
	const char *name = partial ? "attach-partial" : "attach-full";
	const char *bounds = "attaches; detaches on SIGINT within 10 s (x "
			     "scale); exit record requested, SCX_EXIT_UNREG";
	struct load_config cfg = { .seconds = 1,
				   .grace_s = c->wait_bound_s,
				   .hogs = c->ncpu };
	struct launcher l;
	char why[512];
	json_t *rec;
	double took;

	if (launcher_start(c, &l, partial, why, sizeof(why))) {
		verdict(c, name, "fail", bounds, NULL, "did not attach: %s",
			why);
		return;
	}
	run_load(&cfg, shared, r, why, sizeof(why));
	took = launcher_stop(c, &l, &rec);
	judge_exit(&l, rec, took, why, sizeof(why));
	if (why[0])
		verdict(c, name, "fail", bounds,
			json_pack("{s:f}", "detach_s", took), "%s", why);
	else
		verdict(c, name, "pass", bounds,
			json_pack("{s:f}", "detach_s", took),
			"attached, detached in %.2f s, exit SCX_EXIT_UNREG "
			"(requested)",
			took);
	json_decref(rec);
}

static double ms(long long ns)
{
	return (double)ns / 1e6;
}

static void scenario_stress(struct check *c, struct load_result *shared)
{
	struct load_result snap = { .nr_hogs = 0 }, *r = &snap;
	char bounds[160], why[512], worst[256] = "", line[96];
	struct load_config cfg = { .seconds = c->seconds,
				   .grace_s = c->wait_bound_s,
				   .hogs = c->ncpu + 1,
				   .mix = true };
	json_t *classes = json_object(), *rec;
	long lost = 0, unran = 0;
	double took, longest = 0;
	struct launcher l;
	int k;

	snprintf(bounds, sizeof(bounds),
		 "%.0f s of spin, pipe, fork, yield, sleep, churn; no "
		 "ejection; longest wait <= %.0f ms per class; 0 lost tasks",
		 c->seconds, c->wait_bound_s * 1000);
	if (launcher_start(c, &l, false, why, sizeof(why))) {
		verdict(c, "stress", "fail", bounds, NULL, "did not attach: %s",
			why);
		return;
	}
	if (run_load(&cfg, shared, r, why, sizeof(why))) {
		launcher_stop(c, &l, &rec);
		json_decref(rec);
		verdict(c, "stress", "fail", bounds, NULL, "%s", why);
		return;
	}
	took = launcher_stop(c, &l, &rec);
	judge_exit(&l, rec, took, why, sizeof(why));
	for (k = 0; k < NR_LOAD_CLASSES; k++) {
		struct load_class_result *cr = &r->cls[k];

		if (!cr->created)
			continue;
		json_object_set_new(
			classes, load_class__name(k),
			json_pack("{s:I,s:I,s:I,s:I,s:f}", "created",
				  (json_int_t)cr->created, "ran",
				  (json_int_t)cr->ran, "reaped",
				  (json_int_t)cr->reaped, "rounds",
				  (json_int_t)cr->rounds, "max_wait_ms",
				  ms(cr->max_wait_ns)));
		lost += cr->created - cr->reaped;
		unran += cr->created - cr->ran;
		if (ms(cr->max_wait_ns) > longest)
			longest = ms(cr->max_wait_ns);
		if (ms(cr->max_wait_ns) > c->wait_bound_s * 1000) {
			snprintf(line, sizeof(line), "%s%s waited %.0f ms",
				 worst[0] ? ", " : "", load_class__name(k),
				 ms(cr->max_wait_ns));
			strncat(worst, line, sizeof(worst) - strlen(worst) - 1);
		}
	}
	json_t *fig = json_pack("{s:o,s:I,s:I,s:f,s:b}", "classes", classes,
				"lost", (json_int_t)lost, "never_ran",
				(json_int_t)unran, "longest_wait_ms", longest,
				"cgroup_moves", r->cgroups);
	if (why[0] || lost || worst[0])
		verdict(c, "stress", "fail", bounds, fig,
			"%s%s%ld lost task%s (%ld never ran)%s%s", why,
			why[0] ? "; " : "", lost, lost == 1 ? "" : "s", unran,
			worst[0] ? "; " : "", worst);
	else
		verdict(c, "stress", "pass", bounds, fig,
			"no ejection, 0 lost of %ld tasks, longest wait %.1f "
			"ms%s",
			r->cls[LOAD_FORK].created + r->cls[LOAD_SPIN].created,
			longest,
			r->cgroups ? "" : " (no cgroup moves: no cgroup v2)");
	json_decref(rec);
}

/* Per-CPU kernel workers: a write to stat_refresh waits for one on each CPU. */
static double kworkers_run(double bound_s, bool *tested)
{
	double t0 = now_s();
	pid_t pid;
	int st;

	*tested = !access("/proc/sys/vm/stat_refresh", W_OK);
	if (!*tested)
		return 0;
	pid = fork();
	if (pid == 0) {
		FILE *f = fopen("/proc/sys/vm/stat_refresh", "w");

		_exit(!f || fputs("1", f) < 0 || fclose(f));
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now_s() - t0 > bound_s) {
			kill(pid, SIGKILL);
			return -1;
		}
		sleep_s(0.001);
	}
	return now_s() - t0;
}

static void scenario_pinned(struct check *c, struct load_result *shared)
{
	struct load_result snap = { .nr_hogs = 0 }, *r = &snap;
	struct load_config cfg = { .grace_s = c->wait_bound_s,
				   .hogs = c->ncpu,
				   .pinned = true };
	char bounds[200], why[512];
	struct launcher l;
	double took, kw;
	bool kw_tested;
	json_t *rec, *fig;

	snprintf(bounds, sizeof(bounds),
		 "a task pinned to each CPU in turn, beside %d hogs, runs "
		 "there within %.0f ms; per-CPU kworkers (stat_refresh) within "
		 "%.0f ms",
		 c->ncpu, c->wait_bound_s * 1000, c->wait_bound_s * 1000);
	if (launcher_start(c, &l, false, why, sizeof(why))) {
		verdict(c, "pinned", "fail", bounds, NULL, "did not attach: %s",
			why);
		return;
	}
	run_load(&cfg, shared, r, why, sizeof(why));
	kw = kworkers_run(c->wait_bound_s, &kw_tested);
	took = launcher_stop(c, &l, &rec);
	judge_exit(&l, rec, took, why, sizeof(why));
	fig = json_pack("{s:I,s:I,s:f,s:f}", "cpus",
			(json_int_t)r->cls[LOAD_PINNED].created, "missed",
			(json_int_t)r->pinned_missed, "longest_wait_ms",
			ms(r->cls[LOAD_PINNED].max_wait_ns), "kworkers_ms",
			kw * 1000);
	if (r->pinned_missed)
		verdict(c, "pinned", "fail", bounds, fig,
			"%d of %ld pinned tasks did not run in time (first: "
			"CPU %d)%s%s",
			r->pinned_missed, r->cls[LOAD_PINNED].created,
			r->pinned_first_missed, why[0] ? "; " : "", why);
	else if (kw < 0)
		verdict(c, "pinned", "fail", bounds, fig,
			"the per-CPU kworkers did not all run within %.0f "
			"ms%s%s",
			c->wait_bound_s * 1000, why[0] ? "; " : "", why);
	else if (why[0])
		verdict(c, "pinned", "fail", bounds, fig, "%s", why);
	else
		verdict(c, "pinned", "pass", bounds, fig,
			"pinned tasks ran on all %ld CPUs (longest wait %.1f "
			"ms)%s",
			r->cls[LOAD_PINNED].created,
			ms(r->cls[LOAD_PINNED].max_wait_ns),
			kw_tested ? ", per-CPU kworkers ran"
				  : "; kworkers untested (no stat_refresh)");
	json_decref(rec);
}

static int cpu_online_write(int cpu, int on)
{
	char path[96];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fprintf(f, "%d", on) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void scenario_hotplug(struct check *c, struct load_result *shared)
{
	struct load_result snap = { .nr_hogs = 0 }, *r = &snap;
	const char *bounds = "up to 2 hotpluggable CPUs offline and online "
			     "again; "
			     "the scheduler attached after (restarts allowed) "
			     "within 10 s (x scale); pinned tasks then run on "
			     "every CPU";
	struct load_config cfg = { .grace_s = c->wait_bound_s,
				   .hogs = c->ncpu,
				   .pinned = true };
	char path[96], why[512] = "";
	int cpu, cycled = 0, err = 0;
	struct launcher l;
	json_t *rec, *fig;
	double took;

	for (cpu = 1; cpu < c->ncpu; cpu++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/online", cpu);
		if (!access(path, W_OK))
			break;
	}
	if (cpu >= c->ncpu) {
		verdict(c, "hotplug", "skip", bounds, NULL,
			"no CPU can go offline here (no writable "
			"/sys/devices/system/cpu/cpuN/online)");
		return;
	}
	if (launcher_start(c, &l, false, why, sizeof(why))) {
		verdict(c, "hotplug", "fail", bounds, NULL,
			"did not attach: %s", why);
		return;
	}
	for (cpu = 1; cpu < c->ncpu && cycled < HOTPLUG_MAX_CPUS; cpu++) {
		int tries;

		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/online", cpu);
		if (access(path, W_OK))
			continue;
		if (cpu_online_write(cpu, 0)) {
			err = errno;
			continue;
		}
		sleep_s(0.3);
		/* Never leave the machine a CPU short. */
		for (tries = 0; tries < 50 && cpu_online_write(cpu, 1); tries++)
			sleep_s(0.1);
		if (tries)
			err = errno;
		cycled++;
		/* The next change only once the reload of this one is done. */
		sleep_s(0.3);
		wait_state("enabled", 10 * c->scale);
	}
	/* The launcher reloads a policy the kernel unloaded for this. */
	if (wait_state("enabled", 10 * c->scale) < 0 || !launcher_alive(&l)) {
		snprintf(why, sizeof(why),
			 "not attached after the hotplug (state not enabled)");
	} else {
		run_load(&cfg, shared, r, why, sizeof(why));
	}
	took = launcher_stop(c, &l, &rec);
	if (!why[0])
		judge_exit(&l, rec, took, why, sizeof(why));
	fig = json_pack("{s:i,s:I,s:i}", "cpus_cycled", cycled, "restarts",
			json_integer_value(json_object_get(rec, "restarts")),
			"pinned_missed", r->pinned_missed);
	if (!why[0] && r->pinned_missed)
		snprintf(why, sizeof(why),
			 "after the hotplug, the task pinned to CPU %d did not "
			 "run",
			 r->pinned_first_missed);
	if (why[0])
		verdict(c, "hotplug", "fail", bounds, fig, "%s", why);
	else if (!cycled)
		verdict(c, "hotplug", "skip", bounds, fig,
			"no CPU went offline: %s", strerror(err));
	else
		verdict(c, "hotplug", "pass", bounds, fig,
			"%d CPU%s cycled, %lld restart%s, pinned tasks ran "
			"after",
			cycled, cycled == 1 ? "" : "s",
			json_integer_value(json_object_get(rec, "restarts")),
			json_integer_value(json_object_get(rec, "restarts")) ==
					1
				? ""
				: "s");
	json_decref(rec);
}

static void scenario_kill9(struct check *c)
{
	char bounds[160], why[512];
	pid_t hogs[LOAD_MAX_HOGS];
	int n = c->ncpu + 1, i;
	struct launcher l;
	double t, t0;

	snprintf(bounds, sizeof(bounds),
		 "launcher SIGKILLed beside %d hogs; sched_ext disabled (tasks "
		 "back on the fair class) within %.0f ms",
		 n, c->kill_bound_s * 1000);
	if (launcher_start(c, &l, false, why, sizeof(why))) {
		verdict(c, "kill9", "fail", bounds, NULL, "did not attach: %s",
			why);
		return;
	}
	if (n > LOAD_MAX_HOGS)
		n = LOAD_MAX_HOGS;
	for (i = 0; i < n; i++) {
		hogs[i] = fork();
		if (hogs[i] == 0)
			for (;;)
				;
	}
	sleep_s(0.3);
	t0 = now_s();
	kill(l.pid, SIGKILL);
	t = wait_state("disabled", 10 * c->scale);
	for (i = 0; i < n; i++)
		if (hogs[i] > 0)
			kill(hogs[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (hogs[i] > 0)
			waitpid(hogs[i], NULL, 0);
	waitpid(l.pid, NULL, 0);
	close(l.out_fd);
	close(l.err_fd);
	if (t < 0)
		verdict(c, "kill9", "fail", bounds, NULL,
			"still attached %.0f s after kill -9 (took %.2f s so "
			"far)",
			10 * c->scale, now_s() - t0);
	else if (t > c->kill_bound_s)
		verdict(c, "kill9", "fail", bounds,
			json_pack("{s:f}", "fallback_ms", t * 1000),
			"back on the fair class %.0f ms after kill -9",
			t * 1000);
	else
		verdict(c, "kill9", "pass", bounds,
			json_pack("{s:f}", "fallback_ms", t * 1000),
			"back on the fair class %.0f ms after kill -9",
			t * 1000);
}

static void scenario_fairness(struct check *c, struct load_result *shared)
{
	struct load_result snap = { .nr_hogs = 0 }, *r = &snap;
	struct load_config cfg = { .seconds = c->seconds < 3 ? c->seconds : 3,
				   .grace_s = c->wait_bound_s,
				   .hogs = 2 * c->ncpu };
	double total = 0, lo = 1, hi = 0, share;
	char bounds[120], why[512];
	json_t *shares, *rec, *fig;
	struct launcher l;
	int i;

	if (cfg.hogs > LOAD_MAX_HOGS)
		cfg.hogs = LOAD_MAX_HOGS;
	snprintf(bounds, sizeof(bounds),
		 "none (informs): %d equal hogs for %.0f s, CPU share of each "
		 "and longest wait",
		 cfg.hogs, cfg.seconds);
	if (launcher_start(c, &l, false, why, sizeof(why))) {
		verdict(c, "fairness", "info", bounds, NULL,
			"did not attach: %s", why);
		return;
	}
	run_load(&cfg, shared, r, why, sizeof(why));
	launcher_stop(c, &l, &rec);
	json_decref(rec);
	for (i = 0; i < r->nr_hogs; i++)
		total += (double)r->hog_cpu_ns[i];
	shares = json_array();
	for (i = 0; i < r->nr_hogs && total > 0; i++) {
		share = (double)r->hog_cpu_ns[i] / total;
		json_array_append_new(shares, json_out__real(share, 4));
		if (share < lo)
			lo = share;
		if (share > hi)
			hi = share;
	}
	fig = json_pack("{s:o,s:f}", "shares", shares, "longest_wait_ms",
			ms(r->cls[LOAD_SPIN].max_wait_ns));
	verdict(c, "fairness", "info", bounds, fig,
		"hog shares %.1f%%..%.1f%% (equal: %.1f%%), longest wait %.1f "
		"ms",
		lo * 100, hi * 100, 100.0 / (r->nr_hogs ? r->nr_hogs : 1),
		ms(r->cls[LOAD_SPIN].max_wait_ns));
}

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: scxkit check POLICY|FILE.bpf.o [policy options] "
		"[--json] [--seconds N]\n"
		"\n"
		"Runs the policy through attach/detach (full and partial), a "
		"stress\n"
		"mix, pinned tasks, CPU hotplug, kill -9 of the launcher and "
		"a\n"
		"fairness report; prints a verdict per scenario.  Exit 0 when "
		"all\n"
		"pass, 1 when one fails, 2 on a bad command line.\n"
		"\n"
		"  --seconds N   length of the stress mix (default %.0f)\n"
		"  --json        one JSON report on stdout instead of lines\n",
		DEFAULT_SECONDS);
}

/* Splits check's own options from the policy's; -1 on a bad one. */
static int parse(struct check *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (!strcmp(a, "--json")) {
			c->json = true;
		} else if (!strcmp(a, "--seconds") ||
			   !strncmp(a, "--seconds=", 10)) {
			const char *v = a[9] == '='    ? a + 10
					: i + 1 < argc ? argv[++i]
						       : "";

			c->seconds = strtod(v, &end);
			if (!*v || *end || c->seconds < 1 ||
			    c->seconds > 3600) {
				fprintf(stderr,
					"scxkit: --seconds wants 1..3600, got "
					"'%.32s'\n",
					v);
				return -1;
			}
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			check_usage(stdout);
			exit(EXIT_OK);
		} else {
			if (c->nr_pass >= MAX_PASS_ARGS) {
				fprintf(stderr, "scxkit: too many options\n");
				return -1;
			}
			c->pass[c->nr_pass++] = argv[i];
		}
	}
	return 0;
}

/* The policy and its options, refused before anything is attached. */
static int validate(struct check *c)
{
	static struct scxkit_policy from_file;
	const struct scxkit_policy *p;
	struct run_options o;
	char err[256], names[512];

	if (policy_file__is_path(c->policy_arg)) {
		if (policy_file__load(&from_file, c->policy_arg, err,
				      sizeof(err))) {
			fprintf(stderr, "scxkit: policy %s\n", err);
			return access(c->policy_arg, F_OK) ? EXIT_USAGE
							   : EXIT_FAIL;
		}
		p = &from_file;
	} else {
		p = policy_table__find(c->policy_arg);
	}
	if (!p) {
		policy_table__names(names, sizeof(names));
		fprintf(stderr, "scxkit: unknown policy '%.64s' (known: %s)\n",
			c->policy_arg, names);
		return EXIT_USAGE;
	}
	if (run_options__parse(&o, p, c->nr_pass, c->pass, err, sizeof(err))) {
		fprintf(stderr, "scxkit: %s\n", err);
		return EXIT_USAGE;
	}
	if (o.partial || o.tui || o.duration > 0 || o.help) {
		fprintf(stderr, "scxkit: check chooses --partial and "
				"--duration itself, and has no --tui\n");
		return EXIT_USAGE;
	}
	snprintf(c->name, sizeof(c->name), "%s", p->desc.name);
	return EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	static struct check c = { .seconds = DEFAULT_SECONDS };
	struct sched_param sp = { .sched_priority = 1 };
	struct load_result *r;
	json_t *report;
	int ret;

	if (argc < 1 || argv[0][0] == '-') {
		if (argc >= 1 &&
		    (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
			check_usage(stdout);
			return EXIT_OK;
		}
		check_usage(stderr);
		return EXIT_USAGE;
	}
	c.policy_arg = argv[0];
	if (parse(&c, argc, argv))
		return EXIT_USAGE;
	ret = validate(&c);
	if (ret)
		return ret;
	if (machine__check("check"))
		return EXIT_FAIL;

	c.ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	c.vm = in_vm();
	c.scale = c.vm ? 5 : 1;
	c.wait_bound_s = 1.0 * c.scale;
	c.kill_bound_s = 1.0 * c.scale;
	c.scenarios = json_array();
	r = check_load__map();
	if (!r) {
		fprintf(stderr, "scxkit: cannot map the load's counters\n");
		return EXIT_FAIL;
	}
	/*
	 * Out of the policy's hands, so that a policy starving everyone
	 * cannot stop us from seeing it; children go back to the normal
	 * class, under the policy.
	 */
	if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp))
		fprintf(stderr,
			"scxkit: cannot run as SCHED_FIFO (%s): a policy that "
			"stalls tasks may stall the check\n",
			strerror(errno));
	if (!c.json) {
		printf("scxkit check: %s, %d CPUs%s\n", c.name, c.ncpu,
		       c.vm ? "; a virtual machine: time bounds x5 (vCPUs are "
			      "host threads the host deschedules, and "
			      "emulation runs far slower)"
			    : "");
		fflush(stdout);
	}
	scenario_attach(&c, r, false);
	scenario_attach(&c, r, true);
	scenario_stress(&c, r);
	scenario_pinned(&c, r);
	scenario_hotplug(&c, r);
	scenario_kill9(&c);
	scenario_fairness(&c, r);
	check_load__unmap(r);

	ret = c.failed ? EXIT_FAIL : EXIT_OK;
	if (c.json) {
		report = json_pack(
			"{s:s,s:i,s:o,s:f,s:i,s:b,s:f,s:f,s:s,s:i,s:i,s:i,s:o}",
			"type", "check", "schema", CHECK_SCHEMA, "policy",
			json_out__string(c.name, sizeof(c.name)), "seconds",
			c.seconds, "cpus", c.ncpu, "vm", c.vm, "wait_bound_ms",
			c.wait_bound_s * 1000, "kill_bound_ms",
			c.kill_bound_s * 1000, "verdict",
			c.failed ? "fail" : "pass", "passed", c.passed,
			"failed", c.failed, "skipped", c.skipped, "scenarios",
			c.scenarios);
		json_dumpf(report, stdout,
			   JSON_COMPACT | JSON_PRESERVE_ORDER |
				   JSON_REAL_PRECISION(6));
		printf("\n");
		json_decref(report);
	} else {
		printf("check: %s: %s (%d passed, %d failed, %d skipped)\n",
		       c.name, c.failed ? "FAIL" : "PASS", c.passed, c.failed,
		       c.skipped);
		json_decref(c.scenarios);
	}
	return ret;
}
