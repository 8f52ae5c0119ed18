/* SPDX-License-Identifier: GPL-2.0 */
/* The launcher's subcommands; each returns the process exit status. */
#ifndef __SCXKIT_COMMANDS_H
#define __SCXKIT_COMMANDS_H

/* Exit statuses shared by all subcommands. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1, /* could not start: environment, load, attach */
	EXIT_USAGE = 2, /* bad command line */
	EXIT_EJECTED = 3, /* the kernel ejected the scheduler */
};

int cmd_check(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_qos(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_top(int argc, char **argv);

#endif
