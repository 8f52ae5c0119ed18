// SPDX-License-Identifier: GPL-2.0
/* Draws the dashboard on a canvas; see dash_render.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dash_render.h"

/* Rates an operator looks at first; every other counter follows. */
static const int headline_rates[] = {
	SCXKIT_C_ENQUEUE,	SCXKIT_C_DISPATCH,     SCXKIT_C_DIRECT,
	SCXKIT_C_RUNNING,	SCXKIT_C_PREEMPT_KICK, SCXKIT_C_PREEMPT_HIGHER,
	SCXKIT_C_PREEMPT_SLICE, SCXKIT_C_PREEMPT_IDLE, SCXKIT_C_PREEMPT_OTHER,
};
#define NR_HEADLINE (int)(sizeof(headline_rates) / sizeof(headline_rates[0]))

#define MSG_LINES_MAX 4
#define ARRAY_LEN(a)  (int)(sizeof(a) / sizeof((a)[0]))

void dash_format_duration(double ms, char *buf, size_t len)
{
	if (!(ms > 0))
		ms = 0; /* negative or NaN */
	if (ms > 3.6e12)
		ms = 3.6e12; /* 1000 hours: keeps the int casts defined */
	if (ms < 1)
		snprintf(buf, len, "%.0fus", ms * 1000);
	else if (ms < 1000)
		snprintf(buf, len, "%.1fms", ms);
	else if (ms < 60000)
		snprintf(buf, len, "%.2fs", ms / 1000);
	else if (ms < 3600000)
		snprintf(buf, len, "%dm%02ds", (int)(ms / 60000),
			 (int)(ms / 1000) % 60);
	else
		snprintf(buf, len, "%dh%02dm", (int)(ms / 3600000),
			 (int)(ms / 60000) % 60);
}

/* Whole seconds: an uptime in milliseconds only flickers. */
static void format_uptime(double s, char *buf, size_t len)
{
	if (!(s > 0))
		s = 0;
	if (s < 60)
		snprintf(buf, len, "%ds", (int)s);
	else
		dash_format_duration(s * 1000, buf, len);
}

static void format_rate(double r, char *buf, size_t len)
{
	if (r < 9999.5)
		snprintf(buf, len, "%.0f", r);
	else if (r < 999950)
		snprintf(buf, len, "%.1fk", r / 1000);
	else
		snprintf(buf, len, "%.1fM", r / 1e6);
}

void dash_sparkline(const long long *depth, int n, long long max, char *buf,
		    size_t len)
{
	static const char levels[] = " .:-=+*#%@";
	int i, top = (int)sizeof(levels) - 2;

	if (!len)
		return;
	for (i = 0; i < n && (size_t)i + 1 < len; i++) {
		long long d = depth[i] < 0 ? 0 : depth[i];
		int k = 0;

		if (d > 0 && max > 0) {
			k = (int)ceil((double)d * top / (double)max);
			if (k < 1)
				k = 1;
			if (k > top)
				k = top;
		}
		buf[i] = levels[k];
	}
	buf[i] = '\0';
}

/* Rate cells in display order: indexes into m->cur.counters. */
static int rate_order(const struct dash_model *m, int *order)
{
	const struct dash_sample *s = &m->cur;
	bool used[SCXKIT_MAX_COUNTERS] = { false };
	int n = 0, i, k;

	for (k = 0; k < NR_HEADLINE; k++)
		for (i = 0; i < s->nr_counters; i++)
			if (!used[i] &&
			    !strcmp(s->counters[i].name,
				    scxkit_counter_name(headline_rates[k]))) {
				used[i] = true;
				order[n++] = i;
			}
	for (i = 0; i < s->nr_counters; i++)
		if (!used[i])
			order[n++] = i;
	return n;
}

/* Lines the exit (or "gone", "waiting") panel needs at @cols. */
static int exit_lines(const struct dash_model *m, int cols)
{
	int width = cols - 11, msg;

	switch (m->state) {
	case DASH_DETACHED:
	case DASH_EJECTED:
		msg = 0;
		if (m->exit.msg[0] && width > 0) {
			msg = ((int)strlen(m->exit.msg) + width - 1) / width;
			if (msg > MSG_LINES_MAX)
				msg = MSG_LINES_MAX;
		}
		return 2 + msg;
	case DASH_GONE:
	case DASH_WAITING:
		return 1;
	case DASH_RUNNING:
		break;
	}
	return 0;
}

