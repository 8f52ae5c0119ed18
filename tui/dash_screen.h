/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal, through ncurses.  This is the only file that includes
 * curses: it copies a rendered canvas to the screen and turns key presses
 * (and resizes) into dash_key values.
 */
#ifndef __SCXKIT_DASH_SCREEN_H
#define __SCXKIT_DASH_SCREEN_H

#include "dash_canvas.h"
#include "dash_view.h"

/* dash_screen__open - take over the terminal; -1 with @err if there is none. */
int dash_screen__open(char *err, size_t errlen);

/* dash_screen__close - give the terminal back as it was. */
void dash_screen__close(void);

/* dash_screen__size - the terminal's current size. */
void dash_screen__size(int *rows, int *cols);

/* dash_screen__show - draw @c (sized like the terminal) and refresh. */
void dash_screen__show(const struct dash_canvas *c);

/* dash_screen__key - wait up to @timeout_ms for a key; NONE if none. */
enum dash_key dash_screen__key(int timeout_ms);

#endif
