// SPDX-License-Identifier: GPL-2.0
/* `scxkit list`: the built-in policies, one line each (--json: one array). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "policy_table.h"

/*
 * The options of @p: [{"name":"slice_us","default":20000,"min":1,
 * "max":1000000,"help":"..."}], keys as man/scxkit.8 documents them.
 */
static json_t *options_json(const struct scxkit_policy *p)
{
	json_t *opts = json_array();
	int k;

	for (k = 0; k < p->nr_opts; k++) {
		const struct scxkit_opt_desc *d = &p->opts[k];

		json_array_append_new(
			opts,
			json_pack("{s:o,s:o,s:o,s:o,s:o}", "name",
				  json_out__string(d->name, SCXKIT_NAME_LEN),
				  "default", json_out__u64(d->def), "min",
				  json_out__u64(d->min), "max",
				  json_out__u64(d->max), "help",
				  json_out__string(d->help, SCXKIT_HELP_LEN)));
	}
	return opts;
}

int cmd_list(int argc, char **argv)
{
	int i, json = 0, broken = 0;
	json_t *list;

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
	list = json_array();
	for (i = 0; i < policy_table__count(); i++) {
		const struct scxkit_policy *p = policy_table__get(i);

		if (!p) {
			broken = 1;
			continue;
		}
		if (json)
			json_array_append_new(
				list,
				json_pack("{s:o,s:o,s:o}", "name",
					  json_out__string(p->desc.name,
							   SCXKIT_NAME_LEN),
					  "summary",
					  json_out__string(p->desc.summary,
							   SCXKIT_HELP_LEN),
					  "options", options_json(p)));
		else
			printf("%-12s %s\n", p->desc.name, p->desc.summary);
	}
	if (json) {
		char *text = json_dumps(list, JSON_COMPACT);

		if (text)
			printf("%s\n", text);
		else
			broken = 1;
		free(text);
	}
	json_decref(list);
	return broken ? EXIT_FAIL : EXIT_OK;
}
