// SPDX-License-Identifier: GPL-2.0
/*
 * qos_self - a process that marks itself, for the QoS rules tests.
 *
 *   qos_self LEVEL|- [NICE]
 *
 * Sets its own thread's level through <scxkit/qos.h> (not with "-"),
 * prints
 *   qos_self: tid T level L
 * and then, until it is killed, burns about 2 ms of CPU and sleeps 10 ms
 * in turn: every wake-up has the policy look at its level again.  Run
 * under another name (a symbolic link) it has that comm.  With NICE it
 * takes that nice value after its first 50 rounds (a change while it
 * runs).  Exits 1 if the level could not be set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/qos.h>

int main(int argc, char **argv)
{
	struct scxkit_qos *q;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	volatile unsigned long n = 0;
	int err, rounds = 0;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: qos_self LEVEL|- [NICE]\n");
		return 2;
	}
	if (strcmp(argv[1], "-")) {
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
	}
	printf("qos_self: tid %d level %s\n", tid, argv[1]);
	fflush(stdout);
	for (;;) {
		struct timespec t0, t, nap = { 0, 10 * 1000 * 1000 };

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		do {
			n++;
			clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
		} while ((t.tv_sec - t0.tv_sec) * 1000000000L +
				 (t.tv_nsec - t0.tv_nsec) <
			 2000000L);
		nanosleep(&nap, NULL);
		if (argc == 3 && ++rounds == 50)
			setpriority(PRIO_PROCESS, 0, atoi(argv[2]));
	}
}
