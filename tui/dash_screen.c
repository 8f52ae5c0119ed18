// SPDX-License-Identifier: GPL-2.0
/* ncurses output and input for the dashboard; see dash_screen.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dash_screen.h"

static SCREEN *screen;
static chtype attr_of[DA_DIM + 1];

static void setup_attrs(void)
{
	attr_of[DA_NORMAL] = A_NORMAL;
	attr_of[DA_TITLE] = A_REVERSE;
	attr_of[DA_HEADER] = A_BOLD | A_UNDERLINE;
	attr_of[DA_BAR] = A_BOLD;
	attr_of[DA_ALERT] = A_BOLD;
	attr_of[DA_GOOD] = A_BOLD;
	attr_of[DA_DIM] = A_DIM;
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_CYAN, -1);
	attr_of[DA_BAR] = COLOR_PAIR(3) | A_BOLD;
	attr_of[DA_ALERT] = COLOR_PAIR(2) | A_BOLD;
	attr_of[DA_GOOD] = COLOR_PAIR(1) | A_BOLD;
}

int dash_screen__open(char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen,
			 "the dashboard needs a terminal (use --snapshot for "
			 "text)");
		return -1;
	}
	/* newterm, not initscr: a bad TERM is an error, not an exit. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		snprintf(err, errlen, "cannot drive terminal type '%s'",
			 getenv("TERM") ? getenv("TERM") : "(unset)");
		return -1;
	}
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	setup_attrs();
	return 0;
}

void dash_screen__close(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
}

void dash_screen__size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void dash_screen__show(const struct dash_canvas *c)
{
	int rows, cols, r, k;

	getmaxyx(stdscr, rows, cols);
	erase();
	for (r = 0; r < c->rows && r < rows; r++) {
		for (k = 0; k < c->cols && k < cols; k++) {
			size_t at = (size_t)r * c->cols + (size_t)k;
			unsigned char a = c->attr[at];

			/* The bottom-right cell scrolls some terminals. */
			if (r == rows - 1 && k == cols - 1)
				break;
			mvaddch(r, k,
				(chtype)(unsigned char)c->ch[at] |
					(a <= DA_DIM ? attr_of[a] : A_NORMAL));
		}
	}
	refresh();
}

enum dash_key dash_screen__key(int timeout_ms)
{
	int ch;

	timeout(timeout_ms);
	ch = getch();
	switch (ch) {
	case ERR:
		return DASH_KEY_NONE;
	case 'q':
	case 'Q':
		return DASH_KEY_QUIT;
	case 'p':
	case 'P':
	case ' ':
		return DASH_KEY_PAUSE;
	case 'h':
	case 'H':
	case '?':
		return DASH_KEY_HELP;
	case 's':
	case 'S':
		return DASH_KEY_SORT;
	case 'r':
	case 'R':
		return DASH_KEY_REVERSE;
	case KEY_UP:
	case 'k':
		return DASH_KEY_UP;
	case KEY_DOWN:
	case 'j':
		return DASH_KEY_DOWN;
	case KEY_PPAGE:
		return DASH_KEY_PAGE_UP;
	case KEY_NPAGE:
		return DASH_KEY_PAGE_DOWN;
	case KEY_HOME:
	case 'g':
		return DASH_KEY_HOME;
	case KEY_END:
	case 'G':
		return DASH_KEY_END;
	case '+':
	case '=':
		return DASH_KEY_FASTER;
	case '-':
		return DASH_KEY_SLOWER;
	case 27:
		return DASH_KEY_ESCAPE;
	case KEY_RESIZE:
		return DASH_KEY_RESIZE;
	}
	return DASH_KEY_OTHER;
}
