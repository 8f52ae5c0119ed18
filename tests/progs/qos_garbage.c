// SPDX-License-Identifier: GPL-2.0
/*
 * qos_garbage - writes garbage straight into the pinned QoS table (root),
 * bypassing every check the client library and the socket make, to show
 * that nothing in the table can make a policy misbehave.
 *
 *   qos_garbage [--seconds S] [--pid PID]...
 *   qos_garbage --region [--seconds S] [--threads N]
 *
 * For S seconds (default 5) it keeps writing entries of four kinds:
 *   - random thread ids that do not exist, random levels and flags;
 *   - the live threads of each PID with their true start time but a huge
 *     level (up to UINT32_MAX) and random flags, the idle mark included;
 *   - the same threads with a start time that is not theirs, as an entry
 *     left behind by an earlier thread with a reused id would be;
 *   - deletions of random keys, so the table churns.
 * Entries carry random region bindings too (region, slot, generation),
 * some of which name a live region.  Entries pile up until the table is
 * full (the launcher sweeps out dead threads' entries).  Prints one line:
 *   qos_garbage: writes W full F deletes D live_threads T
 * and exits 1 if the table could not be opened or nothing was written.
 *
 * --region is a hostile application of the shared-memory table: it takes
 * a region over the socket (no library), binds N CPU-bound threads of its
 * own to slots and, for S seconds, fills every slot with random words
 * (levels, flags with the idle mark, futex words).  The threads must
 * still finish.  Prints:
 *   qos_garbage: region_writes W bound B threads N
 * and exits 1 unless every thread was bound and finished.
 */
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <scxkit/common.h>
#include <scxkit/qos.h>

#include "timing.h"

#define MAX_PIDS 8
#define MAX_TIDS 256

static __u32 tids[MAX_TIDS];
static __u64 ticks[MAX_TIDS];
static int nr_tids;

/* Field 22 of /proc/PID/task/TID/stat (after the ")" of the name). */
static int start_ticks(int pid, int tid, __u64 *out)
{
	char path[64], buf[1024], *p;
	size_t n;
	FILE *f;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -1;
	*out = strtoull(p + 1, NULL, 10);
	return 0;
}

static void collect_threads(int pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir)) && nr_tids < MAX_TIDS) {
		int tid = atoi(d->d_name);

		if (tid > 0 && !start_ticks(pid, tid, &ticks[nr_tids]))
			tids[nr_tids++] = (__u32)tid;
	}
	closedir(dir);
}

static __u32 rand32(void)
{
	return ((__u32)rand() << 16) ^ (__u32)rand();
}

#define MAX_SPINNERS 64

static _Atomic int stop_spinning, spinner_tid[MAX_SPINNERS];

static void *spinner(void *arg)
{
	volatile unsigned long n = 0;

	atomic_store(&spinner_tid[(long)arg], (int)syscall(SYS_gettid));
	while (!atomic_load(&stop_spinning))
		n++;
	return NULL;
}

/* One request line on @sock; 0 if the reply begins with "ok". */
static int request(int sock, const char *line)
{
	char reply[128];
	ssize_t got = 0;

	if (write(sock, line, strlen(line)) != (ssize_t)strlen(line))
		return -1;
	while ((size_t)got + 1 < sizeof(reply) &&
	       read(sock, reply + got, 1) == 1 && reply[got] != '\n')
		got++;
	reply[got] = '\0';
	return strncmp(reply, "ok", 2) ? -1 : 0;
}

