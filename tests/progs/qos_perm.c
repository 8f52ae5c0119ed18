// SPDX-License-Identifier: GPL-2.0
/*
 * qos_perm - the QoS table's permission model, tried from one side.
 *
 *   qos_perm --foreign TID [--foreign TID ...]   (as an unprivileged user)
 *   qos_perm [--root TID] [--set TID LEVEL] [--expect TID LEVEL] ... (root)
 *
 * Unprivileged: for each foreign thread (another user's, or the same
 * user's in another process) every verb the socket knows is sent as a raw
 * line (set, idle, runnable, clear, get: a hostile client need not use the
 * library) and must come back "err 1" (EPERM); the pinned map must not
 * open, and the kernel must refuse to hand out BPF map ids.  Then the
 * caller's own thread must be changeable through the library: set, get,
 * clear.  Root: --root TID changes a thread of any owner through the
 * library, reads it back and clears it; --set puts a level on a thread and
 * --expect checks it is still there (and the thread not marked idle), to
 * show that refused requests changed nothing.  Options run in order.
 *
 * Prints one line:
 *   qos_perm: uid U denied_attempts A denied D allowed_attempts B allowed_ok C
 * and exits 0 only if D == A and C == B.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <scxkit/qos.h>

#define MAX_TIDS 16

static int denied_attempts, denied, allowed_attempts, allowed_ok;

static void expect_denied(const char *what, int refused)
{
	denied_attempts++;
	if (refused)
		denied++;
	else
		fprintf(stderr, "qos_perm: NOT denied: %s\n", what);
}

static void expect_allowed(const char *what, int err)
{
	allowed_attempts++;
	if (!err)
		allowed_ok++;
	else
		fprintf(stderr, "qos_perm: refused: %s: %s\n", what,
			strerror(err < 0 ? -err : err));
}

/* One request line on a fresh connection; the reply in @reply. */
static int ask(const char *line, char *reply, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	ssize_t n, got = 0;
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SCXKIT_QOS_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		close(fd);
		return -1;
	}
	while ((size_t)got + 1 < len &&
	       (n = read(fd, reply + got, len - 1 - (size_t)got)) > 0) {
		got += n;
		if (memchr(reply, '\n', (size_t)got))
			break;
	}
	reply[got] = '\0';
	close(fd);
	return got > 0 ? 0 : -1;
}

static void attack(int tid)
{
	static const char *const verbs[] = { "set %d 15\n", "idle %d\n",
					     "runnable %d\n", "clear %d\n",
					     "get %d\n" };
	char line[64], reply[256], what[96];
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		snprintf(line, sizeof(line), verbs[i], tid);
		snprintf(what, sizeof(what), "socket '%.*s'",
			 (int)strlen(line) - 1, line);
		if (ask(line, reply, sizeof(reply))) {
			expect_denied(what, 0);
			fprintf(stderr, "qos_perm: no reply from %s\n",
				SCXKIT_QOS_SOCKET);
			continue;
		}
		expect_denied(what, !strncmp(reply, "err 1 ", 6));
		if (strncmp(reply, "err 1 ", 6))
			fprintf(stderr, "qos_perm: reply was '%s'\n", reply);
	}
}

/* What an unprivileged process may not do to the table at all. */
static void try_map_access(void)
{
	__u32 id = 0;
	int fd;

	fd = bpf_obj_get(SCXKIT_QOS_PIN);
	expect_denied("open the pinned table", fd < 0);
	if (fd >= 0)
		close(fd);
	/* Without the pin: find the map by id, as bpftool would. */
	expect_denied("list BPF map ids", bpf_map_get_next_id(0, &id) != 0);
}

/* The library's handle; a failure to open counts as a refused request. */
static struct scxkit_qos *open_table(void)
{
	struct scxkit_qos *q = scxkit_qos_open();

	if (!q)
		expect_allowed("open the QoS table", -errno);
	return q;
}

static void own_thread(void)
{
	struct scxkit_qos *q = open_table();
	unsigned int level = 99;
	int idle;

	if (!q)
		return;
	expect_allowed("set own level", scxkit_qos_set(q, 0, 7));
	expect_allowed("get own level", scxkit_qos_get(q, 0, &level, &idle) ||
						level != 7 ? -EIO : 0);
	expect_allowed("clear own entry", scxkit_qos_clear(q, 0));
	scxkit_qos_close(q);
}

static void as_root(int tid)
{
	struct scxkit_qos *q = open_table();
	unsigned int level = 99;
	int idle;

	if (!q)
		return;
	expect_allowed("root sets another user's thread",
		       scxkit_qos_set(q, tid, 9));
	expect_allowed("root reads it back",
		       scxkit_qos_get(q, tid, &level, &idle) || level != 9 ?
			       -EIO :
			       0);
	expect_allowed("root clears it", scxkit_qos_clear(q, tid));
	scxkit_qos_close(q);
}

/* Root: put @level on @tid, or check that @tid's level is @level. */
static void root_level(int tid, unsigned int want, bool check)
{
	struct scxkit_qos *q = open_table();
	unsigned int level = 99;
	char what[64];
	int idle = 1;

	if (!q)
		return;
	if (!check) {
		snprintf(what, sizeof(what), "root sets %d to level %u", tid,
			 want);
		expect_allowed(what, scxkit_qos_set(q, tid, want));
	} else {
		snprintf(what, sizeof(what), "%d still at level %u, not idle",
			 tid, want);
		expect_allowed(what, scxkit_qos_get(q, tid, &level, &idle) ||
						     level != want || idle ?
					     -EIO :
					     0);
	}
	scxkit_qos_close(q);
}

int main(int argc, char **argv)
{
	int foreign[MAX_TIDS], nf = 0, i;
	bool root_mode = false;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];
		int tid = i + 1 < argc ? atoi(argv[i + 1]) : 0;
		int level = i + 2 < argc ? atoi(argv[i + 2]) : -1;

		if (tid <= 0)
			break;
		if (!strcmp(opt, "--foreign") && nf < MAX_TIDS) {
			foreign[nf++] = tid;
			i++;
		} else if (!strcmp(opt, "--root")) {
			as_root(tid);
			root_mode = true;
			i++;
		} else if ((!strcmp(opt, "--set") || !strcmp(opt, "--expect")) &&
			   level >= 0) {
			root_level(tid, (unsigned int)level, opt[2] == 'e');
			root_mode = true;
			i += 2;
		} else {
			break;
		}
	}
	if (i < argc || (!nf && !root_mode) || (nf && root_mode)) {
		fprintf(stderr, "usage: qos_perm --foreign TID ...        (unprivileged)\n"
				"       qos_perm [--root TID] [--set TID LEVEL] [--expect TID LEVEL] ... (root)\n");
		return 2;
	}
	if (nf) {
		if (geteuid() == 0) {
			fprintf(stderr, "qos_perm: --foreign is for an unprivileged user\n");
			return 2;
		}
		for (i = 0; i < nf; i++)
			attack(foreign[i]);
		try_map_access();
		own_thread();
	}
	printf("qos_perm: uid %d denied_attempts %d denied %d allowed_attempts %d allowed_ok %d\n",
	       (int)geteuid(), denied_attempts, denied, allowed_attempts,
	       allowed_ok);
	return denied == denied_attempts && allowed_ok == allowed_attempts ?
		       0 :
		       1;
}
