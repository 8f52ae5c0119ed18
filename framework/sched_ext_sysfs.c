// SPDX-License-Identifier: GPL-2.0
/* Reads sched_ext's sysfs files; see the kernel's sched-ext.rst. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sched_ext_sysfs.h"

#define SCX_SYSFS "/sys/kernel/sched_ext"

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ret = -1;

	if (!f)
		return -1;
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		ret = 0;
	}
	fclose(f);
	return ret;
}

bool sched_ext_sysfs__present(void)
{
	return access(SCX_SYSFS "/state", R_OK) == 0;
}

int sched_ext_sysfs__state(char *buf, size_t len)
{
	return read_line(SCX_SYSFS "/state", buf, len);
}

int sched_ext_sysfs__ops_name(char *buf, size_t len)
{
	return read_line(SCX_SYSFS "/root/ops", buf, len);
}
