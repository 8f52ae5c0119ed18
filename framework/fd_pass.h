/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending a file descriptor along with bytes on a UNIX socket
 * (SCM_RIGHTS): the QoS server hands out regions so, and the QoS client
 * names threads by pidfd so.
 */
#ifndef __SCXKIT_FD_PASS_H
#define __SCXKIT_FD_PASS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * fd_pass__send - send @len bytes of @buf on @sock with sendmsg @flags,
 * and @fd with them unless it is -1.  Returns what sendmsg returns.
 */
ssize_t fd_pass__send(int sock, const void *buf, size_t len, int fd, int flags);

#endif
