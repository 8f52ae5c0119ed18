/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the dashboard's data comes from when it watches another process:
 * one scx_stats request per sample on the scheduler's socket, and the
 * launcher's exit record once the socket goes away.  No curses here.
 */
#ifndef __SCXKIT_DASH_COLLECT_H
#define __SCXKIT_DASH_COLLECT_H

#include <stddef.h>

#include "dash_model.h"

/*
 * dash_collect__stats - ask the server on @path for {"req":"stats"} and
 * put the reply line (NUL-terminated, no newline) in @buf.  Returns 0, or
 * -1 with a one-line reason in @err (stats_client__request, timeout
 * included).
 */
int dash_collect__stats(const char *path, char *buf, size_t len, char *err,
			size_t errlen);

/*
 * dash_collect__legend - ask the server on @path for {"req":"stats_meta"}
 * once per launcher (@m->legend.tried) and keep what each counter counts.
 * @buf (@len bytes) is scratch space.  A failure leaves the legend empty:
 * the dashboard works without it.
 */
void dash_collect__legend(const char *path, struct dash_model *m, char *buf,
			  size_t len);

/* dash_collect__exit - read and parse the exit record at @path. */
int dash_collect__exit(const char *path, struct dash_exit *e);

#endif
