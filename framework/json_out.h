/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing JSON with jansson the way all of scxkit's output wants it:
 * compact (no spaces, one line), keys in the order they were set, reals
 * without noise digits, and strings that are always valid UTF-8 whatever
 * bytes they came from (the kernel's exit messages, task names).
 */
#ifndef __SCXKIT_JSON_OUT_H
#define __SCXKIT_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>

/*
 * json_out__seed - seed jansson's hash tables without blocking; call it
 * before the first JSON object.  Left to itself, jansson reads
 * /dev/urandom, which early in a boot (before the kernel's random pool is
 * ready) stalls until the kernel has gathered entropy: 1.2 s of the first
 * `scxkit stats` answer in the test VM, enough for a client's 2 s timeout
 * on a busy machine.
 */
void json_out__seed(void);

/*
 * json_out__string - a JSON string of at most @max bytes of @s (it may
 * lack a NUL there); bytes that are not valid UTF-8 become '?'.  Never
 * NULL for a non-NULL @s unless memory runs out.
 */
json_t *json_out__string(const char *s, size_t max);

/*
 * json_out__u64 - @v as a JSON integer; above 2^63 - 1, which jansson's
 * integers cannot hold, as a real (exact to 2^53, then rounded).
 */
json_t *json_out__u64(unsigned long long v);

/* json_out__real - @x rounded to @decimals places, as a JSON number. */
json_t *json_out__real(double x, int decimals);

/*
 * json_out__dump - @v (whose reference it takes, NULL allowed) as compact
 * JSON text in @buf.  Returns the length, or -1 (and "" in @buf) when @v
 * is NULL or the text does not fit.
 */
int json_out__dump(json_t *v, char *buf, size_t len);

#endif
