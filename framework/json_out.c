// SPDX-License-Identifier: GPL-2.0
/* JSON text out, with jansson; see json_out.h. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "json_out.h"

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004 /* Linux 5.6; older glibc headers lack it */
#endif

void json_out__seed(void)
{
	size_t seed = 0;
	struct timespec ts;

	/*
	 * The seed only spreads hash buckets (of requests from root's own
	 * stats socket): "insecure" randomness is plenty, and never waits.
	 * Kernels before 5.6 refuse the flag; then the clock and pid do.
	 */
	if (getrandom(&seed, sizeof(seed), GRND_INSECURE) != sizeof(seed)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (size_t)ts.tv_nsec ^ ((size_t)ts.tv_sec << 20) ^
		       ((size_t)getpid() << 40);
	}
	json_object_seed(seed ? seed : 1); /* 0 would mean "seed yourself" */
}

/* Length of the valid UTF-8 sequence at @s (of @n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

json_t *json_out__string(const char *s, size_t max)
{
	size_t n = strnlen(s, max), i = 0;
	char *copy;
	json_t *v;

	copy = malloc(n + 1);
	if (!copy)
		return NULL;
	while (i < n) {
		size_t k = utf8_len((const unsigned char *)s + i, n - i);

		if (k) {
			memcpy(copy + i, s + i, k);
			i += k;
		} else {
			copy[i++] = '?';
		}
	}
	copy[n] = '\0';
	v = json_stringn(copy, n);
	free(copy);
	return v;
}

json_t *json_out__u64(unsigned long long v)
{
	return v <= (unsigned long long)LLONG_MAX ? json_integer((json_int_t)v)
						  : json_real((double)v);
}

json_t *json_out__real(double x, int decimals)
{
	double scale = pow(10, decimals);

	return json_real(isfinite(x) ? round(x * scale) / scale : 0);
}

int json_out__dump(json_t *v, char *buf, size_t len)
{
	size_t n;

	if (!len)
		return -1;
	buf[0] = '\0';
	if (!v)
		return -1;
	/* 15 significant digits print a value rounded to a few decimals
	 * as itself (1.073, not 1.0729999999999999). */
	n = json_dumpb(v, buf, len - 1,
		       JSON_COMPACT | JSON_ENCODE_ANY |
			       JSON_REAL_PRECISION(15));
	json_decref(v);
	if (n == 0 || n >= len) {
		buf[0] = '\0';
		return -1;
	}
	buf[n] = '\0';
	return (int)n;
}
