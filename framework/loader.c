// SPDX-License-Identifier: GPL-2.0
/*
 * The libbpf side of the launcher.  Policies are opened from the object
 * files embedded in the launcher, without generated skeletons: the launcher
 * finds maps by name and variables by their BTF, so one binary serves every
 * policy and needs nothing generated per policy.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loader.h"
#include "mono_clock.h"
#include "print.h"

#define OPS_MAP "scxkit_ops"

/* Does the ops map's data (libbpf's shadow copy) point at @prog? */
static bool ops_refers_to(const char *data, size_t size,
			  const struct bpf_program *prog)
{
	size_t off;

	for (off = 0; off + sizeof(prog) <= size; off += sizeof(prog))
		if (!memcmp(data + off, &prog, sizeof(prog)))
			return true;
	return false;
}

/*
 * A policy's object holds every framework callback, but its ops map refers
 * only to those the policy needs (SCXKIT_DEFINE_OPS), and libbpf refuses
 * to load a struct_ops program no map refers to.  libbpf (>= 1.4) keeps a
 * pointer to each referenced program in the map's data: a struct_ops
 * program found there is loaded, any other is not.  An older libbpf keeps
 * none; then nothing is changed.
 */
static void skip_unreferenced_ops(struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, OPS_MAP);
	size_t size = 0;
	char *data = map ? bpf_map__initial_value(map, &size) : NULL;
	struct bpf_program *prog;
	bool any = false;

	if (!data)
		return;
	bpf_object__for_each_program(prog, obj)
		any |= ops_refers_to(data, size, prog);
	if (!any)
		return;
	bpf_object__for_each_program(prog, obj)
		if (bpf_program__type(prog) == BPF_PROG_TYPE_STRUCT_OPS &&
		    !ops_refers_to(data, size, prog))
			bpf_program__set_autoload(prog, false);
}

int loader__check_cpus(int nr_cpus)
{
	if (nr_cpus <= SCXKIT_MAX_CPUS)
		return 0;
	/* Per-CPU maps, stats and the dashboard are sized for this many. */
	print__msg("this machine has %d possible CPUs; scxkit supports at most "
		   "%d (SCXKIT_MAX_CPUS in include/scxkit/common.h)\n",
		   nr_cpus, SCXKIT_MAX_CPUS);
	return -E2BIG;
}

int loader__open(struct loaded_policy *lp, const struct scxkit_policy *p)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = p->desc.name);
	int err;

	memset(lp, 0, sizeof(*lp));
	lp->policy = p;
	lp->counters_fd = lp->exit_fd = lp->tq_nr_fd = lp->occupants_fd = -1;
	lp->sample_fd = -1;
	lp->qos_fd = -1;
	lp->qos_regions_fd = -1;
	lp->qos_gen_fd = -1;
	lp->queue_capacity = SCXKIT_QUEUE_CAPACITY_DFL;
	lp->nr_cpus = libbpf_num_possible_cpus();
	if (lp->nr_cpus <= 0) {
		print__msg("cannot count possible CPUs: %s\n",
			   strerror(-lp->nr_cpus));
		return lp->nr_cpus;
	}
	err = loader__check_cpus(lp->nr_cpus);
	if (err)
		return err;
	lp->obj = bpf_object__open_mem(p->obj, p->obj_size, &opts);
	if (!lp->obj) {
		err = -errno;
		print__msg("failed to open BPF object of %s: %s\n",
			   p->desc.name, strerror(-err));
		return err;
	}
	skip_unreferenced_ops(lp->obj);
	return 0;
}

/* Offset of variable @name in datasec @sec of the object's BTF, or -1. */
static long datasec_var_offset(struct bpf_object *obj, const char *sec,
			       const char *name, __u32 *size)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	struct btf *btf;
	int id, i;

	btf = bpf_object__btf(obj);
	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, (__u32)id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, var->name_off), name)) {
			*size = vs->size;
			return (long)vs->offset;
		}
	}
	return -1;
}

bool loader__has_rodata(struct loaded_policy *lp, const char *name)
{
	__u32 vsize;

	return datasec_var_offset(lp->obj, ".rodata", name, &vsize) >= 0;
}

int loader__set_rodata(struct loaded_policy *lp, const char *name, __u64 value)
{
	struct bpf_map *map;
	size_t size;
	__u32 vsize;
	char *data;
	long off;

	map = bpf_object__find_map_by_name(lp->obj, ".rodata");
	off = datasec_var_offset(lp->obj, ".rodata", name, &vsize);
	if (!map || off < 0) {
		print__msg("policy %s has no variable '%s'\n",
			   lp->policy->desc.name, name);
		return -ENOENT;
	}
	data = bpf_map__initial_value(map, &size);
	if (!data || vsize != sizeof(value) ||
	    (size_t)off + sizeof(value) > size) {
		print__msg("variable '%s' is not a u64 in .rodata\n", name);
		return -EINVAL;
	}
	memcpy(data + off, &value, sizeof(value));
	return 0;
}

