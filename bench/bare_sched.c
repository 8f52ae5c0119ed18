// SPDX-License-Identifier: GPL-2.0
/*
 * bare_sched - runs a sched_ext scheduler object built without scxkit
 * (bench/bare_fifo.bpf.c) until SIGINT or SIGTERM: make bench's overhead
 * baseline needs a loader that is not the framework's.
 *
 *   bare_sched OBJECT
 *
 * Exit status: 0 after a requested detach; 1 if the object cannot be
 * loaded or attached, or the kernel ejected the scheduler (its state file
 * left "enabled").
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define STATE_PATH "/sys/kernel/sched_ext/state"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int enabled(void)
{
	char state[32] = "";
	FILE *f = fopen(STATE_PATH, "re");

	if (!f)
		return 0;
	if (!fgets(state, sizeof(state), f))
		state[0] = '\0';
	fclose(f);
	return !strncmp(state, "enabled", 7);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_link *link = NULL;
	struct bpf_map *map;
	int ret = 1;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr,
			"usage: bare_sched OBJECT (a sched_ext .bpf.o)\n");
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "bare_sched: cannot open %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "bare_sched: cannot load %s: %s\n", argv[1],
			strerror(errno));
		goto out;
	}
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
			break;
	if (map)
		link = bpf_map__attach_struct_ops(map);
	if (!link) {
		fprintf(stderr, "bare_sched: cannot attach %s: %s\n", argv[1],
			map ? strerror(errno) : "no struct_ops map");
		goto out;
	}
	fprintf(stderr, "bare_sched: %s attached\n", bpf_map__name(map));
	while (!stop && enabled())
		usleep(100 * 1000);
	if (!stop)
		fprintf(stderr, "bare_sched: the kernel ejected %s\n",
			bpf_map__name(map));
	else
		ret = 0;
	bpf_link__destroy(link);
out:
	bpf_object__close(obj);
	return ret;
}
