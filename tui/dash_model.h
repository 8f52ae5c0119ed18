/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the dashboard knows: the latest samples of a running scheduler (as
 * its scx_stats reply describes it), the rates between them, a short
 * history of queue depths, and how the scheduler ended if it did.
 * `scxkit top` parses them from scx_stats replies on the socket; `scxkit
 * run --tui` builds the same reply object from its own snapshot and reads
 * it the same way (dash_sample__from_stats), so both see one sample.
 * Either way the model is unit-tested without a kernel or a terminal.
 */
#ifndef __SCXKIT_DASH_MODEL_H
#define __SCXKIT_DASH_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <scxkit/common.h> /* SCXKIT_MAX_COUNTERS, _QUEUES, _CPUS */

struct scxkit_policy;
struct stats_launcher;
struct stats_snapshot;

#define DASH_NAME_LEN 32
#define DASH_MAX_OPTS 32
#define DASH_HISTORY  120 /* samples of queue depth kept for sparklines */

struct dash_cpu {
	int cpu;
	int pid; /* 0: no ext task running there */
	char comm[DASH_NAME_LEN];
	unsigned int qos;
	char qos_by[16]; /* "mark", "rule N", "exec", ...; "": not known */
	double run_ms; /* length of the current run */
	double runs, kicks; /* totals since attach */
	double preempt_rate; /* preemption kicks/s since the last sample */
	double start_rate; /* ext task starts/s since the last sample */
};

struct dash_counter {
	char name[DASH_NAME_LEN];
	double total;
	double rate; /* per second since the last sample */
};

struct dash_opt {
	char name[DASH_NAME_LEN];
	double value;
};

/* One stats reply, parsed. */
struct dash_sample {
	char policy[DASH_NAME_LEN];
	double time_s; /* since attach */
	int launcher_pid; /* 0 if the server did not say */
	char mode[16]; /* "all" or "partial" */
	char kernel_state[16]; /* /sys/kernel/sched_ext/state */
	int nr_opts;
	struct dash_opt opts[DASH_MAX_OPTS];
	int nr_counters;
	struct dash_counter counters[SCXKIT_MAX_COUNTERS];
	int nr_queues;
	long long depth[SCXKIT_MAX_QUEUES];
	int nr_cpus;
	struct dash_cpu cpus[SCXKIT_MAX_CPUS];
};

/*
 * What each counter counts, from the server's stats_meta reply (each
 * counter's help text): shown on the help page, so names such as
 * pdelay_lt_100us explain themselves.
 */
#define DASH_LEGEND_MAX (SCXKIT_MAX_COUNTERS + 16)

struct dash_legend {
	bool tried; /* asked for it for this launcher, answered or not */
	int n;
	struct {
		char name[DASH_NAME_LEN];
		char help[SCXKIT_HELP_LEN];
	} e[DASH_LEGEND_MAX];
};

/* How a scheduler ended, from the launcher's exit record. */
struct dash_exit {
	char policy[DASH_NAME_LEN];
	int launcher_pid;
	double time_s; /* uptime when it ended */
	bool requested; /* detached on request, not ejected */
	int kind;
	char kind_name[64];
	long long exit_code;
	char reason[256];
	char msg[1024];
};

enum dash_state {
	DASH_WAITING, /* nothing answered yet */
	DASH_RUNNING, /* the last request was answered */
	DASH_DETACHED, /* the launcher detached it on request */
	DASH_EJECTED, /* the kernel ejected it; see exit */
	DASH_GONE, /* it stopped answering and left no exit record */
};

struct dash_model {
	enum dash_state state;
	bool have_sample;
	struct dash_sample cur;
	struct dash_exit exit; /* valid in DASH_DETACHED/DASH_EJECTED */
	int hist_len; /* samples in hist, up to DASH_HISTORY */
	long long hist[SCXKIT_MAX_QUEUES][DASH_HISTORY]; /* oldest first */
	char note[160]; /* why we are waiting or gone */
	struct dash_legend legend; /* reset with the model: per launcher */
};

/*
 * dash_sample__parse - parse one stats reply into @s.  Accepts the whole
 * scx_stats reply ({"errno":0,"args":{"resp":{...}}}) or the bare object.
 * Returns 0, or -1 with a reason in @err.
 */
int dash_sample__parse(struct dash_sample *s, const char *json, char *err,
		       size_t errlen);

/*
 * dash_sample__from_json - read @s from a stats reply's object @body (the
 * "resp" of a reply, stats__json_body()'s object).  What
 * dash_sample__parse does once the text is parsed; returns 0, or -1 with
 * a reason in @err.
 */
int dash_sample__from_json(struct dash_sample *s, json_t *body, char *err,
			   size_t errlen);

/*
 * dash_sample__from_stats - the sample a stats client would read from
 * the reply for @snap (stats__json_body(@p, @snap, @l)), without the
 * socket: how `scxkit run --tui` feeds its own dashboard.
 */
int dash_sample__from_stats(struct dash_sample *s,
			    const struct scxkit_policy *p,
			    const struct stats_snapshot *snap,
			    const struct stats_launcher *l, char *err,
			    size_t errlen);

/*
 * dash_legend__from_json - read @l from a stats_meta reply: the whole
 * reply ({"errno":0,"args":{"resp":{...}}}) or its "resp" object.  Takes
 * the fields of the struct marked "top" with their "desc".  Returns the
 * number of entries, or -1 if @meta is no stats_meta.
 */
int dash_legend__from_json(struct dash_legend *l, json_t *meta);

/* dash_legend__parse - dash_legend__from_json on the reply's text. */
int dash_legend__parse(struct dash_legend *l, const char *json);

/* dash_legend__help - what counter @name counts, NULL if not known. */
const char *dash_legend__help(const struct dash_legend *l, const char *name);

/* dash_exit__parse - parse an exit record (see exit_record.h). */
int dash_exit__parse(struct dash_exit *e, const char *json);

/* dash_model__init - an empty model, waiting for a scheduler. */
void dash_model__init(struct dash_model *m);

/*
 * dash_model__add - take sample @s: rates against the previous sample of
 * the same launcher, one more history point, state running.  A different
 * launcher (or policy) starts a fresh model.
 */
void dash_model__add(struct dash_model *m, const struct dash_sample *s);

/*
 * dash_model__lost - the scheduler stopped answering.  @e is the exit
 * record found, or NULL; it applies only if it names the launcher the
 * model was watching.  @why says what failed, for the screen.
 */
void dash_model__lost(struct dash_model *m, const struct dash_exit *e,
		      const char *why);

/* dash_model__ended - the embedded case: the exit is known first hand. */
void dash_model__ended(struct dash_model *m, const struct dash_exit *e);

/* dash_model__total_queued - sum of the latest queue depths. */
long long dash_model__total_queued(const struct dash_model *m);

/* dash_model__counter - the counter named @name, NULL if absent. */
const struct dash_counter *dash_model__counter(const struct dash_model *m,
					       const char *name);

/* dash_state__name - "running", "ejected", ... for the screen and text. */
const char *dash_state__name(enum dash_state st);

#endif
