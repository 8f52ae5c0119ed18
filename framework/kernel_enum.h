/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values of the running kernel's enums, read from its BTF
 * (/sys/kernel/btf/vmlinux), so the launcher uses the numbers of the kernel
 * it runs on instead of those of the headers it was built with.
 */
#ifndef __SCXKIT_KERNEL_ENUM_H
#define __SCXKIT_KERNEL_ENUM_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/*
 * kernel_enum__value - the value of enumerator @name of enum @type.
 * Returns 0 and sets *@val, or -ENOENT when the kernel's BTF has no such
 * enumerator, or another negative errno when the BTF cannot be read.
 */
int kernel_enum__value(const char *type, const char *name, __u64 *val);

/*
 * kernel_enum__name - the name of the enumerator of enum @type whose value
 * is @val, into @buf.  Returns 0, or a negative errno as above.
 */
int kernel_enum__name(const char *type, __u64 val, char *buf, size_t len);

#endif /* __SCXKIT_KERNEL_ENUM_H */
