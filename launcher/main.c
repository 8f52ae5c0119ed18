// SPDX-License-Identifier: GPL-2.0
/*
 * scxkit - start a sched_ext policy by name and watch it.
 * This file only dispatches to the subcommands in cmd_*.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "build_info.h"
#include "commands.h"
#include "json_out.h"
#include "print.h"

/* The library only reports; the launcher is what writes to stderr. */
static void print_stderr(const char *fmt, va_list ap)
{
	fputs("scxkit: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static void usage(FILE *out)
{
	/* make vm is the source tree's: an installed scxkit has none. */
	fprintf(out,
		"usage: scxkit COMMAND [args]\n"
		"\n"
		"commands:\n"
		"  list [--json]              the built-in policies\n"
		"  run POLICY [options]       attach POLICY until Ctrl-C or --duration\n"
		"  run POLICY --help          the policy's options and defaults\n"
		"  run FILE.bpf.o [options]   attach a policy built elsewhere (new)\n"
		"  check POLICY [options]     verdicts on POLICY or FILE.bpf.o in test scenarios\n"
		"  new NAME [DIR]             write a new policy and its Makefile\n"
		"  stats [options]            query a running scheduler (scx_stats)\n"
		"  top [options]              dashboard of the running scheduler\n"
		"  qos rules FILE | show      the running scheduler's QoS rules\n"
		"  exec --level N -- CMD      run CMD and its children at QoS level N\n"
		"  version                    the version of this scxkit (or --version)\n"
		"  help                       this text\n"
		"\n"
		"examples:\n"
		"  scxkit list\n"
		"  sudo scxkit run fifo --duration 10\n"
		"  sudo scxkit run fifo --partial --json\n"
		"  sudo scxkit run shinjuku --tui     with the dashboard\n"
		"  sudo scxkit top                    watch it from another terminal\n"
		"  scxkit new mysched && make -C mysched\n"
		"  sudo scxkit run ./mysched/mysched.bpf.o\n"
		"  sudo scxkit check ./mysched/mysched.bpf.o\n");
	if (build_info__in_tree())
		fprintf(out,
			"\n"
			"Without sched_ext in the host kernel, run inside the VM:\n"
			"  make vm CMD='scxkit run fifo --duration 5'\n"
			"  make vm CMD='scxkit check ./mysched/mysched.bpf.o'\n");
}

int main(int argc, char **argv)
{
	json_out__seed();
	print__set(print_stderr);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 2, argv + 2);
	if (!strcmp(argv[1], "new"))
		return cmd_new(argc - 2, argv + 2);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(argv[1], "stats"))
		return cmd_stats(argc - 2, argv + 2);
	if (!strcmp(argv[1], "qos"))
		return cmd_qos(argc - 2, argv + 2);
	if (!strcmp(argv[1], "exec"))
		return cmd_exec(argc - 2, argv + 2);
	if (!strcmp(argv[1], "top"))
		return cmd_top(argc - 2, argv + 2);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("scxkit %s\n", build_info__version());
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "scxkit: unknown command '%.64s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
