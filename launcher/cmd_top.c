// SPDX-License-Identifier: GPL-2.0
/*
 * `scxkit top`: the dashboard on the scheduler another `scxkit run` is
 * running, read over its scx_stats socket.  Option parsing lives here;
 * the dashboard itself is in tui/.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "dash.h"
#include "dash_layout.h"
#include "exit_record.h"
#include "run_options.h"
#include "stats_server.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: scxkit top [options]\n"
		"Watch the running scxkit scheduler: queue depths with history, event\n"
		"rates, preemptions by reason, and what runs on each CPU.  Start the\n"
		"scheduler elsewhere with 'scxkit run POLICY' (or use 'scxkit run\n"
		"POLICY --tui').  If it is ejected, the exit kind, reason and message\n"
		"stay on screen.\n"
		"\n"
		"options:\n"
		"  -d, --interval-ms MS  time between samples (default %d, %d..%d)\n"
		"  --socket PATH         the scheduler's stats socket\n"
		"                        (default " STATS_SERVER_DEFAULT_PATH
		")\n"
		"  --snapshot            print text instead of taking over the terminal\n"
		"  -n, --iterations N    with --snapshot: print N samples (default 1;\n"
		"                        0 = until the scheduler ends)\n"
		"  --width COLS          with --snapshot: line width (default %d)\n"
		"  -h, --help            this text\n"
		"\n"
		"keys: q quit, p pause, s sort CPUs, r reverse, arrows/PgUp/PgDn\n"
		"scroll, +/- sample faster/slower, h or ? help\n"
		"\n"
		"examples:\n"
		"  sudo scxkit top\n"
		"  sudo scxkit top -d 250\n"
		"  sudo scxkit top --snapshot -n 5 --width 120\n"
		"\n"
		"exit status: 0 done; 1 cannot start (no terminal; nothing to read in\n"
		"--snapshot mode); 2 bad usage; 3 --snapshot saw the scheduler ejected\n",
		DASH_DEFAULT_INTERVAL_MS, DASH_MIN_INTERVAL_MS,
		DASH_MAX_INTERVAL_MS, DASH_DEFAULT_TEXT_WIDTH);
}

/* The value of option @i, or NULL if it is missing. */
static const char *value_of(int argc, char **argv, int *i)
{
	return *i + 1 < argc ? argv[++*i] : NULL;
}

static int parse_int(const char *s, int min, int max, int *out)
{
	__u64 v;

	if (run_options__parse_u64(s, &v) || v < (__u64)min || v > (__u64)max)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_top(int argc, char **argv)
{
	struct dash_top_options o = {
		.interval_ms = DASH_DEFAULT_INTERVAL_MS,
		.socket = STATS_SERVER_DEFAULT_PATH,
		.exit_record = EXIT_RECORD_PATH,
		.iterations = 1,
		.width = DASH_DEFAULT_TEXT_WIDTH,
	};
	const char *v, *a = "";
	int i;

	for (i = 0; i < argc; i++) {
		a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--snapshot")) {
			o.snapshot = true;
		} else if (!strcmp(a, "-d") || !strcmp(a, "--interval-ms")) {
			v = value_of(argc, argv, &i);
			if (!v ||
			    parse_int(v, DASH_MIN_INTERVAL_MS,
				      DASH_MAX_INTERVAL_MS, &o.interval_ms))
				goto bad_value;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--iterations")) {
			v = value_of(argc, argv, &i);
			if (!v || parse_int(v, 0, 1000000, &o.iterations))
				goto bad_value;
		} else if (!strcmp(a, "--width")) {
			v = value_of(argc, argv, &i);
			if (!v || parse_int(v, DASH_MIN_COLS, 1000, &o.width))
				goto bad_value;
		} else if (!strcmp(a, "--socket")) {
			v = value_of(argc, argv, &i);
			if (!v || v[0] != '/' || strlen(v) >= 108)
				goto bad_value;
			o.socket = v;
		} else {
			fprintf(stderr, "scxkit: top: unknown option '%.64s'\n",
				a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return dash_top(&o, &stop_signal);

bad_value:
	fprintf(stderr,
		"scxkit: top: missing or bad value for %.40s (see --help)\n",
		a);
	return EXIT_USAGE;
}
