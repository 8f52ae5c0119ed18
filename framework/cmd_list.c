// SPDX-License-Identifier: GPL-2.0
/* `scxkit list`: the built-in policies, one line each (--json: one array). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "policy_table.h"
#include "stats.h"

int cmd_list(int argc, char **argv)
{
	int i, json = 0, broken = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else {
			fprintf(stderr,
				"scxkit: list: unexpected argument '%.64s' (only --json)\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (json)
		printf("[");
	for (i = 0; i < policy_table__count(); i++) {
		const struct scxkit_policy *p = policy_table__get(i);
		char summary[2 * SCXKIT_HELP_LEN];

		if (!p) {
			broken = 1;
			continue;
		}
		if (json) {
			json__escape(p->desc.summary, summary, sizeof(summary));
			printf("%s{\"name\":\"%s\",\"summary\":\"%s\",\"options\":%d}",
			       i ? "," : "", p->desc.name, summary, p->nr_opts);
		} else {
			printf("%-12s %s\n", p->desc.name, p->desc.summary);
		}
	}
	if (json)
		printf("]\n");
	return broken ? EXIT_FAIL : EXIT_OK;
}
