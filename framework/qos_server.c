// SPDX-License-Identifier: GPL-2.0
/* The launcher's QoS socket and table pin; see qos_server.h. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <scxkit/qos.h>

#include "print.h"
#include "proc_thread.h"
#include "qos_request.h"
#include "qos_server.h"

_Static_assert(SCXKIT_QOS_REGIONS >= LINE_SERVER_MAX_CLIENTS,
	       "one region per QoS connection");

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* linux/pidfd.h, 6.9 */
#endif

/* "show" lists every rule on the one reply line. */
#define REPLY_MAX (64 + SCXKIT_QOS_MAX_RULES * (QOS_RULES_TEXT_MAX + 24))

#define REGION_BYTES (SCXKIT_QOS_REGION_SLOTS * sizeof(struct scxkit_qos_slot))

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
			snprintf(msg, len,
				 "the descriptor sent is not a pidfd");
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

/*
 * "rules", with the rules file's descriptor: root replaces the rules in
 * force, all or nothing.  The file is read here, not trusted to have
 * been checked by whoever sent it.
 */
static void load_rules(struct qos_server *s, struct line_peer *peer, char *out,
		       size_t len)
{
	static struct qos_rules next;
	char why[256];
	int err;

	if (peer->cred.uid != 0 || !peer_unchanged(peer)) {
		s->denied++;
		s->rules_refused++;
		snprintf(out, len, "err %d loading QoS rules needs root",
			 EPERM);
		return;
	}
	if (peer->recv_fd < 0) {
		s->rules_refused++;
		snprintf(out, len,
			 "err %d send the rules file with the request", EINVAL);
		return;
	}
	if (qos_rules__parse_fd(peer->recv_fd, &next, why, sizeof(why))) {
		s->rules_refused++;
		snprintf(out, len, "err %d %s", EINVAL, why);
		return;
	}
	err = qos_rules_map__publish(&s->rules_maps, &next);
	if (err) {
		s->rules_refused++;
		snprintf(out, len, "err %d cannot put them in force: %s", -err,
			 strerror(-err));
		return;
	}
	s->rules = next;
	s->rules_loads++;
	snprintf(out, len, "ok %d", next.nr);
}

/* "show": the rules in force, tab-separated, each with its count. */
static void show_rules(struct qos_server *s, char *out, size_t len)
{
	__s64 hits[SCXKIT_QOS_MAX_RULES] = { 0 };
	size_t used;
	int i;

	if (s->rules_maps.ctl_fd < 0) {
		snprintf(out, len, "err %d this policy has no QoS rules",
			 EOPNOTSUPP);
		return;
	}
	qos_rules_map__hits(&s->rules_maps, hits, s->rules.nr);
	used = (size_t)snprintf(out, len, "ok %u %d",
				qos_rules_map__generation(&s->rules_maps),
				s->rules.nr);
	for (i = 0; i < s->rules.nr && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "\t%lld %s",
					 (long long)hits[i], s->rules.text[i]);
}

