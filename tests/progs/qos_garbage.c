// SPDX-License-Identifier: GPL-2.0
/*
 * qos_garbage - writes garbage straight into the pinned QoS table (root),
 * bypassing every check the client library and the socket make, to show
 * that nothing in the table can make a policy misbehave.
 *
 *   qos_garbage [--seconds S] [--pid PID]...
 *
 * For S seconds (default 5) it keeps writing entries of four kinds:
 *   - random thread ids that do not exist, random levels and flags;
 *   - the live threads of each PID with their true start time but a huge
 *     level (up to UINT32_MAX) and random flags, the idle mark included;
 *   - the same threads with a start time that is not theirs, as an entry
 *     left behind by an earlier thread with a reused id would be;
 *   - deletions of random keys, so the table churns.
 * Entries pile up until the table is full (the launcher sweeps out dead
 * threads' entries).  Prints one line:
 *   qos_garbage: writes W full F deletes D live_threads T
 * and exits 1 if the table could not be opened or nothing was written.
 */
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int main(int argc, char **argv)
{
	long writes = 0, full = 0, deletes = 0;
	double seconds = 5, end;
	int fd, i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--pid"))
			collect_threads(atoi(argv[i + 1]));
		else
			break;
	}
	if (i < argc || seconds <= 0) {
		fprintf(stderr, "usage: qos_garbage [--seconds S] [--pid PID]...\n");
		return 2;
	}
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
			e.start_ticks = kind == 1 ? ticks[k] :
						    ticks[k] - 1 - rand() % 50;
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
