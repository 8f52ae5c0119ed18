// SPDX-License-Identifier: GPL-2.0
/* Reads enum values from the running kernel's BTF; see kernel_enum.h. */
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel_enum.h"

/* Calls @fn on each enumerator of @type until it returns true. */
static int each_enumerator(const char *type,
			   bool (*fn)(const char *name, __u64 val, void *arg),
			   void *arg)
{
	const struct btf_type *t;
	struct btf *btf;
	int id, i, ret = -ENOENT;

	btf = btf__load_vmlinux_btf();
	if (!btf)
		return errno ? -errno : -ENOENT;
	/* Enums with a value above 32 bits are ENUM64 (kernel 6.0+). */
	id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	if (id <= 0)
		id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM64);
	if (id > 0) {
		t = btf__type_by_id(btf, (__u32)id);
		for (i = 0; i < btf_vlen(t); i++) {
			const char *name;
			__u64 val;

			if (btf_is_enum(t)) {
				const struct btf_enum *e = btf_enum(t) + i;

				name = btf__name_by_offset(btf, e->name_off);
				val = (__u64)(__s64)e->val;
				if (!btf_kflag(t)) /* unsigned: no sign */
					val = (__u32)e->val;
			} else {
				const struct btf_enum64 *e = btf_enum64(t) + i;

				name = btf__name_by_offset(btf, e->name_off);
				val = btf_enum64_value(e);
			}
			if (name && fn(name, val, arg)) {
				ret = 0;
				break;
			}
		}
	}
	btf__free(btf);
	return ret;
}

struct by_name {
	const char *name;
	__u64 val;
};

static bool match_name(const char *name, __u64 val, void *arg)
{
	struct by_name *q = arg;

	if (strcmp(name, q->name))
		return false;
	q->val = val;
	return true;
}

int kernel_enum__value(const char *type, const char *name, __u64 *val)
{
	struct by_name q = { .name = name };
	int ret = each_enumerator(type, match_name, &q);

	if (!ret)
		*val = q.val;
	return ret;
}

struct by_value {
	__u64 val;
	char *buf;
	size_t len;
};

static bool match_value(const char *name, __u64 val, void *arg)
{
	struct by_value *q = arg;

	if (val != q->val)
		return false;
	snprintf(q->buf, q->len, "%s", name);
	return true;
}

int kernel_enum__name(const char *type, __u64 val, char *buf, size_t len)
{
	struct by_value q = { .val = val, .buf = buf, .len = len };

	return each_enumerator(type, match_value, &q);
}
