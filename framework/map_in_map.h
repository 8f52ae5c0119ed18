/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Creating the inner maps of a BPF object's arrays of maps (the deques of
 * SCXKIT_DEQUE_ARRAY).  libbpf creates the outer map with empty slots and
 * forgets the inner map's shape once it is loaded, so the shapes are taken
 * before loading and the slots filled after.
 */
#ifndef __SCXKIT_MAP_IN_MAP_H
#define __SCXKIT_MAP_IN_MAP_H

struct bpf_object;

#define MAP_IN_MAP_MAX 16

struct map_in_map_plan {
	int nr;
	struct {
		const char *outer;
		int type;
		unsigned int key_size, value_size, max_entries;
		unsigned int slots;
	} m[MAP_IN_MAP_MAX];
};

/* map_in_map__plan - record every array-of-maps' inner shape; before load. */
int map_in_map__plan(struct bpf_object *obj, struct map_in_map_plan *plan);

/*
 * map_in_map__set_capacity - inner maps of outer maps whose name starts
 * with @prefix get @max_entries instead of the declared placeholder.
 */
void map_in_map__set_capacity(struct map_in_map_plan *plan, const char *prefix,
			      unsigned int max_entries);

/*
 * map_in_map__leave_empty - outer maps whose name starts with @prefix are
 * not filled: their owner inserts inner maps as it needs them.
 */
void map_in_map__leave_empty(struct map_in_map_plan *plan, const char *prefix);

/* map_in_map__fill - give every slot its own inner map; after load. */
int map_in_map__fill(struct bpf_object *obj,
		     const struct map_in_map_plan *plan);

#endif