/*
 * The options line, wrapped at @c's width under its "options:" label:
 * drawn into rows @top.. of @c up to @height of them, or with @c NULL
 * only counted (@cols wide).  Returns the rows it takes.
 */
static int options_rows(const struct dash_model *m, struct dash_canvas *c,
			int cols, int top, int height)
{
	static const char label[] = "options:";
	const struct dash_sample *s = &m->cur;
	const int indent = sizeof(label) - 1;
	int col = indent, row = 0, i;
	char item[DASH_NAME_LEN + 48];

	if (c)
		dash_canvas__put(c, top, 0, DA_HEADER, label);
	if (!s->nr_opts && c)
		col = dash_canvas__put(c, top, col, DA_DIM, " (none)");
	else if (!s->nr_opts)
		col += 7;
	for (i = 0; i <= s->nr_opts; i++) {
		enum dash_attr attr = DA_NORMAL;

		if (i < s->nr_opts) {
			snprintf(item, sizeof(item), " %s=%.0f",
				 s->opts[i].name, s->opts[i].value);
		} else if (s->kernel_state[0] &&
			   strcmp(s->kernel_state, "enabled")) {
			snprintf(item, sizeof(item), "  kernel: %s",
				 s->kernel_state);
			attr = DA_ALERT;
		} else {
			break;
		}
		if (col > indent && col + (int)strlen(item) > cols) {
			row++;
			col = indent;
		}
		if (c && row < height)
			dash_canvas__put(c, top + row, col, attr, item);
		col += (int)strlen(item);
	}
	return row + 1;
}

void dash_render__layout_in(const struct dash_model *m,
			    const struct dash_view *v, int rows, int cols,
			    struct dash_layout_in *in)
{
	int order[SCXKIT_MAX_COUNTERS];

	memset(in, 0, sizeof(*in));
	in->rows = rows;
	in->cols = cols;
	in->nr_queues = m->have_sample ? m->cur.nr_queues : 0;
	in->nr_cpus = m->have_sample ? m->cur.nr_cpus : 0;
	in->nr_rates = m->have_sample ? rate_order(m, order) : 0;
	in->exit_lines = exit_lines(m, cols);
	in->options_lines = m->have_sample ? options_rows(m, NULL, cols, 0, 0)
					   : 1;
	in->no_keys = v && v->snapshot;
}

static void draw_title(const struct dash_model *m, const struct dash_view *v,
		       struct dash_canvas *c, int row)
{
	const struct dash_sample *s = &m->cur;
	enum dash_attr state_attr = m->state == DASH_RUNNING ? DA_GOOD
							     : DA_ALERT;
	char up[32];
	int col;

	dash_canvas__fill(c, row, DA_TITLE);
	col = dash_canvas__put(c, row, 0, DA_TITLE, " scxkit: ");
	col = dash_canvas__put(c, row, col, DA_TITLE,
			       m->have_sample ? s->policy : "(no scheduler)");
	col = dash_canvas__put(c, row, col, DA_TITLE, " | ");
	col = dash_canvas__put(c, row, col, state_attr,
			       dash_state__name(m->state));
	if (v->paused)
		col = dash_canvas__put(c, row, col, DA_ALERT, " PAUSED");
	if (m->have_sample) {
		format_uptime(s->time_s, up, sizeof(up));
		col = dash_canvas__printf(c, row, col, DA_TITLE,
					  " | up %s | %d cpus", up, s->nr_cpus);
		if (s->mode[0])
			col = dash_canvas__printf(c, row, col, DA_TITLE,
						  " | %s tasks", s->mode);
		if (s->launcher_pid)
			col = dash_canvas__printf(c, row, col, DA_TITLE,
						  " | pid %d", s->launcher_pid);
	}
	dash_canvas__printf(c, row, col, DA_TITLE, " | every %.1fs",
			    v->interval_ms / 1000.0);
}

