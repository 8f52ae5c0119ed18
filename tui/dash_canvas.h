/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A grid of characters with an attribute each: the renderer draws the
 * dashboard here, then the screen module copies it to the terminal or the
 * text module prints it.  Writes outside the grid are clipped, so no
 * terminal size can make the renderer write out of bounds.
 */
#ifndef __SCXKIT_DASH_CANVAS_H
#define __SCXKIT_DASH_CANVAS_H

#include <stdio.h>

enum dash_attr {
	DA_NORMAL,
	DA_TITLE, /* the title and key lines */
	DA_HEADER, /* panel and column headers */
	DA_BAR, /* queue bars */
	DA_ALERT, /* ejected, gone, errors */
	DA_GOOD, /* enabled */
	DA_DIM, /* idle CPUs, help text */
};

struct dash_canvas {
	int rows, cols;
	char *ch;
	unsigned char *attr;
};

/* dash_canvas__init - a blank @rows x @cols grid; -1 if out of memory. */
int dash_canvas__init(struct dash_canvas *c, int rows, int cols);

/* dash_canvas__free - release the grid. */
void dash_canvas__free(struct dash_canvas *c);

/* dash_canvas__fill - set a whole row to @attr (spaces). */
void dash_canvas__fill(struct dash_canvas *c, int row, enum dash_attr attr);

/*
 * dash_canvas__put - write @s at (@row, @col) in @attr, clipped to the
 * grid; non-printable bytes become '?'.  Returns the column after it.
 */
int dash_canvas__put(struct dash_canvas *c, int row, int col,
		     enum dash_attr attr, const char *s);

/* dash_canvas__printf - dash_canvas__put of a formatted string. */
int dash_canvas__printf(struct dash_canvas *c, int row, int col,
			enum dash_attr attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* dash_canvas__line - row @row as text without trailing blanks. */
void dash_canvas__line(const struct dash_canvas *c, int row, char *buf,
		       size_t len);

/* dash_canvas__print - every row up to the last non-blank one. */
void dash_canvas__print(const struct dash_canvas *c, FILE *out);

#endif
