// SPDX-License-Identifier: GPL-2.0
/* The launcher's QoS socket and table pin; see qos_server.h. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "print.h"
#include "proc_thread.h"
#include "qos_request.h"
#include "qos_server.h"

_Static_assert(SCXKIT_QOS_REGIONS >= LINE_SERVER_MAX_CLIENTS,
	       "one region per QoS connection");

#define REGION_BYTES                                                       \
	(SCXKIT_QOS_REGION_SLOTS * sizeof(struct scxkit_qos_slot))

/* Takes region @i back: BPF stops reading it before it is emptied. */
static void region_free(struct qos_server *s, int i)
{
	__u64 none = 0;
	__u32 key = (__u32)i;

	if (s->region_fd[i] < 0)
		return;
	bpf_map_update_elem(s->gen_fd, &key, &none, BPF_ANY);
	bpf_map_delete_elem(s->regions_fd, &key);
	munmap(s->regions.mem[i], REGION_BYTES);
	s->regions.mem[i] = NULL;
	s->regions.gen[i] = 0;
	close(s->region_fd[i]);
	s->region_fd[i] = -1;
}

/*
 * Region @i for connection @i: a fresh map each time, since a previous
 * owner may keep its mapping of the old one after it hung up.
 */
static int region_get(struct qos_server *s, int i)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_MMAPABLE);
	__u32 key = (__u32)i;
	void *mem;
	__u64 gen;
	int fd;

	if (s->regions_fd < 0 || i < 0 || i >= SCXKIT_QOS_REGIONS)
		return -EOPNOTSUPP;
	if (s->region_fd[i] >= 0)
		return 0;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "scxkit_qos_reg", sizeof(__u32),
			    sizeof(struct scxkit_qos_slot),
			    SCXKIT_QOS_REGION_SLOTS, &opts);
	if (fd < 0)
		return -errno;
	mem = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   0);
	if (mem == MAP_FAILED) {
		close(fd);
		return -errno;
	}
	if (bpf_map_update_elem(s->regions_fd, &key, &fd, BPF_ANY)) {
		int err = -errno;

		munmap(mem, REGION_BYTES);
		close(fd);
		return err;
	}
	gen = ++s->next_gen;
	bpf_map_update_elem(s->gen_fd, &key, &gen, BPF_ANY);
	s->region_fd[i] = fd;
	s->regions.mem[i] = mem;
	s->regions.gen[i] = gen;
	s->regions_given++;
	return 0;
}

static void on_drop(void *ctx, int client)
{
	region_free(ctx, client);
}

/*
 * The thread @r names, as this process numbers it, and its start time,
 * read once for both the permission check and the write.  A client in
 * another PID namespace numbers threads its own way: it must send a pidfd
 * for the thread with the request (libscxkit_qos does), which the kernel
 * translates for us; a bare number from there is refused, so a container
 * cannot name threads outside it.
 */
static int resolve_thread(const struct line_peer *peer, struct qos_request *r,
			  char *msg, size_t len)
{
	__u64 ticks;
	pid_t tid;
	int err;

	if (r->verb == QOS_REGION)
		return 0;
	if (peer->recv_fd >= 0) {
		err = proc_thread__pidfd_tid(peer->recv_fd, &tid);
		if (err == -EBADF) {
			snprintf(msg, len, "the descriptor sent is not a pidfd");
			return -EINVAL;
		}
		if (err) {
			snprintf(msg, len, "no thread %d", r->tid);
			return err;
		}
		r->tid = tid;
	} else if (proc_thread__same_pid_ns(peer->cred.pid) == 0) {
		snprintf(msg, len,
			 "from another PID namespace, name threads by pidfd");
		return -EPERM;
	}
	if (proc_thread__start_ticks(r->tid, &ticks)) {
		snprintf(msg, len, "no thread %d", r->tid);
		return -ESRCH;
	}
	/* With a pidfd: it must still be that thread (ids get reused). */
	if (peer->recv_fd >= 0 &&
	    (proc_thread__pidfd_tid(peer->recv_fd, &tid) || tid != r->tid)) {
		snprintf(msg, len, "thread %d is gone", r->tid);
		return -ESRCH;
	}
	r->start_ticks = ticks;
	return 0;
}

/*
 * The process that connected is still there, under the identity it
 * connected with: not gone with its pid reused, not exec'd into a
 * program of another effective user.  Else a child it left the socket to
 * would act with credentials that are no longer anyone's.
 */
static bool peer_unchanged(const struct line_peer *peer)
{
	__u64 ticks;
	uid_t euid;

	return !proc_thread__start_ticks(peer->cred.pid, &ticks) &&
	       ticks == peer->start_ticks &&
	       !proc_thread__euid(peer->cred.pid, &euid) &&
	       euid == peer->cred.uid;
}