int qos_server__level_of(struct qos_server *s, __u32 tid, int *level, char *by,
			 size_t len)
{
	struct scxkit_qos_verdict v;
	struct scxkit_qos_entry e;
	unsigned char buf[512];
	__u64 ticks;
	int fd;

	*level = -1;
	if (proc_thread__start_ticks((pid_t)tid, &ticks))
		return -ESRCH;
	if (!bpf_map_lookup_elem(s->map_fd, &tid, &e) &&
	    e.start_ticks == ticks) {
		struct scxkit_qos_slot *slot = NULL;

		if (e.region && e.region <= SCXKIT_QOS_REGIONS &&
		    e.slot < SCXKIT_QOS_REGION_SLOTS &&
		    s->regions.mem[e.region - 1] &&
		    s->regions.gen[e.region - 1] == e.region_gen)
			slot = &s->regions.mem[e.region - 1][e.slot];
		*level = (int)(slot ? __atomic_load_n(&slot->level,
						      __ATOMIC_RELAXED)
				    : e.level);
		snprintf(by, len, "mark");
		return 0;
	}
	snprintf(by, len, "unclassified");
	if (s->task_ctx_fd < 0)
		return 0;
	fd = (int)syscall(SYS_pidfd_open, (pid_t)tid, PIDFD_THREAD);
	if (fd < 0)
		fd = (int)syscall(SYS_pidfd_open, (pid_t)tid, 0);
	if (fd < 0)
		return 0;
	if (bpf_map_lookup_elem(s->task_ctx_fd, &fd, buf)) {
		close(fd);
		return 0;
	}
	close(fd);
	memcpy(&v, buf, sizeof(v));
	if (!v.gen || v.gen != qos_rules_map__generation(&s->rules_maps))
		return 0;
	if (v.level == SCXKIT_QR_NO_LEVEL) {
		snprintf(by, len, "none");
		return 0;
	}
	*level = v.level;
	if (v.rule_idx == SCXKIT_QR_INHERITED)
		snprintf(by, len, "exec");
	else
		snprintf(by, len, "rule %u", v.rule_idx);
	return 0;
}

/* "level TID": "ok LEVEL BY" or "ok - BY", BY as qos_server__level_of. */
static void task_level(struct qos_server *s, const char *arg, char *out,
		       size_t len)
{
	char *end, by[16];
	int level;
	long n;

	n = strtol(arg, &end, 10);
	if (n <= 0 || n > 0x3fffffff || *end) {
		snprintf(out, len, "err %d bad thread id", EINVAL);
		return;
	}
	if (qos_server__level_of(s, (__u32)n, &level, by, sizeof(by))) {
		snprintf(out, len, "err %d no thread %ld", ESRCH, n);
		return;
	}
	if (level < 0)
		snprintf(out, len, "ok - %s", by);
	else
		snprintf(out, len, "ok %d %s", level, by);
}

/* The rules' verbs; false if @line is none of them. */
static bool rules_line(struct qos_server *s, struct line_peer *peer,
		       const char *line, char *out, size_t len)
{
	if (!strcmp(line, "rules"))
		load_rules(s, peer, out, len);
	else if (!strcmp(line, "show"))
		show_rules(s, out, len);
	else if (!strncmp(line, "level ", 6))
		task_level(s, line + 6, out, len);
	else
		return false;
	return true;
}

static void handle_line(void *ctx, struct line_peer *peer, const char *line,
			char *out, size_t len)
{
	struct qos_server *s = ctx;
	struct qos_request r;
	char msg[96], data[64] = "";
	int err;

	s->requests++;
	if (rules_line(s, peer, line, out, len))
		return;
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
		/* BPF skips inherited levels until something is in force. */
		if (!err && r.verb == QOS_INHERIT)
			qos_rules_map__mark_inherit(&s->rules_maps);
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
	s->rules_maps = (struct qos_rules_maps){ -1, -1, -1 };
	s->task_ctx_fd = -1;
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
		owned_path__claim(&s->pin_file, SCXKIT_QOS_PIN);
	}
	/* Anyone may connect; qos_request__authorize() decides per request. */
	err = line_server__open(&s->line, SCXKIT_QOS_SOCKET, 0666, handle_line,
				s, REPLY_MAX);
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

int qos_server__set_rules(struct qos_server *s, const struct qos_rules_maps *m,
			  int task_ctx_fd, const struct qos_rules *r)
{
	s->rules_maps = *m;
	s->task_ctx_fd = task_ctx_fd;
	if (r)
		s->rules = *r;
	/* A restart: the new maps start empty; what was in force goes on. */
	if (!r && !s->rules.nr)
		return 0;
	return qos_rules_map__publish(&s->rules_maps, &s->rules);
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
		owned_path__remove(&s->pin_file, SCXKIT_QOS_PIN);
		rmdir("/sys/fs/bpf/scxkit"); /* kept while a successor's is in */
		s->pinned = 0;
	}
}
