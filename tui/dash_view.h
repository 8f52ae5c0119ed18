/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the person at the dashboard chose: pause, help, how the CPU table is
 * sorted and scrolled, the refresh interval.  Keys change it here, without
 * curses, so the key handling is unit-tested.
 */
#ifndef __SCXKIT_DASH_VIEW_H
#define __SCXKIT_DASH_VIEW_H

#include <stdbool.h>

#include "dash_model.h"

enum dash_sort {
	DASH_SORT_CPU,
	DASH_SORT_RUNNING, /* longest current run first */
	DASH_SORT_PREEMPT, /* most preemptions/s first */
	DASH_SORT_QOS, /* highest QoS first */
	DASH_SORT_COMM,
	DASH_NR_SORTS,
};

/* Keys, as the screen module translates them from curses. */
enum dash_key {
	DASH_KEY_NONE,
	DASH_KEY_QUIT,
	DASH_KEY_PAUSE,
	DASH_KEY_HELP,
	DASH_KEY_SORT, /* next sort order */
	DASH_KEY_REVERSE, /* reverse the sort */
	DASH_KEY_UP,
	DASH_KEY_DOWN,
	DASH_KEY_PAGE_UP,
	DASH_KEY_PAGE_DOWN,
	DASH_KEY_HOME,
	DASH_KEY_END,
	DASH_KEY_FASTER, /* halve the refresh interval */
	DASH_KEY_SLOWER, /* double it */
	DASH_KEY_ESCAPE,
	DASH_KEY_RESIZE,
	DASH_KEY_OTHER, /* any other key: closes the help */
};

#define DASH_MIN_INTERVAL_MS 100
#define DASH_MAX_INTERVAL_MS 60000

struct dash_view {
	bool paused;
	bool help;
	int help_scroll; /* first help line shown; the renderer clamps it */
	int help_page; /* help lines on screen, for paging */
	bool quit;
	enum dash_sort sort;
	bool reverse;
	int scroll; /* first CPU row shown */
	int page; /* CPU rows on screen, for paging */
	int interval_ms; /* refresh */
	char source[128]; /* what we read: socket path or "this process" */
	bool snapshot; /* printed as text: no keys to offer */
};

/* dash_view__init - defaults: sorted by CPU, refresh every @interval_ms. */
void dash_view__init(struct dash_view *v, int interval_ms, const char *source);

/* dash_view__key - apply @key; @nr_rows is the CPU table's length. */
void dash_view__key(struct dash_view *v, enum dash_key key, int nr_rows);

/* dash_view__clamp_scroll - keep the scroll inside a table of @nr_rows. */
void dash_view__clamp_scroll(struct dash_view *v, int nr_rows);

/*
 * dash_view__order - the CPU rows of @s in display order: @order receives
 * @s->nr_cpus indexes into s->cpus.
 */
void dash_view__order(const struct dash_view *v, const struct dash_sample *s,
		      int *order);

/* dash_sort__name - "cpu", "running", ... as the screen shows it. */
const char *dash_sort__name(enum dash_sort sort);

#endif
