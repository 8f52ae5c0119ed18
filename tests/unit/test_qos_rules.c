// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the QoS rules parser: what each matcher becomes in the
 * rule BPF reads, and that every bad file is refused whole, with the line
 * number of the first bad line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qos_rules.h"
#include "unit.h"

static struct qos_rules rules;
static char err[256];

static int parse(const char *text)
{
	err[0] = '\0';
	return qos_rules__parse(text, &rules, err, sizeof(err));
}

TEST(each_matcher)
{
	CHECK(parse("# web first\n"
		    "level 3 comm=redis-server   # exact\n"
		    "\n"
		    "level 2 comm=postgres* uid=1000\n"
		    "level 1 nice>=10\n"
		    "level 0 gid=0 nice<5 nice>-3\n"
		    "level 4 all\n") == 0);
	CHECK(rules.nr == 5);
	CHECK(rules.rule[0].level == 3);
	CHECK(rules.rule[0].match == SCXKIT_QR_COMM);
	CHECK(!strcmp(rules.rule[0].comm, "redis-server"));
	CHECK(rules.rule[0].comm_len == 13); /* the NUL too: exact */
	CHECK_STR(rules.text[0], "level 3 comm=redis-server");
	CHECK(rules.rule[1].match ==
	      (SCXKIT_QR_COMM | SCXKIT_QR_COMM_PREFIX | SCXKIT_QR_UID));
	CHECK(rules.rule[1].comm_len == 8 && rules.rule[1].uid == 1000);
	CHECK(rules.rule[2].match == SCXKIT_QR_NICE);
	CHECK(rules.rule[2].nice_min == 10 && rules.rule[2].nice_max == 19);
	CHECK(rules.rule[3].match == (SCXKIT_QR_GID | SCXKIT_QR_NICE));
	CHECK(rules.rule[3].nice_min == -2 && rules.rule[3].nice_max == 4);
	CHECK(rules.rule[4].match == SCXKIT_QR_ALL);
}

TEST(names_of_users_and_groups)
{
	CHECK(parse("level 1 uid=root gid=root") == 0);
	CHECK(rules.rule[0].uid == 0 && rules.rule[0].gid == 0);
	CHECK(parse("level 1 uid=no-such-user-here") == -1);
	CHECK_STR(err, "line 1: uid=no-such-user-here: no such user");
}

TEST(an_empty_file_has_no_rules)
{
	CHECK(parse("") == 0 && rules.nr == 0);
	CHECK(parse("# nothing\n   \n\t\n") == 0 && rules.nr == 0);
}

/* Each error names its line, and nothing of the file is kept. */
TEST(malformed_lines)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "level 1 comm=a\nlvl 2 comm=b\n",
		  "line 2: a rule starts with 'level N', not 'lvl'" },
		{ "level\n", "line 1: 'level' needs a number" },
		{ "level 16 all", "line 1: level '16' is not 0 to 15" },
		{ "level -1 all", "line 1: level '-1' is not 0 to 15" },
		{ "level x all", "line 1: level 'x' is not 0 to 15" },
		{ "\n\nlevel 2\n",
		  "line 3: a rule needs a matcher (comm=, uid=, gid=, nice=, cgroup=, or all)" },
		{ "level 1 comm=",
		  "line 1: comm= needs a name (or a prefix and '*')" },
		{ "level 1 comm=*",
		  "line 1: comm= needs a name (or a prefix and '*')" },
		{ "level 1 comm=a*b", "line 1: comm=a*b: '*' only at the end" },
		{ "level 1 comm=a-very-long-name-x",
		  "line 1: comm=a-very-long-name-x: the kernel keeps 15 characters of a name; use a prefix: comm=a-very-long-nam*" },
		{ "level 1 comm=a comm=b",
		  "line 1: comm given twice in one rule" },
		{ "level 1 uid", "line 1: uid: write uid=VALUE" },
		{ "level 1 uid=", "line 1: uid= needs a number or a name" },
		{ "level 1 nice=20",
		  "line 1: nice: '20' is not a nice value (-20 to 19)" },
		{ "level 1 nice~3",
		  "line 1: nice~3: use nice=N, nice>=N, nice<=N, nice>N or nice<N" },
		{ "level 1 nice>5 nice<3",
		  "line 1: nice: no nice value is in that range" },
		{ "level 1 all=3", "line 1: 'all' takes no value" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(parse(bad[i].text) == -1);
		CHECK_STR(err, bad[i].want);
		CHECK(rules.nr == 0);
	}
}

