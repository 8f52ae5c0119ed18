// SPDX-License-Identifier: GPL-2.0
/* The dashboard's interaction state; see dash_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dash_view.h"

void dash_view__init(struct dash_view *v, int interval_ms, const char *source)
{
	memset(v, 0, sizeof(*v));
	/* The keys' range; `scxkit run --interval-ms` allows a wider one. */
	if (interval_ms < DASH_MIN_INTERVAL_MS)
		interval_ms = DASH_MIN_INTERVAL_MS;
	if (interval_ms > DASH_MAX_INTERVAL_MS)
		interval_ms = DASH_MAX_INTERVAL_MS;
	v->interval_ms = interval_ms;
	v->page = 1;
	snprintf(v->source, sizeof(v->source), "%s", source ? source : "");
}

void dash_view__clamp_scroll(struct dash_view *v, int nr_rows)
{
	int max = nr_rows - (v->page > 0 ? v->page : 1);

	if (v->scroll > max)
		v->scroll = max;
	if (v->scroll < 0)
		v->scroll = 0;
}

/*
 * The keys that scroll (the CPU table, or the help page): move *@scroll by
 * one row or @page rows; End goes to @end (-1: End does not scroll here).
 * Returns whether @key was one of them.
 */
static bool scroll_key(int *scroll, enum dash_key key, int page, int end)
{
	switch (key) {
	case DASH_KEY_UP:
		(*scroll)--;
		return true;
	case DASH_KEY_DOWN:
		(*scroll)++;
		return true;
	case DASH_KEY_PAGE_UP:
		*scroll -= page;
		return true;
	case DASH_KEY_PAGE_DOWN:
		*scroll += page;
		return true;
	case DASH_KEY_HOME:
		*scroll = 0;
		return true;
	case DASH_KEY_END:
		if (end < 0)
			return false;
		*scroll = end;
		return true;
	default:
		return false;
	}
}

void dash_view__key(struct dash_view *v, enum dash_key key, int nr_rows)
{
	int page = v->page > 1 ? v->page : 1;

	/*
	 * In the help screen the scroll keys move the help (its counter
	 * list can be longer than the screen); any other key but quit
	 * closes it.
	 */
	if (v->help) {
		page = v->help_page > 1 ? v->help_page : 1;
		if (key == DASH_KEY_QUIT)
			v->quit = true;
		else if (!scroll_key(&v->help_scroll, key, page, -1) &&
			 key != DASH_KEY_NONE && key != DASH_KEY_RESIZE)
			v->help = false;
		if (v->help_scroll < 0)
			v->help_scroll = 0;
		return;
	}
	if (scroll_key(&v->scroll, key, page, nr_rows)) {
		dash_view__clamp_scroll(v, nr_rows);
		return;
	}
	switch (key) {
	case DASH_KEY_QUIT:
		v->quit = true;
		break;
	case DASH_KEY_PAUSE:
		v->paused = !v->paused;
		break;
	case DASH_KEY_HELP:
		v->help = true;
		v->help_scroll = 0;
		break;
	case DASH_KEY_SORT:
		v->sort = (enum dash_sort)((v->sort + 1) % DASH_NR_SORTS);
		v->scroll = 0;
		break;
	case DASH_KEY_REVERSE:
		v->reverse = !v->reverse;
		break;
	case DASH_KEY_FASTER:
		v->interval_ms /= 2;
		if (v->interval_ms < DASH_MIN_INTERVAL_MS)
			v->interval_ms = DASH_MIN_INTERVAL_MS;
		break;
	case DASH_KEY_SLOWER:
		v->interval_ms *= 2;
		if (v->interval_ms > DASH_MAX_INTERVAL_MS)
			v->interval_ms = DASH_MAX_INTERVAL_MS;
		break;
	case DASH_KEY_NONE:
	case DASH_KEY_ESCAPE:
	case DASH_KEY_RESIZE:
	case DASH_KEY_OTHER:
	default: /* the scroll keys: scroll_key() took them */
		break;
	}
	dash_view__clamp_scroll(v, nr_rows);
}

/* qsort has no context argument; the comparison reads these. */
static const struct dash_sample *sort_sample;
static const struct dash_view *sort_view;

static int cmp_double_desc(double a, double b)
{
	return (a < b) - (a > b);
}

static int compare_rows(const void *pa, const void *pb)
{
	const struct dash_cpu *a = &sort_sample->cpus[*(const int *)pa];
	const struct dash_cpu *b = &sort_sample->cpus[*(const int *)pb];
	int r = 0;

	switch (sort_view->sort) {
	case DASH_SORT_RUNNING:
		r = cmp_double_desc(a->pid ? a->run_ms : -1,
				    b->pid ? b->run_ms : -1);
		break;
	case DASH_SORT_PREEMPT:
		r = cmp_double_desc(a->preempt_rate, b->preempt_rate);
		break;
	case DASH_SORT_QOS:
		r = cmp_double_desc(a->pid ? a->qos : -1.0,
				    b->pid ? b->qos : -1.0);
		break;
	case DASH_SORT_COMM:
		/* Idle CPUs (no command) go last. */
		r = (!a->pid - !b->pid);
		if (!r)
			r = strcmp(a->comm, b->comm);
		break;
	case DASH_SORT_CPU:
	case DASH_NR_SORTS:
		break;
	}
	if (!r)
		r = (a->cpu > b->cpu) - (a->cpu < b->cpu);
	return sort_view->reverse ? -r : r;
}

void dash_view__order(const struct dash_view *v, const struct dash_sample *s,
		      int *order)
{
	int i;

	for (i = 0; i < s->nr_cpus; i++)
		order[i] = i;
	sort_sample = s;
	sort_view = v;
	qsort(order, (size_t)s->nr_cpus, sizeof(*order), compare_rows);
}

const char *dash_sort__name(enum dash_sort sort)
{
	static const char *const names[DASH_NR_SORTS] = {
		[DASH_SORT_CPU] = "cpu",
		[DASH_SORT_RUNNING] = "running",
		[DASH_SORT_PREEMPT] = "preempt/s",
		[DASH_SORT_QOS] = "qos",
		[DASH_SORT_COMM] = "command",
	};

	return sort < DASH_NR_SORTS ? names[sort] : "?";
}
