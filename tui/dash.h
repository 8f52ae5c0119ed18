/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboard's two entry points: `scxkit top`, which watches the
 * scheduler another process runs (interactive, or --snapshot text), and a
 * session `scxkit run --tui` drives from its own loop, feeding it the same
 * stats replies it serves on its socket.
 */
#ifndef __SCXKIT_DASH_H
#define __SCXKIT_DASH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "dash_canvas.h"
#include "dash_model.h"
#include "dash_view.h"

#define DASH_DEFAULT_INTERVAL_MS 1000
#define DASH_DEFAULT_TEXT_WIDTH	 100

struct dash_top_options {
	int interval_ms;
	const char *socket; /* scx_stats socket to read */
	const char *exit_record; /* where the launcher leaves its exit */
	bool snapshot; /* text to stdout instead of a screen */
	int iterations; /* snapshots to print; 0: until it ends */
	int width; /* text width of a snapshot */
};

/*
 * dash_top - run `scxkit top`.  Returns 0 when the user quits or the
 * snapshots are printed, 1 when it cannot start (no terminal, nothing to
 * read in --snapshot mode), 3 when a snapshot run saw the scheduler
 * ejected.  Stops early when *@stop becomes non-zero (a signal).
 */
int dash_top(const struct dash_top_options *o, volatile sig_atomic_t *stop);

/* An interactive dashboard fed by its owner. */
struct dash_session {
	struct dash_model *model;
	struct dash_view view;
	struct dash_canvas canvas;
	double next_sample; /* CLOCK_MONOTONIC seconds */
	bool dirty;
};

/* dash_session__open - take over the terminal; -1 with @err if none. */
int dash_session__open(struct dash_session *s, int interval_ms,
		       const char *source, char *err, size_t errlen);

/* dash_session__due - is it time for a sample (never while paused)? */
bool dash_session__due(struct dash_session *s);

/* dash_session__add - one sample from its owner (dash_sample__from_stats). */
void dash_session__add(struct dash_session *s,
		       const struct dash_sample *sample);

/* dash_session__ended - the scheduler ended as @e says; it stays shown. */
void dash_session__ended(struct dash_session *s, const struct dash_exit *e);

/*
 * dash_session__poll - wait up to @timeout_ms for keys, apply them, and
 * redraw if anything changed.  Returns false once the user asked to quit.
 */
bool dash_session__poll(struct dash_session *s, int timeout_ms);

/* dash_session__close - give the terminal back. */
void dash_session__close(struct dash_session *s);

#endif