static void handle_line(void *ctx, struct line_peer *peer, const char *line,
			char *out, size_t len)
{
	struct qos_server *s = ctx;
	struct qos_request r;
	char msg[96], data[64] = "";
	int err;

	s->requests++;
	err = qos_request__parse(line, &r, msg, sizeof(msg));
	if (!err && !peer_unchanged(peer)) {
		s->denied++;
		snprintf(msg, sizeof(msg),
			 "the process that connected is gone or changed user");
		err = -EPERM;
		goto reply;
	}
	if (!err) {
		err = resolve_thread(peer, &r, msg, sizeof(msg));
		if (err == -EPERM)
			s->denied++;
		if (err)
			goto reply;
	}
	if (!err) {
		err = qos_request__authorize(&r, &peer->cred);
		if (err == -EPERM) {
			s->denied++;
			snprintf(msg, sizeof(msg),
				 "thread %d is not yours to change", r.tid);
		} else if (err) {
			snprintf(msg, sizeof(msg), "no thread %d", r.tid);
		}
	}
	if (!err && r.verb == QOS_REGION) {
		err = region_get(s, peer->client);
		if (err) {
			snprintf(msg, sizeof(msg), "no region: %s",
				 strerror(-err));
		} else {
			peer->send_fd = s->region_fd[peer->client];
			snprintf(out, len, "ok %d", SCXKIT_QOS_REGION_SLOTS);
		}
		goto reply;
	}
	if (!err && r.verb == QOS_BIND) {
		if (s->region_fd[peer->client] < 0) {
			err = -ENOENT;
			snprintf(msg, sizeof(msg), "ask for a region first");
			goto reply;
		}
		r.region = (unsigned int)peer->client + 1;
		r.region_gen = s->regions.gen[peer->client];
	}
	if (!err) {
		err = qos_request__apply(s->map_fd, &s->regions, &r, data,
					 sizeof(data));
		if (err)
			snprintf(msg, sizeof(msg), "%s", strerror(-err));
		else if (r.verb == QOS_BIND)
			s->binds++;
	}
	if (!err)
		snprintf(out, len, data[0] ? "ok %s" : "ok", data);
reply:
	if (err)
		snprintf(out, len, "err %d %s", -err, msg); /* the wire: > 0 */
}

int qos_server__open(struct qos_server *s, int map_fd, int regions_fd,
		     int gen_fd)
{
	int i, err;

	memset(s, 0, sizeof(*s));
	s->line.listen_fd = -1;
	s->map_fd = map_fd;
	s->regions_fd = regions_fd >= 0 && gen_fd >= 0 ? regions_fd : -1;
	s->gen_fd = gen_fd;
	for (i = 0; i < SCXKIT_QOS_REGIONS; i++)
		s->region_fd[i] = -1;

	/* Root applications use the map itself: fastest, no round trip. */
	if (mkdir("/sys/fs/bpf/scxkit", 0700) && errno != EEXIST) {
		print__msg("no QoS pin (%s): is bpffs mounted on "
			   "/sys/fs/bpf?\n",
			   strerror(errno));
	} else {
		unlink(SCXKIT_QOS_PIN); /* a stale one from a killed run */
		if (bpf_obj_pin(map_fd, SCXKIT_QOS_PIN))
			print__msg("cannot pin the QoS table at %s: %s\n",
				   SCXKIT_QOS_PIN, strerror(errno));
		else
			s->pinned = 1;
	}
	/* Anyone may connect; qos_request__authorize() decides per request. */
	err = line_server__open(&s->line, SCXKIT_QOS_SOCKET, 0666, handle_line,
				s, 256);
	if (err && !s->pinned)
		return err;
	s->line.on_drop = on_drop;
	s->line.line_max = 128; /* the longest request is about 30 bytes */
	return 0;
}

void qos_server__rebind(struct qos_server *s, int map_fd, int regions_fd,
			int gen_fd)
{
	s->map_fd = map_fd;
	if (s->regions_fd >= 0) {
		s->regions_fd = regions_fd;
		s->gen_fd = gen_fd;
	}
}

int qos_server__regions_in_use(const struct qos_server *s)
{
	int i, n = 0;

	for (i = 0; i < SCXKIT_QOS_REGIONS; i++)
		n += s->region_fd[i] >= 0;
	return n;
}

int qos_server__sweep(struct qos_server *s)
{
	__u32 key, next, *prev = NULL;
	struct scxkit_qos_entry e;
	int dropped = 0, budget = SCXKIT_QOS_TABLE_SIZE;

	while (budget-- > 0 && !bpf_map_get_next_key(s->map_fd, prev, &next)) {
		__u64 ticks;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(s->map_fd, &key, &e))
			continue;
		if (proc_thread__start_ticks((pid_t)key, &ticks) ||
		    ticks != e.start_ticks) {
			if (!bpf_map_delete_elem(s->map_fd, &key))
				dropped++;
			/* Deleted the cursor: restart from the beginning. */
			prev = NULL;
		}
	}
	return dropped;
}

void qos_server__close(struct qos_server *s)
{
	int i;

	if (s->line.reply || s->line.listen_fd >= 0)
		line_server__close(&s->line);
	for (i = 0; i < SCXKIT_QOS_REGIONS; i++)
		region_free(s, i);
	if (s->pinned) {
		unlink(SCXKIT_QOS_PIN);
		rmdir("/sys/fs/bpf/scxkit");
		s->pinned = 0;
	}
}
