/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Moved to <scxkit/bpf/deque.bpf.h>, beside the other BPF headers; this path
 * is kept for out-of-tree policies for one release, then removed.
 */
#include <scxkit/bpf/deque.bpf.h>