TEST(unknown_matcher)
{
	CHECK(parse("level 1 comm=a\n# x\nlevel 2 pid=3\n") == -1);
	CHECK_STR(
		err,
		"line 3: unknown matcher 'pid=3' (comm=, uid=, gid=, nice=, nice>=, nice<=, cgroup=, all)");
}

TEST(too_many_rules)
{
	static char text[SCXKIT_QOS_MAX_RULES * 24 + 64];
	size_t len = 0;
	int i;

	for (i = 0; i < SCXKIT_QOS_MAX_RULES; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"level 1 uid=%d\n", i);
	CHECK(parse(text) == 0 && rules.nr == SCXKIT_QOS_MAX_RULES);
	snprintf(text + len, sizeof(text) - len, "level 2 all\n");
	CHECK(parse(text) == -1);
	CHECK_STR(err, "line 65: more than 64 rules");
	CHECK(rules.nr == 0);
}

TEST(long_lines)
{
	static char text[2048];

	memset(text, 'x', 1500);
	CHECK(parse(text) == -1);
	CHECK_STR(err, "line 1: longer than 1024 bytes");
	snprintf(text, sizeof(text), "level 1 all%*s all", 200, "");
	CHECK(parse(text) == 0); /* blanks do not count */
	snprintf(text, sizeof(text), "level 1 all uid=%0150d", 0);
	CHECK(parse(text) == -1);
	CHECK_STR(err, "line 1: the rule is longer than 159 characters");
}

TEST(cgroup_paths)
{
	struct statfs fs;
	struct stat st;

	CHECK(parse("level 1 cgroup=/no/such/cgroup/dir") == -1);
	CHECK_STR(
		err,
		"line 1: cgroup=/no/such/cgroup/dir: No such file or directory");
	CHECK(parse("level 1 cgroup=relative/path") == -1);
	CHECK_STR(err, "line 1: cgroup=relative/path: give an absolute path");
	CHECK(parse("level 1 cgroup=/proc") == -1);
	CHECK_STR(err, "line 1: cgroup=/proc: not on a cgroup2 file system");
	CHECK(parse("level 1 cgroup=/proc/self/stat") == -1);
	CHECK_STR(err, "line 1: cgroup=/proc/self/stat: not a directory");

	/* A real one, where this machine has cgroup2 mounted there. */
	if (statfs("/sys/fs/cgroup/unified", &fs) == 0 &&
	    fs.f_type == 0x63677270 &&
	    stat("/sys/fs/cgroup/unified", &st) == 0) {
		CHECK(parse("level 2 cgroup=/sys/fs/cgroup/unified/") == 0);
		CHECK(rules.rule[0].match == SCXKIT_QR_CGROUP);
		CHECK(rules.rule[0].cgroup_id == st.st_ino);
		CHECK(rules.rule[0].cgroup_level == 0);
	}
}

TEST(files_and_descriptors)
{
	char path[] = "/tmp/scxkit-rules-XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK(write(fd, "level 1 comm=sh\n", 16) == 16);
	CHECK(qos_rules__parse_file(path, &rules, err, sizeof(err)) == 0);
	CHECK(rules.nr == 1);
	CHECK(write(fd, "bogus\n", 6) == 6);
	CHECK(qos_rules__parse_file(path, &rules, err, sizeof(err)) == -1);
	CHECK(strstr(err, ": line 2: a rule starts with") != NULL);
	CHECK(write(fd, "\0", 1) == 1);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(qos_rules__parse_fd(fd, &rules, err, sizeof(err)) == -1);
	CHECK_STR(err, "not a text file");
	close(fd);
	unlink(path);
	CHECK(qos_rules__parse_file("/no/such/rules", &rules, err,
				    sizeof(err)) == -1);
	CHECK_STR(err, "/no/such/rules: No such file or directory");
}

UNIT_MAIN
