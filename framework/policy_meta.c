// SPDX-License-Identifier: GPL-2.0
/*
 * Reads a policy's metadata sections (.scxkit.policy, .scxkit.opts,
 * .scxkit.counters) straight from its ELF object with libelf.  The BPF
 * loader ignores these sections; they exist for the launcher only.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>

#include "policy_meta.h"

static void copy_str(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
	dst[len - 1] = '\0';
}

static int read_section(Elf *elf, size_t shstrndx, const char *want,
			Elf_Data **out)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	*out = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return -1;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, want)) {
			/*
			 * Objects from files are untrusted: a NOBITS section
			 * has a size but no bytes to copy.
			 */
			*out = elf_getdata(scn, NULL);
			if (sh.sh_type == SHT_NOBITS ||
			    (*out && (*out)->d_size && !(*out)->d_buf))
				return -1;
			return 0;
		}
	}
	return 0;
}

int policy_meta__parse(struct scxkit_policy *p, const void *obj, size_t size,
		       char *err, size_t errlen)
{
	Elf_Data *d_policy, *d_opts, *d_counters;
	size_t shstrndx, i, n;
	int ret = -1;
	Elf *elf;

	memset(p, 0, sizeof(*p));
	p->obj = obj;
	p->obj_size = size;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "libelf: %s", elf_errmsg(-1));
		return -1;
	}
	elf = elf_memory((char *)obj, size);
	if (!elf || elf_kind(elf) != ELF_K_ELF ||
	    elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, errlen, "not an ELF object");
		goto out;
	}
	if (read_section(elf, shstrndx, SCXKIT_SEC_POLICY, &d_policy) ||
	    read_section(elf, shstrndx, SCXKIT_SEC_OPTS, &d_opts) ||
	    read_section(elf, shstrndx, SCXKIT_SEC_COUNTERS, &d_counters)) {
		snprintf(err, errlen, "bad section headers: %s",
			 elf_errmsg(-1));
		goto out;
	}
	if (!d_policy || d_policy->d_size < sizeof(p->desc.abi)) {
		snprintf(err, errlen,
			 "no " SCXKIT_SEC_POLICY
			 " section (missing SCXKIT_POLICY()?)");
		goto out;
	}
	/*
	 * The ABI number comes first in every version of the descriptor, so
	 * it is read before the size is trusted: an object of another ABI
	 * gets that reason, not "truncated".
	 */
	memcpy(&p->desc.abi, d_policy->d_buf, sizeof(p->desc.abi));
	if (p->desc.abi != SCXKIT_ABI) {
		snprintf(
			err, errlen,
			"built for scxkit ABI %u, but this scxkit loads ABI %u: rebuild it against this scxkit's headers",
			p->desc.abi, SCXKIT_ABI);
		p->abi_mismatch = true;
		goto out;
	}
	if (d_policy->d_size != sizeof(p->desc)) {
		snprintf(err, errlen,
			 "truncated " SCXKIT_SEC_POLICY " section");
		goto out;
	}
	memcpy(&p->desc, d_policy->d_buf, sizeof(p->desc));
	copy_str(p->desc.name, p->desc.name, sizeof(p->desc.name));
	copy_str(p->desc.summary, p->desc.summary, sizeof(p->desc.summary));

	if (d_opts) {
		if (d_opts->d_size % sizeof(p->opts[0])) {
			snprintf(err, errlen, "truncated option table");
			goto out;
		}
		n = d_opts->d_size / sizeof(p->opts[0]);
		if (n > SCXKIT_MAX_OPTS) {
			snprintf(err, errlen, "%zu options, at most %d", n,
				 SCXKIT_MAX_OPTS);
			goto out;
		}
		memcpy(p->opts, d_opts->d_buf, d_opts->d_size);
		p->nr_opts = (int)n;
		for (i = 0; i < n; i++) {
			struct scxkit_opt_desc *o = &p->opts[i];

			copy_str(o->name, o->name, sizeof(o->name));
			copy_str(o->help, o->help, sizeof(o->help));
			if (o->min > o->max || o->def < o->min ||
			    o->def > o->max) {
				snprintf(
					err, errlen,
					"option %s: default outside [min, max]",
					o->name);
				goto out;
			}
		}
	}

	if (d_counters) {
		if (d_counters->d_size % sizeof(p->counters[0])) {
			snprintf(err, errlen, "truncated counter table");
			goto out;
		}
		n = d_counters->d_size / sizeof(p->counters[0]);
		if (n > SCXKIT_MAX_COUNTERS - SCXKIT_FIRST_POLICY_COUNTER) {
			snprintf(err, errlen, "too many counters (%zu)", n);
			goto out;
		}
		memcpy(p->counters, d_counters->d_buf, d_counters->d_size);
		p->nr_counters = (int)n;
		for (i = 0; i < n; i++) {
			struct scxkit_counter_desc *c = &p->counters[i];

			copy_str(c->name, c->name, sizeof(c->name));
			copy_str(c->help, c->help, sizeof(c->help));
			if (c->slot < SCXKIT_FIRST_POLICY_COUNTER ||
			    c->slot >= SCXKIT_MAX_COUNTERS) {
				snprintf(err, errlen, "counter %s: bad slot %u",
					 c->name, c->slot);
				goto out;
			}
		}
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	return ret;
}

int policy_meta__find_opt(const struct scxkit_policy *p, const char *name)
{
	int i;

	for (i = 0; i < p->nr_opts; i++)
		if (!strcmp(p->opts[i].name, name))
			return i;
	return -1;
}
