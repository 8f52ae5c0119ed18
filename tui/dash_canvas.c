// SPDX-License-Identifier: GPL-2.0
/* The dashboard's character grid; see dash_canvas.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dash_canvas.h"

int dash_canvas__init(struct dash_canvas *c, int rows, int cols)
{
	size_t n;

	if (rows < 0)
		rows = 0;
	if (cols < 0)
		cols = 0;
	n = (size_t)rows * (size_t)cols;
	c->rows = rows;
	c->cols = cols;
	c->ch = malloc(n + 1);
	c->attr = calloc(n + 1, 1);
	if (!c->ch || !c->attr) {
		dash_canvas__free(c);
		return -1;
	}
	memset(c->ch, ' ', n);
	return 0;
}

void dash_canvas__free(struct dash_canvas *c)
{
	free(c->ch);
	free(c->attr);
	c->ch = NULL;
	c->attr = NULL;
	c->rows = c->cols = 0;
}

void dash_canvas__fill(struct dash_canvas *c, int row, enum dash_attr attr)
{
	if (row < 0 || row >= c->rows)
		return;
	memset(c->ch + (size_t)row * c->cols, ' ', (size_t)c->cols);
	memset(c->attr + (size_t)row * c->cols, attr, (size_t)c->cols);
}

int dash_canvas__put(struct dash_canvas *c, int row, int col,
		     enum dash_attr attr, const char *s)
{
	for (; *s; s++, col++) {
		size_t at;

		if (row < 0 || row >= c->rows || col >= c->cols)
			continue;
		if (col < 0)
			continue;
		at = (size_t)row * c->cols + (size_t)col;
		c->ch[at] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
		c->attr[at] = (unsigned char)attr;
	}
	return col;
}

int dash_canvas__printf(struct dash_canvas *c, int row, int col,
			enum dash_attr attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return dash_canvas__put(c, row, col, attr, buf);
}

void dash_canvas__line(const struct dash_canvas *c, int row, char *buf,
		       size_t len)
{
	int n = c->cols;

	if (!len)
		return;
	buf[0] = '\0';
	if (row < 0 || row >= c->rows)
		return;
	while (n > 0 && c->ch[(size_t)row * c->cols + (size_t)n - 1] == ' ')
		n--;
	if ((size_t)n >= len)
		n = (int)len - 1;
	memcpy(buf, c->ch + (size_t)row * c->cols, (size_t)n);
	buf[n] = '\0';
}

void dash_canvas__print(const struct dash_canvas *c, FILE *out)
{
	char *line = malloc((size_t)c->cols + 1);
	int last = c->rows - 1, r;

	if (!line)
		return;
	for (; last >= 0; last--) {
		dash_canvas__line(c, last, line, (size_t)c->cols + 1);
		if (line[0])
			break;
	}
	for (r = 0; r <= last; r++) {
		dash_canvas__line(c, r, line, (size_t)c->cols + 1);
		fprintf(out, "%s\n", line);
	}
	free(line);
}
