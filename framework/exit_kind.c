// SPDX-License-Identifier: GPL-2.0
/* Maps sched_ext exit kinds to their names, preferring the kernel's BTF. */
#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

#include "exit_kind.h"

#define SCX_EXIT_ERROR 1024

static const struct {
	int kind;
	const char *name;
} builtin[] = {
	{ 0, "SCX_EXIT_NONE" },		 { 1, "SCX_EXIT_DONE" },
	{ 64, "SCX_EXIT_UNREG" },	 { 65, "SCX_EXIT_UNREG_BPF" },
	{ 66, "SCX_EXIT_UNREG_KERN" },	 { 67, "SCX_EXIT_SYSRQ" },
	{ 1024, "SCX_EXIT_ERROR" },	 { 1025, "SCX_EXIT_ERROR_BPF" },
	{ 1026, "SCX_EXIT_ERROR_STALL" },
};

static int name_from_btf(int kind, char *buf, size_t len)
{
	const struct btf_type *t;
	struct btf *btf;
	int id, i, ret = -1;

	btf = btf__load_vmlinux_btf();
	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, "scx_exit_kind", BTF_KIND_ENUM);
	if (id > 0) {
		const struct btf_enum *e;

		t = btf__type_by_id(btf, (__u32)id);
		e = btf_enum(t);
		for (i = 0; i < btf_vlen(t); i++, e++) {
			if (e->val == kind) {
				snprintf(buf, len, "%s",
					 btf__name_by_offset(btf, e->name_off));
				ret = 0;
				break;
			}
		}
	}
	btf__free(btf);
	return ret;
}

void exit_kind__name(int kind, char *buf, size_t len)
{
	size_t i;

	if (!name_from_btf(kind, buf, len))
		return;
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (builtin[i].kind == kind) {
			snprintf(buf, len, "%s", builtin[i].name);
			return;
		}
	}
	snprintf(buf, len, "exit kind %d", kind);
}

bool exit_kind__is_error(int kind)
{
	return kind >= SCX_EXIT_ERROR;
}
