// SPDX-License-Identifier: GPL-2.0
/*
 * qos_self - a process that marks itself, for the QoS rules tests.
 *
 *   qos_self LEVEL
 *
 * Sets its own thread's level through <scxkit/qos.h>, prints
 *   qos_self: tid T level L
 * and then burns CPU until it is killed, so the scheduler keeps looking
 * at it.  Exits 1 if the level could not be set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <scxkit/qos.h>

int main(int argc, char **argv)
{
	struct scxkit_qos *q;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	volatile unsigned long n = 0;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: qos_self LEVEL\n");
		return 2;
	}
	q = scxkit_qos_open();
	if (!q) {
		perror("qos_self: scxkit_qos_open");
		return 1;
	}
	err = scxkit_qos_set(q, tid, (unsigned int)atoi(argv[1]));
	if (err) {
		fprintf(stderr, "qos_self: set: %s\n", strerror(-err));
		return 1;
	}
	printf("qos_self: tid %d level %s\n", tid, argv[1]);
	fflush(stdout);
	for (;;)
		n++;
}