static int region_garbage(double seconds, int nthreads)
{
	union {
		char space[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char reply[64];
	struct iovec iov = { .iov_base = reply, .iov_len = sizeof(reply) };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control.space,
			      .msg_controllen = sizeof(control.space) };
	pthread_t th[MAX_SPINNERS];
	__u32 *words = MAP_FAILED;
	size_t nwords = SCXKIT_QOS_REGION_SLOTS *
			sizeof(struct scxkit_qos_slot) / sizeof(__u32);
	long writes = 0, i;
	int sock, fd = -1, bound = 0;
	char line[64];
	double end;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SCXKIT_QOS_SOCKET);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) ||
	    write(sock, "region\n", 7) != 7 || recvmsg(sock, &msg, 0) <= 0) {
		fprintf(stderr, "qos_garbage: no region from %s\n",
			SCXKIT_QOS_SOCKET);
		return 1;
	}
	if (CMSG_FIRSTHDR(&msg))
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
	if (fd >= 0)
		words = mmap(NULL, nwords * sizeof(__u32),
			     PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (words == MAP_FAILED) {
		fprintf(stderr, "qos_garbage: cannot map the region\n");
		return 1;
	}
	close(fd);
	for (i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, spinner, (void *)i);
	for (i = 0; i < nthreads; i++) {
		while (!atomic_load(&spinner_tid[i]))
			usleep(1000);
		snprintf(line, sizeof(line), "bind %d %ld\n",
			 atomic_load(&spinner_tid[i]), i * 37 % 1024);
		bound += !request(sock, line);
	}
	srand(11);
	end = now_ms() + seconds * 1000;
	while (now_ms() < end) {
		for (i = 0; i < (long)nwords; i++)
			words[i] = rand32();
		writes += (long)nwords;
	}
	atomic_store(&stop_spinning, 1);
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	close(sock);
	printf("qos_garbage: region_writes %ld bound %d threads %d\n", writes,
	       bound, nthreads);
	return bound == nthreads && writes > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	long writes = 0, full = 0, deletes = 0;
	double seconds = 5, end;
	int fd, i, region = 0, nthreads = 4;

	for (i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "--region")) {
			region = 1;
			i--;
			continue;
		}
		if (i + 1 >= argc)
			break;
		if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			nthreads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--pid"))
			collect_threads(atoi(argv[i + 1]));
		else
			break;
	}
	if (i < argc || seconds <= 0 || nthreads < 1 ||
	    nthreads > MAX_SPINNERS) {
		fprintf(stderr,
			"usage: qos_garbage [--seconds S] [--pid PID]...\n"
			"       qos_garbage --region [--seconds S] [--threads N]\n");
		return 2;
	}
	if (region)
		return region_garbage(seconds, nthreads);
	fd = bpf_obj_get(SCXKIT_QOS_PIN);
	if (fd < 0) {
		fprintf(stderr, "qos_garbage: %s: %s\n", SCXKIT_QOS_PIN,
			strerror(errno));
		return 1;
	}
	srand(7);
	end = now_ms() + seconds * 1000;
	while (now_ms() < end) {
		struct scxkit_qos_entry e = {
			.level = rand() % 2 ? rand32() : 0xffffffffU,
			.flags = rand32(),
			.start_ticks = ((__u64)rand32() << 32) | rand32(),
			/* Bindings: out of range, or a live region's. */
			.region = rand32() % (SCXKIT_QOS_REGIONS + 3),
			.slot = rand32() % (SCXKIT_QOS_REGION_SLOTS + 8),
			.region_gen = rand() % 2 ? rand32() % 4 : rand32(),
		};
		__u32 key = 1 + rand32() % 4000000;
		int kind = rand() % 4;

		if (kind == 3) {
			if (!bpf_map_delete_elem(fd, &key))
				deletes++;
			continue;
		}
		if (kind && nr_tids) {
			int k = rand() % nr_tids;

			key = tids[k];
			/* Kind 1: the thread's own entry, absurd contents.
			 * Kind 2: a stale entry of an "earlier" thread. */
			e.start_ticks = kind == 1 ? ticks[k]
						  : ticks[k] - 1 - rand() % 50;
		}
		if (bpf_map_update_elem(fd, &key, &e, BPF_ANY))
			full++;
		else
			writes++;
	}
	printf("qos_garbage: writes %ld full %ld deletes %ld live_threads %d\n",
	       writes, full, deletes, nr_tids);
	return writes > 0 ? 0 : 1;
}
