// SPDX-License-Identifier: GPL-2.0
/* Maps sched_ext exit kinds to their names, preferring the kernel's BTF. */
#include <stdio.h>
#include <string.h>

#include "exit_kind.h"
#include "kernel_enum.h"

#define SCX_EXIT_ERROR 1024

static const struct {
	int kind;
	const char *name;
} builtin[] = {
	{ 0, "SCX_EXIT_NONE" },		  { 1, "SCX_EXIT_DONE" },
	{ 64, "SCX_EXIT_UNREG" },	  { 65, "SCX_EXIT_UNREG_BPF" },
	{ 66, "SCX_EXIT_UNREG_KERN" },	  { 67, "SCX_EXIT_SYSRQ" },
	{ 1024, "SCX_EXIT_ERROR" },	  { 1025, "SCX_EXIT_ERROR_BPF" },
	{ 1026, "SCX_EXIT_ERROR_STALL" },
};

void exit_kind__name(int kind, char *buf, size_t len)
{
	size_t i;

	if (!kernel_enum__name("scx_exit_kind", (__u64)(__s64)kind, buf, len))
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
