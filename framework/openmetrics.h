/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An scx_stats reply in the Prometheus text format, the one promtool and
 * node_exporter's textfile collector read, led by the server's stats_meta
 * alone: any scx_stats server's stats come out, not only scxkit's.
 * A pure function of its inputs, so it is unit-tested without a server.
 */
#ifndef __SCXKIT_OPENMETRICS_H
#define __SCXKIT_OPENMETRICS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/*
 * openmetrics__write - print the stats in @stats (the "resp" of a "stats"
 * reply) as metrics to @out, the way @meta (the "resp" of "stats_meta")
 * describes them, after scx_stats' conventions for OpenMetrics:
 *
 *  - the numbers of the top struct (the one marked "top") and of structs
 *    in dicts become metrics named _om_prefix + field; a dict's key
 *    becomes a label named after its struct's _om_label; fields marked
 *    _om_skip, strings, arrays and dicts without a label are left out;
 *  - a field marked _om_type "counter" is a counter (name_total), any
 *    other a gauge;
 *  - a name ending in an abbreviated time unit (_s, _ms, _us, _ns) ends
 *    in _seconds instead, its values converted, as Prometheus' naming
 *    rules want.
 *
 * Returns the number of samples printed, or -1 with a reason in @err when
 * @meta has no top struct.
 */
int openmetrics__write(FILE *out, json_t *meta, json_t *stats, char *err,
		       size_t errlen);

#endif
