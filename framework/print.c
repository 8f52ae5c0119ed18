// SPDX-License-Identifier: GPL-2.0
/* The library's message callback; see print.h. */
#include <stddef.h>

#include "print.h"

static print_fn installed;

print_fn print__set(print_fn fn)
{
	print_fn old = installed;

	installed = fn;
	return old;
}

void print__msg(const char *fmt, ...)
{
	va_list ap;

	if (!installed)
		return;
	va_start(ap, fmt);
	installed(fmt, ap);
	va_end(ap);
}