static void draw_exit(const struct dash_model *m, struct dash_canvas *c,
		      const struct dash_band *b)
{
	const struct dash_exit *e = &m->exit;
	int row = b->top, end = b->top + b->height, width = c->cols - 11;
	const char *msg = e->msg;
	char up[32];

	if (!b->height)
		return;
	if (m->state == DASH_GONE || m->state == DASH_WAITING) {
		dash_canvas__printf(c, row, 0,
				    m->state == DASH_GONE ? DA_ALERT : DA_DIM,
				    "%s", m->note[0] ? m->note : "waiting");
		return;
	}
	dash_format_duration(e->time_s * 1000, up, sizeof(up));
	dash_canvas__printf(c, row++, 0, DA_ALERT,
			    "%s %s after %s: %s (%d), exit code %lld",
			    e->requested ? "DETACHED" : "EJECTED", e->policy,
			    up, e->kind_name[0] ? e->kind_name : "?", e->kind,
			    e->exit_code);
	if (row < end)
		dash_canvas__printf(c, row++, 0, DA_ALERT, "  reason:  %s",
				    e->reason[0] ? e->reason : "(none)");
	while (row < end && *msg && width > 0) {
		char part[1024];
		int n = (int)strlen(msg);

		if (n > width)
			n = width;
		memcpy(part, msg, (size_t)n);
		part[n] = '\0';
		dash_canvas__printf(c, row, 0, DA_ALERT, "  %s %s",
				    msg == e->msg ? "message:" : "        ",
				    part);
		msg += n;
		row++;
	}
}

static void draw_queues(const struct dash_model *m, const struct dash_layout *l,
			struct dash_canvas *c)
{
	const struct dash_sample *s = &m->cur;
	int row = l->queues.top, shown, q, i, n;
	long long max = 1, rest = 0;
	char spark[256], bar[64];

	if (!l->queues.height)
		return;
	for (q = 0; q < s->nr_queues; q++)
		for (i = 0; i < m->hist_len; i++)
			if (m->hist[q][i] > max)
				max = m->hist[q][i];
	dash_canvas__fill(c, row, DA_HEADER);
	dash_canvas__printf(
		c, row++, 0, DA_HEADER, "QUEUE    DEPTH %-*s %s", l->bar_width,
		l->bar_width >= 12 ? "(bar: max seen)" : "",
		l->spark_width >= 24 ? "history, newest right" : "");
	shown = l->queue_summary ? l->queue_rows - 1 : l->queue_rows;
	for (q = 0; q < s->nr_queues && q < shown; q++, row++) {
		int len = (int)ceil((double)s->depth[q] * l->bar_width /
				    (double)max);
		int from = m->hist_len > l->spark_width
				   ? m->hist_len - l->spark_width
				   : 0;

		if (len > l->bar_width)
			len = l->bar_width;
		if (len < 0)
			len = 0;
		memset(bar, '#', (size_t)len);
		bar[len] = '\0';
		dash_canvas__printf(c, row, 0, DA_NORMAL, "q%-3d %8lld ", q,
				    s->depth[q]);
		dash_canvas__put(c, row, 14, DA_BAR, bar);
		n = m->hist_len - from;
		dash_sparkline(&m->hist[q][from], n, max, spark, sizeof(spark));
		dash_canvas__put(c, row, 14 + l->bar_width + 1, DA_NORMAL,
				 spark);
	}
	if (l->queue_summary) {
		for (; q < s->nr_queues; q++)
			rest += s->depth[q];
		dash_canvas__printf(c, row, 0, DA_DIM,
				    "+%d more queues, %lld tasks",
				    s->nr_queues - shown, rest);
	}
}

static void draw_rates(const struct dash_model *m, const struct dash_layout *l,
		       struct dash_canvas *c)
{
	int order[SCXKIT_MAX_COUNTERS], n, i, row = l->rates.top;
	int end = l->rates.top + l->rates.height;

	if (!l->rates.height)
		return;
	dash_canvas__fill(c, row, DA_HEADER);
	dash_canvas__printf(c, row++, 0, DA_HEADER,
			    "EVENTS/s (since the last sample)  queued %lld",
			    dash_model__total_queued(m));
	n = rate_order(m, order);
	for (i = 0; i < n; i++) {
		const struct dash_counter *k = &m->cur.counters[order[i]];
		int r = row + i / l->rates_per_line;
		int col = (i % l->rates_per_line) * DASH_RATE_CELL;
		char val[16];

		if (r >= end)
			break;
		format_rate(k->rate, val, sizeof(val));
		dash_canvas__printf(c, r, col, k->rate > 0 ? DA_NORMAL : DA_DIM,
				    "%-18.18s%7s", k->name, val);
	}
}

static const char *const column_title[DASH_NR_COLUMNS] = {
	[DASH_COL_CPU] = "CPU",		  [DASH_COL_PID] = "PID",
	[DASH_COL_COMM] = "COMMAND",	  [DASH_COL_QOS] = "QOS",
	[DASH_COL_QOS_BY] = "SET BY",	  [DASH_COL_RUNNING] = "RUNNING",
	[DASH_COL_PREEMPT] = "PREEMPT/s", [DASH_COL_STARTS] = "STARTS/s",
};

