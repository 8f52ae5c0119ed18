/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record of how the last scheduler ended, as one JSON object.  The
 * launcher prints it (--json) and writes it to EXIT_RECORD_PATH before it
 * closes its sockets, so a dashboard watching from another process can
 * show why the scheduler it watched went away.
 */
#ifndef __SCXKIT_EXIT_RECORD_H
#define __SCXKIT_EXIT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <scxkit/common.h>

#define EXIT_RECORD_PATH "/run/scxkit/last-exit.json"

/*
 * exit_record__format - the record as one JSON object, no newline:
 * {"type":@type,"policy":..,"launcher_pid":..,"time_s":..,"requested":..,
 *  "restarts":..,"kind":..,"kind_name":..,"exit_code":..,"exit_cpu":..,
 *  "reason":..,"msg":..}.  @type is "exit" for how a run ended, or
 * "restart" for an exit the launcher recovered from by loading the policy
 * again (@restarts counts them).  Returns the length written.
 */
int exit_record__format(char *buf, size_t len, const char *type,
			const char *policy, int pid, double uptime,
			bool requested, int restarts,
			const struct scxkit_exit_info *ei,
			const char *kind_name);

/* exit_record__write - replace the file at @path with @json atomically. */
int exit_record__write(const char *path, const char *json);

#endif
