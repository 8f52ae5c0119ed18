// SPDX-License-Identifier: GPL-2.0
/*
 * scxkit qos rules FILE | show | level TID, and scxkit exec --level N --
 * CMD: the QoS rules of the running scheduler, through its QoS socket
 * (framework/qos_server.c), and commands started already classified.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "commands.h"
#include "fd_pass.h"
#include "qos_rules.h"

#define REPLY_MAX (64 + SCXKIT_QOS_MAX_RULES * (QOS_RULES_TEXT_MAX + 24))

static char reply[REPLY_MAX + 1];

/*
 * Sends @line (with @fd, if >= 0) to the QoS socket and reads the reply
 * into reply[].  Returns 0 on "ok ...", the error number of "err N ..."
 * (the reason printed), or -1 when there is no scheduler to ask.
 */
static int ask(const char *line, int fd)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = 0;
	ssize_t n;
	int sock, code;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", SCXKIT_QOS_SOCKET);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		fprintf(stderr,
			"scxkit: no scheduler to ask (%s: %s); start one with 'scxkit run'\n",
			SCXKIT_QOS_SOCKET, strerror(errno));
		if (sock >= 0)
			close(sock);
		return -1;
	}
	if (fd_pass__send(sock, line, strlen(line), fd, 0) < 0) {
		fprintf(stderr, "scxkit: cannot send to %s: %s\n",
			SCXKIT_QOS_SOCKET, strerror(errno));
		close(sock);
		return -1;
	}
	while (len < REPLY_MAX && !memchr(reply, '\n', len) &&
	       (n = read(sock, reply + len, REPLY_MAX - len)) > 0)
		len += (size_t)n;
	close(sock);
	reply[len] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	if (!strncmp(reply, "ok", 2))
		return 0;
	if (sscanf(reply, "err %d", &code) == 1 && code > 0) {
		fprintf(stderr, "scxkit: %s\n",
			strchr(reply + 4, ' ') ? strchr(reply + 4, ' ') + 1
					       : reply);
		return code;
	}
	fprintf(stderr, "scxkit: unexpected reply '%.80s'\n", reply);
	return EIO;
}

static int qos_usage(FILE *out, int ret)
{
	fprintf(out,
		"usage: scxkit qos rules FILE   replace the running scheduler's QoS\n"
		"                               rules (root; all or nothing)\n"
		"       scxkit qos check FILE   check a rules file, load nothing\n"
		"       scxkit qos show         the rules in force, with how many\n"
		"                               tasks each classifies\n"
		"       scxkit qos level TID    a thread's level and what set it\n");
	return ret;
}

static int rules(const char *path)
{
	static struct qos_rules parsed;
	char err[320];
	int fd, ret;

	/* Checked here too, for the message; the scheduler checks again. */
	if (qos_rules__parse_file(path, &parsed, err, sizeof(err))) {
		fprintf(stderr, "scxkit: %s\n", err);
		return EXIT_USAGE;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "scxkit: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	ret = ask("rules\n", fd);
	close(fd);
	if (ret)
		return EXIT_FAIL;
	printf("%d rule%s in force\n", parsed.nr, parsed.nr == 1 ? "" : "s");
	return EXIT_OK;
}

static int show(void)
{
	char *p, *tab;
	unsigned int gen;
	int nr, i = 0;

	if (ask("show\n", -1))
		return EXIT_FAIL;
	if (sscanf(reply, "ok %u %d", &gen, &nr) != 2) {
		fprintf(stderr, "scxkit: unexpected reply '%.80s'\n", reply);
		return EXIT_FAIL;
	}
	if (!nr) {
		printf("no QoS rules in force\n");
		return EXIT_OK;
	}
	printf("%4s %6s  %s\n", "RULE", "TASKS", "RULE TEXT");
	for (p = strchr(reply, '\t'); p; p = tab) {
		long long hits;
		int off = 0;

		tab = strchr(p + 1, '\t');
		if (tab)
			*tab = '\0';
		if (sscanf(p + 1, "%lld %n", &hits, &off) < 1 || !off)
			continue;
		printf("%4d %6lld  %s\n", ++i, hits, p + 1 + off);
	}
	return EXIT_OK;
}

static int level(const char *tid)
{
	char line[64];

	snprintf(line, sizeof(line), "level %.20s\n", tid);
	if (ask(line, -1))
		return EXIT_FAIL;
	printf("%s\n", reply + 3);
	return EXIT_OK;
}

int cmd_qos(int argc, char **argv)
{
	static struct qos_rules parsed;
	char err[320];

	if (argc < 1)
		return qos_usage(stderr, EXIT_USAGE);
	if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help") ||
	    !strcmp(argv[0], "help"))
		return qos_usage(stdout, EXIT_OK);
	if (!strcmp(argv[0], "rules") && argc == 2)
		return rules(argv[1]);
	if (!strcmp(argv[0], "check") && argc == 2) {
		if (qos_rules__parse_file(argv[1], &parsed, err, sizeof(err))) {
			fprintf(stderr, "scxkit: %s\n", err);
			return EXIT_USAGE;
		}
		printf("%s: %d rule%s\n", argv[1], parsed.nr,
		       parsed.nr == 1 ? "" : "s");
		return EXIT_OK;
	}
	if (!strcmp(argv[0], "show") && argc == 1)
		return show();
	if (!strcmp(argv[0], "level") && argc == 2)
		return level(argv[1]);
	return qos_usage(stderr, EXIT_USAGE);
}

static int exec_usage(FILE *out, int ret)
{
	fprintf(out,
		"usage: scxkit exec --level N -- CMD [ARGS...]\n"
		"run CMD at QoS level N (0-%d), with every process and thread it\n"
		"starts; a thread that sets its own level keeps that one\n",
		SCXKIT_QOS_MAX_LEVELS - 1);
	return ret;
}

int cmd_exec(int argc, char **argv)
{
	char line[64], *end;
	long n = -1;
	int i = 0, fd, ret;

	if (argc >= 1 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")))
		return exec_usage(stdout, EXIT_OK);
	if (argc >= 2 && !strcmp(argv[0], "--level")) {
		n = strtol(argv[1], &end, 10);
		if (*end || !argv[1][0])
			n = -1;
		i = 2;
	} else if (argc >= 1 && !strncmp(argv[0], "--level=", 8)) {
		n = strtol(argv[0] + 8, &end, 10);
		if (*end || !argv[0][8])
			n = -1;
		i = 1;
	}
	if (n < 0 || n >= SCXKIT_QOS_MAX_LEVELS) {
		fprintf(stderr, "scxkit: exec needs --level 0-%d\n",
			SCXKIT_QOS_MAX_LEVELS - 1);
		return exec_usage(stderr, EXIT_USAGE);
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		return exec_usage(stderr, EXIT_USAGE);
	/* This very thread becomes CMD: its level and its children's. */
	snprintf(line, sizeof(line), "inherit %ld %ld\n",
		 (long)syscall(SYS_gettid), n);
	/* A pidfd names us even from another PID namespace. */
	fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	ret = ask(line, fd);
	if (fd >= 0)
		close(fd);
	if (ret)
		return EXIT_FAIL;
	execvp(argv[i], argv + i);
	fprintf(stderr, "scxkit: %s: %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
