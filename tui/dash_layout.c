// SPDX-License-Identifier: GPL-2.0
/*
 * Dashboard layout.  Rows are handed out greedily by importance: the title
 * and key line (none in a text snapshot), then how the scheduler ended, a
 * minimum of CPUs, queues and rates, the options line, and whatever is
 * left to more queues, more CPUs, more rates and more option lines, in
 * that order.  Columns of the CPU table are dropped, least useful first,
 * when the terminal is narrow.
 */
#include <string.h>

#include "dash_layout.h"

/* Full widths of the CPU table's columns, separators included. */
static const int full_width[DASH_NR_COLUMNS] = {
	[DASH_COL_CPU] = 5,	 [DASH_COL_PID] = 8,
	[DASH_COL_COMM] = 17,	 [DASH_COL_QOS] = 5,
	[DASH_COL_QOS_BY] = 9,	 [DASH_COL_RUNNING] = 11,
	[DASH_COL_PREEMPT] = 11, [DASH_COL_STARTS] = 10,
};

/* The order columns go away in as the width shrinks. */
static const enum dash_column drop_order[] = {
	DASH_COL_STARTS, DASH_COL_QOS_BY,  DASH_COL_PID,
	DASH_COL_QOS,	 DASH_COL_RUNNING, DASH_COL_PREEMPT,
};

#define COMM_MIN_WIDTH 9

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void lay_columns(int cols, struct dash_layout *out)
{
	int i, total = 0;
	size_t d = 0;

	for (i = 0; i < DASH_NR_COLUMNS; i++) {
		out->column[i] = true;
		out->column_width[i] = full_width[i];
		total += full_width[i];
	}
	while (total > cols) {
		/* After the start rate, the command shrinks before more go. */
		if (out->column_width[DASH_COL_COMM] > COMM_MIN_WIDTH &&
		    d >= 1) {
			int cut = min_int(total - cols,
					  out->column_width[DASH_COL_COMM] -
						  COMM_MIN_WIDTH);

			out->column_width[DASH_COL_COMM] -= cut;
			total -= cut;
			continue;
		}
		if (d == sizeof(drop_order) / sizeof(drop_order[0]))
			break;
		out->column[drop_order[d]] = false;
		total -= out->column_width[drop_order[d]];
		out->column_width[drop_order[d]] = 0;
		d++;
	}
}

static void lay_queue_columns(int cols, struct dash_layout *out)
{
	/* "q15 " + depth "  123456 " leave the rest to bar and sparkline. */
	int rest = max_int(cols - 14, 0);

	out->bar_width = min_int(rest / 3, 30);
	out->spark_width = max_int(rest - out->bar_width - 1, 0);
	if (out->spark_width > 120)
		out->spark_width = 120;
}

static int rate_lines(const struct dash_layout_in *in, int per_line)
{
	if (in->nr_rates <= 0)
		return 0;
	return (in->nr_rates + per_line - 1) / per_line;
}

void dash_layout__compute(const struct dash_layout_in *in,
			  struct dash_layout *out)
{
	int avail = in->rows, want_rates, row, q_min, cpu_min, more;
	struct dash_band *order[7];
	int i;

	memset(out, 0, sizeof(*out));
	if (in->rows < DASH_MIN_ROWS || in->cols < DASH_MIN_COLS) {
		out->too_small = true;
		out->title.height = in->rows > 0 ? 1 : 0;
		return;
	}
	lay_columns(in->cols, out);
	lay_queue_columns(in->cols, out);
	out->rates_per_line = max_int(in->cols / DASH_RATE_CELL, 1);
	want_rates = rate_lines(in, out->rates_per_line);

#define TAKE(n)                               \
	({                                    \
		int _n = min_int((n), avail); \
		avail -= _n;                  \
		_n;                           \
	})
	out->title.height = TAKE(1);
	out->footer.height = in->no_keys ? 0 : TAKE(1);
	out->exit.height = TAKE(in->exit_lines);
	cpu_min = TAKE(in->nr_cpus > 0 ? 2 : 1);
	q_min = in->nr_queues > 0 ? TAKE(2) : 0;
	out->rates.height = want_rates ? TAKE(1 + min_int(want_rates, 2)) : 0;
	out->options.height = TAKE(1);
	/* Then the rest of the queues, the CPUs, the rest of the rates. */
	more = q_min ? TAKE(in->nr_queues - 1) : 0;
	out->queues.height = q_min + more;
	out->cpus.height = cpu_min + TAKE(max_int(in->nr_cpus - 1, 0));
	if (want_rates > 2)
		out->rates.height += TAKE(want_rates - 2);
	if (out->options.height)
		out->options.height += TAKE(max_int(in->options_lines - 1, 0));
#undef TAKE

	/* A header row each; queues that did not fit share the last row. */
	out->queue_rows = max_int(out->queues.height - 1, 0);
	out->queue_summary = out->queue_rows < in->nr_queues &&
			     out->queue_rows > 0;
	out->cpu_rows = max_int(out->cpus.height - 1, 0);

	order[0] = &out->title;
	order[1] = &out->options;
	order[2] = &out->exit;
	order[3] = &out->queues;
	order[4] = &out->rates;
	order[5] = &out->cpus;
	order[6] = &out->footer;
	for (i = 0, row = 0; i < 7; i++) {
		order[i]->top = row;
		row += order[i]->height;
	}
	/* The key line sits on the last row, whatever is left above it. */
	if (out->footer.height)
		out->footer.top = in->rows - 1;
}

int dash_layout__natural_rows(const struct dash_layout_in *in)
{
	int per_line = in->cols / DASH_RATE_CELL;
	int lines = rate_lines(in, per_line > 0 ? per_line : 1);

	return 1 + max_int(in->options_lines, 1) + in->exit_lines +
	       (in->nr_queues ? 1 + in->nr_queues : 0) +
	       (lines ? 1 + lines : 0) + 1 + in->nr_cpus + !in->no_keys;
}
