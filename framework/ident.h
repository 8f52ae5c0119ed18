/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names that must be C identifiers, [a-zA-Z_][a-zA-Z0-9_]*: the policy
 * names `scxkit new` accepts, and the field and metric names of the
 * stats (Prometheus allows the same, less the colon of recording rules).
 */
#ifndef __SCXKIT_IDENT_H
#define __SCXKIT_IDENT_H

#include <stdbool.h>

/* ident__char - may @c stand in an identifier, first or later? */
static inline bool ident__char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* ident__valid - is @s a non-empty identifier? */
static inline bool ident__valid(const char *s)
{
	int i;

	if (!s || !s[0])
		return false;
	for (i = 0; s[i]; i++)
		if (!ident__char(s[i], i == 0))
			return false;
	return true;
}

#endif