/*
 * What set a running task's level, in the SET BY column: its own mark,
 * a rule, `scxkit exec`, or nothing (no rule matched, or none looked at
 * it yet: the policy's default level).
 */
static const char *qos_by_text(const struct dash_cpu *cpu)
{
	if (!cpu->pid || !cpu->qos_by[0])
		return "-";
	if (!strcmp(cpu->qos_by, "none") ||
	    !strcmp(cpu->qos_by, "unclassified"))
		return "default";
	return cpu->qos_by;
}

static void draw_cpus(const struct dash_model *m, struct dash_view *v,
		      const struct dash_layout *l, struct dash_canvas *c)
{
	static int order[SCXKIT_MAX_CPUS];
	const struct dash_sample *s = &m->cur;
	int row = l->cpus.top, col, k, i;

	if (!l->cpus.height)
		return;
	v->page = l->cpu_rows;
	dash_view__clamp_scroll(v, s->nr_cpus);
	dash_canvas__fill(c, row, DA_HEADER);
	for (k = 0, col = 0; k < DASH_NR_COLUMNS; k++) {
		char head[32];

		if (!l->column[k])
			continue;
		if (k == DASH_COL_COMM)
			snprintf(head, sizeof(head), " %s", column_title[k]);
		else
			snprintf(head, sizeof(head), "%*s", l->column_width[k],
				 column_title[k]);
		dash_canvas__put(c, row, col, DA_HEADER, head);
		col += l->column_width[k];
	}
	if (s->nr_cpus > l->cpu_rows)
		dash_canvas__printf(c, row, col + 1, DA_HEADER, "%d-%d of %d",
				    v->scroll + 1, v->scroll + l->cpu_rows,
				    s->nr_cpus);
	row++;
	dash_view__order(v, s, order);
	for (i = v->scroll; i < s->nr_cpus && i < v->scroll + l->cpu_rows;
	     i++, row++) {
		const struct dash_cpu *cpu = &s->cpus[order[i]];
		enum dash_attr a = cpu->pid ? DA_NORMAL : DA_DIM;
		char buf[64];

		for (k = 0, col = 0; k < DASH_NR_COLUMNS; k++) {
			int w = l->column_width[k];

			if (!l->column[k])
				continue;
			buf[0] = '\0';
			switch (k) {
			case DASH_COL_CPU:
				snprintf(buf, sizeof(buf), "%*d", w, cpu->cpu);
				break;
			case DASH_COL_PID:
				snprintf(buf, sizeof(buf), "%*s", w, "-");
				if (cpu->pid)
					snprintf(buf, sizeof(buf), "%*d", w,
						 cpu->pid);
				break;
			case DASH_COL_COMM:
				snprintf(buf, sizeof(buf), " %-.*s", w - 2,
					 cpu->pid ? cpu->comm : "(idle)");
				break;
			case DASH_COL_QOS:
				snprintf(buf, sizeof(buf), "%*s", w, "-");
				if (cpu->pid)
					snprintf(buf, sizeof(buf), "%*u", w,
						 cpu->qos);
				break;
			case DASH_COL_QOS_BY:
				snprintf(buf, sizeof(buf), "%*.*s", w, w - 1,
					 qos_by_text(cpu));
				break;
			case DASH_COL_RUNNING: {
				char d[32] = "-";

				if (cpu->pid)
					dash_format_duration(cpu->run_ms, d,
							     sizeof(d));
				snprintf(buf, sizeof(buf), "%*s", w, d);
				break;
			}
			case DASH_COL_PREEMPT:
			case DASH_COL_STARTS: {
				char r[16];

				format_rate(k == DASH_COL_PREEMPT
						    ? cpu->preempt_rate
						    : cpu->start_rate,
					    r, sizeof(r));
				snprintf(buf, sizeof(buf), "%*s", w, r);
				break;
			}
			}
			dash_canvas__put(c, row, col, a, buf);
			col += w;
		}
	}
}

/* One line of the help page: a section title or an entry. */
static void help_line(struct dash_canvas *c, int *row, int *skip, int bottom,
		      enum dash_attr attr, const char *text)
{
	if (*skip > 0) {
		(*skip)--;
		return;
	}
	if (*row < bottom)
		dash_canvas__put(c, *row, 1, attr, text);
	(*row)++;
}

/*
 * The help page: keys, then what each counter of the running policy
 * counts (from its stats_meta: SCXKIT_COUNTER's help), then the CPU
 * table's columns.  Returns the lines it has, for the scroll.
 */
