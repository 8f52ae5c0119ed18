// SPDX-License-Identifier: GPL-2.0
/*
 * scxkit new NAME [DIR] - start a policy outside the scxkit tree: write
 * DIR/NAME.bpf.c (a small working policy) and DIR/Makefile (builds it
 * with pkg-config and a vmlinux.h from the target kernel's BTF).  The
 * templates are launcher/new_template/; @NAME@ in them becomes NAME.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scxkit/common.h>

#include "commands.h"
#include "ident.h"

extern const char scxkit_new_policy_start[], scxkit_new_policy_end[];
extern const char scxkit_new_makefile_start[], scxkit_new_makefile_end[];

static void usage(FILE *out)
{
	fprintf(out,
		"usage: scxkit new NAME [DIR]\n"
		"\n"
		"Write a new policy, NAME.bpf.c, and a Makefile that builds it against\n"
		"the installed scxkit (pkg-config scxkit-policy) into DIR (default:\n"
		"./NAME, made if missing).  Existing files are never overwritten.\n"
		"NAME is a C identifier of at most %d characters, not starting with\n"
		"'scxkit': it names the policy's functions and the policy itself.\n"
		"\n"
		"examples:\n"
		"  scxkit new mysched && cd mysched && make\n"
		"  sudo scxkit run ./mysched.bpf.o --help\n"
		"  make VMLINUX_H=/path/to/vmlinux.h    build for another kernel\n",
		SCXKIT_NAME_LEN - 1);
}

static bool valid_name(const char *name)
{
	/* scxkit_*: the framework's own names, which NAME_enqueue etc. hit. */
	return ident__valid(name) && strlen(name) < SCXKIT_NAME_LEN &&
	       strncmp(name, "scxkit", 6);
}

/* @tmpl with every "@NAME@" replaced by @name, written to new file @path. */
static int write_template(const char *path, const char *tmpl, const char *end,
			  const char *name)
{
	static const char mark[] = "@NAME@";
	const size_t mlen = sizeof(mark) - 1;
	const char *s = tmpl;
	int fd, bad;
	FILE *f;

	/* O_EXCL: a file already there (the user's work) is left alone. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "scxkit: %s: %s%s\n", path, strerror(errno),
			errno == EEXIST ? " (nothing was overwritten)" : "");
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		fprintf(stderr, "scxkit: %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	while (s < end) {
		const char *m = memmem(s, (size_t)(end - s), mark, mlen);
		size_t n = m ? (size_t)(m - s) : (size_t)(end - s);

		fwrite(s, 1, n, f);
		if (!m)
			break;
		fputs(name, f);
		s = m + mlen;
	}
	/* A half-written file would block the next try: none is left. */
	bad = ferror(f);
	if (fclose(f) || bad) {
		fprintf(stderr, "scxkit: %s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int cmd_new(int argc, char **argv)
{
	char src[4096], mk[4096];
	const char *name, *dir;

	if (argc >= 1 &&
	    (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc < 1 || argc > 2 || argv[0][0] == '-' ||
	    (argc == 2 && argv[1][0] == '-')) {
		usage(stderr);
		return EXIT_USAGE;
	}
	name = argv[0];
	dir = argc == 2 ? argv[1] : name;
	if (!valid_name(name)) {
		fprintf(stderr,
			"scxkit: policy name '%.64s': use letters, digits and '_' (not first), at most %d characters, not starting with 'scxkit'\n",
			name, SCXKIT_NAME_LEN - 1);
		return EXIT_USAGE;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "scxkit: %s: %s\n", dir, strerror(errno));
		return EXIT_FAIL;
	}
	if ((size_t)snprintf(src, sizeof(src), "%s/%s.bpf.c", dir, name) >=
		    sizeof(src) ||
	    (size_t)snprintf(mk, sizeof(mk), "%s/Makefile", dir) >=
		    sizeof(mk)) {
		fprintf(stderr, "scxkit: %.64s...: path too long\n", dir);
		return EXIT_USAGE;
	}
	/* Both or neither: refuse before writing if either exists. */
	if (!access(src, F_OK) || !access(mk, F_OK)) {
		fprintf(stderr,
			"scxkit: %s already exists in %s (nothing was overwritten)\n",
			!access(src, F_OK) ? src : mk, dir);
		return EXIT_FAIL;
	}
	if (write_template(src, scxkit_new_policy_start, scxkit_new_policy_end,
			   name))
		return EXIT_FAIL;
	if (write_template(mk, scxkit_new_makefile_start,
			   scxkit_new_makefile_end, name)) {
		unlink(src);
		return EXIT_FAIL;
	}
	printf("wrote %s and %s\n"
	       "next:\n"
	       "  cd %s && make            (needs scxkit installed; see the Makefile)\n"
	       "  sudo scxkit run ./%s.bpf.o --help\n",
	       src, mk, dir, name);
	return EXIT_OK;
}
