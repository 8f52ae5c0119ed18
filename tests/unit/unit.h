/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test harness: TEST(name) defines a test, CHECK() records a
 * failure with file:line and goes on, and main() (from UNIT_MAIN) runs them
 * all and prints "N passed, N failed".
 */
#ifndef __SCXKIT_UNIT_H
#define __SCXKIT_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define UNIT_MAX_TESTS 128
static struct unit_test unit_tests[UNIT_MAX_TESTS];
static int unit_nr_tests, unit_failed_checks;

#define TEST(_name)                                                         \
	static void test_##_name(void);                                     \
	__attribute__((constructor)) static void register_##_name(void)     \
	{                                                                   \
		if (unit_nr_tests < UNIT_MAX_TESTS)                         \
			unit_tests[unit_nr_tests++] =                       \
				(struct unit_test){ #_name, test_##_name }; \
	}                                                                   \
	static void test_##_name(void)

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", \
				__FILE__, __LINE__, #cond);            \
			unit_failed_checks++;                          \
		}                                                      \
	} while (0)

#define CHECK_STR(got, want)                                                  \
	do {                                                                  \
		const char *_g = (got), *_w = (want);                         \
		if (strcmp(_g, _w)) {                                         \
			fprintf(stderr, "  %s:%d: got \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, _g, _w);                  \
			unit_failed_checks++;                                 \
		}                                                             \
	} while (0)

#define UNIT_MAIN                                                      \
	int main(void)                                                 \
	{                                                              \
		int i, passed = 0, failed = 0;                         \
		for (i = 0; i < unit_nr_tests; i++) {                  \
			int before = unit_failed_checks;               \
			unit_tests[i].fn();                            \
			if (unit_failed_checks == before) {            \
				passed++;                              \
			} else {                                       \
				failed++;                              \
				fprintf(stderr, "FAIL %s\n",           \
					unit_tests[i].name);           \
			}                                              \
		}                                                      \
		printf("%s: %d passed, %d failed\n", __FILE__, passed, \
		       failed);                                        \
		return failed ? 1 : 0;                                 \
	}

#endif
