/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measuring what one context switch costs on this machine (switch_cost.c);
 * the launcher hands the figure to every policy as scxkit_switch_cost_ns.
 */
#ifndef __SCXKIT_SWITCH_COST_H
#define __SCXKIT_SWITCH_COST_H

/*
 * switch_cost__measure - time a futex ping-pong between two threads on the
 * caller's CPU (about 2,000 switches); sets *@ns_per_switch to the median
 * of five batches.  Returns 0 or a negative errno.
 */
int switch_cost__measure(double *ns_per_switch);

#endif /* __SCXKIT_SWITCH_COST_H */