static int draw_help(const struct dash_model *m, struct dash_view *v,
		     struct dash_canvas *c, int top, int bottom)
{
	static const char *const keys[] = {
		"  q          quit (the scheduler keeps running under 'top')",
		"  p          pause / resume sampling",
		("  s          sort the CPU table: cpu, running, preempt/s, "
		 "qos, command"),
		"  r          reverse the sort",
		"  up/down j/k, PgUp/PgDn, Home/End   scroll the CPU table",
		"  + / -      sample twice as often / half as often",
		"  h or ?     this help (up/down scroll it); any key closes it",
	};
	static const char *const columns[] = {
		("  QOS        the level the policy gave the task on the CPU "
		 "(higher: more urgent)"),
		("  SET BY     its own mark, a QoS rule (rule N, in file "
		 "order), scxkit exec, or default"),
		("  RUNNING    how long the task on the CPU has run without a "
		 "switch"),
		"  PREEMPT/s  preemption kicks the policy sent to that CPU",
		"  STARTS/s   sched_ext tasks started on that CPU",
		("  QUEUE      tasks waiting in each of the policy's task "
		 "queues"),
	};
	const struct dash_sample *s = &m->cur;
	int order[SCXKIT_MAX_COUNTERS], n = 0, i, total, row = top, skip;
	char line[DASH_NAME_LEN + SCXKIT_HELP_LEN + 8];

	if (m->have_sample)
		n = rate_order(m, order);
	total = 1 + ARRAY_LEN(keys) + (n ? 2 + n : 0) + 2 + ARRAY_LEN(columns);
	v->help_page = bottom - top;
	if (v->help_scroll > total - (bottom - top))
		v->help_scroll = total - (bottom - top);
	if (v->help_scroll < 0)
		v->help_scroll = 0;
	skip = v->help_scroll;
	help_line(c, &row, &skip, bottom, DA_HEADER, "keys");
	for (i = 0; i < ARRAY_LEN(keys); i++)
		help_line(c, &row, &skip, bottom, DA_NORMAL, keys[i]);
	if (n) {
		help_line(c, &row, &skip, bottom, DA_NORMAL, "");
		help_line(c, &row, &skip, bottom, DA_HEADER,
			  "counters (EVENTS/s shows each one's rate)");
	}
	for (i = 0; i < n; i++) {
		const char *name = s->counters[order[i]].name;
		const char *help = dash_legend__help(&m->legend, name);

		snprintf(line, sizeof(line), "  %-22s %s", name,
			 help ? help : "(the server did not say)");
		help_line(c, &row, &skip, bottom, help ? DA_NORMAL : DA_DIM,
			  line);
	}
	help_line(c, &row, &skip, bottom, DA_NORMAL, "");
	help_line(c, &row, &skip, bottom, DA_HEADER, "columns");
	for (i = 0; i < ARRAY_LEN(columns); i++)
		help_line(c, &row, &skip, bottom, DA_NORMAL, columns[i]);
	return total;
}

void dash_render(const struct dash_model *m, struct dash_view *v,
		 struct dash_canvas *c)
{
	struct dash_layout_in in;
	struct dash_layout l;
	int r;

	for (r = 0; r < c->rows; r++)
		dash_canvas__fill(c, r, DA_NORMAL);
	dash_render__layout_in(m, v, c->rows, c->cols, &in);
	dash_layout__compute(&in, &l);
	if (l.too_small) {
		dash_canvas__printf(c, 0, 0, DA_ALERT,
				    "too small %dx%d, need %dx%d", c->cols,
				    c->rows, DASH_MIN_COLS, DASH_MIN_ROWS);
		return;
	}
	draw_title(m, v, c, l.title.top);
	if (v->help) {
		draw_help(m, v, c, l.title.top + 1,
			  l.footer.height ? l.footer.top : c->rows);
	} else {
		if (l.options.height && m->have_sample)
			options_rows(m, c, c->cols, l.options.top,
				     l.options.height);
		draw_exit(m, c, &l.exit);
		if (m->have_sample) {
			draw_queues(m, &l, c);
			draw_rates(m, &l, c);
			draw_cpus(m, v, &l, c);
		}
	}
	if (l.footer.height) {
		dash_canvas__fill(c, l.footer.top, DA_TITLE);
		dash_canvas__printf(c, l.footer.top, 0, DA_TITLE,
				    " q quit  p pause  s sort (%s)  r reverse  "
				    "up/down scroll  +/- refresh  h help",
				    dash_sort__name(v->sort));
	}
}
