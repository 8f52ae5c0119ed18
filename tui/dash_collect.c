// SPDX-License-Identifier: GPL-2.0
/* Reads stats and exit records for the dashboard; see dash_collect.h. */
#include <stdio.h>

#include <scxkit/common.h>

#include "dash_collect.h"
#include "stats_client.h"

int dash_collect__stats(const char *path, char *buf, size_t len, char *err,
			size_t errlen)
{
	return stats_client__request(path,
				     "{\"req\":\"stats\",\"args\":{\"target\":"
				     "\"top\"}}\n",
				     buf, len, err, errlen);
}

void dash_collect__legend(const char *path, struct dash_model *m, char *buf,
			  size_t len)
{
	char err[256];

	if (m->legend.tried)
		return;
	m->legend.tried = true;
	if (!stats_client__request(path, "{\"req\":\"stats_meta\"}\n", buf, len,
				   err, sizeof(err)))
		dash_legend__parse(&m->legend, buf);
}

int dash_collect__exit(const char *path, struct dash_exit *e)
{
	char buf[SCXKIT_EXIT_RECORD_MAX + 1];
	size_t n;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return dash_exit__parse(e, buf);
}
