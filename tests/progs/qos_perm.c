// SPDX-License-Identifier: GPL-2.0
/*
 * qos_perm - the QoS table's permission model, tried from one side.
 *
 *   qos_perm --foreign TID [--foreign TID ...] [--holder PID]  (unprivileged)
 *   qos_perm [--root TID] [--set TID LEVEL] [--expect TID LEVEL] ... (root)
 *   qos_perm --hold LEVEL                        (anyone)
 *   qos_perm --raw LINE PREFIX                   (anyone)
 *
 * Unprivileged: for each foreign thread (another user's, or the same
 * user's in another process) every verb the socket knows is sent as a raw
 * line (set, idle, runnable, clear, get: a hostile client need not use the
 * library) and must come back "err 1" (EPERM); the pinned map must not
 * open, and the kernel must refuse to hand out BPF map ids.  Then the
 * caller's own thread must be changeable through the library: set, get,
 * clear.  Shared regions: "bind" of a foreign thread is refused like the
 * other verbs; the memory of a --holder process (where its region is
 * mapped) must not open for writing, nor its map list for reading; and
 * the caller floods its own region (every slot: top level, idle mark,
 * garbage futex words), which must change no thread but its own.
 * --hold puts LEVEL on the caller's thread through its shared region,
 * prints "qos_perm: holding pid P tid T", waits for SIGUSR1 and checks
 * that its slot still says LEVEL, not idle.  --raw sends LINE as it is
 * (no pidfd, as a hostile client would) and expects a reply starting
 * with PREFIX ("err 1 ": refused for permission).  Root: --root TID changes a
 * thread of any owner through the
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
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
#include <fcntl.h>

#include <scxkit/common.h>
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
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) !=
	    (ssize_t)strlen(line)) {
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
	static const char *const verbs[] = { "set %d 15\n",   "idle %d\n",
					     "runnable %d\n", "clear %d\n",
					     "get %d\n",      "bind %d 0\n" };
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

/* A region of our own, the raw way (a hostile client need no library). */
static struct scxkit_qos_slot *raw_region(int *sock)
{
	union {
		char space[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char reply[64] = "";
	struct iovec iov = { .iov_base = reply, .iov_len = sizeof(reply) - 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control.space,
			      .msg_controllen = sizeof(control.space) };
	struct cmsghdr *c;
	void *mem = MAP_FAILED;
	int fd = -1;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SCXKIT_QOS_SOCKET);
	*sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (*sock < 0 || connect(*sock, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(*sock, "region\n", 7, MSG_NOSIGNAL) != 7 ||
	    recvmsg(*sock, &msg, 0) <= 0)
		return NULL;
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd >= 0)
		mem = mmap(NULL,
			   SCXKIT_QOS_REGION_SLOTS *
				   sizeof(struct scxkit_qos_slot),
			   PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd >= 0)
		close(fd);
	return mem == MAP_FAILED ? NULL : mem;
}

/* One request on @sock; 0 if the reply starts with @want. */
static int ask_on(int sock, const char *line, const char *want)
{
	char reply[128];
	ssize_t n, got = 0;

	if (send(sock, line, strlen(line), MSG_NOSIGNAL) !=
	    (ssize_t)strlen(line))
		return -1;
	while ((size_t)got + 1 < sizeof(reply) &&
	       (n = read(sock, reply + got, 1)) > 0)
		if (reply[got++] == '\n')
			break;
	reply[got] = '\0';
	if (strncmp(reply, want, strlen(want))) {
		fprintf(stderr, "qos_perm: '%.*s' got '%.*s'\n",
			(int)strlen(line) - 1, line, (int)got - 1, reply);
		return -1;
	}
	return 0;
}

/*
 * Our own region: binding a foreign thread to it is refused, our own is
 * fine; then every slot gets the top level, the idle mark and garbage.
 */
static void flood_own_region(const int *foreign, int nf)
{
	struct scxkit_qos_slot *r;
	char line[64];
	int sock, i;

	r = raw_region(&sock);
	expect_allowed("get a region of our own", r ? 0 : -EIO);
	if (!r) {
		if (sock >= 0)
			close(sock);
		return;
	}
	for (i = 0; i < nf; i++) {
		snprintf(line, sizeof(line), "bind %d %d\n", foreign[i], i + 1);
		expect_denied("bind a foreign thread to our region",
			      !ask_on(sock, line, "err 1 "));
	}
	snprintf(line, sizeof(line), "bind %d 0\n", (int)syscall(SYS_gettid));
	expect_allowed("bind our own thread", ask_on(sock, line, "ok"));
	for (i = 0; i < SCXKIT_QOS_REGION_SLOTS; i++)
		r[i] = (struct scxkit_qos_slot){ .level = 15 + (__u32)i,
						 .flags = ~0U,
						 .wake = (__u32)i * 7919,
						 .tid = ~0U };
	/* Keep it while the server answers one more request. */
	expect_allowed("region flooded, socket still answers",
		       ask_on(sock, "get 1\n", geteuid() ? "err 1 " : "ok"));
	close(sock);
}

/* The --holder's memory, where its region is mapped, stays closed. */
static void try_holder(int pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDWR);
	expect_denied("open another process's memory (its region) to write",
		      fd < 0);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	fd = open(path, O_RDONLY);
	expect_denied("read where another process mapped its region", fd < 0);
	if (fd >= 0)
		close(fd);
}

