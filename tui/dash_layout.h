/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where each part of the dashboard goes on a terminal of a given size:
 * which panels fit, how many queue and CPU rows, which CPU-table columns.
 * Pure arithmetic, unit-tested for many sizes; the renderer follows it
 * and never writes outside the rows it was given.
 */
#ifndef __SCXKIT_DASH_LAYOUT_H
#define __SCXKIT_DASH_LAYOUT_H

#include <stdbool.h>

/* Smallest terminal that gets a dashboard instead of a "too small" line. */
#define DASH_MIN_ROWS 5
#define DASH_MIN_COLS 30

/* Width of one "name value" cell in the rates panel. */
#define DASH_RATE_CELL 26

/* Columns of the per-CPU table, in screen order. */
enum dash_column {
	DASH_COL_CPU,
	DASH_COL_PID,
	DASH_COL_COMM,
	DASH_COL_QOS,
	DASH_COL_QOS_BY,
	DASH_COL_RUNNING,
	DASH_COL_PREEMPT,
	DASH_COL_STARTS,
	DASH_NR_COLUMNS,
};

/* A band of rows; height 0 means the panel is not shown. */
struct dash_band {
	int top, height;
};

struct dash_layout_in {
	int rows, cols;
	int nr_queues;
	int nr_cpus;
	int nr_rates; /* cells in the rates panel */
	int exit_lines; /* lines the exit panel wants, 0 if none */
	int options_lines; /* lines the options want (0 counts as 1) */
	bool no_keys; /* text snapshot: no key line at the bottom */
};

struct dash_layout {
	bool too_small;
	struct dash_band title, options, exit, queues, rates, cpus, footer;
	int queue_rows; /* queues listed; the rest are summed in one row */
	bool queue_summary; /* the last queue row is "+N more" */
	int cpu_rows; /* CPU rows visible at once */
	int rates_per_line;
	/* queue panel columns */
	int bar_width, spark_width;
	/* CPU table */
	bool column[DASH_NR_COLUMNS];
	int column_width[DASH_NR_COLUMNS];
};

/* dash_layout__compute - lay out @in; see struct dash_layout. */
void dash_layout__compute(const struct dash_layout_in *in,
			  struct dash_layout *out);

/*
 * dash_layout__natural_rows - rows needed to show everything in @in at
 * its width (for the text snapshot, which is not limited in height).
 */
int dash_layout__natural_rows(const struct dash_layout_in *in);

#endif
