/* SPDX-License-Identifier: GPL-2.0 */
/* Names and meanings of sched_ext exit kinds (enum scx_exit_kind). */
#ifndef __SCXKIT_EXIT_KIND_H
#define __SCXKIT_EXIT_KIND_H

#include <stdbool.h>
#include <stddef.h>

/*
 * exit_kind__name - "SCX_EXIT_ERROR_BPF" for 1025 and so on, into @buf.
 * Names come from the running kernel's BTF when it is readable (they move
 * between kernels), else from the values scxkit was built against.
 */
void exit_kind__name(int kind, char *buf, size_t len);

/* exit_kind__is_error - kinds >= SCX_EXIT_ERROR are failures. */
bool exit_kind__is_error(int kind);

#endif
