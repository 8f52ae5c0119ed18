/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where libscxkit's messages go.  The library never writes to stderr
 * itself: a failing function returns a negative errno and hands its
 * reason, one line, to the callback its program installed (as libbpf does
 * with libbpf_set_print()).  Without one the message is dropped.
 */
#ifndef __SCXKIT_PRINT_H
#define __SCXKIT_PRINT_H

#include <stdarg.h>

/*
 * A message callback: @fmt and @ap make one line ending in '\n', without
 * the program's prefix (the launcher adds "scxkit: ").
 */
typedef void (*print_fn)(const char *fmt, va_list ap);

/*
 * print__set - send the library's messages to @fn (NULL: drop them).
 * Returns the callback it replaces.  Set it before the library runs: the
 * agent thread reads it too.
 */
print_fn print__set(print_fn fn);

/* print__msg - hand one message to the installed callback, if any. */
void print__msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
