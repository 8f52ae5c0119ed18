// SPDX-License-Identifier: GPL-2.0
/* Unit tests of `scxkit run` option parsing against a made-up policy. */
#include "run_options.h"
#include "unit.h"

static struct scxkit_policy policy = {
	.desc = { .abi = SCXKIT_ABI, .name = "demo", .summary = "a test" },
	.opts = { { .name = "slice_us", .def = 50, .min = 10, .max = 1000 },
		  { .name = "nr_levels", .def = 4, .min = 1, .max = 8 } },
	.nr_opts = 2,
};

static int parse(struct run_options *o, int argc, char **argv)
{
	char err[256];

	return run_options__parse(o, &policy, argc, argv, err, sizeof(err));
}

TEST(defaults)
{
	struct run_options o;

	CHECK(parse(&o, 0, NULL) == 0);
	CHECK(o.opt_value[0] == 50 && o.opt_value[1] == 4);
	CHECK(!o.partial && !o.json && !o.quiet && o.duration == 0);
	CHECK(o.interval_ms == 1000);
	CHECK(o.idle_kick == 1); /* work conservation is on by default */
}

TEST(idle_kick_is_0_or_1)
{
	char *off[] = { "--idle-kick", "0" }, *two[] = { "--idle-kick", "2" };
	struct run_options o;

	CHECK(parse(&o, 2, off) == 0);
	CHECK(o.idle_kick == 0);
	CHECK(parse(&o, 2, two) != 0);
}

TEST(framework_flags_and_values)
{
	char *argv[] = { "--partial",
			 "--json",
			 "--quiet",
			 "--duration",
			 "2.5",
			 "--interval-ms=200",
			 "-v",
			 "--inject-error-after",
			 "7",
			 "--inject-stall-after=8",
			 "--inject_loop_after",
			 "9" };
	struct run_options o;

	CHECK(parse(&o, 12, argv) == 0);
	CHECK(o.partial && o.json && o.quiet && o.verbose);
	CHECK(o.duration == 2.5);
	CHECK(o.interval_ms == 200);
	CHECK(o.fault_error_after == 7);
	CHECK(o.fault_stall_after == 8);
	CHECK(o.fault_loop_after == 9);
}

TEST(policy_options_dash_and_underscore)
{
	char *argv[] = { "--slice-us", "100", "--nr_levels=8" };
	struct run_options o;

	CHECK(parse(&o, 3, argv) == 0);
	CHECK(o.opt_value[0] == 100);
	CHECK(o.opt_value[1] == 8);
}

TEST(rejects_bad_values)
{
	char *bad[][2] = {
		{ "--slice-us", "9" },
		{ "--slice-us", "1001" },
		{ "--slice-us", "-1" },
		{ "--slice-us", "12abc" },
		{ "--slice-us", "" },
		{ "--slice-us", " 5" },
		{ "--duration", "0" },
		{ "--duration", "-3" },
		{ "--duration", "nan" },
		{ "--duration", "1e99" },
		{ "--interval-ms", "1" },
		{ "--inject-error-after", "0" },
		{ "--inject-stall-after", "0" },
		{ "--inject-loop-after", "x" },
		{ "--slice-us", "99999999999999999999999" },
	};
	struct run_options o;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(&o, 2, bad[i]) == 0)
			fprintf(stderr, "  accepted %s %s\n", bad[i][0],
				bad[i][1]);
		CHECK(parse(&o, 2, bad[i]) != 0);
	}
}

TEST(error_messages_name_the_problem)
{
	char *unknown[] = { "--frobnicate", "1" },
	     *missing[] = { "--slice-us" };
	char *flagval[] = { "--partial=yes" }, *stray[] = { "fifo" };
	char *unknown_last[] = { "--bogus" };
	struct run_options o;
	char err[256];

	CHECK(run_options__parse(&o, &policy, 2, unknown, err, sizeof(err)));
	CHECK(strstr(err, "unknown option '--frobnicate'") != NULL);
	CHECK(run_options__parse(&o, &policy, 1, missing, err, sizeof(err)));
	CHECK_STR(err, "option --slice-us needs a value");
	/* A typo given last is unknown, not missing its value. */
	CHECK(run_options__parse(&o, &policy, 1, unknown_last, err,
				 sizeof(err)));
	CHECK(strstr(err, "unknown option '--bogus'") != NULL);
	CHECK(run_options__parse(&o, &policy, 1, flagval, err, sizeof(err)));
	CHECK_STR(err, "option --partial takes no value");
	CHECK(run_options__parse(&o, &policy, 1, stray, err, sizeof(err)));
	CHECK(strstr(err, "unexpected argument 'fifo'") != NULL);
}

TEST(long_garbage_does_not_overflow)
{
	char big[4096], *argv[] = { big, "1" };
	struct run_options o;
	char err[64];

	memset(big, 'x', sizeof(big) - 1);
	big[0] = big[1] = '-';
	big[sizeof(big) - 1] = '\0';
	CHECK(run_options__parse(&o, &policy, 2, argv, err, sizeof(err)));
	CHECK(strlen(err) < sizeof(err));
}

TEST(parse_u64_is_strict)
{
	__u64 v = 0;

	CHECK(run_options__parse_u64("0", &v) == 0 && v == 0);
	CHECK(run_options__parse_u64("18446744073709551615", &v) == 0 &&
	      v == ~0ULL);
	CHECK(run_options__parse_u64("0x10", &v) == 0 && v == 16);
	CHECK(run_options__parse_u64("18446744073709551616", &v) != 0);
	CHECK(run_options__parse_u64("+1", &v) != 0);
	CHECK(run_options__parse_u64("1 ", &v) != 0);
	CHECK(run_options__parse_u64(NULL, &v) != 0);
}

UNIT_MAIN
