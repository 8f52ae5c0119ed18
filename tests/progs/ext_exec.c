// SPDX-License-Identifier: GPL-2.0
/*
 * ext_exec - run a command as a SCHED_EXT task (policy 7), so that with a
 * policy in --partial mode it and the children it forks are the policy's.
 * (util-linux's chrt learned --ext only after Debian 12's version.)
 *
 *   ext_exec COMMAND [ARGS...]
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SCHED_EXT 7

int main(int argc, char **argv)
{
	struct sched_param sp = { 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: ext_exec COMMAND [ARGS...]\n");
		return 2;
	}
	if (sched_setscheduler(0, SCHED_EXT, &sp)) {
		fprintf(stderr, "ext_exec: SCHED_EXT: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "ext_exec: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
