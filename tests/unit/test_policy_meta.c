// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of policy metadata: the real, embedded fifo object parses to
 * what fifo.bpf.c declares, and malformed objects and objects of another
 * framework ABI are refused cleanly.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy_file.h"
#include "policy_table.h"
#include "unit.h"

TEST(fifo_is_built_in_with_its_option)
{
	const struct scxkit_policy *p = policy_table__find("fifo");
	int k;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->desc.name, "fifo");
	CHECK(strlen(p->desc.summary) > 10);
	k = policy_meta__find_opt(p, "slice_us");
	CHECK(k >= 0);
	if (k >= 0) {
		CHECK(p->opts[k].def == 20000);
		CHECK(p->opts[k].min <= p->opts[k].def);
		CHECK(p->opts[k].def <= p->opts[k].max);
	}
	CHECK(policy_meta__find_opt(p, "nonexistent") == -1);
}

TEST(unknown_policy_is_null_and_names_are_listed)
{
	char names[256];

	CHECK(policy_table__find("nosuch") == NULL);
	CHECK(policy_table__get(-1) == NULL);
	CHECK(policy_table__get(policy_table__count()) == NULL);
	policy_table__names(names, sizeof(names));
	CHECK(strstr(names, "fifo") != NULL);
}

TEST(garbage_objects_are_refused)
{
	const struct scxkit_policy *fifo = policy_table__find("fifo");
	struct scxkit_policy p;
	char junk[512], err[256];
	unsigned char *copy;
	size_t i;

	memset(junk, 0x5a, sizeof(junk));
	CHECK(policy_meta__parse(&p, junk, sizeof(junk), err, sizeof(err)));
	CHECK(strstr(err, "not an ELF") != NULL);
	CHECK(policy_meta__parse(&p, junk, 0, err, sizeof(err)));

	/* Every truncation of a real object fails or parses; never crashes. */
	if (!fifo)
		return;
	copy = malloc(fifo->obj_size);
	if (!copy)
		return;
	for (i = 0; i < fifo->obj_size; i += fifo->obj_size / 97 + 1) {
		memcpy(copy, fifo->obj, i);
		policy_meta__parse(&p, copy, i, err, sizeof(err));
	}
	free(copy);
}

/* A writable copy of @p's object (free it), or NULL. */
static unsigned char *copy_of(const struct scxkit_policy *p)
{
	unsigned char *copy = p ? malloc(p->obj_size) : NULL;

	if (copy)
		memcpy(copy, p->obj, p->obj_size);
	return copy;
}

/* Where fifo's descriptor starts in its object, or -1. */
static long descriptor_offset(const unsigned char *obj, size_t size)
{
	const struct scxkit_policy_desc *d;
	size_t off;

	/* Its name and summary are unique in the object: find them. */
	for (off = 0; off + sizeof(*d) <= size; off += 4) {
		d = (const void *)(obj + off);
		if (d->abi == SCXKIT_ABI && !strcmp(d->name, "fifo") &&
		    !strncmp(d->summary, "one global FIFO", 15))
			return (long)off;
	}
	return -1;
}

TEST(another_abi_is_refused_with_both_numbers)
{
	const struct scxkit_policy *fifo = policy_table__find("fifo");
	struct scxkit_policy p;
	unsigned char *copy;
	char err[256], want[96];
	__u32 other = SCXKIT_ABI + 1;
	long off;

	copy = copy_of(fifo);
	CHECK(copy != NULL);
	if (!copy)
		return;
	off = descriptor_offset(copy, fifo->obj_size);
	CHECK(off >= 0);
	if (off >= 0) {
		memcpy(copy + off, &other, sizeof(other));
		CHECK(policy_meta__parse(&p, copy, fifo->obj_size, err,
					 sizeof(err)) == -1);
		CHECK(p.abi_mismatch);
		snprintf(
			want, sizeof(want),
			"built for scxkit ABI %u, but this scxkit loads ABI %u",
			other, SCXKIT_ABI);
		CHECK(strstr(err, want) != NULL);
	}
	/* The same object with its own ABI parses, and is no mismatch. */
	memcpy(copy, fifo->obj, fifo->obj_size);
	CHECK(policy_meta__parse(&p, copy, fifo->obj_size, err, sizeof(err)) ==
	      0);
	CHECK(!p.abi_mismatch);
	free(copy);
}

/* In a raw ELF image, make the section named @want a NOBITS one. */
static int make_nobits(unsigned char *obj, size_t size, const char *want)
{
	const Elf64_Ehdr *eh = (const void *)obj;
	const Elf64_Shdr *strtab;
	int i;

	if (size < sizeof(*eh) ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > size ||
	    eh->e_shstrndx >= eh->e_shnum)
		return -1;
	strtab = (const void *)(obj + eh->e_shoff +
				eh->e_shstrndx * sizeof(Elf64_Shdr));
	for (i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr *sh = (void *)(obj + eh->e_shoff +
					  (size_t)i * sizeof(Elf64_Shdr));

		if (strtab->sh_offset + sh->sh_name < size &&
		    !strcmp((const char *)obj + strtab->sh_offset + sh->sh_name,
			    want)) {
			sh->sh_type = SHT_NOBITS;
			return 0;
		}
	}
	return -1;
}

TEST(a_nobits_metadata_section_is_refused_not_read)
{
	const struct scxkit_policy *fifo = policy_table__find("fifo");
	struct scxkit_policy p;
	unsigned char *copy;
	char err[256];

	copy = copy_of(fifo);
	CHECK(copy != NULL);
	if (!copy)
		return;
	CHECK(make_nobits(copy, fifo->obj_size, SCXKIT_SEC_POLICY) == 0);
	/* Before the check this read through a NULL buffer (SIGSEGV). */
	CHECK(policy_meta__parse(&p, copy, fifo->obj_size, err, sizeof(err)) ==
	      -1);
	CHECK(strstr(err, "bad section") != NULL);
	free(copy);
}

TEST(policy_files_are_told_from_names_and_bad_files_refused)
{
	char err[256], empty[] = "/tmp/scxkit-empty.XXXXXX";
	struct scxkit_policy p;
	int fd;

	CHECK(!policy_file__is_path("fifo"));
	CHECK(!policy_file__is_path("o"));
	CHECK(policy_file__is_path("./fifo"));
	CHECK(policy_file__is_path("mine.bpf.o"));
	CHECK(policy_file__is_path("/abs/x"));
	CHECK(policy_file__load(&p, "/nonexistent/x.bpf.o", err, sizeof(err)) ==
	      -1);
	CHECK(strstr(err, "No such file") != NULL);
	CHECK(policy_file__load(&p, "/", err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a regular file") != NULL);
	CHECK(policy_file__load(&p, "/dev/null", err, sizeof(err)) == -1);
	CHECK(!p.abi_mismatch && !p.path);
	fd = mkstemp(empty);
	CHECK(fd >= 0);
	if (fd >= 0) {
		close(fd);
		CHECK(policy_file__load(&p, empty, err, sizeof(err)) == -1);
		CHECK(strstr(err, "empty or too large") != NULL);
		unlink(empty);
	}
}

UNIT_MAIN
