// SPDX-License-Identifier: GPL-2.0
/*
 * The dashboard's loops: sample on time, keep the model, render, show.
 * Interactive output goes through dash_screen; --snapshot prints the same
 * rendering as text, tall enough to hold every queue and CPU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dash.h"
#include "dash_collect.h"
#include "dash_render.h"
#include "dash_screen.h"
#include "mono_clock.h"

#define REPLY_MAX (256 * 1024)

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int dash_session__open(struct dash_session *s, int interval_ms,
		       const char *source, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->model = malloc(sizeof(*s->model));
	if (!s->model) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	dash_model__init(s->model);
	dash_view__init(&s->view, interval_ms, source);
	if (dash_screen__open(err, errlen)) {
		free(s->model);
		s->model = NULL;
		return -1;
	}
	s->next_sample = mono_clock__ns() / 1e9;
	s->dirty = true;
	return 0;
}

bool dash_session__due(struct dash_session *s)
{
	double t = mono_clock__ns() / 1e9;

	if (s->view.paused || t < s->next_sample)
		return false;
	s->next_sample = t + s->view.interval_ms / 1000.0;
	return true;
}

void dash_session__add(struct dash_session *s, const struct dash_sample *sample)
{
	dash_model__add(s->model, sample);
	s->dirty = true;
}

void dash_session__ended(struct dash_session *s, const struct dash_exit *e)
{
	dash_model__ended(s->model, e);
	s->dirty = true;
}

static void redraw(struct dash_session *s)
{
	int rows, cols;

	dash_screen__size(&rows, &cols);
	if (rows != s->canvas.rows || cols != s->canvas.cols) {
		dash_canvas__free(&s->canvas);
		if (dash_canvas__init(&s->canvas, rows, cols))
			return;
	}
	dash_render(s->model, &s->view, &s->canvas);
	dash_screen__show(&s->canvas);
	s->dirty = false;
}

bool dash_session__poll(struct dash_session *s, int timeout_ms)
{
	enum dash_key key;
	int paused = s->view.paused;

	if (s->dirty)
		redraw(s);
	key = dash_screen__key(timeout_ms);
	while (key != DASH_KEY_NONE) {
		dash_view__key(&s->view, key, s->model->cur.nr_cpus);
		s->dirty = true;
		key = dash_screen__key(0);
	}
	/* Resuming samples at once rather than after a full interval. */
	if (paused && !s->view.paused)
		s->next_sample = mono_clock__ns() / 1e9;
	if (s->dirty)
		redraw(s);
	return !s->view.quit;
}

void dash_session__close(struct dash_session *s)
{
	dash_screen__close();
	dash_canvas__free(&s->canvas);
	free(s->model);
	s->model = NULL;
}

/* One sample from the socket into @m; false if the scheduler is gone. */
static bool collect(const struct dash_top_options *o, struct dash_model *m,
		    char *reply)
{
	static struct dash_sample sample;
	struct dash_exit e;
	char err[256];

	if (dash_collect__stats(o->socket, reply, REPLY_MAX, err,
				sizeof(err)) ||
	    dash_sample__parse(&sample, reply, err, sizeof(err))) {
		bool have_exit = !dash_collect__exit(o->exit_record, &e);

		dash_model__lost(m, have_exit ? &e : NULL, err);
		return false;
	}
	dash_model__add(m, &sample);
	dash_collect__legend(o->socket, m, reply, REPLY_MAX);
	return true;
}

static int print_snapshot(const struct dash_model *m, struct dash_view *v,
			  int width)
{
	struct dash_layout_in in;
	struct dash_canvas c;
	int rows;

	dash_render__layout_in(m, v, 1000, width, &in);
	rows = dash_layout__natural_rows(&in);
	if (rows < DASH_MIN_ROWS)
		rows = DASH_MIN_ROWS;
	if (dash_canvas__init(&c, rows, width))
		return -1;
	dash_render(m, v, &c);
	dash_canvas__print(&c, stdout);
	fflush(stdout);
	dash_canvas__free(&c);
	return 0;
}

static int top_snapshot(const struct dash_top_options *o,
			volatile sig_atomic_t *stop, struct dash_model *m,
			char *reply)
{
	struct dash_view v;
	int i;

	dash_view__init(&v, o->interval_ms, o->socket);
	v.snapshot = true;
	/* A first sample only primes the rates. */
	if (!collect(o, m, reply)) {
		fprintf(stderr, "scxkit: top: %s\n", m->note);
		return 1;
	}
	for (i = 0; !o->iterations || i < o->iterations; i++) {
		sleep_ms(o->interval_ms);
		if (*stop)
			break;
		collect(o, m, reply);
		if (i)
			putchar('\n');
		print_snapshot(m, &v, o->width);
		if (m->state != DASH_RUNNING)
			return m->state == DASH_EJECTED ? 3 : 0;
	}
	return 0;
}

static int top_interactive(const struct dash_top_options *o,
			   volatile sig_atomic_t *stop, char *reply)
{
	struct dash_session s;
	char err[256];

	if (dash_session__open(&s, o->interval_ms, o->socket, err,
			       sizeof(err))) {
		fprintf(stderr, "scxkit: top: %s\n", err);
		return 1;
	}
	while (!*stop) {
		double wait;

		if (dash_session__due(&s)) {
			collect(o, s.model, reply);
			s.dirty = true;
		}
		wait = s.next_sample - mono_clock__ns() / 1e9;
		if (!dash_session__poll(&s, wait > 0.05 ? 50
					    : wait > 0	? (int)(wait * 1000)
							: 0))
			break;
	}
	dash_session__close(&s);
	return 0;
}

int dash_top(const struct dash_top_options *o, volatile sig_atomic_t *stop)
{
	struct dash_model *m;
	char *reply;
	int ret;

	reply = malloc(REPLY_MAX);
	m = malloc(sizeof(*m));
	if (!reply || !m) {
		free(reply);
		free(m);
		fprintf(stderr, "scxkit: top: out of memory\n");
		return 1;
	}
	dash_model__init(m);
	if (o->snapshot)
		ret = top_snapshot(o, stop, m, reply);
	else
		ret = top_interactive(o, stop, reply);
	free(m);
	free(reply);
	return ret;
}
