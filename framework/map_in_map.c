// SPDX-License-Identifier: GPL-2.0
/* Fills arrays of maps with fresh inner maps; see map_in_map.h for why. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "map_in_map.h"
#include "print.h"

int map_in_map__plan(struct bpf_object *obj, struct map_in_map_plan *plan)
{
	struct bpf_map *map;

	memset(plan, 0, sizeof(*plan));
	bpf_object__for_each_map(map, obj) {
		struct bpf_map *inner;

		if (bpf_map__type(map) != BPF_MAP_TYPE_ARRAY_OF_MAPS)
			continue;
		inner = bpf_map__inner_map(map);
		if (!inner)
			continue;
		if (plan->nr >= MAP_IN_MAP_MAX) {
			print__msg("more than %d arrays of maps\n",
				   MAP_IN_MAP_MAX);
			return -E2BIG;
		}
		plan->m[plan->nr].outer = bpf_map__name(map);
		plan->m[plan->nr].type = (int)bpf_map__type(inner);
		plan->m[plan->nr].key_size = bpf_map__key_size(inner);
		plan->m[plan->nr].value_size = bpf_map__value_size(inner);
		plan->m[plan->nr].max_entries = bpf_map__max_entries(inner);
		plan->m[plan->nr].slots = bpf_map__max_entries(map);
		plan->nr++;
	}
	return 0;
}

void map_in_map__set_capacity(struct map_in_map_plan *plan, const char *prefix,
			      unsigned int max_entries)
{
	int i;

	for (i = 0; i < plan->nr; i++)
		if (!strncmp(plan->m[i].outer, prefix, strlen(prefix)))
			plan->m[i].max_entries = max_entries;
}

void map_in_map__leave_empty(struct map_in_map_plan *plan, const char *prefix)
{
	int i;

	for (i = 0; i < plan->nr; i++)
		if (!strncmp(plan->m[i].outer, prefix, strlen(prefix)))
			plan->m[i].slots = 0;
}

/*
 * inner_failed - say that inner map @slot of @outer could not be @what
 * (create, insert) for errno's reason; returns -errno.
 */
static int inner_failed(const char *what, __u32 slot, const char *outer)
{
	int err = -errno;

	print__msg("cannot %s inner map %u of %s: %s\n", what, slot, outer,
		   strerror(-err));
	return err;
}

int map_in_map__fill(struct bpf_object *obj, const struct map_in_map_plan *plan)
{
	int i;
	__u32 slot;

	for (i = 0; i < plan->nr; i++) {
		struct bpf_map *outer;

		outer = bpf_object__find_map_by_name(obj, plan->m[i].outer);
		if (!outer)
			return -ENOENT;
		for (slot = 0; slot < plan->m[i].slots; slot++) {
			int fd, err;

			fd = bpf_map_create((enum bpf_map_type)plan->m[i].type,
					    NULL, plan->m[i].key_size,
					    plan->m[i].value_size,
					    plan->m[i].max_entries, NULL);
			if (fd < 0)
				return inner_failed("create", slot,
						    plan->m[i].outer);
			err = bpf_map_update_elem(bpf_map__fd(outer), &slot,
						  &fd, BPF_ANY);
			close(fd); /* the outer map holds it now */
			if (err)
				return inner_failed("insert", slot,
						    plan->m[i].outer);
		}
	}
	return 0;
}
