// SPDX-License-Identifier: GPL-2.0
/* The QoS rules in a loaded policy's maps; see qos_rules_map.h. */
#include <bpf/bpf.h>
#include <errno.h>

#include "qos_rules_map.h"

static int read_ctl(const struct qos_rules_maps *m, __u64 *ctl)
{
	__u32 zero = 0;

	*ctl = 0;
	if (m->ctl_fd < 0)
		return -EOPNOTSUPP;
	return bpf_map_lookup_elem(m->ctl_fd, &zero, ctl) ? -errno : 0;
}

int qos_rules_map__publish(const struct qos_rules_maps *m,
			   const struct qos_rules *r)
{
	struct scxkit_qos_rule none = { 0 };
	__u32 set, key, zero = 0, i;
	__u64 ctl;
	__s64 nil = 0;
	int err;

	if (m->rules_fd < 0 || m->hits_fd < 0 || m->ctl_fd < 0)
		return -EOPNOTSUPP;
	if (r->nr < 0 || r->nr > SCXKIT_QOS_MAX_RULES)
		return -EINVAL;
	err = read_ctl(m, &ctl);
	if (err)
		return err;
	set = SCXKIT_QOS_RULES_SET(ctl) ^ 1;
	for (i = 0; i < SCXKIT_QOS_MAX_RULES; i++) {
		key = set * SCXKIT_QOS_MAX_RULES + i;
		if (bpf_map_update_elem(m->rules_fd, &key,
					(int)i < r->nr ? &r->rule[i] : &none,
					BPF_ANY) ||
		    bpf_map_update_elem(m->hits_fd, &key, &nil, BPF_ANY))
			return -errno;
	}
	/* Generation 0 means "never loaded": skip it when it wraps. */
	key = SCXKIT_QOS_RULES_GEN(ctl) + 1;
	if (!key)
		key = 1;
	ctl = SCXKIT_QOS_RULES_CTL(key, set, (__u32)r->nr);
	if (bpf_map_update_elem(m->ctl_fd, &zero, &ctl, BPF_ANY))
		return -errno;
	return 0;
}

int qos_rules_map__mark_inherit(const struct qos_rules_maps *m)
{
	__u32 zero = 0;
	__u64 ctl;
	int err = read_ctl(m, &ctl);

	if (err || SCXKIT_QOS_RULES_GEN(ctl))
		return err;
	ctl = SCXKIT_QOS_RULES_CTL(1, SCXKIT_QOS_RULES_SET(ctl), 0);
	if (bpf_map_update_elem(m->ctl_fd, &zero, &ctl, BPF_ANY))
		return -errno;
	return 0;
}

int qos_rules_map__hits(const struct qos_rules_maps *m, __s64 *hits, int n)
{
	__u64 ctl;
	__u32 key;
	int i, err = read_ctl(m, &ctl);

	if (err)
		return err;
	for (i = 0; i < n && i < SCXKIT_QOS_MAX_RULES; i++) {
		key = SCXKIT_QOS_RULES_SET(ctl) * SCXKIT_QOS_MAX_RULES +
		      (__u32)i;
		if (bpf_map_lookup_elem(m->hits_fd, &key, &hits[i]))
			return -errno;
		if (hits[i] < 0) /* a task counted out before it was in */
			hits[i] = 0;
	}
	return 0;
}

__u32 qos_rules_map__generation(const struct qos_rules_maps *m)
{
	__u64 ctl;

	return read_ctl(m, &ctl) ? 0 : SCXKIT_QOS_RULES_GEN(ctl);
}