static volatile sig_atomic_t released;

static void on_usr1(int sig)
{
	(void)sig;
	released = 1;
}

/* --hold: a level in our region, kept until SIGUSR1, then checked. */
static void hold(unsigned int want)
{
	struct scxkit_qos *q = scxkit_qos_open();
	unsigned int level = 99;
	int idle = 1;

	signal(SIGUSR1, on_usr1);
	if (!q) {
		expect_allowed("open the QoS table", -errno);
		return;
	}
	expect_allowed("holder has a shared region",
		       scxkit_qos_is_shared(q) ? 0 : -EIO);
	expect_allowed("holder sets its level", scxkit_qos_set(q, 0, want));
	printf("qos_perm: holding pid %d tid %d\n", (int)getpid(),
	       (int)syscall(SYS_gettid));
	fflush(stdout);
	while (!released)
		pause();
	expect_allowed("holder's level untouched, not idle",
		       scxkit_qos_get(q, 0, &level, &idle) || level != want ||
				       idle
			       ? -EIO
			       : 0);
	scxkit_qos_close(q);
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
	expect_allowed("get own level",
		       scxkit_qos_get(q, 0, &level, &idle) || level != 7 ? -EIO
									 : 0);
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
	expect_allowed(
		"root reads it back",
		scxkit_qos_get(q, tid, &level, &idle) || level != 9 ? -EIO : 0);
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
						     level != want || idle
					     ? -EIO
					     : 0);
	}
	scxkit_qos_close(q);
}

int main(int argc, char **argv)
{
	int foreign[MAX_TIDS], nf = 0, i, holder = 0;
	bool root_mode = false;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];
		int tid = i + 1 < argc ? atoi(argv[i + 1]) : 0;
		int level = i + 2 < argc ? atoi(argv[i + 2]) : -1;

		if (!strcmp(opt, "--raw") && i + 2 < argc) {
			char line[128], reply[256], what[192];

			snprintf(line, sizeof(line), "%s\n", argv[i + 1]);
			snprintf(what, sizeof(what),
				 "raw '%s' answered '%s...'", argv[i + 1],
				 argv[i + 2]);
			reply[0] = '\0';
			ask(line, reply, sizeof(reply));
			if (strncmp(reply, argv[i + 2], strlen(argv[i + 2])))
				fprintf(stderr, "qos_perm: '%s' got '%s'\n",
					argv[i + 1], reply);
			if (!strncmp(argv[i + 2], "err", 3))
				expect_denied(what,
					      !strncmp(reply, argv[i + 2],
						       strlen(argv[i + 2])));
			else
				expect_allowed(what,
					       strncmp(reply, argv[i + 2],
						       strlen(argv[i + 2]))
						       ? -EIO
						       : 0);
			root_mode = true;
			i += 2;
			continue;
		}
		if (tid <= 0)
			break;
		if (!strcmp(opt, "--hold")) {
			hold((unsigned int)tid);
			root_mode = true; /* anyone may; it is not --foreign */
			i++;
		} else if (!strcmp(opt, "--holder")) {
			holder = tid;
			i++;
		} else if (!strcmp(opt, "--foreign") && nf < MAX_TIDS) {
			foreign[nf++] = tid;
			i++;
		} else if (!strcmp(opt, "--root")) {
			as_root(tid);
			root_mode = true;
			i++;
		} else if ((!strcmp(opt, "--set") ||
			    !strcmp(opt, "--expect")) &&
			   level >= 0) {
			root_level(tid, (unsigned int)level, opt[2] == 'e');
			root_mode = true;
			i += 2;
		} else {
			break;
		}
	}
	if (i < argc || (!nf && !root_mode) || (nf && root_mode)) {
		fprintf(stderr,
			"usage: qos_perm --foreign TID ... [--holder PID]  (unprivileged)\n"
			"       qos_perm [--root TID] [--set TID LEVEL] [--expect TID LEVEL] ... (root)\n"
			"       qos_perm --hold LEVEL\n"
			"       qos_perm --raw LINE PREFIX\n");
		return 2;
	}
	if (nf) {
		if (geteuid() == 0) {
			fprintf(stderr,
				"qos_perm: --foreign is for an unprivileged user\n");
			return 2;
		}
		for (i = 0; i < nf; i++)
			attack(foreign[i]);
		try_map_access();
		if (holder)
			try_holder(holder);
		own_thread();
		flood_own_region(foreign, nf);
	}
	printf("qos_perm: uid %d denied_attempts %d denied %d allowed_attempts %d allowed_ok %d\n",
	       (int)geteuid(), denied_attempts, denied, allowed_attempts,
	       allowed_ok);
	return denied == denied_attempts && allowed_ok == allowed_attempts ? 0
									   : 1;
}