/* Where member @name of the ops lives in the map's data, or NULL. */
static char *ops_member(struct loaded_policy *lp, const char *name,
			size_t want_size)
{
	const struct btf_member *m;
	const struct btf_type *t;
	struct bpf_map *map;
	struct btf *btf;
	size_t size;
	char *data;
	int id, i;

	map = bpf_object__find_map_by_name(lp->obj, OPS_MAP);
	btf = bpf_object__btf(lp->obj);
	id = btf ? btf__find_by_name_kind(btf, "sched_ext_ops", BTF_KIND_STRUCT)
		 : -1;
	data = map ? bpf_map__initial_value(map, &size) : NULL;
	if (!data || id < 0) {
		print__msg("policy %s has no '" OPS_MAP "' struct_ops map\n",
			   lp->policy->desc.name);
		return NULL;
	}
	t = btf__type_by_id(btf, (__u32)id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		__u32 off = btf_member_bit_offset(t, (__u32)i) / 8;

		if (strcmp(btf__name_by_offset(btf, m->name_off), name))
			continue;
		if (off + want_size > size)
			break;
		return data + off;
	}
	print__msg("sched_ext_ops has no '%s' member\n", name);
	return NULL;
}

int loader__add_ops_flags(struct loaded_policy *lp, __u64 flags)
{
	char *p = ops_member(lp, "flags", sizeof(__u64));
	__u64 cur;

	if (!p)
		return -ENOENT;
	memcpy(&cur, p, sizeof(cur));
	cur |= flags;
	memcpy(p, &cur, sizeof(cur));
	return 0;
}

int loader__set_ops_u32(struct loaded_policy *lp, const char *name, __u32 value)
{
	char *p = ops_member(lp, name, sizeof(value));

	if (!p)
		return -ENOENT;
	memcpy(p, &value, sizeof(value));
	return 0;
}

int loader__register_op(struct loaded_policy *lp, const char *op,
			const char *prog_name)
{
	char *slot = ops_member(lp, op, sizeof(struct bpf_program *));
	struct bpf_program *prog =
		bpf_object__find_program_by_name(lp->obj, prog_name);
	struct bpf_program *cur;

	if (!slot)
		return -ENOENT;
	if (!prog) {
		print__msg("policy %s has no program %s\n",
			   lp->policy->desc.name, prog_name);
		return -ENOENT;
	}
	/*
	 * libbpf >= 1.4 keeps the referenced programs' pointers in the
	 * map's data (skip_unreferenced_ops()); it links the slot to the
	 * program at load.
	 */
	memcpy(&cur, slot, sizeof(cur));
	if (cur == prog)
		return 0;
	memcpy(slot, &prog, sizeof(prog));
	bpf_program__set_autoload(prog, true);
	return 0;
}

int loader__reuse_qos(struct loaded_policy *lp, int qos_fd, int regions_fd,
		      int gen_fd)
{
	const struct {
		const char *name;
		int fd;
	} keep[] = { { "scxkit_qos", qos_fd },
		     { "scxkit_qos_regions", regions_fd },
		     { "scxkit_qos_region_gen", gen_fd } };
	struct bpf_map *m;
	unsigned int i;
	int err;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		if (keep[i].fd < 0)
			continue;
		m = bpf_object__find_map_by_name(lp->obj, keep[i].name);
		err = m ? bpf_map__reuse_fd(m, keep[i].fd) : -ENOENT;
		if (err) {
			print__msg("cannot keep map %s: %s\n", keep[i].name,
				   strerror(-err));
			return err;
		}
	}
	return 0;
}

/*
 * failed - say that @what (load, attach) failed for @lp with @err, and
 * @hint, the likely cause, if any; returns @err.
 */
static int failed(const struct loaded_policy *lp, const char *what, int err,
		  const char *hint)
{
	print__msg("failed to %s policy %s: %s%s\n", what,
		   lp->policy->desc.name, strerror(-err), hint);
	return err;
}

int loader__load(struct loaded_policy *lp)
{
	struct bpf_program *prog;
	struct bpf_map *m;
	int err;

	/* Deque arrays (SCXKIT_DEQUE_ARRAY) get their inner maps after load. */
	err = map_in_map__plan(lp->obj, &lp->deques);
	if (err)
		return err;
	map_in_map__set_capacity(&lp->deques, "scxkit_tq_", lp->queue_capacity);
	/* QoS regions are created by the QoS server, one per process. */
	map_in_map__leave_empty(&lp->deques, "scxkit_qos_regions");
	err = bpf_object__load(lp->obj);
	if (err == -EACCES || err == -EINVAL)
		return failed(lp, "load", err,
			      " (the verifier's log is above; -v shows more)");
	if (err)
		return failed(lp, "load", err, "");
	err = map_in_map__fill(lp->obj, &lp->deques);
	if (err)
		return err;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_counters");
	lp->counters_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_exit_info");
	lp->exit_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_tq_nr");
	lp->tq_nr_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_qos");
	lp->qos_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_qos_regions");
	lp->qos_regions_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_qos_region_gen");
	lp->qos_gen_fd = m ? bpf_map__fd(m) : -1;
	m = bpf_object__find_map_by_name(lp->obj, "scxkit_occupants");
	lp->occupants_fd = m ? bpf_map__fd(m) : -1;
	/* Objects built before sample.bpf.h have no sampler: skip it. */
	prog = bpf_object__find_program_by_name(lp->obj, "scxkit_sample_cpus");
	lp->sample_fd = prog ? bpf_program__fd(prog) : -1;
	if (lp->counters_fd < 0 || lp->exit_fd < 0) {
		print__msg("policy %s lacks the framework maps\n",
			   lp->policy->desc.name);
		return -ENOENT;
	}
	return 0;
}

