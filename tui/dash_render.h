/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawing the dashboard onto a canvas: title, options, how the scheduler
 * ended, queue depths with bars and sparklines, event rates and the
 * per-CPU table, laid out by dash_layout for the canvas's size.
 */
#ifndef __SCXKIT_DASH_RENDER_H
#define __SCXKIT_DASH_RENDER_H

#include "dash_canvas.h"
#include "dash_layout.h"
#include "dash_model.h"
#include "dash_view.h"

/* dash_render - draw @m as @v wants it on @c (which is cleared first). */
void dash_render(const struct dash_model *m, struct dash_view *v,
		 struct dash_canvas *c);

/*
 * dash_render__layout_in - the layout question for @m as @v shows it at
 * @rows x @cols, so callers can size a canvas (dash_layout__natural_rows)
 * for text.
 */
void dash_render__layout_in(const struct dash_model *m,
			    const struct dash_view *v, int rows, int cols,
			    struct dash_layout_in *in);

/* dash_format_duration - "850us", "12.3ms", "4.56s", "1m23s", "2h05m". */
void dash_format_duration(double ms, char *buf, size_t len);

/* dash_sparkline - @n depths as characters " .:-=+*#%@" scaled to @max. */
void dash_sparkline(const long long *depth, int n, long long max, char *buf,
		    size_t len);

#endif
