// SPDX-License-Identifier: GPL-2.0
/*
 * The checks before attaching a scheduler, with the messages that tell
 * a user how to fix what is missing.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "build_info.h"
#include "machine.h"
#include "sched_ext_sysfs.h"

int machine__check(const char *cmd)
{
	char state[32], name[128], hint[128];
	struct utsname u;

	if (geteuid() != 0) {
		fprintf(stderr, "scxkit: must run as root: attaching a "
				"sched_ext scheduler needs CAP_SYS_ADMIN and "
				"CAP_BPF\n");
		return -1;
	}
	if (!sched_ext_sysfs__present()) {
		uname(&u);
		snprintf(hint, sizeof(hint),
			 "run it in the VM instead: make vm CMD='scxkit %s "
			 "...'",
			 cmd);
		fprintf(stderr,
			"scxkit: kernel %s has no sched_ext "
			"(CONFIG_SCHED_CLASS_EXT); %s\n",
			u.release,
			build_info__in_tree() ? hint
					      : "boot a kernel built with it "
						"(Linux 6.12 or later)");
		return -1;
	}
	if (sched_ext_sysfs__state(state, sizeof(state)) == 0 &&
	    strcmp(state, "disabled")) {
		if (sched_ext_sysfs__ops_name(name, sizeof(name)))
			snprintf(name, sizeof(name), "unknown");
		fprintf(stderr,
			"scxkit: another sched_ext scheduler is attached: '%s' "
			"(state %s); stop it first\n",
			name, state);
		return -1;
	}
	return 0;
}