int loader__attach(struct loaded_policy *lp)
{
	static const char busy[] = " (another sched_ext scheduler is attached)";
	struct bpf_map *map;
	int err;

	map = bpf_object__find_map_by_name(lp->obj, OPS_MAP);
	if (!map)
		return -ENOENT;
	lp->link = bpf_map__attach_struct_ops(map);
	if (!lp->link) {
		err = -errno;
		return failed(lp, "attach", err,
			      err == -EBUSY || err == -EEXIST ? busy : "");
	}
	return 0;
}

int loader__read_counters(struct loaded_policy *lp, struct stats_snapshot *snap)
{
	struct scxkit_counters *percpu;
	__u32 zero = 0;
	int cpu, i, err;

	percpu = calloc((size_t)lp->nr_cpus, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(lp->counters_fd, &zero, percpu)) {
		err = -errno;
		free(percpu);
		return err;
	}
	memset(snap->c, 0, sizeof(snap->c));
	for (cpu = 0; cpu < lp->nr_cpus; cpu++)
		for (i = 0; i < SCXKIT_MAX_COUNTERS; i++)
			snap->c[i] += percpu[cpu].c[i];
	free(percpu);
	return 0;
}

int loader__read_snapshot(struct loaded_policy *lp, struct stats_snapshot *snap)
{
	__s64 nr_used = 0;
	double now;
	pid_t self;
	__u32 i;
	int err;

	err = loader__read_counters(lp, snap);
	if (err)
		return err;

	/* Slot SCXKIT_MAX_QUEUES holds how many queues the policy uses. */
	i = SCXKIT_MAX_QUEUES;
	if (lp->tq_nr_fd >= 0)
		bpf_map_lookup_elem(lp->tq_nr_fd, &i, &nr_used);
	snap->nr_queues =
		nr_used > 0 && nr_used <= SCXKIT_MAX_QUEUES ? (int)nr_used : 1;
	for (i = 0; i < SCXKIT_MAX_QUEUES; i++) {
		snap->depth[i] = 0;
		if (lp->tq_nr_fd >= 0)
			bpf_map_lookup_elem(lp->tq_nr_fd, &i, &snap->depth[i]);
		if (snap->depth[i] < 0) /* a pop raced ahead of its count */
			snap->depth[i] = 0;
	}

	snap->nr_cpus = lp->nr_cpus < SCXKIT_MAX_CPUS ? lp->nr_cpus
						      : SCXKIT_MAX_CPUS;
	/* Policies that do not track them sample them now (sample.bpf.h). */
	if (lp->sample_fd >= 0) {
		LIBBPF_OPTS(bpf_test_run_opts, run);

		bpf_prog_test_run_opts(lp->sample_fd, &run);
	}
	now = (double)mono_clock__ns();
	self = gettid();
	for (i = 0; i < (__u32)snap->nr_cpus; i++) {
		struct stats_cpu *c = &snap->cpus[i];
		struct scxkit_occupant occ = { 0 };

		if (lp->occupants_fd >= 0)
			bpf_map_lookup_elem(lp->occupants_fd, &i, &occ);
		/*
		 * The CPU this thread runs on has this thread as its
		 * occupant while it reads (sampled: it is the current task
		 * there; tracked: running() recorded it), so every sample
		 * would show the launcher as the busiest task.  What ran
		 * there before it is not known, so the CPU is shown with
		 * no ext task rather than as busy with the sampler.  Done
		 * here, not in sample.bpf.h, to cover both ways the
		 * occupants are kept.
		 */
		if (occ.pid && occ.pid == self)
			occ.pid = 0;
		c->pid = occ.pid;
		c->qos = occ.qos;
		c->runs = occ.runs;
		c->kicks = occ.kicks;
		c->run_ms = occ.pid && now > (double)occ.started_ns
				    ? (now - (double)occ.started_ns) / 1e6
				    : 0;
		memcpy(c->comm, occ.comm, sizeof(c->comm));
	}
	return 0;
}

int loader__read_exit(struct loaded_policy *lp, struct scxkit_exit_info *ei)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(lp->exit_fd, &zero, ei))
		return -errno;
	ei->reason[sizeof(ei->reason) - 1] = '\0';
	ei->msg[sizeof(ei->msg) - 1] = '\0';
	return 0;
}

void loader__destroy(struct loaded_policy *lp)
{
	bpf_link__destroy(lp->link);
	lp->link = NULL;
	bpf_object__close(lp->obj);
	lp->obj = NULL;
}
